"""Læringspunkter: the list, one learning point with its codes and evidence, editing with version checks,
the status workflow, the family round, its actions and the history of every version."""

import datetime as dt

import pandas as pd
import streamlit as st

from reviews import clock, ui
from reviews.errors import NotFound, WorkbenchError
from reviews.models import Discipline
from reviews.models.case_review import CodebookKind, FamilyStance, LearningPointStatus, Polarity
from reviews.services import action_plan as action_service
from reviews.services import codebooks as codebook_service
from reviews.services import family_round
from reviews.services import findings as finding_service
from reviews.services import learning_points as lp_service
from reviews.services import reviews as review_service

actor = ui.require("learning_point.read")
db = ui.db()
can_write = ui.can("learning_point.write")
can_findings = ui.can("finding.read")
can_family = ui.can("family_round.write")
st.title(ui.tr("page.learning_points"))
ui.show_flashes()

review = ui.review_picker(review_service.list_reviews(db, actor), "lp_review", empty="reviews.none")

lang = ui.lang()
codes = {c.id: c for c in codebook_service.list_codes(db, actor)}
code_books = {b.id for b in codebook_service.list_codebooks(db, actor) if b.kind == CodebookKind.CODES}
taggable = [c.id for c in codes.values() if not c.retired and c.codebook_id in code_books] if can_findings else []
code_names = {code_id: code.display(lang) for code_id, code in codes.items()}
labels = {value: ui.label(value) for value in (*LearningPointStatus, *FamilyStance, *Polarity, *Discipline)}


def code_name(code_id: int) -> str:
    return code_names.get(int(code_id), f"#{code_id}")


def finding_label(f) -> str:
    return f"{f.pseudonym} · {f.author_name} ({labels[f.discipline]}) · {labels[f.polarity]} · {f.text[:60]}"


def show_finding(f) -> None:
    with st.container(border=True):
        where = (f"{ui.fmt_date(f.event_date, 'short')} · {ui.label(f.event_type)}" if f.event_id
                 else ui.tr("annotate.whole_case"))
        st.markdown(f"**{ui.plain(f.pseudonym)}** · {ui.plain(where)} · {ui.plain(f.author_name)}"
                    f" ({ui.plain(ui.label(f.discipline))}) · {ui.plain(ui.label(f.polarity))}")
        st.caption(ui.plain(" · ".join(code_name(c) for c in f.code_ids)))
        st.markdown(ui.plain(f.text))


def finding_candidates(prefix: str) -> list:
    """Findings of the review to cite, narrowed by code and case (outside any form so the list follows).
    Nothing is searched until the user asks for it."""
    if not can_findings or not st.toggle(ui.tr("lp.pick_findings"), key=prefix + "_on"):
        return []
    try:
        choices = finding_service.case_choices(db, actor, review.id)
    except WorkbenchError as exc:
        ui.show_error(exc)
        return []
    c1, c2 = st.columns(2)
    all_codes, all_cases = ui.tr("common.all"), ui.tr("matrix.all_cases")
    code_id = c1.selectbox(ui.tr("lp.find_by_code"), [None, *taggable], key=prefix + "_code",
                           format_func=lambda c: all_codes if c is None else code_name(c))
    names = dict(choices)
    case_id = c2.selectbox(ui.tr("lp.find_by_case"), [None, *names], key=prefix + "_case",
                           format_func=lambda c: all_cases if c is None else names.get(c, ""))
    found = finding_service.search_findings(db, actor, review.id, code_id=code_id, case_id=case_id, page_size=100)
    if found.total > len(found.items):
        st.caption(ui.tr("matrix.behind_count", shown=len(found.items), total=found.total))
    return found.items


# --- the list -----------------------------------------------------------------------------------------

counts = lp_service.status_counts(db, actor, review.id)
metric_cols = st.columns(len(counts))
for col, (status, count) in zip(metric_cols, counts.items(), strict=True):
    col.metric(ui.label(status), count)

