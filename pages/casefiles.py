"""«Sagsakter»: a readable case's documents: import several files, OCR progress, details, and a link to its reading view."""

import streamlit as st

from reviews import ui
from reviews.casefile_extract import SUPPORTED
from reviews.errors import NotFound, WorkbenchError
from reviews.models.casefiles import CasefileType, JobStatus
from reviews.services import casefiles
from reviews.services import cases as case_service

actor = ui.require("casefile.read")
db = ui.db()
st.title(ui.tr("page.casefiles"))
ui.show_flashes()
st.caption(ui.tr("casefile.intro"))

# The cases the user may read (need-to-know filters the search itself).
readable = case_service.search_cases(db, actor, page_size=100).items
if not readable:
    st.info(ui.tr("casefile.no_cases"))
    st.stop()
ids = [c.id for c in readable]
names = {c.id: c.pseudonym for c in readable}
wanted = ui.query_int("sag") or st.session_state.get("case_id")
case_id = st.selectbox(ui.tr("casefile.case"), ids, index=ids.index(wanted) if wanted in ids else 0,
                       format_func=lambda i: names[i], key="casefile_case")
st.session_state["case_id"] = case_id
st.query_params["sag"] = str(case_id)
purpose = ui.tr("casefile.purpose")

# --- import ---------------------------------------------------------------------------------------------
if ui.can("casefile.import"):
    with st.expander(ui.tr("casefile.import_heading"), icon=":material/upload_file:"):
        st.info(ui.tr("casefile.upload_help"))
        uploads = st.file_uploader(ui.tr("casefile.upload"), type=[s.lstrip(".") for s in SUPPORTED],
                                   accept_multiple_files=True, key=f"casefile_upload_{case_id}")
        if st.button(ui.tr("casefile.import_button"), icon=":material/upload:", disabled=not uploads):
            overall = st.progress(0.0, text=ui.tr("casefile.progress_all", done=0, total=len(uploads)))
            bars = {u.name: st.progress(0.0, text=ui.label_plain(u.name)) for u in uploads}

            def progress(name, done, total):
                if name is None:
                    overall.progress(done / max(total, 1), text=ui.tr("casefile.progress_all", done=done, total=total))
                elif name in bars:
                    bars[name].progress(done / max(total, 1), text=ui.label_plain(
                        ui.tr("casefile.progress_file", name=name, done=done, total=total)))

            try:
                report = casefiles.import_files(db, actor, case_id, [(u.name, u.getvalue()) for u in uploads],
                                                progress=progress)
            except WorkbenchError as exc:
                ui.show_error(exc)
            else:
                for outcome in report.outcomes:
                    if outcome.ok:
                        st.success(ui.plain(ui.tr("casefile.imported", name=outcome.name,
                                                  count=len(outcome.document_ids), masked=outcome.masked_cpr)))
                    else:
                        reason = ui.tr(outcome.error_key, **outcome.error_params)
                        st.error(ui.plain(ui.tr("casefile.refused", name=outcome.name, reason=reason)))
                ok = sum(1 for o in report.outcomes if o.ok)
                st.caption(ui.tr("casefile.import_summary", ok=ok, bad=len(report.outcomes) - ok))

# --- OCR jobs (progress is stored, so a reload shows the same) ------------------------------------------
try:
    jobs = casefiles.ocr_jobs(db, actor, case_id)
except NotFound:
    st.error(ui.tr("error.not_found"))
    st.stop()
running = any(j.status in (JobStatus.QUEUED, JobStatus.RUNNING) for j in jobs)


@st.fragment(run_every=3 if running else None)
def job_panel() -> None:
    current = casefiles.ocr_jobs(db, actor, case_id)[:5]
    if not current:
        return
    st.subheader(ui.tr("casefile.jobs"))
    for job in current:
        text = ui.tr("casefile.job_progress", status=ui.label(job.status), done=job.done, total=job.total)
        st.progress(job.done / max(job.total, 1), text=text)
        if job.message:
            st.caption(ui.tr(job.message))
    if any(j.status in (JobStatus.QUEUED, JobStatus.RUNNING) for j in current):
        st.button(ui.tr("casefile.refresh"), icon=":material/refresh:", key="casefile_refresh")


