"""Local accounts: the second factor (TOTP secrets, recovery codes) and the failed-login counter.

Version 2 is in the core range (1-9)."""

from reviews.storage.migrations import Migration

MIGRATIONS = [
    Migration(
        2,
        "second factor and login throttling",
        (
            # One authenticator app per user. last_step: the last TOTP time step (unix time // 30) accepted,
            # so a code is never accepted twice. Re-enrolment updates the row (the key is never updated).
            """CREATE TABLE user_totp (
                user_id INTEGER PRIMARY KEY,
                secret VARCHAR NOT NULL,
                enrolled_at TIMESTAMP NOT NULL,
                last_step BIGINT NOT NULL DEFAULT 0)""",
            # Single-use recovery codes, stored as salted SHA-256 (each code carries 50 random bits).
            "CREATE SEQUENCE recovery_code_id_seq",
            """CREATE TABLE recovery_codes (
                id INTEGER PRIMARY KEY DEFAULT nextval('recovery_code_id_seq'),
                user_id INTEGER NOT NULL,
                code_hash VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                used_at TIMESTAMP)""",
            # Failed passwords and codes in a row, and the lock they lead to.
            """CREATE TABLE login_throttle (
                user_id INTEGER PRIMARY KEY,
                failures INTEGER NOT NULL DEFAULT 0,
                last_failure TIMESTAMP,
                locked_until TIMESTAMP)""",
        ),
    ),
]
