"""Layout of the Word documents as LibreOffice draws them (issue 10, item 6).

- no word is broken inside a table cell: column widths follow the content (`table_layout`);
- the committee minutes' method appendix names the ombudsman only when a member of the review is one;
- the yearly report says what date its figures run to, and a section's heading stays on the page of its
  chart (the caption under the chart, so heading and caption share a page);
- the dialogue minutes' last page is never the contact line alone, and it gives the office's phone and e-mail.

LibreOffice is slow to start: every document of the module is converted in ONE run (`converted`). The
dialogue minutes come in many lengths so that, whatever the fonts, one of them ends right at a page break.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from collections import Counter
from dataclasses import dataclass

import docx
import pytest
from docx.oxml.ns import qn

from reviews import clock
from reviews.config import DEMO_OMBUDSMAN_EMAIL, DEMO_OMBUDSMAN_PHONE, load_settings
from reviews.exports import dialogue_minutes as dialogue
from reviews.exports import yearly_report as yearly
from reviews.exports.committee_minutes import CommitteeMinutes, build_committee_minutes, method_texts
from reviews.exports.docx_base import (
    CELL_PADDING_TWIPS,
    TEXT_WIDTH_TWIPS,
    DocumentMeta,
    DocxBuilder,
    table_layout,
    text_width_twips,
)
from reviews.models import Discipline, ReviewBasis, Role
from reviews.models.minutes_content import (
    ActionEntry,
    AgreementEntry,
    AttendeeEntry,
    CaseEntry,
    ItemEntry,
    MinutesContent,
)
from reviews.services import documents, meetings
from reviews.services import mediation as mediation_service
from reviews.services import reviews as review_service
from tests.conftest import demo_user
from tests.docx_pipeline import pdf_pages, to_pdfs, tools_available

needs_libreoffice = pytest.mark.skipif(not tools_available(),
                                       reason="LibreOffice (soffice) and pdftotext: `make system-deps`")

CREATED = dt.datetime(2026, 12, 15, 9, 0)
PHONE, EMAIL = "33 12 45 67", "borgerraadgiver@aeroe-kommune.dk"
LONG_WORDS = ("Fagkonsulent", "sagsbehandlingstid", "01.11.2026")


def meta(title: str) -> DocumentMeta:
    return DocumentMeta(title, "Bodil Ærø", CREATED)


def png(width: int = 920, height: int = 500) -> bytes:
    """A plain light-blue PNG the size of a chart (vl-convert is not needed to test the layout)."""
    raw = b"".join(b"\x00" + b"\xd5\xe4\xf2" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


# --- the documents ----------------------------------------------------------------------------------------

NO_OMBUDSMAN = (Discipline.SOCIAL_WORKER.value, Discipline.LAWYER.value, Discipline.PSYCHOLOGIST.value)
WITH_OMBUDSMAN = (*NO_OMBUDSMAN, Discipline.OMBUDSMAN.value)


def committee_minutes(disciplines: tuple[str, ...]) -> CommitteeMinutes:
    actions = (
        ActionEntry("Overdragelsesmøde med familien ved skift af sagsbehandler", "Fagkonsulent",
                    dt.date(2026, 11, 1), "i gang", "Lang sagsbehandlingstid"),
        ActionEntry("Svarfrister på afgørelser følges op hver måned", "Afdelingsleder, Børn og Familie",
                    dt.date(2027, 3, 31), "ikke påbegyndt", "Klagevejledning og begrundelse i afgørelser"),
        ActionEntry("Børnesamtaler forberedes sammen med forældrene", "Psykologfaglig leder",
                    dt.date(2026, 12, 1), "gennemført", "Børnenes stemme"),
    )
    content = MinutesContent(
        review_name="Task Force 4200", meeting_title="Familierunde om læringspunkterne",
        meeting_kind="møde med familierepræsentanter", starts_at=dt.datetime(2026, 11, 24, 14, 0),
        duration_minutes=90, place="Rådhuset, mødelokale 2", purpose="At drøfte læringspunkterne med familierne.",
        committee="Børne- og Ungeudvalget", committee_item="Punkt 5",
        mandate="En gennemgang af udvalgte sager fra familiernes gruppeklage.",
        attendees=(AttendeeEntry("Frederik Formand", "formand"), AttendeeEntry("Sofie Sørensen", "socialrådgiver")),
        items=(ItemEntry(title="Sagsbehandlingstid", resume="Familierne venter længe på afgørelser.",
                         decision="Læringspunktet tages med i handleplanen."),),
        agreements=(AgreementEntry("Referatet sendes til familierepræsentanterne samtidig med udvalget",
                                   "Fagkonsulent", dt.date(2026, 11, 1), "1. Sagsbehandlingstid"),),
        action_plan=actions,
        cases=(CaseEntry("Familie 3", "familiegruppen", "Familien oplever lang sagsbehandlingstid.", "givet",
                         dt.date(2026, 11, 1), ReviewBasis.CONSENT.value),
               CaseEntry("Familie 11", "udvalget", "Udvalget ønsker sagsbehandlingstiden belyst.", "givet",
                         dt.date(2026, 10, 1), ReviewBasis.CONSENT.value)),
        member_disciplines=disciplines)
    return CommitteeMinutes(meta=meta("Samlet referat"), municipality="Ærø Kommune", content=content, version=1,
                            approved_at=CREATED, approved_by="Frederik Formand")


def dialogue_document(notes: int, *, phone: str = PHONE, email: str = EMAIL) -> dialogue.DialogueMinutes:
    """Dialogue minutes whose talk has `notes` paragraphs: the longer, the lower the closing lines sit."""
    return dialogue.DialogueMinutes(
        meta=meta("Referat af dialogmøde"), municipality="Ærø Kommune", kind="dialogmøde",
        case_title="Familie 12 og Børn og Familie", starts_at=dt.datetime(2026, 12, 1, 9, 0), place="Rådhuset",
        purpose="At finde en vej videre, så familien og forvaltningen igen kan samarbejde.",
        parties=(dialogue.PartyEntry("Bodil Ærø", "borgerrådgiver", "deltog"),
                 dialogue.PartyEntry("Mor", "borger", "deltog"),
                 dialogue.PartyEntry("Søren Østergård", "sagsbehandler", "deltog")),
        topics=(dialogue.TopicEntry("Hvordan går det?", "\n\n".join(
            f"{n + 1}. Familien fortalte om forløbet og den lange sagsbehandlingstid." for n in range(notes))),),
        agreements=("Forvaltningen svarer inden for 14 dage.",),
        followups=(dialogue.FollowUpEntry("Fagkonsulent", "Sende aftalerne skriftligt til alle", dt.date(2026, 11, 1)),
                   dialogue.FollowUpEntry("Familiebehandleren", "Ringe til mor om sagsbehandlingstiden",
                                          dt.date(2026, 12, 10))),
        office="Bodil Ærø", office_phone=phone, office_email=email)


DIALOGUE_LENGTHS = range(0, 26)  # more than a page of one-line paragraphs: one of them ends at a page break

YEARLY_SECTIONS = [  # (title, caption, rows of its table)
    ("Henvendelser efter type", "Type i 2024, 2025 og 2026", 6),
    ("Henvendelser efter område", "Område i 2024, 2025 og 2026", 6),
    ("Udfald", "Udfald i 2024, 2025 og 2026", 7),
    ("Henvendelser efter kanal", "Kanal i 2024, 2025 og 2026", 4),
    ("24-timers-reglen", "Klager i 2026 pr. måned efter 24-timers-reglen", 3),
    ("Årsager", "Årsager i 2024, 2025 og 2026", 9),
    ("Mægling og dialogmøder", "Sager i 2024, 2025 og 2026", 2),
    ("Forvaltningens svartider", "Svartider i 2024, 2025 og 2026", 5),
]


def yearly_document(lang: str = "da") -> yearly.YearlyReportDocument:
    chart = png()
    sections = [yearly.ReportSection(
        title="Henvendelser i alt", text="I 2026 fik borgerrådgiveren 239 henvendelser.",
        tables=(yearly.ReportTable("", ("År", "Antal"), (("2024", "35"), ("2025", "270"), ("2026", "239"))),))]
    for title, caption, rows in YEARLY_SECTIONS:
        sections.append(yearly.ReportSection(
            title=title, text="Kategorierne er faste, så årene kan sammenlignes.",
            charts=(yearly.ReportChart(caption, chart),),
            tables=(yearly.ReportTable("", ("Kategori", "2024", "2025", "2026"),
                                       tuple((f"Lang sagsbehandlingstid {n}", "1", "12", "7") for n in range(rows))),)))
    sections.append(yearly.ReportSection(
        title="Opfølgning", text="Opgaver aftalt på møderne.",
        tables=(yearly.ReportTable("Sager og møder",
                                   ("År", "Slags", "Sager", "Afholdte møder", "Opfølgninger udført", "Opfølgninger åbne"),
                                   (("2026", "Dialogmøde", "20", "31", "12", "3"),)),)))
    return yearly.YearlyReportDocument(
        meta=meta("Årsberetning 2026"), municipality="Ærø Kommune", year=2026,
        intro="Årsberetningen viser de henvendelser, borgerrådgiveren fik i 2026, sammenlignet med de to år før.",
        figures_to=yearly.figures_through(2026, dt.date(2026, 12, 15)), sections=tuple(sections), lang=lang)


def all_documents() -> dict[str, bytes]:
    built = {"committee-no-ombudsman": build_committee_minutes(committee_minutes(NO_OMBUDSMAN)),
             "committee-ombudsman": build_committee_minutes(committee_minutes(WITH_OMBUDSMAN)),
             "yearly": yearly.build_yearly_report(yearly_document())}
    for notes in DIALOGUE_LENGTHS:
        built[f"dialogue-{notes:02d}"] = dialogue.build_dialogue_minutes(dialogue_document(notes))
    return built


@dataclass(frozen=True)
class Converted:
    data: bytes
    pages: list[str]  # pdftotext per page

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, Converted]:
    """Every document of this module through LibreOffice, in one run."""
    if not tools_available():
        pytest.skip("LibreOffice (soffice) and pdftotext: `make system-deps`")
    built = all_documents()
    pdfs = to_pdfs(built, tmp_path_factory.mktemp("layout"))
    return {name: Converted(built[name], pdf_pages(pdf)) for name, pdf in pdfs.items()}


# --- words whole in table cells -----------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


def body_words(data: bytes) -> Counter:
    """Every word of the body (paragraphs and table cells) with how often it occurs."""
    document = docx.Document(io.BytesIO(data))
    words = Counter()
    for paragraph in document.paragraphs:
        words.update(_words(paragraph.text))
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                words.update(_words(cell.text))
    return words


def cell_words(data: bytes) -> set[str]:
    document = docx.Document(io.BytesIO(data))
    return {word for table in document.tables for row in table.rows for cell in row.cells
            for word in _words(cell.text)}


def broken_cell_words(item: Converted) -> list[str]:
    """Words of table cells that the PDF does not hold whole as often as the document does: a word broken
    over two lines of a cell ('Fagkonsule' / 'nt') is missing once."""
    in_pdf = Counter(_words(item.text))
    in_document = body_words(item.data)
    return sorted(word for word in cell_words(item.data) if in_pdf[word] < in_document[word])


@needs_libreoffice
@pytest.mark.parametrize("name", ["committee-no-ombudsman", "yearly", "dialogue-00", "dialogue-12"])
def test_no_word_is_broken_inside_a_table_cell(converted, name) -> None:
    item = converted[name]
    assert cell_words(item.data), "the document has tables"
    assert broken_cell_words(item) == []


@needs_libreoffice
def test_long_danish_words_and_dates_stay_whole_in_the_action_plan(converted) -> None:
    item = converted["committee-no-ombudsman"]
    words = Counter(_words(item.text))
    for word in LONG_WORDS:
        assert word in cell_words(item.data)
        assert words[word] >= body_words(item.data)[word], word
    assert "Klagevejledning" in words and "Psykologfaglig" in words


def test_columns_fit_their_longest_word_within_the_text_width() -> None:
    headers = ["Læringspunkt", "Handling", "Ansvarlig", "Frist", "Status"]
    rows = [["Lang sagsbehandlingstid", "Overdragelsesmøde ved skift", "Fagkonsulent", "01.11.2026", "I gang"]]
    layout = table_layout(headers, rows)
    assert sum(layout.widths) == TEXT_WIDTH_TWIPS and layout.fits
    longest = ["sagsbehandlingstid", "Overdragelsesmøde", "Fagkonsulent", "01.11.2026", "Status"]
    for width, word in zip(layout.widths, longest, strict=True):
        bold = word == "Status"  # the header row is bold
        assert width >= text_width_twips(word, bold=bold, size_pt=layout.size_pt) + CELL_PADDING_TWIPS, word


def test_a_short_table_keeps_the_body_size_and_shares_the_width_by_content() -> None:
    layout = table_layout(["År", "Antal"], [["2026", "239"]])
    assert layout.size_pt == 11 and sum(layout.widths) == TEXT_WIDTH_TWIPS
    wide = table_layout(["Sag", "Begrundelse"], [["Familie 3", "Familien oplever, at ingen har overblik over forløbet "
                                                               "og at sagsbehandlingstiden er for lang."]])
    assert wide.widths[1] > 3 * wide.widths[0]  # the long text gets the room


def test_a_dense_table_is_set_smaller_rather_than_breaking_words() -> None:
    headers = ["Læringspunkt", "Handling", "Ansvarlig", "Frist", "Status"]
    rows = [["Klagevejledning", "overleveringsnotat", "Psykologfaglig", "01.11.2026", "påbegyndt"],
            ["sagsbehandlingstid", "Overdragelsesmøde", "Afdelingsleder,", "31.12.2026", "Gennemført"]]
    layout = table_layout(headers, rows)
    assert layout.size_pt < 11 and layout.fits


def test_impossible_tables_still_fill_the_text_width() -> None:
    layout = table_layout(["A", "B"], [["x" * 400, "y" * 400]])
    assert not layout.fits and sum(layout.widths) == TEXT_WIDTH_TWIPS and layout.widths[0] == layout.widths[1]


def test_grid_and_cell_widths_are_fixed_in_the_xml() -> None:
    builder = DocxBuilder(meta("Tabel"))
    builder.table(["Ansvarlig", "Frist"], [["Fagkonsulent", "01.11.2026"], ["Sofie Sørensen", "24.12.2026"]])
    table = docx.Document(io.BytesIO(builder.to_bytes())).tables[0]._tbl
    grid = [int(col.get(qn("w:w"))) for col in table.iter(qn("w:gridCol"))]
    assert grid == list(table_layout(["Ansvarlig", "Frist"], [["Fagkonsulent", "01.11.2026"],
                                                               ["Sofie Sørensen", "24.12.2026"]]).widths)
    assert table.find(qn("w:tblPr")).find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    for row in table.iter(qn("w:tr")):
        cells = [int(tc.find(qn("w:tcPr")).find(qn("w:tcW")).get(qn("w:w"))) for tc in row.iter(qn("w:tc"))]
        assert cells == grid


# --- the method appendix ------------------------------------------------------------------------------------


def appendix(text: str) -> str:
    """The method appendix's text: from its heading to the mandate."""
    return text.split("Bilag: Metode", 1)[1].split("Kommissorium", 1)[0]


