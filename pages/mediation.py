"""Mediation, dialogue meetings, network meetings and own-initiative investigations (confidential to the
ombudsman): cases, parties and consent, meetings (plan and log), agreements, follow-ups, trust scores."""

import datetime as dt

import pandas as pd
import streamlit as st

from reviews import clock, ui
from reviews.analysis import contact_rule
from reviews.errors import NotFound
from reviews.models import Consent
from reviews.models.ombudsman import Attendance, MediationKind, MediationStatus, MeetingStatus, PartyRole
from reviews.services import inquiries as inquiry_service
from reviews.services import mediation as service

actor = ui.require("mediation.read")
db = ui.db()
can_write = ui.can("mediation.write")
st.title(ui.tr("page.mediation"))
st.info(ui.tr("mediation.confidential"), icon=":material/lock:")
ui.show_flashes()

today = contact_rule.local_date(clock.now())
MIN_DATE = dt.date(1990, 1, 1)
TRUST_HELP = ui.tr("mediation.trust_question")


def when(value: dt.datetime | None) -> str:
    return ui.fmt_datetime(value) if value else "–"


def local_datetime(prefix: str, value: dt.datetime | None, optional: bool = False) -> dt.datetime | None:
    """A meeting's Copenhagen date and time as naive UTC: today at 10:00 to start with (no date when optional)."""
    return ui.local_datetime_input(prefix, value, date_label=ui.tr("field.meeting_date"),
                                   time_label=ui.tr("field.meeting_time"), day=None if optional else today,
                                   time=dt.time(10, 0), blank_time=dt.time(10, 0), step=300, min_value=MIN_DATE)


def lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def done(message: str, **params) -> None:
    ui.flash(message, **params)
    st.rerun()


# --- open follow-ups across all cases -----------------------------------------------------------------
open_items = service.open_followups(db, actor)
with st.expander(ui.tr("mediation.open_followups", count=open_items.total), expanded=bool(open_items.items),
                 icon=":material/task_alt:"):
    if not open_items.items:
        st.caption(ui.tr("mediation.no_open_followups"))
    elif open_items.total > len(open_items.items):
        st.caption(ui.tr("mediation.open_followups_more", shown=len(open_items.items), total=open_items.total))
    for item in open_items.items:
        c1, c2 = st.columns([5, 1])
        overdue = item.is_overdue(today)
        c1.markdown(
            f"**{ui.plain(item.owner_name)}**: {ui.plain(item.action)} · "
            + (ui.tr("mediation.due", date=ui.fmt_date(item.due_on)) if item.due_on else ui.tr("mediation.no_due"))
            + (f" · :red[{ui.tr('mediation.overdue')}]" if overdue else "")
            + f"  \n{ui.plain(item.mediation_title)}")
        if can_write and c2.button(ui.tr("mediation.mark_done"), key=f"followup_done_top_{item.id}"):
            with ui.handled():
                service.complete_followup(db, actor, item.id, item.version)
                done("mediation.followup_done")

# --- the list of cases ---------------------------------------------------------------------------------
status_filter = st.selectbox(ui.tr("field.status"), [MediationStatus.OPEN, MediationStatus.CLOSED, None],
                             format_func=lambda s: ui.label(s) if s else ui.tr("common.all"), key="mediation_status")
cases = service.list_mediation_cases(db, actor, status=status_filter)
if cases:
    table = pd.DataFrame([{
        ui.tr("field.title"): c.title,
        ui.tr("field.kind"): ui.label(c.kind),
        ui.tr("field.citizen"): c.citizen,
        ui.tr("field.status"): ui.label(c.status),
        ui.tr("mediation.meetings"): c.meeting_count,
        ui.tr("mediation.open_followups_short"): c.open_followups,
        ui.tr("mediation.next_meeting"): when(c.next_meeting_at),
    } for c in cases])
    ui.pick_table(table, [c.id for c in cases], "mediation_table",
                  lambda case_id: st.session_state.update(mediation_id=case_id))
    st.caption(ui.tr("mediation.open_hint"))
else:
    st.info(ui.tr("mediation.none"))

