"""Meetings of a review, agenda items, attendees, links to learning points, the minutes lifecycle
(draft -> approved -> locked, corrections as new versions) and the exports' refusals on bad input."""

from __future__ import annotations

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import docx
import pytest

from reviews.errors import NotFound, PermissionDenied, StaleVersion, ValidationError
from reviews.models import Role
from reviews.models.case_review import FamilyStance, LearningPointStatus
from reviews.models.minutes import AttendeeStatus, MeetingKind, MinutesStatus
from reviews.privacy.cpr import CPR_MASK
from reviews.services import documents, family_round, learning_points, meetings
from reviews.services import reviews as review_service
from reviews.services.permissions import GUARDED
from tests.conftest import demo_user

LOCAL = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def review(db, users):
    return review_service.create_review(db, users[Role.CHAIR],
                                        review_service.ReviewForm("Gennemgang A", "Kommissorium"))


@pytest.fixture
def meeting(db, users, review):
    return meetings.create_meeting(db, users[Role.CHAIR], review.id, meetings.MeetingForm(
        MeetingKind.FAMILY, "Familierunde", dt.datetime(2026, 2, 24, 16, 0, tzinfo=LOCAL), 90, "Rådhuset", "",
        "Vi drøfter læringspunkterne.", "Børne- og Ungeudvalget", "Punkt 5")).record


def add_item(db, chair, meeting, title="Punkt", **texts):
    return meetings.add_item(db, chair, meeting.id, meetings.ItemForm(title, **texts)).record


def current(db, actor, meeting_id):
    return meetings.get_meeting(db, actor, meeting_id).meeting


def approve(db, chair, meeting_id):
    return meetings.approve_minutes(db, chair, meeting_id, current(db, chair, meeting_id).version)


def make_learning_point(db, chair, review_id, title="Overlevering") -> int:
    form = learning_points.LearningPointForm(title)
    return learning_points.create_learning_point(db, chair, review_id, form).record.id


# --- meetings and items -----------------------------------------------------------------------------------


def test_create_meeting_stores_utc_and_every_field(db, users, meeting) -> None:
    assert meeting.starts_at == dt.datetime(2026, 2, 24, 15, 0)  # 16:00 in Copenhagen in winter
    assert (meeting.kind, meeting.title, meeting.duration_minutes, meeting.place, meeting.committee,
            meeting.committee_item) == (MeetingKind.FAMILY, "Familierunde", 90, "Rådhuset", "Børne- og Ungeudvalget",
                                        "Punkt 5")
    assert meeting.minutes_status == MinutesStatus.DRAFT and meeting.minutes_version == 1
    assert meeting.for_citizens


@pytest.mark.parametrize(("form", "key"), [
    (dict(title=""), "error.required"),
    (dict(video_link="http://usikker.dk/møde"), "minutes.error.video_link"),
    (dict(duration_minutes=0), "minutes.error.duration"),
    (dict(duration_minutes=24 * 60 + 1), "minutes.error.duration"),
    (dict(kind="fest"), "minutes.error.bad_value"),
])
def test_meeting_validation(db, users, review, form, key) -> None:
    values = dict(kind=MeetingKind.TASK_FORCE, title="Møde") | form
    with pytest.raises(ValidationError) as error:
        meetings.create_meeting(db, users[Role.CHAIR], review.id, meetings.MeetingForm(**values))
    assert error.value.key == key


def test_cpr_in_meeting_text_is_masked_on_save(db, users, review) -> None:
    saved = meetings.create_meeting(db, users[Role.CHAIR], review.id, meetings.MeetingForm(
        MeetingKind.TASK_FORCE, "Møde", purpose="Barnet 010203-1234 drøftes."))
    assert saved.masked_cpr == 1 and saved.record.purpose == f"Barnet {CPR_MASK} drøftes."


