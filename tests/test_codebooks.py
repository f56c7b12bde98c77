"""Codebooks: the shipped four, adding, retiring and deleting codes, and the audit trail of changes."""

from __future__ import annotations

import pytest

from reviews.errors import NotFound, PermissionDenied, StaleVersion, ValidationError
from reviews.models import Role
from reviews.models.case_review import CodebookKind, Polarity
from reviews.services import codebooks, findings
from tests.case_review_support import add, make_world


def _audit(db, record_type):
    return db.fetchall("SELECT action, username, details FROM audit_log WHERE record_type = ? ORDER BY id",
                       [record_type])


def test_the_four_codebooks_are_shipped(db, users):
    books = codebooks.list_codebooks(db, users[Role.READER])
    assert [b.name for b in books] == ["Sammen med Borgeren – ledetråde",
                                       "Syv fokusområder for mødet med borgeren", "Sagsbehandlingens kvalitet",
                                       "Signs of Safety"]
    assert [b.kind for b in books] == [CodebookKind.CODES] * 3 + [CodebookKind.POLARITY]
    codes = codebooks.list_codes(db, users[Role.READER])
    per_book = {b.key: [c.label for c in codes if c.codebook_id == b.id] for b in books}
    assert per_book["sammen_med_borgeren"] == ["Mød mig", "Hjælp mig med at finde vej", "Husk min verden skal med"]
    assert len(per_book["fokusomraader"]) == 7 and per_book["fokusomraader"][4].startswith("5 Ved på forhånd")
    assert per_book["kvalitet"][:4] == ["Faglig udredning", "Inddragelse af barn og familie", "Valg af indsats",
                                        "Opfølgning"]
    assert per_book["signs_of_safety"] == ["Hvad bekymrer os?", "Hvad går godt?", "Hvad skal der ske?"]
    # The polarity codebook mirrors the Polarity values finding by finding.
    assert {c.key for c in codes if c.codebook_id == books[3].id} == {p.value for p in Polarity}
    assert not any(c.retired for c in codes)


def test_administrator_adds_code_and_it_is_audited(db, users):
    admin = users[Role.ADMINISTRATOR]
    book = codebooks.list_codebooks(db, admin)[2]
    code = codebooks.add_code(db, admin, book.id, "  Samarbejde\x07 med skolen ", label_en="Working with the school")
    assert code.label == "Samarbejde med skolen" and code.key == "kvalitet_samarbejde_med_skolen"
    assert code.codebook_key == "kvalitet" and code.sort_order == 7
    assert code.id in {c.id for c in findings.taggable_codes(db, users[Role.REVIEWER])}
    again = codebooks.add_code(db, admin, codebooks.list_codebooks(db, admin)[0].id, "Samarbejde med skolen")
    assert again.key != code.key  # same label in another codebook: a distinct key
    action, username, details = _audit(db, "code")[0]
    assert (action, username) == ("create", "administrator") and "Samarbejde med skolen" in details


@pytest.mark.parametrize("role", [Role.CHAIR, Role.REVIEWER, Role.OMBUDSMAN, Role.READER])
def test_only_administrators_manage_codes(db, users, role):
    book = codebooks.list_codebooks(db, users[role])[0]
    with pytest.raises(PermissionDenied):
        codebooks.add_code(db, users[role], book.id, "Ny kode")
    assert len(codebooks.list_codes(db, users[role])) == 19


def test_bad_codes_are_refused_and_nothing_is_stored(db, users):
    admin = users[Role.ADMINISTRATOR]
    books = codebooks.list_codebooks(db, admin)
    for args, key in [((books[0].id, "   "), "error.required"),
                      ((books[0].id, "Mød MIG"), "error.code_label_taken"),
                      ((books[3].id, "Hvad er vi usikre på?"), "error.codebook_fixed"),
                      ((books[0].id, "x" * 201), "error.too_long")]:
        with pytest.raises(ValidationError) as info:
            codebooks.add_code(db, admin, *args)
        assert info.value.key == key
    with pytest.raises(NotFound):
        codebooks.add_code(db, admin, 999, "Kode")
    assert len(codebooks.list_codes(db, admin)) == 19


def test_retired_code_is_not_offered_but_kept_where_used(db, users):
    world = make_world(db, users)
    admin = users[Role.ADMINISTRATOR]
    used = add(db, world, world.r1, world.case_ids[0], ["fo6_skift", "kv_opfoelgning"])
    code = next(c for c in codebooks.list_codes(db, admin) if c.key == "fo6_skift")
    retired = codebooks.retire_code(db, admin, code.id, code.version)
    assert retired.retired and retired.usage == 1
    assert code.id not in {c.id for c in findings.taggable_codes(db, world.r1)}
    # A new finding cannot take the retired code ...
    before = db.fetchone("SELECT count(*) FROM findings")[0]
    with pytest.raises(ValidationError) as info:
        add(db, world, world.r2, world.case_ids[0], ["fo6_skift"])
    assert info.value.key == "error.code_retired" and info.value.params["label"].startswith("6 Trygt")
    assert db.fetchone("SELECT count(*) FROM findings")[0] == before
    # ... but the finding that had it keeps it when edited.
    saved = findings.update_finding(db, world.r1, used.id, used.version, findings.FindingForm(
        "Rettet tekst.", used.code_ids, used.polarity, used.event_id)).record
    assert saved.code_ids == used.code_ids and saved.text == "Rettet tekst."
    with pytest.raises(StaleVersion):
        codebooks.reactivate_code(db, admin, code.id, code.version)  # retiring made a new version
    assert not codebooks.reactivate_code(db, admin, code.id, retired.version).retired
    assert [r[0] for r in _audit(db, "code")] == ["change", "change"]


def test_code_in_use_is_never_deleted(db, users):
    world = make_world(db, users)
    admin = users[Role.ADMINISTRATOR]
    add(db, world, world.r1, world.case_ids[0], ["fo7_modtagelse"])
    code = next(c for c in codebooks.list_codes(db, admin) if c.key == "fo7_modtagelse")
    with pytest.raises(ValidationError) as info:
        codebooks.delete_code(db, admin, code.id, code.version)
    assert info.value.key == "error.code_in_use" and info.value.params["count"] == 1
    assert any(c.id == code.id for c in codebooks.list_codes(db, admin))
    unused = codebooks.add_code(db, admin, codebooks.list_codebooks(db, admin)[0].id, "Tilføjet ved en fejl")
    codebooks.delete_code(db, admin, unused.id, unused.version)
    assert all(c.id != unused.id for c in codebooks.list_codes(db, admin))
    assert [r[0] for r in _audit(db, "code")] == ["create", "delete"]
    polarity = next(c for c in codebooks.list_codes(db, admin) if c.key == Polarity.CONCERN.value)
    with pytest.raises(ValidationError):
        codebooks.retire_code(db, admin, polarity.id, polarity.version)
