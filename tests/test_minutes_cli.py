"""Command line: export-minutes, export-invitation, export-yearly-report, export-dialogue-minutes and scan."""

from __future__ import annotations

import datetime as dt
import zipfile

import docx
import duckdb
import openpyxl
import pytest
from openpyxl.comments import Comment

from reviews.cli import main
from tests.docx_pipeline import check_docx


def meeting_ids(db_path) -> dict[str, int]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return dict(con.execute("SELECT kind, id FROM review_meetings").fetchall())
    finally:
        con.close()


def test_export_minutes_writes_a_valid_document(demo_db_path, tmp_path, capsys) -> None:
    family = meeting_ids(demo_db_path)["møde med familierepræsentanter"]
    out = tmp_path / "referat.docx"
    assert main(["--db", str(demo_db_path), "export-minutes", str(family), "-o", str(out)]) == 0
    document = check_docx(out, convert=False).document
    assert document.paragraphs[0].text == "Samlet referat"
    captured = capsys.readouterr()
    assert "LIX" in captured.out and str(out) in captured.out


def test_export_minutes_refuses_unapproved_minutes_and_writes_nothing(demo_db_path, tmp_path, capsys) -> None:
    task_force = meeting_ids(demo_db_path)["task force-møde"]
    out = tmp_path / "referat.docx"
    assert main(["--db", str(demo_db_path), "export-minutes", str(task_force), "-o", str(out)]) == 2
    assert "ikke godkendt af formanden" in capsys.readouterr().err
    assert not out.exists()
    assert main(["--db", str(demo_db_path), "export-minutes", str(task_force), "--draft", "-o", str(out)]) == 0
    assert docx.Document(str(out)).sections[0].header.paragraphs[0].text == "UDKAST"


