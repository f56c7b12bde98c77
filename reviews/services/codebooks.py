"""Codebooks: the four shipped ones, codes added and retired by administrators. A code in use is never
deleted, only retired (no longer offered for new findings and learning points). Every change is audited.

Codebooks travel to and from QualCoder, NVivo, ATLAS.ti and MAXQDA as REFI-QDA files (.qdc): an import adds
and updates codes, never removes one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from reviews import clock
from reviews.errors import NotFound, StaleVersion, ValidationError
from reviews.exports import refi_qda as qdc
from reviews.importing.refi_qda import parse_codebook
from reviews.models import User
from reviews.models.case_review import Code, Codebook, CodebookKind
from reviews.models.codebook_exchange import CodebookImportResult, KeptCode, RefiCode
from reviews.services.audit import record
from reviews.services.permissions import requires
from reviews.storage import codebooks as repo
from reviews.text import CleanText, clean_label

MAX_LABEL = 200
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def _slug(label: str) -> str:
    text = label.lower().translate(_TRANSLIT)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:40] or "kode"


def _free_code_key(taken: set[str], codebook_key: str, label: str) -> str:
    """A new code's key: the codebook's and the label's, numbered when taken (`taken` in lower case)."""
    base = f"{codebook_key[:12]}_{_slug(label)}"
    key, n = base, 1
    while key.lower() in taken:
        n += 1
        key = f"{base}_{n}"
    return key


@requires("codebook.read")
def list_codebooks(db, actor: User) -> list[Codebook]:
    return repo.all_codebooks(db.cursor())


@requires("codebook.read")
def list_codes(db, actor: User, *, include_retired: bool = True, with_usage: bool = False) -> list[Code]:
    codes = repo.all_codes(db.cursor(), with_usage=with_usage)
    return codes if include_retired else [c for c in codes if not c.retired]


@requires("codebook.manage")
def add_code(db, actor: User, codebook_id: int, label: str, *, label_en: str = "", description: str = "") -> Code:
    clean = CleanText()
    label = clean(label, "code_label", required=True, max_length=MAX_LABEL)
    label_en = clean(label_en, "code_label_en", max_length=MAX_LABEL)
    description = clean(description, "code_description", max_length=5000)

    def work(cur):
        codebook = repo.get_codebook(cur, codebook_id)
        if codebook is None:
            raise NotFound(record="codebook", id=codebook_id)
        if codebook.kind == CodebookKind.POLARITY:
            raise ValidationError("error.codebook_fixed", name=codebook.name)
        if repo.label_taken(cur, codebook_id, label):
            raise ValidationError("error.code_label_taken", label=label)
        key = _free_code_key(repo.all_code_keys(cur), codebook.key, label)
        code_id = repo.insert_code(cur, codebook_id=codebook_id, key=key, label=label, label_en=label_en,
                                   description=description, user_id=actor.id, now=clock.now())
        record(cur, actor, "create", record_type="code", record_id=code_id,
               details={"codebook": codebook.key, "label": label})
        return repo.get_code(cur, code_id)

    return db.write(work)


def _set_retired(db, actor: User, code_id: int, expected_version: int, retired: bool) -> Code:
    def work(cur):
        code = repo.get_code(cur, code_id)
        if code is None:
            raise NotFound(record="code", id=code_id)
        codebook = repo.get_codebook(cur, code.codebook_id)
        if codebook.kind == CodebookKind.POLARITY:
            raise ValidationError("error.codebook_fixed", name=codebook.name)
        if not repo.set_retired(cur, code_id, expected_version, retired, clock.now()):
            raise StaleVersion(code)
        record(cur, actor, "change", record_type="code", record_id=code_id,
               details={"retired": retired, "label": code.label})
        return repo.get_code(cur, code_id, with_usage=True)

    return db.write(work)


@requires("codebook.manage")
def retire_code(db, actor: User, code_id: int, expected_version: int) -> Code:
    """No longer offered for new findings and learning points; existing uses keep it."""
    return _set_retired(db, actor, code_id, expected_version, True)


@requires("codebook.manage")
def reactivate_code(db, actor: User, code_id: int, expected_version: int) -> Code:
    return _set_retired(db, actor, code_id, expected_version, False)


