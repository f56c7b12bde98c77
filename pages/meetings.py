"""Møder og referater: the meetings of a review, their agenda (resumé, indstilling, sagsfremstilling, referat,
beslutning), attendees, agreements, the learning points discussed, the minutes lifecycle (approve, correct,
lock) and the Word documents (samlet referat, indkaldelse) with the export guard and the LIX."""

import datetime as dt

import pandas as pd
import streamlit as st

from reviews import clock, ui
from reviews.models.minutes import AttendeeStatus, MeetingKind, MinutesStatus
from reviews.services import documents
from reviews.services import meetings as meeting_service
from reviews.services import reviews as review_service

actor = ui.require("meeting.read")
db = ui.db()
can_write = ui.can("meeting.write")
can_approve = ui.can("minutes.approve")
can_export = ui.can("document.export")
st.title(ui.tr("page.meetings"))
ui.show_flashes()


def when(meeting) -> str:
    return ui.fmt_datetime(meeting.starts_at) if meeting.starts_at else ui.tr("meetings.no_time")


# --- review and meeting ---------------------------------------------------------------------------------

review = ui.review_picker(review_service.list_reviews(db, actor), "meetings_review", empty="reviews.none")

all_meetings = meeting_service.list_meetings(db, actor, review.id)
if all_meetings:
    st.dataframe(pd.DataFrame([{
        ui.tr("field.meeting_title"): m.title,
        ui.tr("field.meeting_kind"): ui.label(m.kind),
        ui.tr("field.meeting_starts_at"): when(m),
        ui.tr("meetings.agenda_items"): m.item_count,
        ui.tr("meetings.minutes"): f"{ui.label(m.minutes_status)} (v{m.minutes_version})",
    } for m in all_meetings]), hide_index=True, width="stretch")
else:
    st.info(ui.tr("meetings.none"))


def meeting_form(prefix: str, meeting=None) -> meeting_service.MeetingForm | None:
    kinds = list(MeetingKind)
    kind = st.selectbox(ui.tr("field.meeting_kind"), kinds, format_func=ui.label, key=f"{prefix}_kind",
                        index=kinds.index(meeting.kind) if meeting else 0)
    title = st.text_input(ui.tr("field.meeting_title"), value=meeting.title if meeting else "", key=f"{prefix}_title")
    c1, c2, c3 = st.columns(3)
    starts_at = ui.local_datetime_input(prefix, meeting.starts_at if meeting else None,
                                        date_label=ui.tr("meetings.date"), time_label=ui.tr("meetings.time"),
                                        time=dt.time(9, 0), blank_time=dt.time(9, 0),
                                        step=dt.timedelta(minutes=15), columns=(c1, c2))
    duration = c3.number_input(ui.tr("meetings.duration"), min_value=0, max_value=24 * 60, step=15,
                               value=(meeting.duration_minutes or 0) if meeting else 90, key=f"{prefix}_duration")
    place = st.text_input(ui.tr("field.meeting_place"), value=meeting.place if meeting else "", key=f"{prefix}_place")
    link = st.text_input(ui.tr("field.meeting_video_link"), value=meeting.video_link if meeting else "",
                         key=f"{prefix}_link", placeholder="https://")
    purpose = st.text_area(ui.tr("field.meeting_purpose"), value=meeting.purpose if meeting else "",
                           key=f"{prefix}_purpose", help=ui.tr("meetings.purpose_help"))
    c4, c5 = st.columns(2)
    committee = c4.text_input(ui.tr("field.committee"), value=meeting.committee if meeting else "",
                              key=f"{prefix}_committee")
    committee_item = c5.text_input(ui.tr("field.committee_item"), value=meeting.committee_item if meeting else "",
                                   key=f"{prefix}_committee_item")
    return meeting_service.MeetingForm(kind, title, starts_at, duration or None, place, link, purpose, committee,
                                       committee_item)


