"""Access in the browser: a page the role lacks cannot be opened by its URL, and tampered query parameters get
a clear message, never a traceback.

For every role (one demo user each) the test navigates, inside the logged-in session, to the URL of every page
the role lacks, the way a typed or pasted link inside the app is followed (history.pushState + popstate, as
Streamlit's own page links do). Streamlit's navigation only holds the role's pages, so it runs the landing
page instead: the test checks that the user is still logged in, sees the landing page, and that neither the
page's title nor any of its data is on screen. Opening such a URL in a new tab starts a new session: the
login page, after which the role's landing page opens, not the requested one.

The permission table itself (every service function for every role) is tested in tests/test_auth_audit.py.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlparse

import duckdb
import pytest

from reviews import i18n
from reviews.demo import DEMO_USERS
from reviews.models import Role, User
from reviews.navigation import PAGES, PageSpec
from reviews.services.permissions import allowed
from tests.safety_report import report

from .conftest import check_axe, expect, login, nav_link, submit_login, wait_for_app_idle, wait_for_session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.safety]

# One demo user per role.
USERS = {role: next(u.username for u in DEMO_USERS if u.role == role) for role in Role}


def as_user(role: Role) -> User:
    return User(id=0, username=USERS[role], full_name="", role=role)


def title(page_spec: PageSpec) -> str:
    return i18n.t(page_spec.title, "da")


def landing(role: Role) -> PageSpec:
    return next(p for p in PAGES if allowed(as_user(role), p.action))


def lacking(role: Role) -> list[PageSpec]:
    return [p for p in PAGES if not allowed(as_user(role), p.action)]


def follow_link(page, path: str) -> None:
    """Navigate inside the running session, as an in-app link does."""
    page.evaluate("(path) => { history.pushState({}, '', path);"
                  " window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }", path)
    wait_for_app_idle(page)


def no_traceback(page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


@pytest.fixture(scope="module")
def demo_facts(demo_db_file) -> dict:
    """Data that only the protected pages show: ids and texts from the demo database the server runs on."""
    with duckdb.connect(str(demo_db_file), read_only=True) as con:
        case_id, pseudonym = con.execute("SELECT id, pseudonym FROM cases WHERE pseudonym = 'Familie 38'").fetchone()
        timeline = con.execute("SELECT text FROM timeline_events WHERE case_id = ? ORDER BY event_date LIMIT 1",
                               [case_id]).fetchone()[0]
        mediation = [r[0] for r in con.execute("SELECT title FROM mediation_cases ORDER BY id").fetchall()]
        inquiry = con.execute("SELECT id, account FROM inquiries WHERE citizen LIKE 'Borger %' ORDER BY id "
                              "LIMIT 1").fetchone()
        max_case = con.execute("SELECT max(id) FROM cases").fetchone()[0]
    return {"case_id": case_id, "pseudonym": pseudonym, "timeline": timeline[:40], "mediation": mediation,
            "inquiry_id": inquiry[0], "inquiry_account": inquiry[1][:40], "missing_case": max_case + 100_000}


def markers(facts: dict, url_path: str) -> list[str]:
    """Texts that would prove the protected page (or its data) was shown."""
    return {
        "sag": [facts["timeline"]],
        "sager": [facts["timeline"]],
        "maegling": [t[:25] for t in facts["mediation"]],
        "henvendelser": [facts["inquiry_account"]],
    }.get(url_path, [])


def assert_refused(page, role: Role, target: PageSpec, facts: dict) -> None:
    home = landing(role)
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()  # still logged in: the refusal means something
    assert urlparse(page.url).path.strip("/") in {"", home.url_path}, page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(title(home))
    expect(nav_link(page, title(target))).to_have_count(0)
    main = page.get_by_test_id("stMain")
    if title(target) != title(home):
        expect(main.get_by_role("heading", name=title(target), exact=True)).to_have_count(0)
    for text in markers(facts, target.url_path):
        expect(main.get_by_text(text)).to_have_count(0)
    no_traceback(page)


# Pages that open one record from `?id=`.
RECORD_PAGES = {"sag", "henvendelser", "maegling"}
ROLES = [Role.READER, Role.REVIEWER, Role.ADMINISTRATOR, Role.OMBUDSMAN, Role.CHAIR]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: USERS[r])
def test_pages_the_role_lacks_cannot_be_opened_by_url(page, app_server, demo_facts, role):
    targets = lacking(role)
    assert targets or role == Role.OMBUDSMAN, f"{role} lacks no page?"
    login(page, app_server, USERS[role])
    expect(page.get_by_role("heading", level=1)).to_have_text(title(landing(role)))
    checked = 0
    for target in targets:
        follow_link(page, "/" + target.url_path)
        assert_refused(page, role, target, demo_facts)
        checked += 1
        if target.url_path in RECORD_PAGES:  # with a query string, as a shared link to one record has
            follow_link(page, f"/{target.url_path}?id={demo_facts['case_id']}")
            assert_refused(page, role, target, demo_facts)
            checked += 1
    if role == Role.READER:
        # A direct link to a case the reader may not read.
        follow_link(page, f"/sag?id={demo_facts['case_id']}")
        assert_refused(page, role, next(p for p in PAGES if p.url_path == "sag"), demo_facts)
        check_axe(page, "landing page after a refused URL (reader)")
    # The role's own pages still open by URL: the refusals above are not a broken navigation.
    for own in [p for p in PAGES if allowed(as_user(role), p.action)][1:3]:
        follow_link(page, "/" + own.url_path)
        if own.url_path != "sag":
            expect(page.get_by_role("heading", level=1)).to_have_text(title(own))
        assert urlparse(page.url).path == "/" + own.url_path
        no_traceback(page)
    report(f"access_refusal.{USERS[role]}", pages_refused=len(targets), navigations_checked=checked,
           pages=[t.url_path for t in targets])


@pytest.mark.parametrize(("role", "target"), [(Role.REVIEWER, "maegling"), (Role.ADMINISTRATOR, "henvendelser"),
                                               (Role.READER, "log")])
def test_a_new_tab_on_a_lacking_page_gets_the_login_and_then_the_landing_page(page, app_server, demo_facts, role,
                                                                             target):
    # Logged out, every page's address shows the login (no «Page not found»); after it, a page the role lacks
    # is not opened: the role's landing page is.
    page.goto(f"{app_server}/{target}?id={demo_facts['case_id']}")
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    submit_login(page, USERS[role], "demo-kode-2026")
    wait_for_session_cookie(page)
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
    wait_for_app_idle(page)
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert_refused(page, role, next(p for p in PAGES if p.url_path == target), demo_facts)


def tampered_case_links(facts: dict) -> list[tuple[str, str]]:
    """(query value, the message the case page must show)."""
    bad, missing = "Linket til sagen er ugyldigt.", "Sagen findes ikke (længere)."
    return [
        ("abc", bad),
        ("1 OR 1=1", bad),
        ("1; DROP TABLE cases", bad),
        ("' OR '1'='1", bad),
        ("<script>window.__xss=1</script>", bad),
        ("1e3", bad),
        ("0x1F", bad),
        ("%00", bad),
        ("\x00", bad),
        ("", bad),
        ("１２", None),  # full-width digits: Python reads them as 12, an existing case; shown, no error
        ("-1", missing),
        (str(facts["missing_case"]), missing),
        ("99999999999999999999999999", missing),  # beyond BIGINT
    ]


def test_tampered_case_links_get_a_clear_message(page, app_server, demo_facts):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    login(page, app_server, "formand")
    main = page.get_by_test_id("stMain")
    checked = 0
    for value, message in tampered_case_links(demo_facts):
        follow_link(page, "/sag?id=" + quote(value, safe=""))
        expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
        no_traceback(page)
        if message is None:
            expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Familie \d+$"))
            expect(page.get_by_test_id("stAlert")).to_have_count(0)
        else:
            expect(main.get_by_test_id("stAlert")).to_have_text(message)
            # Nothing of any case: no title, no timeline.
            expect(main.get_by_role("heading", level=1)).to_have_count(0)
            expect(main.get_by_role("heading", name="Tidslinje")).to_have_count(0)
        checked += 1
        if value == "abc":
            check_axe(page, "case page refusing a tampered link")
    # The same parameter twice: the last one counts, as for any link; the case opens normally.
    follow_link(page, f"/sag?id=abc&id={demo_facts['case_id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_facts["pseudonym"])
    no_traceback(page)
    assert page.evaluate("() => window.__xss") is None
    assert dialogs == []
    report("access_refusal.tampered_case_links", links=checked + 1)


def test_tampered_inquiry_links(page, app_server, demo_facts):
    login(page, app_server, "borgerraadgiver")
    main = page.get_by_test_id("stMain")
    for value in ("abc", "1 OR 1=1", "-1", str(10**25)):
        follow_link(page, "/henvendelser?id=" + quote(value, safe=""))
        expect(page.get_by_role("heading", level=1)).to_have_text("Henvendelser og klager")
        no_traceback(page)
        if value.lstrip("-").isdigit():
            expect(main.get_by_test_id("stAlert").filter(has_text="Henvendelsen findes ikke")).to_have_count(1)
        # No inquiry is opened from a tampered link.
        expect(main.get_by_role("heading", level=2, name=re.compile(r"^H-\d+ · "))).to_have_count(0)
    follow_link(page, f"/henvendelser?id={demo_facts['inquiry_id']}")
    expect(main.get_by_role("heading", level=2, name=re.compile(r"^H-\d+ · "))).to_have_count(1)
    no_traceback(page)
