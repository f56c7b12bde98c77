"""Access by need: who may read which case, and "break the glass".

Case material is readable by the members and the chair of a review that includes the case (with a basis:
the family's consent, or the ombudsman's own initiative), by the ombudsman for cases tied to the office's
register, and by whoever broke the glass for it within the last hour. Everybody else gets the answer a
case that does not exist gets (NotFound), so that a refusal does not confirm that the case is there.

A page showing a case checks on every rerun, and planning the check's query costs milliseconds, so what each
user may read is computed in one query and kept in memory (`_readable_for`) until anything it depends on
changes: every storage function writing such rows moves the access generation (reviews.storage.changes).
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from dataclasses import dataclass

from reviews import clock
from reviews.errors import NotFound, ValidationError
from reviews.models import Role, User
from reviews.services.audit import record
from reviews.services.permissions import requires
from reviews.storage import access as repo
from reviews.storage import cases as cases_repo
from reviews.storage import changes
from reviews.storage.access import Grant, Readable
from reviews.storage.database import database_of
from reviews.text import CleanText

BREAK_GLASS_MINUTES = 60
MIN_REASON = 15  # characters: a reason a later reader of the log can judge ("tjek" is not one)
MAX_REASON = 1000

__all__ = ["BREAK_GLASS_MINUTES", "Grant", "all_grants", "break_glass", "can_read_case", "case_scope", "my_grants",
           "readable_case_ids", "require_readable", "works_on_review"]


def case_scope(actor: User) -> tuple[str, list]:
    """A subquery of the ids of the cases `actor` may read, for the case queries to filter by."""
    return repo.readable_ids_sql(actor.id, actor.role, clock.now())


@dataclass(frozen=True)
class _Entry:
    generation: int
    computed_at: dt.datetime
    readable: Readable


# Per Database (tests open several, also on one file), per user id and role.
_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def _readable_for(cur, actor: User) -> Readable | None:
    """What the actor may read, from memory while nothing it depends on has changed; None when `cur` is a
    write's cursor (its transaction's rows may yet roll back, so nothing read through it is kept)."""
    db = database_of(cur)
    if db is None:
        return None
    now = clock.now()
    key = (actor.id, Role(actor.role))
    with _cache_lock:
        generation = changes.generation(changes.ACCESS)  # before the read: a write meanwhile makes it a miss
        entry = _cache.get(db, {}).get(key)
    # A grant's end needs no write, so the entry lasts until the first one ends; a clock set back (tests)
    # could revive an ended grant, so an entry from the "future" is read again too.
    if (entry is not None and entry.generation == generation and entry.computed_at <= now
            and (entry.readable.until is None or now < entry.readable.until)):
        return entry.readable
    readable = repo.readable(cur, actor.id, actor.role, now)
    with _cache_lock:
        _cache.setdefault(db, {})[key] = _Entry(generation, now, readable)
    return readable


def can_read_case(cur, actor: User, case_id: int) -> bool:
    # An id that is not an int (a text from a link) is left to the query, which converts it as before.
    readable = _readable_for(cur, actor) if isinstance(case_id, int) else None
    if readable is None:
        return repo.can_read(cur, case_id, actor.id, actor.role, clock.now())
    return case_id in readable.case_ids


def readable_case_ids(cur, actor: User) -> frozenset[int]:
    """The ids of every case `actor` may read (a search over case material filters by them)."""
    readable = _readable_for(cur, actor)
    if readable is None:
        readable = repo.readable(cur, actor.id, actor.role, clock.now())
    return readable.case_ids


def works_on_review(cur, actor: User, review_id: int) -> bool:
    """Whether the actor chairs the review or is a member of it."""
    readable = _readable_for(cur, actor) if isinstance(review_id, int) else None
    if readable is None:
        return repo.works_on_review(cur, review_id, actor.id, actor.role)
    return review_id in readable.review_ids


def require_readable(cur, actor: User, case_id: int) -> None:
    """NotFound, exactly as for a case that does not exist, unless `actor` may read the case."""
    if not can_read_case(cur, actor, case_id):
        raise NotFound(record="case", id=case_id)


@requires("case.break_glass")
def break_glass(db, actor: User, pseudonym: str, reason: str, *,
                minutes: int = BREAK_GLASS_MINUTES) -> Grant:
    """Open a case outside the actor's own work for `minutes`, with a stated reason; logged as such."""
    clean = CleanText()
    reason = clean(reason, "break_glass_reason", required=True, max_length=MAX_REASON)
    if len(reason) < MIN_REASON:
        raise ValidationError("access.error.reason_short", minimum=MIN_REASON)
    pseudonym = (pseudonym or "").strip()
    if not pseudonym:
        raise ValidationError("error.required", field="pseudonym")

    def work(cur):
        case = cases_repo.get_case_by_pseudonym(cur, pseudonym)
        if case is None:
            raise ValidationError("access.error.no_such_case", pseudonym=pseudonym)
        if can_read_case(cur, actor, case.id):
            raise ValidationError("access.error.already_readable", pseudonym=case.pseudonym)
        now = clock.now()
        grant_id = repo.insert_grant(cur, user_id=actor.id, case_id=case.id, reason=reason, now=now,
                                     expires_at=now + dt.timedelta(minutes=minutes))
        # The reason is kept with the grant (shown on the audit page); the log row says a glass was broken.
        record(cur, actor, "break_glass", record_type="case", record_id=case.id, pseudonym=case.pseudonym,
               details={"grant_id": grant_id, "minutes": minutes})
        return repo.grants(cur, user_id=actor.id, limit=1)[0]

    return db.write(work)


@requires("case.break_glass")
def my_grants(db, actor: User) -> list[Grant]:
    """The actor's grants still running."""
    return repo.grants(db.cursor(), user_id=actor.id, active_at=clock.now())


@requires("audit.read")
def all_grants(db, actor: User, *, limit: int = 500) -> list[Grant]:
    """Every break-the-glass grant, newest first, for the audit page."""
    grants = repo.grants(db.cursor(), limit=limit)
    db.write(lambda cur: record(cur, actor, "search", record_type="access_grant", details={"limit": limit}),
             bookkeeping=True)
    return grants