@needs_libreoffice
def test_method_appendix_names_the_ombudsman_only_when_a_member_is_one(converted) -> None:
    without = " ".join(appendix(converted["committee-no-ombudsman"].text).split())
    with_ombudsman = " ".join(appendix(converted["committee-ombudsman"].text).split())
    assert "borgerrådgiver" not in without.lower()
    assert "En tværfaglig gruppe gennemgik de udvalgte sager" in without
    assert "Gruppens fagligheder: socialrådgiver, jurist og psykolog." in without
    assert "sammen med borgerrådgiveren" in with_ombudsman
    assert "Gruppens fagligheder: socialrådgiver, jurist, psykolog og borgerrådgiver." in with_ombudsman


def test_method_text_follows_the_members_recorded() -> None:
    assert "borgerrådgiver" not in " ".join(method_texts(MinutesContent(member_disciplines=NO_OMBUDSMAN), "da"))
    assert "borgerrådgiver" not in " ".join(method_texts(MinutesContent(), "da"))  # minutes approved earlier
    assert "ombudsman" not in " ".join(method_texts(MinutesContent(member_disciplines=NO_OMBUDSMAN), "en"))
    assert "and the citizen ombudsman" in method_texts(MinutesContent(member_disciplines=WITH_OMBUDSMAN), "en")[0]


