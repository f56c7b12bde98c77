"""The ombudsman's journey: register a complaint, record the phone call within 24 hours, open a mediation
case from it, plan and log a meeting with an agreement and a follow-up, close the follow-up; the chair
sees the statistics change. axe-core on every page on the way; the administrator cannot reach mediation."""

from __future__ import annotations

import re
import uuid

import pytest

from .conftest import choose_option, check_axe, expect, goto_page, login, nav_link, wait_for_app_idle

pytestmark = pytest.mark.browser

REGISTER = "Henvendelser og klager"
MEDIATION = "Mægling og dialogmøder"
STATISTICS = "Årsberetning (statistik)"
ANALYSIS = "Klageanalyse"


def visible_form(page, text: str):
    form = page.locator('[data-testid="stForm"]:visible').filter(has_text=text)
    expect(form).to_have_count(1)
    return form


def flash(page, text: str):
    return page.get_by_test_id("stAlert").filter(has_text=text)


def field(scope, label: str):
    """A text field (input or text area) by its label; help buttons share the label, so match the role."""
    return scope.get_by_role("textbox", name=label, exact=True)


def number(scope, label: str):
    return scope.get_by_role("spinbutton", name=label, exact=True)


def metric_value(page, label: str) -> int:
    metric = page.get_by_test_id("stMetric").filter(has_text=label)
    expect(metric).to_have_count(1)
    return int(re.sub(r"\D", "", metric.get_by_test_id("stMetricValue").inner_text()))


def open_page(page, title: str) -> None:
    """goto_page, after expanding the sidebar navigation when it shows only its first entries."""
    more = page.get_by_test_id("stSidebarNav").get_by_text(re.compile(r"^View \d+ more$"))
    if not nav_link(page, title).is_visible() and more.count():
        more.click()
    goto_page(page, title)


def logout(page) -> None:
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log ud").click()
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")


