"""«Læs sagsakt»: one document of a case file, page by page: the page image beside its text, the passages that
findings cite marked and numbered on it, and coding a chosen passage as a finding. Loads one page at a time.

Links: ?dokument=<id>&side=<n> (the case-file search links here so)."""

import streamlit as st

from reviews import ui
from reviews.errors import NotFound, WorkbenchError
from reviews.models.case_review import Polarity
from reviews.models.passages import PassageRef
from reviews.services import casefiles
from reviews.services import cases as case_service
from reviews.services import findings as finding_service
from reviews.services import passages as passage_service

actor = ui.require("casefile.read")
db = ui.db()
st.title(ui.tr("page.casefile_reader"))
ui.show_flashes()
st.caption(ui.tr("reader.intro"))
purpose = ui.tr("reader.purpose")
JUDGEMENT_OPTIONS = [None, *range(11)]  # None: no judgement on the 0-10 scale
EXCERPT_SHOWN = 200

# --- which document -------------------------------------------------------------------------------------
document_id = ui.query_int("dokument")
if document_id is None:
    readable = case_service.search_cases(db, actor, page_size=100).items
    if not readable:
        st.info(ui.tr("reader.no_cases"))
        st.stop()
    names = {c.id: c.pseudonym for c in readable}
    case_id = st.selectbox(ui.tr("reader.case"), list(names), format_func=lambda i: ui.label_plain(names[i]),
                           key="reader_case")
    documents = casefiles.list_casefiles(db, actor, case_id, purpose=purpose)
    if not documents:
        st.info(ui.tr("reader.no_documents"))
        st.stop()
    document_id = documents[0].id
try:
    document = passage_service.reading_document(db, actor, document_id, purpose=purpose)
except NotFound:
    st.error(ui.tr("reader.not_found"))
    st.stop()
siblings = casefiles.list_casefiles(db, actor, document.case_id, purpose=purpose)
by_id = {d.id: d for d in siblings}


def doc_label(doc_id: int) -> str:
    doc = by_id[doc_id]
    date = ui.fmt_date(doc.doc_date, "short") if doc.doc_date else "–"
    return ui.label_plain(f"{doc.title} · {ui.label(doc.doc_type)} · {date}")


if len(by_id) > 1:
    chosen_doc = st.selectbox(ui.tr("reader.document"), list(by_id), index=list(by_id).index(document.id),
                              format_func=doc_label, key=f"reader_doc_{document.case_id}")
    if chosen_doc != document.id:
        st.query_params["dokument"] = str(chosen_doc)
        st.query_params["side"] = "1"
        st.rerun()
st.header(ui.plain(document.title))  # the level under the title, so the subheadings below skip none

# --- which page: previous / next / a number; the link's ?side= is the first value -----------------------
total = max(document.page_count, 1)
page_key = f"reader_page_{document.id}"
if page_key not in st.session_state:
    st.session_state[page_key] = min(max(ui.query_int("side") or 1, 1), total)


def step(delta: int) -> None:
    st.session_state[page_key] = min(max(int(st.session_state[page_key]) + delta, 1), total)


prev_col, number_col, next_col = st.columns([1, 2, 1], vertical_alignment="bottom")
prev_col.button(ui.tr("reader.previous"), icon=":material/chevron_left:", on_click=step, args=(-1,),
                disabled=st.session_state[page_key] <= 1, key=f"reader_prev_{document.id}", width="stretch")
page_no = int(number_col.number_input(ui.tr("reader.page"), min_value=1, max_value=total, step=1, key=page_key))
next_col.button(ui.tr("reader.next"), icon=":material/chevron_right:", on_click=step, args=(1,),
                disabled=page_no >= total, key=f"reader_next_{document.id}", width="stretch")
st.query_params["dokument"] = str(document.id)
st.query_params["side"] = str(page_no)
st.caption(ui.tr("reader.page_of", page=page_no, total=document.page_count))

try:
    page = casefiles.read_page(db, actor, document.id, page_no, purpose=purpose)
except WorkbenchError as exc:
    ui.show_error(exc)
    st.stop()

# --- the review whose findings are marked and coded -----------------------------------------------------
reviews = finding_service.my_reviews(db, actor) if ui.can("finding.read") else []
review = ui.review_picker(reviews, "reader_review") if reviews else None
state = None
if review is None:
    st.info(ui.tr("reader.no_reviews"))
else:
    state = passage_service.page_passages(db, actor, review.id, document.id, page_no)
    if not state.in_review:
        st.info(ui.tr("reader.not_in_review"))
codes = {c.id: c for c in finding_service.taggable_codes(db, actor)} if review is not None else {}
lang = ui.lang()
numbers = {p.id: n for n, p in enumerate(state.passages, start=1)} if state else {}

