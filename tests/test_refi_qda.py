"""Codebooks as REFI-QDA Codebook Exchange files (.qdc): export valid against the standard's schema, import
from QualCoder/NVivo-like files, codes in use kept, hostile files refused with nothing changed, the command
line and the codebooks page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from reviews.cli import main
from reviews.errors import PermissionDenied, ValidationError
from reviews.exports.refi_qda import NAMESPACE, code_guid, codebook_guid, qdc_file_name
from reviews.i18n import t
from reviews.importing.refi_qda import MAX_BYTES, MAX_DEPTH
from reviews.models import Role
from reviews.services import codebooks, findings
from reviews.storage.database import Database
from tests.case_review_support import add, make_world
from tests.test_pages_smoke import app_for

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "data" / "refi_qda" / "Codebook.xsd")))
Q = f"{{{NAMESPACE}}}"


def valid(data: bytes) -> bool:
    ok = SCHEMA.validate(etree.fromstring(data))
    assert ok, SCHEMA.error_log
    return ok


def book_named(db, actor, name):
    return codebooks.find_codebook(db, actor, name)


def codes_of(db, actor, book) -> list:
    return [c for c in codebooks.list_codes(db, actor, with_usage=True) if c.codebook_id == book.id]


def snapshot(db) -> tuple:
    """Everything an import could touch."""
    return (db.fetchall("SELECT * FROM codebooks ORDER BY id"), db.fetchall("SELECT * FROM codes ORDER BY id"),
            db.fetchone("SELECT count(*) FROM audit_log")[0])


def qdc(body: str, *, origin: str = "QualCoder") -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<CodeBook xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{NAMESPACE} Codebook.xsd" origin="{origin}">'
            f"<Codes>{body}</Codes></CodeBook>").encode("utf-8")


def without_code(data: bytes, name: str) -> bytes:
    root = etree.fromstring(data)
    element = next(e for e in root.iter(Q + "Code") if e.get("name") == name)
    element.getparent().remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --- export ---------------------------------------------------------------------------------------------


def test_every_shipped_codebook_exports_valid_against_the_standards_schema(db, users):
    reader = users[Role.READER]
    for book in codebooks.list_codebooks(db, reader):
        data = codebooks.export_codebook_qdc(db, reader, book.id)
        assert valid(data)
        root = etree.fromstring(data)
        assert root.tag == Q + "CodeBook" and root.get("origin") == "Gennemgang og mægling"
        (folder,) = root.find(Q + "Codes")
        assert (folder.get("name"), folder.get("isCodable"), folder.get("guid")) == (
            book.name, "false", codebook_guid(book.key))
        assert [c.get("name") for c in folder.iterchildren(Q + "Code")] == [c.label for c in codes_of(db, reader, book)]
        assert {c.get("isCodable") for c in folder.iterchildren(Q + "Code")} == {"true"}


def test_export_keeps_danish_letters_and_is_stable(db, users):
    admin = users[Role.ADMINISTRATOR]
    book = book_named(db, admin, "Sagsbehandlingens kvalitet")
    code = codebooks.add_code(db, admin, book.id, "Børnenes stemme – ÆØÅ æøå", description="Hørt & «citeret» <ordret>")
    first = codebooks.export_codebook_qdc(db, admin, book.id)
    assert first.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    text = first.decode("utf-8")
    assert "Opfølgning" in text and "Børnesagsbarometret" in text and "Børnenes stemme – ÆØÅ æøå" in text
    assert "Hørt &amp; «citeret» &lt;ordret&gt;" in text
    assert valid(first)
    element = next(e for e in etree.fromstring(first).iter(Q + "Code") if e.get("name") == code.label)
    assert element.get("guid") == code_guid("kvalitet", code.key)
    assert element.findtext(Q + "Description") == "Hørt & «citeret» <ordret>"
    assert codebooks.export_codebook_qdc(db, admin, book.id) == first  # guids derived from keys: stable
    rows = db.fetchall("SELECT action, record_type, record_id, details FROM audit_log WHERE action = 'export'")
    assert len(rows) == 2 and rows[0][:3] == ("export", "codebook", str(book.id)) and "REFI-QDA" in rows[0][3]
    assert qdc_file_name(book.name) == "sagsbehandlingens_kvalitet.qdc"


def test_retired_codes_are_not_exported(db, users):
    admin = users[Role.ADMINISTRATOR]
    book = book_named(db, admin, "Sagsbehandlingens kvalitet")
    code = next(c for c in codes_of(db, admin, book) if c.key == "kv_kultur")
    codebooks.retire_code(db, admin, code.id, code.version)
    names = [e.get("name") for e in etree.fromstring(codebooks.export_codebook_qdc(db, admin, book.id)).iter(Q + "Code")]
    assert "Kultur i samarbejdet med borgeren" not in names and "Opfølgning" in names


# --- import ---------------------------------------------------------------------------------------------


def test_round_trip_gives_the_same_codes(db, users, tmp_path):
    admin = users[Role.ADMINISTRATOR]
    book = book_named(db, admin, "Syv fokusområder for mødet med borgeren")
    codebooks.add_code(db, admin, book.id, "8 Åbenhed om økonomi", description="Tilføjet lokalt.")
    data = codebooks.export_codebook_qdc(db, admin, book.id)
    before = [(c.id, c.label, c.description, c.version) for c in codes_of(db, admin, book)]
    # Back into the same database: found by name, nothing to change.
    again = codebooks.import_codebook_qdc(db, admin, data, file_name="fokus.qdc")
    assert (again.created, again.added, again.updated, again.unchanged, again.not_in_file) == (
        False, (), (), 8, ())
    assert [(c.id, c.label, c.description, c.version) for c in codes_of(db, admin, book)] == before
    # Into another installation: the codebook arrives whole, and exports again with the same guids.
    other = Database(str(tmp_path / "other.duckdb"))
    try:
        other_admin = users[Role.ADMINISTRATOR]
        shipped = book_named(other, other_admin, "Syv fokusområder for mødet med borgeren")
        result = codebooks.import_codebook_qdc(other, other_admin, data)
        assert result.codebook.id == shipped.id and result.added == ("8 Åbenhed om økonomi",)
        assert [(c.label, c.description) for c in codes_of(other, other_admin, shipped)] == [
            (label, description) for _, label, description, _ in before]
        assert codebooks.export_codebook_qdc(other, other_admin, shipped.id) == data
    finally:
        other.close()


def test_a_qualcoder_like_file_with_nested_codes_becomes_a_new_codebook(db, users):
    admin = users[Role.ADMINISTRATOR]
    data = qdc(
        '<Code guid="5A1B2C3D-0000-4000-8000-000000000001" name="Samarbejde" isCodable="false" color="#AA3300">'
        "<Description>Kategori for samarbejdet.</Description>"
        '<Code guid="5a1b2c3d-0000-4000-8000-000000000002" name="Tillid til rådgiveren" isCodable="true" '
        'color="#11AA22"><Description>Borgeren (010203-1234) stoler på rådgiveren.</Description>'
        '<Code guid="{5a1b2c3d-0000-4000-8000-000000000003}" name="Brudt tillid" isCodable="true"/></Code>'
        '<Code guid="5a1b2c3d-0000-4000-8000-000000000004" name="Andet" isCodable="true"/></Code>'
        '<Code guid="5a1b2c3d-0000-4000-8000-000000000005" name="Møder" isCodable="false">'
        '<Code guid="5a1b2c3d-0000-4000-8000-000000000006" name="Andet" isCodable="true"/></Code>'
        '<Code guid="5a1b2c3d-0000-4000-8000-000000000007" name="Økonomi" isCodable="true"/>')
    assert valid(data)  # the test file is itself a standard codebook
    result = codebooks.import_codebook_qdc(db, admin, data, file_name="C:\\Forskning\\Børnesager 2026.qdc")
    assert result.created and result.codebook.name == "Børnesager 2026" and result.codebook.kind.value == "koder"
    assert result.added == ("Tillid til rådgiveren", "Brudt tillid", "Andet", "Møder › Andet", "Økonomi")
    assert result.categories == ("Samarbejde", "Møder") and result.masked == 1
    codes = codes_of(db, admin, result.codebook)
    assert [c.label for c in codes] == list(result.added)
    assert codes[0].description == "Borgeren ([CPR fjernet]) stoler på rådgiveren."
    assert "010203-1234" not in str(db.fetchall("SELECT * FROM codes")) + str(db.fetchall("SELECT * FROM audit_log"))
    # New codes can be tagged at once, and a re-export keeps the other program's guids.
    assert {c.id for c in codes} <= {c.id for c in findings.taggable_codes(db, users[Role.REVIEWER])}
    exported = codebooks.export_codebook_qdc(db, admin, result.codebook.id)
    assert valid(exported)
    assert [e.get("guid") for e in etree.fromstring(exported).iter(Q + "Code")][1:] == [
        "5a1b2c3d-0000-4000-8000-000000000002", "5a1b2c3d-0000-4000-8000-000000000003",
        "5a1b2c3d-0000-4000-8000-000000000004", "5a1b2c3d-0000-4000-8000-000000000006",
        "5a1b2c3d-0000-4000-8000-000000000007"]
    audit = db.fetchall("SELECT action, record_type, details FROM audit_log WHERE record_type IN ('code', 'codebook')"
                        " ORDER BY id")
    assert [row[:2] for row in audit] == [("import", "codebook"), ("export", "codebook")]
    logged = json.loads(audit[0][2])
    assert logged["added"] == list(result.added) and logged["created"] and logged["origin"] == "QualCoder"
    assert logged["masked_cpr"] == 1 and logged["file"] == "C:\\Forskning\\Børnesager 2026.qdc"


def test_an_update_adds_and_renames_but_keeps_codes_the_file_lacks(db, users):
    world = make_world(db, users)
    admin = users[Role.ADMINISTRATOR]
    add(db, world, world.r1, world.case_ids[0], ["kv_opfoelgning"])
    book = book_named(db, admin, "Sagsbehandlingens kvalitet")
    data = without_code(without_code(codebooks.export_codebook_qdc(db, admin, book.id), "Opfølgning"),
                        "Valg af indsats")
    root = etree.fromstring(data)
    folder = root.find(Q + "Codes")[0]
    renamed = next(e for e in folder if e.get("name") == "Faglig udredning")
    renamed.set("name", "Faglig udredning og vurdering")
    etree.SubElement(renamed, Q + "Description").text = "Børnefaglig undersøgelse."
    etree.SubElement(folder, Q + "Code", guid="0f0f0f0f-1111-4222-8333-444444444444", name="Tolkebistand",
                     isCodable="true")
    before = {c.id: c for c in codes_of(db, admin, book)}
    result = codebooks.import_codebook_qdc(db, admin, etree.tostring(root, encoding="UTF-8"))
    assert not result.created and result.added == ("Tolkebistand",)
    assert result.updated == ("Faglig udredning og vurdering",) and result.unchanged == 3
    assert [(k.label, k.usage) for k in result.not_in_file] == [("Valg af indsats", 0), ("Opfølgning", 1)]
    after = {c.id: c for c in codes_of(db, admin, book)}
    assert set(before) < set(after)  # nothing removed
    kept = next(c for c in after.values() if c.key == "kv_opfoelgning")
    assert kept.label == "Opfølgning" and not kept.retired and kept.usage == 1 and kept == before[kept.id]
    changed = next(c for c in after.values() if c.key == "kv_udredning")
    assert (changed.label, changed.description, changed.version) == (
        "Faglig udredning og vurdering", "Børnefaglig undersøgelse.", before[changed.id].version + 1)
    logged = json.loads(db.fetchone("SELECT details FROM audit_log WHERE action = 'import'")[0])
    assert logged["not_in_file"] == ["Valg af indsats", "Opfølgning"] and logged["added"] == ["Tolkebistand"]
    assert logged["updated"] == [{"label": "Faglig udredning og vurdering", "previous_label": "Faglig udredning"}]


def test_import_by_name_option_and_refusals_that_change_nothing(db, users):
    admin = users[Role.ADMINISTRATOR]
    sos = codebooks.export_codebook_qdc(db, admin, book_named(db, admin, "Signs of Safety").id)
    # «Hjælp mig med at finde vej» renamed to the name of a code the file leaves out (and we keep).
    renamed_onto_another = without_code(codebooks.export_codebook_qdc(
        db, admin, book_named(db, admin, "Sammen med Borgeren – ledetråde").id), "Husk min verden skal med").replace(
        "Hjælp mig med at finde vej".encode(), "Husk min verden skal med".encode())
    clash = qdc('<Code guid="00000000-0000-4000-8000-000000000001" name="Mød mig" isCodable="true"/>'
                '<Code guid="00000000-0000-4000-8000-000000000002" name="MØD MIG" isCodable="true"/>')
    loose = qdc('<Code guid="00000000-0000-4000-8000-000000000003" name="Løs kode" isCodable="true"/>')
    state = snapshot(db)
    for data, name, key in [(sos, None, "error.codebook_fixed"),
                            (clash, "Sammen med Borgeren – ledetråde", "error.refi_duplicate_name"),
                            (renamed_onto_another, None, "error.refi_label_clash"),
                            (loose, None, "error.refi_no_name")]:
        with pytest.raises(ValidationError) as info:
            codebooks.import_codebook_qdc(db, admin, data, name=name)
        assert info.value.key == key
    assert info.value.params == {} and snapshot(db) == state
    # --name picks (or creates) the codebook whatever the file says.
    result = codebooks.import_codebook_qdc(db, admin, sos, name="Signs of Safety – kopi")
    assert result.created and result.codebook.name == "Signs of Safety – kopi" and len(result.added) == 3
    assert result.codebook.kind.value == "koder"  # a copy is an ordinary codebook: codes, not the polarity


@pytest.mark.parametrize("role", [Role.CHAIR, Role.REVIEWER, Role.OMBUDSMAN, Role.READER])
def test_only_administrators_import_while_every_role_exports(db, users, role):
    book = book_named(db, users[role], "Sagsbehandlingens kvalitet")
    data = codebooks.export_codebook_qdc(db, users[role], book.id)
    state = snapshot(db)
    with pytest.raises(PermissionDenied):
        codebooks.import_codebook_qdc(db, users[role], data, name="Ny kodebog")
    assert snapshot(db) == state


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="11111111-1111-4111-8111-111111111111" name="&lol9;"
 isCodable="true"/></Codes></CodeBook>"""