if can_write:
    with st.expander(ui.tr("meetings.new"), icon=":material/add:"):
        with st.form(f"new_meeting_{review.id}", enter_to_submit=False):
            form = meeting_form(f"new_meeting_{review.id}")
            if st.form_submit_button(ui.tr("common.create"), type="primary"):
                with ui.handled():
                    saved = meeting_service.create_meeting(db, actor, review.id, form)
                    st.session_state["meeting_id"] = saved.record.id
                    ui.flash("meetings.created", title=ui.plain(saved.record.title))
                    st.rerun()

if not all_meetings:
    st.stop()

meeting_ids = [m.id for m in all_meetings]
chosen = st.selectbox(ui.tr("meetings.choose"), all_meetings, key="meetings_pick",
                      format_func=lambda m: f"{m.title} · {when(m)}",
                      index=meeting_ids.index(st.session_state["meeting_id"])
                      if st.session_state.get("meeting_id") in meeting_ids else 0)
st.session_state["meeting_id"] = chosen.id
detail = meeting_service.get_meeting(db, actor, chosen.id)
meeting = detail.meeting
editable = can_write and meeting.editable

st.header(ui.plain(meeting.title), divider="gray")
cols = st.columns(3)
cols[0].metric(ui.tr("field.meeting_kind"), ui.label(meeting.kind))
cols[1].metric(ui.tr("meetings.minutes"), ui.label(meeting.minutes_status))
cols[2].metric(ui.tr("meetings.version"), meeting.minutes_version)
st.markdown(f"**{ui.tr('field.meeting_starts_at')}:** {ui.plain(when(meeting))}  \n"
            + (f"**{ui.tr('field.meeting_place')}:** {ui.plain(meeting.place)}  \n" if meeting.place else "")
            + (f"**{ui.tr('field.meeting_video_link')}:** {ui.plain(meeting.video_link)}"
               if meeting.video_link else ""))
if meeting.purpose:
    st.markdown(f"**{ui.tr('field.meeting_purpose')}:** {ui.plain(meeting.purpose)}")
if meeting.approved_at:
    st.caption(ui.tr("meetings.approved_line", version=meeting.minutes_version,
                     date=ui.fmt_datetime(meeting.approved_at), name=meeting.approved_by_name))
if meeting.minutes_status == MinutesStatus.DRAFT and detail.versions:
    st.info(ui.tr("meetings.correction_note", version=meeting.minutes_version, approved=detail.versions[-1].version))
if detail.missing_learning_points:
    st.warning(ui.tr("meetings.lp_missing_warning", ids=", ".join(f"#{i}" for i in detail.missing_learning_points)))

tab_names = [ui.tr("meetings.tab_agenda"), ui.tr("meetings.tab_attendees"), ui.tr("meetings.tab_agreements"),
             ui.tr("meetings.tab_minutes")]
if can_export:
    tab_names.append(ui.tr("meetings.tab_documents"))
# Keyed and stateful, so the open tab survives reruns that add or remove messages above it.
tabs = st.tabs(tab_names, key=f"meeting_tabs_{meeting.id}", on_change="rerun")

# --- agenda and minutes per item --------------------------------------------------------------------------

lp_titles = {lp.id: lp.title for lp in detail.learning_points.values() if lp.exists}
TEXT_FIELDS = (("field.resume", "resume"), ("field.recommendation", "recommendation"),
               ("field.item_account", "account"), ("field.item_minutes", "minutes"), ("field.decision", "decision"))

