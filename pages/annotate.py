"""Læs og kod: read a case of a review, its timeline beside the findings; write findings on the case or on
one event; mark the reading done (which, in a blind review, shows the others' findings)."""

import streamlit as st

from reviews import ui
from reviews.errors import NotFound, WorkbenchError
from reviews.models.case_review import CodebookKind, Polarity
from reviews.services import cases as case_service
from reviews.services import codebooks as codebook_service
from reviews.services import findings as finding_service
from reviews.services import passages as passage_service

actor = ui.require("finding.write")
db = ui.db()
st.title(ui.tr("page.annotate"))
ui.show_flashes()

review = ui.review_picker(finding_service.my_reviews(db, actor), "annotate_review")

CASE_CHOICES = 100
JUDGEMENT_OPTIONS = [None, *range(11)]  # None: no judgement on the 0-10 scale


def judgement_label(value: int | None) -> str:
    return ui.tr("annotate.no_judgement") if value is None else str(value)
needle = None
first = finding_service.reading_overview(db, actor, review.id, limit=CASE_CHOICES)
if not first.total:
    st.info(ui.tr("reviews.no_cases"))
    st.stop()
# Progress over the cases the review may read; the others wait for the family's consent.
st.progress(min(1.0, first.done / first.readable) if first.readable else 0.0,
            text=ui.tr("annotate.progress", done=first.done, total=first.readable))
if first.readable < first.total:
    st.caption(ui.tr("annotate.no_basis_count", count=first.total - first.readable))
if review.blind:
    st.caption(ui.tr("reviews.blind_help"))
overview = first
if first.total > CASE_CHOICES:
    needle = st.text_input(ui.tr("annotate.find_case"), key=f"annotate_find_{review.id}").strip() or None
    if needle:
        overview = finding_service.reading_overview(db, actor, review.id, text=needle, limit=CASE_CHOICES)
    if overview.matching > len(overview.items):
        st.caption(ui.tr("annotate.first_cases", count=len(overview.items), total=overview.matching))
    if not overview.items:
        st.info(ui.tr("cases.none_found"))
        st.stop()
shown = overview.items
case_ids = [o.case_id for o in shown]
remembered = st.session_state.get("annotate_case_id")
state_done, state_open = ui.tr("annotate.state_done"), ui.tr("annotate.state_open")
state_no_basis = ui.tr("annotate.state_no_basis")


def case_label(o) -> str:
    state = state_no_basis if not o.readable else state_done if o.done else state_open
    return ui.tr("annotate.case_option", pseudonym=o.pseudonym, state=state, count=o.my_findings)


first_open = next((i for i, o in enumerate(shown) if o.readable and not o.done), 0)
chosen = st.selectbox(ui.tr("annotate.choose_case"), shown, format_func=case_label,
                      index=case_ids.index(remembered) if remembered in case_ids else first_open,
                      key=f"annotate_case_{review.id}")
st.session_state["annotate_case_id"] = chosen.case_id

try:
    detail = case_service.get_case(db, actor, chosen.case_id, purpose=ui.tr("case.purpose.review", name=review.name),
                                   review_id=review.id)
    state = finding_service.case_findings(db, actor, review.id, chosen.case_id)
except NotFound:
    st.error(ui.tr("case.not_found"))
    st.stop()
except WorkbenchError as exc:  # e.g. the family's consent is pending or refused: the reason, not the case
    ui.show_error(exc)
    st.stop()
case = detail.case
lang = ui.lang()
codes = {c.id: c for c in codebook_service.list_codes(db, actor)}
codebooks = {b.id: b for b in codebook_service.list_codebooks(db, actor)}
taggable = [c.id for c in codes.values()
            if not c.retired and codebooks[c.codebook_id].kind == CodebookKind.CODES]
events_by_id = {e.id: e for e in detail.events}
code_names = {code_id: code.display(lang) for code_id, code in codes.items()}
code_options = {code_id: f"{code_names[code_id]} ({(b.name_en or b.name) if lang == 'en' else b.name})"
                for code_id, code in codes.items() for b in [codebooks[code.codebook_id]]}
event_labels = {None: ui.tr("annotate.whole_case")}
event_labels.update({e.id: f"{ui.fmt_date(e.event_date, 'short')} · {ui.label(e.event_type)} · {e.text[:70]}"
                     for e in detail.events})


def code_name(code_id: int) -> str:
    return code_names.get(code_id, f"#{code_id}")


