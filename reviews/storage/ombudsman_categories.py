"""SQL for the lists the administrator keeps for the ombudsman: causes of complaints, and areas (the core
`areas` table). Entries in use are retired, never deleted, so earlier years still count under their name."""

from __future__ import annotations

from reviews.models.ombudsman import AreaEntry, Cause
from reviews.storage.rows import named, named_one


def causes(cur, *, include_retired: bool = True, usage: bool = True) -> list[Cause]:
    """The causes in the administrator's order; with `usage`, how many inquiries use each (a scan of the
    links; forms leave it out, so a cause is the same value whatever is registered meanwhile)."""
    where = "" if include_retired else " WHERE k.active"
    count = ("(SELECT count(*) FROM inquiry_cause_links l WHERE l.cause_id = k.id)" if usage else "0")
    return [Cause(**r) for r in named(cur.execute(
        "SELECT k.id, k.name, k.active, k.sort_order, " + count + " AS usage FROM inquiry_causes k" + where
        + " ORDER BY k.sort_order, k.id"
    ))]


def cause_names(cur) -> list[tuple[str, bool]]:
    """(name, active) of every cause in the administrator's order; no usage counts (cheap)."""
    return cur.execute("SELECT name, active FROM inquiry_causes ORDER BY sort_order, id").fetchall()


def area_names(cur) -> list[tuple[str, bool]]:
    """(name, active) of every area in order; no usage counts (cheap)."""
    return cur.execute("SELECT name, active FROM areas ORDER BY sort_order, name").fetchall()


def cause(cur, cause_id: int) -> Cause | None:
    row = named_one(cur.execute(
        "SELECT k.id, k.name, k.active, k.sort_order,"
        " (SELECT count(*) FROM inquiry_cause_links l WHERE l.cause_id = k.id) AS usage"
        " FROM inquiry_causes k WHERE k.id = ?",
        [cause_id],
    ))
    return Cause(**row) if row else None


def cause_by_name(cur, name: str) -> Cause | None:
    row = cur.execute("SELECT id FROM inquiry_causes WHERE lower(name) = lower(?)", [name]).fetchone()
    return cause(cur, row[0]) if row else None


def cause_states(cur, ids: list[int]) -> dict[int, tuple[str, bool]]:
    """(name, active) of the given causes that exist; no usage counts (cheap, for validation)."""
    if not ids:
        return {}
    return {cause_id: (name, active) for cause_id, name, active in cur.execute(
        "SELECT id, name, active FROM inquiry_causes WHERE id IN (SELECT unnest(?))", [ids]).fetchall()}


def insert_cause(cur, name: str) -> int:
    return cur.execute(
        "INSERT INTO inquiry_causes (name, sort_order)"
        " SELECT ?, coalesce(max(sort_order), 0) + 1 FROM inquiry_causes RETURNING id", [name]
    ).fetchone()[0]


def rename_cause(cur, cause_id: int, name: str) -> None:
    cur.execute("UPDATE inquiry_causes SET name = ? WHERE id = ?", [name, cause_id])


def set_cause_active(cur, cause_id: int, active: bool) -> None:
    cur.execute("UPDATE inquiry_causes SET active = ? WHERE id = ?", [active, cause_id])


def delete_cause(cur, cause_id: int) -> None:
    cur.execute("DELETE FROM inquiry_causes WHERE id = ?", [cause_id])


def set_cause_order(cur, ordered_ids: list[int]) -> None:
    cur.execute(
        "UPDATE inquiry_causes SET sort_order = o.position FROM"
        " (SELECT unnest(?) AS id, generate_subscripts(?, 1) AS position) o WHERE inquiry_causes.id = o.id",
        [ordered_ids, ordered_ids],
    )


# --- areas (core table) ------------------------------------------------------------------------------

_AREA_USAGE = (
    "(SELECT count(*) FROM cases c WHERE c.area = a.name)"
    " + (SELECT count(*) FROM inquiries i WHERE i.area = a.name)"
    " + (SELECT count(*) FROM mediation_cases m WHERE m.area = a.name)"
)


def areas(cur, *, include_retired: bool = True) -> list[AreaEntry]:
    where = "" if include_retired else " WHERE a.active"
    return [AreaEntry(**r) for r in named(cur.execute(
        "SELECT a.name, a.active, a.sort_order, " + _AREA_USAGE + " AS usage FROM areas a" + where
        + " ORDER BY a.sort_order, a.name"
    ))]


def area(cur, name: str) -> AreaEntry | None:
    row = named_one(cur.execute(
        "SELECT a.name, a.active, a.sort_order, " + _AREA_USAGE + " AS usage FROM areas a"
        " WHERE lower(a.name) = lower(?)",
        [name],
    ))
    return AreaEntry(**row) if row else None


def area_state(cur, name: str) -> tuple[str, bool] | None:
    """(stored name, active) of an area, matched regardless of case; no usage count (cheap, for validation)."""
    row = cur.execute("SELECT name, active FROM areas WHERE lower(name) = lower(?)", [name]).fetchone()
    return (row[0], row[1]) if row else None


def insert_area(cur, name: str) -> None:
    cur.execute(
        "INSERT INTO areas (name, sort_order) SELECT ?, coalesce(max(sort_order), 0) + 1 FROM areas", [name]
    )


def set_area_active(cur, name: str, active: bool) -> None:
    cur.execute("UPDATE areas SET active = ? WHERE name = ?", [active, name])


def rename_area(cur, old: str, new: str) -> None:
    # The name is the key; an unused area is renamed by replacing its row.
    row = cur.execute("SELECT sort_order, active FROM areas WHERE name = ?", [old]).fetchone()
    cur.execute("DELETE FROM areas WHERE name = ?", [old])
    cur.execute("INSERT INTO areas (name, sort_order, active) VALUES (?, ?, ?)", [new, row[0], row[1]])


def delete_area(cur, name: str) -> None:
    cur.execute("DELETE FROM areas WHERE name = ?", [name])


def set_area_order(cur, ordered: list[str]) -> None:
    cur.execute(
        "UPDATE areas SET sort_order = o.position FROM"
        " (SELECT unnest(?) AS name, generate_subscripts(?, 1) AS position) o WHERE areas.name = o.name",
        [ordered, ordered],
    )
