"""The one glue module between Streamlit and the domain: database handle, session user, language.

Everything else in `reviews` stays free of Streamlit so it can be tested and used from the command line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterator

import streamlit as st

from reviews import i18n
from reviews.config import load_settings
from reviews.jobs import start_daily_backups
from reviews.errors import DatabaseUnavailable, WorkbenchError
from reviews.models import User
from reviews.services import auth
from reviews.services.permissions import allowed
from reviews.storage.database import Database

USER_KEY = "user"
LANG_KEY = "lang"
ACTIVITY_KEY = "last_activity"
# A correct password waiting for its second step (reviews.models.auth.PendingLogin). It opens nothing:
# current_user() stays None, so the navigation holds only the login page until the step is done.
PENDING_KEY = "pending_login"


@st.cache_resource(show_spinner=False)
def _database(path: str) -> Database:
    # One connection per process, shared by all sessions; each thread gets its own cursor.
    database = Database(path)
    if load_settings().auto_backup and database.is_file:
        start_daily_backups(database)
    return database


def db() -> Database:
    return _database(load_settings().db_path)


def db_or_stop() -> Database:
    """The database, or a clear message (not a traceback) when it cannot be opened."""
    try:
        return db()
    except DatabaseUnavailable as exc:
        st.error(tr(exc.key, **exc.params))
        st.stop()
        raise  # unreachable; st.stop raises


# The language of the script run in this thread. Reading st.session_state costs tens of
# microseconds, and a page with a table calls tr() thousands of times per rerun.
_run = threading.local()


def begin_run() -> None:
    """Called once at the top of every script run (app.py)."""
    _run.lang = st.session_state.get(LANG_KEY, i18n.DEFAULT_LANGUAGE)


def lang() -> str:
    cached = getattr(_run, "lang", None)
    return cached if cached is not None else st.session_state.get(LANG_KEY, i18n.DEFAULT_LANGUAGE)


def tr(key: str, /, **params: object) -> str:
    return i18n.t(key, lang(), **params)


def label(value: object) -> str:
    return i18n.label(value, lang())


def fmt_date(value: dt.date | None, style: str = "long") -> str:
    return i18n.format_date(value, lang(), style=style)


def fmt_datetime(value: dt.datetime | None) -> str:
    return i18n.format_datetime(value, lang())


def fmt_number(value: float | int, decimals: int = 0) -> str:
    return i18n.format_number(value, lang(), decimals=decimals)


def current_user() -> User | None:
    """The logged-in user, after logging out a session idle longer than the configured limit."""
    user = st.session_state.get(USER_KEY)
    if user is None:
        return None
    limit = load_settings().idle_timeout_minutes * 60
    last = st.session_state.get(ACTIVITY_KEY, time.time())
    if time.time() - last > limit:
        logout(reason="idle")
        st.session_state["logout_notice"] = "login.idle_logged_out"
        return None
    st.session_state[ACTIVITY_KEY] = time.time()
    return user


def login(user: User) -> None:
    st.session_state[USER_KEY] = user
    st.session_state[LANG_KEY] = _run.lang = user.language
    st.session_state[ACTIVITY_KEY] = time.time()


def pending_login():
    """The PendingLogin of this session, if a password was accepted and its second step is due."""
    return st.session_state.get(PENDING_KEY)


def set_pending_login(pending) -> None:
    st.session_state[PENDING_KEY] = pending


def clear_pending_login() -> None:
    for key in [k for k in st.session_state if k == PENDING_KEY or str(k).startswith("_second_factor_")]:
        del st.session_state[key]


def client_address() -> str:
    """The browser's address, for slowing down repeated failed logins from it ("local" on localhost).

    Behind the reverse proxy every connection comes from the proxy; with REVIEWS_TRUST_PROXY=1 the
    proxy's X-Real-IP header names the browser instead (deploy/nginx.conf sets it)."""
    try:
        if load_settings().trust_proxy_headers:
            forwarded = (st.context.headers.get("X-Real-Ip") or "").strip()
            if forwarded:
                return forwarded[:64]
        return (st.context.ip_address or "local")[:64]
    except Exception:  # noqa: BLE001 - outside a browser session (AppTest): one shared key
        return "local"


