"""Meetings and minutes benches: the Word documents and the meetings page.

- "committee minutes, 100 learning points": the samlet referat of 20 agenda items with 5 learning points each
  (descriptions, codes, family comments, agreed wording, two actions each), 30 attendees, a 200-row action
  plan and 40 cases in the method appendix. Timed: the pure build, and the whole export path (guard scan of
  the model, build, scan of every XML part). Compared with a bare python-docx build of exactly the same
  paragraphs and tables (the reopened document's text replayed with `add_paragraph(text, style)`, each style
  looked up once, and `cell.text`). Targets: within 1 s and within 2x the bare build.
- "yearly report, four charts": the ombudsman's årsberetning from the demo database (statistics, four Altair
  charts rendered to PNG by vl-convert, the build, the guard). Target: within 3 s once vl-convert has started;
  the first call in a process (vl-convert starting its JavaScript engine) is reported beside it.
- Large scale adds a draft meeting with 20 agenda items and the 100 first learning points of the large
  review linked to them, so the meetings page has something heavy to show.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from typing import Any

from bench.registry import Result, generator, operation, page_setup, timed
from reviews import clock

ITEMS, LPS_PER_ITEM = 20, 5
DEMO_REVIEW = "Task Force 4200"

SENTENCES = [
    "Familien oplevede, at ingen havde overblik over forløbet, da sagen skiftede sagsbehandler.",
    "Task forcen har set det samme mønster i flere af de gennemgåede sager.",
    "Repræsentanterne lagde vægt på, at børn skal vide, hvorfor de skal tale med en rådgiver.",
    "Der var enighed om at indføre faste overdragelsesmøder med familien.",
    "Afgørelserne skal begrundes i et sprog, familien kan forstå, og have klagevejledning.",
]


def _text(n: int, k: int) -> str:
    return " ".join(SENTENCES[(n + i) % len(SENTENCES)] for i in range(k))


def synthetic_minutes(items: int = ITEMS, per_item: int = LPS_PER_ITEM):
    from reviews.exports.committee_minutes import CommitteeMinutes
    from reviews.exports.docx_base import DocumentMeta
    from reviews.models.minutes_content import (
        ActionEntry,
        AgreementEntry,
        AttendeeEntry,
        CaseEntry,
        ItemEntry,
        LearningPointEntry,
        MinutesContent,
    )

    item_entries, plan = [], []
    for i in range(items):
        lps = []
        for j in range(per_item):
            n = i * per_item + j
            actions = tuple(ActionEntry(f"Handling {n}.{a}: {_text(n + a, 1)}", "Afdelingsleder, Børn og Familie",
                                        dt.date(2026, 1 + (n + a) % 12, 1), "planlagt", f"Læringspunkt {n + 1}")
                            for a in range(2))
            plan.extend(actions)
            lps.append(LearningPointEntry(
                id=n + 1, title=f"Læringspunkt {n + 1}: overlevering og overblik", description=_text(n, 3),
                seen_in=1 + n % 5, case_total=5,
                codes=("6 Trygt at skifte rådgiver eller kontaktperson", "Opfølgning"),
                agree=2, partly=1, disagree=n % 2, comments=(_text(n + 1, 1), _text(n + 2, 1)),
                agreed_wording=_text(n + 3, 2), actions=actions))
        item_entries.append(ItemEntry(title=f"Punkt om tema {i + 1}", resume=_text(i, 2),
                                      recommendation=_text(i + 1, 1), account=_text(i + 2, 4),
                                      minutes=_text(i + 3, 3), decision=_text(i + 4, 1),
                                      learning_points=tuple(lps)))
    content = MinutesContent(
        review_name="Task Force 4200", meeting_title="Familierunde om læringspunkterne",
        meeting_kind="møde med familierepræsentanter", starts_at=dt.datetime(2021, 2, 24, 15, 0),
        duration_minutes=120, place="Rådhuset, mødelokale 2", purpose=_text(0, 2),
        committee="Børne- og Ungeudvalget", committee_item="Punkt 5", mandate=_text(1, 4),
        attendees=tuple(AttendeeEntry(f"Deltager {k}", "familierepræsentant", k % 7 != 0) for k in range(30)),
        items=tuple(item_entries),
        agreements=tuple(AgreementEntry(_text(k, 1), "Frederik Formand", dt.date(2021, 3, 10), "") for k in range(10)),
        action_plan=tuple(plan),
        cases=tuple(CaseEntry(f"Familie {k}", "familiegruppen", _text(k, 1), "givet", dt.date(2020, 12, 1))
                    for k in range(1, 41)))
    return CommitteeMinutes(meta=DocumentMeta("Samlet referat", "Frederik Formand", dt.datetime(2026, 3, 1, 9, 0)),
                            municipality="Eksempel Kommune", content=content, version=1,
                            approved_at=dt.datetime(2026, 3, 1, 9, 0), approved_by="Frederik Formand")


def bare_build(blocks: list[tuple[str, Any]]) -> bytes:
    """python-docx with nothing of ours: the same paragraphs (by style name) and tables, saved to bytes."""
    import docx

    document = docx.Document()
    styles: dict[str, Any] = {}  # each style looked up once, as a careful python-docx user would
    for kind, value in blocks:
        if kind == "p":
            name, text = value
            if name not in styles:
                styles[name] = document.styles[name]
            document.add_paragraph(text, style=styles[name])
        else:
            rows = value
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for row, texts in zip(table.rows, rows):
                for cell, text in zip(row.cells, texts):
                    cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def blocks_of(data: bytes) -> list[tuple[str, Any]]:
    """The body of a .docx in order: ("p", (style, text)) and ("t", rows of cell texts)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    blocks: list[tuple[str, Any]] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            blocks.append(("p", (paragraph.style.name, paragraph.text)))
        elif tag == "tbl":
            table = Table(element, document)
            blocks.append(("t", [[cell.text for cell in row.cells] for row in table.rows]))
    return blocks


