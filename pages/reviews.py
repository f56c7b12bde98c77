"""Reviews (gennemgange): mandate, members and disciplines, selected cases with provenance and consent."""

import pandas as pd
import streamlit as st

from reviews import ui
from reviews.models import Consent, Discipline, Nomination
from reviews.services import reviews as review_service

actor = ui.require("review.read")
db = ui.db()
manage = ui.can("review.manage")
st.title(ui.tr("page.reviews"))
ui.show_flashes()

all_reviews = review_service.list_reviews(db, actor)
if all_reviews:
    st.dataframe(pd.DataFrame([{
        ui.tr("field.name"): r.name,
        ui.tr("field.deadline"): ui.fmt_date(r.deadline, "short"),
        ui.tr("reviews.blind"): ui.tr("common.yes") if r.blind else ui.tr("common.no"),
        ui.tr("reviews.cases"): r.case_count,
        ui.tr("reviews.members"): r.member_count,
    } for r in all_reviews]), hide_index=True, width="stretch")
else:
    st.info(ui.tr("reviews.none"))

if manage:
    with st.expander(ui.tr("reviews.new"), icon=":material/add:"):
        with st.form("new_review", enter_to_submit=False):
            name = st.text_input(ui.tr("field.name"))
            mandate = st.text_area(ui.tr("field.mandate"))
            deadline = st.date_input(ui.tr("field.deadline"), value=None, format="DD.MM.YYYY")
            blind = st.checkbox(ui.tr("reviews.blind"), help=ui.tr("reviews.blind_help"))
            if st.form_submit_button(ui.tr("common.create"), type="primary"):
                with ui.handled():
                    review = review_service.create_review(db, actor, review_service.ReviewForm(
                        name, mandate, deadline, blind))
                    # Show the new review below (the picker's own state would keep the previous one).
                    st.session_state["review_id"] = st.session_state["review_pick"] = review.id
                    ui.flash("reviews.created", name=ui.plain(review.name))
                    st.rerun()

if not all_reviews:
    st.stop()

by_id = {r.id: r for r in all_reviews}
if st.session_state.get("review_pick") not in by_id:
    st.session_state["review_pick"] = (st.session_state["review_id"] if st.session_state.get("review_id") in by_id
                                       else all_reviews[0].id)
chosen_id = st.selectbox(ui.tr("reviews.choose"), list(by_id), format_func=lambda i: by_id[i].name, key="review_pick")
st.session_state["review_id"] = chosen_id
detail = review_service.get_review(db, actor, chosen_id)
review = detail.review

st.header(ui.plain(review.name), divider="gray")
cols = st.columns(4)
cols[0].metric(ui.tr("field.deadline"), ui.fmt_date(review.deadline, "short") or "–")
cols[3].metric(ui.tr("reviews.chair"), detail.chair_name or ui.tr("reviews.no_chair"))
if review.closed_on:
    st.caption(ui.tr("reviews.closed_caption", date=ui.fmt_date(review.closed_on)))
cols[1].metric(ui.tr("reviews.cases"), review.case_count)
cols[2].metric(ui.tr("reviews.members"), len(detail.members))
if review.mandate:
    st.markdown(ui.plain(review.mandate))
if review.blind:
    st.caption(ui.tr("reviews.blind_help"))

st.subheader(ui.tr("reviews.members"))
if detail.members:
    st.dataframe(pd.DataFrame([{ui.tr("field.full_name"): m.full_name, ui.tr("field.discipline"): ui.label(m.discipline)}
                               for m in detail.members]), hide_index=True, width="stretch")
else:
    st.info(ui.tr("reviews.no_members"))

st.subheader(ui.tr("reviews.cases"))
if not ui.can("case.read"):
    st.info(ui.tr("reviews.cases_hidden", count=review.case_count))
