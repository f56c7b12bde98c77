"""Audit log use cases: recording every use of personal data, and reading it back."""

from __future__ import annotations

import datetime as dt
import json

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


@requires("audit.read")
def search_audit(db, actor: User, *, username: str | None = None, action: str | None = None,
                 pseudonym: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
                 page: int = 1, page_size: int = 100) -> tuple[list[AuditEntry], int]:
    criteria = {k: v for k, v in dict(username=username, action=action, pseudonym=pseudonym,
                                      date_from=date_from, date_to=date_to).items() if v}
    entries = audit_repo.search(db.cursor(), username=username, action=action, pseudonym=pseudonym,
                                date_from=date_from, date_to=date_to, limit=page_size,
                                offset=(max(page, 1) - 1) * page_size)
    db.write(lambda cur: record(cur, actor, "search", record_type="audit_log", details=criteria))
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
                                details={**criteria, "rows": len(df)}))
    return df.to_csv(sep=";", index=False).encode("utf-8-sig")