def test_items_in_the_committee_structure_and_their_order(db, users, meeting) -> None:
    chair = users[Role.CHAIR]
    first = add_item(db, chair, meeting, "Velkomst", resume="r", recommendation="i", account="s", minutes="m",
                     decision="b")
    second = add_item(db, chair, meeting, "Læringspunkter")
    third = add_item(db, chair, meeting, "Næste skridt")
    assert (first.resume, first.recommendation, first.account, first.minutes, first.decision) == (
        "r", "i", "s", "m", "b")
    assert [i.title for i in meetings.move_item(db, chair, third.id, -1)] == ["Velkomst", "Næste skridt",
                                                                            "Læringspunkter"]
    meetings.delete_item(db, chair, first.id, first.version)
    assert [(i.position, i.title) for i in meetings.get_meeting(db, chair, meeting.id).items] == [
        (1, "Næste skridt"), (2, "Læringspunkter")]
    assert second.id in {i.id for i in meetings.get_meeting(db, chair, meeting.id).items}


def test_stale_item_save_is_refused_with_the_newer_version(db, users, meeting) -> None:
    chair, ombudsman = users[Role.CHAIR], users[Role.OMBUDSMAN]
    item = add_item(db, chair, meeting, "Punkt")
    meetings.update_item(db, ombudsman, item.id, item.version, meetings.ItemForm("Punkt", minutes="Bodils tekst"))
    with pytest.raises(StaleVersion) as error:
        meetings.update_item(db, chair, item.id, item.version, meetings.ItemForm("Punkt", minutes="Frederiks tekst"))
    assert error.value.current.minutes == "Bodils tekst"


def test_attendees_and_absences(db, users, meeting) -> None:
    chair = users[Role.CHAIR]
    present = meetings.add_attendee(db, chair, meeting.id, meetings.AttendeeForm("Bodil Ærø", "borgerrådgiver",
                                                                                AttendeeStatus.PRESENT))
    meetings.add_attendee(db, chair, meeting.id, meetings.AttendeeForm("Repræsentant D", "familierepræsentant",
                                                                      AttendeeStatus.APOLOGIES))
    meetings.update_attendee(db, chair, present.id, present.version,
                             meetings.AttendeeForm("Bodil Ærø", "borgerrådgiver", AttendeeStatus.APOLOGIES))
    attendees = meetings.get_meeting(db, chair, meeting.id).attendees
    assert [(a.name, a.status) for a in attendees] == [("Bodil Ærø", AttendeeStatus.APOLOGIES),
                                                       ("Repræsentant D", AttendeeStatus.APOLOGIES)]
    with pytest.raises(ValidationError, match="name_is_cpr"):
        meetings.add_attendee(db, chair, meeting.id, meetings.AttendeeForm("010203-1234"))


def test_link_learning_points_of_the_same_review_only(db, users, review, meeting) -> None:
    chair = users[Role.CHAIR]
    other = review_service.create_review(db, chair, review_service.ReviewForm("Gennemgang B"))
    own, foreign = make_learning_point(db, chair, review.id), make_learning_point(db, chair, other.id, "Andet")
    item = add_item(db, chair, meeting)
    with pytest.raises(ValidationError) as error:
        meetings.link_learning_points(db, chair, item.id, item.version, [own, foreign])
    assert error.value.key == "minutes.error.lp_other_review"
    with pytest.raises(ValidationError) as error:
        meetings.link_learning_points(db, chair, item.id, item.version, [own, 9999])
    assert error.value.key == "minutes.error.lp_missing" and error.value.params == {"ids": "#9999"}
    linked = meetings.link_learning_points(db, chair, item.id, item.version, [own, own])
    assert linked.learning_point_ids == (own,)
    assert meetings.get_meeting(db, chair, meeting.id).learning_points[own].title == "Overlevering"


