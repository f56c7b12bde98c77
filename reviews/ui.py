"""The one glue module between Streamlit and the domain: database handle, session user, language.

Everything else in `reviews` stays free of Streamlit so it can be tested and used from the command line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import re
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator

import segno
import streamlit as st

from reviews import clock, i18n
from reviews.analysis.lix import BANDS
from reviews.config import load_settings
from reviews.app_database import app_database
from reviews.errors import DatabaseUnavailable, StaleVersion, WorkbenchError
from reviews.exports.guard import describe_place
from reviews.models import User
from reviews.models.auth import Enrolment
from reviews.services import audit, auth
from reviews.services import sessions
from reviews.models.sessions import SessionEnd
from reviews.navigation import pages_for
from reviews.services.permissions import allowed
from reviews.storage.database import Database

USER_KEY = "user"
LANG_KEY = "lang"
SESSION_KEY = "session_id"
# Set once the cookie of this browser has been tried, so a refused cookie is not tried on every rerun.
RESUMED_KEY = "_session_resumed"
NOTICE_KEY = "logout_notice"
# The url_path a logged-out browser asked for (a bookmark, a reload after the session ended), opened after login.
NEXT_KEY = "_requested_page"
# Why a session ended, as the login page may say it (?notice= from the web routes is checked against it).
NOTICES = {reason: f"session.ended.{reason}" for reason in [*(r.value for r in SessionEnd), "session_handoff"]}
NOTICES["sso_failed"] = "sso.refused.callback"  # reviews/web/sso_callback.py: the provider's answer was refused
# This session's login came through the municipality's single sign-on: logout ends it at the provider too.
SSO_KEY = "_signed_in_through_sso"
# A correct password waiting for its second step (reviews.models.auth.PendingLogin). It opens nothing:
# current_user() stays None, so the navigation holds only the login page until the step is done.
PENDING_KEY = "pending_login"


def db() -> Database:
    # One connection per process, shared by all sessions and the web routes; each thread gets its own cursor.
    return app_database()


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


# This session's page view (reviews.services.audit.PageView) and where it is: (url path, the address's query
# parameters as the last run left them).
PAGE_VIEW_KEY = "_page_view"


def _address() -> tuple:
    return tuple(sorted(st.query_params.to_dict().items()))


@contextlib.contextmanager
def page_view(url_path: str) -> Iterator[None]:
    """Run the page inside its page view (app.py), so that reruns of the same page at the same address (a
    widget, a save's st.rerun) log each read once. Another page, or an address naming another record (a
    link followed), is a new view: its reads are logged again. A different record read within the view is
    logged anyway, since the read's record is part of what the view remembers."""
    held = st.session_state.get(PAGE_VIEW_KEY)
    if held is None or held[0] != (url_path, _address()):
        held = (None, audit.PageView())
    try:
        with audit.page_view(held[1]):
            yield
    finally:
        # The page may write its record into the address (?id=...): the next rerun starts from that address.
        st.session_state[PAGE_VIEW_KEY] = ((url_path, _address()), held[1])


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