with tabs[0]:
    if not detail.items:
        st.info(ui.tr("meetings.no_agenda"))
    # Every item read-only (cheap, however long the agenda); one item at a time in the editor below.
    for number, item in enumerate(detail.items, start=1):
        with st.expander(ui.tr("doc.item_heading", n=number, title=ui.label_plain(item.title)), expanded=len(detail.items) <= 2,
                         key=f"item_open_{item.id}", on_change="rerun"):
            shown = [f"**{ui.tr(label_key)}**  \n{ui.plain(getattr(item, name))}" for label_key, name in TEXT_FIELDS
                     if getattr(item, name)]
            st.markdown("\n\n".join(shown) if shown else ui.tr("meetings.item_empty"))
            linked = [lp_titles.get(i, ui.tr("meetings.lp_deleted", id=i)) for i in item.learning_point_ids]
            if linked:
                st.markdown(f"**{ui.tr('meetings.learning_points')}**\n\n"
                            + "\n".join(f"- {ui.plain(title)}" for title in linked))

    if editable and detail.items:
        st.subheader(ui.tr("meetings.edit_item"))
        item_ids = [i.id for i in detail.items]
        numbers = {i.id: n for n, i in enumerate(detail.items, start=1)}
        picked_id = st.selectbox(ui.tr("meetings.choose_item"), item_ids, key=f"edit_item_{meeting.id}",
                                 format_func=lambda i: ui.tr("doc.item_heading", n=numbers[i],
                                                             title=detail.items[numbers[i] - 1].title))
        item = detail.items[numbers[picked_id] - 1]
        number = numbers[picked_id]
        prefix = f"item_{item.id}_v{item.version}"
        # Plain widgets, not a form: a form sends its texts only with the submit, and each is kept as a draft
        # of this item until it is saved. The draft keys carry no version, so a draft outlives a newer save; it
        # remembers the version it was written against, and saving it then shows the newer version first.
        item_drafts = {name: f"{meeting.id}:{item.id}:{name}" for _, name in TEXT_FIELDS}
        with st.container(border=True, key=prefix + "_box"):
            title = st.text_input(ui.tr("field.item_title"), value=item.title, key=prefix + "_title")
            texts = {name: ui.draft_area(ui.tr(label_key), "minutes_item", item_drafts[name],
                                         widget_key=f"{prefix}_{name}", value=getattr(item, name),
                                         base_version=item.version)
                     for label_key, name in TEXT_FIELDS}
            if st.button(ui.tr("common.save"), type="primary", key=prefix + "_save"):
                with ui.stale_handled():
                    expected = ui.expected_version("minutes_item", item_drafts.values(), item.version)
                    saved = meeting_service.update_item(db, actor, item.id, expected, meeting_service.ItemForm(
                        title, texts["resume"], texts["recommendation"], texts["account"], texts["minutes"],
                        texts["decision"]))
                    for draft_key in item_drafts.values():
                        ui.discard_draft("minutes_item", draft_key)
                    ui.flash_saved(saved)
                    st.rerun()
        choices = meeting_service.learning_point_choices(db, actor, review.id)
        # Thousands of options at large scale: each status's label once, and the "deleted" text only when needed.
        status_labels = {status: ui.label(status) for status in {status for _, _, status in choices}}
        choice_titles = {lp_id: f"#{lp_id} {title} ({status_labels[status]})" for lp_id, title, status in choices}
        with st.form(prefix + "_links", enter_to_submit=False):
            options = sorted(set(choice_titles) | set(item.learning_point_ids))
            picked = ui.multiselect(ui.tr("meetings.learning_points"), options,
                                    default=list(item.learning_point_ids),
                                    format_func=lambda i: choice_titles[i] if i in choice_titles
                                    else ui.tr("meetings.lp_deleted", id=i),
                                    key=prefix + "_lps", help=ui.tr("meetings.learning_points_help"))
            if st.form_submit_button(ui.tr("meetings.save_links")):
                with ui.handled():
                    meeting_service.link_learning_points(db, actor, item.id, item.version, picked)
                    ui.flash("common.saved")
                    st.rerun()
        up, down, delete = st.columns(3)
        if up.button(ui.tr("meetings.move_up"), key=prefix + "_up", disabled=number == 1,
                     icon=":material/arrow_upward:"):
            with ui.handled():
                meeting_service.move_item(db, actor, item.id, -1)
                st.rerun()
        if down.button(ui.tr("meetings.move_down"), key=prefix + "_down", disabled=number == len(detail.items),
                       icon=":material/arrow_downward:"):
            with ui.handled():
                meeting_service.move_item(db, actor, item.id, 1)
                st.rerun()
        if delete.button(ui.tr("meetings.delete_item"), key=prefix + "_delete", icon=":material/delete:"):
            with ui.handled():
                meeting_service.delete_item(db, actor, item.id, item.version)
                ui.flash("meetings.item_deleted")
                st.rerun()
    if editable:
        # A counter, not the meeting's version, names the fields: any change to the meeting bumps its version,
        # and the half-typed new item should not be emptied by that.
        counter_key = f"new_item_n_{meeting.id}"
        n = st.session_state.setdefault(counter_key, 0)
        prefix = f"new_item_{meeting.id}_{n}"
        new_drafts = {name: f"{meeting.id}:new:{name}" for name in ("resume", "recommendation", "account")}
        with st.container(border=True, key=prefix + "_box"):
            st.markdown(f"**{ui.tr('meetings.new_item')}**")
            title = st.text_input(ui.tr("field.item_title"), key=prefix + "_title")
            texts = {name: ui.draft_area(ui.tr(label_key), "minutes_item", new_drafts[name],
                                         widget_key=f"{prefix}_{name}")
                     for label_key, name in TEXT_FIELDS if name in new_drafts}
            if st.button(ui.tr("meetings.add_item"), type="primary", key=prefix + "_add"):
                with ui.handled():
                    saved = meeting_service.add_item(db, actor, meeting.id, meeting_service.ItemForm(
                        title, texts["resume"], texts["recommendation"], texts["account"]))
                    for draft_key in new_drafts.values():
                        ui.discard_draft("minutes_item", draft_key)
                    st.session_state[counter_key] = n + 1  # fresh, empty fields
                    ui.flash_saved(saved)
                    st.rerun()

