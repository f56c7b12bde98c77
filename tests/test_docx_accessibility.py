"""Published documents are accessible (issue 15, item 7): committee minutes and the yearly report go on the
municipality's website, where the accessibility law applies to them.

Checked on the built files (from the demo data, as the app builds them):
- every picture (the yearly report's four charts) has alternative text on its wp:docPr that says what the chart
  shows with its figures, in the document's language (Danish; English when exported in English);
- sub-headings («Formål», «Indstilling», «Referat», «Beslutning», ...) are paragraphs in Heading styles at the
  right level, and no bold-only paragraph poses as a heading;
- every table's first row is a header row that repeats on each page (w:tblHeader);
- through LibreOffice, as tagged PDF (ONE conversion of every document): headings are tagged H1-H3 and their
  text is in the PDF, and each chart's alt text reaches the PDF's Figure.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import docx
import pytest
from babel.dates import get_month_names
from docx.oxml.ns import qn

from reviews.exports import dialogue_minutes as dialogue
from reviews.exports.docx_base import DocumentMeta
from reviews.models import Role
from reviews.services import documents, meetings, ombudsman_stats
from reviews.services import mediation as mediation_service
from reviews.services import reviews as review_service
from reviews.storage.database import Database
from tests.conftest import demo_user
from tests.docx_pipeline import TAGGED_PDF, normalise, pdf_text, to_pdfs, tools_available

YEAR = dt.date.today().year  # the demo data's figures run to today
HEADING = re.compile(r"Heading ([1-9])$")

# The committee minutes' sub-headings (Danish, from the catalogue) and the level each sits at.
COMMITTEE_SUB_HEADINGS = {"Formål": 1, "Afbud": 2, "Resumé": 2, "Indstilling": 2, "Sagsfremstilling": 2, "Referat": 2,
                          "Beslutning": 2, "Aftalt formulering": 3, "Handlinger": 3, "Kommissorium": 2}


@pytest.fixture(scope="module")
def demo(demo_db_file, tmp_path_factory):
    """One private copy of the demo database for the module (exports write audit rows)."""
    path = tmp_path_factory.mktemp("accessibility") / "workbench.duckdb"
    shutil.copy(demo_db_file, path)
    database = Database(str(path))
    yield database
    database.close()


def _dialogue_with_apologies() -> bytes:
    """Dialogue minutes where a party sent apologies: «Var ikke med» is then a sub-heading."""
    return dialogue.build_dialogue_minutes(dialogue.DialogueMinutes(
        meta=DocumentMeta("Referat af dialogmøde", "Bodil Ærø", dt.datetime(2026, 12, 1, 12, 0)),
        municipality="Ærø Kommune", kind="dialogmøde", case_title="Familie 12 og Børn og Familie",
        starts_at=dt.datetime(2026, 12, 1, 9, 0), place="Rådhuset", purpose="At finde en vej videre.",
        parties=(dialogue.PartyEntry("Mor", "borger", "deltog"), dialogue.PartyEntry("Far", "borger", "afbud")),
        topics=(dialogue.TopicEntry("Hvordan går det?", "Familien fortalte om forløbet."),),
        followups=(dialogue.FollowUpEntry("Fagkonsulent", "Sende aftalerne til alle", dt.date(2026, 12, 10)),),
        office="Bodil Ærø"))


@pytest.fixture(scope="module")
def built(demo) -> dict[str, bytes]:
    """Every document kind as the app builds it; the yearly report in Danish and English."""
    chair = demo_user(demo, Role.CHAIR)
    ombudsman = demo_user(demo, Role.OMBUDSMAN)
    review = review_service.find_review(demo, chair, "Task Force 4200")
    review_meetings = meetings.list_meetings(demo, chair, review.id)
    family = next(m for m in review_meetings if m.kind.value == "møde med familierepræsentanter")
    task_force = next(m for m in review_meetings if m.kind.value == "task force-møde")
    held = next(m for case in mediation_service.list_mediation_cases(demo, ombudsman)
                for m in mediation_service.get_mediation(demo, ombudsman, case.id).meetings
                if m.status.value == "afholdt")
    return {
        "committee": documents.committee_minutes_document(demo, chair, family.id).data,
        "invitation": documents.invitation_document(demo, chair, task_force.id).data,
        "dialogue": documents.dialogue_minutes_document(demo, ombudsman, held.id).data,
        "dialogue-apologies": _dialogue_with_apologies(),
        "yearly": documents.yearly_report_document(demo, chair, YEAR).data,
        "yearly-en": documents.yearly_report_document(demo, chair, YEAR, lang="en").data,
    }


def opened(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def heading_level(paragraph) -> int | None:
    match = HEADING.match(paragraph.style.name)
    return int(match.group(1)) if match else None


def headings(document) -> list[tuple[int, str]]:
    return [(level, p.text) for p in document.paragraphs if (level := heading_level(p)) is not None]


def pictures_with_tables(document) -> list[tuple[object, list[list[str]] | None]]:
    """Each picture's wp:docPr with the rows of the first table after it (the section's table of figures)."""
    body = list(document.element.body.iterchildren())
    found = []
    for index, element in enumerate(body):
        for doc_pr in element.iter(qn("wp:docPr")):
            table = next((e for e in body[index + 1:] if e.tag == qn("w:tbl")), None)
            rows = None if table is None else [
                ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.iter(qn("w:tc"))]
                for tr in table.iter(qn("w:tr"))]
            found.append((doc_pr, rows))
    return found


# --- pictures ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, in_year", [("yearly", "{n} i {year}"), ("yearly-en", "{n} in {year}")])
def test_every_chart_has_alt_text_with_the_figures_of_its_table(built, name, in_year) -> None:
    document = opened(built[name])
    pictures = pictures_with_tables(document)
    assert len(pictures) == len(document.inline_shapes) == 4
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    for (doc_pr, _), caption in zip(pictures, captions, strict=True):
        assert doc_pr.get("title") == caption  # the short name is the caption
        assert len(doc_pr.get("descr", "")) > len(caption)
    # The three comparison charts draw exactly the figures of the table under them: category, count per year.
    for doc_pr, rows in pictures[:3]:
        header, *body = rows
        years = header[1:]
        assert body
        for label, *counts in body:
            values = ", ".join(in_year.format(n=n, year=year) for n, year in zip(counts, years, strict=True))
            assert f"{label}: {values}." in doc_pr.get("descr"), (label, doc_pr.get("descr"))


def test_the_24_hour_chart_states_each_months_figures(built, demo) -> None:
    ombudsman = demo_user(demo, Role.OMBUDSMAN)
    frame = ombudsman_stats.contact_compliance_by_month(demo, ombudsman, YEAR)
    months = get_month_names("wide", locale="da_DK")
    descr = pictures_with_tables(opened(built["yearly"]))[3][0].get("descr")
    assert descr.startswith(f"Stablet søjlediagram med kurve: klager i {YEAR} pr. måned")
    with_complaints = [r for r in frame.itertuples() if r.met + r.missed + r.overdue + r.open]
    assert with_complaints, "the demo has complaints this year"
    for r in with_complaints:
        month = months[int(r.month)].capitalize()
        assert (f"{month}: overholdt {int(r.met)}; overskredet {int(r.missed)}; overskredet, ingen kontakt "
                f"{int(r.overdue)}; frist løber {int(r.open)}") in descr, month
        if r.share_met == r.share_met:
            assert f"andel overholdt {round(r.share_met * 100)} %" in descr


def test_english_report_has_english_alt_text(built) -> None:
    texts = [doc_pr.get("descr") for doc_pr, _ in pictures_with_tables(opened(built["yearly-en"]))]
    assert [t.split(":")[0] for t in texts] == ["Bar chart"] * 3 + ["Stacked bar chart with a line"]
    assert "January: met " in texts[3] or "January: no complaints" in texts[3]
    assert not any("Søjlediagram" in t or " i 20" in t for t in texts)


# --- headings -----------------------------------------------------------------------------------------------


def test_committee_sub_headings_are_headings_at_their_level(built) -> None:
    found = headings(opened(built["committee"]))
    texts = [text for _, text in found]
    for text, level in COMMITTEE_SUB_HEADINGS.items():
        assert text in texts, f"«{text}» is not a heading"
        assert {lv for lv, t in found if t == text} == {level}, text


def test_dialogue_sub_heading_is_a_heading(built) -> None:
    assert (2, "Var ikke med") in headings(opened(built["dialogue-apologies"]))


@pytest.mark.parametrize("name", ["committee", "invitation", "dialogue", "dialogue-apologies", "yearly", "yearly-en"])
def test_heading_levels_never_skip_and_headings_stay_with_what_follows(built, name) -> None:
    document = opened(built[name])
    previous = 0
    for paragraph in document.paragraphs:
        level = heading_level(paragraph)
        if level is None:
            continue
        assert level <= previous + 1, f"{paragraph.text!r} jumps from level {previous} to {level}"
        previous = level
        assert paragraph._p.pPr.find(qn("w:keepNext")) is not None, paragraph.text


@pytest.mark.parametrize("name", ["committee", "invitation", "dialogue", "dialogue-apologies", "yearly", "yearly-en"])
def test_no_bold_paragraph_poses_as_a_heading(built, name) -> None:
    """A paragraph of bold text alone is a heading in disguise; 'Label: text' lines are not."""
    posing = []
    for paragraph in opened(built[name]).paragraphs:
        if paragraph.style.name in ("Title", "Subtitle", "Caption") or heading_level(paragraph):
            continue
        runs = [run for run in paragraph.runs if run.text.strip()]
        if runs and all(run.bold for run in runs):
            posing.append(paragraph.text)
    assert posing == []


# --- tables ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["committee", "dialogue", "dialogue-apologies", "yearly", "yearly-en"])
def test_every_table_has_a_repeating_header_row(built, name) -> None:
    tables = opened(built[name]).tables
    assert tables
    for table in tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        assert all(cell.text.strip() for cell in table.rows[0].cells)


# --- through LibreOffice: tagged PDF ------------------------------------------------------------------------


def _alt_texts(pdf: bytes) -> list[str]:
    """The /Alt strings of a PDF's structure elements (LibreOffice writes them as UTF-16BE hex)."""
    texts = []
    for match in re.finditer(rb"/Alt\s*<([0-9A-Fa-f\s]+)>", pdf):
        raw = bytes.fromhex(re.sub(rb"\s", b"", match.group(1)).decode())
        texts.append(raw.decode("utf-16-be").lstrip("\ufeff"))
    return texts


