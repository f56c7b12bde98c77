"""Drafts: the text of an unsaved finding, learning point or minutes item, kept for its author so a
reload of the browser loses nothing. Only the author ever reads a draft back (every function works on
the acting user's own rows); CPR numbers are masked before a draft is stored, and the retention job
deletes drafts
left alone for 30 days (reviews.services.retention.DRAFTS_KEPT)."""

from __future__ import annotations

from reviews import clock
from reviews.errors import ValidationError
from reviews.models import User
from reviews.models.drafts import Draft, DraftKind
from reviews.privacy.cpr import mask_cpr
from reviews.services.audit import record
from reviews.services.permissions import requires
from reviews.storage import drafts as drafts_repo
from reviews.text import MAX_TEXT, strip_control

MAX_KEY = 200


def _checked(kind: str, key: object) -> tuple[str, str]:
    try:
        kind = DraftKind(kind).value
    except ValueError:
        raise ValidationError("draft.error.kind") from None
    key = str(key)
    if not key or len(key) > MAX_KEY:
        raise ValidationError("draft.error.key")
    return kind, key


@requires("self.manage")
def save_draft(db, actor: User, kind: str, key: object, text: str | None, *,
               base_version: int | None = None) -> Draft | None:
    """Keep `text` as the user's draft of (kind, key), CPR numbers masked; empty text deletes the draft.
    `base_version`: the version of the record the text was written against (None for a new record)."""
    kind, key = _checked(kind, key)
    if base_version is not None and (isinstance(base_version, bool) or not isinstance(base_version, int)
                                     or base_version < 1):
        raise ValidationError("draft.error.version")
    text = strip_control(text or "")
    if len(text) > MAX_TEXT:
        raise ValidationError("error.too_long", field="draft", limit=MAX_TEXT, length=len(text))
    text, masked = mask_cpr(text)
    now = clock.now()

    def work(cur) -> Draft | None:
        if not text.strip():
            if drafts_repo.delete(cur, user_id=actor.id, kind=kind, record_key=key):
                record(cur, actor, "draft_discard", record_type="draft", record_id=f"{kind}:{key}")
            return None
        drafts_repo.upsert(cur, user_id=actor.id, kind=kind, record_key=key, text=text, now=now,
                           base_version=base_version)
        # The text itself stays out of the audit log.
        record(cur, actor, "draft_save", record_type="draft", record_id=f"{kind}:{key}",
               details={"length": len(text), "masked_cpr": masked})
        return Draft(kind, key, text, now, base_version)

    return db.write(work, bookkeeping=True)  # drafts and their audit rows only: no kept value reads them


@requires("self.manage")
def get_draft(db, actor: User, kind: str, key: object) -> Draft | None:
    """The user's own draft of (kind, key), if any."""
    kind, key = _checked(kind, key)
    return drafts_repo.get(db.cursor(), user_id=actor.id, kind=kind, record_key=key)


@requires("self.manage")
def discard_draft(db, actor: User, kind: str, key: object) -> bool:
    """Drop the user's draft of (kind, key), as after a successful save. True when there was one."""
    kind, key = _checked(kind, key)

    def work(cur) -> bool:
        gone = drafts_repo.delete(cur, user_id=actor.id, kind=kind, record_key=key)
        if gone:
            record(cur, actor, "draft_discard", record_type="draft", record_id=f"{kind}:{key}")
        return gone

    return db.write(work)

