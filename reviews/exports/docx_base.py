"""An in-memory Word (.docx) builder shared by every document the workbench exports.

What each document gets from here, so no builder has to remember it:
- A4 portrait with 2.5 cm margins (python-docx starts from US Letter);
- real Word styles, created by name when the starting document lacks them (python-docx silently
  ignores a style that does not exist): Title, Subtitle, Heading 1-3, Normal, List Bullet, List Number,
  Caption, Header, Footer and the table style "Table Grid";
- a header (one or more lines) and a footer "Side X af Y" with PAGE / NUMPAGES fields;
- document properties (title, author, created, subject, keywords, language) and Danish (da-DK) as the
  proofing language of the whole document;
- every string through `sanitize`: XML-invalid characters (C0/C1 control characters except tab and line
  breaks, U+FFFE/U+FFFF, lone surrogates) are removed; emoji and right-to-left text are kept;
- tables whose column widths follow their content (`table_layout`), so no word or date is broken inside a
  cell; headings kept with what follows them, a chart with its caption, `kept_together()` for a heading with
  its text and chart, and `lines()` for a closing block that must not be split over two pages;
- what a screen reader needs (the documents go on the municipality's website, under the accessibility law):
  every sub-heading a real heading style (no bold paragraphs posing as headings), every table's header row
  marked as one (repeated on each page), every picture with alternative text (`image(alt=...)`).

The result is bytes (`DocxBuilder.to_bytes`), for a download button and the command line alike.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.parts.numbering import NumberingPart
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

LANGUAGE = "da-DK"
TABLE_STYLE = "Table Grid"
PARAGRAPH_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet",
                    "List Number", "Caption", "Header", "Footer")
HEADING_LEVELS = (1, 2, 3)
REQUIRED_STYLES: tuple[tuple[str, WD_STYLE_TYPE], ...] = (
    *((name, WD_STYLE_TYPE.PARAGRAPH) for name in PARAGRAPH_STYLES),
    (TABLE_STYLE, WD_STYLE_TYPE.TABLE),
)
DRAFT_MARK = "UDKAST"
TEXT_WIDTH_TWIPS = 9072  # A4 (21 cm) minus 2 x 2.5 cm margins = 16 cm
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_TAB_OR_LINE = re.compile(r"(\t|\n)")

# XML 1.0 cannot hold C0 controls other than tab/LF/CR, nor U+FFFE/U+FFFF or unpaired surrogates (lxml
# raises ValueError on them). C1 controls and DEL are legal XML but never meaningful text: out as well.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
_WHITESPACE_RUN = re.compile(r"[ \t\n]*[\t\n][ \t\n]*")


def sanitize(value: object) -> str:
    """`value` as text that Word and LibreOffice accept: invalid characters removed, line ends as \\n."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVALID_XML.sub("", text)


def sanitize_line(value: object) -> str:
    """`sanitize`, then tabs and line breaks collapsed to single spaces: for titles, headings, headers and
    document properties, which are one line."""
    return _WHITESPACE_RUN.sub(" ", sanitize(value)).strip()


def paragraphs_of(text: str) -> list[str]:
    """A free text split into paragraphs at blank lines (single line breaks stay inside a paragraph)."""
    text = sanitize(text).strip("\n")
    if not text.strip():
        return []
    return [part for part in _BLANK_LINES.split(text) if part.strip()]


