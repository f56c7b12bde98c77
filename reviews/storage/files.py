"""Files written whole or not at all: exports, backups and restores never leave half a file.

Data goes to a temporary file beside the target, is flushed to disk, and only then renamed over the
target (an atomic step on POSIX). When the disk is full the temporary file is removed and
`StorageFull` is raised; whatever was at the target before is untouched.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import uuid
from collections.abc import Callable

import duckdb

from reviews.errors import DatabaseUnavailable, StorageFull, ValidationError
from reviews.i18n import LOCAL_TZ
from reviews.models.data_safety import backup_name

_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def _partial(path: str) -> str:
    return f"{path}.{uuid.uuid4().hex[:8]}.partial"


def _commit(partial: str, path: str) -> None:
    fd = os.open(partial, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(partial, path)


def _atomically(path: str | os.PathLike, fill: Callable[[str], object]) -> None:
    path = os.fspath(path)
    partial = _partial(path)
    try:
        fill(partial)
        _commit(partial, path)
    except OSError as exc:
        _remove(partial)
        if exc.errno in _FULL:
            raise StorageFull() from None
        raise


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    def fill(partial: str) -> None:
        with open(partial, "wb") as fh:
            fh.write(data)

    _atomically(path, fill)


def copy_atomic(source: str | os.PathLike, path: str | os.PathLike) -> None:
    _atomically(path, lambda partial: shutil.copyfile(source, partial))


def next_backup_path(folder: str, moment_utc: dt.datetime, *, automatic: bool = False) -> str:
    """A backup file name in `folder` for this moment that no file has yet (one second later if taken)."""
    while True:
        path = os.path.join(folder, backup_name(moment_utc, LOCAL_TZ, automatic=automatic))
        if not os.path.exists(path):
            return path
        moment_utc += dt.timedelta(seconds=1)


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def database_version(path: str) -> int:
    """The schema version of a workbench database file, opened read-only; refuses other files."""
    if not os.path.isfile(path):
        raise ValidationError("error.backup_missing", path=path)
    try:
        con = duckdb.connect(path, read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseUnavailable("error.database_locked", path=path) from None
        raise ValidationError("error.backup_not_database", path=path) from None
    except duckdb.Error:
        raise ValidationError("error.backup_not_database", path=path) from None
    try:
        return int(con.execute("SELECT max(version) FROM schema_migrations").fetchall()[0][0] or 0)
    except duckdb.Error:
        raise ValidationError("error.backup_not_database", path=path) from None
    finally:
        con.close()


def ensure_unlocked(path: str) -> None:
    """Raise `DatabaseUnavailable('error.app_holds_lock')` when another process has the file open."""
    if not os.path.exists(path):
        return
    try:
        duckdb.connect(path).close()
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseUnavailable("error.app_holds_lock", path=path) from None
        raise