def test_minutes_record_the_members_disciplines(demo_db) -> None:
    chair = demo_user(demo_db, Role.CHAIR)
    review = review_service.find_review(demo_db, chair, "Task Force 4200")
    family = next(m for m in meetings.list_meetings(demo_db, chair, review.id)
                  if m.kind.value == "møde med familierepræsentanter")

    def method_paragraphs() -> str:
        result = documents.committee_minutes_document(demo_db, chair, family.id, draft=True)
        return "\n".join(p.text for p in docx.Document(io.BytesIO(result.data)).paragraphs
                         if p.text.startswith(("En tværfaglig", "Gruppens fagligheder")))

    assert "sammen med borgerrådgiveren" in method_paragraphs()  # Bodil Ærø is a member, as borgerrådgiver
    ombudsman = demo_user(demo_db, Role.OMBUDSMAN)
    review_service.remove_member(demo_db, chair, review.id, ombudsman.id)
    text = method_paragraphs()
    assert "borgerrådgiver" not in text and "Gruppens fagligheder: socialrådgiver, jurist, psykolog og leder." in text


# --- the yearly report --------------------------------------------------------------------------------------


def page_of(pages: list[str], line: str) -> list[int]:
    """The pages (0-based) with `line` as a whole line."""
    return [number for number, page in enumerate(pages) if line in (row.strip() for row in page.splitlines())]


