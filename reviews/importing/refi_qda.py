"""Reading a REFI-QDA Codebook Exchange file (.qdc) safely.

The file comes from outside (another program, an e-mail), so the parser loads no DTD, expands no entities,
reads nothing from the network and keeps libxml2's size limits; a file with a DOCTYPE is refused outright
(entity bombs and external entities need one). Anything that is not a codebook in the standard's namespace
is refused with a message, before anything is stored.
"""

from __future__ import annotations

import re

from lxml import etree

from reviews.exports.refi_qda import NAMESPACE
from reviews.importing.errors import ImportFileError
from reviews.models.codebook_exchange import RefiCode, RefiCodebook

MAX_BYTES = 5 * 1024 * 1024
MAX_CODES = 5000
MAX_DEPTH = 30
_GUID = re.compile(r"\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?")
_RGB = re.compile(r"#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")
_BOOLEAN = {"true": True, "1": True, "false": False, "0": False}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True)


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def parse_codebook(data: bytes) -> RefiCodebook:
    """The codebook in `data`, or ImportFileError (key error.refi_*) saying why the file is refused."""
    if len(data) > MAX_BYTES:
        raise ImportFileError("error.refi_too_large", limit_mb=MAX_BYTES // (1024 * 1024))
    if not data.strip():
        raise ImportFileError("error.refi_not_xml")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise ImportFileError("error.refi_dtd") from exc
        raise ImportFileError("error.refi_not_xml") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise ImportFileError("error.refi_dtd")
    if root.tag != _q("CodeBook"):
        raise ImportFileError("error.refi_not_codebook", namespace=NAMESPACE)
    codes = root.find(_q("Codes"))
    if codes is None:
        raise ImportFileError("error.refi_no_codes")
    seen: set[str] = set()
    parsed = tuple(_code(element, seen, 1) for element in codes.iterchildren(_q("Code")))
    if not parsed:
        raise ImportFileError("error.refi_no_codes")
    return RefiCodebook(origin=(root.get("origin") or "").strip(), codes=parsed)


def _code(element, seen: set[str], depth: int) -> RefiCode:
    if depth > MAX_DEPTH:
        raise ImportFileError("error.refi_too_deep", limit=MAX_DEPTH)
    if len(seen) >= MAX_CODES:
        raise ImportFileError("error.refi_too_many", limit=MAX_CODES)
    name = (element.get("name") or "").strip()
    if not name:
        raise ImportFileError("error.refi_code_without_name")
    match = _GUID.fullmatch((element.get("guid") or "").strip())
    if match is None:
        raise ImportFileError("error.refi_bad_guid", name=name)
    guid = match.group(1).lower()
    if guid in seen:
        raise ImportFileError("error.refi_duplicate_guid", name=name)
    seen.add(guid)
    codable = _BOOLEAN.get((element.get("isCodable") or "true").strip().lower())
    if codable is None:
        raise ImportFileError("error.refi_bad_codable", name=name)
    description = element.find(_q("Description"))
    color = (element.get("color") or "").strip()
    children = tuple(_code(child, seen, depth + 1) for child in element.iterchildren(_q("Code")))
    return RefiCode(guid=guid, name=name,
                    description=None if description is None else "".join(description.itertext()),
                    codable=codable, color=color if _RGB.fullmatch(color) else None, children=children)
