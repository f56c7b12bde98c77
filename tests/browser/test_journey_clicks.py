"""Journeys clicked the way people click (issue 10): records opened from tables and the worklist and
every action pressed there, save buttons pressed twice, save and go on to the next tab, and a
language choice that survives the next login."""

from __future__ import annotations

import re
import uuid

import pytest

from .conftest import (check_axe, choose_option, expect, goto_page, login, nav_link, submit_login, wait_for_app_idle,
                       wait_for_session_cookie)
from .test_journey_core import select_dataframe_row

pytestmark = pytest.mark.browser

REGISTER = "Henvendelser og klager"
MEDIATION = "Mægling og dialogmøder"
FICTIONAL_CPR = "010203-1234"  # fictional, but of the CPR form: masked on save, and gone from the form


def visible_form(page, text: str):
    form = page.locator('[data-testid="stForm"]:visible').filter(has_text=text)
    expect(form).to_have_count(1)
    return form


def plan_form(page):
    """The «Planlæg møde» form (a planned meeting's log form also mentions planning the next one)."""
    form = page.locator('[data-testid="stForm"]:visible').filter(
        has=page.get_by_role("button", name="Planlæg", exact=True))
    expect(form).to_have_count(1)
    return form


def flash(page, text: str):
    return page.get_by_test_id("stAlert").filter(has_text=text)


def field(scope, label: str):
    return scope.get_by_role("textbox", name=label, exact=True)


def open_page(page, title: str) -> None:
    more = page.get_by_test_id("stSidebarNav").get_by_text(re.compile(r"^View \d+ more$"))
    if not nav_link(page, title).is_visible() and more.count():
        more.click()
    goto_page(page, title)


def logout(page, button: str = "Log ud") -> None:
    page.get_by_test_id("stSidebar").get_by_role("button", name=button).click()
    wait_for_app_idle(page)


def tables(page):
    return page.get_by_test_id("stDataFrame")


def opened_inquiry(page) -> str:
    """The number of the inquiry shown below the register ("H-12")."""
    heading = page.get_by_role("heading", level=2).filter(has_text=re.compile(r"^H-\d+ · "))
    expect(heading).to_have_count(1)
    return heading.inner_text().split(" · ")[0]


def register_form(page):
    return visible_form(page, "Borger (pseudonym)")


def fill_complaint(page, citizen: str, text: str) -> None:
    form = register_form(page)
    field(form, "Borger (pseudonym)").fill(citizen)
    choose_option(page, form, "Område", "Handicap og Psykiatri")
    field(form, "Kort beskrivelse").fill(text)


def test_registering_empties_the_form_and_a_second_press_makes_no_duplicate(page, app_server):
    citizen = f"Borger D{uuid.uuid4().hex[:6]}"
    text = f"Ringede om aflastning; oplyste CPR {FICTIONAL_CPR} i telefonen."
    login(page, app_server, "borgerraadgiver")
    open_page(page, REGISTER)
    page.get_by_text("Registrér henvendelse eller klage").click()
    wait_for_app_idle(page)  # opening the section reruns the page
    fill_complaint(page, citizen, text)
    register_form(page).get_by_role("button", name="Registrér").click()
    wait_for_app_idle(page)
    expect(flash(page, "er registreret")).to_have_count(1)
    first = opened_inquiry(page)

    # The form is empty again: the CPR number typed is no longer on screen anywhere.
    form = register_form(page)
    expect(field(form, "Borger (pseudonym)")).to_have_value("")
    expect(field(form, "Kort beskrivelse")).to_have_value("")
    expect(page.get_by_text(FICTIONAL_CPR)).to_have_count(0)
    assert FICTIONAL_CPR not in page.content()

    # Pressing «Registrér» again on the emptied form registers nothing.
    form.get_by_role("button", name="Registrér").click()
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="skal udfyldes")).to_have_count(1)
    assert opened_inquiry(page) == first

    # The same complaint typed in again (same minute, same citizen and text): refused, naming the first.
    fill_complaint(page, citizen, text)
    register_form(page).get_by_role("button", name="Registrér").click()
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text=f"allerede registreret som {first}")).to_be_visible()
    expect(field(register_form(page), "Borger (pseudonym)")).to_have_value(citizen)  # nothing typed is lost
    field(page, "Søg").fill(citizen)
    page.keyboard.press("Enter")
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stCaptionContainer").filter(has_text=re.compile(r"^1 henvendelse · side"))).to_be_visible()
    check_axe(page, "register after a refused duplicate")


def test_an_inquiry_opened_from_the_worklist_and_the_register_takes_every_action(page, app_server):
    login(page, app_server, "borgerraadgiver")
    open_page(page, REGISTER)

    # The worklist's first complaint (earliest deadline): record the call-back.
    worklist = tables(page).first
    expect(worklist).to_be_visible()
    select_dataframe_row(page, worklist, 0)
    wait_for_app_idle(page)
    number = opened_inquiry(page)
    page.get_by_role("tab", name="Første kontakt").click()
    wait_for_app_idle(page)
    contact = visible_form(page, "Gem første kontakt")
    field(contact, "Note om kontakten").fill("Ringede tilbage næste dag.")
    contact.get_by_role("button", name="Gem første kontakt").click()
    wait_for_app_idle(page)
    expect(flash(page, "Første kontakt er gemt")).to_be_visible()
    assert opened_inquiry(page) == number
    expect(page.get_by_text("Den første kontakt er registreret").first).to_be_visible()
    expect(page.get_by_text("Ringede tilbage næste dag.").first).to_be_visible()

    # A complaint from the register table: on to mediation from it.
    register = tables(page).nth(1)
    select_dataframe_row(page, register, 1)
    wait_for_app_idle(page)
    other = opened_inquiry(page)
    page.get_by_role("tab", name="Mægling/dialogmøde").click()
    wait_for_app_idle(page)
    page.get_by_role("button", name="Opret mægling ud fra henvendelsen").click()
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(MEDIATION)
    expect(page.get_by_role("spinbutton", name="Henvendelse nr. (H-…)")).to_have_value(other[2:])
    check_axe(page, "mediation form from an inquiry opened in the register")


