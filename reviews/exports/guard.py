"""The export guard: nothing leaves the workbench with a CPR number in it.

Two lines of defence:
1. Before a document is built, every text of its document model (a tree of dataclasses, lists, tuples and
   dicts; every `str` in it is a text that goes into the body, a table, the header, the footer or the
   document properties) is scanned. A CPR number blocks the export and is reported with its place
   ("Punkt 3, sagsfremstilling"); e-mail addresses and 8-digit Danish phone numbers are warnings.
   `mask_model` returns the same model with every CPR number replaced by "[CPR fjernet]": the one-click mask.
2. After building, every XML part of the .docx (body, headers, footers, document properties, ...) is
   scanned again (`scan_docx`), both as text (tags removed, so a number split over runs is found) and
   as raw XML.

Places are tuples of (message key, number) so the UI and the command line can show them in their
language (`describe_place`). A model marks its places with dataclass field metadata `{"place": key}`
and, for the elements of a list, a class attribute `PLACE = "place.item"` (message "Punkt {n}").
"""

from __future__ import annotations

import dataclasses
import html
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from reviews import i18n
from reviews.privacy.cpr import CprHit, find_cpr, mask_cpr

Place = tuple[tuple[str, int | None], ...]

CPR = "cpr"
EMAIL = "email"
PHONE = "phone"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
# Danish phone numbers have 8 digits: 12345678, 12 34 56 78, 1234 5678, optionally after +45 / 0045.
_PHONE = re.compile(r"(?<![0-9+])(?:(?:\+|00)45[ \u00a0]?)?"
                    r"(?:[0-9]{8}|[0-9]{2}(?:[ \u00a0][0-9]{2}){3}|[0-9]{4}[ \u00a0][0-9]{4})(?![0-9])")
_CONTEXT = 30


@dataclass(frozen=True)
class GuardFinding:
    """One hit: what kind, where, and a bit of the text around it with the hit itself hidden."""

    kind: str  # cpr / email / phone
    place: Place
    context: str
    mod11_valid: bool | None = None  # CPR only: ranks the hit (not required of numbers since 2007)

    @property
    def blocking(self) -> bool:
        return self.kind == CPR


@dataclass(frozen=True)
class GuardReport:
    findings: tuple[GuardFinding, ...] = ()
    texts_scanned: int = 0

    @property
    def blocked(self) -> bool:
        return any(f.blocking for f in self.findings)

    @property
    def cpr(self) -> list[GuardFinding]:
        return [f for f in self.findings if f.kind == CPR]

    @property
    def warnings(self) -> list[GuardFinding]:
        return [f for f in self.findings if f.kind != CPR]


def describe_place(place: Place, lang: str = "da") -> str:
    """'Punkt 3, sagsfremstilling' from ((place.item, 3), (place.account, None))."""
    parts = [i18n.t(key, lang, n=number) if number is not None else i18n.t(key, lang) for key, number in place]
    text = ", ".join(parts) if parts else i18n.t("place.document", lang)
    return text[:1].upper() + text[1:]


_HIDDEN = "\ue000"  # stands in for a CPR number's characters, so offsets stay as they were
_HIDDEN_RUN = re.compile(_HIDDEN + "+")


def _context(text: str, start: int, end: int, token: str) -> str:
    before = text[max(0, start - _CONTEXT):start]
    after = text[end:end + _CONTEXT]
    before = before.replace("\n", " ")
    after = after.replace("\n", " ")
    text = ("…" if start > _CONTEXT else "") + before + token + after + ("…" if end + _CONTEXT < len(text) else "")
    # The context is shown on screen: a CPR number beside an e-mail or phone hit is never shown with it.
    return _HIDDEN_RUN.sub("[CPR-nummer]", text).strip()


def scan_text(text: str, place: Place = ()) -> list[GuardFinding]:
    """CPR numbers, e-mail addresses and phone numbers in one text (phones inside a CPR hit not repeated)."""
    findings: list[GuardFinding] = []
    cpr_hits: list[CprHit] = find_cpr(text)
    for hit in cpr_hits:
        findings.append(GuardFinding(CPR, place, _context(text, hit.start, hit.end, "[CPR-nummer]"),
                                     hit.mod11_valid))
    shown = text
    for hit in cpr_hits:
        shown = shown[:hit.start] + _HIDDEN * (hit.end - hit.start) + shown[hit.end:]
    for match in _EMAIL.finditer(text):
        findings.append(GuardFinding(EMAIL, place, _context(shown, match.start(), match.end(), "[e-mail]")))
    for match in _PHONE.finditer(text):
        if any(h.start <= match.start() < h.end or match.start() <= h.start < match.end() for h in cpr_hits):
            continue
        findings.append(GuardFinding(PHONE, place, _context(shown, match.start(), match.end(), "[telefon]")))
    return findings


# --- the model walker -----------------------------------------------------------------------------------


