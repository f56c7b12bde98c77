"""DOCX with python-docx (macros and content fetched from outside are refused), and plain text."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn

from .bundle import check_archive
from .model import Rejected
from .text import clean

# Relationship types that make Word fetch something from outside when the file opens; a hyperlink
# the reader may click is fine.
_FETCHING = ("attachedTemplate", "image", "oleObject", "subDocument", "frame", "externalLinkPath", "package",
             "control", "audio", "video")
_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
_MACRO_TYPES = ("macroEnabled", "vbaProject")


def _check_package(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Rejected("casefile.error.damaged", kind="Word") from None
    with archive:
        check_archive(archive)
        names = {info.filename.lower() for info in archive.infolist()}
        if "word/document.xml" not in names:
            raise Rejected("casefile.error.mismatch", expected="Word (.docx)")
        content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace") \
            if "[content_types].xml" in names else ""
        if any(n.rsplit("/", 1)[-1] in _MACRO_PARTS for n in names) or any(t in content_types for t in _MACRO_TYPES):
            raise Rejected("casefile.error.macros")
        for name in names:
            if not name.endswith(".rels"):
                continue
            rels = archive.read(next(i.filename for i in archive.infolist() if i.filename.lower() == name))
            rels = rels.decode("utf-8", "replace")
            for chunk in rels.split("<Relationship ")[1:]:
                if 'TargetMode="External"' in chunk and any(f"/{kind}\"" in chunk for kind in _FETCHING):
                    raise Rejected("casefile.error.external_links")


def docx_paragraphs(data: bytes) -> tuple[list[str], set[int], dict[str, str]]:
    """Body paragraphs and table rows in document order, the indexes that start a new page, and the
    core properties (cleaned)."""
    _check_package(data)
    try:
        document = Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds for a damaged package
        raise Rejected("casefile.error.damaged", kind="Word") from None
    paragraphs: list[str] = []
    breaks: set[int] = set()
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            if child.find(".//" + qn("w:pageBreakBefore")) is not None and paragraphs:
                breaks.add(len(paragraphs))
            text = "".join(node.text or "" for node in child.iter(qn("w:t")))
            if paragraphs and any(br.get(qn("w:type")) == "page" for br in child.iter(qn("w:br"))):
                breaks.add(len(paragraphs) + (0 if not text.strip() else 1))
            if text.strip():
                paragraphs.append(text)
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = ["".join(n.text or "" for n in cell.iter(qn("w:t"))) for cell in row.iter(qn("w:tc"))]
                line = " | ".join(c.strip() for c in cells if c.strip())
                if line:
                    paragraphs.append(line)
    props = document.core_properties
    meta = {k: clean(v) for k, v in (("Title", props.title), ("Author", props.author), ("Subject", props.subject),
                                      ("CreationDate", props.created.isoformat() if props.created else ""))
            if v}
    return paragraphs, breaks, meta


def decode_text(data: bytes) -> str:
    """A plain-text file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (Danish Windows)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise Rejected("casefile.error.encoding") from None
    if b"\x00" in data[:65536]:
        raise Rejected("casefile.error.mismatch", expected="tekst (.txt)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise Rejected("casefile.error.encoding") from None