# --- column widths ----------------------------------------------------------------------------------------
# Advance widths (1/1000 em), the widest of the fonts a document is drawn with when the starting template's
# theme fonts (Cambria for text, Calibri for headings) are missing: DejaVu Serif/Sans (LibreOffice's fallback)
# and Liberation Sans/Serif (Arial/Times metrics). Cambria and Calibri are narrower, so a column that fits
# these fits in Word too. Letters with diacritics count as their base letter (é as e); any other character
# (emoji, other scripts) as a full em.
_METRIC_CHARS = "".join(chr(c) for c in range(32, 127)) + "æøåÆØÅ«»–—§°€"
_REGULAR_WIDTHS = (
    318, 402, 460, 838, 636, 950, 890, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636,
    636, 636, 636, 636, 337, 337, 838, 838, 838, 556, 1015, 722, 735, 765, 802, 730, 694, 799, 872, 395, 500, 747,
    664, 1024, 875, 820, 673, 820, 753, 685, 667, 843, 722, 1028, 722, 722, 695, 390, 337, 390, 838, 556, 500,
    613, 640, 560, 640, 615, 370, 640, 644, 320, 310, 606, 320, 974, 644, 612, 640, 640, 478, 521, 402, 644, 592,
    856, 592, 592, 527, 636, 337, 636, 838, 982, 612, 613, 1001, 820, 722, 612, 612, 556, 1000, 556, 500, 636)
_BOLD_WIDTHS = (
    348, 456, 555, 838, 696, 1002, 903, 306, 473, 473, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696,
    696, 696, 696, 696, 400, 400, 838, 838, 838, 611, 1000, 776, 845, 796, 867, 762, 710, 854, 945, 468, 556, 869,
    703, 1107, 914, 871, 752, 871, 831, 722, 744, 872, 776, 1123, 776, 724, 730, 473, 365, 473, 838, 556, 500, 675,
    716, 609, 716, 678, 435, 716, 727, 380, 362, 693, 380, 1058, 727, 687, 716, 716, 527, 595, 478, 727, 652, 924,
    645, 652, 582, 712, 365, 712, 838, 1048, 687, 675, 1085, 871, 776, 646, 646, 556, 1000, 556, 500, 696)
_WIDTHS = {False: dict(zip(_METRIC_CHARS, _REGULAR_WIDTHS, strict=True)),
           True: dict(zip(_METRIC_CHARS, _BOLD_WIDTHS, strict=True))}
_EM = 1000
BODY_FONT_PT = 11  # the Normal style's size in the starting template
TABLE_FONT_SIZES = (11, 10, 9)  # a table too dense for its words at 11 pt is set smaller, down to 9 pt
CELL_PADDING_TWIPS = 2 * 108 + 60  # Table Grid's left and right cell margins, plus room for the borders
WIDTH_SAFETY = 1.05  # kerning and rounding in the renderer


def _char_width(char: str, widths: dict[str, int]) -> int:
    width = widths.get(char)
    if width is None:
        base = unicodedata.normalize("NFD", char)[:1]
        width = widths.get(base, _EM)
    return width


def _units(text: str, bold: bool) -> int:
    widths = _WIDTHS[bold]
    return sum(_char_width(char, widths) for char in text)


def text_width_twips(text: str, *, bold: bool = False, size_pt: float = BODY_FONT_PT) -> int:
    """How wide `text` is on one line, in twips (1/20 pt), by the metrics above (rounded up)."""
    return _twips(_units(text, bold), size_pt)


def _twips(units: int, size_pt: float) -> int:
    return int(units * size_pt * 20 * WIDTH_SAFETY / _EM) + 1 if units else 0


@dataclass(frozen=True)
class TableLayout:
    """How a table is set: its column widths (twips, summing to the width given) and its font size."""

    widths: tuple[int, ...]
    size_pt: float
    fits: bool = True  # False when even the smallest size could not keep every word whole