def test_permissions(db, users, review, meeting) -> None:
    reviewer, reader, admin = users[Role.REVIEWER], users[Role.READER], users[Role.ADMINISTRATOR]
    assert meetings.get_meeting(db, reviewer, meeting.id).meeting.id == meeting.id
    assert meetings.list_meetings(db, reader, review.id)[0].id == meeting.id
    with pytest.raises(PermissionDenied):
        meetings.get_meeting(db, admin, meeting.id)
    with pytest.raises(PermissionDenied):
        meetings.add_item(db, reviewer, meeting.id, meetings.ItemForm("Punkt"))
    add_item(db, users[Role.CHAIR], meeting)
    with pytest.raises(PermissionDenied):
        meetings.approve_minutes(db, users[Role.OMBUDSMAN], meeting.id, current(db, reviewer, meeting.id).version)
    with pytest.raises(PermissionDenied):
        documents.committee_minutes_document(db, reviewer, meeting.id)
    assert {GUARDED[f"reviews.services.meetings.{name}"] for name in ("approve_minutes", "lock_minutes")} == {
        "minutes.approve"}


def test_every_read_and_change_is_logged(db, users, meeting) -> None:
    chair = users[Role.CHAIR]
    add_item(db, chair, meeting)
    meetings.get_meeting(db, chair, meeting.id)
    rows = db.fetchall("SELECT action, record_type FROM audit_log WHERE username = ? ORDER BY id", [chair.username])
    assert ("create", "meeting") in rows and ("create", "meeting_item") in rows and ("read", "meeting") in rows


# --- the minutes lifecycle --------------------------------------------------------------------------------


def test_approval_needs_an_agenda(db, users, meeting) -> None:
    with pytest.raises(ValidationError) as error:
        approve(db, users[Role.CHAIR], meeting.id)
    assert error.value.key == "minutes.error.no_agenda"


def test_approve_freezes_then_correct_makes_a_new_version_and_lock_ends_it(db, users, meeting) -> None:
    chair, ombudsman = users[Role.CHAIR], users[Role.OMBUDSMAN]
    item = add_item(db, chair, meeting, "Velkomst", minutes="Første tekst")
    approved = approve(db, chair, meeting.id)
    assert approved.minutes_status == MinutesStatus.APPROVED and approved.approved_by_name == "Test chair"
    with pytest.raises(ValidationError) as error:
        meetings.update_item(db, chair, item.id, item.version, meetings.ItemForm("Velkomst", minutes="Ændret"))
    assert error.value.key == "minutes.error.not_draft"

    corrected = meetings.correct_minutes(db, ombudsman, meeting.id, approved.version)
    assert (corrected.minutes_status, corrected.minutes_version) == (MinutesStatus.DRAFT, 2)
    item = meetings.get_meeting(db, chair, meeting.id).items[0]
    meetings.update_item(db, chair, item.id, item.version, meetings.ItemForm("Velkomst", minutes="Rettet tekst"))

    # While the correction is a draft, version 1 is what can go to the committee.
    with pytest.raises(ValidationError) as error:
        documents.committee_minutes_document(db, chair, meeting.id)
    assert error.value.key == "minutes.error.correction_pending"
    v1 = documents.committee_minutes_document(db, chair, meeting.id, version=1)
    assert "Første tekst" in _text(v1.data) and "Rettet tekst" not in _text(v1.data)

    v2 = approve(db, chair, meeting.id)
    assert v2.minutes_version == 2
    versions = meetings.minutes_versions(db, chair, meeting.id)
    assert [v.version for v in versions] == [1, 2]
    assert "Første tekst" in versions[0].content and "Rettet tekst" in versions[1].content
    latest = documents.committee_minutes_document(db, chair, meeting.id)
    assert latest.version == 2 and "Version 2, godkendt" in _text(latest.data)

    locked = meetings.lock_minutes(db, chair, meeting.id, v2.version)
    assert locked.minutes_status == MinutesStatus.LOCKED and locked.approved_by_name == "Test chair"
    assert meetings.minutes_versions(db, chair, meeting.id)[1].locked_at is not None
    with pytest.raises(ValidationError) as error:
        meetings.correct_minutes(db, chair, meeting.id, locked.version)
    assert error.value.key == "minutes.error.locked"
    assert documents.committee_minutes_document(db, chair, meeting.id).version == 2