# --- a new case ---------------------------------------------------------------------------------------------
if can_write:
    from_inquiry = st.session_state.pop("mediation_from_inquiry", None)
    prefill = None
    if from_inquiry is not None and ui.can("inquiry.read"):
        try:
            prefill = inquiry_service.get_inquiry(db, actor, from_inquiry).inquiry
        except NotFound:
            prefill = None
    areas = [""] + (inquiry_service.list_areas(db, actor) if ui.can("inquiry.read") else [])
    if prefill is not None:  # a fresh form filled from the inquiry
        ui.clear_form("new_med_form")
        st.session_state["new_med_open"] = True
    new_box = st.expander(ui.tr("mediation.new"), icon=":material/add:", key="new_med_open", on_change="rerun")
    if new_box.open:  # the form is built only while the section is open
        with new_box:
            form = ui.form_key("new_med_form")
            with st.form(form, enter_to_submit=False):
                kind = st.selectbox(ui.tr("field.kind"), list(MediationKind), format_func=ui.label, key=form + "_kind")
                title = st.text_input(ui.tr("field.title"), key=form + "_title",
                                      value=ui.tr("mediation.default_title", citizen=prefill.citizen)
                                      if prefill else "")
                citizen = st.text_input(ui.tr("field.citizen"), value=prefill.citizen if prefill else "",
                                        key=form + "_citizen", help=ui.tr("inquiries.citizen_help"))
                area = st.selectbox(ui.tr("field.area"), areas, key=form + "_area",
                                    index=areas.index(prefill.area) if prefill and prefill.area in areas else 0,
                                    format_func=lambda a: a or "–")
                inquiry_no = st.number_input(ui.tr("mediation.inquiry_number"), min_value=1, step=1, key=form + "_inq",
                                             value=prefill.id if prefill else None,
                                             help=ui.tr("mediation.inquiry_help"))
                case_pseudonym = st.text_input(ui.tr("field.case"), value=prefill.case_pseudonym if prefill else "",
                                               key=form + "_case")
                opened = st.date_input(ui.tr("field.opened"), value=today, format="DD.MM.YYYY", min_value=MIN_DATE,
                                       key=form + "_opened")
                background = st.text_area(ui.tr("field.background"), key=form + "_background")
                create = st.form_submit_button(ui.tr("mediation.create"), type="primary")
            if create:
                with ui.handled():
                    case = service.create_mediation(db, actor, service.MediationForm(
                        kind=kind, title=title, citizen=citizen, area=area,
                        inquiry_id=int(inquiry_no) if inquiry_no else None, case_pseudonym=case_pseudonym,
                        opened_on=opened, background=background))
                    st.session_state["mediation_id"] = case.id
                    ui.clear_form("new_med_form")
                    done("mediation.created", title=case.title)

# --- one case ---------------------------------------------------------------------------------------------
mediation_id = st.session_state.get("mediation_id")
if mediation_id is None:
    st.stop()
try:
    detail = service.get_mediation(db, actor, mediation_id)
except NotFound:
    st.session_state.pop("mediation_id", None)
    st.stop()
case, parties = detail.case, detail.parties
party_names = {p.id: p.name for p in parties}

st.header(ui.plain(case.title), divider="gray")
facts = st.columns(4)
facts[0].metric(ui.tr("field.kind"), ui.label(case.kind))
facts[1].metric(ui.tr("field.status"), ui.label(case.status))
facts[2].metric(ui.tr("field.opened"), ui.fmt_date(case.opened_on, "short"))
facts[3].metric(ui.tr("mediation.next_meeting"), when(detail.next_meeting.starts_at) if detail.next_meeting else "–")
st.markdown(f"**{ui.tr('field.citizen')}:** {ui.plain(case.citizen)}"
            + (f" · **{ui.tr('field.area')}:** {ui.plain(case.area)}" if case.area else "")
            + (f" · **{ui.tr('field.inquiry')}:** H-{case.inquiry_id}" if case.inquiry_id else "")
            + (f" · **{ui.tr('field.case')}:** {ui.plain(case.case_pseudonym)}" if case.case_pseudonym else ""))
if case.background:
    st.markdown(ui.plain(case.background))