def _redirect(url: str) -> None:
    """Send the browser to `url` (a path of this server) when this run's messages reach it."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    msg = ForwardMsg()
    msg.auth_redirect.url = url
    ctx.enqueue(msg)


def _user_agent() -> str:
    try:
        agent = st.context.headers.get("User-Agent")
    except Exception:  # noqa: BLE001 - outside a browser session
        return ""
    return agent[:300] if isinstance(agent, str) else ""  # AppTest's context holds no real headers


def _signed_out(reason: SessionEnd) -> None:
    keep = {LANG_KEY: lang(), RESUMED_KEY: True, NOTICE_KEY: reason.value}
    st.session_state.clear()
    st.session_state.update(keep)


def current_user() -> User | None:
    """The logged-in user of this browser: from this Streamlit session, else from the session cookie (a
    reload, a new tab, a bookmark). Checked against the server-side session on every rerun."""
    user = st.session_state.get(USER_KEY)
    if user is not None:
        session_id = st.session_state.get(SESSION_KEY)
        if session_id is None:
            # A user put in the state by the server itself (AppTest) still gets a session, so every
            # logged-in run is checked the same way.
            session_id = st.session_state[SESSION_KEY] = sessions.start(
                db(), user, method="direct", client=client_address(), user_agent=_user_agent()).session.id
        ended = sessions.check(db(), session_id)
        if ended is None:
            return user
        _signed_out(ended)
        _redirect(f"/workbench/logout?notice={ended.value}")
        return None
    if st.session_state.get(RESUMED_KEY):
        return None
    st.session_state[RESUMED_KEY] = True
    try:
        cookie = st.context.cookies.get(sessions.COOKIE_NAME)
    except Exception:  # noqa: BLE001 - outside a browser session (AppTest)
        cookie = None
    if not cookie:
        return _signed_in_through_sso()
    try:
        user, session = sessions.resume(db(), cookie, client=client_address())
    except sessions.SessionRefused as exc:
        _signed_out(exc.reason)
        _redirect(f"/workbench/logout?notice={exc.reason.value}")  # the route drops the useless cookie
        return None
    st.session_state[USER_KEY] = user
    st.session_state[SESSION_KEY] = session.id
    st.session_state[LANG_KEY] = _run.lang = user.language
    if session.method == "sso":
        st.session_state[SSO_KEY] = True
    return user


# The script that tells the browser (and so screen readers) the page's language; Streamlit's own page says
# lang="en" whatever the app shows. deploy/security-headers.conf allows exactly these scripts by their hashes.
PAGE_LANGUAGE_SCRIPTS = {code: f'<script>document.documentElement.lang = "{code}";</script>' for code in i18n.LANGUAGES}


def declare_page_language() -> None:
    st.html(PAGE_LANGUAGE_SCRIPTS[lang()], unsafe_allow_javascript=True, width="content")


def review_picker(reviews: list, key: str, *, empty: str = "cr.no_reviews"):
    """The review the page works on, chosen from `reviews`; the choice follows the user from page to page.
    Without any review the page says `empty` and stops."""
    if not reviews:
        st.info(tr(empty))
        st.stop()
    ids = [r.id for r in reviews]
    current = st.session_state.get("review_id")
    review = st.selectbox(tr("reviews.choose"), reviews, format_func=lambda r: r.name, key=key,
                          index=ids.index(current) if current in ids else 0)
    st.session_state["review_id"] = review.id
    return review


def sso_configured() -> bool:
    """A provider is set up for st.login in .streamlit/secrets.toml ([auth] with its metadata URL)."""
    try:
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file at all: no single sign-on
        return False
    return bool(section) and bool(section.get("server_metadata_url")) and bool(section.get("client_id"))


def signed_in_through_sso() -> bool:
    """This browser session was opened through the municipality's provider, not with a local password."""
    return bool(st.session_state.get(SSO_KEY, False))


def sso_login() -> None:
    """Off to the provider (Streamlit's /auth/login); the browser comes back signed in at the provider."""
    st.login()
    st.stop()  # as in login(): a rerun would drop the redirect


def _signed_in_through_sso() -> User | None:
    """Fresh claims from the provider (Streamlit's identity cookie) become a workbench login; stale ones
    (a token that already opened a session) leave the login page showing. Refusals say why there."""
    if not sso_configured():
        return None
    try:
        identity = st.user
        claims = identity.to_dict() if identity.is_logged_in else None
    except Exception:  # noqa: BLE001 - outside a browser session (AppTest)
        return None
    if not claims:
        return None
    from reviews.services import sso

    try:
        user = sso.sign_in(db(), dict(claims), client=client_address())
    except sso.SsoRefused as exc:
        st.session_state["login_error"] = exc.key
        return None
    except WorkbenchError as exc:
        show_error(exc)
        return None
    if user is None:
        return None
    st.session_state[SSO_KEY] = True
    login(user, method="sso")  # ends this run
    return None


def current_session_id() -> int | None:
    return st.session_state.get(SESSION_KEY)


def remember_requested_page(url_path: str) -> None:
    """Keep the page a logged-out browser asked for, to open it after the login."""
    if url_path and re.fullmatch(r"[a-z0-9-]{1,40}", url_path):
        st.session_state[NEXT_KEY] = url_path