with st.container(border=True):
    c1, c2, c3 = st.columns([2, 3, 1])
    all_label = ui.tr("common.all")
    status_filter = c1.selectbox(ui.tr("field.status"), [None, *LearningPointStatus], key="lp_status_filter",
                                 format_func=lambda s: all_label if s is None else labels[s])
    text_filter = c2.text_input(ui.tr("lp.search"), key="lp_text_filter")
    page_size = c3.selectbox(ui.tr("common.page_size"), lp_service.PAGE_SIZES, key="lp_page_size")
criteria = (review.id, status_filter, text_filter, page_size)
if st.session_state.get("lp_criteria") != criteria:
    st.session_state["lp_criteria"] = criteria
    st.session_state["lp_page"] = 1
result = lp_service.list_learning_points(db, actor, review.id, status=status_filter, text=text_filter,
                                         page=st.session_state.get("lp_page", 1), page_size=page_size)
st.caption(ui.tr("lp.count", total=result.total, page=result.page, pages=result.page_count))
if result.items:
    table = pd.DataFrame([{
        ui.tr("lp.number"): lp.id,
        ui.tr("field.lp_title"): lp.title,
        ui.tr("field.status"): labels[lp.status],
        ui.tr("matrix.seen_in"): ui.tr("lp.seen_in", k=lp.seen_in, n=lp.case_total),
        ui.tr("lp.responses"): lp.responses,
        ui.tr("lp.actions"): lp.actions,
        ui.tr("lp.updated"): ui.fmt_date(lp.updated_at, "short"),
    } for lp in result.items])
    event = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                         key=f"lp_table_{review.id}_{result.page}")
    rows = event.selection.rows if event else []
    if rows:
        st.session_state["lp_id"] = result.items[rows[0]].id
    st.caption(ui.tr("lp.open_hint"))
    if result.page_count > 1:
        prev_col, info_col, next_col = st.columns([1, 2, 1])
        if prev_col.button(ui.tr("common.previous"), disabled=result.page <= 1, key="lp_prev"):
            st.session_state["lp_page"] = result.page - 1
            st.rerun()
        info_col.write(ui.tr("common.page_of", page=result.page, pages=result.page_count))
        if next_col.button(ui.tr("common.next"), disabled=result.page >= result.page_count, key="lp_next"):
            st.session_state["lp_page"] = result.page + 1
            st.rerun()
else:
    st.info(ui.tr("lp.none"))

if ui.can("review.export") and result.total:
    if st.button(ui.tr("lp.prepare_export"), icon=":material/table_view:", key="lp_export"):
        with ui.handled():
            st.session_state["lp_csv"] = (review.id, lp_service.export_learning_points_csv(
                db, actor, review.id, lang=ui.lang()))
    prepared = st.session_state.get("lp_csv")
    if prepared and prepared[0] == review.id:
        st.download_button(ui.tr("lp.download"), prepared[1], file_name="laeringspunkter.csv", mime="text/csv",
                           icon=":material/download:", key="lp_download")

if can_write:
    with st.expander(ui.tr("lp.new"), icon=":material/add:"):
        counter = st.session_state.setdefault("lp_new_n", 0)
        prefix = f"lp_new_{review.id}_{counter}"
        candidates = finding_candidates(prefix)
        by_id = {f.id: f for f in candidates}
        new_drafts = {name: f"new:{review.id}:{name}" for name in ("description", "recommendation")}
        # Plain widgets, not a form: a form sends its texts only with the submit, and they are kept as drafts.
        with st.container(border=True, key=prefix + "_box"):
            title = st.text_input(ui.tr("field.lp_title"), key=prefix + "_title")
            description = ui.draft_area(ui.tr("field.lp_description"), "learning_point", new_drafts["description"],
                                        widget_key=prefix + "_description")
            recommendation = ui.draft_area(ui.tr("field.lp_recommendation"), "learning_point",
                                           new_drafts["recommendation"], widget_key=prefix + "_recommendation")
            new_codes = ui.multiselect(ui.tr("field.codes"), taggable, format_func=code_name, key=prefix + "_codes",
                                       placeholder=ui.tr("annotate.codes_placeholder"))
            evidence = ui.multiselect(ui.tr("lp.evidence"), list(by_id), format_func=lambda i: finding_label(by_id[i]),
                                      key=prefix + "_evidence", placeholder=ui.tr("lp.evidence_placeholder"))
            create = st.button(ui.tr("common.create"), type="primary", key=prefix + "_create")
        if create:
            with ui.handled():
                saved = lp_service.create_learning_point(db, actor, review.id, lp_service.LearningPointForm(
                    title, description, recommendation, tuple(new_codes), tuple(evidence)))
                for draft_key in new_drafts.values():
                    ui.discard_draft("learning_point", draft_key)
                st.session_state["lp_new_n"] = counter + 1
                st.session_state["lp_id"] = saved.record.id
                ui.flash_saved(saved, "lp.created", title=ui.plain(saved.record.title))
                st.rerun()