# Only the open tab's content is built (keyed tabs rerun when another tab is chosen).
tab_parties, tab_meetings, tab_followups, tab_edit = st.tabs([
    ui.tr("mediation.parties"), ui.tr("mediation.meetings"), ui.tr("mediation.followups"), ui.tr("mediation.edit")],
    key=f"mediation_tabs_{case.id}", on_change="rerun")

# Parties and consent
with tab_parties:
    if tab_parties.open:
        st.caption(ui.tr("mediation.parties_help"))
        st.dataframe(pd.DataFrame([{
            ui.tr("field.party_name"): p.name,
            ui.tr("field.party_role"): ui.label(p.role),
            ui.tr("field.party_consent"): ui.label(p.consent),
            ui.tr("field.consent_date"): ui.fmt_date(p.consent_date, "short"),
            ui.tr("field.trust_before"): "" if p.trust_before is None else str(p.trust_before),
        } for p in parties]), hide_index=True, width="stretch")
        if can_write:
            with st.form(f"add_party_{case.id}", clear_on_submit=True, enter_to_submit=False):
                st.markdown(f"**{ui.tr('mediation.add_party')}**")
                p1, p2 = st.columns(2)
                name = p1.text_input(ui.tr("field.party_name"), help=ui.tr("mediation.party_name_help"))
                role = p2.selectbox(ui.tr("field.party_role"), list(PartyRole), format_func=ui.label)
                p3, p4, p5 = st.columns(3)
                consent = p3.selectbox(ui.tr("field.party_consent"), list(Consent), format_func=ui.label,
                                       index=list(Consent).index(Consent.PENDING))
                consent_date = p4.date_input(ui.tr("field.consent_date"), value=None, format="DD.MM.YYYY",
                                             min_value=MIN_DATE)
                trust = p5.number_input(ui.tr("field.trust_before"), min_value=0, max_value=10, step=1, value=None,
                                        help=TRUST_HELP)
                if st.form_submit_button(ui.tr("mediation.add_party"), type="primary"):
                    with ui.handled():
                        service.add_party(db, actor, case.id,
                                          service.PartyForm(name, role, consent, consent_date, trust))
                        done("mediation.party_added")
            if parties:
                chosen = st.selectbox(ui.tr("mediation.edit_party"), parties, format_func=lambda p: p.name,
                                      key=f"party_pick_{case.id}")
                with st.form(f"party_{chosen.id}_v{chosen.version}", enter_to_submit=False):
                    q1, q2 = st.columns(2)
                    e_name = q1.text_input(ui.tr("field.party_name"), value=chosen.name)
                    e_role = q2.selectbox(ui.tr("field.party_role"), list(PartyRole), format_func=ui.label,
                                          index=list(PartyRole).index(chosen.role))
                    q3, q4, q5 = st.columns(3)
                    e_consent = q3.selectbox(ui.tr("field.party_consent"), list(Consent), format_func=ui.label,
                                             index=list(Consent).index(chosen.consent))
                    e_date = q4.date_input(ui.tr("field.consent_date"), value=chosen.consent_date, format="DD.MM.YYYY",
                                           min_value=MIN_DATE)
                    e_trust = q5.number_input(ui.tr("field.trust_before"), min_value=0, max_value=10, step=1,
                                              value=chosen.trust_before, help=TRUST_HELP)
                    b1, b2 = st.columns(2)
                    save_party = b1.form_submit_button(ui.tr("common.save"), type="primary")
                    remove_party = b2.form_submit_button(ui.tr("mediation.remove_party"))
                if save_party or remove_party:
                    with ui.stale_handled("inquiries.stale_reload"):
                        if save_party:
                            service.update_party(db, actor, chosen.id, chosen.version,
                                                 service.PartyForm(e_name, e_role, e_consent, e_date, e_trust))
                            done("common.saved")
                        else:
                            service.remove_party(db, actor, chosen.id)
                            done("mediation.party_removed")

