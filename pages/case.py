"""One case: its facts, its timeline, and (for those who may) editing."""

import datetime as dt

import streamlit as st

from reviews import clock, ui
from reviews.errors import NotFound, WorkbenchError
from reviews.models import CaseStatus, EventType
from reviews.models.casefiles import Casefile
from reviews.services import cases as case_service

actor = ui.require("case.read")
db = ui.db()

case_id = ui.query_int("id") or st.session_state.get("case_id")
if "id" in st.query_params and ui.query_int("id") is None:
    st.error(ui.tr("case.bad_link"))
    st.stop()
if case_id is None:
    st.title(ui.tr("page.case"))
    st.info(ui.tr("case.choose_first"))
    st.page_link("pages/cases.py", label=ui.tr("page.cases"), icon=":material/folder_open:")
    st.stop()

purpose = st.session_state.get("case_purpose", ui.tr("case.purpose.register"))
# Opened from a review ((case id, review id), set by the reviews page): read for that review, which the
# service refuses when the family's consent is pending or refused.
for_review = st.session_state.get("case_review")
review_id = for_review[1] if isinstance(for_review, tuple) and for_review[0] == case_id else None
try:
    detail = case_service.get_case(db, actor, case_id, purpose=purpose, review_id=review_id)
except NotFound:
    st.error(ui.tr("case.not_found"))
    st.stop()
except WorkbenchError as exc:
    st.title(ui.tr("page.case"))
    ui.show_error(exc)
    st.stop()
case = detail.case
st.session_state["case_id"] = case.id
st.query_params["id"] = str(case.id)

st.title(ui.plain(case.pseudonym))
ui.show_flashes()
st.markdown(" · ".join(f"**{ui.tr(key)}:** {ui.plain(value)}" for key, value in [
    ("field.area", case.area or "–"), ("field.status", ui.label(case.status)),
    ("field.opened", ui.fmt_date(case.opened) or "–"), ("field.closed", ui.fmt_date(case.closed) or "–")]))
if case.summary:
    st.markdown(ui.plain(case.summary))
if detail.reviews:
    st.caption(ui.tr("case.in_reviews", names=ui.plain(", ".join(name for _, name in detail.reviews))))



def _timeline_entry(item) -> str:
    if isinstance(item, Casefile):
        date = ui.fmt_date(item.doc_date) if item.doc_date else ui.tr("casefile.undated")
        link = f"casefile_reader?dokument={item.id}&side=1"
        return (f"**{date}** · :material/description: {ui.plain(ui.label(item.doc_type))}  \n"
                f"[{ui.plain(item.title)}]({link}) · {ui.tr('casefile.pages_count', count=item.page_count)}")
    return f"**{ui.fmt_date(item.event_date)}** · {ui.plain(ui.label(item.event_type))}  \n{ui.plain(item.text)}"


st.header(ui.tr("case.timeline"), divider="gray")
timeline = detail.timeline
if not timeline:
    st.info(ui.tr("case.no_events"))
else:
    # One markdown element for the whole timeline: a case can have hundreds of events, and one
    # element per event made the page's rerun time grow with them.
    with st.container(border=True):
        st.markdown("\n\n---\n\n".join(_timeline_entry(item) for item in timeline))

if not ui.can("case.write"):
    st.stop()

st.header(ui.tr("case.work"), divider="gray")
tab_event, tab_edit_event, tab_case = st.tabs(
    [ui.tr("case.add_event"), ui.tr("case.edit_event"), ui.tr("case.edit")])

with tab_event:
    with st.form(f"add_event_{case.id}", clear_on_submit=True, enter_to_submit=False):
        event_date = st.date_input(ui.tr("field.event_date"), value=clock.today(), format="DD.MM.YYYY",
                                   min_value=dt.date(1990, 1, 1))
        event_type = st.selectbox(ui.tr("field.event_type"), list(EventType), format_func=ui.label)
        text = st.text_area(ui.tr("field.text"))
        if st.form_submit_button(ui.tr("common.save"), type="primary"):
            with ui.handled():
                saved = case_service.add_event(db, actor, case.id, event_date=event_date, event_type=event_type,
                                               text=text)
                ui.flash_saved(saved, "case.event_added")
                st.rerun()

