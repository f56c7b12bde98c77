"""SQL for the second factor and the failed-login counter."""

from __future__ import annotations

import datetime as dt


# --- TOTP ------------------------------------------------------------------------------------------------

def totp(cur, user_id: int) -> tuple[str, dt.datetime, int] | None:
    """(secret, enrolled_at, last_step) of the user's authenticator app."""
    row = cur.execute("SELECT secret, enrolled_at, last_step FROM user_totp WHERE user_id = ?", [user_id]).fetchone()
    if row is None:
        return None
    secret, enrolled_at, last_step = row
    return secret, enrolled_at, int(last_step)


def enrolled_user_ids(cur) -> set[int]:
    return {r[0] for r in cur.execute("SELECT user_id FROM user_totp").fetchall()}


def set_totp(cur, user_id: int, secret: str, now: dt.datetime, last_step: int) -> None:
    # An update where a row exists: deleting and inserting the same key in one transaction trips DuckDB.
    if cur.execute("SELECT 1 FROM user_totp WHERE user_id = ?", [user_id]).fetchone():
        cur.execute("UPDATE user_totp SET secret = ?, enrolled_at = ?, last_step = ? WHERE user_id = ?",
                    [secret, now, last_step, user_id])
    else:
        cur.execute("INSERT INTO user_totp (user_id, secret, enrolled_at, last_step) VALUES (?, ?, ?, ?)",
                    [user_id, secret, now, last_step])


def set_last_step(cur, user_id: int, step: int) -> None:
    cur.execute("UPDATE user_totp SET last_step = ? WHERE user_id = ?", [step, user_id])


def delete_totp(cur, user_id: int) -> None:
    cur.execute("DELETE FROM user_totp WHERE user_id = ?", [user_id])


# --- recovery codes ----------------------------------------------------------------------------------------

def unused_recovery_codes(cur, user_id: int) -> list[tuple[int, str]]:
    """(id, code_hash) of the user's codes not yet used."""
    return cur.execute("SELECT id, code_hash FROM recovery_codes WHERE user_id = ? AND used_at IS NULL ORDER BY id",
                       [user_id]).fetchall()


def replace_recovery_codes(cur, user_id: int, hashes: list[str], now: dt.datetime) -> None:
    cur.execute("DELETE FROM recovery_codes WHERE user_id = ?", [user_id])
    for code_hash in hashes:
        cur.execute("INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)",
                    [user_id, code_hash, now])


def use_recovery_code(cur, code_id: int, now: dt.datetime) -> bool:
    """Mark the code used; False when it already was (a second session got there first)."""
    row = cur.execute("UPDATE recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL RETURNING id",
                      [now, code_id]).fetchone()
    return row is not None


def delete_recovery_codes(cur, user_id: int) -> None:
    cur.execute("DELETE FROM recovery_codes WHERE user_id = ?", [user_id])


# --- failed logins ---------------------------------------------------------------------------------------

def throttle(cur, user_id: int) -> tuple[int, dt.datetime | None, dt.datetime | None]:
    """(failures in a row, last failure, locked until) of the account; zeros when it never failed."""
    row = cur.execute("SELECT failures, last_failure, locked_until FROM login_throttle WHERE user_id = ?",
                      [user_id]).fetchone()
    if row is None:
        return 0, None, None
    failures, last_failure, locked_until = row
    return int(failures), last_failure, locked_until


def set_throttle(cur, user_id: int, failures: int, last_failure: dt.datetime | None,
                 locked_until: dt.datetime | None) -> None:
    if cur.execute("SELECT 1 FROM login_throttle WHERE user_id = ?", [user_id]).fetchone():
        cur.execute("UPDATE login_throttle SET failures = ?, last_failure = ?, locked_until = ? WHERE user_id = ?",
                    [failures, last_failure, locked_until, user_id])
    else:
        cur.execute("INSERT INTO login_throttle (user_id, failures, last_failure, locked_until) VALUES (?, ?, ?, ?)",
                    [user_id, failures, last_failure, locked_until])
