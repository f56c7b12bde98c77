"""The municipality's Word template: the one file every Word export starts from."""

from reviews.storage.migrations import Migration

MIGRATIONS = [
    Migration(
        7,
        "word_template",
        (
            # At most one row (id 1): the current template, already checked and stored as a .docx (a .dotx's
            # content type changed). `version` counts the uploads; removing the template deletes the row.
            """CREATE TABLE word_template (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                document BLOB NOT NULL,
                file_name VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                sha256 VARCHAR NOT NULL,
                size_bytes INTEGER NOT NULL,
                body_font VARCHAR NOT NULL,
                header_text VARCHAR NOT NULL,
                version INTEGER NOT NULL,
                uploaded_by INTEGER,
                uploaded_by_name VARCHAR NOT NULL,
                uploaded_at TIMESTAMP NOT NULL)""",
        ),
    ),
]