@operation("committee minutes, 100 learning points and 20 agenda items")
def committee_minutes_bench(ctx) -> list[Result]:
    from reviews.exports.committee_minutes import build_committee_minutes
    from reviews.exports.guard import scan_docx, scan_model

    model = synthetic_minutes()
    data = build_committee_minutes(model)
    blocks = blocks_of(data)
    reps = ctx.reps(7, 2)

    def export() -> bytes:
        assert not scan_model(model).blocked
        built = build_committee_minutes(model)
        assert not scan_docx(built)
        return built

    build_s, _ = timed(lambda: build_committee_minutes(model), reps, warmup=1)
    export_s, _ = timed(export, reps, warmup=1)
    bare_s, _ = timed(lambda: bare_build(blocks), reps, warmup=1)
    paragraphs = sum(1 for kind, _ in blocks if kind == "p")
    tables = sum(1 for kind, _ in blocks if kind == "t")
    return [
        Result(f"committee minutes: build ({paragraphs:,} paragraphs, {tables} tables, {len(data) // 1024} KB)",
               build_s * 1000, "ms", ratio=build_s / bare_s, target="<= 1000 ms and <= 2.0x bare",
               met=build_s <= 1.0 and build_s <= 2 * bare_s),
        Result("committee minutes: export incl. guard and XML scan", export_s * 1000, "ms",
               ratio=export_s / bare_s, target="<= 1000 ms and <= 2.0x bare",
               met=export_s <= 1.0 and export_s <= 2 * bare_s),
        Result("committee minutes: bare python-docx build of the same text", bare_s * 1000, "ms"),
    ]


