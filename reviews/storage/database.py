"""The one DuckDB connection of this process.

Reads use a cursor per thread (Streamlit runs each session in its own thread); writes go through
`Database.write`, which serialises them behind one lock, runs them in a transaction and retries
DuckDB's optimistic-concurrency conflicts. Nothing outside `reviews.storage` sees SQL.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import duckdb

from reviews.errors import DatabaseUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_WRITE_ATTEMPTS = 5


def _is_conflict(exc: Exception) -> bool:
    return isinstance(exc, duckdb.TransactionException) and "conflict" in str(exc).lower()


class Database:
    """A DuckDB database file (or `:memory:`) with serialised, retried writes."""

    def __init__(self, path: str = ":memory:", *, migrate: bool = True) -> None:
        self.path = path
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._generation = 0
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
            try:
                self._con.close()
            except duckdb.Error:
                pass
            self._con = self._connect()
            self._generation += 1

    def close(self) -> None:
        self.release_cursor()
        with self._write_lock:
            self._con.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's read cursor."""
        local = self._local
        if getattr(local, "generation", None) != self._generation or getattr(local, "cursor", None) is None:
            local.cursor = self._con.cursor()
            local.generation = self._generation
        return local.cursor

    # -- reads -------------------------------------------------------------------------------
    def _with_reconnect(self, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except duckdb.FatalException:
            log.warning("DuckDB invalidated the database; reconnecting")
            self.reconnect()
            raise DatabaseUnavailable("error.database_reconnected") from None

    def fetchall(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[tuple]:
        return self._with_reconnect(lambda: self.cursor().execute(sql, params or []).fetchall())

    def fetchone(self, sql: str, params: Sequence[Any] | dict | None = None) -> tuple | None:
        # fetchall: a half-read result keeps its read transaction open (and blocks CHECKPOINT).
        rows = self.fetchall(sql, params)
        return rows[0] if rows else None

    def fetch_df(self, sql: str, params: Sequence[Any] | dict | None = None):
        return self._with_reconnect(lambda: self.cursor().execute(sql, params or []).df())

    # -- writes ------------------------------------------------------------------------------
    def write(self, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Run `work(cursor)` in one transaction; all or nothing.

        Conflicts with another writer are retried with a short back-off; any other error rolls
        back and propagates.
        """
        attempt = 0
        while True:
            attempt += 1
            with self._write_lock:
                cur = self._con.cursor()
                try:
                    cur.begin()
                    result = work(cur)
                    cur.commit()
                    return result
                except duckdb.FatalException:
                    self.reconnect()
                    raise DatabaseUnavailable("error.database_reconnected") from None
                except Exception as exc:
                    try:
                        cur.rollback()
                    except duckdb.Error:
                        pass
                    if _is_conflict(exc) and attempt < MAX_WRITE_ATTEMPTS:
                        log.info("write conflict, retrying (attempt %d)", attempt)
                    else:
                        raise
                finally:
                    cur.close()
            time.sleep(0.01 * attempt)

    def release_cursor(self) -> None:
        """Close this thread's read cursor, ending any half-read result and its transaction."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is not None:
            cursor.close()
            self._local.cursor = None

    def checkpoint(self) -> None:
        self.release_cursor()
        with self._write_lock:
            self._con.execute("CHECKPOINT")