@requires("codebook.manage")
def delete_code(db, actor: User, code_id: int, expected_version: int) -> None:
    """Delete a code nobody has used (e.g. added by mistake); a code in use is refused: retire it instead."""

    def work(cur):
        code = repo.get_code(cur, code_id)
        if code is None:
            raise NotFound(record="code", id=code_id)
        codebook = repo.get_codebook(cur, code.codebook_id)
        if codebook.kind == CodebookKind.POLARITY:
            raise ValidationError("error.codebook_fixed", name=codebook.name)
        if code.version != expected_version:
            raise StaleVersion(code)
        used = repo.usage(cur, code_id)
        if used:
            raise ValidationError("error.code_in_use", label=code.label, count=used)
        repo.delete_code(cur, code_id)
        record(cur, actor, "delete", record_type="code", record_id=code_id, details={"label": code.label})

    db.write(work)


# --- REFI-QDA exchange (.qdc) ---------------------------------------------------------------------------

MAX_DESCRIPTION = 5000


@requires("codebook.read")
def find_codebook(db, actor: User, name: str) -> Codebook:
    """The codebook called `name` (Danish or English name), for the command line."""
    book = repo.get_codebook_by_name(db.cursor(), (name or "").strip())
    if book is None:
        raise NotFound("error.codebook_unknown", name=clean_label(name, MAX_LABEL))
    return book


@requires("codebook.read")
def export_codebook_qdc(db, actor: User, codebook_id: int, *, purpose: str = "") -> bytes:
    """The codebook's active codes as a REFI-QDA .qdc file (retired codes are not offered, so not shared).
    Guids are the ones a code came with from another program, else derived from the keys: stable across
    exports. The export is logged."""
    cur = db.cursor()
    book = repo.get_codebook(cur, codebook_id)
    if book is None:
        raise NotFound(record="codebook", id=codebook_id)
    codes = [qdc.QdcCode(guid or qdc.code_guid(book.key, code.key), code.label, code.description)
             for code, guid in repo.codes_of(cur, book.id) if not code.retired]
    data = qdc.codebook_qdc(guid=repo.codebook_refi_guid(cur, book.id) or qdc.codebook_guid(book.key),
                            name=book.name, description=book.description, codes=codes)
    db.write(lambda c: record(c, actor, "export", record_type="codebook", record_id=book.id, purpose=purpose,
                              details={"codebook": book.name, "codes": len(codes), "format": "REFI-QDA"}))
    return data


@dataclass(frozen=True)
class _Entry:
    guid: str
    label: str
    description: str | None


def _file_stem(file_name: str) -> str:
    base = re.split(r"[\\/]", file_name or "")[-1]
    return base[: -len(qdc.FILE_SUFFIX)] if base.lower().endswith(qdc.FILE_SUFFIX) else base


def _entries(nodes: tuple[RefiCode, ...], clean: CleanText) -> tuple[list[_Entry], list[str]]:
    """The file's codes, flat: a code nested in a folder or another code becomes a code of its own; folders
    (isCodable="false") are not codes. A name met twice is told apart by its parent's name."""
    entries: list[_Entry] = []
    folders: list[str] = []
    labels: set[str] = set()

    def walk(level: tuple[RefiCode, ...], parent: str) -> None:
        for node in level:
            name = clean(node.name, "code_label", required=True, max_length=MAX_LABEL)
            if node.codable:
                label = name
                if label.lower() in labels and parent:
                    label = f"{parent} › {name}"
                if label.lower() in labels or len(label) > MAX_LABEL:
                    raise ValidationError("error.refi_duplicate_name", label=name)
                labels.add(label.lower())
                description = (None if node.description is None
                               else clean(node.description, "code_description", max_length=MAX_DESCRIPTION))
                entries.append(_Entry(node.guid, label, description))
            else:
                folders.append(name)
            walk(node.children, name)

    walk(nodes, "")
    return entries, folders


