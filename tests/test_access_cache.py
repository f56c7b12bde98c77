"""The need-to-know check answered from memory (issue 11, "Speed"), and dropped exactly when what it read changes.

Real DuckDB files throughout. Each test first makes the check answer from the cache (a second check), then
changes one thing the access rules read through the services, and expects the very next check to see it.
"""

from __future__ import annotations

import ast
import datetime as dt
import pathlib
import re

import pytest

from reviews import clock
from reviews.analysis import contact_rule
from reviews.errors import NotFound
from reviews.models import Consent, Discipline, Nomination, Role
from reviews.models.ombudsman import Channel, InquiryType
from reviews.services import access, auth, inquiries
from reviews.services import cases as case_service
from reviews.services import reviews as review_service
from reviews.services.cases import CaseForm
from reviews.storage import access as access_repo
from reviews.storage import changes
from reviews.storage.database import Database

NOW = dt.datetime(2026, 3, 2, 9, 0)
REASON = "Klage fra familien over sagens behandling, jf. henvendelse i dag."
GIVEN = review_service.SelectionForm(Nomination.FAMILIES, consent=Consent.GIVEN, consent_date=dt.date(2026, 1, 5))


class Clock:
    def __init__(self, now):
        self.value = now

    def __call__(self):
        return self.value


@pytest.fixture
def now(monkeypatch) -> Clock:
    fake = Clock(NOW)
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture
def db(tmp_path):
    """A database file (the conftest's `users` fixture then fills this one)."""
    database = Database(str(tmp_path / "access.duckdb"))
    yield database
    database.close()


@pytest.fixture
def world(db, users, now):
    """Cases 1 and 2 selected (consent given) into a review the chair chairs and the reviewer is a member of;
    case 3 in a second review of the same chair with consent pending; case 4 in no review's reach."""
    chair, reviewer = users[Role.CHAIR], users[Role.REVIEWER]
    ids = [case_service.create_case(db, chair, CaseForm(f"Familie {n}", summary=f"Sag {n}")).record.id
           for n in range(1, 5)]
    review = review_service.create_review(db, chair, review_service.ReviewForm("Task Force"))
    review_service.set_member(db, chair, review.id, reviewer.id, Discipline.PSYCHOLOGIST)
    for case_id in ids[:2]:
        review_service.select_case(db, chair, review.id, case_id, GIVEN)
    other = review_service.create_review(db, chair, review_service.ReviewForm("Arkiv"))
    for case_id in ids[2:]:
        review_service.select_case(db, chair, other.id, case_id,
                                   review_service.SelectionForm(Nomination.TASK_FORCE, consent=Consent.PENDING))
    return {"ids": ids, "review": review.id, "other": other.id}


def checks(db, user, case_ids) -> list[bool]:
    """The check as a page rerun runs it (a read cursor), twice: the second answer comes from memory."""
    first = [access.can_read_case(db.cursor(), user, case_id) for case_id in case_ids]
    assert [access.can_read_case(db.cursor(), user, case_id) for case_id in case_ids] == first
    return first


def test_the_check_is_answered_from_memory_until_the_access_generation_moves(db, users, world):
    """A write behind the storage functions' back is not seen until the generation moves: the cache is real,
    and this is why every storage function writing what the rules read must call changes.changed."""
    reviewer, ids = users[Role.REVIEWER], world["ids"]
    assert checks(db, reviewer, ids[:1]) == [True]
    db.write(lambda cur: cur.execute("DELETE FROM review_members WHERE user_id = ?", [reviewer.id]))
    assert access.can_read_case(db.cursor(), reviewer, ids[0]) is True
    changes.changed(changes.ACCESS)
    assert access.can_read_case(db.cursor(), reviewer, ids[0]) is False


