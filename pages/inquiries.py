"""The ombudsman's register of inquiries and complaints: the 24-hour worklist at the top, the register with
filters and paging, registering a new inquiry, and one inquiry (first contact, edit, mediation)."""

import datetime as dt

import pandas as pd
import streamlit as st

from reviews import clock, ui
from reviews.analysis import contact_rule
from reviews.errors import NotFound
from reviews.models.ombudsman import Channel, ContactState, InquiryStatus, InquiryType, Outcome
from reviews.services import inquiries as service

actor = ui.require("inquiry.read")
db = ui.db()
can_write = ui.can("inquiry.write")
st.title(ui.tr("page.inquiries"))
ui.show_flashes()

now_local = contact_rule.utc_to_local(clock.now())
MIN_DATE = dt.date(1990, 1, 1)


def local_inputs(prefix: str, date_label: str, time_label: str, value: dt.datetime | None,
                 optional: bool = False) -> dt.datetime | None:
    """A Copenhagen date and time as naive UTC, starting at now (empty when optional; None while so)."""
    start = None if optional else now_local
    return ui.local_datetime_input(prefix, value, date_label=date_label, time_label=time_label,
                                   day=start.date() if start else None,
                                   time=start.time().replace(second=0, microsecond=0) if start else None,
                                   min_value=MIN_DATE)


def forget_inquiry_form(inquiry_id: int) -> None:
    """Drop what the inquiry's forms hold, so they start again from the stored inquiry."""
    for key in [k for k in st.session_state if str(k).startswith(f"inq_{inquiry_id}_")]:
        del st.session_state[key]


def contact_text(status) -> str:
    if status.state == ContactState.OPEN:
        return ui.tr("inquiries.due_in", hours=status.hours_left, at=ui.fmt_datetime(status.deadline))
    if status.state == ContactState.OVERDUE:
        return ui.tr("inquiries.overdue_by", hours=ui.fmt_number(status.hours_over))
    if status.state in (ContactState.MET, ContactState.MISSED):
        return ui.tr("inquiries.contact_after", state=ui.label(status.state),
                     hours=ui.fmt_number(status.hours_taken, 1))
    return ui.label(status.state)


def open_inquiry(inquiry_id: int) -> None:
    """Show this inquiry below (a table's pick callback, or after registering)."""
    st.session_state["inquiry_id"] = inquiry_id
    st.query_params["id"] = str(inquiry_id)


st.caption(ui.tr("inquiries.rule_note"))

# --- the 24-hour worklist ----------------------------------------------------------------------------
st.header(ui.tr("inquiries.worklist"), divider="gray")
worklist = service.contact_worklist(db, actor)
if not worklist.items:
    st.success(ui.tr("inquiries.worklist_empty"))
else:
    st.caption(ui.tr("inquiries.worklist_count", total=worklist.total, overdue=worklist.overdue))
    work_table = pd.DataFrame([{
        ui.tr("inquiries.number"): i.number,
        ui.tr("field.contact_state"): contact_text(s),
        ui.tr("field.citizen"): i.citizen,
        ui.tr("field.area"): i.area,
        ui.tr("field.received_at"): ui.fmt_datetime(i.received_at),
    } for i, s in worklist.items])
    ui.pick_table(work_table, [i.id for i, _ in worklist.items], "inquiries_worklist", open_inquiry)

# --- new inquiry -------------------------------------------------------------------------------------
areas = service.list_areas(db, actor)
causes = service.list_causes(db, actor)
new_box = st.expander(ui.tr("inquiries.new"), icon=":material/add:", key="inq_new_open", on_change="rerun") \
    if can_write else None
if new_box is not None and new_box.open:  # the form is built only while the section is open
    with new_box:
        form = ui.form_key("new_inquiry")
        with st.form(form, enter_to_submit=False):
            received = local_inputs(form + "_received", ui.tr("field.received_date"), ui.tr("field.received_time"),
                                    None)
            c1, c2, c3 = st.columns(3)
            kind = c1.selectbox(ui.tr("field.inquiry_type"), list(InquiryType), format_func=ui.label, key=form + "_type")
            channel = c2.selectbox(ui.tr("field.channel"), list(Channel), format_func=ui.label, key=form + "_channel")
            area = c3.selectbox(ui.tr("field.area"), areas, key=form + "_area")
            citizen = st.text_input(ui.tr("field.citizen"), help=ui.tr("inquiries.citizen_help"),
                                    key=form + "_citizen")
            chosen_causes = ui.multiselect(ui.tr("field.causes"), causes, format_func=lambda c: c.name,
                                           key=form + "_causes")
            account = st.text_area(ui.tr("field.account"), key=form + "_account", help=ui.tr("inquiries.account_help"))
            case = st.text_input(ui.tr("field.case"), help=ui.tr("inquiries.case_help"), key=form + "_case")
            create = st.form_submit_button(ui.tr("inquiries.register"), type="primary")
        if create:
            with ui.handled():
                saved = service.create_inquiry(db, actor, service.InquiryForm(
                    received_at=received, channel=channel, area=area, inquiry_type=kind, citizen=citizen,
                    account=account, cause_ids=tuple(c.id for c in chosen_causes), case_pseudonym=case))
                ui.flash_saved(saved, "inquiries.created", number=saved.record.number)
                # Empty the form: what was typed (perhaps a CPR number) must not stay on screen, and a
                # second press must not register the same inquiry again.
                ui.clear_form("new_inquiry")
                open_inquiry(saved.record.id)
                st.rerun()