def take_notice() -> str | None:
    """Why the last session ended (logout, idle, ...), once, as the login page says it."""
    reason = st.session_state.pop(NOTICE_KEY, None)
    from_url = st.query_params.get("notice")
    if from_url is not None:
        del st.query_params["notice"]
        reason = reason or from_url
    if reason not in NOTICES:
        return None
    return tr(NOTICES[reason], minutes=load_settings().idle_timeout_minutes)


def login(user: User, *, method: str = "password", next_page: str | None = None) -> None:
    """Log the user in: a server-side session, then the browser fetches its cookie (and comes back to
    `next_page`, the url_path it asked for; by default the one remembered before the login)."""
    if next_page is None:
        next_page = st.session_state.pop(NEXT_KEY, "")
    if next_page and next_page not in {p.url_path for entries in pages_for(user).values() for p in entries}:
        next_page = ""  # not one of the role's pages: its landing page, without Streamlit's «Page not found»
    started = sessions.start(db(), user, method=method, client=client_address(), user_agent=_user_agent())
    st.session_state[USER_KEY] = user
    st.session_state[SESSION_KEY] = started.session.id
    st.session_state[LANG_KEY] = _run.lang = user.language
    st.session_state[RESUMED_KEY] = True
    target = next_page if re.fullmatch(r"[a-z0-9-]{0,40}", next_page or "") else ""
    _redirect(f"/workbench/session?h={started.handoff}&next={target}")
    # The run ends here so the redirect reaches the browser: a rerun clears the messages not yet sent.
    st.stop()


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
            forwarded = st.context.headers.get("X-Real-Ip")
            if isinstance(forwarded, str) and forwarded.strip():
                return forwarded.strip()[:64]
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - outside a browser session: one shared key
        return "local"
    return address[:64] if isinstance(address, str) and address else "local"  # AppTest: no real address


def logout() -> None:
    """End the session on the server and drop the browser's cookie."""
    user = st.session_state.get(USER_KEY)
    session_id = st.session_state.get(SESSION_KEY)
    if user is not None and session_id is not None:
        with contextlib.suppress(WorkbenchError):
            sessions.end(db(), user, session_id)
    through_sso = signed_in_through_sso()
    _signed_out(SessionEnd.LOGOUT)
    _redirect(f"/workbench/logout?notice={SessionEnd.LOGOUT.value}" + ("&sso=1" if through_sso else ""))
    st.stop()  # as in login: a rerun would drop the redirect


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


def flash_saved(saved, key: str = "common.saved", **params: object) -> None:
    """The message of a save for the next run, and the note that CPR numbers were masked in it, if any
    (`saved`: a service's Saved result, with masked_cpr)."""
    flash(key, **params)
    if getattr(saved, "masked_cpr", 0):
        flash("common.cpr_masked", count=saved.masked_cpr)


def show_flashes() -> None:
    for message in st.session_state.pop("_flash", []):
        st.success(message)


@contextlib.contextmanager
def stale_handled(message: str = "error.stale_version", *, show_newer: Callable[[object], str] | None = None,
                  keep_as: str | None = None) -> Iterator[None]:
    """handled() for a save that names the version it changes. When someone else saved a newer version first
    (StaleVersion): the warning `message` and, with `show_newer`, the newer version as `show_newer(current)`
    (markdown, escaped by the caller); or, with `keep_as`, the newer version kept under that session key for
    stale_panel() (the user's text stays in the form). Other domain errors are shown as handled() does."""
    try:
        yield
    except StaleVersion as exc:
        if keep_as is not None:
            st.session_state[keep_as] = exc.current
            return
        st.warning(tr(message))
        if show_newer is not None:
            st.markdown(show_newer(exc.current))
    except WorkbenchError as exc:
        show_error(exc)


