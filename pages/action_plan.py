"""Handleplan: the actions across a review's learning points, with owner, deadline and status; overdue
actions stand out."""

import datetime as dt

import pandas as pd
import streamlit as st

from reviews import ui
from reviews.models.case_review import ActionStatus
from reviews.services import action_plan as action_service
from reviews.services import learning_points as lp_service
from reviews.services import reviews as review_service

actor = ui.require("learning_point.read")
db = ui.db()
can_write = ui.can("action_plan.write")
st.title(ui.tr("page.action_plan"))
ui.show_flashes()

review = ui.review_picker(review_service.list_reviews(db, actor), "plan_review", empty="reviews.none")

with st.container(border=True):
    c1, c2, c3 = st.columns([2, 2, 1])
    status = c1.selectbox(ui.tr("field.status"), [None, *ActionStatus], key="plan_status",
                          format_func=lambda s: ui.tr("common.all") if s is None else ui.label(s))
    overdue_only = c2.checkbox(ui.tr("plan.only_overdue"), key="plan_overdue")
    page_size = c3.selectbox(ui.tr("common.page_size"), action_service.PAGE_SIZES, key="plan_page_size")
criteria = (review.id, status, overdue_only, page_size)
if st.session_state.get("plan_criteria") != criteria:
    st.session_state["plan_criteria"] = criteria
    st.session_state["plan_page"] = 1
plan = action_service.plan(db, actor, review.id, status=status, overdue_only=overdue_only,
                           page=st.session_state.get("plan_page", 1), page_size=page_size)
if plan.overdue:
    st.error(ui.tr("plan.overdue_banner", count=plan.overdue), icon=":material/schedule:")

page = plan.page
st.caption(ui.tr("plan.count", total=page.total, page=page.page, pages=page.page_count))
if page.items:
    # Sorted by deadline: the short columns first, so deadline, overdue and status always show in full; the
    # overdue column has its own header and a text value (with the days), the row colour only supplements it.
    headers = {name: ui.tr(key) for name, key in (
        ("deadline", "field.deadline"), ("overdue", "plan.overdue"), ("status", "field.status"),
        ("description", "field.action_description"), ("owner", "field.action_owner"), ("lp", "plan.learning_point"))}
    table = pd.DataFrame([{
        headers["deadline"]: ui.fmt_date(a.deadline, "short"),
        headers["overdue"]: (ui.tr("plan.overdue_mark", days=a.days_overdue(plan.today)) if a.overdue(plan.today)
                             else ui.tr("plan.not_overdue")),
        headers["status"]: ui.label(a.status),
        headers["description"]: a.description,
        headers["owner"]: a.owner,
        headers["lp"]: a.learning_point_title,
    } for a in page.items], columns=list(headers.values()))
    overdue_rows = [a.overdue(plan.today) for a in page.items]
    styled = table.style.apply(
        lambda row: ["background-color: #fde2e1; color: #5c0b07" if overdue_rows[row.name] else "" for _ in row],
        axis=1)
    st.dataframe(styled, hide_index=True, width="stretch", column_config={
        headers["deadline"]: st.column_config.TextColumn(width=95),
        headers["overdue"]: st.column_config.TextColumn(width=140, help=ui.tr("plan.overdue_help")),
        headers["status"]: st.column_config.TextColumn(width=125),
        headers["description"]: st.column_config.TextColumn(width=300),
        headers["owner"]: st.column_config.TextColumn(width=160),
        headers["lp"]: st.column_config.TextColumn(width="medium"),
    })
    if page.page_count > 1:
        prev_col, info_col, next_col = st.columns([1, 2, 1])
        if prev_col.button(ui.tr("common.previous"), disabled=page.page <= 1, key="plan_prev"):
            st.session_state["plan_page"] = page.page - 1
            st.rerun()
        info_col.write(ui.tr("common.page_of", page=page.page, pages=page.page_count))
        if next_col.button(ui.tr("common.next"), disabled=page.page >= page.page_count, key="plan_next"):
            st.session_state["plan_page"] = page.page + 1
            st.rerun()
else:
    st.info(ui.tr("plan.none"))

if not can_write:
    st.stop()

st.header(ui.tr("plan.manage"), divider="gray")
tab_add, tab_edit = st.tabs([ui.tr("plan.add"), ui.tr("plan.edit")])

with tab_add:
    plannable = lp_service.choices(db, actor, review.id, action_service.PLANNABLE)
    if not plannable:
        st.info(ui.tr("plan.no_plannable"))
    else:
        counter = st.session_state.setdefault("plan_add_n", 0)
        prefix = f"plan_add_{review.id}_{counter}"
        with st.form(prefix, enter_to_submit=False):
            target = st.selectbox(ui.tr("plan.learning_point"), plannable, key=prefix + "_lp",
                                  format_func=lambda c: f"{c[1]} ({ui.label(c[2])})")
            description = st.text_area(ui.tr("field.action_description"), key=prefix + "_description")
            owner = st.text_input(ui.tr("field.action_owner"), key=prefix + "_owner", help=ui.tr("plan.owner_help"))
            deadline = st.date_input(ui.tr("field.deadline"), value=None, format="DD.MM.YYYY",
                                     min_value=dt.date(2000, 1, 1), key=prefix + "_deadline")
            new_status = st.selectbox(ui.tr("field.status"), list(ActionStatus), format_func=ui.label,
                                      key=prefix + "_status")
            add = st.form_submit_button(ui.tr("common.create"), type="primary")
        if add:
            with ui.handled():
                saved = action_service.add_action(db, actor, target[0], action_service.ActionForm(
                    description, owner, deadline, new_status))
                st.session_state["plan_add_n"] = counter + 1
                ui.flash_saved(saved, "plan.added")
                st.rerun()

with tab_edit:
    if not page.items:
        st.info(ui.tr("plan.none"))
    else:
        chosen = st.selectbox(ui.tr("plan.choose_action"), page.items, key=f"plan_pick_{review.id}",
                              format_func=lambda a: f"{a.learning_point_title[:40]} · {a.description[:60]}")
        prefix = f"plan_edit_{chosen.id}_v{chosen.version}"
        with st.form(prefix, enter_to_submit=False):
            description = st.text_area(ui.tr("field.action_description"), value=chosen.description,
                                       key=prefix + "_description")
            owner = st.text_input(ui.tr("field.action_owner"), value=chosen.owner, key=prefix + "_owner")
            deadline = st.date_input(ui.tr("field.deadline"), value=chosen.deadline, format="DD.MM.YYYY",
                                     min_value=dt.date(2000, 1, 1), key=prefix + "_deadline")
            new_status = st.selectbox(ui.tr("field.status"), list(ActionStatus), format_func=ui.label,
                                      index=list(ActionStatus).index(chosen.status), key=prefix + "_status")
            save_col, delete_col = st.columns(2)
            save = save_col.form_submit_button(ui.tr("common.save"), type="primary")
            delete = delete_col.form_submit_button(ui.tr("common.delete"))
        if save or delete:
            newer = (lambda a: f"{ui.plain(a.description)} · {ui.plain(a.owner)} · "
                     f"{ui.fmt_date(a.deadline, 'short')} · {ui.label(a.status)}")
            with ui.stale_handled(show_newer=newer):
                if save:
                    action_service.update_action(db, actor, chosen.id, chosen.version, action_service.ActionForm(
                        description, owner, deadline, new_status))
                    ui.flash("common.saved")
                else:
                    action_service.delete_action(db, actor, chosen.id, chosen.version)
                    ui.flash("plan.deleted")
                st.rerun()