# --- the register --------------------------------------------------------------------------------------
st.header(ui.tr("inquiries.register_title"), divider="gray")
all_causes = service.list_causes(db, actor, include_retired=True)
with st.container(border=True):
    f1, f2, f3, f4 = st.columns(4)
    text = f1.text_input(ui.tr("cases.search"), key="inq_text", placeholder=ui.tr("inquiries.search_hint"))
    f_type = f2.selectbox(ui.tr("field.inquiry_type"), [None, *InquiryType], key="inq_type",
                          format_func=lambda v: ui.label(v) if v else ui.tr("common.all"))
    f_area = f3.selectbox(ui.tr("field.area"), [None, *service.list_areas(db, actor, include_retired=True)],
                          key="inq_area", format_func=lambda v: v or ui.tr("common.all"))
    f_status = f4.selectbox(ui.tr("field.status"), [None, *InquiryStatus], key="inq_status",
                            format_func=lambda v: ui.label(v) if v else ui.tr("common.all"))
    g1, g2, g3, g4 = st.columns(4)
    f_state = g1.selectbox(ui.tr("field.contact_state"), [None, ContactState.OPEN, ContactState.OVERDUE,
                                                          ContactState.MET, ContactState.MISSED], key="inq_state",
                           format_func=lambda v: ui.label(v) if v else ui.tr("common.all"))
    f_cause = g2.selectbox(ui.tr("field.causes"), [None, *all_causes], key="inq_cause",
                           format_func=lambda c: c.name if c else ui.tr("common.all"))
    f_from = g3.date_input(ui.tr("inquiries.received_from"), value=None, format="DD.MM.YYYY", min_value=MIN_DATE,
                           key="inq_from")
    f_to = g4.date_input(ui.tr("inquiries.received_to"), value=None, format="DD.MM.YYYY", min_value=MIN_DATE,
                         key="inq_to")
    h1, h2 = st.columns(2)
    sort = h1.selectbox(ui.tr("cases.sort"), list(service.SORTS), key="inq_sort",
                        format_func=lambda s: ui.tr(f"inquiries.sort.{s}"))
    page_size = h2.selectbox(ui.tr("common.page_size"), service.PAGE_SIZES, key="inq_page_size")

criteria = (text, f_type, f_area, f_status, f_state, f_cause.id if f_cause else None, f_from, f_to, sort, page_size)
if st.session_state.get("inq_criteria") != criteria:
    st.session_state["inq_criteria"] = criteria
    st.session_state["inq_page"] = 1
result = service.search_inquiries(
    db, actor, text=text, inquiry_type=f_type, area=f_area, status=f_status, contact_state=f_state,
    cause_id=f_cause.id if f_cause else None, received_from=f_from, received_to=f_to, sort=sort,
    page=st.session_state.get("inq_page", 1), page_size=page_size)
st.caption(ui.tr("inquiries.count", total=result.total, page=result.page, pages=result.page_count))
if result.items:
    now = clock.now()
    table = pd.DataFrame([{
        ui.tr("inquiries.number"): i.number,
        ui.tr("field.received_at"): ui.fmt_datetime(i.received_at),
        ui.tr("field.inquiry_type"): ui.label(i.inquiry_type),
        ui.tr("field.citizen"): i.citizen,
        ui.tr("field.area"): i.area,
        ui.tr("field.causes"): ", ".join(i.cause_names),
        ui.tr("field.status"): ui.label(i.status),
        ui.tr("field.outcome"): ui.label(i.outcome) if i.outcome else "",
        ui.tr("field.contact_state"): ui.label(contact_rule.contact_status(
            i.received_at, i.first_contact_at, now, i.inquiry_type).state),
    } for i in result.items])
    ui.pick_table(table, [i.id for i in result.items], "inquiries_table", open_inquiry)
    st.caption(ui.tr("inquiries.open_hint"))
    prev_col, info_col, next_col = st.columns([1, 2, 1])
    if prev_col.button(ui.tr("common.previous"), disabled=result.page <= 1, key="inq_prev"):
        st.session_state["inq_page"] = result.page - 1
        st.rerun()
    info_col.write(ui.tr("common.page_of", page=result.page, pages=result.page_count))
    if next_col.button(ui.tr("common.next"), disabled=result.page >= result.page_count, key="inq_next"):
        st.session_state["inq_page"] = result.page + 1
        st.rerun()