def _field_place(f: dataclasses.Field) -> str:
    """The field's place key; "" makes the field transparent (its texts keep the parent's place)."""
    return f.metadata.get("place", f"place.field.{f.name}")


def _walk_field(value: Any, place: Place, key: str) -> Iterator[tuple[Place, str]]:
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value, start=1):
            label = getattr(item, "PLACE", None) if dataclasses.is_dataclass(item) else None
            yield from iter_texts(item, place + ((label or key or "place.row", index),))
    else:
        yield from iter_texts(value, place + ((key, None),) if key else place)


def iter_texts(model: Any, place: Place = ()) -> Iterator[tuple[Place, str]]:
    """Every string in the model with its place, depth first in field order."""
    if isinstance(model, str):
        if not isinstance(model, Enum):  # enum values are fixed labels, not user text
            yield place, model
        return
    if dataclasses.is_dataclass(model) and not isinstance(model, type):
        for f in dataclasses.fields(model):
            if f.metadata.get("scan", True):
                yield from _walk_field(getattr(model, f.name), place, _field_place(f))
        return
    if isinstance(model, (list, tuple)):  # a list inside a list: the cells of a table row
        for index, item in enumerate(model, start=1):
            yield from iter_texts(item, place + (("place.column", index),))
        return
    if isinstance(model, dict):
        for key, value in model.items():
            yield from iter_texts(value, place + ((str(key), None),))


def scan_model(model: Any) -> GuardReport:
    findings: list[GuardFinding] = []
    count = 0
    for place, text in iter_texts(model):
        count += 1
        if text:
            findings.extend(scan_text(text, place))
    return GuardReport(tuple(findings), count)


def mask_model(model: Any) -> Any:
    """The same model with every CPR number in every text replaced by "[CPR fjernet]"."""
    if isinstance(model, str):
        if isinstance(model, Enum):
            return model
        masked, count = mask_cpr(model)
        return masked if count else model
    if dataclasses.is_dataclass(model) and not isinstance(model, type):
        changes = {}
        for f in dataclasses.fields(model):
            if not f.init or not f.metadata.get("scan", True):
                continue
            value = getattr(model, f.name)
            new = mask_model(value)
            if new is not value:
                changes[f.name] = new
        return dataclasses.replace(model, **changes) if changes else model
    if isinstance(model, (list, tuple)):
        items = [mask_model(item) for item in model]
        if all(a is b for a, b in zip(items, model)):
            return model
        return type(model)(items) if isinstance(model, list) else tuple(items)
    if isinstance(model, dict):
        items = {key: mask_model(value) for key, value in model.items()}
        if all(items[k] is model[k] for k in model):
            return model
        return items
    return model


# --- the built file -------------------------------------------------------------------------------------

_PARAGRAPH_END = re.compile(r"</(?:w:p|a:p|dc:\w+|cp:\w+|dcterms:\w+|vt:\w+|Application|Company|Manager)>")
_TAB_OR_BREAK = re.compile(r"<w:(?:tab|br|cr)\b[^>]*/>")
_TAG = re.compile(r"<[^>]+>")


def xml_text(xml: str) -> list[str]:
    """The text of an XML part, one string per paragraph (or property), tags removed, entities resolved."""
    xml = xml.replace("\r", " ").replace("\n", " ")  # line ends between tags mean nothing in OOXML
    xml = _TAB_OR_BREAK.sub(" ", xml)
    xml = _PARAGRAPH_END.sub("\n", xml)
    # instrText holds field codes (PAGE); harmless but not text: keep them, they can hold no CPR.
    text = html.unescape(_TAG.sub("", xml))
    return text.split("\n")


def scan_docx(data: bytes) -> list[GuardFinding]:
    """CPR numbers in every XML part of a .docx (text and raw XML). Raises zipfile.BadZipFile for non-zip data."""
    findings: list[GuardFinding] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = info.filename
            if not (name.endswith(".xml") or name.endswith(".rels")):
                continue
            xml = archive.read(name).decode("utf-8", errors="replace")
            seen: set[str] = set()
            for number, paragraph in enumerate(xml_text(xml), start=1):
                for hit in find_cpr(paragraph):
                    seen.add(re.sub(r"\D", "", hit.text))
                    findings.append(GuardFinding(CPR, (("place.part", None), (name, None), ("place.paragraph", number)),
                                                 _context(paragraph, hit.start, hit.end, "[CPR-nummer]"),
                                                 hit.mod11_valid))
            for hit in find_cpr(xml):
                if re.sub(r"\D", "", hit.text) in seen:
                    continue
                findings.append(GuardFinding(CPR, (("place.part", None), (name, None), ("place.offset", hit.start)),
                                             "[CPR-nummer]", hit.mod11_valid))
    return findings


def field_place(key: str, **extra) -> dict:
    """Dataclass field metadata naming the field's place: `field(metadata=field_place("place.account"))`."""
    return {"place": key, **extra}


def text_field(key: str, default: str = "") -> Any:
    """A str field of a document model with its place."""
    return field(default=default, metadata=field_place(key))
