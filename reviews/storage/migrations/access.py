"""Access by need: a review's named chair, time-limited "break the glass" grants, access reviews."""

from reviews.storage.migrations import Migration

MIGRATIONS = [
    Migration(
        3,
        "access",
        (
            "ALTER TABLE reviews ADD COLUMN chair_id INTEGER",
            # Who registered a case by hand (not by import): they read it until it is selected into a review.
            "ALTER TABLE cases ADD COLUMN created_by INTEGER",
            # Existing reviews: the chair is the member with the chair role (the lowest id if several).
            """UPDATE reviews SET chair_id = (
                SELECT min(u.id) FROM review_members m JOIN users u ON u.id = m.user_id
                WHERE m.review_id = reviews.id AND u.role = 'chair')""",
            # A review without a chair-role member stays manageable: the first active chair takes it.
            """UPDATE reviews SET chair_id = (SELECT min(id) FROM users WHERE role = 'chair' AND active)
                WHERE chair_id IS NULL""",
            "CREATE SEQUENCE access_grant_id_seq",
            """CREATE TABLE access_grants (
                id INTEGER PRIMARY KEY DEFAULT nextval('access_grant_id_seq'),
                user_id INTEGER NOT NULL,
                case_id INTEGER NOT NULL,
                reason VARCHAR NOT NULL,
                granted_at TIMESTAMP NOT NULL,
                expires_at TIMESTAMP NOT NULL)""",
            "CREATE SEQUENCE access_review_id_seq",
            """CREATE TABLE access_reviews (
                id INTEGER PRIMARY KEY DEFAULT nextval('access_review_id_seq'),
                reviewed_at TIMESTAMP NOT NULL,
                reviewed_by INTEGER NOT NULL,
                note VARCHAR NOT NULL DEFAULT '')""",
        ),
    ),
]
