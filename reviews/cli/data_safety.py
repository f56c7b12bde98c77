"""backup, restore, retention, rebuild, audit-extract: the data's life cycle from the command line.

`backup` and `restore` are for a stopped app: DuckDB lets one process hold the file, so while the app
runs they say so (exit 2) and point to the administrator's page, which takes backups from inside the
running app.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from reviews import clock
from reviews.cli.common import CLI_ACTOR, open_db
from reviews.config import backup_dir_for, load_settings
from reviews.errors import DatabaseUnavailable, ValidationError
from reviews.i18n import LOCAL_TZ, t
from reviews.models.data_safety import RecordKind, backup_name
from reviews.services import insight, retention
from reviews.services.audit import record
from reviews.storage.database import Database
from reviews.storage.files import copy_atomic, database_version, ensure_unlocked, next_backup_path, write_atomic
from reviews.storage.migrations import all_migrations


def register(subparsers) -> None:
    p = subparsers.add_parser("backup", help="copy the database to DEST (a file or a folder); the app must be stopped")
    p.add_argument("dest", type=Path)
    p.set_defaults(handler=cmd_backup)
    p = subparsers.add_parser("restore", help="replace the database with the backup SRC; the app must be stopped")
    p.add_argument("src", type=Path)
    p.set_defaults(handler=cmd_restore)
    p = subparsers.add_parser("retention", help="show what the deletion job would delete; --run deletes it")
    p.add_argument("--run", action="store_true", help="delete, then rebuild the file so deleted text is gone")
    p.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)  # tests: run as of another day
    p.set_defaults(handler=cmd_retention)
    p = subparsers.add_parser("rebuild", help="copy the database into a fresh file, leaving deleted text behind")
    p.set_defaults(handler=cmd_rebuild)
    p = subparsers.add_parser("audit-extract", help="every logged use of one person's data, as CSV (insight request)")
    p.add_argument("--pseudonym", required=True, help='the pseudonym, e.g. "Familie 17"')
    p.add_argument("-o", "--output", required=True, type=Path, help="the CSV file to write")
    p.add_argument("--purpose", default=insight.INSIGHT_PURPOSE, help="why the extract is made (logged)")
    p.add_argument("--with-users", action="store_true",
                   help="add the employees' user names (for the data protection authority, not the citizen)")
    p.add_argument("--lang", choices=("da", "en"), default="da")
    p.set_defaults(handler=cmd_audit_extract)


def _db_path(args) -> str:
    return os.path.abspath(args.db or load_settings().db_path)


def _open_stopped(args) -> Database:
    """The database for a command that needs the app stopped; a clear message when it runs."""
    try:
        return open_db(args)
    except DatabaseUnavailable as exc:
        if exc.key == "error.database_locked":
            raise DatabaseUnavailable("error.app_holds_lock", path=_db_path(args)) from None
        raise


def cmd_backup(args) -> int:
    dest = args.dest
    if dest.is_dir() or str(dest).endswith(os.sep):
        dest = dest / backup_name(clock.now(), LOCAL_TZ)
    if dest.exists():
        raise ValidationError("error.backup_exists", path=str(dest))
    db = _open_stopped(args)
    try:
        db.write(lambda cur: record(cur, CLI_ACTOR, "backup", record_type="database", record_id=dest.name,
                                    details={"command_line": True}))
        dest.parent.mkdir(parents=True, exist_ok=True)
        size = db.copy_to(str(dest))
    finally:
        db.close()
    print(t("cli.backup_done", "da", path=str(dest), size=f"{size:,}".replace(",", ".")))
    return 0


def cmd_restore(args) -> int:
    target = _db_path(args)
    src = os.path.abspath(args.src)
    if src == target:
        raise ValidationError("error.restore_same_file")
    version = database_version(src)
    newest = max(m.version for m in all_migrations())
    if version > newest:
        raise ValidationError("error.backup_too_new", version=version, newest=newest)
    ensure_unlocked(target)
    safety_copy = None
    if os.path.exists(target):
        # What is replaced is kept as an ordinary backup, so a restore can be undone (and ages out).
        folder = backup_dir_for(target)
        os.makedirs(folder, exist_ok=True)
        current = Database(target)
        try:
            safety_copy = next_backup_path(folder, clock.now())
            current.copy_to(safety_copy)
        finally:
            current.close()
    os.makedirs(os.path.dirname(target), exist_ok=True)
    copy_atomic(src, target)
    if os.path.exists(target + ".wal"):
        os.remove(target + ".wal")
    db = Database(target)  # applies migrations if the backup is older than the code
    try:
        db.write(lambda cur: record(cur, CLI_ACTOR, "restore", record_type="database", record_id=os.path.basename(src),
                                    details={"from": src, "schema_version": version}))
        db.checkpoint()
    finally:
        db.close()
    print(t("cli.restore_done", "da", src=src, target=target))
    if safety_copy:
        print(t("cli.restore_safety_copy", "da", path=safety_copy))
    return 0


def cmd_retention(args) -> int:
    db = _open_stopped(args)
    try:
        todo = retention.plan(db, CLI_ACTOR, today=args.today)
        for kind in RecordKind:
            print(f"{t(f'value.{kind.value}', 'da')}: {todo.count(kind)} "
                  f"({t('cli.retention_cutoff', 'da', date=todo.cutoffs[kind].isoformat())})")
        if not args.run:
            print(t("cli.retention_dry_run", "da"))
            return 0
        result = retention.run(db, CLI_ACTOR, today=args.today)
    finally:
        db.close()
    print(t("cli.retention_done", "da", rows=result.rows_deleted, before=result.file_bytes_before,
            after=result.file_bytes_after))
    return 0


def cmd_rebuild(args) -> int:
    db = _open_stopped(args)
    try:
        before, after = db.rebuild()
        db.write(lambda cur: record(cur, CLI_ACTOR, "change", record_type="database", details={"rebuilt": True}))
    finally:
        db.close()
    print(t("cli.rebuild_done", "da", before=before, after=after))
    return 0


def cmd_audit_extract(args) -> int:
    db = _open_stopped(args)
    try:
        data, rows = insight.audit_extract(db, CLI_ACTOR, args.pseudonym, purpose=args.purpose,
                                           include_users=args.with_users, lang=args.lang)
    finally:
        db.close()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(args.output, data)
    print(t("cli.audit_extract_done", "da", rows=rows, path=str(args.output)), file=sys.stdout)
    return 0
