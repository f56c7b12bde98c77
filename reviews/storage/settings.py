"""SQL for key/value settings kept in the database."""

from reviews.storage import changes


def get(cur, key: str) -> str | None:
    row = cur.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def put(cur, key: str, value: str) -> None:
    changes.changed(changes.RETENTION)  # the retention policy is kept here
    cur.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
