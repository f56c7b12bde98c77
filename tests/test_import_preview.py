"""The import previews: catalogue headers (Danish, or English when chosen), no «None»/«NaT», Danish dates;
and the two import pages showing them, with the counts in the right singular or plural form."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from reviews import ui
from reviews.importing import complaints
from reviews.importing.cases import suggest_mapping, validate_rows
from reviews.importing.preview import case_preview, complaint_preview
from reviews.importing.reader import read_table
from reviews.models import Role
from reviews.services import complaint_import, imports
from reviews.storage.database import Database
from tests.conftest import ROOT, demo_user

APP = str(ROOT / "app.py")

CASES_CSV = (
    "Pseudonym;Område;Oprettet;Lukket;Status;Resumé;Hændelsesdato;Hændelsestype;Hændelsestekst\n"
    "Familie 9101;Børn og Familie;05-02-2024;;åben;;2024-02-06;klage;Mor ringede.\n"
    "Familie 9102;;;;;;;;\n"
)
DA_CASE_HEADERS = ["Række", "Pseudonym", "Område", "Oprettet", "Lukket", "Status", "Resumé", "Hændelsesdato",
                   "Hændelsestype", "Hændelsestekst"]
EN_CASE_HEADERS = ["Row", "Pseudonym", "Area", "Opened", "Closed", "Status", "Summary", "Event date", "Event type",
                   "Event text"]
DA_COMPLAINT_HEADERS = ["Række", "Modtaget", "Kanal", "Område", "Type", "Borger", "Beskrivelse", "Årsager", "Udfald",
                        "Status", "Lukket", "Første kontakt", "Sag"]
INTERNAL = {"row_number", "pseudonym", "area", "opened", "closed", "status", "summary", "event_date", "event_type",
            "text", "has_event", "received_at", "channel", "citizen", "account", "case_id", "closed_on",
            "first_contact_at"}


def cells(frame: pd.DataFrame) -> list[str]:
    return [str(v) for v in frame.to_numpy().ravel().tolist()]


def case_result():
    table = read_table(CASES_CSV.encode(), "sager.csv")
    return validate_rows(table, suggest_mapping(list(table.columns)))


def test_case_preview_has_danish_headers_danish_dates_and_empty_cells_for_missing_values():
    preview = case_preview(case_result(), "da")
    assert list(preview.columns) == DA_CASE_HEADERS
    assert preview.to_dict("records") == [
        {"Række": 2, "Pseudonym": "Familie 9101", "Område": "Børn og Familie", "Oprettet": "05.02.2024",
         "Lukket": "", "Status": "Åben", "Resumé": "", "Hændelsesdato": "06.02.2024", "Hændelsestype": "Klage",
         "Hændelsestekst": "Mor ringede."},
        {"Række": 3, "Pseudonym": "Familie 9102", "Område": "", "Oprettet": "", "Lukket": "", "Status": "",
         "Resumé": "", "Hændelsesdato": "", "Hændelsestype": "", "Hændelsestekst": ""},
    ]
    text = cells(preview)
    assert not {"None", "nan", "NaN", "NaT", "<NA>"} & set(text)
    assert not any("00:00:00" in v for v in text)


def test_case_preview_in_english():
    preview = case_preview(case_result(), "en")
    assert list(preview.columns) == EN_CASE_HEADERS
    first = preview.iloc[0]
    assert (first["Opened"], first["Status"], first["Event type"]) == ("05/02/2024", "Open", "Complaint")


def test_case_preview_shows_at_most_the_limit_and_nothing_when_blocked():
    rows = "".join(f"Familie {n};;01-02-2024;;;;;;\n" for n in range(30))
    table = read_table(("Pseudonym;Område;Oprettet;Lukket;Status;Resumé;Hændelsesdato;Hændelsestype;Hændelsestekst\n"
                        + rows).encode(), "sager.csv")
    result = validate_rows(table, suggest_mapping(list(table.columns)))
    assert len(case_preview(result, "da")) == 20
    assert case_preview(result, "da", limit=3)["Række"].tolist() == [2, 3, 4]
    blocked = validate_rows(table, dict.fromkeys(suggest_mapping(list(table.columns))))
    assert blocked.is_blocked
    empty = case_preview(blocked, "da")
    assert len(empty) == 0 and list(empty.columns) == DA_CASE_HEADERS


def complaint_result():
    table = read_table(complaints.template_csv_bytes(), "klager.csv")
    return complaints.validate_complaints(
        table, complaints.suggest_mapping(list(table.columns)),
        areas=["Børn og Familie", "Handicap og Psykiatri", "Beskæftigelse"],
        causes={"Manglende svar": 11, "Lang sagsbehandlingstid": 12, "Dårlig behandling/tone": 13},
        cases={"familie 17": 170})


def test_complaint_preview_has_danish_headers_local_times_names_and_no_none():
    result = complaint_result()
    assert result.problems == []
    preview = complaint_preview(result, "da")
    assert list(preview.columns) == DA_COMPLAINT_HEADERS
    first, second = preview.iloc[0], preview.iloc[1]
    # 03-02-2025 14:05 Copenhagen time, stored as 13:05 UTC, shown again as Danish time
    assert first["Modtaget"] == "03.02.2025 14.05"
    assert (first["Kanal"], first["Type"], first["Udfald"], first["Status"]) == (
        "Telefon", "Klage", "Løst gennem dialog", "Lukket")
    assert first["Årsager"] == "Manglende svar; Lang sagsbehandlingstid"
    assert (first["Lukket"], first["Første kontakt"], first["Sag"]) == ("20.02.2025", "04.02.2025 09.30", "Familie 17")
    assert (second["Årsager"], second["Første kontakt"], second["Sag"]) == ("", "", "")
    text = cells(preview)
    assert not {"None", "nan", "NaN", "NaT", "<NA>"} & set(text)
    assert not any("00:00:00" in v for v in text)
    english = complaint_preview(result, "en")
    assert english.columns[1:4].tolist() == ["Received", "Channel", "Area"]
    assert english.iloc[0]["Received"] == "03/02/2025 14:05"


def test_the_services_offer_the_previews():
    assert imports.preview is case_preview and complaint_import.preview is complaint_preview


# --- the pages -----------------------------------------------------------------------------------------------


def open_page(monkeypatch, db_path, path: str, role: Role, lang: str = "da") -> AppTest:
    monkeypatch.setenv("REVIEWS_DB", str(db_path))
    # AppTest formats widget values (format_func -> ui.tr) in the test's thread, outside a script run.
    monkeypatch.setattr(ui._run, "lang", lang, raising=False)
    database = Database(str(db_path))
    user = demo_user(database, role)
    database.close()
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["user"] = user
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def preview_frame(at: AppTest) -> pd.DataFrame:
    [preview] = [d.value for d in at.dataframe if "Række" in d.value.columns or "Row" in d.value.columns]
    return preview


@pytest.mark.parametrize("lang", ["da", "en"])
def test_case_import_page_shows_the_catalogue_preview_and_singular_counts(monkeypatch, demo_db_path, lang):
    at = open_page(monkeypatch, demo_db_path, "pages/import_cases.py", Role.CHAIR, lang)
    one_row = "\n".join(CASES_CSV.splitlines()[:2]) + "\n"
    at.file_uploader[0].set_value(("sager.csv", one_row.encode(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    preview = preview_frame(at)
    assert list(preview.columns) == (DA_CASE_HEADERS if lang == "da" else EN_CASE_HEADERS)
    assert not INTERNAL & set(preview.columns)
    assert "None" not in cells(preview)
    captions = [c.value for c in at.caption]
    expected = ("1 række · 1 sag · 1 hændelse · 0 rækker med fejl" if lang == "da"
                else "1 row · 1 case · 1 event · 0 rows with errors")
    assert expected in captions
    # Progress: the check of the file ends as a finished status with a summary.
    [status] = [s for s in at.status]
    assert status.state == "complete"
    assert status.label == ("Filen er kontrolleret: 1 række, 0 med fejl" if lang == "da"
                            else "The file was checked: 1 row, 0 with errors")


def test_case_import_page_imports_with_a_status_and_a_singular_report(monkeypatch, demo_db_path):
    at = open_page(monkeypatch, demo_db_path, "pages/import_cases.py", Role.CHAIR)
    one_row = "\n".join(CASES_CSV.splitlines()[:2]) + "\n"
    at.file_uploader[0].set_value(("sager.csv", one_row.encode(), "text/csv")).run()
    [button] = [b for b in at.button if b.label == "Importér"]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == [
        "Importen er gennemført: 1 ny sag, 0 eksisterende, 1 hændelse tilføjet (0 dubletter sprunget over), "
        "0 rækker med fejl sprunget over, 0 CPR-numre fjernet."]


def test_complaint_import_page_shows_the_catalogue_preview(monkeypatch, demo_db_path):
    at = open_page(monkeypatch, demo_db_path, "pages/import_complaints.py", Role.OMBUDSMAN)
    at.file_uploader[0].set_value(("klager.csv", complaint_import.template_csv_bytes(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    preview = preview_frame(at)
    assert list(preview.columns) == DA_COMPLAINT_HEADERS
    assert not INTERNAL & set(preview.columns)
    assert "None" not in cells(preview)
    assert preview["Modtaget"].tolist()[0] == "03.02.2025 14.05"
    assert any(c.value.startswith("3 rækker · ") for c in at.caption)
