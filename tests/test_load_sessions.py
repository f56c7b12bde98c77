"""Load proof (issue "Data safety", item 7): many sessions saving on the same records at once.

In the running app every Streamlit session is a thread, and all of them share ONE `Database` per process
(`reviews.app_database.app_database`). This test builds exactly that: one `Database` on a file (a copy of the
demo database), SESSIONS threads, each a different user, each making SAVES saves on a few SHARED records:

- a timeline event on a shared case (never conflicts: an insert);
- the summary of a shared case, saved over the version the user opened (optimistic locking); when someone
  saved first, the service raises `StaleVersion` and the user sees the friendly message, reloads the newest
  version and saves their edit again (the "load newest" path of pages/case.py);
- for ombudsman users, the account of a shared inquiry, the same way.

Every save adds a unique token. Afterwards, from a freshly opened connection: every acknowledged token is
stored, nothing else is, every summary holds its tokens in version order (a lost update would drop one),
and the audit log holds exactly one row per save. Any exception that is not a `WorkbenchError` would be a
traceback shown to a user; there must be none.

A second test runs the real case page (AppTest) for a few users on the shared Database while writer
threads save the same case, and checks the conflict is shown as the catalogue's message, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import statistics
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field

import pytest
from streamlit.testing.v1 import AppTest

from reviews import i18n
from reviews.app_database import app_database
from reviews.app_database import forget as forget_database
from reviews.errors import StaleVersion, WorkbenchError
from reviews.models import Consent, Discipline, EventType, Nomination, Role
from reviews.services import auth
from reviews.services import reviews as review_service
from reviews.services import cases as case_service
from reviews.services import inquiries as inquiry_service
from reviews.storage.database import Database
from tests.conftest import ROOT, demo_user
from tests.safety_report import report, scale

pytestmark = pytest.mark.safety

SESSIONS = scale(6, 20)
SAVES = scale(10, 50)
PAGE_SESSIONS = scale(3, 4)  # case pages (AppTest) saving while writer threads save the same case
PAGE_WRITERS = 2
SHARED_CASES = 3
MAX_RETRIES = 500  # a user who keeps meeting newer versions keeps reloading; more would be a livelock
PASSWORD = "load-test-kode-1"
# Roles that may edit cases; ombudsmen also edit the shared inquiry. Each user edits the shared cases as a
# member of a review that holds them (access by need).
ROLES = (Role.CHAIR, Role.OMBUDSMAN)
TOKEN = re.compile(r"\[L\d{2}\.\d{3}\]")
EVENT_PREFIX = "Belastningsnotat "


def token(session: int, n: int) -> str:
    return f"[L{session:02d}.{n:03d}]"


def quantiles(values: list[float]) -> tuple[float, float]:
    """p50 and p95 of `values` (milliseconds), rounded."""
    if len(values) < 2:
        return (round(values[0], 1),) * 2 if values else (0.0, 0.0)
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return round(cuts[49], 1), round(cuts[94], 1)


@dataclass
class SessionLog:
    """What one session (user) saw."""

    index: int
    user: object
    events: list[str] = field(default_factory=list)  # acknowledged event tokens
    versioned: list[tuple[str, int, int, str]] = field(default_factory=list)  # (kind, record id, version, token)
    conflicts: int = 0
    messages: Counter = field(default_factory=Counter)  # (key, da text, en text) of every conflict shown
    refused: list[str] = field(default_factory=list)  # other WorkbenchErrors: a message, but a failed save
    tracebacks: list[str] = field(default_factory=list)  # anything else: what a user would see as a crash
    call_ms: list[float] = field(default_factory=list)  # every save call (acknowledged or refused as stale)
    save_ms: list[float] = field(default_factory=list)  # click to acknowledged, reloads after conflicts included
    gave_up: int = 0
    most_retries: int = 0  # conflicts met by one save before it went through


def _case_form(case, summary: str) -> case_service.CaseForm:
    return case_service.CaseForm(case.pseudonym, case.area, case.opened, case.closed, case.status, summary)


def _inquiry_form(inquiry, account: str) -> inquiry_service.InquiryForm:
    return inquiry_service.InquiryForm(
        received_at=inquiry.received_at, channel=inquiry.channel, area=inquiry.area,
        inquiry_type=inquiry.inquiry_type, citizen=inquiry.citizen, account=account, cause_ids=inquiry.cause_ids,
        case_pseudonym=inquiry.case_pseudonym, status=inquiry.status, outcome=inquiry.outcome,
        closed_on=inquiry.closed_on, first_contact_at=inquiry.first_contact_at,
        first_contact_note=inquiry.first_contact_note)


def _shown(log: SessionLog, exc: WorkbenchError) -> None:
    """What the page shows for this error: the catalogue text in the user's language."""
    log.messages[(exc.key, i18n.t(exc.key, "da", **exc.params), i18n.t(exc.key, "en", **exc.params))] += 1


