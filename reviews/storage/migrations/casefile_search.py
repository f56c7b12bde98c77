"""Case-file search («Søg i sagsakter», version 53): an inverted index of the pages' masked text.

Kept in the database itself, so backups, restore, retention and a later port to another database carry it.
A dictionary of stems (term ids), the postings (which page holds a stem, how often) and each page's length
in indexed words, for BM25. No indexes and no keys: the postings are rewritten per page as OCR fills it,
and DuckDB's zone maps over term_id serve the look-ups (storage/casefile_search.py keeps them sorted).
"""

from reviews.storage.migrations import Migration

MIGRATIONS = [
    Migration(
        53,
        "casefile_search_index",
        (
            "CREATE SEQUENCE casefile_search_term_seq",
            """CREATE TABLE casefile_search_terms (
                term_id INTEGER NOT NULL,
                term VARCHAR NOT NULL)""",
            """CREATE TABLE casefile_search_postings (
                term_id INTEGER NOT NULL,
                document_id INTEGER NOT NULL,
                page_no INTEGER NOT NULL,
                tf INTEGER NOT NULL)""",
            """CREATE TABLE casefile_search_pages (
                document_id INTEGER NOT NULL,
                page_no INTEGER NOT NULL,
                length INTEGER NOT NULL)""",
        ),
    ),
]
