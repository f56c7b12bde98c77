"""An in-memory Word (.docx) builder shared by every document the workbench exports.

What each document gets from here, so no builder has to remember it:
- A4 portrait with 2.5 cm margins (python-docx starts from US Letter);
- real Word styles, created by name when the starting document lacks them (python-docx silently
  ignores a style that does not exist): Title, Subtitle, Heading 1-2, Normal, List Bullet, List Number,
  Caption, Header, Footer and the table style "Table Grid";
- a header (one or more lines) and a footer "Side X af Y" with PAGE / NUMPAGES fields;
- document properties (title, author, created, subject, keywords, language) and Danish (da-DK) as the
  proofing language of the whole document;
- every string through `sanitize`: XML-invalid characters (C0/C1 control characters except tab and line
  breaks, U+FFFE/U+FFFF, lone surrogates) are removed; emoji and right-to-left text are kept.

The result is bytes (`DocxBuilder.to_bytes`), for a download button and the command line alike.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

LANGUAGE = "da-DK"
TABLE_STYLE = "Table Grid"
PARAGRAPH_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet", "List Number",
                    "Caption", "Header", "Footer")
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


def ensure_styles(document) -> list[str]:
    """Create every style of REQUIRED_STYLES that the document lacks; returns the names created."""
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
            font.size, font.bold = Pt(16 if level == 1 else 13), True
            font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
            _set_outline_level(style, level - 1)
            style.paragraph_format.space_before = Pt(12)
            style.paragraph_format.keep_with_next = True
        elif name == "Caption":
            font.size, font.italic = Pt(9), True
        elif name in ("Header", "Footer"):
            font.size = Pt(9)
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
    """

    def __init__(self, meta: DocumentMeta, *, header: Sequence[str] = (), page_label: str = "Side",
                 of_label: str = "af", draft: bool = False, language: str = LANGUAGE) -> None:
        self.document = Document()
        ensure_styles(self.document)
        _set_language(self.document, language)
        self._style_ids = {name: self.document.styles[name].style_id for name, kind in REQUIRED_STYLES
                           if kind == WD_STYLE_TYPE.PARAGRAPH}
        self._table_style_id = self.document.styles[TABLE_STYLE].style_id
        self._body = self.document._body
        self._body_element = self._body._element
        self._sect_pr = self._body_element.find(qn("w:sectPr"))
        self.draft = draft
        self._page_setup()
        self._properties(meta, language, draft)
        self._header([*([DRAFT_MARK] if draft else []), *header])
        self._footer(page_label, of_label)

    # -- setup ------------------------------------------------------------------------------------------
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

    def _header(self, lines: Sequence[str]) -> None:
        header = self.document.sections[0].header
        header.is_linked_to_previous = False
        first = header.paragraphs[0]
        lines = [sanitize_line(line) for line in lines if sanitize_line(line)]
        for index, line in enumerate(lines):
            paragraph = first if index == 0 else header.add_paragraph()
            paragraph.style = self.document.styles["Header"]
            run = paragraph.add_run(line)
            if index == 0:
                run.bold = True
                if self.draft:
                    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
                    run.font.size = Pt(14)

    def _footer(self, page_label: str, of_label: str) -> None:
        footer = self.document.sections[0].footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
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

    def _runs(self, paragraph, text: str, *, bold: bool = False) -> None:
        """Runs for `text` (already sanitised): tabs and line breaks become w:tab and w:br."""
        run = self._el(paragraph, "r")
        if bold:
            self._el(self._el(run, "rPr"), "b")
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
           keep_with_next: bool = False, space_after: int | None = None, center: bool = False):
        """A w:p appended to `parent` (the body or a table cell)."""
        paragraph = parent.makeelement(_W + "p", {})
        if style != "Normal" or keep_with_next or space_after is not None or center:
            ppr = self._el(paragraph, "pPr")
            if style != "Normal":
                self._el(ppr, "pStyle", val=self._style_ids[style])
            if keep_with_next:
                self._el(ppr, "keepNext")
            if space_after is not None:
                self._el(ppr, "spacing", after=str(space_after))
            if center:
                self._el(ppr, "jc", val="center")
        if bold_prefix:
            self._runs(paragraph, bold_prefix, bold=True)
        if text:
            self._runs(paragraph, text)
        if parent is self._body_element:
            self._sect_pr.addprevious(paragraph)
        else:
            parent.append(paragraph)
        return paragraph

    def _paragraph(self, text: str = "", style: str = "Normal"):
        """A python-docx Paragraph (for pictures and breaks)."""
        return Paragraph(self._p(self._body_element, text, style), self._body)

    def title(self, text: str) -> None:
        self._p(self._body_element, sanitize_line(text), "Title")

    def subtitle(self, text: str) -> None:
        if sanitize_line(text):
            self._p(self._body_element, sanitize_line(text), "Subtitle")

    def heading(self, text: str, level: int = 1) -> None:
        if level not in (1, 2):
            raise ValueError("heading level must be 1 or 2")
        self._p(self._body_element, sanitize_line(text), f"Heading {level}")

    def text(self, text: str, *, style: str = "Normal", placeholder: str = "") -> int:
        """Free text as paragraphs (blank lines separate them). Returns the number of paragraphs added."""
        parts = paragraphs_of(text)
        if not parts and placeholder:
            parts = [sanitize(placeholder)]
        for part in parts:
            self._p(self._body_element, part, style)
        return len(parts)

    def labelled(self, label: str, text: str, *, inline: bool = True, placeholder: str = "") -> None:
        """'Label: text' in one paragraph (inline) or a bold label line above the text's paragraphs."""
        parts = paragraphs_of(text) or ([sanitize(placeholder)] if placeholder else [])
        if not parts:
            return
        if inline:
            self._p(self._body_element, parts[0], bold_prefix=f"{sanitize_line(label)}: ")
            rest = parts[1:]
        else:
            self.label(label)
            rest = parts
        for part in rest:
            self._p(self._body_element, part)

    def label(self, text: str) -> None:
        """A bold line introducing what follows (e.g. a list), kept on the same page as it."""
        self._p(self._body_element, "", bold_prefix=sanitize_line(text), keep_with_next=True, space_after=40)

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

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[object]],
              widths_cm: Sequence[float] | None = None) -> None:
        """A table in the table style, with a bold header row that repeats on every page."""
        columns = len(headers)
        widths = [int(Cm(w).twips) for w in widths_cm] if widths_cm else [TEXT_WIDTH_TWIPS // columns] * columns
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
                    self._p(tc, "", bold_prefix=value, space_after=0)
                    continue
                parts = paragraphs_of(value) or [""]
                for part in parts:
                    self._p(tc, part, space_after=0)

        row([sanitize_line(h) for h in headers], header=True)
        for values in rows:
            cells = [sanitize(cell) for cell in values][:columns]
            row(cells + [""] * (columns - len(cells)))
        self._sect_pr.addprevious(tbl)
        self._p(self._body_element)  # keep the next heading off the table

    def image(self, png: bytes, *, width_cm: float = 16.0, caption: str = "") -> None:
        paragraph = self._paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
        if sanitize_line(caption):
            self._p(self._body_element, sanitize_line(caption), "Caption")

    def page_break(self) -> None:
        self._paragraph().add_run().add_break(WD_BREAK.PAGE)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
