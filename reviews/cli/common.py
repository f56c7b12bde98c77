"""Helpers shared by the command-line modules."""

from __future__ import annotations

import os

from reviews.config import load_settings
from reviews.models import Role, User
from reviews.storage.database import Database

# The command line runs as the machine's operator, who already holds the database file.
CLI_ACTOR = User(id=0, username="kommandolinje", full_name="Kommandolinje", role=Role.ADMINISTRATOR)


def open_db(args) -> Database:
    path = args.db or load_settings().db_path
    if path != ":memory:":
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    return Database(path)