job_panel()

# --- the documents --------------------------------------------------------------------------------------
st.header(ui.tr("casefile.documents"))
documents = casefiles.list_casefiles(db, actor, case_id, purpose=purpose)
if not documents:
    st.info(ui.tr("casefile.none"))
    st.stop()
by_id = {d.id: d for d in documents}
st.dataframe(
    [{ui.tr("casefile.col.title"): d.title, ui.tr("casefile.col.type"): ui.label(d.doc_type),
      ui.tr("casefile.col.date"): ui.fmt_date(d.doc_date) or "–", ui.tr("casefile.col.unit"): d.author_unit or "–",
      ui.tr("casefile.col.pages"): d.page_count, ui.tr("casefile.col.masked"): d.masked_cpr,
      ui.tr("casefile.col.status"): ui.label(d.status), ui.tr("casefile.col.source"): d.source_name}
     for d in documents], hide_index=True, width="stretch")


def _doc_label(doc_id: int) -> str:
    doc = by_id[doc_id]
    date = ui.fmt_date(doc.doc_date, "short") if doc.doc_date else "–"
    return ui.label_plain(f"{doc.title} · {ui.label(doc.doc_type)} · {date}")


# The document chosen on the last run is gone although this case listed it then: deleted meanwhile, in another
# tab or by someone else. Said, so that a click meant for it (a delete, a save) does not vanish silently.
shown_before = st.session_state.get("casefile_docs_shown")
chosen = st.session_state.get("casefile_doc")
if chosen is not None and chosen not in by_id and shown_before is not None and shown_before[0] == case_id \
        and chosen in shown_before[1]:
    st.warning(ui.tr("casefile.gone"))
    st.session_state.pop("casefile_doc", None)
st.session_state["casefile_docs_shown"] = (case_id, frozenset(by_id))
document_id = st.selectbox(ui.tr("casefile.document"), list(by_id), format_func=_doc_label, key="casefile_doc")
document = by_id[document_id]

if ui.can("casefile.import"):
    with st.expander(ui.tr("casefile.edit_heading"), icon=":material/edit:"):
        with st.form(f"casefile_edit_{document.id}_{document.version}"):
            types = list(CasefileType)
            doc_type = st.selectbox(ui.tr("casefile.col.type"), types, index=types.index(document.doc_type),
                                    format_func=ui.label)
            doc_date = st.date_input(ui.tr("casefile.col.date"), value=document.doc_date, format="DD.MM.YYYY")
            title = st.text_input(ui.tr("casefile.col.title"), value=document.title, max_chars=casefiles.MAX_TITLE)
            unit = st.text_input(ui.tr("casefile.col.unit"), value=document.author_unit, max_chars=casefiles.MAX_UNIT)
            if st.form_submit_button(ui.tr("casefile.save"), icon=":material/save:"):
                with ui.stale_handled():
                    casefiles.update_details(db, actor, document.id, document.version,
                                             casefiles.DetailsForm(doc_type, doc_date, title, unit))
                    ui.flash("casefile.saved")
                    st.rerun()
    with st.expander(ui.tr("casefile.delete_heading"), icon=":material/delete:"):
        st.caption(ui.tr("casefile.delete_help"))
        sure = st.checkbox(ui.label_plain(ui.tr("casefile.delete_confirm", title=document.title)),
                           key=f"casefile_delete_sure_{document.id}_{document.version}")
        if st.button(ui.tr("casefile.delete_button"), icon=":material/delete:", disabled=not sure,
                     key=f"casefile_delete_{document.id}"):
            with ui.stale_handled():
                count = casefiles.delete_document(db, actor, document.id, document.version)
                st.session_state.pop("casefile_doc", None)
                ui.flash("casefile.deleted", count=count)
                st.rerun()

# --- reading and coding: the document's reading view («Læs sagsakt») ------------------------------------
st.page_link("pages/casefile_reader.py", label=ui.tr("reader.open"), icon=":material/chrome_reader_mode:",
             query_params={"dokument": str(document.id), "side": "1"}, help=ui.tr("reader.open_help"))
