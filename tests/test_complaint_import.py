"""Importing a complaint list: template, local times to UTC, CPR masking, unknown categories with a mapping
offer, all-or-nothing, duplicates, XLSX, the command line."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from reviews import clock
from reviews.analysis import contact_rule as rule
from reviews.cli import main
from reviews.errors import PermissionDenied, ValidationError
from reviews.models import Role
from reviews.services import cases, complaint_import, inquiries
from reviews.services.complaint_import import read_table, suggest_mapping

D = dt.datetime
HEADER = "Modtaget;Kanal;Område;Type;Borger;Beskrivelse;Årsager;Udfald;Status;Lukket;Første kontakt;Sag"


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: D(2025, 12, 1, 12, 0))


def csv_bytes(*lines: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode("utf-8-sig")


def check(db, actor, data: bytes, name="klager.csv", value_mapping=None):
    table = read_table(data, name)
    return complaint_import.validate(db, actor, table, suggest_mapping(list(table.columns)), value_mapping)


def stored(db):
    return db.fetchall("SELECT received_at, received_on, channel, area, inquiry_type, outcome, citizen, account,"
                       " status, closed_on, first_contact_at, case_id FROM inquiries ORDER BY id")


def stored_causes(db):
    return db.fetchall("SELECT i.citizen, list(k.name ORDER BY k.name) FROM inquiries i JOIN inquiry_cause_links l"
                       " ON l.inquiry_id = i.id JOIN inquiry_causes k ON k.id = l.cause_id GROUP BY 1 ORDER BY 1")


def test_template_imports_as_documented(db, users):
    ombudsman = users[Role.OMBUDSMAN]
    case = cases.create_case(db, users[Role.CHAIR], cases.CaseForm("Familie 17")).record
    result = check(db, ombudsman, complaint_import.template_csv_bytes(), complaint_import.TEMPLATE_FILENAME)
    assert result.problems == [] and result.unknown == []
    report = complaint_import.import_complaints(db, ombudsman, result, filename="skabelon.csv")
    assert (report.imported, report.duplicates, report.rows_skipped) == (3, 0, 0)
    first = stored(db)[0]
    assert first[:4] == (D(2025, 2, 3, 13, 5), dt.date(2025, 2, 3), "telefon", "Børn og Familie")
    assert first[4:7] == ("klage", "løst gennem dialog", "Borger 117")
    assert first[8:] == ("lukket", dt.date(2025, 2, 20), D(2025, 2, 4, 8, 30), case.id)
    assert stored(db)[2][8] == "åben"
    assert stored_causes(db) == [("Borger 117", ["Lang sagsbehandlingstid", "Manglende svar"]),
                                 ("Borger 119", ["Dårlig behandling/tone"])]
    page = inquiries.search_inquiries(db, ombudsman, text="Borger 117")
    assert page.items[0].cause_names == ("Lang sagsbehandlingstid", "Manglende svar")
    audit = db.fetchall("SELECT action, count(*) FROM audit_log WHERE record_type = 'inquiry' GROUP BY 1 ORDER BY 1")
    assert ("create", 3) in audit and ("import", 1) in audit


def test_local_times_across_dst_are_converted_like_the_rule(db, users):
    ombudsman = users[Role.OMBUDSMAN]
    data = csv_bytes(
        "26-10-2025 02:30;;Andet;;Borger 1;;;;;;26-10-2025 23:59;",  # the doubled hour: first occurrence
        "30-03-2025 02:30;;Andet;;Borger 2;;;;;;;",  # the skipped hour: read one hour later
        "2025-01-01;;Andet;;Borger 3;;;;;;;",  # a date only: from 00:00
        "2025-07-01T08:15:00;;Andet;;Borger 4;;;;;;;")
    result = check(db, ombudsman, data)
    assert result.problems == []
    complaint_import.import_complaints(db, ombudsman, result)
    received = [r[0] for r in stored(db)]
    assert received == [rule.local_to_utc(D(2025, 10, 26, 2, 30)), rule.local_to_utc(D(2025, 3, 30, 2, 30)),
                        rule.local_to_utc(D(2025, 1, 1)), rule.local_to_utc(D(2025, 7, 1, 8, 15))]
    assert received[:3] == [D(2025, 10, 26, 0, 30), D(2025, 3, 30, 1, 30), D(2024, 12, 31, 23, 0)]
    assert stored(db)[2][1] == dt.date(2025, 1, 1)  # the local date counts for the year
    assert [r[2] for r in stored(db)] == ["andet"] * 4 and [r[4] for r in stored(db)] == ["klage"] * 4


def test_unknown_categories_are_reported_with_a_mapping_offer_and_nothing_is_imported(db, users):
    ombudsman = users[Role.OMBUDSMAN]
    data = csv_bytes(
        "01-10-2025 10:00;Mail;Børn og familie;Klage;Borger 1;;Ventetid;;;;;",
        "02-10-2025 10:00;mail;Skoleområdet;klage;Borger 2;;Manglende svar, ventetid;kritik;lukket;03-10-2025;;",
        "03-10-2025 10:00;sms;Børn og Familie;ros;Borger 3;;;;;;;",
        "04-10-2025 10:00;TLF;Børn og Familie;klage;Borger 4;;manglende  SVAR;;;;;")
    result = check(db, ombudsman, data)
    unknown = {(u.column, u.value): (u.rows, u.first_row) for u in result.unknown}
    assert unknown == {("Årsager", "Ventetid"): (2, 2), ("Område", "Skoleområdet"): (1, 3), ("Kanal", "sms"): (1, 4),
                       ("Type", "ros"): (1, 4)}
    # "Mail"/"mail" are an alias of e-mail, "TLF" of telefon, "kritik" of the outcome: not unknown.
    assert {u.value for u in result.unknown} == {"Ventetid", "Skoleområdet", "sms", "ros"}
    assert next(u for u in result.unknown if u.value == "Ventetid").rows == 2  # one decision for both spellings
    keys = {(p.row_number, p.key) for p in result.problems}
    assert keys == {(2, "import.complaints.row.unknown_cause"), (3, "import.complaints.row.unknown_value"),
                    (3, "import.complaints.row.unknown_cause"), (4, "import.complaints.row.unknown_value")}
    with pytest.raises(ValidationError) as info:
        complaint_import.import_complaints(db, ombudsman, result)
    assert info.value.key == "import.refused_has_errors" and info.value.params["count"] == 3
    assert stored(db) == []

    mapping = {"Årsager": {"ventetid": "Lang sagsbehandlingstid"}, "Område": {"skoleomradet": "Børn og Familie"},
               "Kanal": {"sms": "andet"}, "Type": {"ros": "vejledning"}}
    mapped = check(db, ombudsman, data, value_mapping=mapping)
    assert mapped.problems == [] and mapped.unknown == []
    complaint_import.import_complaints(db, ombudsman, mapped)
    rows = stored(db)
    assert [(r[2], r[3], r[4], r[5]) for r in rows] == [
        ("e-mail", "Børn og Familie", "klage", None),
        ("e-mail", "Børn og Familie", "klage", "kritik af forvaltningen"),
        ("andet", "Børn og Familie", "vejledning", None),
        ("telefon", "Børn og Familie", "klage", None)]
    assert stored_causes(db) == [("Borger 1", ["Lang sagsbehandlingstid"]),
                                 ("Borger 2", ["Lang sagsbehandlingstid", "Manglende svar"]),
                                 ("Borger 4", ["Manglende svar"])]


def test_suggestions_for_near_misses(db, users):
    data = csv_bytes("01-10-2025 10:00;telefonn;Born og Familie;klage;Borger 1;;Lang sagsbehandling;;;;;")
    result = check(db, users[Role.OMBUDSMAN], data)
    suggestions = {u.value: u.suggestion for u in result.unknown}
    assert suggestions == {"telefonn": "telefon", "Lang sagsbehandling": "Lang sagsbehandlingstid"}
    # "Born og Familie" folds to the known area without a mapping.
    assert complaint_import.suggested_value_mapping(result) == {
        "Kanal": {"telefonn": "telefon"}, "Årsager": {"lang sagsbehandling": "Lang sagsbehandlingstid"}}


def test_bad_rows_are_reported_and_valid_only_imports_the_rest(db, users):
    ombudsman = users[Role.OMBUDSMAN]
    data = csv_bytes(
        "01-10-2025 10:00;telefon;Andet;klage;Borger 1;ok;;;;;;",
        "31-02-2025 10:00;telefon;Andet;klage;Borger 2;;;;;;;",
        "01-10-2025 10:00;telefon;Andet;klage;Borger 3;;;;;;01-10-2025 09:59;",
        "01-10-2025 10:00;telefon;Andet;klage;;;;;;;;",
        "01-10-2025 10:00;telefon;Andet;klage;Borger 5;;;;lukket;;;",
        "01-10-2025 10:00;telefon;Andet;klage;Borger 6;;;løst gennem dialog;;30-09-2025;;",
        "01-10-2025 10:00;telefon;Andet;klage;Borger 7;;;;;;;Familie 999",
        "01-10-2026 10:00;telefon;Andet;klage;Borger 8;;;;;;;",
        ";telefon;;klage;Borger 9;;;;;;;",
        "01-10-2025 10:00;telefon;Andet;klage;010203-1234;;;;;;;",
        ";;;;;;;;;;;",  # a blank row is no row
        "02-10-2025 10:00;telefon;Andet;klage;Borger 10;Cpr 0102031234 nævnt;;;;;;")
    result = check(db, ombudsman, data)
    problems = {(p.row_number, p.key) for p in result.problems}
    assert problems == {
        (3, "import.row.bad_date"), (4, "import.complaints.row.contact_before_receipt"),
        (5, "import.complaints.row.missing_citizen"), (6, "import.complaints.row.outcome_required"),
        (7, "import.complaints.row.closed_before_received"), (8, "import.complaints.row.unknown_case"),
        (9, "import.complaints.row.in_future"), (10, "import.complaints.row.missing_received"),
        (10, "import.complaints.row.missing_area"), (11, "import.complaints.row.cpr_in_citizen")}
    assert result.masked_cpr == 2
    with pytest.raises(ValidationError):
        complaint_import.import_complaints(db, ombudsman, result)
    assert stored(db) == []
    report = complaint_import.import_complaints(db, ombudsman, result, valid_only=True)
    assert (report.imported, report.rows_skipped, report.masked_cpr) == (2, 9, 2)
    assert [(r[6], r[7]) for r in stored(db)] == [("Borger 1", "ok"), ("Borger 10", "Cpr [CPR fjernet] nævnt")]


def test_missing_required_column_blocks_everything(db, users):
    data = csv_bytes("01-10-2025 10:00;Borger 1", header="Modtaget;Borger")
    result = check(db, users[Role.OMBUDSMAN], data)
    assert result.is_blocked
    assert [(p.column, p.key) for p in result.problems] == [("Område", "import.missing_required_column")]
    with pytest.raises(ValidationError) as info:
        complaint_import.import_complaints(db, users[Role.OMBUDSMAN], result, valid_only=True)
    assert info.value.key == "import.nothing_to_import"


def test_importing_the_same_file_twice_adds_nothing(db, users):
    ombudsman = users[Role.OMBUDSMAN]
    data = csv_bytes("01-10-2025 10:00;telefon;Andet;klage;Borger 1;;Manglende svar;;;;;",
                     "01-10-2025 10:00;telefon;Andet;klage;borger 1;;Manglende svar;;;;;",  # the same, repeated
                     "01-10-2025 11:00;telefon;Andet;klage;Borger 1;;;;;;;")
    first = complaint_import.import_complaints(db, ombudsman, check(db, ombudsman, data))
    assert (first.imported, first.duplicates) == (2, 1)
    again = complaint_import.import_complaints(db, ombudsman, check(db, ombudsman, data))
    assert (again.imported, again.duplicates) == (0, 3)
    assert db.fetchone("SELECT count(*) FROM inquiry_cause_links")[0] == 1


def test_xlsx_with_date_cells_and_other_headers(db, users):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Dato", "Afdeling", "Pseudonym", "Klageårsag", "Resultat", "Kontaktet"])
    sheet.append([D(2025, 6, 2, 9, 45), "Beskæftigelse", "Borger 42", "Uklar kommunikation", "ingen kritik",
                  D(2025, 6, 2, 15, 0)])
    buffer = io.BytesIO()
    book.save(buffer)
    ombudsman = users[Role.OMBUDSMAN]
    table = read_table(buffer.getvalue(), "klager.xlsx")
    mapping = suggest_mapping(list(table.columns))
    assert (mapping["Modtaget"], mapping["Område"], mapping["Borger"], mapping["Årsager"], mapping["Udfald"],
            mapping["Første kontakt"]) == ("Dato", "Afdeling", "Pseudonym", "Klageårsag", "Resultat", "Kontaktet")
    result = complaint_import.validate(db, ombudsman, table, mapping)
    assert result.problems == []
    complaint_import.import_complaints(db, ombudsman, result)
    row = stored(db)[0]
    assert (row[0], row[5], row[10]) == (D(2025, 6, 2, 7, 45), "ingen kritik", D(2025, 6, 2, 13, 0))


def test_only_the_ombudsman_may_import(db, users):
    data = complaint_import.template_csv_bytes()
    for role in (Role.ADMINISTRATOR, Role.CHAIR, Role.READER, Role.REVIEWER):
        with pytest.raises(PermissionDenied):
            check(db, users[role], data)


def test_command_line(tmp_path, capsys):
    path = tmp_path / "db.duckdb"
    good = tmp_path / "klager.csv"
    good.write_bytes(csv_bytes("01-10-2025 10:00;Mail;Andet;klage;Borger 1;;Ventetid;;;;;",
                               "01-10-2025 11:00;telefon;Andet;klage;Borger 2;;;;;;;"))
    assert main(["--db", str(path), "import-complaints", str(good)]) == 2
    err = capsys.readouterr().err
    assert "række 2" in err and "Ventetid" in err and "Intet er importeret" in err
    assert main(["--db", str(path), "import-complaints", str(good), "--valid-only"]) == 0
    out = capsys.readouterr()
    assert "1 " in out.out and "række 2" in out.err
    assert main(["--db", str(path), "import-complaints", str(good),
                 "--map", "Årsager:Ventetid=Lang sagsbehandlingstid"]) == 0
    assert "1 " in capsys.readouterr().out  # the mapped row; the other is a duplicate now
    missing = tmp_path / "findes-ikke.csv"
    assert main(["--db", str(path), "import-complaints", str(missing)]) == 2
    assert main(["--db", str(path), "import-complaints", str(good), "--map", "forkert"]) == 2


def test_dates_and_times_in_the_spellings_danish_systems_export():
    from reviews.importing.complaints import _parse
    import pandas as pd

    cells = ["01-10-2025 10:00", "1-2-2025", "2025-01-01", "2025-07-01T08:15:00", "01.02.2025 kl. 10.00",
             "2025-02-01 10:00:00.5", "29-02-2024 23:59", None,
             "31-02-2025 10:00", "xx", "26-10-2025 25:30", "01-10-0024", "2025-13-01", "29-02-2025"]
    values, bad = _parse(pd.Series(cells, dtype="str"))
    assert [v.to_pydatetime() if not pd.isna(v) else None for v in values[:8]] == [
        D(2025, 10, 1, 10, 0), D(2025, 2, 1), D(2025, 1, 1), D(2025, 7, 1, 8, 15), D(2025, 2, 1, 10, 0),
        D(2025, 2, 1, 10, 0), D(2024, 2, 29, 23, 59), None]
    assert bad.tolist() == [False] * 8 + [True] * 6
    assert values[8:].isna().all()