# Meetings
with tab_meetings:
    if tab_meetings.open:
        if not detail.meetings:
            st.info(ui.tr("mediation.no_meetings"))
        for meeting in detail.meetings:
            heading = f"{when(meeting.starts_at)} · {ui.label(meeting.status)}"
            expanded = meeting.status == MeetingStatus.PLANNED or meeting is detail.meetings[-1]
            box = st.expander(heading, expanded=expanded, key=f"meeting_open_{meeting.id}", on_change="rerun")
            if not box.open:  # a closed meeting's notes and forms are not built
                continue
            with box:
                where = meeting.place or ""
                if meeting.video_link:
                    where += (" · " if where else "") + ui.tr("field.video_link") + ": " + meeting.video_link
                st.markdown(f"**{ui.tr('field.place')}:** {ui.plain(where)}")
                st.markdown(f"**{ui.tr('field.purpose')}:** {ui.plain(meeting.purpose)}")
                if meeting.agenda:
                    st.markdown(f"**{ui.tr('field.agenda')}**")
                    for item in meeting.agenda:
                        st.markdown(f"{item.position}\\. {ui.plain(item.title)}")
                        if item.notes:
                            st.markdown("> " + ui.plain(item.notes).replace("  \n", "  \n> "))
                st.markdown(f"**{ui.tr('mediation.participants')}:** " + ", ".join(
                    f"{ui.plain(p.party_name)} ({ui.label(p.attendance).lower()}"
                    + (f", {ui.tr('mediation.trust_short', score=p.trust_after)}" if p.trust_after is not None else "")
                    + ")" for p in meeting.participants))
                if meeting.agreements:
                    st.markdown(f"**{ui.tr('mediation.agreements')}**")
                    for agreement in meeting.agreements:
                        st.markdown("- " + ui.plain(agreement.text))
                if meeting.followups:
                    st.markdown(f"**{ui.tr('mediation.followups')}**")
                    for f in meeting.followups:
                        state = ui.tr("mediation.done_on", date=ui.fmt_date(f.done_on)) if f.done_on else (
                            ui.tr("mediation.due", date=ui.fmt_date(f.due_on)) if f.due_on
                            else ui.tr("mediation.no_due"))
                        st.markdown(f"- **{ui.plain(f.owner_name)}**: {ui.plain(f.action)} · {state}")
                if not can_write or meeting.status == MeetingStatus.CANCELLED:
                    continue

                log_key = f"log_{meeting.id}_v{meeting.version}"
                with st.form(log_key, enter_to_submit=False):
                    st.markdown(f"**{ui.tr('mediation.log_meeting')}**")
                    st.caption(ui.tr("mediation.log_help"))
                    attendance, trust = {}, {}
                    by_party = {p.party_id: p for p in meeting.participants}
                    attendance_options = [Attendance.ATTENDED, Attendance.APOLOGIES, Attendance.ABSENT]
                    for party in parties:
                        if party.id not in by_party:
                            continue
                        current = by_party[party.id]
                        a1, a2 = st.columns([2, 1])
                        attendance[party.id] = a1.selectbox(
                            ui.tr("mediation.attendance_of", name=ui.label_plain(party.name)), attendance_options, format_func=ui.label,
                            index=attendance_options.index(current.attendance)
                            if current.attendance in attendance_options else 0, key=f"{log_key}_att_{party.id}")
                        trust[party.id] = a2.number_input(
                            ui.tr("mediation.trust_of", name=ui.label_plain(party.name)), min_value=0, max_value=10, step=1,
                            value=current.trust_after, help=TRUST_HELP, key=f"{log_key}_trust_{party.id}")
                    notes = []
                    for item in meeting.agenda:
                        notes.append((item.title, st.text_area(ui.tr("mediation.notes_for", title=ui.label_plain(item.title)),
                                                               value=item.notes, key=f"{log_key}_note_{item.id}")))
                    extra_title = st.text_input(ui.tr("mediation.extra_item"), key=f"{log_key}_extra_title")
                    extra_notes = st.text_area(ui.tr("mediation.extra_notes"), key=f"{log_key}_extra_notes")
                    agreements = st.text_area(ui.tr("mediation.agreements_input"),
                                              value="\n".join(a.text for a in meeting.agreements),
                                              help=ui.tr("mediation.one_per_line"), key=f"{log_key}_agreements")
                    st.markdown(f"**{ui.tr('mediation.new_followups')}**")
                    followups = []
                    owner_options = [None, *[p.id for p in parties]]
                    for n in range(3):
                        f1, f2, f3 = st.columns([2, 3, 2])
                        owner = f1.selectbox(ui.tr("mediation.followup_owner_n", n=n + 1), owner_options,
                                             key=f"{log_key}_fo_{n}",
                                             format_func=lambda pid: party_names.get(pid, "–") if pid else "–")
                        action = f2.text_input(ui.tr("mediation.followup_action_n", n=n + 1), key=f"{log_key}_fa_{n}")
                        due = f3.date_input(ui.tr("mediation.followup_due_n", n=n + 1), value=None, format="DD.MM.YYYY",
                                            min_value=MIN_DATE, key=f"{log_key}_fd_{n}")
                        if owner is not None or action.strip():
                            followups.append(service.FollowUpForm(owner, action, due))
                    st.markdown(f"**{ui.tr('mediation.next_meeting_plan')}**")
                    st.caption(ui.tr("mediation.next_meeting_help"))
                    next_at = local_datetime(f"{log_key}_next", None, optional=True)
                    n1, n2 = st.columns(2)
                    next_place = n1.text_input(ui.tr("field.place"), value=meeting.place, key=f"{log_key}_next_place")
                    next_link = n2.text_input(ui.tr("field.video_link"), value=meeting.video_link,
                                              key=f"{log_key}_next_link")
                    next_purpose = st.text_input(ui.tr("field.purpose"), key=f"{log_key}_next_purpose")
                    next_agenda = st.text_area(ui.tr("field.agenda"), help=ui.tr("mediation.one_per_line"),
                                               key=f"{log_key}_next_agenda")
                    save_log = st.form_submit_button(ui.tr("mediation.save_log"), type="primary")
                if save_log:
                    agenda = tuple(notes) + (((extra_title, extra_notes),) if extra_title or extra_notes else ())
                    next_plan = service.MeetingPlan(
                        next_at, next_place, next_link, next_purpose, lines(next_agenda),
                        tuple(p.party_id for p in meeting.participants)) if next_at else None
                    with ui.stale_handled("inquiries.stale_reload"):
                        service.log_meeting(db, actor, meeting.id, meeting.version, service.MeetingLog(
                            attendance=attendance, trust_after=trust, agenda=agenda, agreements=lines(agreements),
                            followups=tuple(followups), next_meeting=next_plan))
                        done("mediation.meeting_logged")
                if meeting.status == MeetingStatus.PLANNED and st.button(
                        ui.tr("mediation.cancel_meeting"), key=f"cancel_{meeting.id}_v{meeting.version}"):
                    with ui.handled():
                        service.cancel_meeting(db, actor, meeting.id, meeting.version)
                        done("mediation.meeting_cancelled")

        if can_write and case.status == MediationStatus.OPEN:
            st.subheader(ui.tr("mediation.plan_meeting"))
            st.caption(ui.tr("mediation.plan_help"))
            plan = ui.form_key(f"plan_{case.id}")
            with st.form(plan, enter_to_submit=False):
                starts_at = local_datetime(plan, None)
                m1, m2 = st.columns(2)
                place = m1.text_input(ui.tr("field.place"), key=plan + "_place")
                link = m2.text_input(ui.tr("field.video_link"), key=plan + "_link", placeholder="https://")
                purpose = st.text_input(ui.tr("field.purpose"), key=plan + "_purpose")
                agenda = st.text_area(ui.tr("field.agenda"), help=ui.tr("mediation.one_per_line"),
                                      key=plan + "_agenda")
                invited = ui.multiselect(ui.tr("mediation.participants"), parties, default=parties,
                                         format_func=lambda p: f"{p.name} ({ui.label(p.role).lower()})",
                                         key=plan + "_parties_" + "-".join(str(p.id) for p in parties))
                if st.form_submit_button(ui.tr("mediation.plan"), type="primary"):
                    with ui.handled():
                        service.plan_meeting(db, actor, case.id, service.MeetingPlan(
                            starts_at, place, link, purpose, lines(agenda), tuple(p.id for p in invited)))
                        ui.clear_form(f"plan_{case.id}")
                        done("mediation.meeting_planned")