@needs_libreoffice
def test_yearly_report_states_the_date_its_figures_run_to(converted) -> None:
    first_page = " ".join(converted["yearly"].pages[0].split())
    assert "Året er ikke slut: tallene går til og med 15. december 2026." in first_page


@needs_libreoffice
def test_every_heading_is_on_the_page_of_its_chart_and_caption(converted) -> None:
    pages = converted["yearly"].pages
    assert len(pages) >= 5
    for title, caption, _rows in YEARLY_SECTIONS:
        heading_pages, caption_pages = page_of(pages, title), page_of(pages, caption)
        assert len(heading_pages) == 1 and heading_pages == caption_pages, (title, heading_pages, caption_pages)


def test_figures_run_to_the_day_made_or_the_end_of_the_year() -> None:
    assert yearly.figures_through(2026, dt.date(2026, 12, 15)) == dt.date(2026, 12, 15)
    assert yearly.figures_through(2025, dt.date(2026, 1, 2)) == dt.date(2025, 12, 31)
    assert yearly.figures_text(yearly_document("en")) == (
        "The year is not over: the figures run to 15 December 2026 inclusive.")
    over = yearly.YearlyReportDocument(meta=meta("Årsberetning 2025"), year=2025, figures_to=dt.date(2025, 12, 31))
    assert yearly.figures_text(over) == "Tallene går til og med 31. december 2025."