def test_export_blocked_by_a_cpr_number_then_masked(demo_db_path, tmp_path, capsys) -> None:
    task_force = meeting_ids(demo_db_path)["task force-møde"]
    con = duckdb.connect(str(demo_db_path))
    con.execute("UPDATE meeting_items SET resume = 'Barnet 0102031234' WHERE meeting_id = ? AND position = 2",
                [task_force])
    con.close()
    out = tmp_path / "indkaldelse.docx"
    assert main(["--db", str(demo_db_path), "export-invitation", str(task_force), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Eksporten er stoppet" in err and "Punkt 2, resumé" in err and "0102031234" not in err
    assert not out.exists()
    assert main(["--db", str(demo_db_path), "export-invitation", str(task_force), "--mask", "-o", str(out)]) == 0
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Barnet [CPR fjernet]" in text


def test_export_yearly_report(demo_db_path, tmp_path) -> None:
    out = tmp_path / "aarsberetning.docx"
    year = dt.date.today().year
    assert main(["--db", str(demo_db_path), "export-yearly-report", "--year", str(year), "-o", str(out)]) == 0
    document = check_docx(out, convert=False).document
    assert document.paragraphs[0].text == f"Årsberetning {year}"
    assert len(document.inline_shapes) == 4
    assert main(["--db", str(demo_db_path), "export-yearly-report", "--year", "1999", "-o", str(out)]) == 2


def test_export_dialogue_minutes_of_a_held_meeting(demo_db_path, tmp_path, capsys) -> None:
    con = duckdb.connect(str(demo_db_path), read_only=True)
    held, planned = (con.execute("SELECT min(id) FILTER (status = 'afholdt'), min(id) FILTER (status = 'planlagt')"
                                 " FROM mediation_meetings").fetchone())
    con.close()
    out = tmp_path / "dialog.docx"
    assert main(["--db", str(demo_db_path), "export-dialogue-minutes", str(held), "-o", str(out)]) == 0
    assert docx.Document(str(out)).paragraphs[0].text.startswith("Referat af ")
    assert main(["--db", str(demo_db_path), "export-dialogue-minutes", str(planned), "-o", str(out)]) == 2
    assert "ikke registreret som afholdt" in capsys.readouterr().err


# --- scan -------------------------------------------------------------------------------------------------


def test_scan_clean_docx_exits_0(demo_db_path, tmp_path, capsys) -> None:
    family = meeting_ids(demo_db_path)["møde med familierepræsentanter"]
    out = tmp_path / "referat.docx"
    main(["--db", str(demo_db_path), "export-minutes", str(family), "-o", str(out)])
    capsys.readouterr()
    assert main(["scan", str(out)]) == 0
    assert "ingen CPR-numre" in capsys.readouterr().out


def test_scan_docx_with_cpr_numbers_lists_each_place(tmp_path, capsys) -> None:
    document = docx.Document()
    document.add_paragraph("Indledning")
    document.add_paragraph("Barnets nummer er 01.02.03-1234.")
    document.sections[0].header.paragraphs[0].text = "Sag 0102031234"
    path = tmp_path / "brev.docx"
    document.save(str(path))
    assert main(["scan", str(path)]) == 1
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert len(lines) == 2
    assert any("word/document.xml, afsnit 2" in line for line in lines)
    assert any("word/header1.xml" in line for line in lines)
    assert "1234" not in out  # the numbers themselves are not printed


def test_scan_txt_and_csv(tmp_path, capsys) -> None:
    txt = tmp_path / "noter.txt"
    txt.write_text("Første linje\nmor 010203 1234 ringede\n", encoding="utf-8")
    assert main(["scan", str(txt)]) == 1
    assert "Linje 2" in capsys.readouterr().out
    csv_path = tmp_path / "sager.csv"
    csv_path.write_bytes("pseudonym;note\nFamilie 3;ok\nFamilie 4;cpr 0102031234\n".encode("utf-8-sig"))
    assert main(["scan", str(csv_path)]) == 1
    assert "Række 3, kolonne 2, «note»" in capsys.readouterr().out
    clean = tmp_path / "ren.csv"
    clean.write_text("pseudonym,dato\nFamilie 3,01.02.2003\n", encoding="utf-8")
    assert main(["scan", str(clean)]) == 0


def test_scan_refuses_other_files(tmp_path, capsys) -> None:
    pdf = tmp_path / "brev.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert main(["scan", str(pdf)]) == 2
    fake = tmp_path / "brev.docx"
    fake.write_bytes(b"ikke et dokument")
    assert main(["scan", str(fake)]) == 2
    assert "ikke et gyldigt Word-dokument" in capsys.readouterr().err
    assert main(["scan", str(tmp_path / "findes-ikke.txt")]) == 2


def scan_output(path, capsys) -> tuple[int, list[str], str]:
    """(exit code, stdout lines without the file name, stderr) of `scan path`."""
    code = main(["scan", str(path)])
    captured = capsys.readouterr()
    return code, [line.removeprefix(f"{path}: ") for line in captured.out.strip().splitlines()], captured.err


@pytest.mark.parametrize(("sep", "name"), [("\t", "tab"), ("\u2013", "en dash"), ("\u2014", "em dash"),
                                           ("\u2212", "minus sign"), ("\u00a0", "no-break space"),
                                           ("\u2009", "thin space"), ("\u202f", "narrow no-break space")])
def test_scan_xlsx_reports_each_cpr_by_sheet_and_cell(tmp_path, capsys, sep, name) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sager"
    sheet.append(["pseudonym", "note", "tal"])
    sheet.append(["Familie 3", f"Søren ringede ({name}): 070761{sep}4285, æøå", 5])
    sheet.append(["Familie 4", "Åse på Ærø, tlf. 20 30 40 50, mødet 01.02.2024", 102031234])  # lost leading 0
    hidden = workbook.create_sheet("Noter")
    hidden.sheet_state = "hidden"  # hidden sheets are scanned too
    hidden["D7"] = f"Mor: 01.02.03{sep}1234"
    path = tmp_path / "sager.xlsx"
    workbook.save(path)
    code, lines, err = scan_output(path, capsys)
    assert code == 1
    assert [line.split(":")[0] for line in lines] == ["Ark «Sager», celle B2", "Ark «Sager», celle C3",
                                                      "Ark «Noter», celle D7"]
    assert lines[0].endswith("): [CPR-nummer], æøå (opfylder modulus 11)")
    assert not any(digits in "\n".join(lines) for digits in ("4285", "1234", "102031234"))
    assert "3 CPR-nummer/-numre fundet." in err


def test_scan_xlsx_reads_the_texts_outside_the_cells(tmp_path, capsys) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Ark 010203\u20141234"  # the place printed must not show the number in the name
    sheet["A1"] = "Intet her"
    sheet["B2"] = '="070761\t4285"'  # a formula without a stored result (openpyxl writes none)
    sheet["C3"].comment = Comment("Barnet 111111\u22121118", "Sagsbehandler")
    sheet.oddHeader.center.text = "Sag 020304\u202f1234"
    path = tmp_path / "noter.xlsx"
    workbook.save(path)
    code, lines, _err = scan_output(path, capsys)
    assert code == 1
    assert [line.split(":")[0] for line in lines] == [
        "Ark «Ark [CPR fjernet]», arkets navn",
        "Ark «Ark [CPR fjernet]», celle B2",
        "Fil i dokumentet, xl/worksheets/sheet1.xml",  # the page header
        "Fil i dokumentet, xl/comments/comment1.xml",
    ]
    assert not any(digits in "\n".join(lines) for digits in ("1234", "4285", "1118"))


def test_scan_clean_xlsx_exits_0(tmp_path, capsys) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["sag", "note", "dato", "beløb"])
    sheet.append(["2024\u201301\u201302\t1234", "Ring på 20\u202f30\u202f40\u202f50", dt.date(2003, 2, 1),
                  12345678])
    sheet.append(["Sagsnr. 320190\u22121234", "Møde 01.02.24\t10:30 på Ærø", dt.datetime(2024, 2, 1, 10, 30), 1234.5])
    sheet.append(["Underretninger\t10\t11\t12\t2024", "Perioden 1990\u20142024", None, 10203123])
    path = tmp_path / "ren.xlsx"
    workbook.save(path)
    code, lines, _err = scan_output(path, capsys)
    assert (code, lines) == (0, ["ren.xlsx: ingen CPR-numre fundet."])


def test_scan_refuses_a_broken_xlsx(tmp_path, capsys) -> None:
    not_zip = tmp_path / "a.xlsx"
    not_zip.write_bytes(b"ikke et regneark")
    word = tmp_path / "b.xlsx"
    docx.Document().save(str(word))  # a zip, but no workbook in it
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "x"
    good = tmp_path / "good.xlsx"
    workbook.save(good)
    cut = tmp_path / "c.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(cut, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data[: len(data) // 2] if name == "xl/worksheets/sheet1.xml" else data)
    for path in (not_zip, word, cut):
        assert main(["scan", str(path)]) == 2
        assert f"{path.name} er ikke et gyldigt Excel-regneark." in capsys.readouterr().err


@pytest.mark.parametrize("command", ["export-minutes", "export-invitation"])
def test_unknown_meeting(demo_db_path, tmp_path, capsys, command) -> None:
    assert main(["--db", str(demo_db_path), command, "4711", "-o", str(tmp_path / "x.docx")]) == 2
    assert capsys.readouterr().err.strip()