# --- one learning point -------------------------------------------------------------------------------

lp_id = st.session_state.get("lp_id")
if lp_id is None:
    st.stop()
try:
    detail = lp_service.get_learning_point(db, actor, lp_id)
except NotFound:
    st.session_state.pop("lp_id", None)
    st.stop()
lp = detail.learning_point
if lp.review_id != review.id:
    st.stop()

st.header(ui.plain(lp.title), divider="gray")
st.markdown(" · ".join([
    f"**{ui.plain(ui.label(lp.status))}**",
    ui.tr("lp.seen_in", k=lp.seen_in, n=lp.case_total),
    ui.tr("lp.version_line", version=lp.version, when=ui.fmt_datetime(lp.updated_at),
          name=ui.plain(lp.updated_by_name)),
]))
locked = lp.status in lp_service.LOCKED


def keep_or_reload(conflict_key: str, version_key: str, field_keys: dict, drafts: tuple[str, ...] = ()) -> None:
    """After a refused stale save: show the newer version; keep one's own text or load the newest (which
    drops the drafts of one's own text too, else they would be offered back over the newest)."""
    def reload() -> None:
        for key in field_keys.values():
            st.session_state.pop(key, None)
        for draft_key in drafts:
            ui.discard_draft("learning_point", draft_key)

    ui.stale_panel(conflict_key, version_key, key=conflict_key, on_reload=reload, describe=lambda c: [
        f"**{ui.plain(c.title)}** · {ui.plain(ui.label(c.status))}",
        *(ui.plain(text) for text in (c.description, c.recommendation, c.agreed_wording))])


tabs = st.tabs([ui.tr("lp.tab.content"), ui.tr("lp.tab.status"), ui.tr("lp.tab.evidence"),
                ui.tr("lp.tab.family"), ui.tr("lp.tab.actions"), ui.tr("lp.tab.history")],
               key="lp_tabs", on_change="rerun")