def table_layout(headers: Sequence[str], rows: Iterable[Sequence[object]], *, total: int = TEXT_WIDTH_TWIPS,
                 sizes: Sequence[float] = TABLE_FONT_SIZES) -> TableLayout:
    """Column widths that fit the table's content, within `total` (the page's text width), and the largest
    font size of `sizes` at which they do. Used by `DocxBuilder.table`, so by every document.

    Each column gets at least the width of its longest word (a date such as 01.11.2026 is one word; the
    header row is bold), so no word is broken inside a cell; the room left over goes to the columns in
    proportion to how much more they need to show their longest line unbroken (as a browser lays out a
    table). When the longest words are too wide together at the first size, the next is tried; only when
    they are too wide at the last are they shrunk alike (and `fits` is False).
    """
    columns = len(headers)
    if columns == 0:
        return TableLayout((), sizes[0])
    # Widths in font units (1/1000 em), so each size is a multiplication: the longest word and line per column.
    least = [0] * columns
    ideal = [0] * columns
    seen: dict[tuple[str, bool], int] = {}

    def measure(text: str, column: int, bold: bool) -> None:
        if not text.strip():
            return
        for line in text.split("\n"):
            line = line.replace("\t", " ").strip()
            if not line:
                continue
            words = line.split()
            for word in words:
                if (word, bold) not in seen:
                    seen[word, bold] = _units(word, bold)
            least[column] = max(least[column], *(seen[word, bold] for word in words))
            if len(words) == 1:
                ideal[column] = max(ideal[column], seen[words[0], bold])
            else:
                ideal[column] = max(ideal[column], _units(" ".join(words), bold))

    for column, header in enumerate(headers):
        measure(sanitize_line(header), column, True)
    for values in rows:
        for column, value in enumerate(list(values)[:columns]):
            measure(sanitize(value), column, False)

    for size in sizes:
        need = [min(_twips(u, size) + CELL_PADDING_TWIPS, total) for u in least]
        if sum(need) <= total:
            break
    fits = sum(need) <= total
    want = [min(max(_twips(u, size) + CELL_PADDING_TWIPS, n), total) for u, n in zip(ideal, need)]
    if not fits:  # cannot fit: shrink the words' widths alike
        widths = [n * total / sum(need) for n in need]
    elif sum(want) <= total:  # everything fits on one line: share out the rest in proportion
        widths = [w * total / sum(want) for w in want]
    else:
        room = total - sum(need)
        more = [w - n for w, n in zip(want, need)]
        widths = [n + room * m / sum(more) for n, m in zip(need, more)]
    result = [int(width) for width in widths]
    result[-1] += total - sum(result)
    return TableLayout(tuple(result), size, fits)


@dataclass(frozen=True)
class DocumentMeta:
    """Document properties (File > Properties in Word)."""

    title: str
    author: str
    created: dt.datetime  # naive UTC, as everywhere in the workbench
    subject: str = ""
    keywords: str = ""
    category: str = ""


# --- styles ---------------------------------------------------------------------------------------------


def _set_outline_level(style, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    outline = ppr.find(qn("w:outlineLvl"))
    if outline is None:
        outline = OxmlElement("w:outlineLvl")
        ppr.append(outline)
    outline.set(qn("w:val"), str(level))


def _table_borders(style) -> None:
    tbl_pr = style.element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        style.element.append(tbl_pr)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "auto")
        borders.append(element)
    tbl_pr.append(borders)


def _numbering(document):
    """The numbering definitions (w:numbering) of the document, a new part when it has none (a template made
    in Word often has none until a list is used)."""
    try:
        return document.part.numbering_part.element
    except NotImplementedError:  # python-docx cannot create one itself
        package = document.part.package
        names = {str(part.partname) for part in package.iter_parts()}
        partname = PackURI("/word/numbering.xml") if "/word/numbering.xml" not in names else \
            package.next_partname("/word/numbering%d.xml")
        element = parse_xml(f'<w:numbering xmlns:w="{_W[1:-1]}"/>')
        part = NumberingPart(partname, CT.WML_NUMBERING, element, package)
        document.part.relate_to(part, RT.NUMBERING)
        return part.element