def test_yearly_report_export_runs_to_today(demo_db, monkeypatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 12, 14, 23, 30))  # 15 December in Copenhagen
    chair = demo_user(demo_db, Role.CHAIR)
    result = documents.yearly_report_document(demo_db, chair, 2026)
    text = [p.text for p in docx.Document(io.BytesIO(result.data)).paragraphs]
    assert "Året er ikke slut: tallene går til og med 15. december 2026." in text
    last_year = documents.yearly_report_document(demo_db, chair, 2025)
    assert "Tallene går til og med 31. december 2025." in [
        p.text for p in docx.Document(io.BytesIO(last_year.data)).paragraphs]


def test_headings_charts_and_captions_are_kept_together_in_the_xml() -> None:
    document = docx.Document(io.BytesIO(yearly.build_yearly_report(yearly_document())))
    paragraphs = document.paragraphs
    for number, paragraph in enumerate(paragraphs):
        if paragraph.text == "Henvendelser efter type":
            section = paragraphs[number:number + 4]  # heading, text, chart, caption
            break
    assert [p.style.name for p in section] == ["Heading 1", "Normal", "Normal", "Caption"]
    assert section[2]._p.xpath(".//w:drawing")
    assert [p.paragraph_format.keep_with_next for p in section[:3]] == [True, True, True]