elif detail.cases:
    table = pd.DataFrame({
        "field.pseudonym": [c.pseudonym for c in detail.cases],
        "field.nominated_by": [ui.label(c.nominated_by) for c in detail.cases],
        "field.rationale": [c.rationale for c in detail.cases],
        "field.consent": [ui.label(c.consent) for c in detail.cases],
        "field.consent_date": [ui.fmt_date(c.consent_date, "short") for c in detail.cases],
        "field.consent_scope": [c.consent_scope for c in detail.cases],
    })
    # A static table wraps its text: rationale, consent and its scope are read in full, not cut off.
    st.table(table.rename(columns=ui.tr), hide_index=True, border="horizontal")
    if ui.can("case.read"):
        open_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
        to_open = open_col.selectbox(ui.tr("reviews.open_case"), detail.cases, format_func=lambda c: c.pseudonym,
                                     key="review_open_case")
        if button_col.button(ui.tr("common.open"), key="review_open_button"):
            st.session_state["case_id"] = to_open.case_id
            st.session_state["case_purpose"] = ui.tr("case.purpose.review", name=review.name)
            st.session_state["case_review"] = (to_open.case_id, review.id)  # consent checked for this review
            st.switch_page("pages/case.py")
else:
    st.info(ui.tr("reviews.no_cases"))

if not manage:
    st.stop()
if review.chair_id != actor.id:
    st.info(ui.tr("reviews.not_your_review"))
    st.stop()

st.header(ui.tr("reviews.manage"), divider="gray")
# Keyed, so the chosen tab stays open after a save (selecting ten cases is ten saves in a row).
tab_review, tab_members, tab_select, tab_consent = st.tabs([
    ui.tr("reviews.edit"), ui.tr("reviews.members"), ui.tr("reviews.select_case"), ui.tr("reviews.edit_selection")],
    key="review_manage_tabs", on_change="rerun")

with tab_review:
    prefix = f"review_{review.id}_v{review.version}"
    with st.form(prefix, enter_to_submit=False):
        name = st.text_input(ui.tr("field.name"), value=review.name, key=prefix + "_name")
        mandate = st.text_area(ui.tr("field.mandate"), value=review.mandate, key=prefix + "_mandate")
        deadline = st.date_input(ui.tr("field.deadline"), value=review.deadline, format="DD.MM.YYYY",
                                 key=prefix + "_deadline")
        blind = st.checkbox(ui.tr("reviews.blind"), value=review.blind, key=prefix + "_blind")
        closed_on = st.date_input(ui.tr("field.closed_on"), value=review.closed_on, format="DD.MM.YYYY",
                                  key=prefix + "_closed_on", help=ui.tr("reviews.closed_on_help"))
        if st.form_submit_button(ui.tr("common.save"), type="primary"):
            with ui.stale_handled(show_newer=lambda r: f"**{ui.plain(r.name)}**  \n{ui.plain(r.mandate)}"):
                review_service.update_review(db, actor, review.id, review.version,
                                             review_service.ReviewForm(name, mandate, deadline, blind, closed_on))
                ui.flash("common.saved")
                st.rerun()

    chairs = review_service.chair_candidates(db, actor)
    with st.form(f"chair_{review.id}", enter_to_submit=False):
        ids = [u.id for u in chairs]
        new_chair = st.selectbox(ui.tr("reviews.chair"), ids, index=ids.index(actor.id) if actor.id in ids else 0,
                                 format_func=lambda i: next(f"{u.full_name} ({u.username})" for u in chairs
                                                            if u.id == i))
        if st.form_submit_button(ui.tr("reviews.hand_over")) and new_chair != actor.id:
            with ui.handled():
                review_service.set_chair(db, actor, review.id, new_chair)
                ui.flash("common.saved")
                st.rerun()

