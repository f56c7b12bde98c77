"""The municipality's Word template (administrators): upload, see, try out and remove it."""

import streamlit as st

from reviews import ui
from reviews.services import word_template

actor = ui.require("template.manage")
db = ui.db()
st.title(ui.tr("page.word_template"))
st.caption(ui.tr("wt.intro"))
ui.show_flashes()

# --- the current template --------------------------------------------------------------------------------
st.header(ui.tr("wt.current"), divider="gray")
current = word_template.current_template(db, actor)
if current is None:
    st.info(ui.tr("wt.none"))
else:
    st.markdown("\n".join([
        f"- **{ui.tr('wt.file')}:** {ui.plain(current.file_name)}",
        f"- **{ui.tr('wt.kind')}:** {ui.tr(f'wt.kind.{current.kind}')}",
        f"- **{ui.tr('wt.version')}:** {current.version}",
        f"- **{ui.tr('wt.uploaded')}:** {ui.fmt_datetime(current.uploaded_at)}",
        f"- **{ui.tr('wt.uploaded_by')}:** {ui.plain(current.uploaded_by_name)}",
        f"- **{ui.tr('wt.font')}:** {ui.plain(current.body_font) if current.body_font else ui.tr('wt.font_theme')}",
        *([f"- **{ui.tr('wt.header')}:** {ui.plain(current.header_text)}"] if current.header_text else []),
    ]))

# --- a sample export (with the template, or without one) -------------------------------------------------
st.caption(ui.tr("wt.sample_help"))
if st.button(ui.tr("wt.sample"), icon=":material/description:", key="wt_sample"):
    with ui.handled():
        st.session_state["wt_sample_bytes"] = word_template.sample_document(db, actor, lang=ui.lang())
sample = st.session_state.get("wt_sample_bytes")
if sample:
    st.download_button(ui.tr("wt.sample_download"), sample, file_name=word_template.SAMPLE_FILE,
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       icon=":material/download:", key="wt_sample_download")

# --- upload --------------------------------------------------------------------------------------------
st.header(ui.tr("wt.upload"), divider="gray")
with st.form(ui.form_key("wt_upload"), enter_to_submit=False):
    upload = st.file_uploader(ui.tr("wt.upload"), type=["dotx", "docx"], help=ui.tr("wt.upload_help"),
                              key=f"{ui.form_key('wt_upload')}_file")
    save = st.form_submit_button(ui.tr("wt.save"), type="primary")
if save and upload is not None:
    with ui.handled():
        stored = word_template.upload_template(db, actor, upload.getvalue(), upload.name)
        st.session_state.pop("wt_sample_bytes", None)
        ui.clear_form("wt_upload")
        ui.flash("wt.saved", name=stored.file_name, version=stored.version)
        st.rerun()

# --- remove --------------------------------------------------------------------------------------------
if current is not None:
    st.header(ui.tr("wt.remove"), divider="gray")
    with st.form("wt_remove", enter_to_submit=False):
        confirmed = st.checkbox(ui.tr("wt.remove_confirm"), key="wt_remove_confirm")
        remove = st.form_submit_button(ui.tr("wt.remove"))
    if remove:
        if not confirmed:
            st.error(ui.tr("wt.remove_confirm"))
        else:
            with ui.handled():
                removed = word_template.remove_template(db, actor)
                st.session_state.pop("wt_sample_bytes", None)
                ui.flash("wt.removed", name=removed.file_name)
                st.rerun()