def stale_panel(conflict_key: str, version_key: str, *, key: str, describe: Callable[[object], list[str]],
                on_reload: Callable[[], None] | None = None) -> None:
    """After a save refused as stale (the newer version kept under `conflict_key`, see stale_handled): the
    warning, the newer version (`describe(current)`: markdown lines, escaped by the caller; empty ones are left
    out), and two buttons (keys `key`_keep, `key`_reload): keep one's own text (the next save knowingly
    overwrites the newer version) or load the newest (drops `version_key` and `conflict_key`, then
    `on_reload()` drops what else holds the user's text)."""
    conflict = st.session_state.get(conflict_key)
    if conflict is None:
        return
    st.warning(tr("error.stale_version"))
    with st.container(border=True):
        st.caption(tr("case.newer_version", version=conflict.version))
        for line in describe(conflict):
            if line:
                st.markdown(line)
    keep_col, reload_col = st.columns(2)
    if keep_col.button(tr("common.keep_mine"), key=key + "_keep"):
        st.session_state[version_key] = conflict.version
        del st.session_state[conflict_key]
        flash("common.kept_mine")
        st.rerun()
    if reload_col.button(tr("common.load_newest"), key=key + "_reload"):
        st.session_state.pop(version_key, None)
        st.session_state.pop(conflict_key, None)
        if on_reload is not None:
            on_reload()
        st.rerun()


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def guarded_download(label: str, key: str, make: Callable[..., object], *, icon: str, making: str | None = None,
                     mime: str = DOCX_MIME) -> None:
    """A button `label` (key make_`key`) that makes a document through the export guard (`make()`, a
    reviews.services.documents.DocumentResult, kept under `key`; `making`: the spinner's text), then the result:
    the guard's warnings; when it refuses (CPR numbers found), those findings and a one-click «mask and export»
    (`make(mask=True)`) and no download; otherwise the masking note, the LIX and the download button (key
    `key`_download)."""
    if st.button(label, key=f"make_{key}", icon=icon):
        with handled(), (st.spinner(making) if making else contextlib.nullcontext()):
            st.session_state[key] = make()
    if key in st.session_state:
        _guard_result(st.session_state[key], key, make, mime)


def _guard_result(result, key: str, retry: Callable[..., object], mime: str) -> None:
    if result.report.warnings:
        st.warning(tr("meetings.guard_warnings", n=len(result.report.warnings)))
        st.markdown("\n".join(f"- {plain(describe_place(f.place, lang()))}: "
                              f"{plain(tr(f'guard.kind.{f.kind}'))} · {plain(f.context)}"
                              for f in result.report.warnings))
    if result.blocked:
        st.error(tr("meetings.guard_blocked", n=len(result.report.cpr)))
        st.markdown("\n".join(f"- {plain(describe_place(f.place, lang()))}: {plain(f.context)}"
                              for f in result.report.cpr))
        if st.button(tr("meetings.mask_and_export"), key=f"{key}_mask", type="primary",
                     icon=":material/visibility_off:"):
            with handled():
                st.session_state[key] = retry(mask=True)
                st.rerun()
        return
    if result.masked:
        st.info(tr("guard.masked", n=result.masked))
    if result.lix is not None:
        st.markdown(tr("meetings.lix_line", score=fmt_number(result.lix.score, 1), band=label(result.lix.band)))
        edges = [int(edge) for edge, _ in BANDS]
        st.caption(tr("meetings.lix_scale", a=edges[0], b=edges[1], c=edges[2], d=edges[3], b1=edges[1] - 1,
                      c1=edges[2] - 1, d1=edges[3] - 1))
        if result.lix_warning:
            st.warning(tr("lix.warning", limit=40))
    st.download_button(tr("meetings.download", name=result.filename), result.data, file_name=result.filename,
                       mime=mime, key=f"{key}_download", type="primary", icon=":material/download:",
                       on_click="ignore")