def _versioned_save(log: SessionLog, open_record, save, kind: str, record_id: int, tok: str) -> None:
    """Open the record, append the token to its text, save; on a stale save show the message, reload, retry."""
    started = time.perf_counter()
    current = open_record()
    for attempt in range(MAX_RETRIES):
        t0 = time.perf_counter()
        try:
            saved = save(current, tok)
        except StaleVersion as exc:
            log.call_ms.append((time.perf_counter() - t0) * 1000)
            log.conflicts += 1
            _shown(log, exc)
            assert exc.current.version > current.version  # the newer version the page shows
            current = open_record()  # "load the newest version", then type the edit again
            continue
        log.call_ms.append((time.perf_counter() - t0) * 1000)
        log.save_ms.append((time.perf_counter() - started) * 1000)
        log.versioned.append((kind, record_id, saved.record.version, tok))
        log.most_retries = max(log.most_retries, attempt)
        return
    log.gave_up += 1


def run_session(db: Database, log: SessionLog, case_ids: list[int], inquiry_id: int, start: threading.Barrier,
                saves: int) -> None:
    user = log.user
    kinds = ["event", "summary"] + (["inquiry"] if user.role == Role.OMBUDSMAN else [])
    try:
        start.wait()
        for n in range(saves):
            tok = token(log.index, n)
            kind = kinds[n % len(kinds)]
            case_id = case_ids[(log.index + n) % len(case_ids)]
            try:
                if kind == "event":
                    t0 = time.perf_counter()
                    case_service.add_event(db, user, case_id, event_date=dt.date(2024, 5, 17),
                                           event_type=EventType.OTHER, text=EVENT_PREFIX + tok)
                    ms = (time.perf_counter() - t0) * 1000
                    log.call_ms.append(ms)
                    log.save_ms.append(ms)
                    log.events.append(tok)
                elif kind == "summary":
                    _versioned_save(
                        log, lambda cid=case_id: case_service.get_case(db, user, cid, purpose="belastningstest").case,
                        lambda case, t: case_service.update_case(db, user, case.id, case.version,
                                                                 _case_form(case, case.summary + "\n" + t)),
                        "case", case_id, tok)
                else:
                    _versioned_save(
                        log, lambda: inquiry_service.get_inquiry(db, user, inquiry_id).inquiry,
                        lambda inquiry, t: inquiry_service.update_inquiry(
                            db, user, inquiry.id, inquiry.version, _inquiry_form(inquiry, inquiry.account + " " + t)),
                        "inquiry", inquiry_id, tok)
            except WorkbenchError as exc:  # a friendly message, but the save did not happen
                _shown(log, exc)
                log.refused.append(f"{kind} {tok}: {exc.key} {exc.params}")
    except Exception:  # noqa: BLE001 - exactly what this test counts: a traceback a user would see
        log.tracebacks.append(traceback.format_exc())
    finally:
        db.release_cursor()


def _make_users(db: Database, count: int) -> list:
    return [auth.create_user_unchecked(db, None, username=f"last{i:02d}", full_name=f"Belastning {i:02d}",
                                       role=ROLES[i % len(ROLES)], password=PASSWORD)
            for i in range(count)]


def _shared_records(db: Database, users: list) -> tuple[list[int], int]:
    case_ids = [r[0] for r in db.fetchall("SELECT id FROM cases ORDER BY id LIMIT ?", [SHARED_CASES])]
    inquiry_id = db.fetchone("SELECT min(id) FROM inquiries WHERE status <> 'lukket'")[0]
    assert len(case_ids) == SHARED_CASES and inquiry_id is not None
    _review_with(db, case_ids, users)
    return case_ids, inquiry_id


