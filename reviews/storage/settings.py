"""SQL for key/value settings kept in the database."""


def get(cur, key: str) -> str | None:
    row = cur.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def put(cur, key: str, value: str) -> None:
    cur.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
