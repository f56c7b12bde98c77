"""Meetings and minutes schema (versions 30-39): meetings of a review, their agenda items (Danish committee
structure), attendees, agreements, links from items to learning points, and the approved versions of the
minutes (a frozen copy of what was approved, so a correction is a new version and the old one is kept).

No FOREIGN KEYs (see CONVENTIONS.md): references are checked in reviews/services/meetings.py.
"""

from reviews.storage.migrations import Migration

MIGRATIONS = [
    Migration(
        30,
        "minutes",
        (
            "CREATE SEQUENCE review_meeting_id_seq",
            """CREATE TABLE review_meetings (
                id INTEGER PRIMARY KEY DEFAULT nextval('review_meeting_id_seq'),
                review_id INTEGER NOT NULL,
                kind VARCHAR NOT NULL,
                title VARCHAR NOT NULL,
                starts_at TIMESTAMP,
                duration_minutes INTEGER,
                place VARCHAR NOT NULL DEFAULT '',
                video_link VARCHAR NOT NULL DEFAULT '',
                purpose VARCHAR NOT NULL DEFAULT '',
                committee VARCHAR NOT NULL DEFAULT '',
                committee_item VARCHAR NOT NULL DEFAULT '',
                minutes_status VARCHAR NOT NULL,
                minutes_version INTEGER NOT NULL DEFAULT 1,
                approved_at TIMESTAMP,
                approved_by INTEGER,
                locked_at TIMESTAMP,
                created_at TIMESTAMP NOT NULL,
                created_by INTEGER,
                updated_at TIMESTAMP NOT NULL,
                updated_by INTEGER,
                version INTEGER NOT NULL DEFAULT 1)""",
            "CREATE SEQUENCE review_meeting_item_id_seq",
            """CREATE TABLE meeting_items (
                id INTEGER PRIMARY KEY DEFAULT nextval('review_meeting_item_id_seq'),
                meeting_id INTEGER NOT NULL,
                position INTEGER NOT NULL,
                title VARCHAR NOT NULL,
                resume VARCHAR NOT NULL DEFAULT '',
                recommendation VARCHAR NOT NULL DEFAULT '',
                account VARCHAR NOT NULL DEFAULT '',
                minutes VARCHAR NOT NULL DEFAULT '',
                decision VARCHAR NOT NULL DEFAULT '',
                updated_at TIMESTAMP NOT NULL,
                updated_by INTEGER,
                version INTEGER NOT NULL DEFAULT 1)""",
            """CREATE TABLE meeting_item_learning_points (
                item_id INTEGER NOT NULL,
                learning_point_id INTEGER NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (item_id, learning_point_id))""",
            "CREATE SEQUENCE meeting_attendee_id_seq",
            """CREATE TABLE meeting_attendees (
                id INTEGER PRIMARY KEY DEFAULT nextval('meeting_attendee_id_seq'),
                meeting_id INTEGER NOT NULL,
                position INTEGER NOT NULL,
                name VARCHAR NOT NULL,
                function VARCHAR NOT NULL DEFAULT '',
                status VARCHAR NOT NULL,
                user_id INTEGER,
                version INTEGER NOT NULL DEFAULT 1)""",
            "CREATE SEQUENCE meeting_agreement_id_seq",
            """CREATE TABLE review_meeting_agreements (
                id INTEGER PRIMARY KEY DEFAULT nextval('meeting_agreement_id_seq'),
                meeting_id INTEGER NOT NULL,
                item_id INTEGER,
                position INTEGER NOT NULL,
                text VARCHAR NOT NULL,
                owner VARCHAR NOT NULL DEFAULT '',
                due_on DATE,
                version INTEGER NOT NULL DEFAULT 1)""",
            """CREATE TABLE minutes_versions (
                meeting_id INTEGER NOT NULL,
                version INTEGER NOT NULL,
                content VARCHAR NOT NULL,
                approved_at TIMESTAMP NOT NULL,
                approved_by INTEGER,
                locked_at TIMESTAMP,
                PRIMARY KEY (meeting_id, version))""",
            "CREATE INDEX meeting_items_meeting ON meeting_items (meeting_id)",
            "CREATE INDEX meeting_attendees_meeting ON meeting_attendees (meeting_id)",
        ),
    ),
]
