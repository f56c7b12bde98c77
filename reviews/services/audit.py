"""Audit log use cases: recording every use of personal data, and reading it back."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from reviews import clock
from reviews.models import AuditEntry, User
from reviews.services.permissions import requires
from reviews.storage import audit as audit_repo

SYSTEM_USERNAME = "system"


def record(cur, actor: User | None, action: str, *, record_type: str = "", record_id: object = "",
           pseudonym: str = "", purpose: str = "", details: dict | str | None = None) -> None:
    """Write one audit row inside the caller's transaction, so the change and its trace land together."""
    if isinstance(details, dict):
        details = json.dumps(details, ensure_ascii=False, default=str, sort_keys=True)
    audit_repo.insert(
        cur, at=clock.now(), user_id=actor.id if actor else None,
        username=actor.username if actor else SYSTEM_USERNAME, action=action, record_type=record_type,
        record_id="" if record_id is None else str(record_id), pseudonym=pseudonym or "", purpose=purpose or "",
        details=details or "",
    )


def _new_view_id() -> str:
    return uuid.uuid4().hex


@dataclass
class PageView:
    """One showing of one page to one session. Streamlit reruns the page script on every widget change;
    those reruns show the same records again and are not new reads. `seen` holds the read rows already
    committed in this view, so each is written once; the UI replaces the view (and so drops the set) when the
    page, or the address naming its record, changes."""

    id: str = field(default_factory=_new_view_id)
    seen: set[tuple] = field(default_factory=set)


# Far above what one page shows; past it the set starts over, which only logs some reads twice.
MAX_SEEN_PER_VIEW = 10_000
_page_view: contextvars.ContextVar[PageView | None] = contextvars.ContextVar("audit_page_view", default=None)


@contextlib.contextmanager
def page_view(view: PageView | None) -> Iterator[PageView | None]:
    """Reads inside are logged once per distinct read in `view`; None (and outside any view: the CLI, jobs,
    web routes, tests) logs every read."""
    token = _page_view.set(view)
    try:
        yield view
    finally:
        _page_view.reset(token)


def record_read(db, actor: User | None, action: str = "read", *, record_type: str = "", record_id: object = "",
                pseudonym: str = "", purpose: str = "", details: dict | str | None = None) -> None:
    """Log a read in its own transaction, unless the same read (same user, record, purpose and details) was
    already committed in the current page view. Only reads go through here: searches, changes and exports
    are logged every time with `record`. The row is committed before the caller returns the data, and the
    view remembers it only after the commit, so a failed write is tried again on the next rerun."""
    view = _page_view.get()
    key = None
    if view is not None:
        shown = (json.dumps(details, ensure_ascii=False, default=str, sort_keys=True)
                 if isinstance(details, dict) else details or "")
        key = (id(db), db.path, actor.id if actor else None, action, record_type,
               "" if record_id is None else str(record_id), pseudonym or "", purpose or "", shown)
        if key in view.seen:
            return
    db.write(lambda cur: record(cur, actor, action, record_type=record_type, record_id=record_id,
                                pseudonym=pseudonym, purpose=purpose, details=details), bookkeeping=True)
    if view is not None:
        if len(view.seen) >= MAX_SEEN_PER_VIEW:
            view.seen.clear()
        view.seen.add(key)


@requires("audit.read")
def search_audit(db, actor: User, *, username: str | None = None, action: str | None = None,
                 pseudonym: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
                 page: int = 1, page_size: int = 100) -> tuple[list[AuditEntry], int]:
    criteria = {k: v for k, v in dict(username=username, action=action, pseudonym=pseudonym,
                                      date_from=date_from, date_to=date_to).items() if v}
    entries = audit_repo.search(db.cursor(), username=username, action=action, pseudonym=pseudonym,
                                date_from=date_from, date_to=date_to, limit=page_size,
                                offset=(max(page, 1) - 1) * page_size)
    db.write(lambda cur: record(cur, actor, "search", record_type="audit_log", details=criteria), bookkeeping=True)
    return entries


@requires("audit.read")
def audit_actions(db, actor: User) -> list[str]:
    return audit_repo.distinct_actions(db.cursor())


@requires("audit.export")
def export_audit_csv(db, actor: User, *, username: str | None = None, action: str | None = None,
                     pseudonym: str | None = None, date_from: dt.date | None = None,
                     date_to: dt.date | None = None, purpose: str = "") -> bytes:
    """The filtered log as CSV (UTF-8 with BOM, `;`) for Danish Excel; the export itself is logged."""
    criteria = {k: v for k, v in dict(username=username, action=action, pseudonym=pseudonym,
                                      date_from=date_from, date_to=date_to).items() if v}
    df = audit_repo.search_df(db.cursor(), username=username, action=action, pseudonym=pseudonym,
                              date_from=date_from, date_to=date_to)
    db.write(lambda cur: record(cur, actor, "export", record_type="audit_log", purpose=purpose,
                                details={**criteria, "rows": len(df)}), bookkeeping=True)
    return df.to_csv(sep=";", index=False).encode("utf-8-sig")