def finish_reading_form(key: str, *, blind: bool, pseudonym: str, mark_done: Callable[[], object]) -> None:
    """«Afslut læsningen»: a form (key done_`key`) whose button calls `mark_done()` once its confirmation is
    ticked, then flashes that the reading of `pseudonym` is done and reruns. The explanation says that the
    others' findings appear only now when the review is `blind`."""
    st.subheader(tr("annotate.finish"))
    with st.form(f"done_{key}", enter_to_submit=False):
        st.markdown(tr("annotate.done_explain_blind") if blind else tr("annotate.done_explain"))
        confirm = st.checkbox(tr("annotate.done_confirm"), key=f"done_confirm_{key}")
        finish = st.form_submit_button(tr("annotate.mark_done"))
    if finish:
        if not confirm:
            st.warning(tr("annotate.done_confirm_first"))
        else:
            with handled():
                mark_done()
                flash("annotate.done_saved", pseudonym=plain(pseudonym))
                st.rerun()


def local_datetime_input(key: str, value: dt.datetime | None, *, date_label: str, time_label: str,
                         day: dt.date | None = None, time: dt.time | None = None,
                         blank_time: dt.time = dt.time(0, 0), step: int | dt.timedelta = 60,
                         min_value: dt.date | None = None, columns: tuple | None = None) -> dt.datetime | None:
    """A moment typed as Copenhagen date and time (keys `key`_date, `key`_time), returned as naive UTC (the
    stored form, clock.combine_local; across a DST change too); None while the date is empty. The fields show
    `value` (naive UTC), or without it the local `day` and `time` (None: empty). An emptied time counts as
    `blank_time`. `columns`: the two containers for the fields (default: two new columns)."""
    if value is not None:
        local = clock.utc_to_local(value)
        day, time = local.date(), local.time().replace(second=0, microsecond=0)
    date_col, time_col = columns if columns is not None else st.columns(2)
    picked_day = date_col.date_input(date_label, value=day, format="DD.MM.YYYY", min_value=min_value,
                                     key=key + "_date")
    picked_time = time_col.time_input(time_label, value=time, step=step, key=key + "_time")
    if picked_day is None:
        return None
    return clock.combine_local(picked_day, picked_time or blank_time)


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


# Altair charts as built for what they show: (key, the frames they were built from) -> chart. Building a chart
# and checking it against Vega-Lite's schema took 10-60 ms per chart on every rerun of a statistics page.
_CHARTS: OrderedDict = OrderedDict()
_CHARTS_LOCK = threading.Lock()
MAX_CHARTS = 128


def altair_chart(build: Callable[[], object], *, frames: tuple = (), key_parts: tuple = (), **kwargs):
    """st.altair_chart(build(), **kwargs), with the chart built once for what it shows: `frames`, the DataFrames
    `build` draws from (compared by identity: a service's kept frames stay the same objects until a write), and
    `key_parts`, everything else it depends on (titles, labels, options; the language is added). The first
    showing is checked against the schema as st.altair_chart does; later showings of the same chart are not
    checked again (only the data is serialised, as always)."""
    cache_key = (lang(), key_parts, tuple(id(f) for f in frames))
    with _CHARTS_LOCK:
        held = _CHARTS.get(cache_key)
        if held is not None and all(a is b for a, b in zip(held[0], frames, strict=True)):
            _CHARTS.move_to_end(cache_key)
            return st.altair_chart(held[1], **kwargs)
    chart = build()
    shown = st.altair_chart(chart, **kwargs)  # validated here, as any first showing
    object.__setattr__(chart, "to_dict", functools.partial(type(chart).to_dict, chart, validate=False))
    with _CHARTS_LOCK:
        _CHARTS[cache_key] = (frames, chart)
        while len(_CHARTS) > MAX_CHARTS:
            _CHARTS.popitem(last=False)
    return shown


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


# Drafts restored in this browser session, "kind:key" -> saved_at, for the caption under the field.
_DRAFTS_RESTORED_KEY = "_drafts_restored"
# Per draft field (widget key): the text last kept as its draft, or the text it started with.
_DRAFTS_KEPT_KEY = "_drafts_kept"
# Drafts restored in this browser session that were written against an older version of their record,
# "kind:key" -> that version: the save is made against it (see expected_version), so the stale check speaks.
_DRAFTS_BASE_KEY = "_drafts_base"


