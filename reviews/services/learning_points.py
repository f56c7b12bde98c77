"""Learning points (læringspunkter): what the cases teach, with codes and evidence (findings with their
cases), a status workflow, and a version kept of every save.

Workflow: udkast -> til drøftelse med familierepræsentanter -> drøftet -> godkendt -> forelagt udvalget,
one step at a time; one step back is allowed before approval (and, for the chair, from godkendt to
drøftet to reopen). Only the chair approves and presents. Leaving the draft needs evidence; "drøftet"
needs at least one family response. Approved and presented learning points are locked for editing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from reviews import clock
from reviews.errors import PermissionDenied, StaleVersion, ValidationError
from reviews.exports.csv_exports import learning_points_csv
from reviews.models import Page, User
from reviews.models.case_review import (
    Code,
    FamilyResponse,
    Finding,
    LearningPoint,
    LearningPointStatus,
    LearningPointVersion,
)
from reviews.services.audit import record, record_read
from reviews.services.cases import Saved
from reviews.services.review_rules import clean_codes, learning_point_or_404, member_access, review_or_404, viewer_of
from reviews.services.permissions import allowed, requires
from reviews.storage import action_plan as actions_repo
from reviews.storage import codebooks as codes_repo
from reviews.storage import findings as findings_repo
from reviews.storage import learning_points as repo
from reviews.text import CleanText

S = LearningPointStatus
MAX_TITLE = 300
PAGE_SIZES = (25, 50, 100)
FORWARD = {S.DRAFT: S.IN_DISCUSSION, S.IN_DISCUSSION: S.DISCUSSED, S.DISCUSSED: S.APPROVED, S.APPROVED: S.PRESENTED}
BACK = {S.IN_DISCUSSION: S.DRAFT, S.DISCUSSED: S.IN_DISCUSSION, S.APPROVED: S.DISCUSSED}
CHAIR_ONLY = {(S.DISCUSSED, S.APPROVED), (S.APPROVED, S.PRESENTED), (S.APPROVED, S.DISCUSSED)}
LOCKED = frozenset({S.APPROVED, S.PRESENTED})
EDITABLE_BY_FAMILY_ROUND = frozenset({S.IN_DISCUSSION, S.DISCUSSED})


@dataclass(frozen=True)
class LearningPointForm:
    title: str
    description: str = ""
    recommendation: str = ""
    code_ids: tuple[int, ...] = ()
    evidence_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class LearningPointDetail:
    learning_point: LearningPoint
    codes: list[Code]
    evidence: list[Finding] | None  # None: the actor may not read findings (e.g. a reader)
    evidence_hidden: int  # evidence the actor does not see yet (blind review, reading not done)
    responses: list[FamilyResponse]
    next_steps: list[LearningPointStatus]  # statuses the actor may move it to now


@dataclass(frozen=True)
class VersionDiff:
    version: LearningPointVersion
    previous: LearningPointVersion | None
    changes: dict[str, list[str]]  # field -> unified diff lines ("- old", "+ new")


def _next_steps(lp: LearningPoint, actor: User) -> list[LearningPointStatus]:
    """The statuses `actor` may move `lp` to (forward first)."""
    if not allowed(actor, "learning_point.write"):
        return []
    steps = [s for s in (FORWARD.get(lp.status), BACK.get(lp.status)) if s is not None]
    return [s for s in steps if (lp.status, s) not in CHAIR_ONLY or allowed(actor, "learning_point.approve")]


def _clean(form: LearningPointForm) -> tuple[LearningPointForm, int]:
    clean = CleanText()
    return LearningPointForm(
        title=clean(form.title, "lp_title", required=True, max_length=MAX_TITLE),
        description=clean(form.description, "lp_description"),
        recommendation=clean(form.recommendation, "lp_recommendation"),
        code_ids=tuple(form.code_ids or ()),
        evidence_ids=tuple(form.evidence_ids or ()),
    ), clean.masked


def _clean_evidence(cur, actor: User, review, evidence_ids, *, keep: tuple[int, ...] = ()) -> list[int]:
    """Evidence must be existing findings of the same review that the actor can see."""
    ids = sorted({int(i) for i in evidence_ids or ()})
    found = findings_repo.existing_ids(cur, ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError("error.evidence_missing", ids=", ".join(f"#{i}" for i in missing))
    other = [i for i in ids if found[i][0] != review.id]
    if other:
        raise ValidationError("error.evidence_other_review", ids=", ".join(f"#{i}" for i in other))
    viewer = viewer_of(review, actor)
    if viewer is not None:
        done = findings_repo.done_cases(cur, review.id, actor.id)
        own = findings_repo.authored_by(cur, ids, actor.id)
        hidden = [i for i in ids if i not in keep and i not in own and found[i][1] not in done]
        if hidden:
            raise ValidationError("error.evidence_missing", ids=", ".join(f"#{i}" for i in hidden))
    # New evidence only from cases the review may read (the family's consent, or own initiative); evidence
    # cited before a consent was withdrawn is kept, so the learning point stays editable.
    readable = {case_id for case_id, _ in findings_repo.case_choices(cur, review.id)}
    no_basis = [i for i in ids if i not in keep and found[i][1] not in readable]
    if no_basis:
        raise ValidationError("error.evidence_no_basis", ids=", ".join(f"#{i}" for i in no_basis))
    return ids


def _snapshot(cur, lp_id: int, version: int, actor: User, now) -> LearningPoint:
    """Store the saved state as version `version` (readable texts for the history view); returns that state."""
    lp = repo.get_learning_point(cur, lp_id)
    codes = codes_repo.codes_by_ids(cur, lp.code_ids)
    codes_text = "\n".join(sorted(c.label for c in codes.values()))
    evidence = findings_repo.findings_by_ids(cur, lp.evidence_ids)
    evidence_text = "\n".join(f"{f.pseudonym} · #{f.id} · {f.author_name}" for f in evidence)
    repo.insert_version(cur, lp_id=lp_id, version=version, title=lp.title, description=lp.description,
                        recommendation=lp.recommendation, agreed_wording=lp.agreed_wording, status=lp.status,
                        code_ids=lp.code_ids, evidence_ids=lp.evidence_ids, codes_text=codes_text,
                        evidence_text=evidence_text, user_id=actor.id, now=now)
    return lp


def save_version(cur, actor: User, current: LearningPoint, expected_version: int, *, title=None, description=None,
          recommendation=None, agreed_wording=None, status=None, code_ids=None, evidence_ids=None) -> LearningPoint:
    """Update over `expected_version` (or raise StaleVersion with the stored one) and keep the new version."""
    now = clock.now()
    version = repo.update_learning_point(
        cur, current.id, expected_version,
        title=current.title if title is None else title,
        description=current.description if description is None else description,
        recommendation=current.recommendation if recommendation is None else recommendation,
        agreed_wording=current.agreed_wording if agreed_wording is None else agreed_wording,
        status=current.status if status is None else status, user_id=actor.id, now=now)
    if version is None:
        raise StaleVersion(current)
    if code_ids is not None:
        repo.set_codes(cur, current.id, code_ids)
    if evidence_ids is not None:
        repo.set_evidence(cur, current.id, evidence_ids)
    return _snapshot(cur, current.id, version, actor, now)


# --- reading ----------------------------------------------------------------------------------------


@requires("learning_point.read")
def list_learning_points(db, actor: User, review_id: int, *, status: LearningPointStatus | None = None,
                         text: str | None = None, page: int = 1, page_size: int = 25) -> Page:
    if page_size not in PAGE_SIZES:
        page_size = PAGE_SIZES[0]
    cur = db.cursor()
    review_or_404(cur, review_id)
    text = (text or "").strip()[:200] or None
    items, total = repo.list_learning_points(cur, review_id, status=status, text=text, limit=page_size,
                                             offset=(max(page, 1) - 1) * page_size)
    return Page(items=items, total=total, page=page, page_size=page_size)


@requires("learning_point.read")
def status_counts(db, actor: User, review_id: int) -> dict[LearningPointStatus, int]:
    counts = repo.status_counts(db.cursor(), review_id)
    return {s: counts.get(s.value, 0) for s in LearningPointStatus}


@requires("learning_point.read")
def get_learning_point(db, actor: User, lp_id: int) -> LearningPointDetail:
    """The learning point with codes, evidence (for those who may read findings) and family responses."""
    cur = db.cursor()
    lp = learning_point_or_404(cur, lp_id)
    review = review_or_404(cur, lp.review_id)
    codes = list(codes_repo.codes_by_ids(cur, lp.code_ids).values())
    evidence, hidden = None, 0
    if allowed(actor, "finding.read"):
        try:
            member_access(cur, actor, review.id)
        except PermissionDenied:
            pass  # not on the review: the figures, but not the findings
        else:
            all_evidence = findings_repo.findings_by_ids(cur, lp.evidence_ids)
            viewer = viewer_of(review, actor)
            if viewer is None:
                evidence = all_evidence
            else:
                done = findings_repo.done_cases(cur, review.id, actor.id)
                evidence = [f for f in all_evidence if f.author_id == actor.id or f.case_id in done]
            hidden = len(all_evidence) - len(evidence)
    detail = LearningPointDetail(lp, sorted(codes, key=lambda c: (c.codebook_id, c.sort_order)), evidence, hidden,
                                 repo.responses(cur, lp_id), _next_steps(lp, actor))
    record_read(db, actor, "read", record_type="learning_point", record_id=lp_id)
    return detail


@requires("learning_point.read")
def history(db, actor: User, lp_id: int) -> list[VersionDiff]:
    """Every saved version, newest first, each with what changed since the one before."""
    cur = db.cursor()
    show_evidence = allowed(actor, "finding.read")
    fields = ["status", "title", "description", "recommendation", "agreed_wording", "codes_text"]
    if show_evidence:
        fields.append("evidence_text")
    versions = repo.versions(cur, lp_id)
    if not versions:
        learning_point_or_404(cur, lp_id)  # every learning point has its first version; none: no such learning point
    diffs = []
    for index, version in enumerate(versions):
        previous = versions[index - 1] if index else None
        changes = {}
        for name in fields:
            old = "" if previous is None else str(getattr(previous, name))
            new = str(getattr(version, name))
            if old != new:
                changes[name] = _diff_lines(old, new)
        diffs.append(VersionDiff(version, previous, changes))
    return diffs[::-1]


def _diff_lines(old: str, new: str) -> list[str]:
    """Line diff of two texts: '- ' removed, '+ ' added, '  ' unchanged (context)."""
    return [line for line in difflib.ndiff(old.splitlines(), new.splitlines()) if not line.startswith("? ")]


# --- writing ----------------------------------------------------------------------------------------


@requires("learning_point.write")
def create_learning_point(db, actor: User, review_id: int, form: LearningPointForm) -> Saved:
    form, masked = _clean(form)

    def work(cur):
        review, _ = member_access(cur, actor, review_id)
        code_ids, _ = clean_codes(cur, form.code_ids)
        evidence_ids = _clean_evidence(cur, actor, review, form.evidence_ids)
        now = clock.now()
        lp_id = repo.insert_learning_point(cur, review_id=review_id, title=form.title, description=form.description,
                                           recommendation=form.recommendation, status=S.DRAFT, user_id=actor.id,
                                           now=now)
        repo.set_codes(cur, lp_id, code_ids)
        repo.set_evidence(cur, lp_id, evidence_ids)
        created = _snapshot(cur, lp_id, 1, actor, now)
        record(cur, actor, "create", record_type="learning_point", record_id=lp_id,
               details={"review_id": review_id, "evidence": len(evidence_ids),
                        **({"masked_cpr": masked} if masked else {})})
        return created

    return Saved(db.write(work), masked)


@requires("learning_point.write")
def update_learning_point(db, actor: User, lp_id: int, expected_version: int, form: LearningPointForm) -> Saved:
    """Save title, texts, codes and evidence over `expected_version`; refused when approved or stale."""
    form, masked = _clean(form)

    def work(cur):
        current = learning_point_or_404(cur, lp_id)
        review, _ = member_access(cur, actor, current.review_id)
        if current.status in LOCKED:
            raise ValidationError("error.lp_locked")
        if current.version != expected_version:
            raise StaleVersion(current)
        code_ids, _ = clean_codes(cur, form.code_ids, keep=current.code_ids)
        evidence_ids = _clean_evidence(cur, actor, review, form.evidence_ids, keep=current.evidence_ids)
        if current.status != S.DRAFT and not evidence_ids:
            raise ValidationError("error.lp_needs_evidence")
        saved = save_version(cur, actor, current, expected_version, title=form.title, description=form.description,
                      recommendation=form.recommendation, code_ids=code_ids, evidence_ids=evidence_ids)
        record(cur, actor, "change", record_type="learning_point", record_id=lp_id,
               details={"version": saved.version, **({"masked_cpr": masked} if masked else {})})
        return saved

    return Saved(db.write(work), masked)


@requires("learning_point.write")
def add_evidence(db, actor: User, lp_id: int, expected_version: int, finding_ids) -> LearningPoint:
    """Add findings as evidence (e.g. from the matrix or the case being read)."""

    def work(cur):
        current = learning_point_or_404(cur, lp_id)
        review, _ = member_access(cur, actor, current.review_id)
        if current.status in LOCKED:
            raise ValidationError("error.lp_locked")
        ids = _clean_evidence(cur, actor, review, [*current.evidence_ids, *finding_ids], keep=current.evidence_ids)
        saved = save_version(cur, actor, current, expected_version, evidence_ids=ids)
        record(cur, actor, "change", record_type="learning_point", record_id=lp_id,
               details={"version": saved.version, "evidence": len(ids)})
        return saved

    return db.write(work)


@requires("learning_point.approve")
def set_quotations(db, actor: User, lp_id: int, expected_version: int, finding_ids) -> LearningPoint:
    """The chair ticks which evidence the samlet referat quotes (the finding's excerpt, through the export
    guard); the rest is cited by case, document and page only. Only the learning point's own evidence."""
    wanted = sorted({int(i) for i in finding_ids or ()})

    def work(cur):
        current = learning_point_or_404(cur, lp_id)
        review, _ = member_access(cur, actor, current.review_id)
        if review.chair_id != actor.id:
            raise PermissionDenied(action="learning_point.approve")
        if current.version != expected_version:
            raise StaleVersion(current)
        strange = [i for i in wanted if i not in current.evidence_ids]
        if strange:
            raise ValidationError("error.quote_not_evidence", ids=", ".join(f"#{i}" for i in strange))
        repo.set_quotes(cur, lp_id, wanted, user_id=actor.id, now=clock.now())
        record(cur, actor, "change", record_type="learning_point", record_id=lp_id,
               details={"quotations": wanted})
        return repo.get_learning_point(cur, lp_id)

    return db.write(work)