# --- the dialogue minutes' last page ------------------------------------------------------------------------

HEADER_LINES = ("Ærø Kommune", "Borgerrådgiveren · 1. december 2026")


def body_lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines()
            if line.strip() and line.strip() not in HEADER_LINES and not line.strip().startswith("Side ")]


@needs_libreoffice
def test_dialogue_minutes_never_end_with_the_contact_line_alone(converted) -> None:
    closing = ("Er der noget, der ikke passer? Så kontakt Bodil Ærø.",
               f"Du kan ringe til borgerrådgiveren på {PHONE} eller skrive til {EMAIL}.")
    multi_page = 0
    for notes in DIALOGUE_LENGTHS:
        pages = converted[f"dialogue-{notes:02d}"].pages
        multi_page += len(pages) > 1
        last = " ".join(body_lines(pages[-1]))
        assert PHONE in last and EMAIL in last, notes
        rest = last
        for sentence in closing:
            rest = rest.replace(sentence, "")
        assert rest.strip(), f"{notes} notes: the last page holds only the closing lines"
    assert multi_page >= 5  # the lengths do cross a page break


def test_dialogue_minutes_without_contact_details_print_no_empty_phrase() -> None:
    document = docx.Document(io.BytesIO(dialogue.build_dialogue_minutes(dialogue_document(2, phone="", email=""))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Er der noget, der ikke passer? Så kontakt Bodil Ærø." in text
    assert "ringe" not in text and "skrive til" not in text and "på ." not in text
    only_mail = dialogue.build_dialogue_minutes(dialogue_document(2, phone="", email=EMAIL))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(only_mail)).paragraphs)
    assert f"Du kan skrive til borgerrådgiveren på {EMAIL}." in text and "ringe" not in text


def test_settings_give_the_ombudsman_contact(monkeypatch) -> None:
    monkeypatch.delenv("REVIEWS_OMBUDSMAN_PHONE", raising=False)
    monkeypatch.delenv("REVIEWS_OMBUDSMAN_EMAIL", raising=False)
    monkeypatch.setenv("REVIEWS_DEMO", "1")
    assert (load_settings().ombudsman_phone, load_settings().ombudsman_email) == (DEMO_OMBUDSMAN_PHONE,
                                                                                   DEMO_OMBUDSMAN_EMAIL)
    monkeypatch.setenv("REVIEWS_DEMO", "0")
    assert (load_settings().ombudsman_phone, load_settings().ombudsman_email) == ("", "")
    monkeypatch.setenv("REVIEWS_OMBUDSMAN_PHONE", " 33 12 45 67 ")
    monkeypatch.setenv("REVIEWS_OMBUDSMAN_EMAIL", EMAIL)
    assert (load_settings().ombudsman_phone, load_settings().ombudsman_email) == (PHONE, EMAIL)


def test_dialogue_minutes_export_prints_the_offices_contact(demo_db, monkeypatch) -> None:
    monkeypatch.setenv("REVIEWS_OMBUDSMAN_PHONE", PHONE)
    monkeypatch.setenv("REVIEWS_OMBUDSMAN_EMAIL", EMAIL)
    ombudsman = demo_user(demo_db, Role.OMBUDSMAN)
    held = next(m for case in mediation_service.list_mediation_cases(demo_db, ombudsman)
                for m in mediation_service.get_mediation(demo_db, ombudsman, case.id).meetings
                if m.status.value == "afholdt")
    result = documents.dialogue_minutes_document(demo_db, ombudsman, held.id)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(result.data)).paragraphs)
    assert "Er der noget, der ikke passer? Så kontakt Bodil Ærø." in text
    assert f"Du kan ringe til borgerrådgiveren på {PHONE} eller skrive til {EMAIL}." in text
    assert not result.report.warnings  # the office's own contact is no personal-data warning