with tab_members:
    candidates = review_service.member_users(db, actor)
    with st.form(f"member_{review.id}", enter_to_submit=False):
        who = st.selectbox(ui.tr("reviews.member"), candidates, format_func=lambda u: f"{u.full_name} ({u.username})")
        discipline = st.selectbox(ui.tr("field.discipline"), list(Discipline), format_func=ui.label)
        add_col, remove_col = st.columns(2)
        add = add_col.form_submit_button(ui.tr("reviews.add_member"), type="primary")
        remove = remove_col.form_submit_button(ui.tr("reviews.remove_member"))
    if (add or remove) and who is not None:
        with ui.handled():
            if add:
                review_service.set_member(db, actor, review.id, who.id, discipline)
            else:
                review_service.remove_member(db, actor, review.id, who.id)
            ui.flash("common.saved")
            st.rerun()

with tab_select:
    # By pseudonym: the chair sees no case content before the case is selected and has a basis.
    form = ui.form_key(f"select_{review.id}")
    with st.form(form, enter_to_submit=False):
        pseudonym = st.text_input(ui.tr("reviews.find_pseudonym"), help=ui.tr("reviews.find_pseudonym_help"),
                                  key=form + "_pseudonym")
        nominated_by = st.selectbox(ui.tr("field.nominated_by"), list(Nomination), format_func=ui.label,
                                    key=form + "_nom")
        rationale = st.text_area(ui.tr("field.rationale"), key=form + "_rat")
        consent = st.selectbox(ui.tr("field.consent"), list(Consent), format_func=ui.label,
                               index=list(Consent).index(Consent.PENDING), key=form + "_con")
        consent_date = st.date_input(ui.tr("field.consent_date"), value=None, format="DD.MM.YYYY",
                                     key=form + "_date")
        scope = st.text_input(ui.tr("field.consent_scope"), key=form + "_scope")
        if st.form_submit_button(ui.tr("reviews.select_case"), type="primary"):
            with ui.handled():
                case = review_service.find_case_to_select(db, actor, review.id, pseudonym)
                review_service.select_case(db, actor, review.id, case.id, review_service.SelectionForm(
                    nominated_by, rationale, consent, consent_date, scope))
                ui.flash("reviews.case_selected", pseudonym=ui.plain(case.pseudonym))
                ui.clear_form(f"select_{review.id}")
                st.rerun()

with tab_consent:
    if not detail.cases:
        st.info(ui.tr("reviews.no_cases"))
    else:
        sel = st.selectbox(ui.tr("field.pseudonym"), detail.cases, format_func=lambda c: c.pseudonym,
                           key=f"consent_pick_{review.id}")
        prefix = f"sel_{review.id}_{sel.case_id}_v{sel.version}"
        with st.form(prefix, enter_to_submit=False):
            nominated_by = st.selectbox(ui.tr("field.nominated_by"), list(Nomination), format_func=ui.label,
                                        index=list(Nomination).index(sel.nominated_by), key=prefix + "_nom")
            rationale = st.text_area(ui.tr("field.rationale"), value=sel.rationale, key=prefix + "_rat")
            consent = st.selectbox(ui.tr("field.consent"), list(Consent), format_func=ui.label,
                                   index=list(Consent).index(sel.consent), key=prefix + "_con")
            consent_date = st.date_input(ui.tr("field.consent_date"), value=sel.consent_date, format="DD.MM.YYYY",
                                         key=prefix + "_date")
            scope = st.text_input(ui.tr("field.consent_scope"), value=sel.consent_scope, key=prefix + "_scope")
            save_col, remove_col = st.columns(2)
            save = save_col.form_submit_button(ui.tr("common.save"), type="primary")
            remove = remove_col.form_submit_button(ui.tr("reviews.remove_case"))
        if save or remove:
            with ui.stale_handled(show_newer=lambda s: f"{ui.label(s.consent)} · {ui.plain(s.rationale)}"):
                if save:
                    review_service.update_selection(db, actor, review.id, sel.case_id, sel.version,
                                                    review_service.SelectionForm(nominated_by, rationale, consent,
                                                                                 consent_date, scope))
                else:
                    review_service.remove_case(db, actor, review.id, sel.case_id)
                ui.flash("common.saved")
                st.rerun()