@requires("learning_point.write")
def move_learning_point(db, actor: User, lp_id: int, expected_version: int,
                        to_status: LearningPointStatus) -> LearningPoint:
    """Move one step along the workflow. Approving and presenting (and reopening) are for the chair."""
    try:
        to_status = LearningPointStatus(to_status)
    except ValueError:
        raise ValidationError("error.lp_bad_status") from None

    def work(cur):
        current = learning_point_or_404(cur, lp_id)
        member_access(cur, actor, current.review_id)
        if current.version != expected_version:
            raise StaleVersion(current)
        if to_status not in (FORWARD.get(current.status), BACK.get(current.status)):
            raise ValidationError("error.lp_bad_transition", current=current.status.value, target=to_status.value)
        if (current.status, to_status) in CHAIR_ONLY and not allowed(actor, "learning_point.approve"):
            raise PermissionDenied(action="learning_point.approve")
        if current.status == S.DRAFT and not current.evidence_ids:
            raise ValidationError("error.lp_needs_evidence")
        if to_status == S.DISCUSSED and current.status == S.IN_DISCUSSION and not current.responses:
            raise ValidationError("error.lp_needs_family_response")
        saved = save_version(cur, actor, current, expected_version, status=to_status)
        record(cur, actor, "change", record_type="learning_point", record_id=lp_id,
               details={"status": [current.status.value, to_status.value], "version": saved.version})
        return saved

    return db.write(work)


@requires("review.export")
def export_learning_points_csv(db, actor: User, review_id: int, *, lang: str = "da", purpose: str = "") -> bytes:
    """The review's learning points as CSV for Danish Excel. The export is logged."""
    cur = db.cursor()
    review = review_or_404(cur, review_id)
    frame = repo.export_frame(cur, review_id)
    data = learning_points_csv(frame, review_name=review.name, lang=lang)
    db.write(lambda c: record(c, actor, "export", record_type="learning_points", record_id=review_id,
                              purpose=purpose, details={"review": review.name, "rows": len(frame)}))
    return data


@requires("learning_point.read")
def choices(db, actor: User, review_id: int, statuses) -> list[tuple[int, str, str]]:
    """(id, title, status) of the review's learning points in `statuses`, for pickers."""
    return repo.choices(db.cursor(), review_id, statuses)


@requires("learning_point.read")
def overdue_actions(db, actor: User, review_id: int) -> int:
    return actions_repo.overdue_count(db.cursor(), review_id, clock.today())
