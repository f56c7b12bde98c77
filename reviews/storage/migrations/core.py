"""Core schema: users, cases and their timelines, reviews, audit log, settings."""

from reviews.storage.migrations import Migration

MIGRATIONS = [
    Migration(
        1,
        "core",
        (
            "CREATE SEQUENCE user_id_seq",
            """CREATE TABLE users (
                id INTEGER PRIMARY KEY DEFAULT nextval('user_id_seq'),
                username VARCHAR NOT NULL UNIQUE,
                full_name VARCHAR NOT NULL,
                role VARCHAR NOT NULL,
                password_hash VARCHAR NOT NULL,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                language VARCHAR NOT NULL DEFAULT 'da',
                created_at TIMESTAMP NOT NULL,
                version INTEGER NOT NULL DEFAULT 1)""",
            "CREATE SEQUENCE case_id_seq",
            """CREATE TABLE cases (
                id INTEGER PRIMARY KEY DEFAULT nextval('case_id_seq'),
                pseudonym VARCHAR NOT NULL UNIQUE,
                area VARCHAR NOT NULL DEFAULT '',
                opened DATE,
                closed DATE,
                status VARCHAR NOT NULL,
                summary VARCHAR NOT NULL DEFAULT '',
                created_at TIMESTAMP NOT NULL,
                updated_at TIMESTAMP NOT NULL,
                updated_by INTEGER,
                version INTEGER NOT NULL DEFAULT 1)""",
            "CREATE SEQUENCE event_id_seq",
            """CREATE TABLE timeline_events (
                id INTEGER PRIMARY KEY DEFAULT nextval('event_id_seq'),
                case_id INTEGER NOT NULL,
                event_date DATE NOT NULL,
                event_type VARCHAR NOT NULL,
                text VARCHAR NOT NULL DEFAULT '',
                created_at TIMESTAMP NOT NULL,
                created_by INTEGER,
                version INTEGER NOT NULL DEFAULT 1)""",
            "CREATE SEQUENCE review_id_seq",
            """CREATE TABLE reviews (
                id INTEGER PRIMARY KEY DEFAULT nextval('review_id_seq'),
                name VARCHAR NOT NULL UNIQUE,
                mandate VARCHAR NOT NULL DEFAULT '',
                deadline DATE,
                blind BOOLEAN NOT NULL DEFAULT FALSE,
                created_at TIMESTAMP NOT NULL,
                version INTEGER NOT NULL DEFAULT 1)""",
            """CREATE TABLE review_members (
                review_id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                discipline VARCHAR NOT NULL,
                PRIMARY KEY (review_id, user_id))""",
            """CREATE TABLE review_cases (
                review_id INTEGER NOT NULL,
                case_id INTEGER NOT NULL,
                nominated_by VARCHAR NOT NULL,
                rationale VARCHAR NOT NULL DEFAULT '',
                consent VARCHAR NOT NULL,
                consent_date DATE,
                consent_scope VARCHAR NOT NULL DEFAULT '',
                version INTEGER NOT NULL DEFAULT 1,
                PRIMARY KEY (review_id, case_id))""",
            "CREATE SEQUENCE audit_id_seq",
            """CREATE TABLE audit_log (
                id BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
                logged_at TIMESTAMP NOT NULL,
                user_id INTEGER,
                username VARCHAR NOT NULL,
                action VARCHAR NOT NULL,
                record_type VARCHAR NOT NULL DEFAULT '',
                record_id VARCHAR NOT NULL DEFAULT '',
                pseudonym VARCHAR NOT NULL DEFAULT '',
                purpose VARCHAR NOT NULL DEFAULT '',
                details VARCHAR NOT NULL DEFAULT '')""",
            """CREATE TABLE areas (
                name VARCHAR PRIMARY KEY,
                sort_order INTEGER NOT NULL,
                active BOOLEAN NOT NULL DEFAULT TRUE)""",
            """INSERT INTO areas (name, sort_order) VALUES
                ('Børn og Familie', 1), ('Handicap og Psykiatri', 2), ('Beskæftigelse', 3),
                ('Ældre og Sundhed', 4), ('Teknik og Miljø', 5), ('Andet', 6)""",
            """CREATE TABLE settings (
                key VARCHAR PRIMARY KEY,
                value VARCHAR NOT NULL)""",
            "CREATE INDEX timeline_events_case ON timeline_events (case_id)",
            "CREATE INDEX audit_log_at ON audit_log (logged_at)",
        ),
    ),
]
