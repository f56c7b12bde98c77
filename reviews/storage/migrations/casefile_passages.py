"""Passages of case files cited by findings (version 54): a finding points at a character range of one page.

The excerpt is copied from the page's masked text when the passage is cited, so the finding keeps what it
quoted; `para_first`/`para_last` are the page's paragraphs the range overlaps (the units of passage
agreement), fixed at the same moment. No FOREIGN KEYs (see CONVENTIONS.md): the services check references.
"""

from reviews.storage.migrations import Migration

MIGRATIONS = [
    Migration(
        54,
        "finding_passages",
        (
            "CREATE SEQUENCE finding_passage_id_seq",
            """CREATE TABLE finding_passages (
                id INTEGER PRIMARY KEY DEFAULT nextval('finding_passage_id_seq'),
                finding_id INTEGER NOT NULL,
                document_id INTEGER NOT NULL,
                page_no INTEGER NOT NULL,
                char_start INTEGER NOT NULL,
                char_end INTEGER NOT NULL,
                para_first INTEGER NOT NULL,
                para_last INTEGER NOT NULL,
                excerpt VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL)""",
        ),
    ),
]