def draft_area(label: str, kind: str, key: object, *, widget_key: str, base_version: int | None = None,
               **kwargs) -> str:
    """st.text_area whose text is kept as the user's draft (reviews.services.drafts) when the field loses
    focus, and offered back when the widget starts without state (a reload, a new tab); without a draft
    it starts with `value`. Not inside st.form: a form sends its texts only with the submit. Call
    discard_draft(kind, key) after a successful save.

    `base_version`: the version of the record the field shows (None for a new record). A draft restored
    from an older version says so under the field, and expected_version then answers that older version,
    so saving it shows the newer one first instead of overwriting it unseen."""
    from reviews.services import drafts

    user = st.session_state.get(USER_KEY)
    marker = f"{kind}:{key}"
    restored = st.session_state.setdefault(_DRAFTS_RESTORED_KEY, {})
    kept = st.session_state.setdefault(_DRAFTS_KEPT_KEY, {})
    bases = st.session_state.setdefault(_DRAFTS_BASE_KEY, {})
    if widget_key not in st.session_state:
        draft = None
        if user is not None:
            with contextlib.suppress(WorkbenchError):
                draft = drafts.get_draft(db(), user, kind, key)
        if draft is not None:
            st.session_state[widget_key] = draft.text
            restored[marker] = draft.saved_at
            if base_version is not None and draft.base_version is not None and draft.base_version < base_version:
                bases[marker] = draft.base_version
        elif "value" in kwargs:
            # Through the state, not value=: a keyed widget keeps its browser text when only value changes,
            # so a page that drops the key (after a save, "load newest") would still show the old text.
            st.session_state[widget_key] = kwargs["value"] or ""
        kept[widget_key] = st.session_state.get(widget_key) or ""
    kwargs.pop("value", None)  # the widget's state holds the text; a value too makes Streamlit warn

    text = st.text_area(label, key=widget_key, **kwargs)
    # Kept here in the run, not in an on_change callback: a click right after the typing interrupts the rerun
    # the field's blur started, and the callback was then skipped (seen in Chromium); a later run still sees it.
    if user is not None and (text or "") != kept.get(widget_key, ""):
        kept[widget_key] = text or ""
        with handled():
            # A text restored from an older version stays written against that version until it is saved.
            if drafts.save_draft(db(), user, kind, key, text or "",
                                 base_version=bases.get(marker, base_version)) is None:
                restored.pop(marker, None)  # emptied: no draft
                bases.pop(marker, None)
    if marker in bases and base_version is not None:
        st.warning(tr("draft.older_base", base=bases[marker], current=base_version), icon=":material/history:")
    elif marker in restored:
        st.caption(tr("draft.restored", time=fmt_datetime(restored[marker])))
    return text


def expected_version(kind: str, keys, current: int) -> int:
    """The version a save of the record behind the draft fields `keys` is made against: `current`, or the
    older version a restored draft was written against, which makes the save's stale check show the newer
    version. That older version is used once: the next save, after the user has seen the newer version, is
    made against `current`."""
    bases = st.session_state.get(_DRAFTS_BASE_KEY, {})
    found = [bases.pop(f"{kind}:{key}") for key in keys if f"{kind}:{key}" in bases]
    return min([current, *found])


def discard_draft(kind: str, key: object) -> None:
    """Drop the user's draft of (kind, key): call after the text it kept was saved for real."""
    from reviews.services import drafts

    st.session_state.get(_DRAFTS_RESTORED_KEY, {}).pop(f"{kind}:{key}", None)
    st.session_state.get(_DRAFTS_BASE_KEY, {}).pop(f"{kind}:{key}", None)
    user = st.session_state.get(USER_KEY)
    if user is not None:
        with contextlib.suppress(WorkbenchError):
            drafts.discard_draft(db(), user, kind, key)


# --- the second factor's widgets, shared by the login page and Min konto ---------------------------------
# The QR code is a PNG (segno, pure Python) shown with st.image: no HTML, no outside request.

def qr_png(uri: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="png", scale=6, border=4, dark="#000000", light="#ffffff")
    return buffer.getvalue()


# The QR code drawn for this browser session (uri, png): drawing one takes 30-60 ms, and the login page shows the
# demo secret's on every rerun. Kept in the session only (cleared with it at logout), since the uri holds a secret.
_QR_KEY = "_second_factor_qr"


