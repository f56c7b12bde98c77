"""Backups, restore, retention with physical erasure, insight extracts: the data's life cycle.

Real database files throughout; the command line runs in-process through `reviews.cli.main`, or as a
subprocess where another process must hold the file's lock (DuckDB locks per process).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
import threading

import pytest

from reviews import clock
from reviews.cli import main as cli_main
from reviews.errors import NotFound, PermissionDenied, ValidationError
from reviews.i18n import t
from reviews.jobs import start_daily_backups
from reviews.models import CaseStatus, EventType, Nomination, Role
from reviews.models.data_safety import RecordKind, RetentionPolicy
from reviews.services import backups, cases, insight, retention
from reviews.services import reviews as review_service
from reviews.services.audit import search_audit
from reviews.storage.database import Database
from tests.conftest import ROOT, demo_user

pytestmark = pytest.mark.safety

_HOLDER = ("import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
           "time.sleep(60)")


def digest(db: Database, *, audit_up_to: int | None = None) -> dict[str, list[tuple]]:
    """Every table's rows, sorted; the audit log optionally cut at an id (later rows are the test's own)."""
    tables = [r[0] for r in db.fetchall("SELECT table_name FROM duckdb_tables() WHERE database_name = "
                                        "current_database() ORDER BY 1")]
    out = {}
    for table in tables:
        rows = db.fetchall(f'SELECT * FROM "{table}"')  # table names come from the catalogue
        if table == "audit_log" and audit_up_to is not None:
            rows = [r for r in rows if r[0] <= audit_up_to]
        out[table] = sorted(rows, key=repr)
    out["_sequences"] = [s for s in db.fetchall("SELECT sequence_name, last_value FROM duckdb_sequences() ORDER BY 1")
                         if audit_up_to is None or s[0] != "audit_id_seq"]
    return out


@pytest.fixture
def admin_db(demo_db_path, monkeypatch, tmp_path):
    monkeypatch.setenv("REVIEWS_BACKUP_DIR", str(tmp_path / "backups"))
    database = Database(str(demo_db_path))
    yield database, demo_user(database, Role.ADMINISTRATOR)
    database.close()


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "REVIEWS_PASSWORD_PROFILE": "cheap"}
    return subprocess.run([sys.executable, "-m", "reviews", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


# --- backup and restore ------------------------------------------------------------------------------------

def test_backup_in_app_then_change_then_restore_is_identical(admin_db, demo_db_path, tmp_path, capsys):
    db, admin = admin_db
    chair = demo_user(db, Role.CHAIR)
    info = backups.create_backup(db, admin)
    backup_path = tmp_path / "backups" / info.name
    assert backup_path.is_file() and info.size_bytes == backup_path.stat().st_size and not info.automatic
    last_audit_id = db.fetchone("SELECT max(id) FROM audit_log")[0]
    at_backup = digest(db, audit_up_to=last_audit_id)
    assert len(at_backup["audit_log"]) == db.fetchone("SELECT count(*) FROM audit_log")[0]

    # Changes after the backup: a new case, an edited one, a deleted timeline event.
    cases.create_case(db, chair, cases.CaseForm("Familie 99", summary="Ny efter kopien: æøå"))
    first = cases.search_cases(db, chair, text="Familie 17").items[0]
    detail = cases.get_case(db, chair, first.id)
    cases.update_case(db, chair, first.id, detail.case.version,
                      cases.CaseForm(detail.case.pseudonym, detail.case.area, detail.case.opened, detail.case.closed,
                                     detail.case.status, "Ændret efter kopien"))
    assert digest(db, audit_up_to=last_audit_id) != at_backup
    db.close()

    assert cli_main(["--db", str(demo_db_path), "restore", str(backup_path)]) == 0
    printed = capsys.readouterr().out
    assert "er gendannet fra" in printed and "Den tidligere database er gemt som" in printed

    restored = Database(str(demo_db_path))
    try:
        assert digest(restored, audit_up_to=last_audit_id) == at_backup
        restore_row = restored.fetchone("SELECT action, username FROM audit_log ORDER BY id DESC LIMIT 1")
        assert restore_row == ("restore", "kommandolinje")
        # Sequences came back too: the next case continues after the backup's last id.
        next_case = cases.create_case(restored, chair, cases.CaseForm("Familie 100"))
        assert next_case.record.id == max(r[0] for r in at_backup["cases"]) + 1
    finally:
        restored.close()
    # The replaced database was kept as an ordinary backup, holding the post-backup change.
    safety = Database(str(sorted((tmp_path / "backups").glob("backup-*.duckdb"))[-1]))
    try:
        assert safety.fetchone("SELECT count(*) FROM cases WHERE pseudonym = 'Familie 99'") == (1,)
    finally:
        safety.close()


def test_cli_backup_and_restore_say_clearly_when_the_app_holds_the_lock(demo_db_path, tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(demo_db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        before = demo_db_path.read_bytes()
        for args in (("backup", str(tmp_path / "kopi.duckdb")), ("restore", str(demo_db_path.with_name("x.duckdb")))):
            result = _run_cli("--db", str(demo_db_path), *args)
            if args[0] == "restore":  # a missing source is named before the lock is tried
                assert result.returncode == 2 and "findes ikke" in result.stderr
                continue
            assert result.returncode == 2, result
            assert "Appen kører og holder databasen" in result.stderr and "Traceback" not in result.stderr
        assert not (tmp_path / "kopi.duckdb").exists()
        copy = tmp_path / "gyldig.duckdb"
        copy.write_bytes(before)
        result = _run_cli("--db", str(demo_db_path), "restore", str(copy))
        assert result.returncode == 2 and "Appen kører og holder databasen" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()
    assert demo_db_path.read_bytes() == before  # nothing changed


def test_cli_backup_of_a_stopped_app_and_refusals(demo_db_path, tmp_path, capsys):
    dest = tmp_path / "kopier" / "nat.duckdb"
    assert cli_main(["--db", str(demo_db_path), "backup", str(dest)]) == 0
    assert "Sikkerhedskopi skrevet" in capsys.readouterr().out
    source, copy = Database(str(demo_db_path)), Database(str(dest))
    try:
        assert digest(copy) == digest(source)
        assert copy.fetchone("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == ("backup",)
    finally:
        source.close()
        copy.close()
    # An existing file is never overwritten; a non-database is never restored.
    assert cli_main(["--db", str(demo_db_path), "backup", str(dest)]) == 2
    assert "findes allerede" in capsys.readouterr().err
    junk = tmp_path / "ikke-en-database.duckdb"
    junk.write_text("Familie 17; æøå\n", encoding="utf-8")
    before = demo_db_path.read_bytes()
    assert cli_main(["--db", str(demo_db_path), "restore", str(junk)]) == 2
    assert "er ikke en database fra dette system" in capsys.readouterr().err
    assert demo_db_path.read_bytes() == before


def test_only_administrators_touch_backups_and_downloads_are_logged(admin_db):
    db, admin = admin_db
    info = backups.create_backup(db, admin)
    for role in (Role.CHAIR, Role.REVIEWER, Role.OMBUDSMAN, Role.READER):
        with pytest.raises(PermissionDenied):
            backups.read_backup(db, demo_user(db, role), info.name)
    data = backups.read_backup(db, admin, info.name, purpose="Test af genetablering")
    assert data.startswith(b"DUCK") or b"DUCK" in data[:16]
    assert db.fetchone("SELECT action, record_id, purpose FROM audit_log ORDER BY id DESC LIMIT 1") == (
        "export", info.name, "Test af genetablering")
    for name in ("../workbench.duckdb", "/etc/passwd", info.name + "x"):
        with pytest.raises(NotFound):
            backups.read_backup(db, admin, name)


def test_daily_backup_runs_once_a_day_and_keeps_the_last_n(admin_db, monkeypatch, tmp_path):
    db, admin = admin_db
    retention.set_policy(db, admin, RetentionPolicy(backups_kept=3))
    start = dt.datetime(2026, 11, 22, 1, 0)
    now = [start]
    monkeypatch.setattr(clock, "now", lambda: now[0])
    first = backups.daily_backup_if_due(db, backups.SYSTEM_ACTOR)
    assert first is not None and first.automatic and first.name == "backup-20261122-020000-auto.duckdb"
    now[0] = start + dt.timedelta(hours=23)
    assert backups.daily_backup_if_due(db, backups.SYSTEM_ACTOR) is None
    for day in range(1, 6):
        now[0] = start + dt.timedelta(days=day, minutes=1)
        assert backups.daily_backup_if_due(db, backups.SYSTEM_ACTOR) is not None
    kept = backups.list_backups(db, admin)
    assert [b.name for b in kept] == ["backup-20261127-020100-auto.duckdb", "backup-20261126-020100-auto.duckdb",
                                      "backup-20261125-020100-auto.duckdb"]
    assert sorted(os.listdir(tmp_path / "backups")) == sorted(b.name for b in kept)  # no leftovers
    rows = db.fetchall("SELECT username FROM audit_log WHERE action = 'backup'")
    assert len(rows) == 6 and {r[0] for r in rows} == {"system"}


def test_the_background_job_takes_the_daily_backup(admin_db, tmp_path):
    db, _ = admin_db
    stop = threading.Event()
    start_daily_backups(db, first_after=0.01, every=0.05, stop=stop)
    try:
        folder = tmp_path / "backups"
        for _ in range(400):
            if folder.is_dir() and any(p.name.endswith("-auto.duckdb") for p in folder.iterdir()):
                break
            stop.wait(0.05)
    finally:
        stop.set()
    autos = [p for p in folder.iterdir() if p.name.endswith("-auto.duckdb")]
    assert len(autos) == 1  # taken once, and not again within the day


# --- retention and erasure ----------------------------------------------------------------------------------

MARKERS = {
    "event": "SLETTEMÆRKE-HÆNDELSE-7f3a9c1e5b2d4068",
    "inquiry": "SLETTEMÆRKE-HENVENDELSE-2c8e4a6f0d1b3957",
    "mediation": "SLETTEMÆRKE-MÆGLING-9b1d7f3e5a2c4806",
    "kept": "BEVARES-ÅBEN-SAG-4e6a8c0b2d1f3957",
}


def _raw_contains(path, text: str) -> bool:
    data = path.read_bytes()
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        data += wal.read_bytes()
    return text.encode("utf-8") in data


def _prepare_retention_case(db, tmp_path):
    """Close the demo review long ago and plant marker texts in expiring and kept records."""
    chair = demo_user(db, Role.CHAIR)
    review = review_service.find_review(db, chair, "Task Force 4200")
    detail = review_service.get_review(db, chair, review.id)
    review_service.update_review(db, chair, review.id, review.version, review_service.ReviewForm(
        review.name, review.mandate, review.deadline, review.blind, dt.date(2020, 6, 30)))
    in_review = detail.cases[0]
    cases.add_event(db, chair, in_review.case_id, event_date=dt.date(2019, 5, 1),
                    event_type=EventType.MEETING, text=f"Samtale med mor. {MARKERS['event']}")
    open_case = cases.create_case(db, chair, cases.CaseForm("Familie 98", summary=MARKERS["kept"])).record
    inquiry_id, mediation_id = db.fetchone(
        "SELECT (SELECT min(id) FROM inquiries WHERE closed_on IS NOT NULL),"
        " (SELECT min(id) FROM mediation_cases)")
    # Test setup only: plant markers and an old closing date directly.
    db.write(lambda cur: cur.execute("UPDATE inquiries SET account = ?, closed_on = DATE '2019-01-10' WHERE id = ?",
                                     [MARKERS["inquiry"], inquiry_id]))
    db.write(lambda cur: cur.execute(
        "UPDATE mediation_cases SET background = ?, closed_on = DATE '2019-02-01', status = 'afsluttet' WHERE id = ?",
        [MARKERS["mediation"], mediation_id]))
    return in_review, open_case, inquiry_id, mediation_id


def test_deletion_job_removes_expired_records_and_their_text_from_the_file(admin_db, demo_db_path, tmp_path):
    db, admin = admin_db
    in_review, open_case, inquiry_id, mediation_id = _prepare_retention_case(db, tmp_path)
    retention.set_policy(db, admin, RetentionPolicy(case_material_years=5, inquiry_years=5, mediation_years=5,
                                                    audit_log_years=10, backups_kept=5))
    today = dt.date(2026, 11, 22)
    todo = retention.plan(db, admin, today=today)
    assert todo.cutoffs[RecordKind.CASE_MATERIAL] == dt.date(2021, 11, 22)
    expired = {(r.kind, r.record_id) for r in todo.records}
    assert (RecordKind.CASE_MATERIAL, in_review.case_id) in expired
    assert (RecordKind.INQUIRY, inquiry_id) in expired and (RecordKind.MEDIATION, mediation_id) in expired
    assert (RecordKind.CASE_MATERIAL, open_case.id) not in expired
    assert todo.audit_rows == 0  # the demo's log is younger than 10 years

    db.checkpoint()
    for marker in MARKERS.values():  # control: the raw file does hold the text before
        assert _raw_contains(demo_db_path, marker), marker

    result = retention.run(db, admin, today=today)
    assert result.rows_deleted > 0 and result.file_bytes_after > 0
    db.checkpoint()
    for key in ("event", "inquiry", "mediation"):
        assert not _raw_contains(demo_db_path, MARKERS[key]), key
    assert _raw_contains(demo_db_path, MARKERS["kept"])

    assert db.fetchone("SELECT count(*) FROM cases WHERE id = ?", [in_review.case_id]) == (0,)
    for table in ("timeline_events", "findings", "readings", "review_cases"):
        assert db.fetchone(f"SELECT count(*) FROM {table} WHERE case_id = ?", [in_review.case_id]) == (0,), table
    assert db.fetchone("SELECT count(*) FROM inquiries WHERE id = ?", [inquiry_id]) == (0,)
    for table, column in (("mediation_cases", "id"), ("mediation_parties", "mediation_id"),
                          ("mediation_meetings", "mediation_id"), ("mediation_followups", "mediation_id")):
        assert db.fetchone(f"SELECT count(*) FROM {table} WHERE {column} = ?", [mediation_id]) == (0,), table
    # No dangling links: every evidence link points at a finding that still exists.
    assert db.fetchone("SELECT count(*) FROM learning_point_evidence e WHERE NOT EXISTS"
                       " (SELECT 1 FROM findings f WHERE f.id = e.finding_id)") == (0,)
    assert db.fetchone("SELECT count(*) FROM cases WHERE id = ?", [open_case.id]) == (1,)
    # Each deletion is logged under the person's pseudonym, and the run as a whole.
    deletions = db.fetchall("SELECT record_type, pseudonym, purpose FROM audit_log WHERE action = 'delete'"
                            " AND purpose = ?", [retention.DELETION_PURPOSE])
    assert ("sagsmateriale", in_review.pseudonym, retention.DELETION_PURPOSE) in deletions
    assert db.fetchone("SELECT count(*) FROM audit_log WHERE action = 'retention_run'") == (1,)
    # A second run finds nothing.
    assert retention.plan(db, admin, today=today).empty


def test_deletion_job_removes_case_files_pages_and_images_and_backups_carry_them(admin_db, demo_db_path, tmp_path):
    """Case files («Sagsakter») follow their case: text and page images gone from the rebuilt file."""
    from reviews.fulltext import stem
    from reviews.services import casefiles
    from tests import casefile_samples

    db, admin = admin_db
    in_review, open_case, _inquiry_id, _mediation_id = _prepare_retention_case(db, tmp_path)
    chair = demo_user(db, Role.CHAIR)
    gone, kept = "SLETTEMÆRKE-SAGSAKT-3e7b1d9f5a2c4860", "BEVARES-SAGSAKT-8a2c6e0b4d1f3759"
    # A word only this case's text has: its stem lives in the search index's dictionary (issue 12, item 5).
    gone_word, kept_word = "sletteordskvaksalverbrev", "bevaresordskvaksalverbrev"
    pdf = casefile_samples.text_pdf([[f"Journalnotat. {gone} {gone_word}"], ["Side to."]])
    expiring = casefiles.import_files(db, chair, in_review.case_id, [("notat.pdf", pdf)], ocr="none")
    casefiles.import_files(db, chair, open_case.id, [("kept.txt", f"Notat. {kept} {kept_word}".encode())],
                           ocr="none")
    doc_ids = expiring.document_ids
    gone_stem, kept_stem = stem(gone_word), stem(kept_word)
    assert db.fetchone("SELECT count(*) FROM casefile_search_terms WHERE term IN (?, ?)",
                       [gone_stem, kept_stem]) == (2,)
    # A reviewer of the review cites the marked paragraph in a finding (the excerpt copies the page's text).
    from reviews.models.case_review import Polarity
    from reviews.models.passages import PassageRef
    from reviews.services import findings as finding_service
    from reviews.services import passages as passage_service

    page_one = casefiles.read_page(db, chair, doc_ids[0], 1)
    code_id = next(c.id for c in finding_service.taggable_codes(db, chair))
    cited = passage_service.code_passage(
        db, chair, in_review.review_id, PassageRef(doc_ids[0], 1, *page_one.paragraphs[0]),
        finding_service.FindingForm("Citeret.", (code_id,), Polarity.CONCERN)).record
    cited_excerpt = cited.excerpt
    assert gone in cited_excerpt
    assert db.fetchone("SELECT count(*) FROM finding_passages WHERE document_id IN (SELECT unnest(?))",
                       [doc_ids]) == (1,)
    assert db.fetchone("SELECT count(*) FROM casefile_pages WHERE document_id IN (SELECT unnest(?))"
                       " AND image IS NOT NULL", [doc_ids]) == (2,)
    info = backups.create_backup(db, admin)  # a backup carries the documents, pages and images
    copy = Database(str(tmp_path / "backups" / info.name))
    try:
        assert copy.fetchone("SELECT count(*) FROM casefile_pages WHERE document_id IN (SELECT unnest(?))",
                             [doc_ids]) == (2,)
        assert copy.fetchone("SELECT count(*) FROM casefile_search_postings WHERE document_id IN"
                             " (SELECT unnest(?))", [doc_ids])[0] > 0  # and the search index
    finally:
        copy.close()
    retention.set_policy(db, admin, RetentionPolicy(case_material_years=5, inquiry_years=5, mediation_years=5,
                                                    audit_log_years=10, backups_kept=5))
    db.checkpoint()
    assert _raw_contains(demo_db_path, gone) and _raw_contains(demo_db_path, kept)  # control
    assert _raw_contains(demo_db_path, gone_stem) and _raw_contains(demo_db_path, kept_stem)
    retention.run(db, admin, today=dt.date(2026, 11, 22))
    db.checkpoint()
    assert not _raw_contains(demo_db_path, gone)
    assert _raw_contains(demo_db_path, kept)
    # Nor its words in the search index: no posting, no page length, and its stem gone from the dictionary.
    assert not _raw_contains(demo_db_path, gone_stem)
    assert _raw_contains(demo_db_path, kept_stem)
    for table in ("casefile_search_postings", "casefile_search_pages"):
        assert db.fetchone(f"SELECT count(*) FROM {table} WHERE document_id IN (SELECT unnest(?))",
                           [doc_ids]) == (0,), table
    assert db.fetchone("SELECT count(*) FROM casefile_search_terms WHERE term = ?", [gone_stem]) == (0,)
    for table, column in (("casefile_documents", "case_id"), ("casefile_jobs", "case_id")):
        assert db.fetchone(f"SELECT count(*) FROM {table} WHERE {column} = ?", [in_review.case_id]) == (0,), table
    assert db.fetchone("SELECT count(*) FROM casefile_pages WHERE document_id IN (SELECT unnest(?))",
                       [doc_ids]) == (0,)
    assert db.fetchone("SELECT count(*) FROM casefile_documents WHERE case_id = ?", [open_case.id]) == (1,)
    # Passages cited from those pages go too: their excerpts quote the text.
    assert db.fetchone("SELECT count(*) FROM finding_passages WHERE document_id IN (SELECT unnest(?))",
                       [doc_ids]) == (0,)
    assert cited_excerpt and not _raw_contains(demo_db_path, cited_excerpt)


def test_audit_log_rows_older_than_their_period_are_deleted(admin_db):
    from reviews.storage import audit as audit_repo

    db, admin = admin_db
    retention.set_policy(db, admin, RetentionPolicy(audit_log_years=2))
    old_times = [dt.datetime(2020, 3, 1, 9), dt.datetime(2024, 11, 21, 23, 59), dt.datetime(2024, 11, 22, 0, 0)]

    def plant(cur):  # test setup: log rows from earlier years
        for moment in old_times:
            audit_repo.insert(cur, at=moment, user_id=None, username="gammel", action="read", record_type="case",
                              record_id="1", pseudonym="Familie 3", purpose="", details="")

    db.write(plant)
    total = db.fetchone("SELECT count(*) FROM audit_log")[0]
    result = retention.run(db, admin, today=dt.date(2026, 11, 22), rebuild=False)
    assert result.plan.audit_rows == 2  # before 22 November 2024; the row at midnight that day stays
    assert db.fetchall("SELECT logged_at FROM audit_log WHERE username = 'gammel'") == [(old_times[2],)]
    # + one `delete` row per expired record (the demo has old closed cases) + the run's own row
    assert db.fetchone("SELECT count(*) FROM audit_log")[0] == total - 2 + len(result.plan.records) + 1


def test_retention_policy_is_validated_and_nothing_changes_on_bad_input(admin_db):
    db, admin = admin_db
    before = retention.get_policy(db, admin)
    for bad in (RetentionPolicy(case_material_years=0), RetentionPolicy(audit_log_years=101),
                RetentionPolicy(backups_kept=0), RetentionPolicy(inquiry_years="fem"),  # type: ignore[arg-type]
                RetentionPolicy(mediation_years=2.5)):  # type: ignore[arg-type]
        with pytest.raises(ValidationError) as info:
            retention.set_policy(db, admin, bad)
        assert info.value.key == "error.retention_range"
        assert "skal være et helt tal" in t(info.value.key, "da", **{**info.value.params, "field": "x"})
    assert retention.get_policy(db, admin) == before
    with pytest.raises(PermissionDenied):
        retention.run(db, demo_user(db, Role.CHAIR))


def test_open_reviews_keep_their_cases(db, users):
    chair, admin = users[Role.CHAIR], users[Role.ADMINISTRATOR]
    saved = cases.create_case(db, chair, cases.CaseForm("Familie 5", closed=dt.date(2010, 1, 1),
                                                        opened=dt.date(2009, 1, 1),
                                                        status=CaseStatus.CLOSED))
    review = review_service.create_review(db, chair, review_service.ReviewForm("Gennemgang 2010"))
    review_service.select_case(db, chair, review.id, saved.record.id,
                               review_service.SelectionForm(Nomination.FAMILIES))
    assert retention.plan(db, admin, today=dt.date(2030, 1, 1)).count(RecordKind.CASE_MATERIAL) == 0
    review_service.update_review(db, chair, review.id, review.version, review_service.ReviewForm(
        review.name, closed_on=dt.date(2020, 1, 1)))
    assert retention.plan(db, admin, today=dt.date(2024, 12, 31)).count(RecordKind.CASE_MATERIAL) == 0
    assert retention.plan(db, admin, today=dt.date(2025, 1, 1)).count(RecordKind.CASE_MATERIAL) == 1


# --- insight requests ----------------------------------------------------------------------------------------

def test_audit_extract_cli_lists_every_use_of_one_person(demo_db_path, tmp_path, capsys):
    db = Database(str(demo_db_path))
    try:
        chair, admin = demo_user(db, Role.CHAIR), demo_user(db, Role.ADMINISTRATOR)
        target = cases.search_cases(db, chair, text="Familie 17").items[0]
        cases.get_case(db, chair, target.id, purpose="Forberedelse af møde")
        cases.search_cases(db, chair, text="Familie 1")  # a search for another name: not about Familie 17
        search_audit(db, admin, pseudonym="Familie 17")  # a search naming Familie 17
        expected = db.fetchone("SELECT count(*) FROM audit_log WHERE lower(pseudonym) = 'familie 17'")[0]
    finally:
        db.close()
    out = tmp_path / "indsigt" / "familie17.csv"
    assert cli_main(["--db", str(demo_db_path), "audit-extract", "--pseudonym", "Familie 17", "-o", str(out)]) == 0
    assert "logposter skrevet til" in capsys.readouterr().out
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Dato", "Klokkeslæt", "Handling", "Formål", "Oplysning", "Nummer"]  # no user names
    body = rows[1:]
    # + the two searches that named Familie 17 in their criteria (not the one for "Familie 1")
    assert len(body) == expected + 2
    assert ["Læst", "Forberedelse af møde"] in [[r[2], r[3]] for r in body]
    assert [r[4] for r in body if r[2] == "Søgning"] == ["case", "audit_log"]
    assert all(dt.datetime.strptime(f"{r[0]} {r[1]}", "%d-%m-%Y %H:%M:%S") for r in body)
    # With user names, for the data protection authority; and the extracts themselves are logged.
    assert cli_main(["--db", str(demo_db_path), "audit-extract", "--pseudonym", "familie 17", "--with-users",
                     "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "Bruger" and "formand" in {r[-1] for r in rows[1:]}
    db = Database(str(demo_db_path))
    try:
        logged = db.fetchall("SELECT pseudonym, purpose FROM audit_log WHERE record_type = 'insight_extract'")
        assert logged == [("Familie 17", "Indsigtsanmodning"), ("familie 17", "Indsigtsanmodning")]
    finally:
        db.close()


def test_audit_extract_refuses_blank_names_and_other_roles(db, users):
    with pytest.raises(ValidationError):
        insight.audit_extract(db, users[Role.ADMINISTRATOR], "  ")
    for role in (Role.CHAIR, Role.REVIEWER, Role.OMBUDSMAN, Role.READER):
        with pytest.raises(PermissionDenied):
            insight.audit_extract(db, users[role], "Familie 17")


def test_a_restore_in_the_same_second_as_the_backup_keeps_the_backup(admin_db, demo_db_path, tmp_path, monkeypatch):
    """The restore's safety copy once took the backup's own name and replaced it (found by a flaky run)."""
    import hashlib

    db, admin = admin_db
    frozen = dt.datetime(2026, 11, 22, 9, 30, 0)
    monkeypatch.setattr(clock, "now", lambda: frozen)
    info = backups.create_backup(db, admin)
    backup_path = tmp_path / "backups" / info.name
    fingerprint = hashlib.sha256(backup_path.read_bytes()).hexdigest()
    with pytest.raises(FileExistsError):
        db.copy_to(str(backup_path))
    cases.create_case(db, demo_user(db, Role.CHAIR), cases.CaseForm("Familie 97"))
    db.close()
    assert cli_main(["--db", str(demo_db_path), "restore", str(backup_path)]) == 0
    assert hashlib.sha256(backup_path.read_bytes()).hexdigest() == fingerprint
    names = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert names == ["backup-20261122-103000.duckdb", "backup-20261122-103001.duckdb"]
    restored = Database(str(demo_db_path))
    try:
        assert restored.fetchone("SELECT count(*) FROM cases WHERE pseudonym = 'Familie 97'") == (0,)
    finally:
        restored.close()
