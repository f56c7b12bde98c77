"""python -m reviews export-findings / export-learning-points on the demo database."""

from __future__ import annotations

import csv
import io

from reviews.cli import main
from reviews.storage.database import Database


def _rows(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Danish Excel
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_export_findings(demo_db_path, tmp_path, capsys):
    out = tmp_path / "fund.csv"
    assert main(["--db", str(demo_db_path), "export-findings", "--review", "task force 4200", "-o", str(out)]) == 0
    rows = _rows(out)
    assert rows[0][:8] == ["Gennemgang", "Fund nr.", "Pseudonym", "Hændelsesdato", "Hændelsestype", "Forfatter",
                           "Faglighed", "Polaritet (Signs of Safety)"]
    # Every demo finding (the command line exports as the chair): 49 on timeline events, 8 on case-file passages.
    assert len(rows) == 1 + 49 + 8
    assert {r[2] for r in rows[1:]} == {"Familie 3", "Familie 11", "Familie 17", "Familie 26", "Familie 38"}
    assert {r[6] for r in rows[1:]} == {"Socialrådgiver", "Jurist", "Psykolog", "Leder"}
    assert "57 rækker" in capsys.readouterr().out
    db = Database(str(demo_db_path))
    last = db.fetchone("SELECT username, action, record_type, purpose FROM audit_log ORDER BY id DESC LIMIT 1")
    db.close()
    assert last == ("kommandolinje", "export", "findings", "kommandolinje")


def test_export_learning_points(demo_db_path, tmp_path):
    out = tmp_path / "lp.csv"
    assert main(["--db", str(demo_db_path), "export-learning-points", "--review", "Task Force 4200",
                 "-o", str(out)]) == 0
    rows = _rows(out)
    assert len(rows) == 1 + 10
    status = rows[0].index("Status")
    assert {r[status] for r in rows[1:]} == {"Udkast", "Til drøftelse med familierepræsentanter", "Drøftet",
                                             "Godkendt", "Forelagt udvalget"}
    seen, title = rows[0].index("Set i"), rows[0].index("Titel")
    handover = next(r for r in rows[1:] if r[title] == "Overlevering ved skift af sagsbehandler")
    assert handover[seen] == "set i 3 af 5 sager"  # evidence from Familie 3, 17 and 38
    assert rows[1][status] == "Udkast"  # in workflow order
    english = tmp_path / "lp-en.csv"
    assert main(["--db", str(demo_db_path), "export-learning-points", "--review", "Task Force 4200",
                 "-o", str(english), "--lang", "en"]) == 0
    assert _rows(english)[0][:3] == ["Review", "Learning point no.", "Title"]


def test_unknown_review_writes_nothing(demo_db_path, tmp_path, capsys):
    out = tmp_path / "none.csv"
    assert main(["--db", str(demo_db_path), "export-findings", "--review", "Findes ikke", "-o", str(out)]) == 2
    assert not out.exists()
    assert "findes ikke" in capsys.readouterr().err