def test_removing_a_member_takes_effect_on_the_next_check(db, users, world):
    reviewer, ids, review = users[Role.REVIEWER], world["ids"], world["review"]
    assert checks(db, reviewer, ids) == [True, True, False, False]
    assert access.works_on_review(db.cursor(), reviewer, review) is True
    review_service.remove_member(db, users[Role.CHAIR], review, reviewer.id)
    assert access.can_read_case(db.cursor(), reviewer, ids[0]) is False
    assert access.works_on_review(db.cursor(), reviewer, review) is False
    with pytest.raises(NotFound):
        case_service.get_case(db, reviewer, ids[0])
    review_service.set_member(db, users[Role.CHAIR], review, reviewer.id, Discipline.LAWYER)
    assert checks(db, reviewer, ids[:1]) == [True]


def test_changing_a_reviews_cases_takes_effect_on_the_next_check(db, users, world):
    chair, reviewer, ids, review = users[Role.CHAIR], users[Role.REVIEWER], world["ids"], world["review"]
    assert checks(db, reviewer, ids) == [True, True, False, False]
    review_service.remove_case(db, chair, review, ids[1])
    assert checks(db, reviewer, ids) == [True, False, False, False]
    review_service.select_case(db, chair, review, ids[3], GIVEN)
    assert checks(db, reviewer, ids) == [True, False, False, True]
    # The consent withdrawn: the selection has no basis any more.
    version = db.fetchone("SELECT version FROM review_cases WHERE review_id = ? AND case_id = ?",
                          [review, ids[0]])[0]
    review_service.update_selection(db, chair, review, ids[0], version, review_service.SelectionForm(
        Nomination.FAMILIES, consent=Consent.REFUSED, consent_date=dt.date(2026, 3, 1)))
    assert checks(db, reviewer, ids) == [False, False, False, True]


def test_a_new_chair_takes_effect_on_the_next_check(db, users, world):
    chair, ids, other = users[Role.CHAIR], world["ids"], world["other"]
    second = auth.create_user_unchecked(db, None, username="formand2", full_name="Anden Formand", role=Role.CHAIR,
                                        password="test-password-1")
    review_service.update_selection(db, chair, other, ids[2], 1, GIVEN)
    assert checks(db, second, ids[2:3]) == [False]
    assert access.works_on_review(db.cursor(), second, other) is False
    review_service.set_chair(db, chair, other, second.id)
    assert checks(db, second, ids[2:3]) == [True]
    assert access.works_on_review(db.cursor(), second, other) is True
    assert checks(db, chair, ids[2:3]) == [False]


def test_a_grant_ends_at_its_time_without_a_write(db, users, world, now):
    admin, case_id = users[Role.ADMINISTRATOR], world["ids"][3]
    assert checks(db, admin, [case_id]) == [False]
    grant = access.break_glass(db, admin, "Familie 4", REASON, minutes=30)
    assert checks(db, admin, [case_id]) == [True]
    now.value = grant.expires_at - dt.timedelta(seconds=1)
    assert checks(db, admin, [case_id]) == [True]
    writes = db.fetchone("SELECT count(*) FROM audit_log")[0]
    now.value = grant.expires_at
    assert checks(db, admin, [case_id]) == [False]
    assert db.fetchone("SELECT count(*) FROM audit_log")[0] == writes  # nothing was written to end it
    # A clock set back before the entry was computed reads again rather than trust the entry.
    now.value = grant.expires_at - dt.timedelta(minutes=1)
    assert checks(db, admin, [case_id]) == [True]


def test_the_earliest_of_several_grants_ends_the_entry(db, users, world, now):
    admin, ids = users[Role.ADMINISTRATOR], world["ids"]
    access.break_glass(db, admin, "Familie 4", REASON, minutes=10)
    access.break_glass(db, admin, "Familie 3", REASON, minutes=60)
    assert checks(db, admin, ids[2:]) == [True, True]
    now.value = NOW + dt.timedelta(minutes=10)
    assert checks(db, admin, ids[2:]) == [True, False]
    now.value = NOW + dt.timedelta(minutes=60)
    assert checks(db, admin, ids[2:]) == [False, False]


