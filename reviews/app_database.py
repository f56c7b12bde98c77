"""The running app's database: one per process, shared by the Streamlit sessions and the web routes."""

from __future__ import annotations

from reviews.config import load_settings
from reviews.jobs import start_daily_backups
from reviews.storage import database as registry
from reviews.storage.database import Database


def _open(database: Database) -> None:
    if load_settings().auto_backup and database.is_file:
        start_daily_backups(database)


def app_database(path: str | None = None) -> Database:
    """The process's Database on `path` (the configured one by default), with the daily backups started."""
    return registry.shared(path or load_settings().db_path, _open)


def forget(path: str) -> None:
    registry.forget_shared(path)