SECRET = "hemmelig-linje-fra-disken"


def external_entity(tmp_path) -> bytes:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    return (f'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY e SYSTEM "{secret.as_uri()}">]>'
            f'<CodeBook xmlns="{NAMESPACE}"><Codes><Code guid="11111111-1111-4111-8111-111111111111" '
            'name="Kode &e;" isCodable="true"/></Codes></CodeBook>').encode()


def deep() -> bytes:
    body = "".join(f'<Code guid="00000000-0000-4000-8000-{n:012d}" name="Niveau {n}" isCodable="true">'
                   for n in range(MAX_DEPTH + 1))
    return qdc(body + "</Code>" * (MAX_DEPTH + 1))


HOSTILE = {
    "not_xml": (lambda p: b"Kode;Beskrivelse\nM\xc3\xb8d mig;CSV, ikke XML\n", "error.refi_not_xml"),
    "empty": (lambda p: b"  \n", "error.refi_not_xml"),
    "broken_xml": (lambda p: qdc('<Code guid="11111111-1111-4111-8111-111111111111" name="Åben"')[:-20],
                   "error.refi_not_xml"),
    "wrong_namespace": (lambda p: qdc("").replace(NAMESPACE.encode(), b"urn:QDA-XML:codebook:1:0"),
                        "error.refi_not_codebook"),
    "no_namespace": (lambda p: b'<CodeBook><Codes><Code guid="11111111-1111-4111-8111-111111111111" name="A" '
                               b'isCodable="true"/></Codes></CodeBook>', "error.refi_not_codebook"),
    "project_file": (lambda p: b'<Project xmlns="urn:QDA-XML:project:1.0" name="P"><CodeBook><Codes/></CodeBook>'
                               b"</Project>", "error.refi_not_codebook"),
    "entity_bomb": (lambda p: BOMB, "error.refi_dtd"),
    "external_entity": (external_entity, "error.refi_dtd"),
    "no_codes": (lambda p: qdc(""), "error.refi_no_codes"),
    "nameless_code": (lambda p: qdc('<Code guid="11111111-1111-4111-8111-111111111111" name=" " isCodable="true"/>'),
                      "error.refi_code_without_name"),
    "bad_guid": (lambda p: qdc('<Code guid="ikke-et-guid" name="Kode" isCodable="true"/>'), "error.refi_bad_guid"),
    "duplicate_guid": (lambda p: qdc('<Code guid="11111111-1111-4111-8111-111111111111" name="A" isCodable="true"/>'
                                     '<Code guid="{11111111-1111-4111-8111-111111111111}" name="B" isCodable="1"/>'),
                       "error.refi_duplicate_guid"),
    "bad_codable": (lambda p: qdc('<Code guid="11111111-1111-4111-8111-111111111111" name="A" isCodable="ja"/>'),
                    "error.refi_bad_codable"),
    "too_deep": (lambda p: deep(), "error.refi_too_deep"),
    "too_large": (lambda p: qdc('<Code guid="11111111-1111-4111-8111-111111111111" name="A" isCodable="true">'
                                f"<Description>{'x' * MAX_BYTES}</Description></Code>"), "error.refi_too_large"),
    "label_too_long": (lambda p: qdc(f'<Code guid="11111111-1111-4111-8111-111111111111" name="{"Å" * 201}" '
                                     'isCodable="true"/>'), "error.too_long"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_and_invalid_files_are_refused_and_nothing_changes(db, users, tmp_path, case):
    build, key = HOSTILE[case]
    admin = users[Role.ADMINISTRATOR]
    state = snapshot(db)
    with pytest.raises(ValidationError) as info:
        codebooks.import_codebook_qdc(db, admin, build(tmp_path), name="Importeret", file_name="fil.qdc")
    assert info.value.key == key
    message = t(info.value.key, "da", **info.value.params)
    assert message != key and "{" not in message  # a Danish sentence, not a key or a template
    if key.startswith("error.refi_"):
        assert message.endswith("Intet er ændret.")
    assert snapshot(db) == state
    assert SECRET not in str(db.fetchall("SELECT * FROM codes"))


# --- command line ---------------------------------------------------------------------------------------


def test_command_line_export_and_import(tmp_path, capsys):
    path = str(tmp_path / "workbench.duckdb")
    out = tmp_path / "kvalitet.qdc"
    assert main(["--db", path, "export-codebook", "sagsbehandlingens kvalitet", "-o", str(out)]) == 0
    assert valid(out.read_bytes()) and "Opfølgning" in out.read_text(encoding="utf-8")
    assert "Kodebogen «Sagsbehandlingens kvalitet» med 6 koder er skrevet til" in capsys.readouterr().out

    assert main(["--db", path, "export-codebook", "Findes ikke", "-o", str(tmp_path / "x.qdc")]) == 2
    assert capsys.readouterr().err.strip() == "Kodebogen «Findes ikke» findes ikke."
    assert not (tmp_path / "x.qdc").exists()

    edited = without_code(out.read_bytes(), "Opfølgning").replace("Valg af indsats".encode(), b"Valg af hj\xc3\xa6lp")
    (tmp_path / "rettet.qdc").write_bytes(edited)
    assert main(["--db", path, "import-codebook", str(tmp_path / "rettet.qdc")]) == 0
    printed = capsys.readouterr().out
    assert "Kodebogen «Sagsbehandlingens kvalitet» er opdateret: 0 nye koder, 1 kode ændret, 4 uændrede." in printed
    assert "1 kode findes ikke i filen og er bevaret uændret: Opfølgning." in printed

    (tmp_path / "bombe.qdc").write_bytes(BOMB)
    db = Database(path)
    state = snapshot(db)
    db.close()
    assert main(["--db", path, "import-codebook", str(tmp_path / "bombe.qdc")]) == 2
    assert capsys.readouterr().err.startswith("Filen er afvist: den indeholder en DOCTYPE")
    assert main(["--db", path, "import-codebook", str(tmp_path / "findes-ikke.qdc")]) == 2
    assert "findes-ikke.qdc" in capsys.readouterr().err
    db = Database(path)
    assert snapshot(db) == state
    assert db.fetchone("SELECT username FROM audit_log WHERE action = 'import'")[0] == "kommandolinje"
    db.close()


# --- the codebooks page ---------------------------------------------------------------------------------


def page_as(monkeypatch, demo_db_path, username):
    from reviews.storage import users as users_repo

    db = Database(str(demo_db_path))
    try:
        user = next(u for u in users_repo.all_users(db.cursor()) if u.username == username)
    finally:
        db.close()
    at = app_for(monkeypatch, demo_db_path, user).run()
    at.switch_page("pages/codebooks.py").run()
    assert not at.exception, at.exception
    return at


def test_codebooks_page_exports_and_imports_a_qdc_file(monkeypatch, demo_db_path):
    at = page_as(monkeypatch, demo_db_path, "admin")
    at.selectbox(key="codebooks_refi_book").select_index(2).run()
    assert not at.download_button  # prepared on request only: an export is logged
    next(b for b in at.button if b.label == "Forbered REFI-QDA-fil").click().run()
    assert not at.exception, at.exception
    assert [d.label for d in at.download_button] == ["Eksportér som REFI-QDA (.qdc)"]
    book_id, data = at.session_state["codebooks_qdc"]
    assert valid(data) and "Opfølgning" in data.decode("utf-8")

    edited = data.replace(b"</Code>\n  </Codes>", "<Code guid=\"0f0f0f0f-1111-4222-8333-555555555555\" "
                          "name=\"Søskendes perspektiv\" isCodable=\"true\"/></Code>\n  </Codes>".encode())
    assert edited != data
    at.file_uploader(key="codebooks_refi_upload_0").set_value(("kvalitet.qdc", edited, "application/xml")).run()
    next(b for b in at.button if b.label == "Importér kodebogen").click().run()
    assert not at.exception, at.exception
    messages = [m.value for m in at.success]
    assert any("«Sagsbehandlingens kvalitet» er opdateret: 1 ny kode" in m for m in messages), (
        messages, [e.value for e in at.error])
    db = Database(str(demo_db_path))
    try:
        assert db.fetchone("SELECT codebook_id FROM codes WHERE label = 'Søskendes perspektiv'")[0] == book_id
    finally:
        db.close()

    # A hostile file: the Danish refusal, nothing stored.
    at.file_uploader(key="codebooks_refi_upload_1").set_value(("bombe.qdc", BOMB, "application/xml")).run()
    next(b for b in at.button if b.label == "Importér kodebogen").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [t("error.refi_dtd", "da")]


def test_readers_export_but_do_not_import(monkeypatch, demo_db_path):
    at = page_as(monkeypatch, demo_db_path, "laeser")
    assert any(b.label == "Forbered REFI-QDA-fil" for b in at.button)
    assert not at.file_uploader and not any(b.label == "Importér kodebogen" for b in at.button)
    assert re.search("REFI-QDA", " ".join(h.value for h in at.header))


def test_the_schema_refuses_what_the_standard_forbids():
    """The schema is no formality: a code without isCodable, a bad guid or colour, a missing Codes fail it."""
    ok = '<Code guid="11111111-1111-4111-8111-111111111111" name="A" isCodable="true" color="#A1B2C3"/>'
    assert SCHEMA.validate(etree.fromstring(qdc(ok)))
    for body in ['<Code guid="11111111-1111-4111-8111-111111111111" name="A"/>',
                 '<Code guid="11111111" name="A" isCodable="true"/>',
                 '<Code guid="11111111-1111-4111-8111-111111111111" name="A" isCodable="true" color="rød"/>',
                 ""]:
        assert not SCHEMA.validate(etree.fromstring(qdc(body)))
    assert not SCHEMA.validate(etree.fromstring(f'<CodeBook xmlns="{NAMESPACE}"/>'.encode()))