@operation("yearly report with four charts", scales=("demo",))
def yearly_report_bench(ctx) -> list[Result]:
    from reviews.models import Role, User
    from reviews.services import documents

    db = ctx.open_db()
    try:
        row = db.fetchone("SELECT id, username, full_name FROM users WHERE username = 'formand'")
        chair = User(id=row[0], username=row[1], full_name=row[2], role=Role.CHAIR)
        year = clock.today().year
        start = time.perf_counter()
        first = documents.yearly_report_document(db, chair, year)
        first_s = time.perf_counter() - start
        warm_s, _ = timed(lambda: documents.yearly_report_document(db, chair, year), ctx.reps(5, 2))
        charts = sum(1 for name in _media_names(first.data))
    finally:
        db.close()
    return [
        Result(f"yearly report {year}: {charts} charts, statistics, build and guard", warm_s * 1000, "ms",
               target="<= 3000 ms", met=warm_s <= 3.0 and charts == 4),
        Result("yearly report: first call in the process (vl-convert starting)", first_s * 1000, "ms"),
    ]


def _media_names(data: bytes) -> list[str]:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [n for n in archive.namelist() if n.startswith("word/media/")]


# --- large scale: a heavy meeting for the meetings page -----------------------------------------------------


@generator("minutes", order=300)
def gen_minutes(cur, facts: dict[str, Any]) -> dict[str, Any]:
    review_id = facts.get("cr_review_id")
    if review_id is None:
        return {}
    now = clock.now()
    chair = facts["chair_id"]
    meeting_id = cur.execute(
        "INSERT INTO review_meetings (review_id, kind, title, starts_at, duration_minutes, place, purpose, committee,"
        " committee_item, minutes_status, created_at, created_by, updated_at, updated_by)"
        " VALUES (?, 'møde med familierepræsentanter', 'Familierunde (benchmark)', TIMESTAMP '2021-02-24 15:00', 120,"
        " 'Rådhuset', ?, 'Børne- og Ungeudvalget', 'Punkt 5', 'referat i udkast', ?, ?, ?, ?) RETURNING id",
        [review_id, SENTENCES[0], now, chair, now, chair]).fetchone()[0]
    cur.execute(
        "INSERT INTO meeting_items (meeting_id, position, title, resume, recommendation, account, minutes, decision,"
        " updated_at, updated_by) SELECT ?, i + 1, 'Tema ' || (i + 1), ?, ?, ?, ?, ?, ?, ? FROM range(?) t(i)",
        [meeting_id, SENTENCES[1], SENTENCES[2], SENTENCES[3] * 4, SENTENCES[4] * 3, SENTENCES[0], now, chair, ITEMS])
    cur.execute(
        "INSERT INTO meeting_item_learning_points (item_id, learning_point_id, position)"
        " SELECT i.id, lp.id, ((lp.rn - 1) % ?) + 1 FROM"
        " (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM learning_points WHERE review_id = ? ORDER BY id"
        "  LIMIT ?) lp JOIN meeting_items i ON i.meeting_id = ? AND i.position = ((lp.rn - 1) // ?) + 1",
        [LPS_PER_ITEM, review_id, ITEMS * LPS_PER_ITEM, meeting_id, LPS_PER_ITEM])
    cur.execute(
        "INSERT INTO meeting_attendees (meeting_id, position, name, function, status)"
        " SELECT ?, k + 1, 'Deltager ' || (k + 1), 'familierepræsentant', 'til stede' FROM range(30) t(k)",
        [meeting_id])
    return {"minutes_meeting_id": meeting_id}


def _demo_meeting(ctx) -> tuple[int | None, int | None]:
    db = ctx.open_db()
    try:
        row = db.fetchone("SELECT r.id, min(m.id) FROM reviews r LEFT JOIN review_meetings m ON m.review_id = r.id"
                          " WHERE r.name = ? GROUP BY r.id", [DEMO_REVIEW])
        return (row[0], row[1]) if row else (None, None)
    finally:
        db.close()


@page_setup("pages/meetings.py")
def _choose_meeting(ctx, session_state) -> None:
    """The large review's benchmark meeting at large scale; the demo family round in the demo."""
    review_id, meeting_id = ctx.fact("cr_review_id"), ctx.fact("minutes_meeting_id")
    if meeting_id is None:
        review_id, meeting_id = _demo_meeting(ctx)
    session_state["review_id"] = review_id
    session_state["meeting_id"] = meeting_id