def code_option(code_id: int) -> str:
    return code_options.get(code_id, f"#{code_id}")


def event_label(event) -> str:
    return event_labels.get(None if event is None else event.id, "")


def show_finding(finding) -> None:
    with st.container(border=True):
        mine = ui.tr("annotate.mine") if finding.author_id == actor.id else ""
        head = [f"**{ui.plain(finding.author_name)}**{mine}", ui.plain(ui.label(finding.discipline)),
                ui.plain(ui.label(finding.polarity))]
        if finding.judgement is not None:
            head.append(ui.tr("annotate.judgement_value", value=finding.judgement))
        st.markdown(" · ".join(head))
        st.caption(ui.plain(" · ".join(code_name(c) for c in finding.code_ids)))
        st.markdown(ui.plain(finding.text))
        if finding.excerpt:
            st.markdown(ui.tr("annotate.quoted") + " *" + ui.plain(finding.excerpt) + "*")
        ref = page_refs.get(finding.id)  # a passage cited in «Læs sagsakt»: where it is, as a link back
        if ref is not None:
            st.markdown(f"[{ui.plain(ui.tr('reader.page_ref', title=ref.title, page=ref.page_no))}]"
                        f"(casefile_reader?dokument={ref.document_id}&side={ref.page_no})")


page_refs = passage_service.page_refs(db, actor, review.id, [f.id for f in state.findings])
by_event: dict[int | None, list] = {}
for finding in state.findings:
    by_event.setdefault(finding.event_id, []).append(finding)

st.header(ui.plain(case.pseudonym), divider="gray")
if case.summary:
    st.markdown(ui.plain(case.summary))
if state.hidden:
    st.info(ui.tr("annotate.hidden", count=state.hidden))

timeline_col, findings_col = st.columns([3, 2], gap="large")

