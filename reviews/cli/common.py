"""Helpers shared by the command-line modules."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reviews.config import load_settings
from reviews.models import Role, User
from reviews.storage.database import Database
from reviews.storage.files import write_atomic

# The command line runs as the machine's operator, who already holds the database file.
CLI_ACTOR = User(id=0, username="kommandolinje", full_name="Kommandolinje", role=Role.ADMINISTRATOR)


def open_db(args) -> Database:
    path = args.db or load_settings().db_path
    if path != ":memory:":
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    return Database(path)


def read_input(path: Path) -> bytes | None:
    """The file's bytes, or None after saying on stderr why it cannot be read (the command then exits 2)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        print(f"{path}: {exc.strerror}", file=sys.stderr)
        return None


def write_output(path: Path, data: bytes) -> bool:
    """Write atomically; False after saying on stderr why it failed (the command then exits 2)."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        print(f"{path}: {exc.strerror}", file=sys.stderr)
        return False
    return True