with tab_edit_event:
    if not detail.events:
        st.info(ui.tr("case.no_events"))
    else:
        chosen = st.selectbox(ui.tr("case.choose_event"), detail.events, key=f"edit_event_pick_{case.id}",
                              format_func=lambda e: f"{ui.fmt_date(e.event_date, 'short')} · {ui.label(e.event_type)}"
                              f" · {e.text[:60]}")
        prefix = f"event_{chosen.id}_v{chosen.version}"
        with st.form(prefix, enter_to_submit=False):
            e_date = st.date_input(ui.tr("field.event_date"), value=chosen.event_date, format="DD.MM.YYYY",
                                   min_value=dt.date(1990, 1, 1), key=prefix + "_date")
            e_type = st.selectbox(ui.tr("field.event_type"), list(EventType), format_func=ui.label,
                                  index=list(EventType).index(chosen.event_type), key=prefix + "_type")
            e_text = st.text_area(ui.tr("field.text"), value=chosen.text, key=prefix + "_text")
            save_col, delete_col = st.columns(2)
            save = save_col.form_submit_button(ui.tr("common.save"), type="primary")
            delete = delete_col.form_submit_button(ui.tr("common.delete"))
        if save or delete:
            with ui.stale_handled(show_newer=lambda e: ui.plain(e.text)):
                if save:
                    case_service.update_event(db, actor, chosen.id, chosen.version, event_date=e_date,
                                              event_type=e_type, text=e_text)
                    ui.flash("common.saved")
                else:
                    case_service.delete_event(db, actor, chosen.id, chosen.version)
                    ui.flash("case.event_deleted")
                st.rerun()

with tab_case:
    version_key = f"case_{case.id}_editing_version"
    fields = {"pseudonym": case.pseudonym, "area": case.area, "opened": case.opened, "closed": case.closed,
              "status": case.status, "summary": case.summary}
    keys = {name: f"case_{case.id}_{name}" for name in fields}
    # Streamlit drops a widget's key after a run that did not draw it (another case, another page): then the
    # form starts again from the stored case, or coming back to this case would fail on the missing keys.
    if version_key not in st.session_state or any(k not in st.session_state for k in keys.values()):
        st.session_state[version_key] = case.version
        for name, value in fields.items():
            st.session_state[keys[name]] = value
    areas = case_service.list_areas(db, actor)
    if st.session_state[keys["area"]] not in areas:
        areas = [st.session_state[keys["area"]], *areas]
    with st.form(f"edit_case_{case.id}", enter_to_submit=False):
        st.text_input(ui.tr("field.pseudonym"), key=keys["pseudonym"])
        st.selectbox(ui.tr("field.area"), areas, key=keys["area"])
        st.date_input(ui.tr("field.opened"), key=keys["opened"], format="DD.MM.YYYY", min_value=dt.date(1990, 1, 1))
        st.date_input(ui.tr("field.closed"), key=keys["closed"], format="DD.MM.YYYY", min_value=dt.date(1990, 1, 1))
        st.selectbox(ui.tr("field.status"), list(CaseStatus), key=keys["status"], format_func=ui.label)
        st.text_area(ui.tr("field.summary"), key=keys["summary"], height=150)
        submitted = st.form_submit_button(ui.tr("common.save"), type="primary")
    if submitted:
        form = case_service.CaseForm(**{name: st.session_state[key] for name, key in keys.items()})
        # A stale save keeps the user's text in the form and shows what the other person saved.
        with ui.stale_handled(keep_as=f"case_{case.id}_conflict"):
            saved = case_service.update_case(db, actor, case.id, st.session_state[version_key], form)
            del st.session_state[version_key]
            st.session_state.pop(f"case_{case.id}_conflict", None)
            ui.flash_saved(saved)
            st.rerun()
    ui.stale_panel(f"case_{case.id}_conflict", version_key, key=f"case_{case.id}", describe=lambda c: [
        f"**{ui.plain(c.pseudonym)}** · {ui.plain(c.area)} · {ui.label(c.status)}", ui.plain(c.summary)])
