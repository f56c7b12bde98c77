"""Entry point: log in, then navigation with exactly the pages the user's role has."""

from __future__ import annotations

import streamlit as st

from reviews import i18n, ui
from reviews.errors import WorkbenchError
from reviews.navigation import PAGES, pages_for

REFUSED_KEY = "_page_refused"


def _refused_page() -> None:
    """Never shown: app.py sends the browser to the landing page first."""


# An emoji icon is served as a data: URL; a :material: icon would be fetched from Google's font servers
# by every browser (leaking its address, and refused by the proxy's Content Security Policy).
st.set_page_config(page_title="Gennemgang og mægling", page_icon="⚖️", layout="wide")

ui.begin_run()
database = ui.db_or_stop()
try:
    user = ui.current_user()
except WorkbenchError as exc:  # the session check met a lost connection: a message, and the next run works
    ui.show_error(exc)
    st.stop()

# The picker follows the session's language (the user's saved choice after login); only a pick by the
# user changes it. Comparing the picker's value on every run let the login page's Danish overwrite a
# saved English at the next login.
st.session_state["language_select"] = ui.lang()
with st.sidebar:
    st.selectbox(i18n.t("nav.language", ui.lang()), list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.get,
                 key="language_select", on_change=lambda: ui.set_language(st.session_state["language_select"]))

if user is None:
    # Every page's address shows the login while logged out, so a bookmark or a reload after the session
    # ended comes back to the page it asked for once the login is done.
    login_title = ui.tr("login.title")
    navigation = st.navigation(
        [st.Page("pages/login.py", title=login_title, icon=":material/login:", default=True)]
        + [st.Page("pages/login.py", title=login_title, url_path=p.url_path) for p in PAGES],
        position="hidden")
    ui.remember_requested_page(navigation.url_path)
else:
    # A flat list: Streamlit 1.67 renders sectioned navigation as invalid list markup (axe: list,
    # listitem), which screen readers announce wrongly. Pages stay ordered by section.
    specs = [p for entries in pages_for(user).values() for p in entries]
    own = [st.Page(p.path, title=ui.tr(p.title), icon=p.icon, url_path=p.url_path, default=p.default)
           for p in specs]
    # The addresses of the pages the role lacks (a shared link, a bookmark from another role) are known but
    # hidden: they lead to the landing page with a Danish word of why, not Streamlit's English «Page not found».
    lacking = {p.url_path for p in PAGES} - {p.url_path for p in specs}
    navigation = st.navigation(own + [st.Page(_refused_page, title=ui.tr("nav.page_refused_title"), url_path=path,
                                              visibility="hidden") for path in sorted(lacking)], expanded=True)
    if navigation.url_path in lacking:
        st.session_state[REFUSED_KEY] = True
        st.switch_page(own[0])
    if st.session_state.pop(REFUSED_KEY, False):
        st.warning(ui.tr("nav.page_refused"))
    with st.sidebar:
        st.caption(ui.tr("nav.signed_in_as", name=user.full_name, role=ui.label(user.role)))
        if st.button(ui.tr("nav.logout"), icon=":material/logout:", key="logout_button"):
            ui.logout()  # ends this run; the browser goes by /workbench/logout to the login page

with st.sidebar:
    # After the navigation has settled: sent before st.switch_page, it left the refused page in the address bar.
    ui.declare_page_language()

try:
    # Reruns of the same page view log each read once (reviews.ui.page_view).
    with ui.page_view(navigation.url_path):
        navigation.run()
except WorkbenchError as exc:
    # A page that did not handle a domain error (a lost connection, a full disk) still shows a
    # message in the user's language, never a traceback.
    ui.show_error(exc)
