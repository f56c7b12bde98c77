"""The administrator's data-safety journey: take a backup and download it, check the retention plan,
and answer an insight request with an extract of the audit log."""

from __future__ import annotations

import csv
import io
import re

import pytest

from .conftest import check_axe, expect, goto_page, login, wait_for_app_idle

pytestmark = [pytest.mark.browser, pytest.mark.safety]


def test_administrator_backs_up_and_answers_an_insight_request(page, app_server):
    login(page, app_server, "admin")
    goto_page(page, "Datasikkerhed")
    expect(page.get_by_role("heading", level=1)).to_have_text("Datasikkerhed")
    expect(page.get_by_role("heading", name="Opbevaringsfrister og sletning")).to_be_visible()
    check_axe(page, "data safety")

    # A backup from inside the running app, listed and downloadable.
    page.get_by_role("button", name="Tag sikkerhedskopi nu").click()
    wait_for_app_idle(page)
    done = page.get_by_test_id("stAlert").filter(has_text="Sikkerhedskopien")
    expect(done).to_contain_text(re.compile(r"Sikkerhedskopien backup-\d{8}-\d{6}\.duckdb er gemt"))
    name = re.search(r"backup-\d{8}-\d{6}\.duckdb", done.inner_text()).group(0)
    page.get_by_role("button", name="Gør klar til download").click()
    wait_for_app_idle(page)
    expect(page.get_by_text("Kopien indeholder alle personoplysninger")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name=f"Hent {name}").click()
    data = open(info.value.path(), "rb").read()
    assert data[8:12] == b"DUCK" and len(data) > 100_000  # a DuckDB file, not an error page
    check_axe(page, "data safety after a backup")

    # Retention periods: saved with a Danish confirmation; the plan is shown but nothing is deleted here.
    page.get_by_role("button", name="Gem frister").click()
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="Fristerne er gemt")).to_be_visible()

    # An insight request for one pseudonym: a CSV without employees' names.
    page.get_by_label("Pseudonym", exact=True).fill("Familie 17")
    page.get_by_role("button", name="Lav udtræk").click()
    wait_for_app_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="logposter om Familie 17")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Hent CSV").click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Dato", "Klokkeslæt", "Handling", "Formål", "Oplysning", "Nummer"]
    assert len(rows) > 1 and {"Oprettet"} <= {r[2] for r in rows[1:]}
    check_axe(page, "data safety after an extract")


def test_other_roles_do_not_see_the_data_safety_page(page, app_server):
    login(page, app_server, "formand")
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Datasikkerhed")).to_have_count(0)
    page.goto(app_server + "/datasikkerhed")
    wait_for_app_idle(page)
    expect(page.get_by_role("button", name="Tag sikkerhedskopi nu")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
