"""The storage layer: migrations, transactions, conflict retries, reconnecting."""

from __future__ import annotations

import threading

import duckdb
import pytest

from reviews.errors import DatabaseUnavailable
from reviews.storage import database as database_module
from reviews.storage.database import Database
from reviews.storage.migrations import all_migrations, apply_migrations, current_version


def test_migrations_apply_once_and_record_versions(tmp_path):
    path = str(tmp_path / "w.duckdb")
    db = Database(path)
    versions = [m.version for m in all_migrations()]
    assert current_version(db) == max(versions)
    assert apply_migrations(db) == []  # nothing left to apply
    db.close()
    db = Database(path)  # reopening applies nothing and keeps data
    assert [r[0] for r in db.fetchall("SELECT version FROM schema_migrations ORDER BY 1")] == versions
    db.close()


def test_write_is_all_or_nothing(db):
    def work(cur):
        cur.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        db.write(work)
    assert db.fetchone("SELECT count(*) FROM settings WHERE key = 'a'")[0] == 0


def test_conflicts_are_retried(db, monkeypatch):
    calls = []

    def flaky(cur):
        calls.append(1)
        if len(calls) < 3:
            raise duckdb.TransactionException("TransactionContext Error: Conflict on update!")
        cur.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")
        return "ok"

    monkeypatch.setattr(database_module.time, "sleep", lambda _s: None)
    assert db.write(flaky) == "ok"
    assert len(calls) == 3
    assert db.fetchone("SELECT value FROM settings WHERE key = 'b'")[0] == "2"


def test_conflict_retries_give_up(db, monkeypatch):
    monkeypatch.setattr(database_module.time, "sleep", lambda _s: None)

    def always(cur):
        raise duckdb.TransactionException("Conflict on update")

    with pytest.raises(duckdb.TransactionException):
        db.write(always)


def test_concurrent_writers_lose_nothing(tmp_path):
    db = Database(str(tmp_path / "c.duckdb"))
    db.write(lambda cur: cur.execute("INSERT INTO settings VALUES ('counter', '0')"))

    def bump():
        for _ in range(25):
            db.write(lambda cur: cur.execute(
                "UPDATE settings SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) WHERE key = 'counter'"))

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert db.fetchone("SELECT value FROM settings WHERE key = 'counter'")[0] == "100"
    db.close()


def test_each_thread_reads_with_its_own_cursor(db):
    seen = []
    thread = threading.Thread(target=lambda: seen.append(db.cursor()))
    thread.start()
    thread.join()
    assert seen[0] is not db.cursor()


def test_locked_file_gives_a_clear_error(tmp_path):
    path = tmp_path / "locked.duckdb"
    script = (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(30)"
    )
    import subprocess
    import sys

    holder = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseUnavailable) as info:
            Database(str(path))
        assert info.value.key == "error.database_locked"
    finally:
        holder.kill()
        holder.wait()

