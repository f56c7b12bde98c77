"""The one DuckDB connection of this process.

Reads use a cursor per thread (Streamlit runs each session in its own thread); writes go through
`Database.write`, which serialises them behind one lock, runs them in a transaction and retries
DuckDB's optimistic-concurrency conflicts. Nothing outside `reviews.storage` sees SQL.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import duckdb

from reviews.errors import DatabaseUnavailable, StorageFull

log = logging.getLogger(__name__)
# Callbacks registered inside a write (after_commit), run once it has committed; dropped when it rolls back.
_after_commit = threading.local()
# Moves at the start and at the end of every write that may change stored rows (see Database.data_version).
# Process-wide, as reviews.storage.changes: several Database objects on one file see each other's writes.
_writes = 0
_writes_lock = threading.Lock()


def _count_write() -> None:
    global _writes
    with _writes_lock:
        _writes += 1


def after_commit(hook: Callable[[], None]) -> None:
    """Run `hook` when the write this thread is inside commits (at once when outside a write)."""
    hooks = getattr(_after_commit, "hooks", None)
    if hooks is None:
        hook()
    else:
        hooks.append(hook)
T = TypeVar("T")

MAX_WRITE_ATTEMPTS = 5


def _is_conflict(exc: Exception) -> bool:
    return isinstance(exc, duckdb.TransactionException) and "conflict" in str(exc).lower()


# What DuckDB says when the disk (or the file-size limit) is full: "No space left on device",
# "File too large", "Could not write file ...".
_FULL_MARKERS = ("no space left", "file too large", "could not write", "disk quota")


def _is_storage_full(exc: BaseException) -> bool:
    return isinstance(exc, (duckdb.Error, OSError)) and any(m in str(exc).lower() for m in _FULL_MARKERS)


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _remove_quietly(*paths: str) -> None:
    for path in paths:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


class _ReadCursor:
    """A thread's read cursor. Storage functions use it like DuckDB's own; a fatal error or a swapped
    connection becomes a clear `DatabaseUnavailable` after reconnecting, wherever the read happens."""

    __slots__ = ("_cur", "_db", "_generation")

    def __init__(self, cur: duckdb.DuckDBPyConnection, db: Database, generation: int) -> None:
        self._cur, self._db, self._generation = cur, db, generation

    def execute(self, sql: str, params: Sequence[Any] | dict | None = None) -> _ReadCursor:
        self._db._guarded(lambda: self._cur.execute(sql, params) if params is not None else self._cur.execute(sql),
                          self._generation)
        return self

    def fetchall(self) -> list[tuple]:
        return self._db._guarded(self._cur.fetchall, self._generation)

    def fetchone(self) -> tuple | None:
        return self._db._guarded(self._cur.fetchone, self._generation)

    def df(self):
        return self._db._guarded(self._cur.df, self._generation)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cur, name)


def database_of(cur) -> Database | None:
    """The Database whose read cursor `cur` is; None for any other cursor, such as a write's (which sees its
    own transaction's uncommitted rows, so nothing read through it may be cached)."""
    return cur._db if isinstance(cur, _ReadCursor) else None