# Follow-ups
with tab_followups:
    if tab_followups.open:
        if not detail.followups:
            st.info(ui.tr("mediation.no_followups"))
        for item in detail.followups:
            c1, c2 = st.columns([5, 1])
            if item.done_on:
                state = ui.tr("mediation.done_on", date=ui.fmt_date(item.done_on))
            else:
                state = (ui.tr("mediation.due", date=ui.fmt_date(item.due_on)) if item.due_on
                         else ui.tr("mediation.no_due"))
                if item.is_overdue(today):
                    state += f" · :red[{ui.tr('mediation.overdue')}]"
            c1.markdown(f"**{ui.plain(item.owner_name)}**: {ui.plain(item.action)} · {state}")
            if can_write:
                label = ui.tr("mediation.reopen") if item.done_on else ui.tr("mediation.mark_done")
                if c2.button(label, key=f"followup_{item.id}_v{item.version}"):
                    with ui.handled():
                        service.complete_followup(db, actor, item.id, item.version, reopen=item.done_on is not None)
                        done("mediation.followup_done" if not item.done_on else "mediation.followup_reopened")
        if can_write and parties:
            with st.form(f"add_followup_{case.id}", clear_on_submit=True, enter_to_submit=False):
                st.markdown(f"**{ui.tr('mediation.add_followup')}**")
                f1, f2, f3 = st.columns([2, 3, 2])
                owner = f1.selectbox(ui.tr("field.owner"), [None, *parties],
                                     format_func=lambda p: p.name if p else "–")
                action = f2.text_input(ui.tr("field.followup_action"))
                due = f3.date_input(ui.tr("field.due_on"), value=None, format="DD.MM.YYYY", min_value=MIN_DATE)
                if st.form_submit_button(ui.tr("mediation.add_followup"), type="primary"):
                    with ui.handled():
                        service.add_followup(db, actor, case.id, service.FollowUpForm(owner.id if owner else None,
                                                                                     action, due))
                        done("mediation.followup_added")

