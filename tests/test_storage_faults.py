"""Storage faults: a full disk while saving or exporting, and a database DuckDB has invalidated.

A full disk is made real with RLIMIT_FSIZE: the kernel refuses to grow any file of this process past
the limit (EFBIG, the same path through DuckDB and Python as ENOSPC), without needing a small mount.
SIGXFSZ is ignored meanwhile so the refusal arrives as an error instead of killing the process.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from reviews.cli import main as cli_main
from reviews.errors import DatabaseUnavailable, StorageFull
from reviews.i18n import t
from reviews.models import Role
from reviews.services import backups
from reviews.services import cases as case_service
from reviews.storage.database import Database
from reviews.storage.files import write_atomic
from tests.conftest import ROOT, demo_user

pytestmark = pytest.mark.safety

BIG_TEXT = " ".join(["Referat af samtale med familien på Ærø."] * 2500)  # ~100 kB, far past the limits below


@contextlib.contextmanager
def disk_full_after(limit_bytes: int):
    """Every file of this process stops growing at `limit_bytes` until the block ends."""
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)


def _case_count(db: Database) -> int:
    return db.fetchone("SELECT count(*) FROM cases")[0]


def test_a_save_on_a_full_disk_changes_nothing_and_the_database_still_opens(demo_db_path):
    db = Database(str(demo_db_path))
    chair = demo_user(db, Role.CHAIR)
    db.checkpoint()  # an empty WAL: the save below must grow it past the limit
    cases_before, audit_before = _case_count(db), db.fetchone("SELECT count(*) FROM audit_log")[0]
    with disk_full_after(20_000), pytest.raises(StorageFull) as info:
        case_service.create_case(db, chair, case_service.CaseForm("Familie 77", summary=BIG_TEXT))
    assert "Disken er fuld" in t(info.value.key, "da") and "intet blev gemt" in t(info.value.key, "da")
    # Neither the case nor its audit row; the connection works for the next save.
    assert _case_count(db) == cases_before
    assert db.fetchone("SELECT count(*) FROM audit_log")[0] == audit_before
    saved = case_service.create_case(db, chair, case_service.CaseForm("Familie 78", summary="Efter oprydning"))
    db.close()
    reopened = Database(str(demo_db_path))
    try:
        assert _case_count(reopened) == cases_before + 1
        assert reopened.fetchone("SELECT pseudonym FROM cases WHERE id = ?", [saved.record.id]) == ("Familie 78",)
        assert reopened.fetchone("SELECT count(*) FROM cases WHERE pseudonym = 'Familie 77'") == (0,)
    finally:
        reopened.close()


def test_a_fatal_error_invalidates_the_database_and_the_next_action_reconnects(demo_db_path):
    db = Database(str(demo_db_path))
    chair = demo_user(db, Role.CHAIR)
    db.checkpoint()
    saved = case_service.create_case(db, chair, case_service.CaseForm("Familie 79", summary=BIG_TEXT))
    size = os.path.getsize(demo_db_path)
    # The checkpoint must grow the file to hold the new case; it cannot, and DuckDB invalidates the database.
    with disk_full_after(size), pytest.raises(DatabaseUnavailable) as info:
        db.checkpoint()
    assert info.value.key == "error.storage_full_reconnected"
    assert "Forbindelsen er genoprettet" in t(info.value.key, "da")
    # Reconnected: the committed case survived in the WAL, and the next save works.
    assert db.fetchone("SELECT summary FROM cases WHERE id = ?", [saved.record.id]) == (BIG_TEXT,)
    case_service.create_case(db, chair, case_service.CaseForm("Familie 80"))
    db.close()
    reopened = Database(str(demo_db_path))
    try:
        assert reopened.fetchone("SELECT count(*) FROM cases WHERE pseudonym IN ('Familie 79', 'Familie 80')") == (2,)
    finally:
        reopened.close()


def test_the_user_sees_a_clear_message_after_a_fatal_error_and_the_next_run_works(monkeypatch, demo_db_path):
    monkeypatch.setenv("REVIEWS_DB", str(demo_db_path))
    probe = Database(str(demo_db_path))
    chair = demo_user(probe, Role.CHAIR)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["user"] = chair
    at.session_state["lang"] = "da"
    at.run()
    assert not at.exception and at.title[0].value == "Sagsregister"

    # Invalidate the process's DuckDB instance (the app's connection shares it) with a failed checkpoint.
    probe.write(lambda cur: cur.execute("UPDATE cases SET summary = ? WHERE pseudonym = 'Familie 17'", [BIG_TEXT]))
    raw = probe._con  # the raw connection, so our own reconnect does not step in first
    with disk_full_after(os.path.getsize(demo_db_path)), pytest.raises(duckdb.FatalException):
        raw.execute("CHECKPOINT")
    probe._disconnect()  # let go of the invalidated instance, as a crashed session would

    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Forbindelsen til databasen blev genoprettet" in e.value for e in at.error), [e.value for e in at.error]
    at.run()  # the next action works
    assert not at.exception and not at.error
    assert at.title[0].value == "Sagsregister"


def test_locked_database_at_start_gives_a_message_not_a_traceback(monkeypatch, tmp_path):
    path = tmp_path / "laast.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(60)", str(path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        monkeypatch.setenv("REVIEWS_DB", str(path))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert not at.exception
        assert "Databasen bruges af et andet program" in at.error[0].value
    finally:
        holder.kill()
        holder.wait()


def test_an_export_on_a_full_disk_leaves_no_broken_file(tmp_path):
    target = tmp_path / "referat.docx"
    target.write_bytes(b"the previous, complete file")
    with disk_full_after(4096), pytest.raises(StorageFull):
        write_atomic(target, b"x" * 100_000)
    assert target.read_bytes() == b"the previous, complete file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["referat.docx"]  # no .partial left behind
    with disk_full_after(4096), pytest.raises(StorageFull):
        write_atomic(tmp_path / "ny.docx", b"x" * 100_000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["referat.docx"]


def test_cli_export_on_a_full_disk_says_so_and_writes_nothing(demo_db_path, tmp_path, capsys):
    args = ["--db", str(demo_db_path), "export-findings", "--review", "Task Force 4200"]
    full = tmp_path / "fuld.csv"
    assert cli_main([*args, "-o", str(full)]) == 0
    size = full.stat().st_size
    assert size > 8000  # room for the export's audit row in the WAL, not for the file
    out_dir = tmp_path / "ud"
    out_dir.mkdir()
    db = Database(str(demo_db_path))
    db.checkpoint()
    db.close()
    with disk_full_after(size // 2):
        code = cli_main([*args, "-o", str(out_dir / "fund.csv")])
    assert code == 2
    assert "Disken er fuld" in capsys.readouterr().err
    assert list(out_dir.iterdir()) == []  # neither a half file nor a .partial


def test_a_backup_on_a_full_disk_leaves_no_half_copy_and_the_database_works(demo_db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWS_BACKUP_DIR", str(tmp_path / "backups"))
    db = Database(str(demo_db_path))
    admin = demo_user(db, Role.ADMINISTRATOR)
    db.checkpoint()
    with disk_full_after(os.path.getsize(demo_db_path) // 4), pytest.raises(StorageFull):
        backups.create_backup(db, admin)
    assert list((tmp_path / "backups").iterdir()) == []
    assert backups.list_backups(db, admin) == []
    info = backups.create_backup(db, admin)  # space again: works
    assert [b.name for b in backups.list_backups(db, admin)] == [info.name]
    db.close()
