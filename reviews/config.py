"""Settings read from the environment, with defaults that suit a single municipality."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "workbench.duckdb"


@dataclass(frozen=True)
class Settings:
    db_path: str
    idle_timeout_minutes: int
    municipality: str
    timezone: str
    demo_mode: bool
    backup_dir: str  # where backups go; by default a folder beside the database file
    auto_backup: bool  # a background job takes a backup each day while the app runs


def default_backup_dir(db_path: str) -> str:
    if db_path.startswith(":memory:") or not db_path:
        return str(PROJECT_ROOT / "data" / "backups")
    return str(Path(db_path).resolve().parent / "backups")


def backup_dir_for(db_path: str) -> str:
    return os.environ.get("REVIEWS_BACKUP_DIR") or default_backup_dir(db_path)


def load_settings() -> Settings:
    db_path = os.environ.get("REVIEWS_DB", str(DEFAULT_DB_PATH))
    return Settings(
        db_path=db_path,
        idle_timeout_minutes=int(os.environ.get("REVIEWS_IDLE_MINUTES", "30")),
        municipality=os.environ.get("REVIEWS_MUNICIPALITY", "Eksempel Kommune"),
        timezone=os.environ.get("REVIEWS_TIMEZONE", "Europe/Copenhagen"),
        demo_mode=os.environ.get("REVIEWS_DEMO", "1") == "1",
        backup_dir=backup_dir_for(db_path),
        auto_backup=os.environ.get("REVIEWS_AUTO_BACKUP", "1") == "1",
    )