with tabs[0]:
    st.markdown(f"**{ui.tr('field.lp_description')}**")
    st.markdown(ui.plain(lp.description) or "–")
    st.markdown(f"**{ui.tr('field.lp_recommendation')}**")
    st.markdown(ui.plain(lp.recommendation) or "–")
    if lp.agreed_wording:
        st.markdown(f"**{ui.tr('field.agreed_wording')}**")
        st.markdown(ui.plain(lp.agreed_wording))
    st.markdown(f"**{ui.tr('field.codes')}**")
    st.markdown(ui.plain(" · ".join(c.display(ui.lang()) for c in detail.codes)) or "–")

    if can_write and not locked:
        st.subheader(ui.tr("lp.edit"))
        version_key = f"lp_{lp.id}_editing_version"
        conflict_key = f"lp_{lp.id}_conflict"
        keys = {name: f"lp_{lp.id}_{name}" for name in ("title", "description", "recommendation", "codes", "evidence")}
        visible_evidence = {f.id: f for f in (detail.evidence or [])}
        hidden_evidence = [i for i in lp.evidence_ids if i not in visible_evidence]
        edit_drafts = {name: f"{lp.id}:{name}" for name in ("description", "recommendation")}
        if version_key not in st.session_state:
            st.session_state[version_key] = lp.version
            st.session_state[keys["title"]] = lp.title
            st.session_state[keys["codes"]] = list(lp.code_ids)
            st.session_state[keys["evidence"]] = list(visible_evidence)
        code_options = list(dict.fromkeys([*st.session_state[keys["codes"]], *lp.code_ids, *taggable]))
        evidence_options = list(dict.fromkeys([*st.session_state[keys["evidence"]], *visible_evidence]))
        # Plain widgets, not a form: a form sends its texts only with the submit, and they are kept as drafts
        # (draft_area starts them from the stored text when there is none).
        with st.container(border=True, key=f"lp_edit_{lp.id}_box"):
            st.text_input(ui.tr("field.lp_title"), key=keys["title"])
            ui.draft_area(ui.tr("field.lp_description"), "learning_point", edit_drafts["description"],
                          widget_key=keys["description"], value=lp.description, height=150,
                          base_version=st.session_state[version_key])
            ui.draft_area(ui.tr("field.lp_recommendation"), "learning_point", edit_drafts["recommendation"],
                          widget_key=keys["recommendation"], value=lp.recommendation, height=120,
                          base_version=st.session_state[version_key])
            ui.multiselect(ui.tr("field.codes"), code_options, format_func=code_name, key=keys["codes"])
            ui.multiselect(ui.tr("lp.evidence"), evidence_options, key=keys["evidence"],
                           format_func=lambda i: (finding_label(visible_evidence[i]) if i in visible_evidence
                                                  else f"#{i}"))
            submitted = st.button(ui.tr("common.save"), type="primary", key=f"lp_edit_{lp.id}_save")
        if submitted:
            form = lp_service.LearningPointForm(
                st.session_state[keys["title"]], st.session_state[keys["description"]],
                st.session_state[keys["recommendation"]], tuple(st.session_state[keys["codes"]]),
                tuple([*st.session_state[keys["evidence"]], *hidden_evidence]))
            with ui.stale_handled(keep_as=conflict_key):
                expected = ui.expected_version("learning_point", edit_drafts.values(), st.session_state[version_key])
                saved = lp_service.update_learning_point(db, actor, lp.id, expected, form)
                for key in (version_key, conflict_key, *keys.values()):
                    st.session_state.pop(key, None)
                for draft_key in edit_drafts.values():
                    ui.discard_draft("learning_point", draft_key)
                ui.flash_saved(saved)
                st.rerun()
        keep_or_reload(conflict_key, version_key, keys, tuple(edit_drafts.values()))
    elif locked:
        st.caption(ui.tr("lp.locked_help"))

with tabs[1]:
    st.markdown(" → ".join(f"**{ui.plain(ui.label(s))}**" if s == lp.status else ui.plain(ui.label(s))
                           for s in LearningPointStatus))
    st.caption(ui.tr("lp.workflow_help"))
    if can_write:
        if not detail.next_steps:
            st.info(ui.tr("lp.no_steps"))
        for step in detail.next_steps:
            forward = step == lp_service.FORWARD.get(lp.status)
            if st.button(ui.tr("lp.move_forward" if forward else "lp.move_back", status=ui.label(step)),
                         type="primary" if forward else "secondary", key=f"lp_move_{lp.id}_{step.value}"):
                with ui.stale_handled("lp.stale_move"):
                    lp_service.move_learning_point(db, actor, lp.id, lp.version, step)
                    ui.flash("lp.moved", status=ui.label(step))
                    for key in [k for k in st.session_state if str(k).startswith(f"lp_{lp.id}_")]:
                        del st.session_state[key]
                    st.rerun()