def test_approval_over_an_outdated_view_is_stale(db, users, meeting) -> None:
    chair = users[Role.CHAIR]
    add_item(db, chair, meeting)
    seen = current(db, chair, meeting.id).version
    add_item(db, users[Role.OMBUDSMAN], meeting, "Tilføjet imens")
    with pytest.raises(StaleVersion):
        meetings.approve_minutes(db, chair, meeting.id, seen)


def test_approved_minutes_keep_the_learning_point_as_it_read(db, users, review, meeting) -> None:
    chair = users[Role.CHAIR]
    lp = make_learning_point(db, chair, review.id, "Oprindelig titel")
    item = add_item(db, chair, meeting)
    meetings.link_learning_points(db, chair, item.id, item.version, [lp])
    approve(db, chair, meeting.id)
    db.write(lambda cur: cur.execute("UPDATE learning_points SET title = 'Ny titel' WHERE id = ?", [lp]))
    text = _text(documents.committee_minutes_document(db, chair, meeting.id).data)
    assert "Læringspunkt: Oprindelig titel" in text and "Ny titel" not in text


def test_learning_point_deleted_meanwhile_gives_a_clear_message(db, users, review, meeting) -> None:
    chair = users[Role.CHAIR]
    lp = make_learning_point(db, chair, review.id)
    add_item(db, chair, meeting, "Velkomst")
    item = add_item(db, chair, meeting, "Læringspunkter")
    meetings.link_learning_points(db, chair, item.id, item.version, [lp])
    db.write(lambda cur: cur.execute("DELETE FROM learning_points WHERE id = ?", [lp]))
    assert meetings.get_meeting(db, chair, meeting.id).missing_learning_points == [lp]
    for attempt in (lambda: approve(db, chair, meeting.id),
                    lambda: documents.committee_minutes_document(db, chair, meeting.id, draft=True)):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.key == "minutes.error.lp_deleted"
        assert error.value.params == {"items": f"2 (#{lp})"}
    assert db.fetchone("SELECT count(*) FROM audit_log WHERE action = 'export'")[0] == 0


# --- exports: refusals and the UDKAST draft -----------------------------------------------------------------


def test_unapproved_minutes_are_refused_unless_the_chair_exports_a_marked_draft(db, users, meeting) -> None:
    chair, ombudsman = users[Role.CHAIR], users[Role.OMBUDSMAN]
    add_item(db, chair, meeting, "Velkomst", minutes="Tekst i udkast")
    with pytest.raises(ValidationError) as error:
        documents.committee_minutes_document(db, chair, meeting.id)
    assert error.value.key == "minutes.error.not_approved"
    with pytest.raises(PermissionDenied):
        documents.committee_minutes_document(db, ombudsman, meeting.id, draft=True)
    draft = documents.committee_minutes_document(db, chair, meeting.id, draft=True)
    document = docx.Document(io.BytesIO(draft.data))
    assert document.sections[0].header.paragraphs[0].text == "UDKAST"
    assert document.core_properties.title.startswith("UDKAST: ")
    assert "UDKAST. Referatet er ikke godkendt af formanden." in _text(draft.data)
    assert draft.filename.endswith("-UDKAST.docx")


def test_invitation_needs_an_agenda_and_shows_lix(db, users, meeting) -> None:
    chair = users[Role.CHAIR]
    with pytest.raises(ValidationError) as error:
        documents.invitation_document(db, chair, meeting.id)
    assert error.value.key == "minutes.error.no_agenda"
    add_item(db, chair, meeting, "Velkomst", resume="Vi siger goddag og ser på dagsordenen.")
    result = documents.invitation_document(db, chair, meeting.id)
    assert result.for_citizens and result.lix is not None
    assert result.lix_warning == (result.lix.score > 40)
    text = _text(result.data)
    assert "Vi drøfter læringspunkterne." in text and "Rådhuset" in text