def test_ombudsman_journey_and_the_chair_sees_the_statistics_change(page, app_server):
    citizen = f"Borger T{uuid.uuid4().hex[:6]}"

    # The chair first: the year's complaints as the yearly report counts them.
    login(page, app_server, "formand")
    open_page(page, STATISTICS)
    expect(page.get_by_role("heading", level=1)).to_have_text(STATISTICS)
    complaints_before = metric_value(page, "Klager")
    expect(page.get_by_text(citizen)).to_have_count(0)
    check_axe(page, "yearly statistics (chair)")
    open_page(page, ANALYSIS)
    expect(page.get_by_role("heading", name="De hyppigste årsager")).to_be_visible()
    check_axe(page, "complaint analysis (chair)")
    expect(nav_link(page, REGISTER)).to_have_count(0)
    expect(nav_link(page, MEDIATION)).to_have_count(0)
    logout(page)

    # The ombudsman registers a complaint; it lands on the 24-hour worklist with the deadline running.
    login(page, app_server, "borgerraadgiver")
    open_page(page, REGISTER)
    expect(page.get_by_text("tæller klokketimer").first).to_be_visible()  # the rule counts clock hours
    check_axe(page, "register")
    page.get_by_text("Registrér henvendelse eller klage").click()
    form = visible_form(page, "Borger (pseudonym)")
    field(form, "Borger (pseudonym)").fill(citizen)
    choose_option(page, form, "Område", "Handicap og Psykiatri")
    field(form, "Kort beskrivelse").fill("Klager over, at ingen har svaret på ansøgningen om aflastning.")
    form.get_by_role("button", name="Registrér").click()
    wait_for_app_idle(page)
    expect(flash(page, "er registreret")).to_be_visible()
    heading = page.get_by_role("heading", level=2).filter(has_text=citizen)
    expect(heading).to_be_visible()
    inquiry_no = heading.inner_text().split(" · ")[0]
    assert re.fullmatch(r"H-\d+", inquiry_no), inquiry_no
    expect(page.get_by_text("Frist løber").first).to_be_visible()
    check_axe(page, "register with the new complaint")

    # The phone call, within the 24 hours.
    page.get_by_role("tab", name="Første kontakt").click()
    contact = visible_form(page, "Gem første kontakt")
    field(contact, "Note om kontakten").fill("Ringede borgeren op og gav mundtlig kvittering.")
    contact.get_by_role("button", name="Gem første kontakt").click()
    wait_for_app_idle(page)
    expect(flash(page, "24-timersreglen Overholdt")).to_be_visible()
    expect(page.get_by_text("Overholdt (kontakt efter")).to_be_visible()

    # A mediation case from the complaint: the meeting log is kept together with the complaint.
    page.get_by_role("tab", name="Mægling/dialogmøde").click()
    page.get_by_role("button", name="Opret mægling ud fra henvendelsen").click()
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(MEDIATION)
    new_case = visible_form(page, "Henvendelse nr.")
    expect(field(new_case, "Borger (pseudonym)")).to_have_value(citizen)
    expect(number(new_case, "Henvendelse nr. (H-…)")).to_have_value(inquiry_no[2:])
    title = f"Mægling: {citizen}"
    expect(field(new_case, "Titel")).to_have_value(title)
    new_case.get_by_role("button", name="Opret").click()
    wait_for_app_idle(page)
    expect(flash(page, "er oprettet")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()
    expect(page.get_by_text(f"Henvendelse/klage: {inquiry_no}")).to_be_visible()
    check_axe(page, "mediation case")

    # Parties: the citizen and the caseworker (the ombudsman is already there as the impartial party).
    for name, role, trust in (("Borgeren", "Borger", "3"), ("Sagsbehandleren", "Sagsbehandler", "5")):
        party = visible_form(page, "Tilføj part")
        field(party, "Part (betegnelse)").fill(name)
        choose_option(page, party, "Rolle", role)
        number(party, "Tillid før (0-10)").fill(trust)
        party.get_by_role("button", name="Tilføj part").click()
        wait_for_app_idle(page)
        expect(flash(page, "Parten er tilføjet.")).to_be_visible()

    # Plan a meeting today with purpose and agenda; everyone is invited.
    page.get_by_role("tab", name="Møder").click()
    plan = visible_form(page, "Planlæg")
    field(plan, "Sted").fill("Rådhuset, mødelokale 3")
    field(plan, "Formål").fill("At genoprette samarbejdet om aflastningen.")
    field(plan, "Dagsorden").fill("Borgerens oplevelse\nAftaler")
    plan.get_by_role("button", name="Planlæg").click()
    wait_for_app_idle(page)
    expect(flash(page, "Mødet er planlagt.")).to_be_visible()
    check_axe(page, "mediation with a planned meeting")

    # Log the meeting: all came, notes on an item, an agreement, a follow-up, trust after the meeting.
    page.get_by_role("tab", name="Møder").click()
    log = visible_form(page, "Registrér mødet")
    number(log, "Tillid efter: Borgeren").fill("7")
    field(log, "Noter: Borgerens oplevelse").fill("Borgeren beskrev forløbet; sagsbehandleren lyttede.")
    field(log, "Aftaler").fill("Sagsbehandleren sender en tidsplan for afgørelsen.")
    choose_option(page, log, "Opfølgning 1: ansvarlig (hvem)", "Sagsbehandleren")
    field(log, "Opfølgning 1: hvad").fill("Sende tidsplan til borgeren")
    log.get_by_role("button", name="Gem mødet").click()
    wait_for_app_idle(page)
    expect(flash(page, "Mødet er registreret.")).to_be_visible()
    page.get_by_role("tab", name="Møder").click()
    expect(page.get_by_text("Sagsbehandleren sender en tidsplan for afgørelsen.").first).to_be_visible()
    expect(page.get_by_text("tillid 7").first).to_be_visible()

    # Close the follow-up.
    page.get_by_role("tab", name="Opfølgning").click()
    expect(page.get_by_text("Sende tidsplan til borgeren").first).to_be_visible()
    page.get_by_role("tabpanel", name="Opfølgning").get_by_role("button", name="Udført").click()
    wait_for_app_idle(page)
    expect(flash(page, "Opfølgningen er markeret som udført.")).to_be_visible()
    page.get_by_role("tab", name="Opfølgning").click()
    followups = page.get_by_role("tabpanel", name="Opfølgning")
    expect(followups.get_by_text(re.compile(r"Sende tidsplan til borgeren · udført"))).to_be_visible()
    check_axe(page, "mediation after the follow-up")
    logout(page)

    # The chair sees one complaint more; no names or free text on the statistics page.
    login(page, app_server, "formand")
    open_page(page, STATISTICS)
    expect(page.get_by_test_id("stMetric").filter(has_text="Klager")).to_be_visible()
    assert metric_value(page, "Klager") == complaints_before + 1
    expect(page.get_by_text(citizen)).to_have_count(0)
    expect(page.get_by_text("ingen har svaret")).to_have_count(0)


def test_administrator_keeps_the_lists_but_cannot_reach_mediation(page, app_server):
    login(page, app_server, "admin")
    expect(nav_link(page, MEDIATION)).to_have_count(0)
    expect(nav_link(page, REGISTER)).to_have_count(0)
    open_page(page, "Årsager og områder")
    expect(page.get_by_role("heading", level=1)).to_have_text("Årsager og områder")
    check_axe(page, "causes and areas")
