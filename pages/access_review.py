"""The access review: every user with role, reviews, last login and open sessions; record the review; close
unused accounts."""

import zlib

import pandas as pd
import streamlit as st

from reviews import ui
from reviews.services import access_review

actor = ui.require("access.review")
db = ui.db()
st.title(ui.tr("page.access_review"))
ui.show_flashes()
st.caption(ui.tr("access_review.intro"))

overview = access_review.access_overview(db, actor)
last = overview.last_review
if overview.reminder_due:
    key = "access_review.reminder_overdue" if last else "access_review.reminder_never"
    st.warning(ui.tr(key, months=overview.review_months), icon=":material/event_busy:")
if last:
    st.markdown(ui.tr("access_review.last", when=ui.fmt_date(last.reviewed_at),
                      name=ui.plain(f"{last.reviewer_name} ({last.reviewer_username})" if last.reviewer_username
                                    else str(last.reviewed_by))))
else:
    st.markdown(ui.tr("access_review.never"))


def flag_text(account) -> str:
    if not account.flagged:
        return ""
    if account.days_since_login is None:
        return ui.tr("access_review.flag_never", days=account.idle_days)
    return ui.tr("access_review.flag_unused", days=account.days_since_login)


flagged = [a for a in overview.accounts if a.flagged]
if flagged:
    st.markdown(ui.tr("access_review.flag_count", count=len(flagged), days=overview.unused_days))
st.dataframe(pd.DataFrame([{
    ui.tr("access_review.col.flag"): flag_text(a),
    ui.tr("access_review.col.username"): a.username,
    ui.tr("access_review.col.full_name"): a.full_name,
    ui.tr("access_review.col.role"): ui.label(a.role),
    ui.tr("access_review.col.active"): ui.tr("common.yes") if a.active else ui.tr("common.no"),
    ui.tr("access_review.col.reviews"): ", ".join(a.reviews),
    ui.tr("access_review.col.last_login"): ui.fmt_date(a.last_login) if a.last_login
    else ui.tr("access_review.never_logged_in"),
    ui.tr("access_review.col.days"): "" if a.days_since_login is None else ui.fmt_number(a.days_since_login),
    ui.tr("access_review.col.sessions"): ui.fmt_number(a.live_sessions),
    ui.tr("access_review.col.created"): ui.fmt_date(a.created_at),
} for a in overview.accounts]), hide_index=True, width="stretch")

left, right = st.columns(2)
with left, st.container(border=True):
    st.subheader(ui.tr("access_review.record_title"))
    with st.form("access_review_record", clear_on_submit=True, enter_to_submit=False):
        note = st.text_area(ui.tr("field.access_review_note"), help=ui.tr("access_review.note_help"),
                            max_chars=access_review.MAX_NOTE)
        if st.form_submit_button(ui.tr("access_review.record_submit"), type="primary",
                                 icon=":material/task_alt:"):
            with ui.handled():
                access_review.record_access_review(db, actor, note)
                ui.flash("access_review.recorded")
                st.rerun()

with right, st.container(border=True):
    st.subheader(ui.tr("access_review.deactivate_title"))
    ids = list(overview.deactivatable)
    if any(a.flagged and a.user_id == actor.id for a in overview.accounts):
        st.caption(ui.tr("access_review.deactivate_self"))
    if not ids:
        st.info(ui.tr("access_review.deactivate_none", days=overview.unused_days))
    else:
        closing = [a for a in overview.accounts if a.user_id in set(ids)]
        st.markdown(ui.tr("access_review.deactivate_list") + "\n\n"
                    + "\n".join(f"- {ui.plain(a.full_name)} ({ui.plain(a.username)})" for a in closing))
        # The key carries the ids: a changed list asks for a fresh confirmation.
        confirm_key = f"access_review_confirm_{zlib.crc32(repr(ids).encode()):08x}"
        confirmed = st.checkbox(ui.tr("access_review.deactivate_confirm", count=len(ids)), key=confirm_key)
        if st.button(ui.tr("access_review.deactivate_submit", count=len(ids)), disabled=not confirmed,
                     icon=":material/person_off:", key="access_review_deactivate"):
            with ui.handled():
                done = access_review.deactivate_unused(db, actor, ids)
                ui.flash("access_review.deactivated", count=len(done))
                st.rerun()

if overview.history:
    with st.expander(ui.tr("access_review.history")):
        st.dataframe(pd.DataFrame([{
            ui.tr("access_review.col.reviewed_at"): ui.fmt_datetime(r.reviewed_at),
            ui.tr("access_review.col.reviewed_by"): r.reviewer_name or str(r.reviewed_by),
            ui.tr("access_review.col.note"): r.note,
        } for r in overview.history]), hide_index=True, width="stretch")
