"""Crash safety: SIGKILL the writing process in the middle of saves, reopen, and account for every save.

A save is acknowledged when the service call returned (the writer then prints ACK). After each kill the
file is reopened: every acknowledged save must be there with its exact content, and every business row
must have exactly its audit row and vice versa (written in one transaction: neither or both). The save
that was in flight at the kill may be present or absent, but only whole. The same file is used for every
run, so damage would accumulate; the checks cover every save of every earlier run each time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reviews.models import EventType, Role
from reviews.models.ombudsman import Channel, InquiryType
from reviews.services import cases, inquiries
from reviews.storage import audit as audit_storage
from reviews.storage.database import Database
from tests.crash_writer import AREA, citizen, content, ensure_users, pseudonym
from tests.safety_report import report, scale

pytestmark = pytest.mark.safety

WRITER = Path(__file__).with_name("crash_writer.py")
SEED = 20260
START_TIMEOUT = 120  # seconds for the writer to import and open the file on a busy machine
CHECKPOINT_THRESHOLD = "256KB"  # every other run: DuckDB checkpoints during the saves, so kills hit those too


# --- the writer process ------------------------------------------------------------------------------


class Writer:
    """tests/crash_writer.py as a subprocess, its stdout lines collected as they come."""

    def __init__(self, path: Path, run: int, *args: str) -> None:
        self.stderr_path = path.with_name(f"writer-{run}.stderr")
        env = {**os.environ, "REVIEWS_PASSWORD_PROFILE": "cheap"}
        with self.stderr_path.open("w") as stderr:
            self.proc = subprocess.Popen([sys.executable, str(WRITER), str(path), str(run), "--seed", str(SEED), *args],
                                         stdout=subprocess.PIPE, stderr=stderr, env=env, text=True, encoding="utf-8")
        self.lines: list[str] = []
        self._eof = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            # A line cut off by the kill has no newline: it was never fully reported, so it does not count.
            if line.endswith("\n"):
                with self._cond:
                    self.lines.append(line[:-1])
                    self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def wait_for(self, prefix: str, timeout: float) -> None:
        with self._cond:
            self._cond.wait_for(lambda: self._eof or any(line.startswith(prefix) for line in self.lines), timeout)
            seen = any(line.startswith(prefix) for line in self.lines)
        assert seen, f"writer printed no {prefix!r} line: {self.stderr_tail()}"

    def kill(self) -> None:
        assert self.proc.poll() is None, f"writer ended by itself before the kill: {self.stderr_tail()}"
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self._thread.join()
        self.proc.stdout.close()

    def stderr_tail(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")[-3000:]


@dataclass(frozen=True)
class Save:
    kind: str
    marker: str
    id: int | None = None  # the record id (for an update: the case id)
    extra: int | None = None  # event: its case id; update: the new version


def parse(lines: list[str]) -> tuple[list[Save], Save | None]:
    """The acknowledged saves, and the save in flight at the kill (BEGIN without ACK), if any."""
    acks: list[Save] = []
    begun: Save | None = None
    for line in lines:
        tag, *rest = line.split(" ")
        if tag == "BEGIN":
            kind, marker, *target = rest
            begun = Save(kind, marker, int(target[0]) if target else None)
        elif tag == "ACK":
            kind, record_id, marker, *extra = rest
            assert begun is not None and begun.marker == marker, f"ACK without BEGIN: {line}"
            acks.append(Save(kind, marker, int(record_id), int(extra[0]) if extra else None))
            begun = None
    return acks, begun


# --- what must be in the file ------------------------------------------------------------------------


@dataclass
class Ledger:
    """Every save known to have landed: acknowledged, or in flight and found whole after a reopen."""

    cases: dict[int, list[str]] = field(default_factory=dict)  # case id -> marker of version 1, 2, ...
    events: dict[int, tuple[int, str]] = field(default_factory=dict)  # event id -> (case id, marker)
    inquiries: dict[int, str] = field(default_factory=dict)  # inquiry id -> marker

    def add(self, save: Save) -> None:
        if save.kind == "case":
            self.cases[save.id] = [save.marker]
        elif save.kind == "event":
            self.events[save.id] = (save.extra, save.marker)
        elif save.kind == "update":
            self.cases[save.id].append(save.marker)
            assert save.extra in (None, len(self.cases[save.id])), f"writer saw version {save.extra} for {save}"
        else:
            self.inquiries[save.id] = save.marker


@dataclass
class Check:
    lost: list[str] = field(default_factory=list)  # acknowledged saves missing or changed
    unexpected: list[str] = field(default_factory=list)  # rows or versions nobody saved
    orphan_business: list[str] = field(default_factory=list)  # business rows or versions without audit row
    orphan_audit: list[str] = field(default_factory=list)  # audit rows without business row (or duplicated)
    torn: list[str] = field(default_factory=list)  # the in-flight save present but not whole
    landed: bool = False  # the in-flight save is present (whole)


def _state(db: Database) -> dict:
    audit = Counter()
    for action, record_type, record_id, details in db.fetchall(
            "SELECT action, record_type, record_id, details FROM audit_log"
            " WHERE record_type IN ('case', 'timeline_event', 'inquiry')"):
        key = (action, record_type, record_id)
        if action == "change" and record_type == "case":
            key += (json.loads(details).get("version"),)
        audit[key] += 1
    return dict(
        cases={r[0]: r[1:] for r in db.fetchall("SELECT id, pseudonym, summary, version FROM cases")},
        events={r[0]: r[1:] for r in db.fetchall("SELECT id, case_id, text FROM timeline_events")},
        inquiries={r[0]: r[1:] for r in db.fetchall("SELECT id, citizen, account FROM inquiries")},
        links=dict(db.fetchall("SELECT inquiry_id, count(*) FROM inquiry_cause_links GROUP BY ALL")),
        audit=audit,
    )


def _resolve_in_flight(state: dict, ledger: Ledger, save: Save, check: Check) -> None:
    """Find the in-flight save; when it landed whole, it joins the ledger and must stay from now on."""
    found: Save | None = None
    whole = True
    if save.kind == "case":
        ids = [i for i, (name, _, _) in state["cases"].items() if name == pseudonym(save.marker)]
        if ids:
            found = Save("case", save.marker, ids[0])
            whole = state["cases"][ids[0]][1:] == (content(save.marker), 1)
    elif save.kind == "event":
        ids = [i for i, (_, text) in state["events"].items() if text == content(save.marker)]
        if ids:
            found = Save("event", save.marker, ids[0], save.id)
            whole = state["events"][ids[0]][0] == save.id
    elif save.kind == "update":
        _, summary, version = state["cases"].get(save.id, (None, None, 0))
        if version == len(ledger.cases[save.id]) + 1:
            found = save
            whole = summary == content(save.marker)
    else:
        ids = [i for i, (name, _) in state["inquiries"].items() if name == citizen(save.marker)]
        if ids:
            found = Save("inquiry", save.marker, ids[0])
            whole = state["inquiries"][ids[0]][1] == content(save.marker) and state["links"].get(ids[0]) == 1
    if found and not whole:
        check.torn.append(f"in-flight {save} present with other content")
    elif found:
        check.landed = True
        ledger.add(found)


def check_file(db: Database, ledger: Ledger, in_flight: Save | None) -> Check:
    state, check = _state(db), Check()
    if in_flight:
        _resolve_in_flight(state, ledger, in_flight, check)

    # Every landed save, with its exact content.
    for case_id, markers in ledger.cases.items():
        row = state["cases"].get(case_id)
        if row is None or row[0] != pseudonym(markers[0]) or row[2] < len(markers):
            check.lost.append(f"case {case_id} {markers}: {row}")
        elif row[2] > len(markers):
            check.unexpected.append(f"case {case_id} has version {row[2]}, saved {len(markers)}")
        elif row[1] != content(markers[-1]):
            check.lost.append(f"case {case_id} version {row[2]}: summary {row[1]!r}, saved {markers[-1]}")
    for event_id, (case_id, marker) in ledger.events.items():
        if state["events"].get(event_id) != (case_id, content(marker)):
            check.lost.append(f"event {event_id} {marker}: {state['events'].get(event_id)}")
    for inquiry_id, marker in ledger.inquiries.items():
        if (state["inquiries"].get(inquiry_id) != (citizen(marker), content(marker))
                or state["links"].get(inquiry_id) != 1):
            check.lost.append(f"inquiry {inquiry_id} {marker}: {state['inquiries'].get(inquiry_id)}")
    for table, saved in (("cases", ledger.cases), ("events", ledger.events), ("inquiries", ledger.inquiries)):
        check.unexpected += [f"{table} row {i} nobody saved" for i in state[table].keys() - saved.keys()]

    # Neither or both: each business row (and each case version) has exactly one audit row, and back.
    expected = set()
    for case_id, (_, _, version) in state["cases"].items():
        expected.add(("create", "case", str(case_id)))
        expected |= {("change", "case", str(case_id), v) for v in range(2, version + 1)}
    expected |= {("create", "timeline_event", str(i)) for i in state["events"]}
    expected |= {("create", "inquiry", str(i)) for i in state["inquiries"]}
    audit = state["audit"]
    check.orphan_business += [f"no audit row for {key}" for key in sorted(expected - audit.keys(), key=str)]
    check.orphan_audit += [f"audit row {key} without business row" for key in audit.keys() - expected]
    check.orphan_audit += [f"audit row {key} {n} times" for key, n in audit.items() if n > 1]
    return check


PROBLEMS = ("reopen", "lost", "unexpected", "orphan_business", "orphan_audit", "torn")


def _new_file(tmp_path: Path) -> Path:
    path = tmp_path / "crash.duckdb"
    db = Database(str(path))
    ensure_users(db)
    db.close()
    return path


# --- SIGKILL in the middle of saves, N times on the same file ----------------------------------------


def test_sigkill_during_saves_loses_no_acknowledged_save(tmp_path):
    kills = scale(8, 100)
    path = _new_file(tmp_path)
    rng = random.Random(SEED)
    ledger = Ledger()
    figures = Counter()
    # Each problem once, with the run that first showed it: later reopens check the same rows again.
    found: dict[str, dict[str, int]] = {name: {} for name in PROBLEMS}
    started = time.monotonic()
    for run in range(1, kills + 1):
        threshold = ["--checkpoint-threshold", CHECKPOINT_THRESHOLD] if run % 2 else []
        writer = Writer(path, run, *threshold)
        writer.wait_for("READY", START_TIMEOUT)
        time.sleep(rng.uniform(0.3, 2.0))
        writer.wait_for("ACK", START_TIMEOUT)  # a busy machine may be slow: kill only once saves flow
        writer.kill()
        figures["kills"] += 1
        acks, in_flight = parse(writer.lines)
        figures["acknowledged"] += len(acks)
        figures["in_flight"] += in_flight is not None
        for save in acks:
            ledger.add(save)

        try:
            db = Database(str(path))  # the reopen: DuckDB replays what the killed process left
            try:
                check = check_file(db, ledger, in_flight)
            finally:
                db.close()
        except Exception as exc:  # noqa: BLE001 - any failure to reopen and read back counts
            figures["reopen_failures"] += 1
            found["reopen"][repr(exc)] = run
            break
        figures["in_flight_landed"] += check.landed
        for name in PROBLEMS[1:]:
            for message in getattr(check, name):
                found[name].setdefault(message, run)

    figures.update({name: len(messages) for name, messages in found.items() if name != "reopen"})
    orphans = figures["orphan_business"] + figures["orphan_audit"]
    report("crash_sigkill", kills=figures["kills"], acknowledged=figures["acknowledged"], lost=figures["lost"],
           reopen_failures=figures["reopen_failures"], orphans=orphans, orphan_business=figures["orphan_business"],
           orphan_audit=figures["orphan_audit"], unexpected=figures["unexpected"], torn=figures["torn"],
           in_flight=figures["in_flight"], in_flight_landed=figures["in_flight_landed"],
           rows_checked=len(ledger.cases) + len(ledger.events) + len(ledger.inquiries),
           file_bytes=path.stat().st_size, seconds=round(time.monotonic() - started, 1))
    problems = [f"run {run}: {name}: {message}"
                for name, messages in found.items() for message, run in messages.items()]
    assert problems == []
    assert figures["kills"] == kills and figures["acknowledged"] >= kills
    assert (figures["lost"], figures["reopen_failures"], orphans, figures["torn"]) == (0, 0, 0, 0)


# --- SIGKILL inside one transaction, between the business change and the audit row -------------------


@pytest.mark.parametrize("point, kind", [("after_business", "case"), ("after_business", "update"),
                                         ("after_audit", "event"), ("after_audit", "inquiry")])
def test_sigkill_inside_transaction_leaves_neither(tmp_path, point, kind):
    path = _new_file(tmp_path)
    writer = Writer(path, 1, "--hold", f"{point}:{kind}")
    writer.wait_for("INSIDE", START_TIMEOUT)
    writer.kill()
    acks, in_flight = parse(writer.lines)
    assert [line for line in writer.lines if line.startswith("INSIDE")] == [f"INSIDE {point} {kind} r1n4"]
    assert len(acks) == 3 and in_flight is not None and in_flight.marker == "r1n4"
    ledger = Ledger()
    for save in acks:
        ledger.add(save)

    db = Database(str(path))
    try:
        check = check_file(db, ledger, in_flight)
        leftovers = db.fetchall("SELECT count(*) FROM cases WHERE pseudonym = ? OR summary = ?",
                                [pseudonym("r1n4"), content("r1n4")])[0][0]
        leftovers += db.fetchall("SELECT count(*) FROM timeline_events WHERE text = ?", [content("r1n4")])[0][0]
        leftovers += db.fetchall("SELECT count(*) FROM inquiries WHERE citizen = ?", [citizen("r1n4")])[0][0]
    finally:
        db.close()
    report(f"crash_inside_{point}_{kind}", kills=1, acknowledged=len(acks), lost=len(check.lost),
           orphans=len(check.orphan_business) + len(check.orphan_audit), in_flight_landed=check.landed)
    assert (check.lost, check.unexpected, check.orphan_business, check.orphan_audit, check.torn) == ([],) * 5
    assert not check.landed and leftovers == 0


# --- in process: the audit insert fails after the business statement ran -----------------------------


class SimulatedCrash(Exception):
    pass


def _snapshot(db: Database) -> dict:
    return {table: db.fetchall("SELECT * FROM " + table + " ORDER BY ALL")
            for table in ("cases", "timeline_events", "inquiries", "inquiry_cause_links", "audit_log")}


@pytest.mark.parametrize("kind", ["case", "event", "update", "inquiry"])
def test_failed_audit_insert_rolls_back_the_business_change(db, users, monkeypatch, kind):
    chair, ombudsman = users[Role.CHAIR], users[Role.OMBUDSMAN]
    base = cases.create_case(db, chair, cases.CaseForm(pseudonym="Atom 1", area=AREA, summary="før")).record
    cause_id = inquiries.list_causes(db, ombudsman)[0].id
    marker = f"atom-{kind}"

    def save():
        if kind == "case":
            return cases.create_case(db, chair, cases.CaseForm(pseudonym=pseudonym(marker), area=AREA,
                                                               summary=content(marker)))
        if kind == "event":
            return cases.add_event(db, chair, base.id, event_date=dt.date(2026, 1, 5),
                                   event_type=EventType.MEETING, text=content(marker))
        if kind == "update":
            return cases.update_case(db, chair, base.id, base.version, cases.CaseForm(
                pseudonym=base.pseudonym, area=AREA, summary=content(marker)))
        return inquiries.create_inquiry(db, ombudsman, inquiries.InquiryForm(
            received_at=dt.datetime(2026, 1, 5, 9, 0), channel=Channel.EMAIL, area=AREA,
            inquiry_type=InquiryType.COMPLAINT, citizen=citizen(marker), account=content(marker),
            cause_ids=(cause_id,)))

    def business_visible(cur) -> bool:
        # What the save changed, as seen inside its own transaction.
        return cur.execute(
            "SELECT (SELECT count(*) FROM cases WHERE summary = ?) + (SELECT count(*) FROM timeline_events"
            " WHERE text = ?) + (SELECT count(*) FROM inquiries i JOIN inquiry_cause_links l ON l.inquiry_id = i.id"
            " WHERE i.account = ?)", [content(marker)] * 3).fetchall()[0][0] == 1

    seen_inside: list[bool] = []

    def failing_insert(cur, **kwargs):
        seen_inside.append(business_visible(cur))
        raise SimulatedCrash("between the business change and its audit row")

    before = _snapshot(db)
    monkeypatch.setattr(audit_storage, "insert", failing_insert)
    with pytest.raises(SimulatedCrash):
        save()
    monkeypatch.undo()

    assert seen_inside == [True]  # the business statement had run inside the transaction...
    assert _snapshot(db) == before  # ...and is gone with the failed audit row: neither

    # The database still works: the same save now lands, with exactly one audit row more.
    saved = save().record
    after = _snapshot(db)
    assert business_visible(db.cursor())
    assert len(after["audit_log"]) == len(before["audit_log"]) + 1
    action, record_type, record_id = after["audit_log"][-1][4:7]
    assert (action, record_type, record_id) == {
        "case": ("create", "case", str(saved.id)), "event": ("create", "timeline_event", str(saved.id)),
        "update": ("change", "case", str(base.id)), "inquiry": ("create", "inquiry", str(saved.id))}[kind]