# --- the page image beside its text ---------------------------------------------------------------------
counter_key = f"reader_form_n_{document.id}_{page_no}"
n = st.session_state.setdefault(counter_key, 0)
image_col, text_col = st.columns(2, gap="large")
with image_col:
    st.subheader(ui.tr("reader.image_heading"))
    if page.image:
        st.image(page.image, caption=ui.tr("reader.image_caption", page=page.page_no), width="stretch",
                 alt=ui.tr("reader.image_alt", page=page.page_no, title=document.title))
    elif page.needs_ocr:
        st.info(ui.tr("reader.ocr_waiting"))
    else:
        st.caption(ui.tr("reader.no_image"))
selection = None
with text_col:
    st.subheader(ui.tr("reader.text_heading"))
    if page.needs_ocr:
        st.info(ui.tr("reader.ocr_waiting"))
    elif not page.text.strip():
        st.caption(ui.tr("reader.empty_page"))
    else:
        marks = [{"start": p.char_start, "end": p.char_end, "n": numbers[p.id],
                  "own": state.findings.get(p.finding_id) is not None
                  and state.findings[p.finding_id].author_id == actor.id} for p in state.passages] if state else []
        selection = ui.passage_picker(page.text, list(page.paragraphs), marks,
                                      key=f"reader_picker_{document.id}_{page_no}_{n}")

# --- the findings citing this page (visible ones only) ---------------------------------------------------
if state is not None and state.in_review:
    st.subheader(ui.tr("reader.findings_heading"))
    if state.hidden:
        st.info(ui.tr("reader.hidden", count=state.hidden))
    if not state.passages:
        st.caption(ui.tr("reader.no_findings"))
    for passage in state.passages:
        finding = state.findings.get(passage.finding_id)
        if finding is None:
            continue
        with st.container(border=True):
            mine = ui.tr("reader.mine") if finding.author_id == actor.id else ""
            head = [ui.tr("reader.passage_no", n=numbers[passage.id]), f"**{ui.plain(finding.author_name)}**{mine}",
                    ui.plain(ui.label(finding.discipline)), ui.plain(ui.label(finding.polarity))]
            st.markdown(" · ".join(head))
            st.caption(ui.plain(" · ".join(codes[c].display(lang) if c in codes else f"#{c}"
                                           for c in finding.code_ids)))
            st.markdown(ui.plain(finding.text))
            st.markdown(ui.tr("reader.quoted") + " *" + ui.plain(passage.excerpt) + "*")

# --- coding the chosen passage ---------------------------------------------------------------------------
if state is None or not state.in_review or page.needs_ocr or not page.text.strip():
    st.stop()
if state.done:
    st.success(ui.tr("reader.done_already"))
    st.stop()
if not ui.can("finding.write"):
    st.stop()
st.subheader(ui.tr("reader.code_heading"))
if selection:
    first, last = selection["first"], selection["last"]
    span = (ui.tr("reader.span_chars", start=selection["start"], end=selection["end"]) if first < 0
            else ui.tr("reader.span_paragraph", first=first + 1) if first == last
            else ui.tr("reader.span_paragraphs", first=first + 1, last=last + 1))
    excerpt = page.text[selection["start"]:selection["end"]].strip()
    if len(excerpt) > EXCERPT_SHOWN:
        excerpt = excerpt[:EXCERPT_SHOWN] + "…"
    st.markdown(ui.plain(ui.tr("reader.chosen", span=span, excerpt=excerpt)))
else:
    st.caption(ui.tr("reader.chosen_none"))
prefix = f"reader_nf_{document.id}_{page_no}_{n}"
with st.container(border=True, key=prefix + "_box"):
    text = st.text_area(ui.tr("field.finding_text"), key=prefix + "_text", help=ui.tr("annotate.text_help"))
    taggable = list(codes)
    chosen_codes = ui.multiselect(ui.tr("field.codes"), taggable, key=prefix + "_codes",
                                  format_func=lambda c: codes[c].display(lang),
                                  placeholder=ui.tr("annotate.codes_placeholder"))
    polarity = st.radio(ui.tr("field.polarity"), list(Polarity), format_func=ui.label, index=None,
                        key=prefix + "_polarity")
    judgement = st.select_slider(ui.tr("field.judgement"), JUDGEMENT_OPTIONS, value=None, key=prefix + "_j",
                                 format_func=lambda v: ui.tr("annotate.no_judgement") if v is None else str(v),
                                 help=ui.tr("annotate.judgement_help"))
    save = st.button(ui.tr("reader.save"), type="primary", key=prefix + "_save")
if save:
    if not selection:
        st.warning(ui.tr("reader.choose_first"))
    else:
        with ui.handled():
            saved = passage_service.code_passage(
                db, actor, review.id, PassageRef(document.id, page_no, selection["start"], selection["end"]),
                finding_service.FindingForm(text=text, code_ids=tuple(chosen_codes), polarity=polarity,
                                            judgement=judgement))
            st.session_state[counter_key] = n + 1  # a fresh form and picker
            ui.flash_saved(saved, "reader.saved")
            st.rerun()

ui.finish_reading_form(f"{review.id}_{document.case_id}", blind=review.blind, pseudonym=state.pseudonym,
                       mark_done=lambda: finding_service.mark_reading_done(db, actor, review.id, document.case_id))
