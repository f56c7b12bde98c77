"""Shared fixtures: real DuckDB databases (in memory or in files), demo data, users per role."""

from __future__ import annotations

import os

os.environ.setdefault("REVIEWS_PASSWORD_PROFILE", "cheap")  # before reviews.services.auth is imported
# No daily-backup thread in test apps (and their browser servers): its audit rows would land mid-test.
os.environ.setdefault("REVIEWS_AUTO_BACKUP", "0")

import shutil
from pathlib import Path

import pytest

from reviews.demo import DEMO_USERS, load_demo
from reviews.models import Role, User
from reviews.services import auth
from reviews.storage.database import Database

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db():
    """An empty, migrated in-memory database."""
    database = Database(":memory:")
    yield database
    database.close()


@pytest.fixture
def users(db) -> dict[Role, User]:
    """One active user per role in `db`."""
    return {role: auth.create_user_unchecked(db, None, username=role.value, full_name=f"Test {role.value}",
                                             role=role, password="test-password-1")
            for role in Role}


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory) -> Path:
    """A database file with the demo data, built once per test session."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    database = Database(str(path))
    load_demo(database)
    database.checkpoint()
    database.close()
    return path


@pytest.fixture
def demo_db_path(demo_db_file, tmp_path) -> Path:
    """A private copy of the demo database for one test."""
    path = tmp_path / "workbench.duckdb"
    shutil.copy(demo_db_file, path)
    return path


@pytest.fixture
def demo_db(demo_db_path):
    database = Database(str(demo_db_path))
    yield database
    database.close()


def signed_in_app(monkeypatch, path, user: User, **params):
    """The whole app (app.py) in AppTest on the database file `path`, signed in as `user`, in Danish, with
    `params` as query parameters; not run yet."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("REVIEWS_DB", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["user"] = user
    at.session_state["lang"] = "da"
    for name, value in params.items():
        at.query_params[name] = str(value)
    return at


def demo_user(database: Database, role: Role) -> User:
    username = next(u.username for u in DEMO_USERS if u.role == role)
    return next(u for u in auth.list_users(database, _ADMIN) if u.username == username)


_ADMIN = User(id=0, username="test-admin", full_name="Test", role=Role.ADMINISTRATOR)
