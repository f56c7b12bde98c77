"""Dokumenter: the ombudsman's yearly report (årsberetning) with its charts, and plain-language minutes of a
held dialogue or mediation meeting for its parties (ombudsman only). Every export passes the export guard."""

import streamlit as st

from reviews import ui
from reviews.analysis.lix import BANDS
from reviews.exports.guard import describe_place
from reviews.models.ombudsman import MeetingStatus
from reviews.services import documents

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

actor = ui.require("document.export")
db = ui.db()
st.title(ui.tr("page.documents"))
ui.show_flashes()


def show_result(result, key: str, retry) -> None:
    """The guard's findings, a one-click mask when blocked, the LIX, and the download button."""
    if result.report.warnings:
        st.warning(ui.tr("meetings.guard_warnings", n=len(result.report.warnings)))
        st.markdown("\n".join(f"- {ui.plain(describe_place(f.place, ui.lang()))}: "
                              f"{ui.plain(ui.tr(f'guard.kind.{f.kind}'))} · {ui.plain(f.context)}"
                              for f in result.report.warnings))
    if result.blocked:
        st.error(ui.tr("meetings.guard_blocked", n=len(result.report.cpr)))
        st.markdown("\n".join(f"- {ui.plain(describe_place(f.place, ui.lang()))}: {ui.plain(f.context)}"
                              for f in result.report.cpr))
        if st.button(ui.tr("meetings.mask_and_export"), key=f"{key}_mask", type="primary",
                     icon=":material/visibility_off:"):
            with ui.handled():
                st.session_state[key] = retry(mask=True)
                st.rerun()
        return
    if result.masked:
        st.info(ui.tr("guard.masked", n=result.masked))
    if result.lix is not None:
        st.markdown(ui.tr("meetings.lix_line", score=ui.fmt_number(result.lix.score, 1),
                          band=ui.label(result.lix.band)))
        edges = [int(edge) for edge, _ in BANDS]
        st.caption(ui.tr("meetings.lix_scale", a=edges[0], b=edges[1], c=edges[2], d=edges[3], b1=edges[1] - 1,
                     c1=edges[2] - 1, d1=edges[3] - 1))
        if result.lix_warning:
            st.warning(ui.tr("lix.warning", limit=40))
    st.download_button(ui.tr("meetings.download", name=result.filename), result.data, file_name=result.filename,
                       mime=DOCX_MIME, key=f"{key}_download", type="primary", icon=":material/download:",
                       on_click="ignore")


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

    if st.button(ui.tr("documents.make_yearly"), key=f"make_{key}", icon=":material/bar_chart:"):
        with ui.handled(), st.spinner(ui.tr("documents.making")):
            st.session_state[key] = make_yearly()
    if key in st.session_state:
        show_result(st.session_state[key], key, make_yearly)

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

            if st.button(ui.tr("documents.make_dialogue"), key=f"make_{key}", icon=":material/forum:"):
                with ui.handled():
                    st.session_state[key] = make_dialogue()
            if key in st.session_state:
                show_result(st.session_state[key], key, make_dialogue)
