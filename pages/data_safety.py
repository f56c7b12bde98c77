"""Data safety (administrators): backups, retention periods and the deletion job, insight extracts."""

import pandas as pd
import streamlit as st

from reviews import ui
from reviews.models.data_safety import RETENTION_START, RecordKind, RetentionPolicy
from reviews.services import backups, insight, retention

PLAN_ROWS_SHOWN = 500  # rows of the deletion plan listed; the counts per kind cover all of it

actor = ui.require("backup.manage")
db = ui.db()
st.title(ui.tr("page.data_safety"))
st.caption(ui.tr("ds.intro"))
ui.show_flashes()


def _size(n: int) -> str:
    return f"{ui.fmt_number(n / 1_000_000, 1)} MB" if n >= 100_000 else f"{ui.fmt_number(n / 1000, 1)} kB"


# --- backups -------------------------------------------------------------------------------------------
st.header(ui.tr("ds.backups"), divider="gray")
# Kept by the services until something they read changes: a rerun through a widget does not recompute.
policy = retention.get_policy(db, actor, cached=True)
st.caption(ui.tr("ds.backups_help", keep=policy.backups_kept, folder=backups.backup_folder(db, actor)))
if st.button(ui.tr("ds.backup_now"), icon=":material/backup:", type="primary", key="backup_now"):
    with ui.handled():
        info = backups.create_backup(db, actor)
        ui.flash("ds.backup_done", name=info.name, size=_size(info.size_bytes))
        st.rerun()

existing = backups.list_backups(db, actor)
if existing:
    st.dataframe(pd.DataFrame([{
        ui.tr("ds.backup_name"): b.name, ui.tr("ds.backup_created"): ui.fmt_datetime(b.created_at),
        ui.tr("ds.backup_size"): _size(b.size_bytes),
        ui.tr("ds.backup_kind"): ui.tr("ds.backup_auto" if b.automatic else "ds.backup_manual"),
    } for b in existing]), hide_index=True, width="stretch")
    with st.form("backup_download_form", enter_to_submit=False):
        chosen = st.selectbox(ui.tr("ds.backup_choose"), [b.name for b in existing], key="backup_choice")
        prepare = st.form_submit_button(ui.tr("ds.backup_prepare"))
    if prepare:
        with ui.handled():
            st.session_state["backup_bytes"] = (chosen, backups.read_backup(db, actor, chosen, purpose="download"))
    prepared = st.session_state.get("backup_bytes")
    if prepared:
        st.warning(ui.tr("ds.backup_download_warning"))
        st.download_button(ui.tr("ds.backup_download", name=prepared[0]), prepared[1], file_name=prepared[0],
                           mime="application/octet-stream", icon=":material/download:", key="backup_download")
else:
    st.info(ui.tr("ds.backup_none"))
st.caption(ui.tr("ds.restore_help"))

# --- retention -----------------------------------------------------------------------------------------
st.header(ui.tr("ds.retention"), divider="gray")
st.caption(ui.tr("ds.retention_help"))
with st.form("retention_policy", enter_to_submit=False):
    fields = {"case_material_years": RecordKind.CASE_MATERIAL, "inquiry_years": RecordKind.INQUIRY,
              "mediation_years": RecordKind.MEDIATION, "audit_log_years": RecordKind.AUDIT_LOG}
    values = {}
    columns = st.columns(len(fields) + 1)
    for column, (name, kind) in zip(columns, fields.items(), strict=False):
        values[name] = column.number_input(
            ui.tr(f"field.{name}"), min_value=retention.MIN_YEARS, max_value=retention.MAX_YEARS,
            value=getattr(policy, name), step=1, key=f"policy_{name}",
            help=ui.tr("ds.years_after", years=getattr(policy, name), start=ui.tr(RETENTION_START[kind])))
    values["backups_kept"] = columns[-1].number_input(
        ui.tr("field.backups_kept"), min_value=retention.MIN_BACKUPS, max_value=retention.MAX_BACKUPS,
        value=policy.backups_kept, step=1, key="policy_backups_kept")
    if st.form_submit_button(ui.tr("ds.save_policy")):
        with ui.handled():
            retention.set_policy(db, actor, RetentionPolicy(**{k: int(v) for k, v in values.items()}))
            ui.flash("ds.policy_saved")
            st.rerun()