else:
    st.info(ui.tr("inquiries.none_found"))

# --- one inquiry -----------------------------------------------------------------------------------------
inquiry_id = ui.query_int("id") or st.session_state.get("inquiry_id")
if inquiry_id is None:
    st.stop()
try:
    detail = service.get_inquiry(db, actor, inquiry_id)
except NotFound:
    st.session_state.pop("inquiry_id", None)
    if "id" in st.query_params:
        del st.query_params["id"]
    st.warning(ui.tr("inquiries.not_found"))
    st.stop()
inquiry, status = detail.inquiry, detail.contact
st.session_state["inquiry_id"] = inquiry.id

st.header(f"{inquiry.number} · {ui.plain(inquiry.citizen)}", divider="gray", anchor="inquiry")
facts = st.columns(4)
facts[0].metric(ui.tr("field.inquiry_type"), ui.label(inquiry.inquiry_type))
facts[1].metric(ui.tr("field.status"), ui.label(inquiry.status))
facts[2].metric(ui.tr("field.area"), inquiry.area)
facts[3].metric(ui.tr("field.contact_state"), ui.label(status.state))
st.markdown(f"**{ui.tr('field.received_at')}:** {ui.fmt_datetime(inquiry.received_at)} · "
            f"**{ui.tr('field.channel')}:** {ui.label(inquiry.channel)}")
if status.state != ContactState.NOT_APPLICABLE:
    st.markdown(f"**{ui.tr('field.contact_state')}:** {contact_text(status)}")
if inquiry.first_contact_at:
    st.markdown(f"**{ui.tr('field.first_contact_at')}:** {ui.fmt_datetime(inquiry.first_contact_at)}"
                + (f" · {ui.plain(inquiry.first_contact_note)}" if inquiry.first_contact_note else ""))
if inquiry.cause_names:
    st.markdown(f"**{ui.tr('field.causes')}:** " + ui.plain(", ".join(inquiry.cause_names)))
if inquiry.outcome:
    st.markdown(f"**{ui.tr('field.outcome')}:** {ui.label(inquiry.outcome)}"
                + (f" · {ui.tr('field.closed_on')} {ui.fmt_date(inquiry.closed_on)}" if inquiry.closed_on else ""))
if inquiry.case_pseudonym:
    st.markdown(f"**{ui.tr('field.case')}:** {ui.plain(inquiry.case_pseudonym)}")
if inquiry.account:
    st.markdown(ui.plain(inquiry.account))
if detail.mediation_cases:
    st.markdown(f"**{ui.tr('page.mediation')}:** " + ui.plain(", ".join(t for _, t in detail.mediation_cases)))

if not can_write:
    st.stop()

# Only the open tab's content is built (keyed tabs rerun when another tab is chosen).
tab_contact, tab_edit, tab_mediation = st.tabs(
    [ui.tr("inquiries.record_contact"), ui.tr("inquiries.edit"), ui.tr("inquiries.to_mediation")],
    key=f"inq_tabs_{inquiry.id}", on_change="rerun")

with tab_contact:
    if tab_contact.open:
        if inquiry.first_contact_at:
            st.info(ui.tr("inquiries.contact_recorded"))
        else:
            with st.form(f"contact_{inquiry.id}", enter_to_submit=False):
                st.caption(ui.tr("inquiries.contact_help"))
                contact_at = local_inputs(f"contact_{inquiry.id}", ui.tr("field.first_contact_date"),
                                          ui.tr("field.first_contact_time"), None)
                note = st.text_input(ui.tr("field.first_contact_note"), key=f"contact_{inquiry.id}_note")
                record = st.form_submit_button(ui.tr("inquiries.save_contact"), type="primary")
            if record:
                with ui.stale_handled("inquiries.stale_reload"):
                    saved = service.record_first_contact(db, actor, inquiry.id, inquiry.version, contact_at, note)
                    state = contact_rule.contact_status(saved.record.received_at, saved.record.first_contact_at,
                                                        clock.now()).state
                    ui.flash("inquiries.contact_saved", state=ui.label(state))
                    forget_inquiry_form(inquiry.id)
                    st.rerun()