# --- attendees --------------------------------------------------------------------------------------------

with tabs[1]:
    if detail.attendees:
        st.dataframe(pd.DataFrame([{ui.tr("field.attendee_name"): a.name,
                                    ui.tr("field.attendee_function"): a.function,
                                    ui.tr("field.attendee_status"): ui.label(a.status)} for a in detail.attendees]),
                     hide_index=True, width="stretch")
    else:
        st.info(ui.tr("meetings.no_attendees"))
    statuses = list(AttendeeStatus)
    if editable:
        with st.form(f"new_attendee_{meeting.id}_{meeting.version}", enter_to_submit=False):
            c1, c2, c3 = st.columns(3)
            name = c1.text_input(ui.tr("field.attendee_name"))
            function = c2.text_input(ui.tr("field.attendee_function"))
            status = c3.selectbox(ui.tr("field.attendee_status"), statuses, format_func=ui.label)
            if st.form_submit_button(ui.tr("meetings.add_attendee"), type="primary"):
                with ui.handled():
                    meeting_service.add_attendee(db, actor, meeting.id,
                                                 meeting_service.AttendeeForm(name, function, status))
                    ui.flash("common.saved")
                    st.rerun()
        if detail.attendees:
            who = st.selectbox(ui.tr("meetings.change_attendee"), detail.attendees, format_func=lambda a: a.name,
                               key=f"attendee_pick_{meeting.id}")
            prefix = f"attendee_{who.id}_v{who.version}"
            with st.form(prefix, enter_to_submit=False):
                c1, c2, c3 = st.columns(3)
                name = c1.text_input(ui.tr("field.attendee_name"), value=who.name, key=prefix + "_name")
                function = c2.text_input(ui.tr("field.attendee_function"), value=who.function, key=prefix + "_fn")
                status = c3.selectbox(ui.tr("field.attendee_status"), statuses, format_func=ui.label,
                                      index=statuses.index(who.status), key=prefix + "_status")
                save_col, remove_col = st.columns(2)
                save = save_col.form_submit_button(ui.tr("common.save"), type="primary")
                remove = remove_col.form_submit_button(ui.tr("meetings.remove_attendee"))
            if save or remove:
                with ui.handled():
                    if save:
                        meeting_service.update_attendee(db, actor, who.id, who.version,
                                                        meeting_service.AttendeeForm(name, function, status))
                    else:
                        meeting_service.remove_attendee(db, actor, who.id)
                    ui.flash("common.saved")
                    st.rerun()