def test_a_role_change_takes_effect_on_the_next_check(db, users, world):
    admin, ombudsman, ids = users[Role.ADMINISTRATOR], users[Role.OMBUDSMAN], world["ids"]
    inquiries.create_inquiry(db, ombudsman, inquiries.InquiryForm(
        received_at=contact_rule.local_to_utc(dt.datetime(2026, 3, 1, 10, 0)), channel=Channel.PHONE,
        area="Børn og Familie", inquiry_type=InquiryType.COMPLAINT, citizen="Borger 3", case_pseudonym="Familie 3"))
    review_service.set_member(db, users[Role.CHAIR], world["review"], ombudsman.id, Discipline.OMBUDSMAN)
    assert checks(db, ombudsman, ids) == [True, True, True, False]
    auth.update_user(db, admin, ombudsman.id, full_name=ombudsman.full_name, role=Role.REVIEWER, active=True)
    # The account object of a session started before the change still says "ombudsman": it reads nothing.
    assert checks(db, ombudsman, ids) == [False, False, False, False]
    as_reviewer = next(u for u in auth.list_users(db, admin) if u.id == ombudsman.id)
    assert as_reviewer.role == Role.REVIEWER
    assert checks(db, as_reviewer, ids) == [True, True, False, False]  # the review's cases, not the register's


def test_deactivation_takes_effect_on_the_next_check(db, users, world):
    admin, reviewer, ids, review = users[Role.ADMINISTRATOR], users[Role.REVIEWER], world["ids"], world["review"]
    assert checks(db, reviewer, ids[:2]) == [True, True]
    auth.update_user(db, admin, reviewer.id, full_name=reviewer.full_name, role=reviewer.role, active=False)
    assert checks(db, reviewer, ids[:2]) == [False, False]
    assert access.works_on_review(db.cursor(), reviewer, review) is False
    auth.update_user(db, admin, reviewer.id, full_name=reviewer.full_name, role=reviewer.role, active=True)
    assert checks(db, reviewer, ids[:2]) == [True, True]


def test_an_inquiry_tying_a_case_to_the_ombudsman_takes_effect_on_the_next_check(db, users, world):
    ombudsman, ids = users[Role.OMBUDSMAN], world["ids"]
    assert checks(db, ombudsman, ids) == [False, False, False, False]
    inquiries.create_inquiry(db, ombudsman, inquiries.InquiryForm(
        received_at=contact_rule.local_to_utc(dt.datetime(2026, 3, 1, 10, 0)), channel=Channel.PHONE,
        area="Børn og Familie", inquiry_type=InquiryType.COMPLAINT, citizen="Borger 4", case_pseudonym="Familie 4"))
    assert checks(db, ombudsman, ids) == [False, False, False, True]


def test_a_case_registered_by_hand_is_readable_by_its_creator_at_once(db, users, world):
    chair = users[Role.CHAIR]
    assert checks(db, chair, world["ids"][:1]) == [True]
    new = case_service.create_case(db, chair, CaseForm("Familie 5", summary="Ny")).record.id
    assert checks(db, chair, [new]) == [True]


def test_two_databases_on_one_file_see_each_others_changes(db, users, world):
    reviewer, ids, review = users[Role.REVIEWER], world["ids"], world["review"]
    second = Database(db.path)
    try:
        assert checks(db, reviewer, ids[:1]) == [True]
        assert checks(second, reviewer, ids[:1]) == [True]
        review_service.remove_member(second, users[Role.CHAIR], review, reviewer.id)
        assert access.can_read_case(db.cursor(), reviewer, ids[0]) is False
        assert access.can_read_case(second.cursor(), reviewer, ids[0]) is False
        review_service.set_member(db, users[Role.CHAIR], review, reviewer.id, Discipline.LAWYER)
        assert access.can_read_case(second.cursor(), reviewer, ids[0]) is True
    finally:
        second.close()


