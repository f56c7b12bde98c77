"""Retention and erasure: how long each kind of record is kept, and the job that deletes on time.

Periods run from a reference date per kind: case material from the day the last review it was
selected for closed (or, outside any review, the day the case closed); inquiries and mediation
cases from their closing date; audit rows from when they were written. Open records are never
deleted. After deleting, the database file is rebuilt, because DuckDB keeps deleted text in the
file until its blocks are reused. Committee minutes and learning points are the reviews' results
(public records for the archive) and are not touched; learning points lose only their links to
deleted findings.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref

from reviews import clock
from reviews.errors import ValidationError
from reviews.models import User
from reviews.models.data_safety import RecordKind, RetentionPlan, RetentionPolicy, RetentionResult
from reviews.services.audit import record, record_read
from reviews.services.permissions import requires
from reviews.storage import drafts as drafts_repo
from reviews.storage import changes
from reviews.storage import retention as repo
from reviews.storage import sessions as sessions_repo
from reviews.storage import sso as sso_repo

MIN_YEARS, MAX_YEARS = 1, 100
MIN_BACKUPS, MAX_BACKUPS = 1, 365
SESSION_RECORDS_KEPT = dt.timedelta(days=90)  # after a login ended; its audit rows stay as long as the audit log
DRAFTS_KEPT = dt.timedelta(days=30)  # unsaved text of a finding, learning point or minutes item
DELETION_PURPOSE = "Sletning efter opbevaringsfrist"


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _cutoffs(policy: RetentionPolicy, today: dt.date) -> dict[RecordKind, dt.date]:
    return {kind: _years_before(today, policy.years(kind)) for kind in RecordKind}


def _validated(policy: RetentionPolicy) -> RetentionPolicy:
    values = {}
    for name, low, high in (("case_material_years", MIN_YEARS, MAX_YEARS), ("inquiry_years", MIN_YEARS, MAX_YEARS),
                            ("mediation_years", MIN_YEARS, MAX_YEARS), ("audit_log_years", MIN_YEARS, MAX_YEARS),
                            ("backups_kept", MIN_BACKUPS, MAX_BACKUPS)):
        raw = getattr(policy, name)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise ValidationError("error.retention_range", field=name, low=low, high=high) from None
        if isinstance(raw, bool) or value != raw or not low <= value <= high:
            raise ValidationError("error.retention_range", field=name, low=low, high=high)
        values[name] = value
    return RetentionPolicy(**values)


# The data-safety page shows the policy and the plan on every rerun, and the plan reads every case. Both are
# kept per Database while what they read is unchanged: the generations of reviews.storage.changes (ACCESS:
# cases, reviews and their cases, inquiries, mediation cases; RETENTION: closing dates, settings, the audit
# rows the job deletes) and, for the plan, the day. Only callers that ask (cached=True) get a kept value.
_kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()
_plans_computed = 0


def plans_computed() -> int:
    """How many plans this process has computed (not those served from the cache): for tests."""
    return _plans_computed


def _stamp() -> tuple[int, int]:
    return changes.generation(changes.ACCESS), changes.generation(changes.RETENTION)


def _kept_value(db, name: str, key: tuple, compute):
    with _lock:
        held = _kept.get(db, {}).get(name)
    if held is not None and held[0] == key:
        return held[1]
    value = compute()
    with _lock:
        _kept.setdefault(db, {})[name] = (key, value)
    return value


@requires("retention.manage")
def get_policy(db, actor: User, *, cached: bool = False) -> RetentionPolicy:
    if not cached:
        return repo.load_policy(db.cursor())
    return _kept_value(db, "policy", _stamp(), lambda: repo.load_policy(db.cursor()))


@requires("retention.manage")
def set_policy(db, actor: User, policy: RetentionPolicy) -> RetentionPolicy:
    policy = _validated(policy)

    def work(cur) -> RetentionPolicy:
        before = repo.load_policy(cur)
        repo.save_policy(cur, policy)
        record(cur, actor, "change", record_type="retention_policy",
               details={"before": before.__dict__, "after": policy.__dict__})
        return policy

    return db.write(work)


def _compute_plan(db, today: dt.date) -> RetentionPlan:
    global _plans_computed
    with _lock:
        _plans_computed += 1
    cur = db.cursor()
    cutoffs = _cutoffs(repo.load_policy(cur), today)
    return RetentionPlan(today, cutoffs, repo.expired(cur, cutoffs),
                         repo.expired_audit_rows(cur, cutoffs[RecordKind.AUDIT_LOG]))


@requires("retention.manage")
def plan(db, actor: User, *, today: dt.date | None = None, cached: bool = False) -> RetentionPlan:
    """What a deletion run would remove today; showing the list is a read of those pseudonyms.

    `cached`: the plan computed earlier today while nothing it reads has changed (the data-safety page's
    reruns). The deletion run never uses it: it finds the expired records again inside its transaction."""
    today = today or clock.today()
    if cached:
        result = _kept_value(db, "plan", (today, *_stamp()), lambda: _compute_plan(db, today))
    else:
        result = _compute_plan(db, today)
    record_read(db, actor, "read", record_type="retention_plan",
                details={k.value: result.count(k) for k in RecordKind})
    return result


@requires("retention.manage")
def run(db, actor: User, *, today: dt.date | None = None, rebuild: bool = True) -> RetentionResult:
    """Delete everything whose retention has run out, in one transaction, then rebuild the file.

    Each deleted record gets a `delete` audit row naming its pseudonym, so an insight request can
    still show that and when the data was erased (until the audit row's own period runs out).
    """
    today = today or clock.today()

    def work(cur) -> tuple[RetentionPlan, int]:
        cutoffs = _cutoffs(repo.load_policy(cur), today)
        records = repo.expired(cur, cutoffs)
        audit_rows = repo.expired_audit_rows(cur, cutoffs[RecordKind.AUDIT_LOG])
        todo = RetentionPlan(today, cutoffs, records, audit_rows)
        by_kind = {kind: [r.record_id for r in records if r.kind == kind] for kind in RecordKind}
        changes.changed(changes.RETENTION)  # besides the cases etc. (ACCESS), audit rows and sessions go
        deleted = repo.delete_audit_rows_before(cur, cutoffs[RecordKind.AUDIT_LOG]) if audit_rows else 0
        if by_kind[RecordKind.CASE_MATERIAL]:
            deleted += repo.delete_cases(cur, by_kind[RecordKind.CASE_MATERIAL])
        if by_kind[RecordKind.INQUIRY]:
            deleted += repo.delete_inquiries(cur, by_kind[RecordKind.INQUIRY])
        if by_kind[RecordKind.MEDIATION]:
            deleted += repo.delete_mediations(cur, by_kind[RecordKind.MEDIATION])
        # Login sessions name an address and a browser; they answer "who was logged in" for a while.
        deleted += sessions_repo.delete_older_than(cur, dt.datetime.combine(today, dt.time()) - SESSION_RECORDS_KEPT)
        # Drafts may quote a case; a draft left alone this long is not coming back.
        deleted += drafts_repo.delete_older_than(cur, dt.datetime.combine(today, dt.time()) - DRAFTS_KEPT)
        # A used ID token is only worth remembering while it could still be presented as fresh.
        deleted += sso_repo.forget_token_uses(cur, dt.datetime.combine(today, dt.time()) - dt.timedelta(days=1))
        for item in records:
            record(cur, actor, "delete", record_type=item.kind.value, record_id=item.record_id,
                   pseudonym=item.label, purpose=DELETION_PURPOSE,
                   details={"reference_date": item.reference_date, "cutoff": cutoffs[item.kind]})
        record(cur, actor, "retention_run", record_type="database", purpose=DELETION_PURPOSE,
               details={**{k.value: todo.count(k) for k in RecordKind}, "rows_deleted": deleted})
        return todo, deleted

    done, rows = db.write(work)
    before = after = 0
    if rebuild and not done.empty:
        before, after = db.rebuild()
    return RetentionResult(done, rows, before, after)
