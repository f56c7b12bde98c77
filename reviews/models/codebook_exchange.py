"""Records of the REFI-QDA codebook exchange (.qdc files shared with QualCoder, NVivo, ATLAS.ti, MAXQDA)."""

from __future__ import annotations

from dataclasses import dataclass

from reviews.models.case_review import Codebook


@dataclass(frozen=True)
class RefiCode:
    """One `Code` element of a .qdc file, with the codes nested inside it."""

    guid: str  # lower case, without braces
    name: str
    description: str | None  # None: the file has no Description (ours is then kept)
    codable: bool  # False: a folder of codes in the other program (a category), not a code itself
    color: str | None = None
    children: tuple[RefiCode, ...] = ()


@dataclass(frozen=True)
class RefiCodebook:
    origin: str
    codes: tuple[RefiCode, ...]


@dataclass(frozen=True)
class KeptCode:
    """A code of the codebook that the imported file did not name: it stays as it was."""

    label: str
    usage: int


@dataclass(frozen=True)
class CodebookImportResult:
    codebook: Codebook
    created: bool  # a new codebook, or an update of one with the same name
    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: int
    not_in_file: tuple[KeptCode, ...]
    categories: tuple[str, ...]  # the file's folders (isCodable="false"): their codes were taken, flat
    masked: int  # CPR numbers masked in the file's text