def test_a_mediation_case_opened_from_its_list_takes_every_action(page, app_server):
    login(page, app_server, "borgerraadgiver")
    open_page(page, MEDIATION)
    listing = tables(page).first
    expect(listing).to_be_visible()
    select_dataframe_row(page, listing, 0)
    wait_for_app_idle(page)
    title = page.get_by_role("heading", level=2).first.inner_text()

    party_name = f"Plejefar {uuid.uuid4().hex[:4]}"
    party = visible_form(page, "Tilføj part")
    field(party, "Part (betegnelse)").fill(party_name)
    party.get_by_role("button", name="Tilføj part").click()
    wait_for_app_idle(page)
    expect(flash(page, "Parten er tilføjet.")).to_be_visible()
    assert page.get_by_role("heading", level=2).first.inner_text() == title
    expect(page.get_by_role("tabpanel", name="Parter og samtykke").get_by_text(party_name).first).to_be_attached()

    # Plan a meeting; the form is empty afterwards, and a second press plans nothing.
    page.get_by_role("tab", name="Møder").click()
    wait_for_app_idle(page)
    plan = plan_form(page)
    place = f"Mødelokale {uuid.uuid4().hex[:4]}"
    field(plan, "Sted").fill(place)
    field(plan, "Formål").fill("At aftale næste skridt.")
    plan.get_by_role("button", name="Planlæg").click()
    wait_for_app_idle(page)
    expect(flash(page, "Mødet er planlagt.")).to_be_visible()
    expect(page.get_by_role("tab", name="Møder")).to_have_attribute("aria-selected", "true")
    plan = plan_form(page)
    expect(field(plan, "Sted")).to_have_value("")
    expect(field(plan, "Formål")).to_have_value("")
    plan.get_by_role("button", name="Planlæg").click()
    wait_for_app_idle(page)
    expect(flash(page, "Mødet er planlagt.")).to_have_count(0)
    expect(page.get_by_text(place)).to_have_count(1)
    check_axe(page, "mediation case opened from its list")


def test_a_new_review_is_the_one_shown_and_the_tab_stays_after_each_save(page, app_server):
    name = f"Gennemgang {uuid.uuid4().hex[:6]}"
    login(page, app_server, "formand")
    open_page(page, "Gennemgange")
    page.get_by_text("Ny gennemgang").click()
    wait_for_app_idle(page)  # a click on «Opret» during the expander's rerun was lost (seen in CI)
    form = page.get_by_test_id("stExpander").filter(has_text="Ny gennemgang").get_by_test_id("stForm")
    field(form, "Navn").fill(name)
    field(form, "Navn").press("Tab")  # the typed name reaches the form before the submit
    form.get_by_role("button", name="Opret").click()
    wait_for_app_idle(page)
    expect(flash(page, "er oprettet")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=name)).to_be_visible()

    # Two members in a row: the «Medlemmer» tab stays open, and they join the new review.
    page.get_by_role("tab", name="Medlemmer").click()
    wait_for_app_idle(page)
    for who in ("Jens Juul", "Pia Østergaard"):
        members = page.get_by_role("tabpanel", name="Medlemmer")
        choose_option(page, members, "Bruger", who, exact=False)
        members.get_by_role("button", name="Tilføj eller ret medlem").click()
        wait_for_app_idle(page)
        expect(flash(page, "Gemt")).to_be_visible()
        expect(page.get_by_role("tab", name="Medlemmer")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("heading", level=2, name=name)).to_be_visible()
    cells = page.locator('[data-testid="stDataFrame"] td[role="gridcell"]')
    expect(cells.filter(has_text="Jens Juul")).to_have_count(1)
    expect(cells.filter(has_text="Pia Østergaard")).to_have_count(1)
    check_axe(page, "reviews after adding members")


def test_english_chosen_stays_at_the_next_login(page, app_server):
    login(page, app_server, "jurist")
    choose_option(page, page.get_by_test_id("stSidebar"), "Sprog", "English")
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Log out")).to_be_visible()
    logout(page, "Log out")
    page.goto(app_server + "/")
    wait_for_app_idle(page)
    # A new visit starts in Danish; logging in brings the saved English back.
    submit_login(page, "jurist", "demo-kode-2026")  # the code step is Danish too: the login is not done yet
    wait_for_session_cookie(page)
    expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Log out")).to_be_visible()
    wait_for_app_idle(page, quiet_ms=1000)
    expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Log out")).to_be_visible()
    # Back to Danish for the tests that follow (they share the demo database).
    choose_option(page, page.get_by_test_id("stSidebar"), "Language", "Dansk")
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Log ud")).to_be_visible()


def test_the_register_form_speaks_danish(page, app_server):
    login(page, app_server, "borgerraadgiver")
    open_page(page, REGISTER)
    page.get_by_text("Registrér henvendelse eller klage").click()
    wait_for_app_idle(page)  # opening the section reruns the page
    form = register_form(page)
    field(form, "Borger (pseudonym)").fill("Borger 1")  # a typed field in a form shows Streamlit's Enter hint
    causes = form.get_by_role("combobox", name="Årsager")
    expect(causes).to_have_attribute("placeholder", "Vælg en eller flere")
    for english in ("Press Enter to submit form", "Choose options"):
        expect(page.get_by_text(english)).to_have_count(0)