def _review_with(db: Database, case_ids: list[int], users: list) -> None:
    """A review, chaired by the demo chair, holding the cases with consent and the users as members."""
    chair = demo_user(db, Role.CHAIR)
    review = review_service.create_review(db, chair, review_service.ReviewForm(f"Belastning {len(users)}"))
    for case_id in case_ids:
        review_service.select_case(db, chair, review.id, case_id, review_service.SelectionForm(
            Nomination.FAMILIES, consent=Consent.GIVEN, consent_date=dt.date(2024, 1, 2)))
    for user in users:
        review_service.set_member(db, chair, review.id, user.id, Discipline.OTHER)


def _digest(tokens) -> str:
    return hashlib.sha256("\n".join(sorted(tokens)).encode()).hexdigest()[:16]


def test_concurrent_sessions_lose_no_save_and_show_no_traceback(demo_db_path):
    db = Database(str(demo_db_path))
    users = _make_users(db, SESSIONS)
    case_ids, inquiry_id = _shared_records(db, users)
    before_cases = {cid: db.fetchone("SELECT summary, version FROM cases WHERE id = ?", [cid]) for cid in case_ids}
    before_inquiry = db.fetchone("SELECT account, version FROM inquiries WHERE id = ?", [inquiry_id])
    audit_before = db.fetchone("SELECT max(id) FROM audit_log")[0]

    logs = [SessionLog(i, user) for i, user in enumerate(users)]
    start = threading.Barrier(SESSIONS)
    threads = [threading.Thread(target=run_session, args=(db, log, case_ids, inquiry_id, start, SAVES),
                                name=f"session-{log.index}") for log in logs]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    seconds = time.perf_counter() - began
    assert not any(thread.is_alive() for thread in threads), "a session hung"
    db.close()

    tracebacks = [tb for log in logs for tb in log.tracebacks]
    assert tracebacks == [], "tracebacks a user would have seen:\n" + "\n".join(tracebacks[:3])
    refused = [r for log in logs for r in log.refused]
    assert refused == [], f"saves refused with a message although nothing was wrong: {refused[:10]}"
    assert sum(log.gave_up for log in logs) == 0

    # Every conflict was shown as a real catalogue text, in Danish and in English, not as its key.
    messages = Counter()
    for log in logs:
        messages.update(log.messages)
    conflicts = sum(log.conflicts for log in logs)
    assert sum(messages.values()) == conflicts
    for (key, da, en) in messages:
        assert key == "error.stale_version"
        assert da != key and en != key and da != en
        assert key in i18n.messages() and da == i18n.messages()[key]["da"]
        assert "nyere version" in da and "newer version" in en

    acked_events = [(log.index, tok) for log in logs for tok in log.events]
    acked_versioned = [v for log in logs for v in log.versioned]
    acknowledged = len(acked_events) + len(acked_versioned)
    assert acknowledged == SESSIONS * SAVES  # every save eventually went through

    # The checksum, from a fresh connection to the file: what was acknowledged is exactly what is stored.
    check = Database(str(demo_db_path))
    try:
        stored_events = [r[0] for r in check.fetchall(
            "SELECT text FROM timeline_events WHERE text LIKE ? ORDER BY id", [EVENT_PREFIX + "%"])]
        stored_event_tokens = [text.removeprefix(EVENT_PREFIX) for text in stored_events]
        assert Counter(stored_event_tokens) == Counter(tok for _, tok in acked_events)  # none lost, none twice
        per_session = Counter(tok[2:4] for tok in stored_event_tokens)
        for log in logs:
            expected_events = len([n for n in range(SAVES) if n % (3 if log.user.role == Role.OMBUDSMAN else 2) == 0])
            assert per_session[f"{log.index:02d}"] == expected_events == len(log.events)

        stored_versioned_tokens = []
        for cid in case_ids:
            summary, version = check.fetchone("SELECT summary, version FROM cases WHERE id = ?", [cid])
            mine = sorted((v, tok) for kind, rid, v, tok in acked_versioned if kind == "case" and rid == cid)
            start_summary, start_version = before_cases[cid]
            # Each acknowledged save built on the one before: versions consecutive, tokens in version order.
            assert [v for v, _ in mine] == list(range(start_version + 1, version + 1))
            assert summary == start_summary + "".join("\n" + tok for _, tok in mine)
            stored_versioned_tokens += TOKEN.findall(summary)
        account, version = check.fetchone("SELECT account, version FROM inquiries WHERE id = ?", [inquiry_id])
        mine = sorted((v, tok) for kind, _, v, tok in acked_versioned if kind == "inquiry")
        assert [v for v, _ in mine] == list(range(before_inquiry[1] + 1, version + 1))
        assert account == before_inquiry[0] + "".join(" " + tok for _, tok in mine)
        stored_versioned_tokens += TOKEN.findall(account)
        acked_tokens = [tok for _, tok in acked_events] + [v[3] for v in acked_versioned]
        stored_tokens = stored_event_tokens + stored_versioned_tokens
        assert _digest(stored_tokens) == _digest(acked_tokens)
        lost = len(set(acked_tokens) - set(stored_tokens))

        # One audit row per save, by the user who saved, in the same transaction as the save.
        rows = check.fetchall(
            "SELECT username, action, record_type, record_id, details FROM audit_log"
            " WHERE id > ? AND action IN ('create', 'change')", [audit_before])
        usernames = {u.username for u in users}
        assert {r[0] for r in rows} <= usernames
        saves_audited = Counter((r[1], r[2]) for r in rows)
        assert saves_audited == Counter({
            ("create", "timeline_event"): len(acked_events),
            ("change", "case"): sum(1 for v in acked_versioned if v[0] == "case"),
            ("change", "inquiry"): sum(1 for v in acked_versioned if v[0] == "inquiry"),
        })
        audited_versions = sorted((r[2], int(r[3]), int(re.search(r'"version": (\d+)', r[4]).group(1)))
                                  for r in rows if r[1] == "change")
        assert audited_versions == sorted(
            (kind, rid, v) for kind, rid, v, _ in acked_versioned)
        # Reloads after conflicts are reads, logged as such.
        reads = check.fetchone("SELECT count(*) FROM audit_log WHERE id > ? AND action = 'read'", [audit_before])[0]
        assert reads == len(acked_versioned) + conflicts
    finally:
        check.close()

    call_p50, call_p95 = quantiles([ms for log in logs for ms in log.call_ms])
    save_p50, save_p95 = quantiles([ms for log in logs for ms in log.save_ms])
    report("load_sessions", sessions=SESSIONS, saves_each=SAVES, acknowledged=acknowledged, lost=lost,
           conflicts=conflicts, tracebacks=len(tracebacks), p50_ms=call_p50, p95_ms=call_p95,
           user_save_p50_ms=save_p50, user_save_p95_ms=save_p95,
           most_conflicts_one_save=max(log.most_retries for log in logs), checksum=_digest(acked_tokens),
           conflict_message_da=next(iter(messages))[1] if messages else None, seconds=round(seconds, 2))
    assert lost == 0