def test_a_rolled_back_change_is_neither_seen_nor_kept(db, users, world):
    """Inside a write the check reads through the write's cursor (its own uncommitted rows) and keeps nothing."""
    reviewer, ids, review = users[Role.REVIEWER], world["ids"], world["review"]
    second_reviewer = auth.create_user_unchecked(db, None, username="jurist2", full_name="Anden Jurist",
                                                 role=Role.REVIEWER, password="test-password-1")
    assert checks(db, second_reviewer, ids[:1]) == [False]
    seen_inside = []

    def work(cur):
        from reviews.storage import reviews as reviews_repo

        reviews_repo.upsert_member(cur, review, second_reviewer.id, Discipline.LAWYER)
        seen_inside.append(access.can_read_case(cur, second_reviewer, ids[0]))
        raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        db.write(work)
    assert seen_inside == [True]
    assert checks(db, second_reviewer, ids[:1]) == [False]
    assert checks(db, reviewer, ids[:1]) == [True]


def test_the_cached_set_agrees_with_the_scope_and_the_one_case_query(db, users, world, now):
    """The three forms of the rules (the one-query set, the list filter, the single-case query) agree."""
    access.break_glass(db, users[Role.ADMINISTRATOR], "Familie 4", REASON)
    inquiries.create_inquiry(db, users[Role.OMBUDSMAN], inquiries.InquiryForm(
        received_at=contact_rule.local_to_utc(dt.datetime(2026, 3, 1, 10, 0)), channel=Channel.PHONE,
        area="Børn og Familie", inquiry_type=InquiryType.COMPLAINT, citizen="Borger 3", case_pseudonym="Familie 3"))
    all_ids = [row[0] for row in db.fetchall("SELECT id FROM cases ORDER BY id")]
    for role, user in users.items():
        cached = access_repo.readable(db.cursor(), user.id, role, now()).case_ids
        scope_sql, params = access_repo.readable_ids_sql(user.id, role, now())
        scoped = {row[0] for row in db.fetchall("SELECT id FROM cases c WHERE c.id IN " + scope_sql, params)}
        one = {case_id for case_id in all_ids if access_repo.can_read(db.cursor(), case_id, user.id, role, now())}
        assert cached == scoped == one, role
    listed = {c.id for c in case_service.search_cases(db, users[Role.REVIEWER]).items}
    assert listed == set(world["ids"][:2])


# Tables the access rules read (reviews.storage.access), and the storage functions that write them but no
# column the rules read, each with its reason.
ACCESS_TABLES = ("reviews", "review_members", "review_cases", "access_grants", "cases", "inquiries",
                 "mediation_cases", "users")
NO_ACCESS_COLUMNS = {
    "reviews.update_review": "name, mandate, deadline, blind, closed_on",
    "cases.update_case": "the case's fields, not who registered it",
    "inquiries.set_first_contact": "the first contact, not the case",
    "users.set_password_hash": "the password",
    "users.set_language": "the language",
}
_WRITES = re.compile(r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(" + "|".join(ACCESS_TABLES) + r")\b", re.I)


def test_every_storage_function_writing_what_access_reads_moves_the_generation():
    root = pathlib.Path(access_repo.__file__).parent
    missing, exempt_seen = [], set()
    for path in sorted(root.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            text = " ".join(n.value for n in ast.walk(fn) if isinstance(n, ast.Constant) and isinstance(n.value, str))
            if not _WRITES.search(text):
                continue
            name = f"{path.stem}.{fn.name}"
            bumps = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "changed"
                        for n in ast.walk(fn))
            if name in NO_ACCESS_COLUMNS:
                exempt_seen.add(name)
            elif not bumps:
                missing.append(name)
    assert missing == []
    assert exempt_seen == set(NO_ACCESS_COLUMNS)
    # ... and nothing outside reviews/storage writes them behind the storage functions' back.
    outside = [str(p.relative_to(root.parent)) for p in root.parent.rglob("*.py")
               if root not in p.parents and _WRITES.search(p.read_text(encoding="utf-8"))]
    assert outside == []
