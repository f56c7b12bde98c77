"""Backups: a consistent copy of the whole database, taken from the running app, by hand or daily.

A backup holds everything, so only administrators take, list and download them, and each of those
is logged. Files are named `backup-YYYYMMDD-HHMMSS[-auto].duckdb` (local time) in the backup folder;
the newest `backups_kept` are kept. A backup is a fresh copy, so text deleted by the retention job is
not in backups taken after it; older backups age out after `backups_kept` days.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import threading
import time

from reviews import clock
from reviews.config import backup_dir_for
from reviews.errors import NotFound
from reviews.i18n import LOCAL_TZ
from reviews.models import Role, User
from reviews.models.data_safety import BackupInfo
from reviews.services.audit import record
from reviews.services.permissions import requires
from reviews.storage.files import next_backup_path
from reviews.storage.retention import load_policy

log = logging.getLogger(__name__)

# The daily backup runs as this account, so its audit rows say who did it.
SYSTEM_ACTOR = User(id=0, username="system", full_name="Automatisk job", role=Role.ADMINISTRATOR)
DAILY = dt.timedelta(hours=24)
_NAME = re.compile(r"^backup-(\d{8}-\d{6})(-auto)?\.duckdb$")


def _folder(db) -> str:
    return backup_dir_for(db.path)


def _scan(folder: str) -> list[BackupInfo]:
    found = []
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    for name in names:
        match = _NAME.match(name)
        if not match:
            continue
        local = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=LOCAL_TZ)
        created = local.astimezone(dt.UTC).replace(tzinfo=None)
        try:
            size = os.path.getsize(os.path.join(folder, name))
        except FileNotFoundError:
            continue
        found.append(BackupInfo(name, created, size, automatic=bool(match.group(2))))
    return sorted(found, key=lambda b: (b.created_at, b.name), reverse=True)


# The data-safety page lists the backups on every rerun. The listing is kept per folder while the folder's
# modification stamp is unchanged (adding, renaming or removing a file moves it). A stamp younger than
# SETTLED_NS is not trusted: a second change within the file system's timestamp granularity could leave it
# as it was, so such a listing is not kept.
SETTLED_NS = 2_000_000_000
_listings: dict[str, tuple[tuple[int, int, int], list[BackupInfo]]] = {}
_listings_lock = threading.Lock()
_scans = 0


def scans() -> int:
    """How many times this process has listed a backup folder for the page (not served from the cache)."""
    return _scans


def _listing(folder: str) -> list[BackupInfo]:
    global _scans
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return []
    stamp = (info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    with _listings_lock:
        held = _listings.get(folder)
    if held is not None and held[0] == stamp:
        return list(held[1])
    with _listings_lock:
        _scans += 1
    found = _scan(folder)
    if time.time_ns() - info.st_mtime_ns >= SETTLED_NS:
        with _listings_lock:
            _listings[folder] = (stamp, found)
    return list(found)


def _forget_listing(folder: str) -> None:
    with _listings_lock:
        _listings.pop(folder, None)


def _take(db, actor: User, *, automatic: bool) -> BackupInfo:
    folder = _folder(db)
    os.makedirs(folder, exist_ok=True)
    path = next_backup_path(folder, clock.now(), automatic=automatic)
    name = os.path.basename(path)
    # The audit row goes in first, so the backup itself records that it was taken.
    db.write(lambda cur: record(cur, actor, "backup", record_type="database", record_id=name,
                                details={"automatic": automatic}))
    try:
        db.copy_to(path)
        _prune(folder, load_policy(db.cursor()).backups_kept)
    finally:
        _forget_listing(folder)
    return next(b for b in _scan(folder) if b.name == name)  # the newest is never pruned


def _prune(folder: str, keep: int) -> list[str]:
    removed = []
    for old in _scan(folder)[max(keep, 1):]:
        try:
            os.remove(os.path.join(folder, old.name))
            removed.append(old.name)
        except FileNotFoundError:
            pass
    return removed


@requires("backup.manage")
def create_backup(db, actor: User) -> BackupInfo:
    return _take(db, actor, automatic=False)


@requires("backup.manage")
def list_backups(db, actor: User) -> list[BackupInfo]:
    return _listing(_folder(db))


@requires("backup.manage")
def backup_folder(db, actor: User) -> str:
    return _folder(db)


@requires("backup.manage")
def read_backup(db, actor: User, name: str, *, purpose: str = "") -> bytes:
    """The bytes of one backup for download; only names from the listing (no paths) are served."""
    if name not in {b.name for b in _scan(_folder(db))}:
        raise NotFound()
    with open(os.path.join(_folder(db), name), "rb") as fh:
        data = fh.read()
    db.write(lambda cur: record(cur, actor, "export", record_type="backup", record_id=name, purpose=purpose))
    return data


@requires("backup.manage")
def daily_backup_if_due(db, actor: User) -> BackupInfo | None:
    """Take the automatic backup when the newest automatic one is a day old or more."""
    automatic = [b for b in _scan(_folder(db)) if b.automatic]
    if automatic and clock.now() - automatic[0].created_at < DAILY:
        return None
    return _take(db, actor, automatic=True)