# --- the real case page under load -------------------------------------------------------------------------

APP = str(ROOT / "app.py")
STALE_DA = i18n.t("error.stale_version", "da")
SAVE_LABEL = i18n.t("common.save", "da")
LOAD_NEWEST = i18n.t("common.load_newest", "da")
KEEP_MINE = i18n.t("common.keep_mine", "da")


def _button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}: {[b.label for b in at.button]}"
    return found[-1]  # the case form's "Gem" is the last one on the page


def _writer(db: Database, log: SessionLog, case_id: int, stop: threading.Event) -> None:
    """Another user saving the case summary again and again, reloading after conflicts (service level).

    With a human's pause between saves: a writer saving every few milliseconds would starve a page user,
    whose load-newest-then-save round takes a second (optimistic locking has no queue).
    """
    user = log.user
    pause = random.Random(log.index)
    n = 0
    try:
        while not stop.is_set():
            _versioned_save(
                log, lambda: case_service.get_case(db, user, case_id, purpose="belastningstest").case,
                lambda case, t: case_service.update_case(db, user, case.id, case.version,
                                                         _case_form(case, case.summary + "\n" + t)),
                "case", case_id, token(log.index, n))
            n += 1
            stop.wait(pause.uniform(0.3, 1.2))
    except Exception:  # noqa: BLE001 - counted and asserted below
        log.tracebacks.append(traceback.format_exc())
    finally:
        db.release_cursor()