with tab_edit:
    if tab_edit.open:
        version_key = f"inq_{inquiry.id}_editing_version"
        keys = {name: f"inq_{inquiry.id}_{name}" for name in (
            "channel", "area", "inquiry_type", "citizen", "account", "causes", "case", "status", "outcome",
            "closed_on")}
        # (Re)fill the form from the stored inquiry when editing starts; widget values of a closed tab
        # are not kept by Streamlit, so a missing widget key also starts afresh.
        if version_key not in st.session_state or keys["citizen"] not in st.session_state:
            st.session_state[version_key] = inquiry.version
            st.session_state.update({
                keys["channel"]: inquiry.channel, keys["area"]: inquiry.area,
                keys["inquiry_type"]: inquiry.inquiry_type,
                keys["citizen"]: inquiry.citizen, keys["account"]: inquiry.account,
                keys["causes"]: [c for c in all_causes if c.id in inquiry.cause_ids],
                keys["case"]: inquiry.case_pseudonym, keys["status"]: inquiry.status, keys["outcome"]: inquiry.outcome,
                keys["closed_on"]: inquiry.closed_on})
        cause_options = [c for c in all_causes if c.active or c.id in inquiry.cause_ids]
        area_options = areas if inquiry.area in areas else [inquiry.area, *areas]
        with st.form(f"edit_inquiry_{inquiry.id}", enter_to_submit=False):
            received_at = local_inputs(f"inq_{inquiry.id}_received", ui.tr("field.received_date"),
                                       ui.tr("field.received_time"), inquiry.received_at)
            e1, e2, e3 = st.columns(3)
            e1.selectbox(ui.tr("field.inquiry_type"), list(InquiryType), format_func=ui.label, key=keys["inquiry_type"])
            e2.selectbox(ui.tr("field.channel"), list(Channel), format_func=ui.label, key=keys["channel"])
            e3.selectbox(ui.tr("field.area"), area_options, key=keys["area"])
            st.text_input(ui.tr("field.citizen"), key=keys["citizen"])
            ui.multiselect(ui.tr("field.causes"), cause_options, format_func=lambda c: c.name, key=keys["causes"])
            st.text_area(ui.tr("field.account"), key=keys["account"])
            st.text_input(ui.tr("field.case"), key=keys["case"])
            s1, s2, s3 = st.columns(3)
            s1.selectbox(ui.tr("field.status"), list(InquiryStatus), format_func=ui.label, key=keys["status"])
            s2.selectbox(ui.tr("field.outcome"), [None, *Outcome], key=keys["outcome"],
                         format_func=lambda o: ui.label(o) if o else ui.tr("inquiries.no_outcome"))
            s3.date_input(ui.tr("field.closed_on"), format="DD.MM.YYYY", min_value=MIN_DATE, key=keys["closed_on"])
            contact_edit = local_inputs(f"inq_{inquiry.id}_contact", ui.tr("field.first_contact_date"),
                                        ui.tr("field.first_contact_time"), inquiry.first_contact_at, optional=True)
            st.text_input(ui.tr("field.first_contact_note"), value=inquiry.first_contact_note,
                          key=f"inq_{inquiry.id}_note")
            submitted = st.form_submit_button(ui.tr("common.save"), type="primary")
        if submitted:
            v = {name: st.session_state[key] for name, key in keys.items()}
            form = service.InquiryForm(
                received_at=received_at, channel=v["channel"], area=v["area"], inquiry_type=v["inquiry_type"],
                citizen=v["citizen"], account=v["account"], cause_ids=tuple(c.id for c in v["causes"]),
                case_pseudonym=v["case"], status=v["status"], outcome=v["outcome"], closed_on=v["closed_on"],
                first_contact_at=contact_edit, first_contact_note=st.session_state[f"inq_{inquiry.id}_note"])
            with ui.stale_handled(keep_as=f"inq_{inquiry.id}_conflict"):
                saved = service.update_inquiry(db, actor, inquiry.id, st.session_state[version_key], form)
                forget_inquiry_form(inquiry.id)
                ui.flash_saved(saved)
                st.rerun()
        ui.stale_panel(f"inq_{inquiry.id}_conflict", version_key, key=f"inq_{inquiry.id}",
                       describe=lambda c: [f"**{ui.plain(c.citizen)}** · {ui.plain(c.area)} · {ui.label(c.status)}",
                                           ui.plain(c.account)],
                       on_reload=lambda: forget_inquiry_form(inquiry.id))

with tab_mediation:
    if tab_mediation.open:
        st.caption(ui.tr("inquiries.to_mediation_help"))
        if ui.can("mediation.write") and st.button(ui.tr("inquiries.open_mediation"), key=f"inq_{inquiry.id}_mediate",
                                                   icon=":material/handshake:"):
            st.session_state["mediation_from_inquiry"] = inquiry.id
            st.switch_page("pages/mediation.py")