@pytest.fixture(scope="module")
def tagged(built, tmp_path_factory):
    if not tools_available():
        pytest.skip("LibreOffice (soffice) and pdftotext: `make system-deps`")
    return to_pdfs(built, tmp_path_factory.mktemp("tagged"), convert_to=TAGGED_PDF)


@pytest.mark.parametrize("name", ["committee", "invitation", "dialogue", "dialogue-apologies", "yearly", "yearly-en"])
def test_tagged_pdf_has_the_headings(built, tagged, name) -> None:
    pdf = tagged[name].read_bytes()
    assert b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf
    found = headings(opened(built[name]))
    text = normalise(pdf_text(tagged[name]))
    assert [h for _, h in found if normalise(h) not in text] == []
    for level in {lv for lv, _ in found}:  # each heading paragraph is one H<n> element
        assert len(re.findall(rb"/S\s*/H%d\b" % level, pdf)) == sum(1 for lv, _ in found if lv == level), level
    assert len(re.findall(rb"/S\s*/TH\b", pdf)) >= len(opened(built[name]).tables)


@pytest.mark.parametrize("name", ["yearly", "yearly-en"])
def test_tagged_pdf_gives_each_chart_its_alt_text(built, tagged, name) -> None:
    descriptions = [doc_pr.get("descr") for doc_pr, _ in pictures_with_tables(opened(built[name]))]
    alts = _alt_texts(tagged[name].read_bytes())
    assert len(re.findall(rb"/S\s*/Figure\b", tagged[name].read_bytes())) == 4
    for descr in descriptions:  # LibreOffice writes "title - description"
        assert any(descr in alt for alt in alts), descr[:80]
