"""The case import end to end: file bytes -> validation -> all-or-nothing storage, UI service and CLI."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reviews.errors import PermissionDenied, ValidationError
from reviews.models import Role
from reviews.services import imports
from reviews.services import reviews as review_service
from tests.conftest import ROOT

HEADER = "Pseudonym;Område;Oprettet;Lukket;Status;Resumé;Hændelsesdato;Hændelsestype;Hændelsestekst\n"
GOOD = (
    HEADER
    + 'Familie 50;Børn og Familie;03-01-2023;;åben;"Klage over inddragelse";10-01-2023;klage;"Mor ringede.\nHun ønsker møde."\n'
    + "Familie 50;;;;;;24-01-2023;møde;Dialogmøde på rådhuset med cpr 010203-1234\n"
    + "Familie 51;Handicap og Psykiatri;2022-08-15;2023-06-30;lukket;Skift af rådgiver;2022-09-01;skift af sagsbehandler;Ny rådgiver\n"
)
BAD = GOOD + "Familie 52;Ældre og Sundhed;31-02-2024;;åben;;;;\n" + ";;;;;;01-01-2024;klage;uden pseudonym\n"


def run_import(db, actor, text: str, **kwargs):
    table = imports.read_table(text.encode("utf-8"), "sager.csv")
    result = imports.validate(db, actor, table, imports.suggest_mapping(list(table.columns)))
    return result, imports.import_cases(db, actor, result, filename="sager.csv", **kwargs)


def counts(db):
    return (db.fetchone("SELECT count(*) FROM cases")[0], db.fetchone("SELECT count(*) FROM timeline_events")[0])


def test_valid_file_imports_cases_events_and_masks_cpr(db, users):
    _, report = run_import(db, users[Role.OMBUDSMAN], GOOD)
    assert (report.cases_created, report.events_added, report.masked_cpr) == (2, 3, 1)
    assert counts(db) == (2, 3)
    texts = [r[0] for r in db.fetchall("SELECT text FROM timeline_events ORDER BY event_date")]
    assert texts[1] == "Mor ringede.\nHun ønsker møde."  # line break inside a quoted field survives
    assert "[CPR fjernet]" in texts[2] and "010203" not in " ".join(texts)
    audit = db.fetchall("SELECT action, pseudonym FROM audit_log WHERE purpose = 'import' ORDER BY id")
    assert ("create", "Familie 50") in audit and audit[-1][0] == "import"


def test_reimporting_the_same_file_adds_nothing(db, users):
    run_import(db, users[Role.OMBUDSMAN], GOOD)
    _, report = run_import(db, users[Role.OMBUDSMAN], GOOD)
    assert (report.cases_created, report.cases_existing, report.events_added, report.events_skipped_duplicates) \
        == (0, 2, 0, 3)
    assert counts(db) == (2, 3)


def test_file_with_errors_imports_nothing_unless_valid_only(db, users):
    actor = users[Role.CHAIR]
    with pytest.raises(ValidationError) as info:
        run_import(db, actor, BAD)
    assert info.value.key == "import.refused_has_errors" and info.value.params["count"] == 2
    assert counts(db) == (0, 0)  # nothing half-written
    result, report = run_import(db, actor, BAD, valid_only=True)
    # Rows count records as a spreadsheet shows them: header 1, so the two bad records are rows 5 and 6.
    assert sorted(p.row_number for p in result.problems) == [5, 6]
    assert (report.cases_created, report.rows_skipped) == (2, 2)
    assert counts(db) == (2, 3)


def test_import_into_a_review_selects_the_cases(db, users):
    chair = users[Role.CHAIR]
    review = review_service.create_review(db, chair, review_service.ReviewForm("Import-gennemgang"))
    run_import(db, chair, GOOD, review_id=review.id)
    selected = review_service.get_review(db, chair, review.id).cases
    assert [c.pseudonym for c in selected] == ["Familie 50", "Familie 51"]


def test_reviewers_and_readers_cannot_import(db, users):
    table = imports.read_table(GOOD.encode(), "sager.csv")
    for role in (Role.REVIEWER, Role.READER):
        with pytest.raises(PermissionDenied):
            imports.validate(db, users[role], table, {})
    assert counts(db) == (0, 0)


def cli(*args, db_path):
    return subprocess.run([sys.executable, "-m", "reviews", "--db", str(db_path), *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_cli_import_exit_codes(tmp_path):
    db_path = tmp_path / "cli.duckdb"
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="cp1252")
    done = cli("import-cases", bad, db_path=db_path)
    assert done.returncode == 2
    assert "række 6" in done.stderr and "Intet er importeret" in done.stderr
    done = cli("import-cases", bad, "--valid-only", db_path=db_path)
    assert done.returncode == 0, done.stderr
    assert "2 nye sager" in done.stdout
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    done = cli("import-cases", empty, db_path=db_path)
    assert done.returncode == 2 and "Filen er tom" in done.stderr
