"""«Søg i sagsakter»: full-text search in the documents of the cases the user may read, each hit a page with a
snippet, linked to the reading view (pages/casefile_reader.py, ?dokument=<id>&side=<n>)."""

import streamlit as st

from reviews import ui
from reviews.errors import WorkbenchError
from reviews.models.casefiles import CasefileType
from reviews.services import casefile_search
from reviews.services import cases as case_service

actor = ui.require("casefile.read")
db = ui.db()
st.title(ui.tr("page.casefile_search"))
st.caption(ui.tr("casefile_search.intro"))

readable = case_service.search_cases(db, actor, page_size=100).items
if not readable:
    st.info(ui.tr("casefile_search.no_cases"))
    st.stop()
names = {c.id: c.pseudonym for c in readable}
PAGE_SIZE = casefile_search.DEFAULT_LIMIT
STATE = "casefile_search_criteria"

with st.form("casefile_search_form"):
    query = st.text_input(ui.tr("casefile_search.query"), max_chars=casefile_search.MAX_QUERY,
                          help=ui.tr("casefile_search.query_help", maximum=casefile_search.MAX_QUERY),
                          key="casefile_search_query")
    with st.expander(ui.tr("casefile_search.filters"), icon=":material/filter_alt:"):
        case_id = st.selectbox(ui.tr("casefile_search.case"), [None, *names],
                               format_func=lambda i: ui.tr("casefile_search.all_cases") if i is None
                               else ui.label_plain(names[i]), key="casefile_search_case")
        doc_types = ui.multiselect(ui.tr("casefile_search.doc_types"), list(CasefileType), format_func=ui.label,
                                   key="casefile_search_types")
        left, right = st.columns(2)
        date_from = left.date_input(ui.tr("casefile_search.date_from"), value=None, format="DD.MM.YYYY",
                                    help=ui.tr("casefile_search.date_help"), key="casefile_search_from")
        date_to = right.date_input(ui.tr("casefile_search.date_to"), value=None, format="DD.MM.YYYY",
                                   key="casefile_search_to")
    if st.form_submit_button(ui.tr("casefile_search.button"), icon=":material/search:", type="primary"):
        st.session_state[STATE] = dict(query=query, case_id=case_id, doc_types=list(doc_types), date_from=date_from,
                                       date_to=date_to, offset=0)
        st.session_state.pop("casefile_search_results", None)

criteria = st.session_state.get(STATE)
if not criteria:
    st.stop()

# A search is logged each time it runs, so it runs on a submit or a change of page, not on every rerun.
results = st.session_state.get("casefile_search_results")
if results is None or results[0] != criteria:
    try:
        found = casefile_search.search(db, actor, criteria["query"], case_id=criteria["case_id"],
                                       doc_types=criteria["doc_types"], date_from=criteria["date_from"],
                                       date_to=criteria["date_to"], limit=PAGE_SIZE, offset=criteria["offset"])
    except WorkbenchError as exc:
        ui.show_error(exc)
        st.stop()
    results = (dict(criteria), found)
    st.session_state["casefile_search_results"] = results
found = results[1]

if not found.total:
    st.info(ui.tr("casefile_search.none"))
    st.stop()
st.subheader(ui.tr("casefile_search.found", count=found.total))
st.caption(ui.tr("casefile_search.showing", first=found.offset + 1, last=found.offset + len(found.hits),
                 total=found.total))


def snippet_markdown(snippet) -> str:
    text = "".join(f"**{ui.plain(part)}**" if marked else ui.plain(part) for part, marked in snippet.parts)
    return ("… " if snippet.leading_cut else "") + text + (" …" if snippet.trailing_cut else "")


for hit in found.hits:
    with st.container(border=True):
        st.markdown("**" + ui.plain(ui.tr("casefile_search.hit_heading", title=hit.title, page=hit.page_no,
                                          pages=hit.page_count)) + "**")
        date = ui.fmt_date(hit.doc_date, "short") if hit.doc_date else ui.tr("casefile_search.undated")
        st.caption(ui.label_plain(ui.tr("casefile_search.hit_meta", pseudonym=hit.pseudonym,
                                        doc_type=ui.label(hit.doc_type), date=date, matched=hit.matched,
                                        words=len(found.words))))
        st.markdown(snippet_markdown(hit.snippet))
        st.page_link("pages/casefile_reader.py", label=ui.tr("casefile_search.open"),
                     icon=":material/chrome_reader_mode:",
                     query_params={"dokument": str(hit.document_id), "side": str(hit.page_no)})

left, right = st.columns(2)
if found.offset and left.button(ui.tr("casefile_search.first"), icon=":material/first_page:",
                                key="casefile_search_first"):
    st.session_state[STATE] = {**criteria, "offset": 0}
    st.rerun()
if found.has_more and right.button(ui.tr("casefile_search.more"), icon=":material/navigate_next:",
                                   key="casefile_search_next"):
    st.session_state[STATE] = {**criteria, "offset": found.offset + PAGE_SIZE}
    st.rerun()