# --- decisions and agreements -----------------------------------------------------------------------------

with tabs[2]:
    decided = [(n, i) for n, i in enumerate(detail.items, start=1) if i.decision]
    st.subheader(ui.tr("doc.decisions"))
    if decided:
        st.markdown("\n".join(f"- {ui.plain(ui.tr('doc.decision_line', n=n, title=i.title, decision=i.decision))}"
                              for n, i in decided))
    else:
        st.info(ui.tr("doc.no_decisions"))
    st.subheader(ui.tr("doc.agreements"))
    item_titles = {i.id: ui.tr("doc.item_heading", n=n, title=i.title) for n, i in enumerate(detail.items, start=1)}
    if detail.agreements:
        st.dataframe(pd.DataFrame([{ui.tr("field.agreement_text"): g.text, ui.tr("field.agreement_owner"): g.owner,
                                    ui.tr("field.agreement_due"): ui.fmt_date(g.due_on, "short"),
                                    ui.tr("meetings.item"): item_titles.get(g.item_id, "")}
                                   for g in detail.agreements]), hide_index=True, width="stretch")
    else:
        st.info(ui.tr("meetings.no_agreements"))
    if editable:
        with st.form(f"new_agreement_{meeting.id}_{meeting.version}", enter_to_submit=False):
            text = st.text_area(ui.tr("field.agreement_text"))
            c1, c2, c3 = st.columns(3)
            owner = c1.text_input(ui.tr("field.agreement_owner"))
            due = c2.date_input(ui.tr("field.agreement_due"), value=None, format="DD.MM.YYYY")
            item_id = c3.selectbox(ui.tr("meetings.item"), [None, *item_titles],
                                   format_func=lambda i: item_titles.get(i, ui.tr("meetings.whole_meeting")))
            if st.form_submit_button(ui.tr("meetings.add_agreement"), type="primary"):
                with ui.handled():
                    meeting_service.add_agreement(db, actor, meeting.id,
                                                  meeting_service.AgreementForm(text, owner, due, item_id))
                    ui.flash("common.saved")
                    st.rerun()
        if detail.agreements:
            gone = st.selectbox(ui.tr("meetings.delete_agreement"), detail.agreements,
                                format_func=lambda g: g.text[:80], key=f"agreement_pick_{meeting.id}")
            if st.button(ui.tr("common.delete"), key=f"agreement_delete_{gone.id}", icon=":material/delete:"):
                with ui.handled():
                    meeting_service.delete_agreement(db, actor, gone.id)
                    ui.flash("common.saved")
                    st.rerun()

# --- the meeting plan, approval, correction, lock, versions -----------------------------------------------

