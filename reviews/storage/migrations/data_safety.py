"""Data safety: when a review ended (retention of its case material counts from that date)."""

from reviews.storage.migrations import Migration

MIGRATIONS = [
    Migration(
        40,
        "review_closed_on",
        ("ALTER TABLE reviews ADD COLUMN closed_on DATE",),
    ),
]
