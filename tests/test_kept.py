"""Values kept between reruns (reviews.services.kept, issue 14 "Speed"): served again while nothing was written,
and dropped by the very next write that may change them, also one made through another Database object on the
same file. Logging a read or a search does not drop them; the permission check and the audit row still happen
on every call. Real DuckDB files throughout."""

from __future__ import annotations

import datetime as dt

import pytest

from reviews.analysis import contact_rule
from reviews.errors import PermissionDenied
from reviews.models import Role
from reviews.models.ombudsman import Channel, InquiryType
from reviews.services import inquiries, kept, ombudsman_stats
from reviews.storage import audit as audit_repo
from reviews.storage.database import Database

YEAR = 2026


@pytest.fixture
def db(tmp_path):
    database = Database(str(tmp_path / "kept.duckdb"))
    yield database
    database.close()


def register(db, actor, citizen: str, area: str = "Børn og Familie") -> int:
    return inquiries.create_inquiry(db, actor, inquiries.InquiryForm(
        received_at=contact_rule.local_to_utc(dt.datetime(YEAR, 3, 1, 10, 0)), channel=Channel.PHONE,
        area=area, inquiry_type=InquiryType.COMPLAINT, citizen=citizen)).record.id


def searched(db, actor) -> int:
    return inquiries.search_inquiries(db, actor).total


def logged_searches(db) -> int:
    return audit_repo.search(db.cursor(), action="search", limit=1000)[1]


def test_a_repeated_search_is_served_kept_but_logged_each_time(db, users):
    ombudsman = users[Role.OMBUDSMAN]
    register(db, ombudsman, "Borger Ærø")
    assert searched(db, ombudsman) == 1
    before, logged = kept.computed(), logged_searches(db)
    assert searched(db, ombudsman) == 1
    assert kept.computed() == before  # the audit row of the first search did not drop the value
    assert logged_searches(db) == logged + 1


def test_a_write_drops_the_kept_values_at_once(db, users):
    ombudsman = users[Role.OMBUDSMAN]
    register(db, ombudsman, "Borger Ærø")
    assert searched(db, ombudsman) == 1
    assert ombudsman_stats.yearly_report(db, ombudsman, YEAR).totals.set_index("year")["n"][YEAR] == 1
    register(db, ombudsman, "Borger Øster", area="Handicap og Psykiatri")
    assert searched(db, ombudsman) == 2
    assert ombudsman_stats.yearly_report(db, ombudsman, YEAR).totals.set_index("year")["n"][YEAR] == 2
    assert "Handicap og Psykiatri" in inquiries.list_areas(db, ombudsman)


def test_a_write_through_another_database_object_on_the_file_drops_them(db, users):
    ombudsman = users[Role.OMBUDSMAN]
    assert searched(db, ombudsman) == 0
    second = Database(db.path)
    try:
        register(second, ombudsman, "Borger Åby")
    finally:
        second.close()
    assert searched(db, ombudsman) == 1


def test_a_failed_write_leaves_the_values_right(db, users):
    ombudsman = users[Role.OMBUDSMAN]
    register(db, ombudsman, "Borger Ærø")
    assert searched(db, ombudsman) == 1

    def half_then_fail(cur):
        cur.execute("DELETE FROM inquiries")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        db.write(half_then_fail)
    assert searched(db, ombudsman) == 1


def test_the_permission_check_is_not_kept(db, users):
    ombudsman, reviewer = users[Role.OMBUDSMAN], users[Role.REVIEWER]
    register(db, ombudsman, "Borger Ærø")
    assert searched(db, ombudsman) == 1
    with pytest.raises(PermissionDenied):
        searched(db, reviewer)


def test_saving_a_draft_keeps_the_values(db, users):
    from reviews.services import drafts

    ombudsman = users[Role.OMBUDSMAN]
    register(db, ombudsman, "Borger Ærø")
    assert searched(db, ombudsman) == 1
    before = kept.computed()
    drafts.save_draft(db, ombudsman, "finding", "1:2", "Et udkast om Ærø")  # typing in a field: bookkeeping
    assert searched(db, ombudsman) == 1
    assert kept.computed() == before