# Edit the case
with tab_edit:
    if tab_edit.open:
        if can_write:
            area_options = [""] + (inquiry_service.list_areas(db, actor, include_retired=True)
                                   if ui.can("inquiry.read") else [])
            if case.area not in area_options:
                area_options.append(case.area)
            with st.form(f"edit_mediation_{case.id}_v{case.version}", enter_to_submit=False):
                e_kind = st.selectbox(ui.tr("field.kind"), list(MediationKind), format_func=ui.label,
                                      index=list(MediationKind).index(case.kind))
                e_title = st.text_input(ui.tr("field.title"), value=case.title)
                e_citizen = st.text_input(ui.tr("field.citizen"), value=case.citizen)
                e_area = st.selectbox(ui.tr("field.area"), area_options, index=area_options.index(case.area),
                                      format_func=lambda a: a or "–")
                e_inquiry = st.number_input(ui.tr("mediation.inquiry_number"), min_value=1, step=1,
                                            value=case.inquiry_id)
                e_case = st.text_input(ui.tr("field.case"), value=case.case_pseudonym)
                d1, d2, d3 = st.columns(3)
                e_opened = d1.date_input(ui.tr("field.opened"), value=case.opened_on, format="DD.MM.YYYY",
                                         min_value=MIN_DATE)
                e_status = d2.selectbox(ui.tr("field.status"), list(MediationStatus), format_func=ui.label,
                                        index=list(MediationStatus).index(case.status))
                e_closed = d3.date_input(ui.tr("field.closed"), value=case.closed_on, format="DD.MM.YYYY",
                                         min_value=MIN_DATE)
                e_background = st.text_area(ui.tr("field.background"), value=case.background)
                save_case = st.form_submit_button(ui.tr("common.save"), type="primary")
            if save_case:
                with ui.stale_handled("inquiries.stale_reload"):
                    service.update_mediation(db, actor, case.id, case.version, service.MediationForm(
                        e_kind, e_title, e_citizen, e_area, int(e_inquiry) if e_inquiry else None, e_case, e_opened,
                        e_background, e_status, e_closed))
                    done("common.saved")
