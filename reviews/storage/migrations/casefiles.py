"""Case files («Sagsakter», versions 50-54): the documents of a case, their pages, and the OCR jobs.

A page holds its masked text, the character offsets of its paragraphs (for coding passages later) and its
redacted image; the uploaded original is not stored. No FOREIGN KEYs (see CONVENTIONS.md).
"""

from reviews.storage.migrations import Migration

MIGRATIONS = [
    Migration(
        50,
        "casefile_documents",
        (
            "CREATE SEQUENCE casefile_id_seq",
            """CREATE TABLE casefile_documents (
                id INTEGER PRIMARY KEY DEFAULT nextval('casefile_id_seq'),
                case_id INTEGER NOT NULL,
                parent_id INTEGER,
                doc_type VARCHAR NOT NULL,
                doc_date DATE,
                title VARCHAR NOT NULL,
                author_unit VARCHAR NOT NULL DEFAULT '',
                source_name VARCHAR NOT NULL,
                source_kind VARCHAR NOT NULL,
                page_count INTEGER NOT NULL,
                masked_cpr INTEGER NOT NULL DEFAULT 0,
                status VARCHAR NOT NULL,
                metadata VARCHAR NOT NULL DEFAULT '{}',
                imported_at TIMESTAMP NOT NULL,
                imported_by INTEGER,
                updated_at TIMESTAMP NOT NULL,
                version INTEGER NOT NULL DEFAULT 1)""",
        ),
    ),
    Migration(
        51,
        "casefile_pages",
        (
            # No index: OCR updates the text and image of a page in place.
            """CREATE TABLE casefile_pages (
                document_id INTEGER NOT NULL,
                page_no INTEGER NOT NULL,
                text VARCHAR NOT NULL,
                paragraph_starts INTEGER[] NOT NULL,
                paragraph_ends INTEGER[] NOT NULL,
                masked_cpr INTEGER NOT NULL DEFAULT 0,
                needs_ocr BOOLEAN NOT NULL DEFAULT FALSE,
                ocr BOOLEAN NOT NULL DEFAULT FALSE,
                image BLOB,
                image_width INTEGER NOT NULL DEFAULT 0,
                image_height INTEGER NOT NULL DEFAULT 0)""",
        ),
    ),
    Migration(
        52,
        "casefile_jobs",
        (
            "CREATE SEQUENCE casefile_job_id_seq",
            """CREATE TABLE casefile_jobs (
                id INTEGER PRIMARY KEY DEFAULT nextval('casefile_job_id_seq'),
                case_id INTEGER NOT NULL,
                kind VARCHAR NOT NULL,
                status VARCHAR NOT NULL,
                total INTEGER NOT NULL,
                done INTEGER NOT NULL DEFAULT 0,
                message VARCHAR NOT NULL DEFAULT '',
                created_by INTEGER,
                created_at TIMESTAMP NOT NULL,
                finished_at TIMESTAMP)""",
        ),
    ),
]