def show_secret(enrolment: Enrolment) -> None:
    """The QR code and the secret as text (for typing it into the app)."""
    st.write(tr("second_factor.scan"))
    held = st.session_state.get(_QR_KEY)
    if held is None or held[0] != enrolment.uri:
        held = st.session_state[_QR_KEY] = (enrolment.uri, qr_png(enrolment.uri))
    st.image(held[1], alt=tr("second_factor.qr_alt"), width=240)
    st.write(tr("second_factor.secret"))
    st.code(enrolment.secret, language=None, wrap_lines=True)


def enrolment_form(enrolment: Enrolment, key: str, *, with_password: bool = False) -> tuple[str, str] | None:
    """QR code, secret and the form for the first code. (code, password) when submitted, else None."""
    show_secret(enrolment)
    st.write(tr("second_factor.confirm_intro"))
    with st.form(key, clear_on_submit=True, enter_to_submit=False):
        code = st.text_input(tr("login.code"), max_chars=7, autocomplete="one-time-code", key=key + "_code")
        password = ""
        if with_password:
            password = st.text_input(tr("second_factor.password"), type="password",
                                     autocomplete="current-password", key=key + "_password")
        if st.form_submit_button(tr("second_factor.confirm"), type="primary"):
            return code, password
    return None


def show_recovery_codes(codes: list[str], key: str, *, level: int = 3) -> bool:
    """The recovery codes, shown once, with a download; True when the user says they are saved. `level`: the
    heading's level (the one under the page's current heading, so no level is skipped)."""
    (st.header if level == 2 else st.subheader)(tr("second_factor.recovery_heading"))
    st.warning(tr("second_factor.recovery_intro"))
    st.code("\n".join(codes), language=None)
    st.download_button(tr("second_factor.download_codes"), data=("\n".join(codes) + "\n").encode("utf-8"),
                       file_name="gendannelseskoder.txt", mime="text/plain", key=key + "_download")
    return st.button(tr("second_factor.recovery_done"), type="primary", key=key + "_done")


# --- the passage picker of the case-file reading view (a Streamlit v2 component, no network) -------------------
_PASSAGE_PICKER: list = []  # the mount command, made once per process


def passage_picker(text: str, paragraphs, marks: list[dict], *, key: str, selected: dict | None = None) -> dict | None:
    """The page's paragraphs to choose from (consecutive ones by keyboard or mouse, or a character range of the
    browser's selection), with the cited passages `marks` ({start, end, n, own}) marked and numbered. Returns
    {"start", "end", "first", "last"} of the chosen passage (offsets into `text`), or None."""
    if not _PASSAGE_PICKER:
        import pathlib

        folder = pathlib.Path(__file__).parent / "ui_assets"
        _PASSAGE_PICKER.append(st.components.v2.component(
            "workbench_passage_picker", html="", isolate_styles=False,
            js=(folder / "passage_picker.js").read_text(encoding="utf-8"),
            css=(folder / "passage_picker.css").read_text(encoding="utf-8")))
    spans = [[int(a), int(b)] for a, b in (paragraphs or [(0, len(text))])]
    chosen = None
    if selected and selected.get("first", -1) >= 0:
        chosen = {"first": int(selected["first"]), "last": int(selected["last"])}
    labels = {name: tr(f"reader.picker.{name}") for name in ("list", "hint", "use_selection", "clear", "cited",
                                                              "no_selection")}
    result = _PASSAGE_PICKER[0](key=key, data={"id": re.sub(r"[^A-Za-z0-9_-]", "-", key), "text": text,
                                               "paragraphs": spans, "marks": marks, "labels": labels,
                                               "selected": chosen},
                                default={"selection": None}, on_selection_change=lambda: None)
    value = result.get("selection") if result is not None else None
    if not isinstance(value, dict):
        return None
    try:
        return {"start": int(value["start"]), "end": int(value["end"]), "first": int(value.get("first", -1)),
                "last": int(value.get("last", -1))}
    except (KeyError, TypeError, ValueError):
        return None