todo = retention.plan(db, actor, cached=True)
st.subheader(ui.tr("ds.plan"))
st.dataframe(pd.DataFrame([{
    ui.tr("ds.col_kind"): ui.label(kind), ui.tr("ds.col_count"): todo.count(kind),
    ui.tr("ds.col_cutoff"): ui.fmt_date(todo.cutoffs[kind]),
} for kind in RecordKind]), hide_index=True, width="stretch")
if todo.empty:
    st.info(ui.tr("ds.plan_empty"))
else:
    # Built once per plan and language: the plan is kept across reruns, and it may list a hundred thousand records.
    # The first PLAN_ROWS_SHOWN only: sending every row to the browser on every rerun cost more than the rest of the
    # page at large scale, and the counts per kind above give the whole.
    held = st.session_state.get("_retention_plan_table")
    if held is None or held[0] is not todo or held[1] != ui.lang():
        shown = todo.records[:PLAN_ROWS_SHOWN]
        kinds = {kind: ui.label(kind) for kind in RecordKind}
        dates = {d: ui.fmt_date(d, "short") for d in {r.reference_date for r in shown}}
        held = (todo, ui.lang(), pd.DataFrame({
            ui.tr("ds.col_kind"): [kinds[r.kind] for r in shown],
            ui.tr("field.pseudonym"): [r.label for r in shown],
            ui.tr("field.closed_on"): [dates[r.reference_date] for r in shown]}))
        st.session_state["_retention_plan_table"] = held
    st.dataframe(held[2], hide_index=True, width="stretch")
    if len(todo.records) > PLAN_ROWS_SHOWN:
        st.caption(ui.tr("ds.plan_shown", shown=PLAN_ROWS_SHOWN, total=len(todo.records)))
    with st.form("retention_run", enter_to_submit=False):
        confirmed = st.checkbox(ui.tr("ds.confirm_delete"), key="retention_confirm")
        run = st.form_submit_button(ui.tr("ds.run_delete"), type="primary")
    if run:
        if not confirmed:
            st.error(ui.tr("ds.confirm_delete"))
        else:
            with ui.handled():
                result = retention.run(db, actor)
                ui.flash("ds.deleted", rows=result.rows_deleted, before=_size(result.file_bytes_before),
                         after=_size(result.file_bytes_after))
                ui.flash("ds.backups_still_hold", keep=policy.backups_kept)
                st.rerun()

# --- insight requests ------------------------------------------------------------------------------------
st.header(ui.tr("ds.insight"), divider="gray")
st.caption(ui.tr("ds.insight_help"))
with st.form("insight_form", enter_to_submit=False):
    pseudonym = st.text_input(ui.tr("field.pseudonym"), key="insight_pseudonym")
    purpose = st.text_input(ui.tr("audit.export_purpose"), value=insight.INSIGHT_PURPOSE, key="insight_purpose")
    with_users = st.checkbox(ui.tr("ds.insight_users"), key="insight_users")
    make = st.form_submit_button(ui.tr("ds.insight_make"))
if make:
    with ui.handled():
        data, rows = insight.audit_extract(db, actor, pseudonym, purpose=purpose, include_users=with_users,
                                           lang=ui.lang())
        st.session_state["insight_csv"] = (pseudonym.strip(), rows, data)
extract = st.session_state.get("insight_csv")
if extract:
    st.success(ui.tr("ds.insight_done", rows=extract[1], name=ui.plain(extract[0])))
    st.download_button(ui.tr("ds.insight_download"), extract[2], file_name="indsigt.csv", mime="text/csv",
                       icon=":material/download:", key="insight_download")
