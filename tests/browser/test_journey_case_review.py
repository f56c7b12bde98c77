"""Case review in the browser: two reviewers annotate the same timeline event blind, the agreement view
shows both, and the chair turns their findings into a learning point and takes it through the family round
to approved. axe-core finds no violations on the pages on the way."""

from __future__ import annotations

import re
import uuid

import pytest

from .conftest import check_axe, expect, goto_page, login, wait_for_app_idle

pytestmark = pytest.mark.browser

REVIEW = "Task Force 4200"
CASE = "Familie 38"  # in the demo, the psychologist has not finished it and the ombudsman has not read it
EVENT = "Koordinerende sagsbehandler udpeget. Fast mødeplan aftalt."
CODES = ("3 Sammenhæng og fremskridt i forløbet", "4 Meningsfulde møder")


def choose(page, label: str, option, *, scope=None) -> None:
    """Pick an option of a selectbox by its accessible label."""
    (scope or page).get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option).first.click()
    wait_for_app_idle(page)


def multi_choose(page, form, label: str, options) -> None:
    """Pick options of a multiselect: open it, type part of the option to filter, click the option
    (an option is given by its beginning, or as a (text to type, text it contains) pair)."""
    for option in options:
        typed, pattern = option if isinstance(option, tuple) else (option[:14], "^" + re.escape(option))
        form.get_by_role("combobox", name=label, exact=True).click()
        page.keyboard.type(typed)
        page.get_by_role("option", name=re.compile(pattern)).first.click()
        page.keyboard.press("Escape")


def shown_text(page, text: str):
    """Text shown as markdown (not the same text sitting in a form field)."""
    return page.get_by_test_id("stMarkdownContainer").get_by_text(text, exact=True)


def new_finding_form(page):
    """The new finding's box: plain widgets, not a form, so its texts are kept as drafts."""
    return page.locator("[class*='st-key-nf_'][class*='_box']").filter(has=page.get_by_role("button", name="Gem fund"))


def new_learning_point_form(page):
    return page.locator("[class*='st-key-lp_new_'][class*='_box']").filter(has=page.get_by_role("button", name="Opret"))


def annotate_blind(page, app_server, username: str, text: str, hidden: str) -> None:
    login(page, app_server, username)
    goto_page(page, "Læs og kod")
    expect(page.get_by_role("heading", level=1)).to_have_text("Læs og kod")
    choose(page, "Sag", re.compile("^" + CASE + " · ikke færdig"))
    expect(page.get_by_role("heading", level=2, name=CASE)).to_be_visible()
    expect(page.get_by_text(EVENT)).to_be_visible()
    # Blind: the others' findings on the case are hidden until one's own reading is done.
    expect(page.get_by_test_id("stAlert").filter(has_text="Uafhængig gennemgang")).to_contain_text(hidden)
    check_axe(page, f"read and code ({username})")

    form = new_finding_form(page)
    choose(page, "Fundet handler om", re.compile(re.escape(EVENT)), scope=form)
    form = new_finding_form(page)
    form.get_by_label("Fund", exact=True).fill(text)
    multi_choose(page, form, "Koder", CODES)
    form.get_by_text("Hvad går godt?", exact=True).click()
    form.get_by_role("button", name="Gem fund").click()
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="Fundet er gemt.")).to_be_visible()
    expect(shown_text(page, text)).to_be_visible()

    done = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Markér læsningen som færdig"))
    done.get_by_text("Jeg har læst sagen færdig", exact=True).click()
    done.get_by_role("button", name="Markér læsningen som færdig").click()
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="er markeret som færdig")).to_be_visible()
    # Now the others' findings are shown; the new-finding form is gone (the reading is locked).
    expect(page.get_by_test_id("stAlert").filter(has_text="Uafhængig gennemgang")).to_have_count(0)
    expect(page.get_by_text("En koordinerende sagsbehandler skabte sammenhæng mellem aktørerne.")).to_be_visible()
    expect(page.get_by_role("button", name="Gem fund")).to_have_count(0)
    check_axe(page, f"read and code after the reading is done ({username})")
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log ud").click()
    wait_for_app_idle(page)


def status_line(page, status: str):
    """The line under a learning point's title: status · seen in k of n · version."""
    return page.get_by_test_id("stMarkdownContainer").filter(has_text=re.compile("^" + status + " · set i"))


