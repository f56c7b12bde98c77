"""Server-side sessions: a reload or a second tab keeps the login; the server can end a session."""

from reviews.storage.migrations import Migration

MIGRATIONS = [
    Migration(
        4,
        "sessions",
        (
            "CREATE SEQUENCE user_session_id_seq",
            # The browser holds a signed random token in an HttpOnly cookie; only its SHA-256 is stored, so a
            # copy of the database (a backup) opens no session. The hand-off token lives for a minute and once:
            # it carries the new login from the Streamlit run to the route that sets the cookie.
            """CREATE TABLE user_sessions (
                id INTEGER PRIMARY KEY DEFAULT nextval('user_session_id_seq'),
                user_id INTEGER NOT NULL,
                method VARCHAR NOT NULL,
                token_hash VARCHAR,
                handoff_hash VARCHAR,
                handoff_expires_at TIMESTAMP,
                created_at TIMESTAMP NOT NULL,
                last_seen_at TIMESTAMP NOT NULL,
                expires_at TIMESTAMP NOT NULL,
                ended_at TIMESTAMP,
                end_reason VARCHAR,
                client VARCHAR NOT NULL DEFAULT '',
                user_agent VARCHAR NOT NULL DEFAULT '')""",
        ),
    ),
]