EVENTS_PER_PAGE = 25
with timeline_col:
    st.subheader(ui.tr("case.timeline"))
    if not detail.events:
        st.info(ui.tr("case.no_events"))
    events = detail.events
    if len(events) > EVENTS_PER_PAGE:
        pages = -(-len(events) // EVENTS_PER_PAGE)
        part = st.number_input(ui.tr("annotate.timeline_page", pages=pages), min_value=1, max_value=pages, value=1,
                               key=f"annotate_tl_{review.id}_{case.id}")
        events = events[(part - 1) * EVENTS_PER_PAGE: part * EVENTS_PER_PAGE]
        st.caption(ui.tr("annotate.timeline_part", first=(part - 1) * EVENTS_PER_PAGE + 1,
                         last=(part - 1) * EVENTS_PER_PAGE + len(events), total=len(detail.events)))
    for event in events:
        with st.container(border=True):
            st.markdown(f"**{ui.fmt_date(event.event_date)}** · {ui.plain(ui.label(event.event_type))}")
            st.markdown(ui.plain(event.text))
            attached = by_event.get(event.id, [])
            if attached:
                with st.expander(ui.tr("annotate.event_findings", count=len(attached)), expanded=True):
                    for finding in attached:
                        show_finding(finding)

with findings_col:
    st.subheader(ui.tr("annotate.case_findings"))
    case_level = by_event.get(None, [])
    if not case_level:
        st.caption(ui.tr("annotate.no_case_findings"))
    for finding in case_level:
        show_finding(finding)

    if state.done:
        st.success(ui.tr("annotate.done_already"))
    else:
        st.subheader(ui.tr("annotate.new_finding"))
        counter_key = f"annotate_form_n_{review.id}_{case.id}"
        n = st.session_state.setdefault(counter_key, 0)
        prefix = f"nf_{review.id}_{case.id}_{n}"
        draft_key = f"{review.id}:{case.id}"  # one new finding per reviewer and case at a time
        # Plain widgets, not a form: a form sends its texts only with the submit, and they are kept as drafts.
        with st.container(border=True, key=prefix + "_box"):
            target = st.selectbox(ui.tr("annotate.target"), [None, *detail.events], format_func=event_label,
                                  key=prefix + "_target")
            text = ui.draft_area(ui.tr("field.finding_text"), "finding", draft_key, widget_key=prefix + "_text",
                                 help=ui.tr("annotate.text_help"))
            excerpt = ui.draft_area(ui.tr("field.excerpt"), "finding", draft_key + ":excerpt",
                                    widget_key=prefix + "_excerpt", height=80, help=ui.tr("annotate.excerpt_help"))
            chosen_codes = ui.multiselect(ui.tr("field.codes"), taggable, format_func=code_option,
                                          key=prefix + "_codes", placeholder=ui.tr("annotate.codes_placeholder"))
            polarity = st.radio(ui.tr("field.polarity"), list(Polarity), format_func=ui.label, index=None,
                                key=prefix + "_polarity", horizontal=False)
            # One control: a checkbox beside a slider left the slider looking set while unticked.
            judgement = st.select_slider(ui.tr("field.judgement"), JUDGEMENT_OPTIONS, value=None,
                                         format_func=judgement_label, key=prefix + "_j",
                                         help=ui.tr("annotate.judgement_help"))
            submitted = st.button(ui.tr("annotate.save_finding"), type="primary", key=prefix + "_save")
        if submitted:
            with ui.handled():
                saved = finding_service.add_finding(db, actor, review.id, case.id, finding_service.FindingForm(
                    text=text, code_ids=tuple(chosen_codes), polarity=polarity,
                    event_id=target.id if target is not None else None, excerpt=excerpt,
                    judgement=judgement))
                ui.discard_draft("finding", draft_key)
                ui.discard_draft("finding", draft_key + ":excerpt")
                st.session_state[counter_key] = n + 1  # a fresh, empty form
                ui.flash_saved(saved, "annotate.saved")
                st.rerun()

        mine = [f for f in state.findings if f.author_id == actor.id]
        if mine:
            with st.expander(ui.tr("annotate.edit_mine"), icon=":material/edit:"):
                pick = st.selectbox(ui.tr("annotate.choose_finding"), mine, key=f"edit_pick_{case.id}",
                                    format_func=lambda f: f"{event_labels.get(f.event_id, '')} · {f.text[:50]}")
                ep = f"ef_{pick.id}_v{pick.version}"
                edit_key = f"edit:{pick.id}"
                targets = [None, *detail.events]
                with st.container(border=True, key=ep + "_box"):  # plain widgets: see the new finding
                    e_target = st.selectbox(ui.tr("annotate.target"), targets, format_func=event_label,
                                            index=targets.index(events_by_id.get(pick.event_id)), key=ep + "_target")
                    e_text = ui.draft_area(ui.tr("field.finding_text"), "finding", edit_key, widget_key=ep + "_text",
                                           value=pick.text, base_version=pick.version)
                    e_excerpt = ui.draft_area(ui.tr("field.excerpt"), "finding", edit_key + ":excerpt",
                                              widget_key=ep + "_excerpt", value=pick.excerpt, height=80,
                                              base_version=pick.version)
                    options = list(dict.fromkeys([*pick.code_ids, *taggable]))
                    e_codes = ui.multiselect(ui.tr("field.codes"), options, default=list(pick.code_ids),
                                             format_func=code_option, key=ep + "_codes")
                    e_polarity = st.radio(ui.tr("field.polarity"), list(Polarity), format_func=ui.label,
                                          index=list(Polarity).index(pick.polarity), key=ep + "_polarity")
                    e_judgement = st.select_slider(ui.tr("field.judgement"), JUDGEMENT_OPTIONS, value=pick.judgement,
                                                   format_func=judgement_label, key=ep + "_j",
                                                   help=ui.tr("annotate.judgement_help"))
                    save_col, delete_col = st.columns(2)
                    save = save_col.button(ui.tr("common.save"), type="primary", key=ep + "_save")
                    delete = delete_col.button(ui.tr("common.delete"), key=ep + "_delete")
                if save or delete:
                    with ui.stale_handled(show_newer=lambda f: ui.plain(f.text)):
                        if save:
                            form = finding_service.FindingForm(
                                text=e_text, code_ids=tuple(e_codes), polarity=e_polarity,
                                event_id=e_target.id if e_target is not None else None, excerpt=e_excerpt,
                                judgement=e_judgement)
                            expected = ui.expected_version("finding", (edit_key, edit_key + ":excerpt"), pick.version)
                            saved = finding_service.update_finding(db, actor, pick.id, expected, form)
                            ui.flash_saved(saved)
                        else:
                            finding_service.delete_finding(db, actor, pick.id, pick.version)
                            ui.flash("annotate.deleted")
                        ui.discard_draft("finding", edit_key)
                        ui.discard_draft("finding", edit_key + ":excerpt")
                        st.rerun()

        ui.finish_reading_form(f"{review.id}_{case.id}", blind=review.blind, pseudonym=case.pseudonym,
                               mark_done=lambda: finding_service.mark_reading_done(db, actor, review.id, case.id))