with tabs[2]:
    st.metric(ui.tr("matrix.seen_in"), ui.tr("lp.seen_in", k=lp.seen_in, n=lp.case_total))
    if detail.evidence is None:
        st.caption(ui.tr("lp.evidence_reader", count=len(lp.evidence_ids)))
    else:
        if not detail.evidence:
            st.info(ui.tr("lp.no_evidence"))
        for f in detail.evidence:
            show_finding(f)
        if detail.evidence_hidden:
            st.info(ui.tr("lp.evidence_hidden", count=detail.evidence_hidden))
        if can_write and not locked:
            st.subheader(ui.tr("lp.add_evidence"))
            prefix = f"lp_{lp.id}_addev"
            candidates = [f for f in finding_candidates(prefix) if f.id not in lp.evidence_ids]
            by_id = {f.id: f for f in candidates}
            chosen = ui.multiselect(ui.tr("lp.evidence"), list(by_id), format_func=lambda i: finding_label(by_id[i]),
                                    key=prefix + "_pick", placeholder=ui.tr("lp.evidence_placeholder"))
            if st.button(ui.tr("lp.add_evidence_button"), key=prefix + "_go", disabled=not chosen):
                with ui.stale_handled("lp.stale_move"):
                    lp_service.add_evidence(db, actor, lp.id, lp.version, chosen)
                    for key in (f"lp_{lp.id}_editing_version", f"lp_{lp.id}_evidence", prefix + "_pick"):
                        st.session_state.pop(key, None)
                    ui.flash("lp.evidence_added", count=len(chosen))
                    st.rerun()

        quotable = [f for f in detail.evidence if f.excerpt.strip()]
        if quotable and ui.can("learning_point.approve"):
            # The chair decides which excerpts the samlet referat quotes; the rest are cited by case and page.
            st.subheader(ui.tr("lp.quotes_heading"))
            st.caption(ui.tr("lp.quotes_help"))
            quote_key = f"lp_{lp.id}_v{lp.version}_quotes"
            by_quote = {f.id: f for f in quotable}
            chosen_quotes = ui.multiselect(
                ui.tr("lp.quotes"), list(by_quote), default=[i for i in lp.quoted_ids if i in by_quote],
                format_func=lambda i: ui.label_plain(f"{by_quote[i].pseudonym} · «{by_quote[i].excerpt[:80]}»"),
                key=quote_key, placeholder=ui.tr("lp.quotes_placeholder"))
            if st.button(ui.tr("lp.quotes_save"), key=quote_key + "_go", icon=":material/format_quote:"):
                with ui.stale_handled("lp.stale_move"):
                    lp_service.set_quotations(db, actor, lp.id, lp.version, chosen_quotes)
                    ui.flash("lp.quotes_saved", count=len(chosen_quotes))
                    st.rerun()