@requires("codebook.manage")
def import_codebook_qdc(db, actor: User, data: bytes, *, name: str | None = None,
                        file_name: str = "") -> CodebookImportResult:
    """Import a REFI-QDA .qdc file into the codebook of its name: a new codebook, or an update of the one with
    that name (new codes added, names and descriptions updated). No code is ever removed: codes the file
    lacks stay as they are and are reported. The codebook's name is `name`, else the file's one top folder
    (how we and QualCoder export), else the file's name. Bad files change nothing; all in one transaction."""
    parsed = parse_codebook(data)
    clean = CleanText()
    top, folder = parsed.codes, None
    if len(top) == 1 and not top[0].codable:
        folder, top = top[0], top[0].children
    book_name = clean(name or (folder.name if folder else _file_stem(file_name)), "codebook_name",
                      max_length=MAX_LABEL)
    if not book_name:
        raise ValidationError("error.refi_no_name")
    book_description = (None if folder is None or folder.description is None
                        else clean(folder.description, "code_description", max_length=MAX_DESCRIPTION))
    entries, folders = _entries(top, clean)
    if not entries:
        raise ValidationError("error.refi_no_codes")
    source = clean_label(file_name) or "REFI-QDA"

    def work(cur) -> CodebookImportResult:
        book = repo.get_codebook_by_name(cur, book_name)
        created = book is None
        if created:
            key, n = _slug(book_name), 1
            while repo.codebook_key_taken(cur, key):
                n += 1
                key = f"{_slug(book_name)}_{n}"
            book = repo.get_codebook(cur, repo.insert_codebook(
                cur, key=key, name=book_name, description=book_description or "", kind=CodebookKind.CODES.value,
                refi_guid=folder.guid if folder else None))
        elif book.kind == CodebookKind.POLARITY:
            raise ValidationError("error.codebook_fixed", name=book.name)
        else:
            stored = repo.codebook_refi_guid(cur, book.id)
            guid = stored if folder is None or folder.guid in (stored, qdc.codebook_guid(book.key)) else folder.guid
            description = book.description if book_description is None else book_description
            if (description, guid) != (book.description, stored):
                repo.update_codebook_exchange(cur, book.id, description=description, refi_guid=guid)
        existing = repo.codes_of(cur, book.id)
        stored_guid = {code.id: guid for code, guid in existing}
        by_guid: dict[str, Code] = {}
        for code, guid in existing:
            by_guid[qdc.code_guid(book.key, code.key)] = code
            if guid:
                by_guid[guid] = code
        by_label = {code.label.lower(): code for code, _ in existing}
        # First by guid, then by name, so a code renamed in the other program is found before its old name
        # is taken by a new code.
        pairs: dict[int, tuple[_Entry, Code]] = {}
        matched: set[int] = set()
        for lookup in (lambda e: by_guid.get(e.guid), lambda e: by_label.get(e.label.lower())):
            for index, entry in enumerate(entries):
                code = None if index in pairs else lookup(entry)
                if code is not None and code.id not in matched:
                    pairs[index] = (entry, code)
                    matched.add(code.id)
        pairs = dict(sorted(pairs.items()))  # reported in the file's order
        final = [entry.label for entry, _ in pairs.values()]
        final += [code.label for code, _ in existing if code.id not in matched]
        final += [entry.label for index, entry in enumerate(entries) if index not in pairs]
        counts = Counter(label.lower() for label in final)
        clash = next((label for label in final if counts[label.lower()] > 1), None)
        if clash is not None:
            raise ValidationError("error.refi_label_clash", label=clash)

        changes, updated, unchanged = [], [], 0
        for entry, code in pairs.values():
            description = code.description if entry.description is None else entry.description
            keep = entry.guid in (stored_guid[code.id], qdc.code_guid(book.key, code.key))
            guid = stored_guid[code.id] if keep else entry.guid
            if (entry.label, description, guid) != (code.label, code.description, stored_guid[code.id]):
                changes.append((code.id, code.version, entry.label, description, guid))
            if (entry.label, description) != (code.label, code.description):
                updated.append({"label": entry.label, "previous_label": code.label})
            else:
                unchanged += 1
        if repo.update_codes_exchange(cur, changes) != len(changes):
            raise StaleVersion(None)
        keys = repo.all_code_keys(cur)
        new_rows = []
        for index, entry in enumerate(entries):
            if index not in pairs:
                key = _free_code_key(keys, book.key, entry.label)
                keys.add(key.lower())
                new_rows.append((key, entry.label, entry.description or "", entry.guid))
        repo.insert_codes(cur, codebook_id=book.id, rows=new_rows, user_id=actor.id, now=clock.now())
        added = [label for _, label, _, _ in new_rows]
        kept = tuple(KeptCode(code.label, code.usage) for code, _ in existing
                     if code.id not in matched and not code.retired)
        # One row for the whole import, naming every code it added or changed.
        record(cur, actor, "import", record_type="codebook", record_id=book.id,
               details={"codebook": book.name, "created": created, "file": source,
                        "origin": clean_label(parsed.origin, 100), "added": added, "updated": updated,
                        "unchanged": unchanged, "not_in_file": [k.label for k in kept], "masked_cpr": clean.masked})
        return CodebookImportResult(codebook=repo.get_codebook(cur, book.id), created=created, added=tuple(added),
                                    updated=tuple(u["label"] for u in updated), unchanged=unchanged, not_in_file=kept,
                                    categories=tuple(folders), masked=clean.masked)

    return db.write(work)
