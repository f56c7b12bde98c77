"""Case files («Sagsakter», issue 12): import into a case with need-to-know, audit, the OCR job with its
stored progress, editing details, the command line, and the proof that no CPR number reaches the file."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from reviews import casefile_jobs
from reviews.casefile_extract import ocr
from reviews.cli import main as cli_main
from reviews.errors import NotFound, PermissionDenied, StaleVersion, ValidationError
from reviews.models import Role
from reviews.models.casefiles import CasefileStatus, CasefileType, JobStatus
from reviews.privacy.cpr import CPR_MASK, contains_cpr
from reviews.services import casefiles
from reviews.services import cases as case_service
from reviews.services import reviews as review_service
from reviews.services.cases import CaseForm
from reviews.storage import casefiles as repo
from reviews.storage.database import Database
from tests import casefile_samples as s

MARKER = "KONTROLMÆRKE-SAGSAKT-5d2e8a1c7b3f"


def bundle_files() -> list[tuple[str, bytes]]:
    txt = f"Journalnotat\n\n{MARKER}: barnet har cpr {s.CPR_TXT}.".encode()
    return [
        (f"undersøgelse {s.CPR_NAME}.pdf", s.investigation_pdf()),
        ("afgørelse.docx", s.decision_docx()),
        ("mail.eml", s.mail_with_attachment()),
        ("aktindsigt.zip", s.zip_bundle({"notat.txt": txt, "../udenfor.txt": b"nej", "scan.pdf": s.scanned_pdf()})),
    ]


def test_import_by_a_reviewer_masks_logs_and_ocrs_the_scan_inline(db, users):
    ids = s.two_case_world(db, users)
    reviewer = users[Role.REVIEWER]
    seen = []
    report = casefiles.import_files(db, reviewer, ids[0], bundle_files(), ocr="inline",
                                    progress=lambda name, done, total: seen.append((name, done, total)))
    names = [(o.name, o.ok, o.error_key) for o in report.outcomes]
    assert names == [(f"undersøgelse {CPR_MASK}.pdf", True, ""), ("afgørelse.docx", True, ""),
                     ("mail.eml", True, ""), ("notat.txt", True, ""),
                     ("../udenfor.txt", False, "casefile.error.unsafe_path"), ("scan.pdf", True, "")]
    assert not report.ok and report.ocr_error == ""
    assert report.outcomes[2].masked_cpr == 2 and len(report.outcomes[2].document_ids) == 2  # mail + attachment
    assert (None, 4, 4) in seen and (f"undersøgelse {s.CPR_NAME}.pdf", 3, 3) in seen
    documents = casefiles.list_casefiles(db, reviewer, ids[0])
    by_name = {d.source_name: d for d in documents}
    assert set(by_name) == {f"undersøgelse {CPR_MASK}.pdf", "afgørelse.docx", "mail.eml", "referat.pdf",
                            "notat.txt", "scan.pdf"}
    assert by_name["referat.pdf"].parent_id == by_name["mail.eml"].id
    investigation = by_name[f"undersøgelse {CPR_MASK}.pdf"]
    assert (investigation.doc_type, investigation.doc_date, investigation.page_count, investigation.masked_cpr) == (
        CasefileType.INVESTIGATION, dt.date(2020, 3, 12), 3, 1)
    scan = by_name["scan.pdf"]
    assert scan.status == CasefileStatus.READY and scan.masked_cpr == 1 and scan.doc_type == CasefileType.JOURNAL_NOTE
    page = casefiles.read_page(db, reviewer, scan.id, 1, purpose="gennemgang")
    assert page.ocr and not page.needs_ocr and CPR_MASK in page.text and not contains_cpr(page.text)
    assert Image.open(io.BytesIO(page.image)).size == (page.image_width, page.image_height)
    job = casefiles.ocr_jobs(db, reviewer, ids[0])[0]
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 1, 1)
    audit = db.fetchall("SELECT action, record_type, pseudonym, purpose FROM audit_log WHERE record_type LIKE"
                        " 'casefile%' ORDER BY id")
    assert audit.count(("import", "casefile", "Familie 1", "")) == 6
    assert ("ocr", "casefile", "Familie 1", "") in audit
    assert ("read", "casefile_list", "Familie 1", "") in audit
    assert audit[-1] == ("read", "casefile", "Familie 1", "gennemgang")


def test_need_to_know_a_case_outside_ones_work_answers_like_a_missing_one(db, users):
    ids = s.two_case_world(db, users)
    chair, reviewer, admin = users[Role.CHAIR], users[Role.REVIEWER], users[Role.ADMINISTRATOR]
    files = [("afgørelse.docx", s.decision_docx())]
    with pytest.raises(NotFound) as outside:
        casefiles.import_files(db, reviewer, ids[1], files)
    with pytest.raises(NotFound) as missing:
        casefiles.import_files(db, reviewer, 99999, files)
    assert outside.value.key == missing.value.key and outside.value.params.keys() == missing.value.params.keys()
    assert db.fetchone("SELECT count(*) FROM casefile_documents") == (0,)  # nothing half-imported
    # The operator imports (the command line acts as an administrator) but reads nothing back.
    report = casefiles.import_files(db, admin, ids[1], files)
    doc_id = report.document_ids[0]
    with pytest.raises(PermissionDenied):
        casefiles.list_casefiles(db, admin, ids[1])
    with pytest.raises(PermissionDenied):
        casefiles.read_page(db, admin, doc_id, 1)
    with pytest.raises(NotFound) as outside_page:
        casefiles.read_page(db, reviewer, doc_id, 1)
    with pytest.raises(NotFound) as missing_page:
        casefiles.read_page(db, reviewer, doc_id + 1000, 1)
    assert outside_page.value.params.keys() == missing_page.value.params.keys()
    with pytest.raises(NotFound):
        casefiles.list_casefiles(db, reviewer, ids[1])
    with pytest.raises(PermissionDenied):
        casefiles.list_casefiles(db, users[Role.READER], ids[0])
    assert [d.id for d in casefiles.list_casefiles(db, chair, ids[0])] == []


def test_the_background_ocr_job_stores_progress_and_a_lost_job_is_marked_interrupted(db, users):
    ids = s.two_case_world(db, users)
    reviewer = users[Role.REVIEWER]
    report = casefiles.import_files(db, reviewer, ids[0], [("scan.pdf", s.scanned_pdf(pages=2))])
    casefile_jobs.wait(report.job_id)
    job = repo.get_job(db.cursor(), report.job_id)
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 2, 2)
    document = casefiles.list_casefiles(db, reviewer, ids[0])[0]
    assert document.status == CasefileStatus.READY and document.masked_cpr == 2
    # A job left "running" by a process that is gone (a server restart): its pixels are gone with it.
    waiting = casefiles.import_files(db, reviewer, ids[0], [("scan2.pdf", s.scanned_pdf())], ocr="none")
    assert waiting.job_id is None
    lost = db.write(lambda cur: repo.insert_job(cur, case_id=ids[0], kind="ocr", total=1, user_id=reviewer.id,
                                                now=dt.datetime(2026, 1, 1)))
    jobs = casefiles.ocr_jobs(db, reviewer, ids[0])
    assert [(j.id, j.status, j.message) for j in jobs][0] == (lost, JobStatus.INTERRUPTED, "casefile.error.ocr_lost")
    statuses = {d.source_name: d.status for d in casefiles.list_casefiles(db, reviewer, ids[0])}
    assert statuses == {"scan.pdf": CasefileStatus.READY, "scan2.pdf": CasefileStatus.OCR_FAILED}


def test_details_are_edited_with_cpr_masked_and_stale_saves_refused(db, users):
    ids = s.two_case_world(db, users)
    reviewer = users[Role.REVIEWER]
    doc_id = casefiles.import_files(db, reviewer, ids[0], [("a.docx", s.decision_docx())]).document_ids[0]
    current = casefiles.list_casefiles(db, reviewer, ids[0])[0]
    saved = casefiles.update_details(db, reviewer, doc_id, current.version, casefiles.DetailsForm(
        CasefileType.DECISION, dt.date(2020, 6, 2), f"Afgørelse om {s.CPR_DOCX}", "Børn og Familie Nord"))
    assert (saved.title, saved.author_unit, saved.doc_date, saved.version) == (
        f"Afgørelse om {CPR_MASK}", "Børn og Familie Nord", dt.date(2020, 6, 2), current.version + 1)
    with pytest.raises(StaleVersion):
        casefiles.update_details(db, reviewer, doc_id, current.version, casefiles.DetailsForm(
            CasefileType.OTHER, None, "Ny titel"))
    assert casefiles.list_casefiles(db, reviewer, ids[0])[0].title == f"Afgørelse om {CPR_MASK}"


def test_command_line_imports_files_folders_and_zips_and_reports_bad_ones(tmp_path, capsys, users, db):
    path = tmp_path / "workbench.duckdb"
    database = Database(str(path))
    from reviews.services import auth
    chair = auth.create_user_unchecked(database, None, username="formand", full_name="F", role=Role.CHAIR,
                                       password="test-password-1")
    case_service.create_case(database, chair, CaseForm("Familie 7"))
    database.close()
    folder = tmp_path / "akter"
    folder.mkdir()
    (folder / "undersøgelse.pdf").write_bytes(s.investigation_pdf())
    (folder / "afgørelse.docx").write_bytes(s.decision_docx())
    good = ["--db", str(path), "import-documents", "--case", "familie 7", str(folder)]
    assert cli_main(good) == 0
    out = capsys.readouterr()
    assert "undersøgelse.pdf: importeret som 1 dokument (1 CPR-numre fjernet)" in out.out and out.err == ""
    bad = tmp_path / "krypteret.docm"
    bad.write_bytes(s.decision_docx())
    bundle = tmp_path / "bundt.zip"
    bundle.write_bytes(s.zip_bundle({"brev.txt": b"Et brev.", "../ud.txt": b"x"}))
    assert cli_main(["--db", str(path), "import-documents", "--case", "Familie 7", str(bad), str(bundle)]) == 2
    out = capsys.readouterr()
    assert "brev.txt: importeret" in out.out
    assert "krypteret.docm: ikke importeret. Word-filen indeholder makroer" in out.err
    assert "../ud.txt: ikke importeret. Filen i ZIP-filen har en farlig sti" in out.err
    assert cli_main(["--db", str(path), "import-documents", "--case", "Familie 99", str(bundle)]) == 2
    assert "Der er ingen sag med pseudonymet Familie 99." in capsys.readouterr().err
    database = Database(str(path))
    assert database.fetchone("SELECT count(*) FROM casefile_documents") == (3,)
    database.close()


def test_no_cpr_number_from_any_source_survives_anywhere_in_the_database_file(tmp_path, users, db):
    path = tmp_path / "workbench.duckdb"
    database = Database(str(path))
    from reviews.services import auth
    reviewer = auth.create_user_unchecked(database, None, username="r", full_name="R", role=Role.REVIEWER,
                                          password="test-password-1")
    chair = auth.create_user_unchecked(database, None, username="c", full_name="C", role=Role.CHAIR,
                                       password="test-password-1")
    ids = s.two_case_world(database, {Role.CHAIR: chair, Role.REVIEWER: reviewer})
    report = casefiles.import_files(database, reviewer, ids[0], bundle_files(), ocr="inline")
    # pdf, docx, e-mail and its attachment, txt: 5 at import; the scan's one is counted when OCR'd.
    assert sum(o.masked_cpr for o in report.outcomes) == 5
    assert database.fetchone("SELECT sum(masked_cpr) FROM casefile_documents") == (6,)
    images = [r[0] for r in database.fetchall("SELECT image FROM casefile_pages WHERE image IS NOT NULL")]
    database.checkpoint()
    database.close()
    data = path.read_bytes()
    wal = path.with_name(path.name + ".wal")
    data += wal.read_bytes() if wal.exists() else b""
    assert MARKER.encode() in data  # control: text is stored readably, so a CPR number would be found
    for cpr in s.ALL_CPR:
        digits = cpr.replace("-", "").replace(" ", "")
        for form in {cpr, digits, f"{digits[:6]}-{digits[6:]}", f"{digits[:6]} {digits[6:]}"}:
            assert form.encode() not in data, form
            assert form.encode("utf-16-le") not in data, form
    assert len(images) == 5  # 3 investigation pages, the attachment, the scan (DOCX, TXT, e-mail have none)
    for png in images:
        read = " ".join(w.text for w in ocr.recognise(Image.open(io.BytesIO(png)).convert("L")))
        assert not contains_cpr(read), read
        assert not any(c.replace("-", "")[:6] in read.replace("-", "") for c in s.ALL_CPR), read


DELETED_MARK = "SLETTEMÆRKE-4c1f9e77d2"


def test_deleting_a_document_takes_its_attachments_pages_and_index_and_the_rebuilt_file_holds_none_of_it(
        tmp_path, users):
    from reviews.services import auth, casefile_search

    path = tmp_path / "workbench.duckdb"
    database = Database(str(path))
    reviewer = auth.create_user_unchecked(database, None, username="r", full_name="R", role=Role.REVIEWER,
                                          password="test-password-1")
    chair = auth.create_user_unchecked(database, None, username="c", full_name="C", role=Role.CHAIR,
                                       password="test-password-1")
    ids = s.two_case_world(database, {Role.CHAIR: chair, Role.REVIEWER: reviewer})
    kept = casefiles.import_files(database, reviewer, ids[0], [("afgørelse.docx", s.decision_docx())], ocr="none")
    mail = s.mail_with_attachment().replace(b"Venlig hilsen", DELETED_MARK.encode())
    report = casefiles.import_files(database, reviewer, ids[0], [("mail.eml", mail)], ocr="none")
    assert len(report.document_ids) == 2  # the e-mail and its attachment
    parent = min(report.document_ids, key=lambda i: repo.get_document(database.cursor(), i).parent_id or 0)
    document = repo.get_document(database.cursor(), parent)
    assert document.parent_id is None
    assert {h.document_id for h in casefile_search.search(database, reviewer, "slettemærke").hits} == {parent}

    # Someone outside the case's work cannot even find it; a stale version is refused; nothing changes.
    with pytest.raises(NotFound):
        casefiles.delete_document(database, users[Role.OMBUDSMAN], parent, document.version)
    with pytest.raises(StaleVersion):
        casefiles.delete_document(database, reviewer, parent, document.version + 1)
    assert database.fetchone("SELECT count(*) FROM casefile_documents") == (3,)

    assert casefiles.delete_document(database, reviewer, parent, document.version) == 2
    assert [d.id for d in casefiles.list_casefiles(database, reviewer, ids[0])] == kept.document_ids
    assert casefile_search.search(database, reviewer, "slettemærke").total == 0
    for table in ("casefile_pages", "casefile_search_pages", "casefile_search_postings"):
        assert database.fetchone(f"SELECT count(*) FROM {table} WHERE document_id IN (SELECT unnest(?))",
                                 [report.document_ids]) == (0,), table
    entry = database.fetchone("SELECT action, pseudonym, details FROM audit_log WHERE record_type = 'casefile'"
                              " AND action = 'delete'")
    assert entry[:2] == ("delete", "Familie 1") and '"documents": 2' in entry[2]

    database.rebuild()
    database.close()
    data = path.read_bytes()
    wal = path.with_name(path.name + ".wal")
    data += wal.read_bytes() if wal.exists() else b""
    assert "Afgørelse om anbringelse".encode() in data  # control: the kept document's text is readable
    assert DELETED_MARK.encode() not in data and "Mødereferat".encode() not in data


def test_a_document_cited_by_a_finding_is_not_deleted(db, users):
    from reviews.models.case_review import Polarity
    from reviews.models.passages import PassageRef
    from reviews.services import codebooks as codebook_service
    from reviews.services import passages
    from reviews.services.findings import FindingForm

    ids = s.two_case_world(db, users)
    reviewer = users[Role.REVIEWER]
    note = "Journalnotat\n\nAftale om møde.".encode()
    document_id = casefiles.import_files(db, reviewer, ids[0], [("notat.txt", note)], ocr="none").document_ids[0]
    review_id = next(r.id for r in review_service.list_reviews(db, users[Role.CHAIR]) if r.name == "Task Force Ø")
    page = casefiles.read_page(db, reviewer, document_id, 1)
    start, end = page.paragraphs[-1]
    code = next(c.id for c in codebook_service.list_codes(db, users[Role.ADMINISTRATOR]) if c.key == "kv_opfoelgning")
    passages.code_passage(db, reviewer, review_id, PassageRef(document_id, 1, start, end),
                          FindingForm(text="Aftalen holdt.", polarity=Polarity.WORKS_WELL, code_ids=(code,)))
    version = repo.get_document(db.cursor(), document_id).version
    with pytest.raises(ValidationError) as error:  # cited: the finding's evidence would lose its source
        casefiles.delete_document(db, reviewer, document_id, version)
    assert (error.value.key, error.value.params) == ("casefile.error.delete_cited", {"count": 1})
    assert repo.get_document(db.cursor(), document_id) is not None
    assert db.fetchone("SELECT count(*) FROM casefile_pages WHERE document_id = ?", [document_id]) == (1,)
