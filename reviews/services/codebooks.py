"""Codebooks: the four shipped ones, codes added and retired by administrators. A code in use is never
deleted, only retired (no longer offered for new findings and learning points). Every change is audited."""

from __future__ import annotations

import re

from reviews import clock
from reviews.errors import NotFound, StaleVersion, ValidationError
from reviews.models import User
from reviews.models.case_review import Code, Codebook, CodebookKind
from reviews.services.audit import record
from reviews.services.permissions import requires
from reviews.storage import codebooks as repo
from reviews.text import CleanText

MAX_LABEL = 200
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def _slug(label: str) -> str:
    text = label.lower().translate(_TRANSLIT)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:40] or "kode"


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
        base = f"{codebook.key[:12]}_{_slug(label)}"
        key, n = base, 1
        while repo.key_taken(cur, key):
            n += 1
            key = f"{base}_{n}"
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
