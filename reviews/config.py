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


def load_settings() -> Settings:
    return Settings(
        db_path=os.environ.get("REVIEWS_DB", str(DEFAULT_DB_PATH)),
        idle_timeout_minutes=int(os.environ.get("REVIEWS_IDLE_MINUTES", "30")),
        municipality=os.environ.get("REVIEWS_MUNICIPALITY", "Eksempel Kommune"),
        timezone=os.environ.get("REVIEWS_TIMEZONE", "Europe/Copenhagen"),
        demo_mode=os.environ.get("REVIEWS_DEMO", "1") == "1",
    )