def _list_numbering(document, style, bullet: bool) -> None:
    """Give a created List Bullet / List Number style its bullets or numbers: a style without numbering
    would show a list as plain paragraphs."""
    numbering = _numbering(document)
    abstract_ids = [int(el.get(qn("w:abstractNumId"))) for el in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(el.get(qn("w:numId"))) for el in numbering.findall(qn("w:num"))]
    abstract_id, num_id = max(abstract_ids, default=0) + 1, max(num_ids, default=0) + 1
    fmt, text = ("bullet", "\u2022") if bullet else ("decimal", "%1.")
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{_W[1:-1]}" w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>')
    num = parse_xml(f'<w:num xmlns:w="{_W[1:-1]}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                    '</w:num>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:  # the schema wants every abstractNum before the first num
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    num_pr = OxmlElement("w:numPr")
    num_id_element = OxmlElement("w:numId")
    num_id_element.set(qn("w:val"), str(num_id))
    num_pr.append(num_id_element)
    style.element.get_or_add_pPr().insert(0, num_pr)


def ensure_styles(document) -> list[str]:
    """Create every style of REQUIRED_STYLES that the document lacks; returns the names created. A style the
    document has (the municipality's template) is left as it is: only what is missing is added."""
    styles = document.styles
    present = {style.name for style in styles}
    created = []
    for name, kind in REQUIRED_STYLES:
        if name in present:
            continue
        style = styles.add_style(name, kind)
        created.append(name)
        if kind == WD_STYLE_TYPE.TABLE:
            _table_borders(style)
            continue
        if name != "Normal" and "Normal" in present:
            style.base_style = styles["Normal"]
        font = style.font
        if name == "Title":
            font.size, font.bold = Pt(24), True
        elif name == "Subtitle":
            font.size, font.italic = Pt(13), True
        elif name.startswith("Heading "):
            level = int(name.split()[1])
            font.size, font.bold = Pt({1: 16, 2: 13}.get(level, 11)), True
            font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
            _set_outline_level(style, level - 1)
            style.paragraph_format.space_before = Pt(12)
            style.paragraph_format.keep_with_next = True
        elif name == "Caption":
            font.size, font.italic = Pt(9), True
        elif name in ("Header", "Footer"):
            font.size = Pt(9)
        elif name in ("List Bullet", "List Number"):
            _list_numbering(document, style, bullet=name == "List Bullet")
        if "Normal" in present and name != "Normal":
            style.next_paragraph_style = styles["Normal"]
    return created


def _set_language(document, language: str) -> None:
    """Danish proofing language for the whole document: document defaults and the Normal style."""
    styles_element = document.styles.element
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    for rpr_element in (rpr, document.styles["Normal"].element.get_or_add_rPr()):
        lang = rpr_element.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr_element.append(lang)
        lang.set(qn("w:val"), language)
        lang.set(qn("w:eastAsia"), language)
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = OxmlElement("w:themeFontLang")
        settings.append(theme_lang)
    theme_lang.set(qn("w:val"), language)


# --- fields -----------------------------------------------------------------------------------------------


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (PAGE, NUMPAGES) with a cached result Word and LibreOffice update on opening."""

    def fld_char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    fld_char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} \\* MERGEFORMAT "
    run._r.append(instr)
    fld_char("separate")
    paragraph.add_run(placeholder)
    fld_char("end")


# --- the builder ------------------------------------------------------------------------------------------


class DocxBuilder:
    """Builds one document top to bottom; `to_bytes()` returns the .docx.

    Every text is sanitised here, so callers pass user text as it is.

    `template` is the municipality's Word template as a .docx (checked by `exports.word_template`): the
    document then starts from it, its body emptied, and keeps its styles (only missing ones are added), its
    page setup and its header and footer (the logo); our header lines and the page number come after its
    header's and footer's content. Without one the document starts from python-docx's default.
    """

    def __init__(self, meta: DocumentMeta, *, header: Sequence[str] = (), page_label: str = "Side",
                 of_label: str = "af", draft: bool = False, language: str = LANGUAGE,
                 template: bytes | None = None) -> None:
        self.document = Document(io.BytesIO(template)) if template else Document()
        self.templated = bool(template)
        if template:
            self._empty_body()
        ensure_styles(self.document)
        _set_language(self.document, language)
        self._style_ids = {name: self.document.styles[name].style_id for name, kind in REQUIRED_STYLES
                           if kind == WD_STYLE_TYPE.PARAGRAPH}
        self._table_style_id = self.document.styles[TABLE_STYLE].style_id
        self._body = self.document._body
        self._body_element = self._body._element
        self._sect_pr = self._body_element.find(qn("w:sectPr"))
        self.draft = draft
        if not (template and self._has_page_setup()):
            self._page_setup()
        self._text_width, self._body_pt = self._measures()
        self._properties(meta, language, draft)
        self._header([*([DRAFT_MARK] if draft else []), *header])
        self._footer(page_label, of_label)

    # -- setup ------------------------------------------------------------------------------------------
    def _empty_body(self) -> None:
        """Remove the template's body content (a sample letter, placeholders), keeping its last section
        properties: page size, margins and the references to its headers and footers."""
        body = self.document._body._element
        children = list(body)
        last = children[-1] if children and children[-1].tag == _W + "sectPr" else None
        for child in children:
            if child is not last:
                body.remove(child)
        if last is None:
            body.append(OxmlElement("w:sectPr"))

    def _has_page_setup(self) -> bool:
        sect_pr = self._sect_pr
        return sect_pr.find(qn("w:pgSz")) is not None and sect_pr.find(qn("w:pgMar")) is not None

    def _measures(self) -> tuple[int, float]:
        """The text width (twips) tables are laid out in and the body's font size (pt). The defaults are
        those of our own page setup; a template's page and Normal style decide when there is one."""
        if not self.templated:
            return TEXT_WIDTH_TWIPS, BODY_FONT_PT
        section = self.document.sections[0]
        try:
            width = int((section.page_width - section.left_margin - section.right_margin) / 635)
        except TypeError:  # a dimension missing from the template's section
            width = TEXT_WIDTH_TWIPS
        size = self.document.styles["Normal"].font.size
        if size is None:
            defaults = self.document.styles.element.find(qn("w:docDefaults"))
            sz = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}") if defaults is not None else None
            size = Pt(int(sz.get(qn("w:val"))) / 2) if sz is not None and sz.get(qn("w:val"), "").isdigit() else None
        body_pt = size.pt if size is not None else BODY_FONT_PT
        return (width if 2000 <= width <= 30000 else TEXT_WIDTH_TWIPS), body_pt

    def _page_setup(self) -> None:
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
        section.header_distance = section.footer_distance = Cm(1.2)

    def _properties(self, meta: DocumentMeta, language: str, draft: bool) -> None:
        # The starting template carries a thumbnail of an empty page; a stale preview is worse than none.
        package = self.document.part.package
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype.endswith("/thumbnail"):
                del package.rels[rel_id]
        props = self.document.core_properties
        if self.templated:  # the template's own properties are not this document's
            props.content_status = props.identifier = props.version = ""
            props.last_printed = meta.created
        title = sanitize_line(meta.title)
        props.title = f"{DRAFT_MARK}: {title}" if draft else title
        props.author = sanitize_line(meta.author)
        props.last_modified_by = sanitize_line(meta.author)
        props.created = meta.created
        props.modified = meta.created
        props.revision = 1
        props.subject = sanitize_line(meta.subject)
        props.keywords = sanitize_line(meta.keywords)
        props.category = sanitize_line(meta.category)
        props.comments = ""
        props.language = language

    def _headers_and_footers(self, kind: str) -> list:
        """The section's headers (or footers) our lines go into: the default one, and the first page's and the
        even pages' when the template uses them (else those pages would lack the lines)."""
        section = self.document.sections[0]
        parts = [getattr(section, kind)]
        if section.different_first_page_header_footer:
            parts.append(getattr(section, f"first_page_{kind}"))
        if self.document.settings.odd_and_even_pages_header_footer:
            parts.append(getattr(section, f"even_page_{kind}"))
        for part in parts:
            part.is_linked_to_previous = False
        return parts

    @staticmethod
    def _next_paragraph(part) -> Paragraph:
        """The part's one empty paragraph when that is all it holds (a new header), else a new one after the
        template's content (its logo and text)."""
        paragraphs = part.paragraphs
        element = part._element
        if (len(paragraphs) == 1 and len(element) == 1 and not paragraphs[0]._p.findall(_W + "r")
                and not paragraphs[0].text):
            return paragraphs[0]
        return part.add_paragraph()

    def _header(self, lines: Sequence[str]) -> None:
        lines = [sanitize_line(line) for line in lines if sanitize_line(line)]
        for header in self._headers_and_footers("header"):
            for index, line in enumerate(lines):
                paragraph = self._next_paragraph(header) if index == 0 else header.add_paragraph()
                paragraph.style = self.document.styles["Header"]
                run = paragraph.add_run(line)
                if index == 0:
                    run.bold = True
                    if self.draft:
                        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
                        run.font.size = Pt(14)

    def _footer(self, page_label: str, of_label: str) -> None:
        for footer in self._headers_and_footers("footer"):
            if any("PAGE" in (instr.text or "") for instr in footer._element.iter(qn("w:instrText"))) or any(
                    "PAGE" in el.get(qn("w:instr"), "") for el in footer._element.iter(qn("w:fldSimple"))):
                continue  # the template numbers its pages itself
            paragraph = self._next_paragraph(footer)
            paragraph.style = self.document.styles["Footer"]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(f"{sanitize(page_label)} ")
            _field(paragraph, "PAGE", "1")
            paragraph.add_run(f" {sanitize(of_label)} ")
            _field(paragraph, "NUMPAGES", "1")

    # -- body -------------------------------------------------------------------------------------------
    # Paragraphs and tables are written as WordprocessingML elements directly (lxml), not through
    # python-docx's object layer: the same XML Word writes, several times faster for long documents.

    def _el(self, parent, tag: str, **attributes):
        element = parent.makeelement(_W + tag, {_W + k: v for k, v in attributes.items()})
        parent.append(element)
        return element

    def _size(self, rpr, size_pt: float) -> None:
        half_points = str(round(size_pt * 2))
        self._el(rpr, "sz", val=half_points)
        self._el(rpr, "szCs", val=half_points)

    def _runs(self, paragraph, text: str, *, bold: bool = False, size_pt: float | None = None) -> None:
        """Runs for `text` (already sanitised): tabs and line breaks become w:tab and w:br."""
        run = self._el(paragraph, "r")
        if bold or size_pt:
            rpr = self._el(run, "rPr")
            if bold:
                self._el(rpr, "b")
            if size_pt:
                self._size(rpr, size_pt)
        for part in _TAB_OR_LINE.split(text):
            if part == "\n":
                self._el(run, "br")
            elif part == "\t":
                self._el(run, "tab")
            elif part:
                t = self._el(run, "t")
                t.text = part
                if part[0] in " \u00a0" or part[-1] in " \u00a0":
                    t.set(_XML_SPACE, "preserve")

    def _p(self, parent, text: str = "", style: str = "Normal", *, bold_prefix: str = "",
           keep_with_next: bool = False, keep_together: bool = False, space_after: int | None = None,
           center: bool = False, size_pt: float | None = None):
        """A w:p appended to `parent` (the body or a table cell); `size_pt` sets the font size of its text."""
        paragraph = parent.makeelement(_W + "p", {})
        if style != "Normal" or keep_with_next or keep_together or space_after is not None or center or size_pt:
            ppr = self._el(paragraph, "pPr")
            if style != "Normal":
                self._el(ppr, "pStyle", val=self._style_ids[style])
            if keep_with_next:
                self._el(ppr, "keepNext")
            if keep_together:
                self._el(ppr, "keepLines")
            if space_after is not None:
                self._el(ppr, "spacing", after=str(space_after))
            if center:
                self._el(ppr, "jc", val="center")
            if size_pt:  # the paragraph mark too, so an empty cell is no taller than the others
                self._size(self._el(ppr, "rPr"), size_pt)
        if bold_prefix:
            self._runs(paragraph, bold_prefix, bold=True, size_pt=size_pt)
        if text:
            self._runs(paragraph, text, size_pt=size_pt)
        if parent is self._body_element:
            self._sect_pr.addprevious(paragraph)
        else:
            parent.append(paragraph)
        return paragraph

    @staticmethod
    def _keep(paragraph, tag: str) -> None:
        """Add w:keepNext or w:keepLines to a finished w:p, in the place the schema orders it (after pStyle,
        and keepLines after keepNext): Word rejects a pPr whose children are out of order."""
        ppr = paragraph.find(_W + "pPr")
        if ppr is None:
            ppr = paragraph.makeelement(_W + "pPr", {})
            paragraph.insert(0, ppr)
        if ppr.find(_W + tag) is not None:
            return
        before = {_W + "pStyle"} | ({_W + "keepNext"} if tag == "keepLines" else set())
        position = 0
        while position < len(ppr) and ppr[position].tag in before:
            position += 1
        ppr.insert(position, ppr.makeelement(_W + tag, {}))

    @contextmanager
    def kept_together(self) -> Iterator[None]:
        """Keep what is added inside the block on one page (when it fits on a page): every paragraph is kept
        with the next and none is split. For a heading with its text and chart."""
        last_before = self._sect_pr.getprevious()
        yield
        added = []
        element = self._body_element[0] if last_before is None else last_before.getnext()
        while element is not None and element is not self._sect_pr:
            added.append(element)
            element = element.getnext()
        paragraphs = [p for element in added for p in element.iter(_W + "p")]
        for number, paragraph in enumerate(paragraphs, start=1):
            if number < len(paragraphs):
                self._keep(paragraph, "keepNext")
            self._keep(paragraph, "keepLines")

    def _paragraph(self, text: str = "", style: str = "Normal"):
        """A python-docx Paragraph (for pictures and breaks)."""
        return Paragraph(self._p(self._body_element, text, style), self._body)

    def title(self, text: str) -> None:
        self._p(self._body_element, sanitize_line(text), "Title")

    def subtitle(self, text: str) -> None:
        if sanitize_line(text):
            self._p(self._body_element, sanitize_line(text), "Subtitle")

    def heading(self, text: str, level: int = 1) -> None:
        if level not in HEADING_LEVELS:
            raise ValueError("heading level must be 1, 2 or 3")
        # Kept with what follows whatever the style says: a heading never ends a page on its own.
        self._p(self._body_element, sanitize_line(text), f"Heading {level}", keep_with_next=True)

    def text(self, text: str, *, style: str = "Normal", placeholder: str = "") -> int:
        """Free text as paragraphs (blank lines separate them). Returns the number of paragraphs added."""
        parts = paragraphs_of(text)
        if not parts and placeholder:
            parts = [sanitize(placeholder)]
        for part in parts:
            self._p(self._body_element, part, style)
        return len(parts)

    def labelled(self, label: str, text: str, *, inline: bool = True, placeholder: str = "", level: int = 2) -> None:
        """'Label: text' in one paragraph (inline), or the label as a heading of `level` above the text's
        paragraphs (a real heading, so a screen reader can jump to it)."""
        parts = paragraphs_of(text) or ([sanitize(placeholder)] if placeholder else [])
        if not parts:
            return
        if inline:
            self._p(self._body_element, parts[0], bold_prefix=f"{sanitize_line(label)}: ")
            rest = parts[1:]
        else:
            self.heading(label, level)
            rest = parts
        for part in rest:
            self._p(self._body_element, part)

    def lines(self, groups: Sequence[Sequence[tuple[str, str]]]) -> int:
        """Groups of lines as ONE paragraph that is never split over two pages: each line a (label, text)
        pair ("Sted: Rådhuset", or the text alone when the label is empty), a blank line between groups;
        lines without text are left out. For a closing block after a heading: one paragraph cannot come apart,
        where LibreOffice can still tear a chain of several kept paragraphs on the first page. Returns the
        number of lines written."""
        kept = [[(sanitize_line(label), sanitize(text).strip()) for label, text in group if sanitize(text).strip()]
                for group in groups]
        kept = [group for group in kept if group]
        if not kept:
            return 0
        paragraph = self._p(self._body_element, keep_together=True)
        for number, group in enumerate(kept):
            if number:
                self._runs(paragraph, "\n\n")
            for index, (label, text) in enumerate(group):
                if index:
                    self._runs(paragraph, "\n")
                if label:
                    self._runs(paragraph, f"{label}: ", bold=True)
                self._runs(paragraph, text)
        return sum(len(group) for group in kept)

    def bullets(self, items: Iterable[str]) -> None:
        for item in items:
            text = sanitize(item)
            if text.strip():
                self._p(self._body_element, text, "List Bullet")

    def numbered(self, items: Iterable[str]) -> None:
        for item in items:
            text = sanitize(item)
            if text.strip():
                self._p(self._body_element, text, "List Number")

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        """A table in the table style, with a bold header row that repeats on every page. The columns are as
        wide as their content needs (`table_layout`), fixed in the grid and in every cell, so Word and
        LibreOffice lay it out alike and no word is broken inside a cell; a table too dense for that at the
        body's size is set a point or two smaller."""
        columns = len(headers)
        rows = [list(values) for values in rows]
        sizes = TABLE_FONT_SIZES if self._body_pt == BODY_FONT_PT else tuple(
            dict.fromkeys((self._body_pt, *(s for s in TABLE_FONT_SIZES if s < self._body_pt)))) or (self._body_pt,)
        layout = table_layout(headers, rows, total=self._text_width, sizes=sizes)
        widths = layout.widths
        size = layout.size_pt if layout.size_pt != self._body_pt else None
        tbl = self._body_element.makeelement(_W + "tbl", {})
        tbl_pr = self._el(tbl, "tblPr")
        self._el(tbl_pr, "tblStyle", val=self._table_style_id)
        self._el(tbl_pr, "tblW", w=str(sum(widths)), type="dxa")
        self._el(tbl_pr, "jc", val="center")
        self._el(tbl_pr, "tblLayout", type="fixed")
        self._el(tbl_pr, "tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="1", lastColumn="0",
                 noHBand="0", noVBand="1")
        grid = self._el(tbl, "tblGrid")
        for width in widths:
            self._el(grid, "gridCol", w=str(width))

        def row(values: Sequence[str], header: bool = False) -> None:
            tr = self._el(tbl, "tr")
            if header:
                self._el(self._el(tr, "trPr"), "tblHeader")
            for width, value in zip(widths, values):
                tc = self._el(tr, "tc")
                self._el(self._el(tc, "tcPr"), "tcW", w=str(width), type="dxa")
                if header:
                    self._p(tc, "", bold_prefix=value, space_after=0, size_pt=size)
                    continue
                parts = paragraphs_of(value) or [""]
                for part in parts:
                    self._p(tc, part, space_after=0, size_pt=size)

        row([sanitize_line(h) for h in headers], header=True)
        for values in rows:
            cells = [sanitize(cell) for cell in values][:columns]
            row(cells + [""] * (columns - len(cells)))
        self._sect_pr.addprevious(tbl)
        self._p(self._body_element)  # keep the next heading off the table

    def image(self, png: bytes, *, width_cm: float = 16.0, caption: str = "", alt: str = "", title: str = "") -> None:
        """A picture, centred, with its caption below on the same page. `alt` is its alternative text (what it
        shows, with its figures) and `title` a short name of it; both default to the caption."""
        paragraph = self._paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        width = min(Cm(width_cm), self._text_width * 635)  # never wider than a template's narrower text
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=width)
        # python-docx has no API for alt text: Word keeps it on wp:docPr (descr, title), LibreOffice reads it
        # from there and writes it to a tagged PDF.
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", sanitize_line(alt) or sanitize_line(caption))
        if sanitize_line(title) or sanitize_line(caption):
            doc_pr.set("title", sanitize_line(title) or sanitize_line(caption))
        if sanitize_line(caption):
            self._keep(paragraph._p, "keepNext")
            self._p(self._body_element, sanitize_line(caption), "Caption", keep_together=True)

    def page_break(self) -> None:
        self._paragraph().add_run().add_break(WD_BREAK.PAGE)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
