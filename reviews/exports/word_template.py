"""The municipality's Word template: checked before it is stored, so every export can start from it safely.

`inspect_template(data, filename)` takes the uploaded .dotx or .docx and either returns a `TemplateInfo` (with
the file as a .docx the builder can open) or raises `TemplateRefused` with a message key saying why. A template
is opened by every export later, so it is held to more than a Word file has to be:

- a real OOXML zip of bounded size: the file, each part, the number of parts, the unpacked total, and the
  compression ratio of big parts (a zip bomb is refused before anything is inflated);
- no macros: no VBA project, no macro-enabled content types (.docm/.dotm);
- nothing Word or LibreOffice would fetch or run on opening: no external relationships (a linked image, an
  attached template on a server, a linked OLE object, frames, subdocuments; web and mail hyperlinks are the one
  exception, as nothing is fetched until someone clicks them), no embedded OLE objects, ActiveX controls,
  alternative-format chunks or ribbon customisations, no INCLUDEPICTURE / INCLUDETEXT / LINK / DDE fields,
  no DTD in any XML part (entity expansion);
- pictures (the logo) within a byte and pixel limit, their size read from the header only (Pillow's
  decompression-bomb guard as the second line);
- no CPR number in any XML part: the export guard's scan of the built file (`guard.scan_docx`), run on the
  template itself (body, headers, footers, document properties, glossary...);
- python-docx opens it and a sample document builds from it.

A .dotx differs from a .docx only in the main part's content type, which python-docx refuses: the
[Content_Types].xml override is changed to the document type (`as_document`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import warnings
import zipfile
from dataclasses import dataclass

from lxml import etree

from reviews.errors import ValidationError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ENTRIES = 500
MAX_PART_BYTES = 25 * 1024 * 1024  # unpacked, one part
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # unpacked, all parts together
MAX_RATIO = 100  # unpacked / packed, for parts bigger than RATIO_FROM (small XML parts pack very well)
RATIO_FROM = 1024 * 1024
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000  # 5000 x 5000: far beyond any logo
SUFFIXES = (".dotx", ".docx")
MACRO_SUFFIXES = (".dotm", ".docm")

DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFFICE_DOCUMENT = "/officeDocument"
# An XML parser that resolves no entity and reads nothing from the network (DTDs are refused before anyway).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

_MACRO_MARKERS = ("vbaproject", "vbadata", "macroenabled", "vnd.ms-office.vba", "keymapcustomizations")
# Relationship types (their last path segment) and part folders of content that runs or embeds a program.
_ACTIVE_RELTYPES = ("oleobject", "package", "control", "activexcontrolbinary", "afchunk", "extensibility",
                    "customui")
_FETCHED_RELTYPES = ("subdocument", "frame")  # another file loaded into this one on opening
_ACTIVE_PARTS = ("word/embeddings/", "word/activex/", "customui/", "word/customui/")
_ACTIVE_TYPES = ("oleobject", "activex", "customui")
_REMOTE_FIELD = re.compile(r"\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDEAUTO|DDE|IMPORT)\b", re.IGNORECASE)
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_SVG_EXTERNAL = re.compile(r"""href\s*=\s*["'](?!#|data:)""", re.IGNORECASE)
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


class TemplateRefused(ValidationError):
    """The uploaded template cannot be used; `key` says why (a catalogue message), nothing was stored."""

    key = "wt.error.unusable"


@dataclass(frozen=True)
class TemplateInfo:
    document: bytes  # the template as a .docx: what DocxBuilder starts from
    kind: str  # "dotx" or "docx": what was uploaded
    sha256: str  # of the uploaded file
    size: int  # bytes uploaded
    body_font: str  # the Normal style's font ("" when the theme decides)
    images: int  # pictures in the template (the logo)
    header_text: str  # the text of its headers, for the page to show


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} kB"


def _short(text: str, limit: int = 80) -> str:
    text = re.sub(r"[\x00-\x1f\x7f]", "", text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _parse(data: bytes, name: str):
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        raise TemplateRefused("wt.error.broken_part", part=name) from None


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if not data:
        raise TemplateRefused("wt.error.empty")
    if len(data) > MAX_FILE_BYTES:
        raise TemplateRefused("wt.error.too_big", size=_megabytes(len(data)), limit=_megabytes(MAX_FILE_BYTES))
    if not data.startswith(b"PK"):
        raise TemplateRefused("wt.error.not_word")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise TemplateRefused("wt.error.not_word") from None
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise TemplateRefused("wt.error.too_many_parts", count=len(infos), limit=MAX_ENTRIES)
    total = 0
    for info in infos:
        total += info.file_size
        if (info.file_size > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES
                or (info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1))):
            raise TemplateRefused("wt.error.zip_bomb", limit=_megabytes(MAX_UNPACKED_BYTES))
        if info.flag_bits & 0x1:
            raise TemplateRefused("wt.error.encrypted")
    return archive