with tabs[3]:
    st.caption(ui.tr("lp.family_help"))
    if detail.responses:
        st.dataframe(pd.DataFrame([{
            ui.tr("field.representative"): r.representative,
            ui.tr("field.response_date"): ui.fmt_date(r.response_date, "short"),
            ui.tr("field.stance"): ui.label(r.stance),
            ui.tr("field.family_comment"): r.comment,
            ui.tr("lp.recorded_by"): r.created_by_name,
        } for r in detail.responses]), hide_index=True, width="stretch")
    else:
        st.info(ui.tr("lp.no_responses"))
    in_round = lp.status == LearningPointStatus.IN_DISCUSSION
    if can_family and in_round:
        counter = st.session_state.setdefault(f"lp_resp_n_{lp.id}", 0)
        prefix = f"lp_resp_{lp.id}_{counter}"
        with st.form(prefix, enter_to_submit=False):
            st.markdown(f"**{ui.tr('lp.add_response')}**")
            representative = st.text_input(ui.tr("field.representative"), key=prefix + "_rep",
                                           help=ui.tr("lp.representative_help"))
            response_date = st.date_input(ui.tr("field.response_date"), value=clock.today(), format="DD.MM.YYYY",
                                          max_value=clock.today(), min_value=dt.date(2000, 1, 1),
                                          key=prefix + "_date")
            stance = st.radio(ui.tr("field.stance"), list(FamilyStance), format_func=ui.label, index=None,
                              horizontal=True, key=prefix + "_stance")
            comment = st.text_area(ui.tr("field.family_comment"), key=prefix + "_comment")
            add = st.form_submit_button(ui.tr("lp.save_response"), type="primary")
        if add:
            with ui.handled():
                saved = family_round.add_response(db, actor, lp.id, representative=representative,
                                                  response_date=response_date, stance=stance, comment=comment)
                st.session_state[f"lp_resp_n_{lp.id}"] = counter + 1
                ui.flash_saved(saved, "lp.response_saved")
                st.rerun()
        if detail.responses:
            with st.expander(ui.tr("lp.remove_response")):
                gone = st.selectbox(ui.tr("field.representative"), detail.responses, key=f"lp_resp_del_{lp.id}",
                                    format_func=lambda r: f"{r.representative} · "
                                                          f"{ui.fmt_date(r.response_date, 'short')}")
                if st.button(ui.tr("common.delete"), key=f"lp_resp_del_go_{lp.id}"):
                    with ui.handled():
                        family_round.delete_response(db, actor, gone.id)
                        ui.flash("lp.response_removed")
                        st.rerun()
    elif can_family:
        st.caption(ui.tr("lp.family_round_closed"))

    st.subheader(ui.tr("field.agreed_wording"))
    if can_family and lp.status in lp_service.EDITABLE_BY_FAMILY_ROUND:
        version_key = f"lp_{lp.id}_wording_version"
        conflict_key = f"lp_{lp.id}_wording_conflict"
        wording_key = f"lp_{lp.id}_wording"
        if version_key not in st.session_state:
            st.session_state[version_key] = lp.version
            st.session_state[wording_key] = lp.agreed_wording
        with st.form(f"lp_wording_{lp.id}", enter_to_submit=False):
            st.text_area(ui.tr("field.agreed_wording"), key=wording_key, height=150,
                         help=ui.tr("lp.agreed_wording_help"))
            save_wording = st.form_submit_button(ui.tr("common.save"), type="primary")
        if save_wording:
            with ui.stale_handled(keep_as=conflict_key):
                family_round.set_agreed_wording(db, actor, lp.id, st.session_state[version_key],
                                                st.session_state[wording_key])
                for key in (version_key, conflict_key, wording_key, f"lp_{lp.id}_editing_version"):
                    st.session_state.pop(key, None)
                ui.flash("common.saved")
                st.rerun()
        keep_or_reload(conflict_key, version_key, {"wording": wording_key})
    else:
        st.markdown(ui.plain(lp.agreed_wording) or "–")

with tabs[4]:
    actions = action_service.plan(db, actor, review.id, learning_point_id=lp.id, page_size=100)
    if actions.page.items:
        st.dataframe(pd.DataFrame([{
            ui.tr("field.action_description"): a.description,
            ui.tr("field.action_owner"): a.owner,
            ui.tr("field.deadline"): ui.fmt_date(a.deadline, "short"),
            ui.tr("field.status"): ui.label(a.status),
            ui.tr("plan.overdue"): (ui.tr("plan.overdue_mark", days=a.days_overdue(actions.today))
                                    if a.overdue(actions.today) else ui.tr("plan.not_overdue")),
        } for a in actions.page.items]), hide_index=True, width="stretch")
    else:
        st.info(ui.tr("plan.none_for_lp"))
    st.page_link("pages/action_plan.py", label=ui.tr("page.action_plan"), icon=":material/checklist:")

with tabs[5]:
    st.caption(ui.tr("lp.history_help"))
    field_names = {"status": "field.status", "title": "field.lp_title", "description": "field.lp_description",
                   "recommendation": "field.lp_recommendation", "agreed_wording": "field.agreed_wording",
                   "codes_text": "field.codes", "evidence_text": "lp.evidence"}
    for index, diff in enumerate(lp_service.history(db, actor, lp.id)):
        version = diff.version
        title = ui.tr("lp.history_entry", version=version.version, when=ui.fmt_datetime(version.saved_at),
                      name=version.saved_by_name)
        with st.expander(title, expanded=index == 0):
            if diff.previous is None:
                st.caption(ui.tr("lp.history_first"))
            if not diff.changes:
                st.caption(ui.tr("lp.history_nochange"))
            for name, lines in diff.changes.items():
                st.markdown(f"**{ui.tr(field_names[name])}**")
                if name == "status":
                    old = ui.label(diff.previous.status) if diff.previous else "–"
                    st.markdown(f"{ui.plain(old)} → {ui.plain(ui.label(version.status))}")
                else:
                    st.code("\n".join(lines) or " ", language=None, wrap_lines=True)