def test_case_page_shows_conflicts_as_messages_while_others_save(monkeypatch, demo_db_path):
    monkeypatch.setenv("REVIEWS_DB", str(demo_db_path))
    monkeypatch.setenv("REVIEWS_IDLE_MINUTES", "30")
    path = str(demo_db_path)
    shared = app_database(path)  # the process's one Database, exactly as the pages get it
    try:
        roles = [Role.CHAIR, Role.OMBUDSMAN]  # both work on Familie 17 in Task Force 4200
        page_users = [demo_user(shared, roles[i % len(roles)]) for i in range(PAGE_SESSIONS)]
        case_id = shared.fetchone("SELECT id FROM cases WHERE pseudonym = 'Familie 17'")[0]
        start_summary, start_version = shared.fetchone("SELECT summary, version FROM cases WHERE id = ?", [case_id])
        summary_key = f"case_{case_id}_summary"

        # Every page session opens the case.
        pages = []
        for user in page_users:
            at = AppTest.from_file(APP, default_timeout=60)
            at.session_state["user"] = user
            at.session_state["lang"] = "da"
            at.session_state["case_id"] = case_id
            at.run()
            at.switch_page("pages/case.py").run()
            assert not at.exception, at.exception
            assert at.title[0].value == "Familie 17"
            pages.append(at)

        # Meanwhile other users keep saving the same summary, through the same Database.
        writers = [SessionLog(90 + i, auth.create_user_unchecked(
            shared, None, username=f"skriver{i}", full_name=f"Skriver {i}", role=Role.CHAIR, password=PASSWORD))
            for i in range(PAGE_WRITERS)]
        _review_with(shared, [case_id], [log.user for log in writers])
        stop = threading.Event()
        threads = [threading.Thread(target=_writer, args=(shared, log, case_id, stop)) for log in writers]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while not any(log.versioned for log in writers) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert any(log.versioned for log in writers), "the writers saved nothing"

        # Each page user types an addition and saves; a newer version makes the page say so, keep the text,
        # and offer both ways on; the user loads the newest version, types the addition again and saves.
        page_tokens, warnings, page_rounds = [], 0, []
        try:
            for index, at in enumerate(pages):
                tok = token(80 + index, 0)
                for attempt in range(MAX_RETRIES):
                    mine = at.text_area(key=summary_key).value + "\n" + tok
                    at.text_area(key=summary_key).input(mine)
                    _button(at, SAVE_LABEL).click().run()
                    assert not at.exception, at.exception
                    assert not at.error, [e.value for e in at.error]
                    if not at.warning:
                        assert [s.value for s in at.success] == [i18n.t("common.saved", "da")]
                        page_tokens.append(tok)
                        page_rounds.append(attempt + 1)
                        break
                    warnings += 1
                    assert [w.value for w in at.warning] == [STALE_DA]  # the catalogue text, not a key
                    assert at.text_area(key=summary_key).value == mine  # nothing the user typed is lost
                    assert {b.label for b in at.button} >= {KEEP_MINE, LOAD_NEWEST}
                    _button(at, LOAD_NEWEST).click().run()
                    assert not at.exception, at.exception
                    assert not at.warning
                    assert tok not in at.text_area(key=summary_key).value
                else:
                    pytest.fail(f"page session {index} could not save in {MAX_RETRIES} attempts")
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)

        tracebacks = [tb for log in writers for tb in log.tracebacks]
        assert tracebacks == [], "\n".join(tracebacks[:3])
        # The first save of every page session met a newer version (the writers saved after it opened).
        assert warnings >= PAGE_SESSIONS
        assert page_tokens == [token(80 + i, 0) for i in range(PAGE_SESSIONS)]

        summary, version = shared.fetchone("SELECT summary, version FROM cases WHERE id = ?", [case_id])
        writer_saves = [v for log in writers for v in log.versioned]
        acknowledged = len(writer_saves) + len(page_tokens)
        assert version == start_version + acknowledged
        stored = TOKEN.findall(summary)
        assert summary.startswith(start_summary)
        assert sorted(stored) == sorted([v[3] for v in writer_saves] + page_tokens)  # nothing lost
        assert [tok for _, tok in sorted((v[2], v[3]) for v in writer_saves)] == [
            t for t in stored if t not in page_tokens]  # the writers' saves in version order
        page_logins = {u.username for u in page_users}
        audited = shared.fetchone(
            "SELECT count(*) FROM audit_log WHERE action = 'change' AND record_type = 'case' AND record_id = ?"
            " AND username IN (SELECT unnest(?))", [str(case_id), sorted(page_logins)])[0]
        assert audited == len(page_tokens)
        report("load_case_page", page_sessions=PAGE_SESSIONS, writers=PAGE_WRITERS, acknowledged=acknowledged,
               lost=0, stale_messages_shown=warnings, page_saves_rounds=page_rounds,
               writer_conflicts=sum(log.conflicts for log in writers), tracebacks=0)
    finally:
        shared.close()
        forget_database(path)