def _read_all(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Every part, by name; zipfile stops at each part's declared size and checks its CRC, so a part cannot
    unpack to more than the sizes checked above."""
    parts = {}
    try:
        for info in archive.infolist():
            if info.is_dir():
                continue
            parts[info.filename] = archive.read(info)
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, RuntimeError, ValueError):
        raise TemplateRefused("wt.error.not_word") from None
    return parts


def _content_types(parts: dict[str, bytes]) -> tuple[dict[str, str], dict[str, str]]:
    """(defaults by extension, overrides by part name without the leading slash), lower-cased types."""
    if "[Content_Types].xml" not in parts:
        raise TemplateRefused("wt.error.not_word")
    root = _parse(parts["[Content_Types].xml"], "[Content_Types].xml")
    defaults = {el.get("Extension", "").lower(): el.get("ContentType", "").lower() for el in root.iter(_CT + "Default")}
    overrides = {el.get("PartName", "").lstrip("/"): el.get("ContentType", "").lower()
                 for el in root.iter(_CT + "Override")}
    return defaults, overrides


def _type_of(name: str, defaults: dict[str, str], overrides: dict[str, str]) -> str:
    if name in overrides:
        return overrides[name]
    return defaults.get(name.rsplit(".", 1)[-1].lower(), "")


def _main_part(parts: dict[str, bytes]) -> str:
    if "_rels/.rels" not in parts:
        raise TemplateRefused("wt.error.not_word")
    for rel in _parse(parts["_rels/.rels"], "_rels/.rels").iter(_RELS + "Relationship"):
        if rel.get("Type", "").endswith(_OFFICE_DOCUMENT) and rel.get("TargetMode") != "External":
            return rel.get("Target", "").lstrip("/")
    raise TemplateRefused("wt.error.not_word")


def _check_relationships(parts: dict[str, bytes]) -> None:
    for name, data in parts.items():
        if not name.endswith(".rels"):
            continue
        for rel in _parse(data, name).iter(_RELS + "Relationship"):
            kind = rel.get("Type", "").rsplit("/", 1)[-1].lower()
            target = rel.get("Target", "")
            if "vba" in kind:
                raise TemplateRefused("wt.error.macros")
            if kind == "attachedtemplate":
                raise TemplateRefused("wt.error.attached_template", target=_short(target))
            if kind in _ACTIVE_RELTYPES:
                raise TemplateRefused("wt.error.active_content", part=_short(target))
            if kind in _FETCHED_RELTYPES:
                raise TemplateRefused("wt.error.external", target=_short(target))
            if rel.get("TargetMode", "").lower() == "external":
                if kind == "hyperlink" and _SAFE_LINK.match(target.strip()):
                    continue  # a web or mail link in the footer: nothing is fetched until clicked
                raise TemplateRefused("wt.error.external", target=_short(target))


def _check_fields(name: str, root) -> None:
    codes = "".join(el.text or "" for el in root.iter(_W + "instrText"))
    codes += " " + " ".join(el.get(_W + "instr", "") for el in root.iter(_W + "fldSimple"))
    match = _REMOTE_FIELD.search(codes)
    if match:
        raise TemplateRefused("wt.error.remote_field", field=match.group(1).upper())


def _check_image(name: str, data: bytes) -> None:
    from PIL import Image

    label = _short(name.rsplit("/", 1)[-1], 60)
    if len(data) > MAX_IMAGE_BYTES:
        raise TemplateRefused("wt.error.image_bytes", name=label, size=_megabytes(len(data)),
                              limit=_megabytes(MAX_IMAGE_BYTES))
    if name.lower().endswith(".svg"):
        if _DTD.search(data) or _SVG_EXTERNAL.search(data.decode("utf-8", errors="replace")):
            raise TemplateRefused("wt.error.external", target=label)
        return
    # Image.open reads the header only; the size is checked before anything is decoded. Pillow refuses
    # beyond twice its own limit (DecompressionBombError) and warns beyond it: both mean "too big" here.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise TemplateRefused("wt.error.image_pixels", name=label, limit=MAX_IMAGE_PIXELS // 1_000_000) from None
    except Exception:  # noqa: BLE001 - whatever Pillow trips over, the picture is not usable
        raise TemplateRefused("wt.error.image_unreadable", name=label) from None
    if width * height > MAX_IMAGE_PIXELS:
        raise TemplateRefused("wt.error.image_pixels", name=label, limit=MAX_IMAGE_PIXELS // 1_000_000)


def as_document(parts: dict[str, bytes], main: str) -> bytes:
    """The package re-zipped with its main part typed as a document (a .dotx's template type replaced)."""
    types = parts["[Content_Types].xml"]
    root = _parse(types, "[Content_Types].xml")
    for override in root.iter(_CT + "Override"):
        if override.get("PartName", "").lstrip("/") == main and override.get("ContentType", "").lower() == TEMPLATE_TYPE:
            override.set("ContentType", DOCUMENT_TYPE)
    patched = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", patched)
        for name, data in parts.items():
            if name != "[Content_Types].xml":
                out.writestr(name, data)
    return buffer.getvalue()


def inspect_template(data: bytes, filename: str = "skabelon.dotx") -> TemplateInfo:
    """Check an uploaded .dotx/.docx; its `TemplateInfo`, or `TemplateRefused` with the reason."""
    from reviews.exports.guard import scan_docx

    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in MACRO_SUFFIXES:
        raise TemplateRefused("wt.error.macros")
    if suffix not in SUFFIXES:
        raise TemplateRefused("wt.error.file_type")
    with _open_zip(data) as archive:
        parts = _read_all(archive)
    for name, part in parts.items():
        if any(marker in name.lower() for marker in _MACRO_MARKERS):
            raise TemplateRefused("wt.error.macros")
        if (name.endswith(".xml") or name.endswith(".rels")) and _DTD.search(part):
            raise TemplateRefused("wt.error.dtd", part=_short(name))
    defaults, overrides = _content_types(parts)
    for content_type in [*defaults.values(), *overrides.values()]:
        if any(marker in content_type for marker in _MACRO_MARKERS):
            raise TemplateRefused("wt.error.macros")
    main = _main_part(parts)
    main_type = _type_of(main, defaults, overrides)
    if main_type not in (DOCUMENT_TYPE, TEMPLATE_TYPE) or main not in parts:
        raise TemplateRefused("wt.error.not_word")
    _check_relationships(parts)
    images = 0
    for name, part in parts.items():
        lowered = name.lower()
        content_type = _type_of(name, defaults, overrides)
        if lowered.startswith(_ACTIVE_PARTS) or any(marker in content_type for marker in _ACTIVE_TYPES):
            raise TemplateRefused("wt.error.active_content", part=_short(name))
        if content_type.startswith("image/") or lowered.startswith("word/media/"):
            _check_image(name, part)
            images += lowered.startswith("word/")  # not the thumbnail of docProps
        elif lowered.startswith("word/") and lowered.endswith(".xml"):
            _check_fields(name, _parse(part, name))
    document = as_document(parts, main)
    findings = scan_docx(document)
    if findings:
        raise TemplateRefused("wt.error.cpr", part=findings[0].place[1][0])
    body_font, header_text = _trial(document)
    return TemplateInfo(document=document, kind="dotx" if main_type == TEMPLATE_TYPE else "docx",
                        sha256=hashlib.sha256(data).hexdigest(), size=len(data), body_font=body_font,
                        images=images, header_text=header_text)


def _trial(document: bytes) -> tuple[str, str]:
    """Open the template with python-docx and build a small document from it: a template that passes the
    checks but that the builder cannot use is refused now, not at the first export. Returns the Normal
    style's font and the header text."""
    import docx

    from reviews.exports.docx_base import DocumentMeta, DocxBuilder

    try:
        opened = docx.Document(io.BytesIO(document))
        names = {style.name for style in opened.styles}
        font = (opened.styles["Normal"].font.name or "") if "Normal" in names else ""
        headers = []
        for section in opened.sections:
            if not section.header.is_linked_to_previous:
                headers.extend(p.text.strip() for p in section.header.paragraphs if p.text.strip())
        builder = DocxBuilder(DocumentMeta("Prøve", "", dt.datetime(2026, 1, 1)), header=["Prøve"],
                              template=document)
        builder.title("Prøve")
        builder.table(["A", "B"], [["1", "2"]])
        builder.bullets(["Prøve"])
        builder.to_bytes()
    except TemplateRefused:
        raise
    except Exception:  # noqa: BLE001 - any failure to open or build is the finding
        raise TemplateRefused("wt.error.unusable") from None
    return font, " · ".join(dict.fromkeys(headers))


def build_sample(template: bytes | None, *, municipality: str, author: str, created: dt.datetime,
                 lang: str = "da") -> bytes:
    """A short sample document in the template: title, headings, text, a list, a numbered list and a table, so
    the administrator sees what an export will look like before the first real one."""
    from reviews import i18n
    from reviews.exports.docx_base import DocumentMeta, DocxBuilder

    t = lambda key, **params: i18n.t(key, lang, **params)  # noqa: E731
    title = t("wt.sample_title")
    builder = DocxBuilder(DocumentMeta(title, author, created, subject=municipality, keywords=t("wt.sample_title")),
                          header=[municipality, title], page_label=t("doc.page"), of_label=t("doc.of"),
                          template=template)
    builder.title(title)
    builder.subtitle(municipality)
    builder.heading(t("wt.sample_heading1"))
    builder.text(t("wt.sample_text"))
    builder.bullets([t("wt.sample_bullet1"), t("wt.sample_bullet2")])
    builder.heading(t("wt.sample_heading2"), 2)
    builder.numbered([t("wt.sample_step1"), t("wt.sample_step2")])
    builder.table([t("wt.sample_col_what"), t("wt.sample_col_who"), t("wt.sample_col_when")],
                  [[t("wt.sample_row_what"), t("wt.sample_row_who"), "01.03.2027"]])
    return builder.to_bytes()