def test_cpr_in_stored_text_blocks_the_export_and_the_mask_releases_it(db, users, meeting) -> None:
    chair = users[Role.CHAIR]
    item = add_item(db, chair, meeting, "Velkomst")
    add_item(db, chair, meeting, "Sagen")
    # Text from before CPR masking existed (the services mask on save; this bypasses them).
    db.write(lambda cur: cur.execute("UPDATE meeting_items SET account = 'Barnet 010203-1234 i sagen' WHERE id <> ?",
                                     [item.id]))
    blocked = documents.committee_minutes_document(db, chair, meeting.id, draft=True)
    assert blocked.blocked and blocked.data is None
    from reviews.exports.guard import describe_place
    assert [describe_place(f.place) for f in blocked.report.cpr] == ["Punkt 2, sagsfremstilling"]
    assert db.fetchone("SELECT count(*) FROM audit_log WHERE action = 'export'")[0] == 0

    masked = documents.committee_minutes_document(db, chair, meeting.id, draft=True, mask=True)
    assert masked.masked == 1 and f"Barnet {CPR_MASK} i sagen" in _text(masked.data)
    details = json.loads(db.fetchone("SELECT details FROM audit_log WHERE action = 'export'")[0])
    assert details["masked_cpr"] == 1 and details["document"] == "samlet referat" and details["draft"] is True
    # The stored text is not changed by the mask.
    assert db.fetchone("SELECT count(*) FROM meeting_items WHERE account LIKE '%010203-1234%'")[0] == 1


def test_missing_meeting(db, users) -> None:
    with pytest.raises(NotFound):
        documents.invitation_document(db, users[Role.CHAIR], 4711)


# --- with real learning points and the demo data ----------------------------------------------------------


def test_content_summarises_family_responses_without_names(demo_db) -> None:
    chair = demo_user(demo_db, Role.CHAIR)
    review = review_service.find_review(demo_db, chair, "Task Force 4200")
    family = next(m for m in meetings.list_meetings(demo_db, chair, review.id) if m.kind == MeetingKind.FAMILY)
    assert family.minutes_status == MinutesStatus.APPROVED and family.item_count == 5
    detail = meetings.get_meeting(demo_db, chair, family.id)
    assert len(detail.learning_points) == 6 and not detail.missing_learning_points
    content = _content(demo_db, family.id)
    lp = content.items[1].learning_points[0]
    assert lp.title == "Overlevering ved skift af sagsbehandler"
    assert (lp.agree, lp.partly, lp.disagree, lp.seen_in, lp.case_total) == (1, 1, 0, 3, 5)
    assert not any("Repræsentant" in c for item in content.items for lp in item.learning_points for c in lp.comments)
    assert content.action_plan and content.cases[0].pseudonym == "Familie 3"


def test_family_comment_naming_the_representative_is_anonymised(db, users, review, meeting) -> None:
    chair = users[Role.CHAIR]
    lp = learning_points.create_learning_point(db, chair, review.id, learning_points.LearningPointForm("Punkt")).record
    db.write(lambda cur: cur.execute("UPDATE learning_points SET status = ? WHERE id = ?",
                                     [LearningPointStatus.IN_DISCUSSION.value, lp.id]))
    family_round.add_response(db, chair, lp.id, representative="Hanne Hansen",
                              response_date=dt.date.today() - dt.timedelta(days=1),
                              stance=FamilyStance.AGREE, comment="Som hanne hansen sagde: godt.")
    item = add_item(db, chair, meeting)
    meetings.link_learning_points(db, chair, item.id, item.version, [lp.id])
    approve(db, chair, meeting.id)
    text = _text(documents.committee_minutes_document(db, chair, meeting.id).data)
    assert "Som [repræsentant] sagde: godt." in text
    assert "hanne" not in text.lower()


def _content(db, meeting_id):
    from reviews.models.minutes_content import content_from_json

    version = db.fetchone("SELECT content FROM minutes_versions WHERE meeting_id = ? ORDER BY version DESC LIMIT 1",
                          [meeting_id])[0]
    return content_from_json(version)


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)
