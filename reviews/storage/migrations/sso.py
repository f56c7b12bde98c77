"""Single sign-on: identities from the municipality's OpenID Connect provider, tied to workbench accounts."""

from reviews.storage.migrations import Migration

MIGRATIONS = [
    Migration(
        5,
        "sso",
        (
            "CREATE SEQUENCE sso_identity_id_seq",
            # One row per (issuer, subject): the provider's stable name for a person. user_id stays NULL until
            # an administrator (or a configured group) gives the identity an account: no access before that.
            """CREATE TABLE sso_identities (
                id INTEGER PRIMARY KEY DEFAULT nextval('sso_identity_id_seq'),
                issuer VARCHAR NOT NULL,
                subject VARCHAR NOT NULL,
                user_id INTEGER,
                name VARCHAR NOT NULL DEFAULT '',
                email VARCHAR NOT NULL DEFAULT '',
                groups VARCHAR NOT NULL DEFAULT '',
                first_seen_at TIMESTAMP NOT NULL,
                last_seen_at TIMESTAMP NOT NULL,
                UNIQUE (issuer, subject))""",
            # The ID tokens that opened a session: each opens one (its nonce is used up), so the identity cookie
            # Streamlit keeps for 30 days cannot open a new session after logout, idle timeout or expiry.
            """CREATE TABLE sso_token_uses (
                issuer VARCHAR NOT NULL,
                subject VARCHAR NOT NULL,
                token_key VARCHAR NOT NULL,
                used_at TIMESTAMP NOT NULL,
                PRIMARY KEY (issuer, subject, token_key))""",
        ),
    ),
]
