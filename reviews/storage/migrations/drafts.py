"""Drafts: the unsaved text of a finding, learning point or minutes item, kept per user so a reload loses nothing."""

from reviews.storage.migrations import Migration

MIGRATIONS = [
    Migration(
        6,
        "drafts",
        (
            # One row per user and field; the record key names what the text belongs to (for example
            # "review:case" of a new finding). CPR numbers are masked before a draft is stored.
            """CREATE TABLE drafts (
                user_id INTEGER NOT NULL,
                kind VARCHAR NOT NULL,
                record_key VARCHAR NOT NULL,
                text VARCHAR NOT NULL,
                saved_at TIMESTAMP NOT NULL,
                PRIMARY KEY (user_id, kind, record_key))""",
        ),
    ),
    Migration(
        8,
        "drafts_base_version",
        (
            # The version of the record the draft's text was written against (NULL for a new record), so
            # a draft restored after someone else saved a newer version is saved with the stale check.
            "ALTER TABLE drafts ADD COLUMN base_version INTEGER",
        ),
    ),
]
