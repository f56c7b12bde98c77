"""The lists the administrator keeps for the ombudsman's register: causes of complaints and areas.

Inquiry types, channels and outcomes are fixed (so years compare) and are not edited here. A cause or
area in use is retired (hidden from new registrations), never deleted or renamed, so earlier years keep
counting under the name they had; an unused one may be renamed or deleted.
"""

from __future__ import annotations

from reviews.errors import NotFound, ValidationError
from reviews.models import User
from reviews.models.ombudsman import AreaEntry, Cause
from reviews.services.audit import record
from reviews.services.permissions import requires
from reviews.storage import ombudsman_categories as repo
from reviews.text import CleanText

MAX_NAME = 100


def _name(value: str) -> str:
    clean = CleanText()
    name = " ".join(clean(value, "name", required=True, max_length=MAX_NAME).split())
    if clean.masked:
        raise ValidationError("error.validation")
    return name


# --- causes ------------------------------------------------------------------------------------------------


@requires("ombudsman.categories.manage")
def causes(db, actor: User) -> list[Cause]:
    """All causes, retired ones included, with how many inquiries use each."""
    return repo.causes(db.cursor())


@requires("ombudsman.categories.manage")
def add_cause(db, actor: User, name: str) -> Cause:
    name = _name(name)

    def work(cur):
        if repo.cause_by_name(cur, name):
            raise ValidationError("categories.error.cause_exists", name=name)
        cause_id = repo.insert_cause(cur, name)
        record(cur, actor, "create", record_type="inquiry_cause", record_id=cause_id, details={"name": name})
        return repo.cause(cur, cause_id)

    return db.write(work)


def _get_cause(cur, cause_id: int) -> Cause:
    cause = repo.cause(cur, cause_id)
    if cause is None:
        raise NotFound(record="inquiry_cause", id=cause_id)
    return cause


@requires("ombudsman.categories.manage")
def rename_cause(db, actor: User, cause_id: int, name: str) -> Cause:
    name = _name(name)

    def work(cur):
        cause = _get_cause(cur, cause_id)
        if cause.usage:
            raise ValidationError("categories.error.cause_in_use", name=cause.name, count=cause.usage)
        other = repo.cause_by_name(cur, name)
        if other and other.id != cause_id:
            raise ValidationError("categories.error.cause_exists", name=name)
        repo.rename_cause(cur, cause_id, name)
        record(cur, actor, "change", record_type="inquiry_cause", record_id=cause_id,
               details={"old": cause.name, "name": name})
        return repo.cause(cur, cause_id)

    return db.write(work)


@requires("ombudsman.categories.manage")
def set_cause_active(db, actor: User, cause_id: int, active: bool) -> Cause:
    def work(cur):
        cause = _get_cause(cur, cause_id)
        repo.set_cause_active(cur, cause_id, bool(active))
        record(cur, actor, "change", record_type="inquiry_cause", record_id=cause_id,
               details={"name": cause.name, "active": bool(active)})
        return repo.cause(cur, cause_id)

    return db.write(work)


@requires("ombudsman.categories.manage")
def delete_cause(db, actor: User, cause_id: int) -> None:
    def work(cur):
        cause = _get_cause(cur, cause_id)
        if cause.usage:
            raise ValidationError("categories.error.cause_in_use", name=cause.name, count=cause.usage)
        repo.delete_cause(cur, cause_id)
        record(cur, actor, "delete", record_type="inquiry_cause", record_id=cause_id, details={"name": cause.name})

    db.write(work)


@requires("ombudsman.categories.manage")
def move_cause(db, actor: User, cause_id: int, step: int) -> None:
    """Move a cause up (step -1) or down (+1) in the list shown in forms."""

    def work(cur):
        order = [c.id for c in repo.causes(cur)]
        if cause_id not in order:
            raise NotFound(record="inquiry_cause", id=cause_id)
        index = order.index(cause_id)
        target = max(0, min(len(order) - 1, index + step))
        order.insert(target, order.pop(index))
        repo.set_cause_order(cur, order)
        record(cur, actor, "change", record_type="inquiry_cause", record_id=cause_id, details={"position": target + 1})

    db.write(work)


# --- areas ------------------------------------------------------------------------------------------------


@requires("ombudsman.categories.manage")
def areas(db, actor: User) -> list[AreaEntry]:
    """All areas, retired ones included, with how many cases, inquiries and mediation cases use each."""
    return repo.areas(db.cursor())


def _get_area(cur, name: str) -> AreaEntry:
    area = repo.area(cur, name)
    if area is None:
        raise NotFound(record="area", id=name)
    return area


@requires("ombudsman.categories.manage")
def add_area(db, actor: User, name: str) -> AreaEntry:
    name = _name(name)

    def work(cur):
        if repo.area(cur, name):
            raise ValidationError("categories.error.area_exists", name=name)
        repo.insert_area(cur, name)
        record(cur, actor, "create", record_type="area", record_id=name)
        return repo.area(cur, name)

    return db.write(work)


@requires("ombudsman.categories.manage")
def rename_area(db, actor: User, name: str, new_name: str) -> AreaEntry:
    new_name = _name(new_name)

    def work(cur):
        area = _get_area(cur, name)
        if area.usage:
            raise ValidationError("categories.error.area_in_use", name=area.name, count=area.usage)
        other = repo.area(cur, new_name)
        if other and other.name != area.name:
            raise ValidationError("categories.error.area_exists", name=new_name)
        repo.rename_area(cur, area.name, new_name)
        record(cur, actor, "change", record_type="area", record_id=new_name, details={"old": area.name})
        return repo.area(cur, new_name)

    return db.write(work)


@requires("ombudsman.categories.manage")
def set_area_active(db, actor: User, name: str, active: bool) -> AreaEntry:
    def work(cur):
        area = _get_area(cur, name)
        repo.set_area_active(cur, area.name, bool(active))
        record(cur, actor, "change", record_type="area", record_id=area.name, details={"active": bool(active)})
        return repo.area(cur, area.name)

    return db.write(work)


@requires("ombudsman.categories.manage")
def delete_area(db, actor: User, name: str) -> None:
    def work(cur):
        area = _get_area(cur, name)
        if area.usage:
            raise ValidationError("categories.error.area_in_use", name=area.name, count=area.usage)
        repo.delete_area(cur, area.name)
        record(cur, actor, "delete", record_type="area", record_id=area.name)

    db.write(work)


@requires("ombudsman.categories.manage")
def move_area(db, actor: User, name: str, step: int) -> None:
    def work(cur):
        order = [a.name for a in repo.areas(cur)]
        area = _get_area(cur, name)
        index = order.index(area.name)
        target = max(0, min(len(order) - 1, index + step))
        order.insert(target, order.pop(index))
        repo.set_area_order(cur, order)
        record(cur, actor, "change", record_type="area", record_id=area.name, details={"position": target + 1})

    db.write(work)
