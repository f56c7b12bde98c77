"""A codebook as a REFI-QDA Codebook Exchange file (.qdc), the format QualCoder, NVivo, ATLAS.ti and MAXQDA
read and write (namespace urn:QDA-XML:codebook:1.0).

The standard's CodeBook has no name of its own, so the codebook travels as one folder (a `Code` with
isCodable="false") holding its codes: the other programs show it as a category named like the codebook, and
an import of the file finds the codebook by that name again.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from lxml import etree

NAMESPACE = "urn:QDA-XML:codebook:1.0"
ORIGIN = "Gennemgang og mægling"
FILE_SUFFIX = ".qdc"
MIME_TYPE = "application/xml"
# Fixed, so a codebook exported twice (or by two installations) carries the same guids.
_GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:gennemgang-og-maegling:refi-qda")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


@dataclass(frozen=True)
class QdcCode:
    guid: str
    name: str
    description: str


def codebook_guid(codebook_key: str) -> str:
    return str(uuid.uuid5(_GUID_NAMESPACE, f"codebook:{codebook_key}"))


def code_guid(codebook_key: str, code_key: str) -> str:
    return str(uuid.uuid5(_GUID_NAMESPACE, f"code:{codebook_key}/{code_key}"))


def qdc_file_name(codebook_name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "_", codebook_name.translate(_TRANSLIT)).strip("_")[:60]
    return (stem or "kodebog").lower() + FILE_SUFFIX


def _text(value: str) -> str:
    return _NOT_XML.sub("", value or "")


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _code(parent, guid: str, name: str, description: str, *, codable: bool):
    element = etree.SubElement(parent, _q("Code"), guid=guid, name=_text(name),
                               isCodable="true" if codable else "false")
    if description:
        etree.SubElement(element, _q("Description")).text = _text(description)
    return element


def codebook_qdc(*, guid: str, name: str, description: str, codes: list[QdcCode]) -> bytes:
    """The .qdc file: UTF-8 XML, valid against the standard's Codebook.xsd (tests/data/refi_qda)."""
    root = etree.Element(_q("CodeBook"), nsmap={None: NAMESPACE}, origin=ORIGIN)
    folder = _code(etree.SubElement(root, _q("Codes")), guid, name, description, codable=False)
    for code in codes:
        _code(folder, code.guid, code.name, code.description, codable=True)
    # Double-quoted declaration as the other programs write it (lxml's own uses single quotes).
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8", xml_declaration=False,
                                                                       pretty_print=True)
