"""Versioned schema migrations, applied in order at start and recorded in `schema_migrations`.

Each feature owns a range of version numbers so features can add migrations independently:
1-9 core (2: local accounts, migrations/auth.py; 3: access by need, migrations/access.py; 4: sessions; 5: single sign-on, migrations/sso.py; 6 and 8: drafts), 10-19 case review, 20-29 ombudsman, 30-39 meetings and minutes, 40-49 data safety, 50-59 case files (migrations/casefiles.py; 53 search, migrations/casefile_search.py; 54 passages, migrations/casefile_passages.py), 7 the municipality's Word template (migrations/word_template.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviews.storage import changes

if TYPE_CHECKING:
    from reviews.storage.database import Database


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def all_migrations() -> list[Migration]:
    from reviews.storage.migrations import core

    found: list[Migration] = [*core.MIGRATIONS]
    for module_name in ("auth", "access", "sessions", "sso", "drafts", "case_review", "ombudsman", "minutes", "data_safety",
                        "casefiles", "word_template", "casefile_search", "casefile_passages"):
        try:
            module = __import__(f"reviews.storage.migrations.{module_name}", fromlist=["MIGRATIONS"])
        except ModuleNotFoundError as exc:
            if exc.name != f"reviews.storage.migrations.{module_name}":
                raise
            continue
        found.extend(module.MIGRATIONS)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"duplicate migration versions: {sorted(versions)}")
    return sorted(found, key=lambda m: m.version)


def apply_migrations(db: Database) -> list[int]:
    """Apply every migration not yet recorded; each in its own transaction. Returns those applied."""

    def ensure_table(cur) -> None:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )

    db.write(ensure_table)
    done = {row[0] for row in db.fetchall("SELECT version FROM schema_migrations")}
    applied = []
    for migration in all_migrations():
        if migration.version in done:
            continue

        def run(cur, migration=migration) -> None:
            changes.changed(changes.ACCESS)  # a migration may rewrite what access reads (migrations/access.py)
            for statement in migration.statements:
                cur.execute(statement)
            cur.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                [migration.version, migration.name, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
            )

        db.write(run)
        applied.append(migration.version)
    return applied


def current_version(db: Database) -> int:
    row = db.fetchone("SELECT max(version) FROM schema_migrations")
    return int(row[0] or 0)
