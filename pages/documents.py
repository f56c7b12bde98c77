"""Dokumenter: the ombudsman's yearly report (årsberetning) with its charts, and plain-language minutes of a
held dialogue or mediation meeting for its parties (ombudsman only). Every export passes the export guard."""

import streamlit as st

from reviews import ui
from reviews.models.ombudsman import MeetingStatus
from reviews.services import documents

actor = ui.require("document.export")
db = ui.db()
st.title(ui.tr("page.documents"))
ui.show_flashes()

# --- the yearly report ------------------------------------------------------------------------------------

if ui.can("ombudsman.statistics"):
    from reviews.services import ombudsman_stats

    st.header(ui.tr("documents.yearly_report"), divider="gray")
    st.caption(ui.tr("documents.yearly_report_help"))
    years = list(reversed(ombudsman_stats.available_years(db, actor)))
    year = st.selectbox(ui.tr("doc.yr_year"), years, key="documents_year")
    key = f"doc_yearly_{year}"

    def make_yearly(mask: bool = False, year=year):
        return documents.yearly_report_document(db, actor, year, mask=mask,
                                                purpose=ui.tr("meetings.export_purpose"))

    ui.guarded_download(ui.tr("documents.make_yearly"), key, make_yearly, icon=":material/bar_chart:",
                        making=ui.tr("documents.making"))

# --- minutes of a dialogue meeting (ombudsman only) --------------------------------------------------------

if ui.can("mediation.read"):
    from reviews.services import mediation as mediation_service

    st.header(ui.tr("documents.dialogue_minutes"), divider="gray")
    st.caption(ui.tr("documents.dialogue_help"))
    cases = mediation_service.list_mediation_cases(db, actor)
    if not cases:
        st.info(ui.tr("documents.no_mediation"))
    else:
        case = st.selectbox(ui.tr("documents.mediation_case"), cases, key="documents_case",
                            format_func=lambda c: f"{c.title} ({ui.label(c.kind)})")
        held = [m for m in mediation_service.get_mediation(db, actor, case.id).meetings
                if m.status == MeetingStatus.HELD]
        if not held:
            st.info(ui.tr("documents.no_held_meetings"))
        else:
            chosen = st.selectbox(ui.tr("documents.held_meeting"), held, key=f"documents_meeting_{case.id}",
                                  format_func=lambda m: ui.fmt_datetime(m.starts_at))
            key = f"doc_dialogue_{chosen.id}_{chosen.version}"

            def make_dialogue(mask: bool = False, meeting_id=chosen.id):
                return documents.dialogue_minutes_document(db, actor, meeting_id, mask=mask,
                                                           purpose=ui.tr("meetings.export_purpose"))

            ui.guarded_download(ui.tr("documents.make_dialogue"), key, make_dialogue, icon=":material/forum:")