def tab(page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()


def flash(page, text: str):
    return page.get_by_test_id("stAlert").filter(has_text=text)


def test_blind_annotation_agreement_and_learning_point(page, app_server):
    marker = uuid.uuid4().hex[:6]
    text_psychologist = f"Mødeplanen gav mor ro og overblik ({marker}-p)."
    text_ombudsman = f"Fast mødeplan og én koordinator: god praksis ({marker}-b)."

    annotate_blind(page, app_server, "psykolog", text_psychologist, "6 fund")
    # The ombudsman does not see the 8 demo findings nor the psychologist's new one yet.
    annotate_blind(page, app_server, "borgerraadgiver", text_ombudsman, "9 fund")

    # The agreement view (as the ombudsman: blind, so only the case the ombudsman finished).
    login(page, app_server, "borgerraadgiver")
    goto_page(page, "Enighed")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enighed")
    restricted = page.get_by_test_id("stAlert").filter(has_text="kun på de sager, du selv har læst færdig")
    expect(restricted).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="Krippendorffs alfa")).to_be_visible()
    tab(page, "Pr. sag")
    table = page.get_by_test_id("stDataFrame").filter(has_text="Bodil Ærø (Borgerrådgiver)")
    expect(table).to_contain_text("Pia Østergaard (Psykolog)")
    expect(table).to_contain_text(CODES[0])
    check_axe(page, "agreement")
    goto_page(page, "Kodematrix")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kodematrix")
    expect(page.get_by_test_id("stVegaLiteChart")).to_be_visible()
    check_axe(page, "matrix")
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log ud").click()
    wait_for_app_idle(page)

    # The chair turns both findings into a learning point.
    login(page, app_server, "formand")
    goto_page(page, "Læringspunkter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Læringspunkter")
    choose(page, "Vælg gennemgang", REVIEW)
    check_axe(page, "learning points")
    page.get_by_test_id("stExpander").filter(has_text="Nyt læringspunkt").get_by_text("Nyt læringspunkt").click()
    page.get_by_text("Vælg fund som evidens", exact=True).click()
    wait_for_app_idle(page)
    choose(page, "Find fund med koden", CODES[1])
    choose(page, "Find fund i sagen", CASE)
    title = f"Fast mødeplan i sager med mange aktører ({marker})"
    form = new_learning_point_form(page)
    form.get_by_label("Titel", exact=True).fill(title)
    form.get_by_label("Anbefaling", exact=True).fill("Aftal en fast mødeplan og én koordinerende sagsbehandler.")
    multi_choose(page, form, "Evidens (fund)", [(f"{marker}-p", re.escape(f"({marker}-p)")),
                                                (f"{marker}-b", re.escape(f"({marker}-b)"))])
    # Leave the multiselect first: with focus still in it, a later click on Opret was sometimes not a
    # submit (always, when the click came after the app had gone idle).
    form.get_by_label("Titel", exact=True).click()
    wait_for_app_idle(page)
    form.get_by_role("button", name="Opret").click()
    wait_for_app_idle(page)
    expect(flash(page, "er oprettet som udkast")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()
    expect(status_line(page, "Udkast")).to_contain_text("set i 1 af 5 sager · version 1")
    tab(page, "Evidens")
    expect(shown_text(page, text_psychologist)).to_be_visible()
    expect(shown_text(page, text_ombudsman)).to_be_visible()

    # Through the family round to approved.
    tab(page, "Status")
    page.get_by_role("button", name="Flyt til «Til drøftelse med familierepræsentanter»").click()
    wait_for_app_idle(page)
    expect(flash(page, "Status er nu «Til drøftelse med familierepræsentanter»")).to_be_visible()
    tab(page, "Familierunde")
    response = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Gem svar"))
    response.get_by_label("Familierepræsentant (pseudonym)", exact=True).fill("Repræsentant E")
    response.get_by_text("Delvis enig", exact=True).click()
    response.get_by_label("Kommentar", exact=True).fill("Mødeplanen skal også sendes til familien.")
    response.get_by_role("button", name="Gem svar").click()
    wait_for_app_idle(page)
    expect(flash(page, "Svaret er gemt.")).to_be_visible()
    tab(page, "Familierunde")
    wording = page.get_by_test_id("stForm").filter(has=page.get_by_label("Aftalt formulering", exact=True))
    wording.get_by_label("Aftalt formulering", exact=True).fill(
        "Sager med mange aktører får en fast mødeplan, som også sendes til familien.")
    wording.get_by_role("button", name="Gem").click()
    wait_for_app_idle(page)
    expect(flash(page, "Gemt.")).to_be_visible()
    check_axe(page, "learning point in the family round")
    for status in ("Drøftet", "Godkendt"):
        tab(page, "Status")
        page.get_by_role("button", name=f"Flyt til «{status}»").click()
        wait_for_app_idle(page)
        expect(flash(page, f"Status er nu «{status}»")).to_be_visible()
    expect(status_line(page, "Godkendt")).to_contain_text("set i 1 af 5 sager · version 5")
    tab(page, "Historik")
    expect(page.get_by_text(re.compile(r"^Version 5 · "))).to_be_visible()  # created, 3 moves, wording
    check_axe(page, "approved learning point")

    goto_page(page, "Handleplan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Handleplan")
    check_axe(page, "action plan")


def test_reader_sees_learning_points_without_findings_and_admin_manages_codes(page, app_server):
    login(page, app_server, "laeser")
    for title in ("Læs og kod", "Enighed", "Kodematrix"):
        expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)).to_have_count(0)
    goto_page(page, "Læringspunkter")
    choose(page, "Vælg gennemgang", REVIEW)
    expect(page.get_by_role("button", name="Opret")).to_have_count(0)
    check_axe(page, "learning points (reader)")
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log ud").click()
    wait_for_app_idle(page)

    login(page, app_server, "admin")
    goto_page(page, "Kodebøger")
    expect(page.get_by_role("heading", level=2, name="Signs of Safety")).to_be_visible()
    check_axe(page, "codebooks (administrator)")
    page.get_by_role("tab", name="Ny kode").click()
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Opret"))
    form.get_by_label("Kode (dansk)", exact=True).fill("Samarbejde med skolen")
    form.get_by_role("button", name="Opret").click()
    wait_for_app_idle(page)
    expect(flash(page, "Koden «Samarbejde med skolen» er tilføjet.")).to_be_visible()