def logout(reason: str = "") -> None:
    user = st.session_state.get(USER_KEY)
    if user is not None:
        with contextlib.suppress(WorkbenchError):
            auth.logout(db(), user, reason=reason)
    keep = {LANG_KEY: lang()}
    st.session_state.clear()
    st.session_state.update(keep)


def require(action: str) -> User:
    """The current user when allowed to do `action`; otherwise a refusal and the page stops."""
    user = current_user()
    if not allowed(user, action):
        st.error(tr("error.permission_denied"))
        st.stop()
    return user


def can(action: str) -> bool:
    return allowed(st.session_state.get(USER_KEY), action)


def show_error(exc: WorkbenchError) -> None:
    params = dict(exc.params)
    if "field" in params:
        params["field"] = tr(f"field.{params['field']}")
    st.error(tr(exc.key, **params))


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """Show a domain error as a message in the user's language instead of a traceback."""
    try:
        yield
    except WorkbenchError as exc:
        show_error(exc)


def flash(key: str, **params: object) -> None:
    """A success message that survives the rerun that follows a save."""
    st.session_state.setdefault("_flash", []).append(tr(key, **params))


def show_flashes() -> None:
    for message in st.session_state.pop("_flash", []):
        st.success(message)


def set_language(language: str) -> None:
    st.session_state[LANG_KEY] = _run.lang = language
    user = st.session_state.get(USER_KEY)
    if user is not None:
        with contextlib.suppress(WorkbenchError):
            auth.set_language(db(), user, language)
        st.session_state[USER_KEY] = User(**{**user.__dict__, "language": language})


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$:"})


def plain(text: str) -> str:
    """User text escaped for st.markdown, so it is shown as typed and never as markup or links."""
    return (text or "").translate(_MARKDOWN_SPECIALS).replace("\n", "  \n")


def pick_table(frame, ids: list, key: str, on_pick: Callable[[object], None], **kwargs) -> None:
    """A table where picking a row calls `on_pick(id)`, once per pick.

    The browser keeps a picked row selected and sends that selection with every later rerun. Acting on
    `selection.rows` in the script would therefore re-open the row on every button press below the
    table (and a `st.rerun()` there swallows the press). The change callback runs only when the user
    picks. The key carries the shown ids, so a changed list starts without a stale selection.
    """
    shown = list(ids)
    full_key = f"{key}_{zlib.crc32(repr(shown).encode()):08x}"

    def picked() -> None:
        event = st.session_state.get(full_key)
        rows = event.selection.rows if event is not None else []
        if rows and rows[0] < len(shown):
            on_pick(shown[rows[0]])

    st.dataframe(frame, hide_index=True, width="stretch", on_select=picked, selection_mode="single-row",
                 key=full_key, **kwargs)


def multiselect(label: str, options, **kwargs):
    """st.multiselect with Danish/English placeholder and without Streamlit's English «Select all»."""
    kwargs.setdefault("placeholder", tr("common.choose_options"))
    return st.multiselect(label, options, select_all=False, **kwargs)


def form_key(name: str) -> str:
    """The current key of a form whose widgets are emptied after a save (see clear_form)."""
    return f"{name}_{st.session_state.get(f'_gen_{name}', 0)}"


def clear_form(name: str) -> None:
    """Start the form afresh on the next run: new widget keys, so the browser drops what was typed."""
    st.session_state[f"_gen_{name}"] = st.session_state.get(f"_gen_{name}", 0) + 1
    for key in [k for k in st.session_state if str(k).startswith(f"{name}_")]:
        del st.session_state[key]


_LABEL_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]<>~$|"})
_LINE_START_MARK = re.compile(r"^(\s*)([#>+-]|\d+[.)])")
_SHORTCODE = re.compile(r":(?=[^\s:]+:)")


def label_plain(text: str) -> str:
    """User text in a widget or expander label, shown as typed.

    Screen readers read a label's raw text, backslashes included, so only the characters that would
    make markup in a one-line label are escaped (plain() escapes every markdown character)."""
    escaped = (text or "").replace("\n", " ").translate(_LABEL_SPECIALS)
    escaped = _SHORTCODE.sub("\\:", escaped)  # ":cat:" would become an emoji
    return _LINE_START_MARK.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def query_int(name: str) -> int | None:
    """An integer query parameter, or None when missing or tampered with."""
    raw = st.query_params.get(name)
    if raw is None:
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None