class Database:
    """A DuckDB database file (or `:memory:`) with serialised, retried writes."""

    def __init__(self, path: str = ":memory:", *, migrate: bool = True) -> None:
        self.path = path
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._generation = 0
        self._swapping = False
        # Every thread's read cursor: all must be closed before the file is swapped, because an open
        # cursor keeps DuckDB's instance (and the old file) alive for the next connect.
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._cursors_lock = threading.Lock()
        self._con = self._connect()
        if migrate:
            from reviews.storage.migrations import apply_migrations

            apply_migrations(self)

    # -- connection management -------------------------------------------------------------
    def _connect(self) -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(self.path)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise DatabaseUnavailable("error.database_locked", path=self.path) from exc
            raise DatabaseUnavailable("error.database_unavailable", detail=str(exc)) from exc

    def reconnect(self) -> None:
        """Open a fresh connection, e.g. after DuckDB invalidated the old one."""
        with self._write_lock:
            self._disconnect()
            try:
                self._con = self._connect()
            finally:
                self._swapping = False

    def _disconnect(self) -> None:
        """Close the connection and every thread's cursor (under the write lock)."""
        self._swapping = True
        self._generation += 1
        with self._cursors_lock:
            cursors, self._cursors = self._cursors, []
        for con in [*cursors, self._con]:
            try:
                con.close()
            except duckdb.Error:
                pass

    @property
    def is_file(self) -> bool:
        return self.path not in ("", ":memory:") and not self.path.startswith(":memory:")

    def close(self) -> None:
        self.release_cursor()
        with self._write_lock:
            self._disconnect()

    def cursor(self) -> _ReadCursor:
        """This thread's read cursor."""
        local = self._local
        if getattr(local, "generation", None) != self._generation or getattr(local, "cursor", None) is None:
            generation = self._generation
            cursor = _ReadCursor(self._guarded(self._con.cursor, generation), self, generation)
            with self._cursors_lock:
                self._cursors.append(cursor)
            local.cursor, local.generation = cursor, generation
        return local.cursor

    # -- reads -------------------------------------------------------------------------------
    def _guarded(self, fn: Callable[[], T], generation: int) -> T:
        try:
            return fn()
        except duckdb.FatalException:
            log.warning("DuckDB invalidated the database; reconnecting")
            with self._write_lock:
                if generation == self._generation:  # not yet done by another session
                    self.reconnect()
            raise DatabaseUnavailable("error.database_reconnected") from None
        except duckdb.ConnectionException:
            # The connection was swapped under this read (a rebuild or a reconnect in another session).
            if generation == self._generation and not self._swapping:
                raise
            raise DatabaseUnavailable("error.database_reconnected") from None

    def fetchall(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[tuple]:
        return self.cursor().execute(sql, params or []).fetchall()

    def fetchone(self, sql: str, params: Sequence[Any] | dict | None = None) -> tuple | None:
        # fetchall: a half-read result keeps its read transaction open (and blocks CHECKPOINT).
        rows = self.fetchall(sql, params)
        return rows[0] if rows else None

    def fetch_df(self, sql: str, params: Sequence[Any] | dict | None = None):
        return self.cursor().execute(sql, params or []).df()

    def data_version(self) -> tuple[int, int]:
        """What a value computed from reads of this database is good for: while it stays the same, no write
        (nor a reconnect or a swapped file) has changed the stored rows. Read it before computing. It moves
        when a write starts (a read overlapping it does not keep its result) and again when it ends (a read
        in between saw the old rows). Bookkeeping writes (`write(..., bookkeeping=True)`) leave it: those that
        write only rows no kept value is computed from (an audit row of a read or search, a session's
        last-seen time, a draft), so logging a page's reads does not throw away what it shows."""
        return self._generation, _writes

    # -- writes ------------------------------------------------------------------------------
    def write(self, work: Callable[[duckdb.DuckDBPyConnection], T], *, bookkeeping: bool = False) -> T:
        """Run `work(cursor)` in one transaction; all or nothing.

        Conflicts with another writer are retried with a short back-off; any other error rolls
        back and propagates. `bookkeeping`: `work` writes only audit, session or draft rows (see data_version).
        """
        attempt = 0
        while True:
            attempt += 1
            with self._write_lock:
                cur = self._con.cursor()
                _after_commit.hooks = []
                if not bookkeeping:
                    _count_write()
                try:
                    cur.begin()
                    result = work(cur)
                    cur.commit()
                    hooks, _after_commit.hooks = _after_commit.hooks, []
                    for hook in hooks:
                        hook()
                    return result
                except duckdb.FatalException as exc:
                    log.error("DuckDB invalidated the database during a write; reconnecting: %s", exc)
                    self.reconnect()
                    key = "error.storage_full_reconnected" if _is_storage_full(exc) else "error.database_reconnected"
                    raise DatabaseUnavailable(key) from None
                except Exception as exc:
                    try:
                        cur.rollback()
                    except duckdb.Error:
                        pass
                    if _is_conflict(exc) and attempt < MAX_WRITE_ATTEMPTS:
                        log.info("write conflict, retrying (attempt %d)", attempt)
                    elif _is_storage_full(exc):
                        log.error("write refused, storage full: %s", exc)
                        raise StorageFull() from None
                    else:
                        raise
                finally:
                    _after_commit.hooks = None
                    cur.close()
                    if not bookkeeping:
                        _count_write()
            time.sleep(0.01 * attempt)

    def release_cursor(self) -> None:
        """Close this thread's read cursor, ending any half-read result and its transaction."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is not None:
            with self._cursors_lock:
                self._cursors = [c for c in self._cursors if c is not cursor]
            try:
                cursor.close()
            except duckdb.Error:
                pass
            self._local.cursor = None

    def checkpoint(self) -> None:
        self.release_cursor()
        with self._write_lock:
            try:
                self._con.execute("CHECKPOINT")
            except duckdb.FatalException as exc:
                self.reconnect()
                key = "error.storage_full_reconnected" if _is_storage_full(exc) else "error.database_reconnected"
                raise DatabaseUnavailable(key) from None

    # -- whole-file operations -----------------------------------------------------------------
    def copy_to(self, dest: str, *, compact: bool = False) -> int:
        """Write a consistent copy of the whole database to a new file `dest`; returns its size.

        By default the file is checkpointed and copied byte for byte (with its WAL, should a reader
        have kept the checkpoint from finishing) while the write lock keeps writers out; readers go
        on. That takes about as long as copying the file. `compact=True` instead copies the live rows
        into a fresh database (COPY FROM DATABASE, one snapshot): slower, but text deleted here is
        not in it. Either way the copy is written beside `dest`, verified by opening it, flushed,
        and only then renamed into place, so a full disk leaves no half-written file behind.
        """
        dest = os.path.abspath(dest)
        if os.path.exists(dest):  # a copy never replaces a file, least of all another backup
            raise FileExistsError(dest)
        partial = f"{dest}.{uuid.uuid4().hex[:8]}.partial"
        self.release_cursor()
        with self._write_lock:
            try:
                if compact or not self.is_file:
                    self._copy_live_rows(partial)
                else:
                    self._copy_file(partial)
                _verify_database_file(partial)
                _fsync(partial)
                os.link(partial, dest)  # unlike rename, fails rather than replace a file that appeared meanwhile
                os.remove(partial)
            except Exception as exc:
                _remove_quietly(partial, partial + ".wal")
                if isinstance(exc, duckdb.FatalException):  # the checkpoint failed: start afresh
                    log.error("DuckDB invalidated the database during a copy; reconnecting: %s", exc)
                    self.reconnect()
                if _is_storage_full(exc):
                    raise StorageFull() from None
                raise
        return os.path.getsize(dest)

    def _copy_file(self, partial: str) -> None:
        try:
            self._con.execute("CHECKPOINT")
        except (duckdb.FatalException, duckdb.IOException):
            raise
        except duckdb.Error as exc:  # a long read kept it from finishing: the WAL is copied too
            log.info("checkpoint before backup did not finish (%s); copying the WAL as well", exc)
        shutil.copyfile(self.path, partial)
        if os.path.exists(self.path + ".wal"):
            shutil.copyfile(self.path + ".wal", partial + ".wal")
            con = duckdb.connect(partial)  # replays the WAL into the copy, leaving one file
            try:
                con.execute("CHECKPOINT")
            finally:
                con.close()

    def _copy_live_rows(self, partial: str) -> None:
        # DuckDB cannot bind identifiers: the alias is generated here (hex only) and the source name
        # comes from DuckDB itself, quoted; the file path is bound.
        alias = "copy_" + uuid.uuid4().hex[:12]
        source = self._con.execute("SELECT current_database()").fetchall()[0][0]
        self._con.execute(f"ATTACH ? AS {alias}", [partial])
        try:
            self._con.execute(f"COPY FROM DATABASE {_quote_identifier(source)} TO {alias}")
        finally:
            self._con.execute(f"DETACH {alias}")

    def rebuild(self) -> tuple[int, int]:
        """Copy the database into a fresh file and swap it in, so deleted text is physically gone.

        DuckDB marks deleted rows but keeps their bytes in the file until blocks are reused; a fresh
        copy holds only live rows. Returns the file size before and after.
        """
        if not self.is_file:
            return 0, 0
        with self._write_lock:
            self.checkpoint()
            before = os.path.getsize(self.path)
            fresh = f"{self.path}.rebuild"
            _remove_quietly(fresh, fresh + ".wal")
            self.copy_to(fresh, compact=True)
            self._disconnect()
            try:
                os.replace(fresh, self.path)
                _remove_quietly(self.path + ".wal")
            finally:
                try:
                    self._con = self._connect()
                finally:
                    self._swapping = False
            return before, os.path.getsize(self.path)


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _verify_database_file(path: str) -> None:
    """Open a copy read-only and read its schema version: a copy that does not open is no copy."""
    con = duckdb.connect(path, read_only=True)
    try:
        con.execute("SELECT max(version) FROM schema_migrations").fetchall()
    finally:
        con.close()


# The process's one Database per path, shared by Streamlit's sessions and the web routes beside them
# (reviews/web): a second DuckDB connection to the same file from the same process would be refused.
_shared: dict[str, Database] = {}
_shared_lock = threading.Lock()


def shared(path: str, on_open: Callable[[Database], None] | None = None) -> Database:
    """The Database on `path` for this process, opened (and `on_open` called) the first time it is asked for."""
    with _shared_lock:
        database = _shared.get(path)
        if database is None:
            database = Database(path)
            if on_open is not None:
                on_open(database)
            _shared[path] = database
        return database


def forget_shared(path: str) -> None:
    """Drop the registry's entry (the caller has closed it), so the next `shared` opens the file afresh."""
    with _shared_lock:
        _shared.pop(path, None)