with tabs[3]:
    st.markdown(ui.tr("meetings.lifecycle_help"))
    # Minutes of a meeting not yet held are neither approved nor locked (the service refuses it too).
    held = meeting.held_by(clock.today())
    if can_approve and not held and meeting.minutes_status in (MinutesStatus.DRAFT, MinutesStatus.APPROVED):
        st.info(ui.tr("meetings.approve_from", date=ui.fmt_date(meeting.local_date)))
    if can_approve and meeting.minutes_status == MinutesStatus.DRAFT:
        if st.button(ui.tr("meetings.approve"), key=f"approve_{meeting.id}", type="primary",
                     icon=":material/task_alt:", disabled=not held):
            with ui.stale_handled():
                meeting_service.approve_minutes(db, actor, meeting.id, meeting.version)
                ui.flash("meetings.approved", version=meeting.minutes_version)
                st.rerun()
    if can_write and meeting.minutes_status == MinutesStatus.APPROVED:
        if st.button(ui.tr("meetings.correct"), key=f"correct_{meeting.id}", icon=":material/edit_note:",
                     help=ui.tr("meetings.correct_help")):
            with ui.handled():
                meeting_service.correct_minutes(db, actor, meeting.id, meeting.version)
                ui.flash("meetings.correcting", version=meeting.minutes_version + 1)
                st.rerun()
    if can_approve and meeting.minutes_status == MinutesStatus.APPROVED:
        if st.button(ui.tr("meetings.lock"), key=f"lock_{meeting.id}", icon=":material/lock:",
                     help=ui.tr("meetings.lock_help"), disabled=not held):
            with ui.handled():
                meeting_service.lock_minutes(db, actor, meeting.id, meeting.version)
                ui.flash("meetings.locked")
                st.rerun()
    st.subheader(ui.tr("meetings.versions"))
    if detail.versions:
        st.dataframe(pd.DataFrame([{ui.tr("meetings.version"): v.version,
                                    ui.tr("meetings.approved_at"): ui.fmt_datetime(v.approved_at),
                                    ui.tr("meetings.approved_by"): v.approved_by_name,
                                    ui.tr("meetings.locked_at"): ui.fmt_datetime(v.locked_at)}
                                   for v in detail.versions]), hide_index=True, width="stretch")
    else:
        st.info(ui.tr("meetings.no_versions"))
    if editable:
        st.subheader(ui.tr("meetings.edit_plan"))
        prefix = f"plan_{meeting.id}_v{meeting.version}"
        with st.form(prefix, enter_to_submit=False):
            form = meeting_form(prefix, meeting)
            if st.form_submit_button(ui.tr("common.save"), type="primary"):
                with ui.stale_handled():
                    meeting_service.update_meeting(db, actor, meeting.id, meeting.version, form)
                    ui.flash("common.saved")
                    st.rerun()
        if not detail.versions and st.button(ui.tr("meetings.delete_meeting"), key=f"delete_meeting_{meeting.id}",
                                             icon=":material/delete:"):
            with ui.handled():
                meeting_service.delete_meeting(db, actor, meeting.id, meeting.version)
                st.session_state.pop("meeting_id", None)
                ui.flash("meetings.deleted")
                st.rerun()

# --- documents ----------------------------------------------------------------------------------------

if can_export:
    with tabs[4]:
        st.subheader(ui.tr("meetings.committee_document"))
        versions = [v.version for v in detail.versions]
        options = list(reversed(versions))
        if can_approve and meeting.minutes_status == MinutesStatus.DRAFT and detail.items:
            options.append("draft")
        if not options:
            st.info(ui.tr("meetings.export_needs_approval"))
        else:
            pick = st.selectbox(ui.tr("meetings.which_version"), options,
                                key=f"doc_version_{meeting.id}_{meeting.version}",
                                format_func=lambda v: ui.tr("meetings.draft_option") if v == "draft"
                                else ui.tr("meetings.version_option", version=v))
            key = f"doc_minutes_{meeting.id}_{meeting.version}_{pick}"

            def make_minutes(mask: bool = False, pick=pick):
                with st.spinner(ui.tr("meetings.making_committee")):
                    return documents.committee_minutes_document(
                        db, actor, meeting.id, version=None if pick == "draft" else pick, draft=pick == "draft",
                        mask=mask, purpose=ui.tr("meetings.export_purpose"))

            ui.guarded_download(ui.tr("meetings.make_committee"), key, make_minutes, icon=":material/description:")

        st.subheader(ui.tr("meetings.invitation_document"))
        if not detail.items:
            st.info(ui.tr("minutes.error.no_agenda"))
        else:
            key = f"doc_invitation_{meeting.id}_{meeting.version}"

            def make_invitation(mask: bool = False):
                return documents.invitation_document(db, actor, meeting.id, mask=mask,
                                                     purpose=ui.tr("meetings.export_purpose"))

            ui.guarded_download(ui.tr("meetings.make_invitation"), key, make_invitation, icon=":material/mail:")
