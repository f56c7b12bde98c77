"""Case files («Sagsakter»): importing a case's documents, listing them, reading a page, the OCR job.

Need-to-know holds throughout (reviews.services.access): a case the user may not read answers exactly as
one that does not exist. An administrator may run an import (the command line acts as one) but reads no
case content: the import answers with file names and counts only. CPR numbers never reach the database:
the pipeline (reviews.casefile_extract) masks the text and burns the page images before anything is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from reviews import casefile_extract as extract
from reviews import casefile_jobs, clock
from reviews.casefile_extract import text as suggestions
from reviews.errors import NotFound, StaleVersion, ValidationError
from reviews.models import Role, User
from reviews.models.casefiles import (Casefile, CasefileJob, CasefilePage, CasefileStatus, CasefileType,
                                      ImportOutcome, ImportReport, JobStatus)
from reviews.services import access, casefile_search
from reviews.services.audit import record, record_read
from reviews.services.permissions import requires
from reviews.storage import cases as cases_repo
from reviews.storage import casefiles as repo
from reviews.storage import passages as passages_repo
from reviews.text import CleanText

OCR_JOB = "ocr"
MAX_TITLE = 300
MAX_UNIT = 200

# (file name, done, total) for the file being read, then (None, files done, files total) after each file.
Progress = Callable[[str | None, int, int], None]


@dataclass(frozen=True)
class DetailsForm:
    doc_type: CasefileType
    doc_date: dt.date | None
    title: str
    author_unit: str = ""


def _case_for(cur, actor: User, case_id: int):
    case = cases_repo.get_case(cur, case_id)
    if case is None:
        raise NotFound(record="case", id=case_id)
    access.require_readable(cur, actor, case_id)
    return case


def _case_for_import(cur, actor: User, case_id: int):
    case = cases_repo.get_case(cur, case_id)
    if case is None:
        raise NotFound(record="case", id=case_id)
    if actor.role != Role.ADMINISTRATOR:  # the operator's import writes and reads nothing back
        access.require_readable(cur, actor, case_id)
    return case


def _document_for(cur, actor: User, document_id: int) -> tuple[Casefile, object]:
    document = repo.get_document(cur, document_id)
    if document is None or not access.can_read_case(cur, actor, document.case_id):
        raise NotFound(record="casefile", id=document_id)
    return document, cases_repo.get_case(cur, document.case_id)


@requires("casefile.import")
def find_case_id(db, actor: User, pseudonym: str) -> int:
    """The case's id by its pseudonym (the command line names cases so)."""
    cur = db.cursor()
    case = cases_repo.get_case_by_pseudonym(cur, (pseudonym or "").strip())
    if case is None or (actor.role != Role.ADMINISTRATOR and not access.can_read_case(cur, actor, case.id)):
        raise ValidationError("casefile.error.no_such_case", pseudonym=(pseudonym or "").strip())
    return case.id


def _type_of(value: str) -> CasefileType:
    try:
        return CasefileType(value)
    except ValueError:
        return CasefileType.OTHER


def _store(cur, actor: User, case, item: extract.ExtractedDocument, parent_id: int | None,
           now: dt.datetime) -> list[tuple[int, extract.OcrInput | None, int]]:
    """Insert one document (and its attachments); returns (id, OCR input, pages to OCR) per document."""
    pending = item.ocr_input is not None
    doc_id = repo.insert_document(
        cur, case_id=case.id, parent_id=parent_id, doc_type=_type_of(item.suggested_type),
        doc_date=item.suggested_date, title=item.title or item.name, author_unit="", source_name=item.name,
        source_kind=item.kind, page_count=len(item.pages), masked_cpr=item.masked_cpr,
        status=CasefileStatus.OCR_PENDING if pending else CasefileStatus.READY, metadata=item.metadata,
        user_id=actor.id or None, now=now)
    repo.insert_pages(cur, doc_id, item.pages)
    casefile_search.index_pages(cur, doc_id, item.pages)
    record(cur, actor, "import", record_type="casefile", record_id=doc_id, pseudonym=case.pseudonym,
           details={"name": item.name, "kind": item.kind, "pages": len(item.pages), "masked_cpr": item.masked_cpr,
                    "ocr_pages": len(item.ocr_input.page_nos) if pending else 0})
    stored = [(doc_id, item.ocr_input, len(item.ocr_input.page_nos) if pending else 0)]
    for child in item.attachments:
        if isinstance(child, extract.ExtractedDocument):
            stored += _store(cur, actor, case, child, doc_id, now)
    return stored


def _failures(name: str, item) -> list[ImportOutcome]:
    """Outcomes for the refused attachments inside a stored e-mail (named "mail.eml › bilag.pdf")."""
    out = []
    for child in getattr(item, "attachments", []):
        label = f"{name} › {child.name}"
        if isinstance(child, extract.Failure):
            out.append(ImportOutcome(label, error_key=child.key, error_params=child.params))
        else:
            out += _failures(label, child)
    return out


@requires("casefile.import")
def import_files(db, actor: User, case_id: int, files: list[tuple[str, bytes]], *,
                 progress: Progress | None = None, ocr: str = "background") -> ImportReport:
    """Import each file on its own (one transaction each): a bad file is reported and the others go in.

    `ocr`: "background" starts the OCR job in a thread and returns at once; "inline" runs it before
    returning (the command line); "none" leaves the pages waiting (tests of the waiting state).
    """
    if not files:
        raise ValidationError("casefile.error.no_files")
    case = _case_for_import(db.cursor(), actor, case_id)
    outcomes: list[ImportOutcome] = []
    ocr_work: list[tuple[int, extract.OcrInput]] = []
    for index, (name, data) in enumerate(files, start=1):
        def page_progress(done: int, total: int, name=name) -> None:
            if progress:
                progress(name, done, total)

        try:
            found = extract.extract(name, data, progress=page_progress)
        except Exception as exc:  # noqa: BLE001 - a library bug on one file must not stop the others
            found = [extract.Failure(extract.text.clean(name, 255), "casefile.error.unexpected",
                                     {"detail": type(exc).__name__})]
        for item in found:
            if isinstance(item, extract.Failure):
                outcomes.append(ImportOutcome(item.name, error_key=item.key, error_params=item.params))
                continue
            now = clock.now()
            stored = db.write(lambda cur, item=item, now=now: _store(cur, actor, case, item, None, now))
            ocr_work += [(doc_id, source) for doc_id, source, _n in stored if source is not None]
            outcomes.append(ImportOutcome(item.name, tuple(d for d, _s, _n in stored),
                                          masked_cpr=item.masked_cpr + sum(
                                              c.masked_cpr for c in item.attachments
                                              if isinstance(c, extract.ExtractedDocument)),
                                          ocr_pages=sum(n for _d, _s, n in stored)))
            outcomes += _failures(item.name, item)
        if progress:
            progress(None, index, len(files))
    casefile_search.settle(db)
    job_id, ocr_error = None, ""
    if ocr_work and ocr != "none":
        total = sum(len(source.page_nos) for _d, source in ocr_work)
        job_id = db.write(lambda cur: repo.insert_job(cur, case_id=case.id, kind=OCR_JOB, total=total,
                                                      user_id=actor.id or None, now=clock.now()))
        work = lambda: _run_ocr(db, actor, job_id, case, ocr_work)  # noqa: E731
        if ocr == "inline":
            casefile_jobs.mark_active(job_id, True)
            try:
                work()
            except Exception as exc:  # noqa: BLE001 - the job row holds the reason; the caller reports it
                ocr_error = repo.get_job(db.cursor(), job_id).message or type(exc).__name__
            finally:
                casefile_jobs.mark_active(job_id, False)
        else:
            casefile_jobs.start(job_id, work)
    return ImportReport(tuple(outcomes), job_id, ocr_error)


def _run_ocr(db, actor: User, job_id: int, case, work: list[tuple[int, extract.OcrInput]]) -> None:
    db.write(lambda cur: repo.update_job(cur, job_id, status=JobStatus.RUNNING, done=0))
    done = 0
    try:
        for doc_id, source in work:
            for page in extract.ocr_pages(source):
                done += 1

                def save(cur, page=page, done=done, doc_id=doc_id) -> None:
                    repo.update_page(cur, doc_id, page)
                    casefile_search.index_pages(cur, doc_id, [page])  # the OCR'd text becomes searchable
                    repo.update_job(cur, job_id, status=JobStatus.RUNNING, done=done)

                db.write(save)

            def finish_document(cur, doc_id=doc_id, source=source) -> None:
                repo.refresh_document_counts(cur, doc_id, CasefileStatus.READY, clock.now())
                document = repo.get_document(cur, doc_id)
                if len(source.page_nos) == document.page_count:  # all scanned: suggest from the OCR'd text
                    text = repo.first_pages_text(cur, doc_id)
                    title = suggestions.first_line(text) or document.title
                    repo.apply_suggestions(cur, doc_id, doc_type=_type_of(
                        suggestions.suggest_type(title, text, document.source_kind)),
                        doc_date=suggestions.suggest_date(text), title=title)
                record(cur, actor, "ocr", record_type="casefile", record_id=doc_id, pseudonym=case.pseudonym,
                       details={"job_id": job_id, "pages": len(source.page_nos)})

            db.write(finish_document)
    except Exception as exc:  # noqa: BLE001 - recorded on the job; the pages stay waiting
        key = "casefile.error.ocr_unavailable" if isinstance(exc, extract.OcrUnavailable) else \
            getattr(exc, "key", "casefile.error.unexpected")

        def fail(cur) -> None:
            repo.update_job(cur, job_id, status=JobStatus.FAILED, done=done, message=key, finished_at=clock.now())
            for doc_id, _source in work:
                if repo.pending_ocr_pages(cur, doc_id):
                    repo.refresh_document_counts(cur, doc_id, CasefileStatus.OCR_FAILED, clock.now())

        db.write(fail)
        raise
    db.write(lambda cur: repo.update_job(cur, job_id, status=JobStatus.DONE, done=done, finished_at=clock.now()))
    casefile_search.settle(db)


def _settle_orphaned_jobs(db, case_id: int) -> None:
    """Unfinished jobs that no thread of this process runs were cut short by a restart: say so."""
    cur = db.cursor()
    orphans = [j.id for j in repo.jobs_of_case(cur, case_id)
               if j.status in (JobStatus.QUEUED, JobStatus.RUNNING) and not casefile_jobs.is_active(j.id)]
    if not orphans:
        return

    def work(c) -> None:
        now = clock.now()
        for job_id in orphans:
            repo.update_job(c, job_id, status=JobStatus.INTERRUPTED, message="casefile.error.ocr_lost",
                            finished_at=now)
        for document in repo.documents_of_case(c, case_id):
            if document.status == CasefileStatus.OCR_PENDING:
                repo.refresh_document_counts(c, document.id, CasefileStatus.OCR_FAILED, now)

    db.write(work)


@requires("casefile.read")
def list_casefiles(db, actor: User, case_id: int, *, purpose: str = "") -> list[Casefile]:
    """The case's documents (dated first, by date). Seeing their titles is a read of the case: logged."""
    case = _case_for(db.cursor(), actor, case_id)
    _settle_orphaned_jobs(db, case_id)
    documents = repo.documents_of_case(db.cursor(), case_id)
    record_read(db, actor, "read", record_type="casefile_list", record_id=case_id,
                pseudonym=case.pseudonym, purpose=purpose, details={"documents": len(documents)})
    return documents


@requires("casefile.read")
def ocr_jobs(db, actor: User, case_id: int) -> list[CasefileJob]:
    """The case's OCR jobs, newest first, with their stored progress (a reload shows the same)."""
    _case_for(db.cursor(), actor, case_id)
    _settle_orphaned_jobs(db, case_id)
    return repo.jobs_of_case(db.cursor(), case_id)


@requires("casefile.read")
def read_page(db, actor: User, document_id: int, page_no: int, *, purpose: str = "") -> CasefilePage:
    """One page of a document: masked text, paragraph offsets, redacted image. Logged with the pseudonym."""
    cur = db.cursor()
    document, case = _document_for(cur, actor, document_id)
    page = repo.get_page(cur, document_id, page_no)
    if page is None:
        raise NotFound(record="casefile_page", id=f"{document_id}/{page_no}")
    record_read(db, actor, "read", record_type="casefile", record_id=document_id,
                pseudonym=case.pseudonym, purpose=purpose, details={"page": page_no})
    return page


@requires("casefile.import")
def update_details(db, actor: User, document_id: int, expected_version: int, form: DetailsForm) -> Casefile:
    """Type, date, title and the author's unit, as the reviewer corrects the suggestions."""
    clean = CleanText()
    title = clean(form.title, "title", required=True, max_length=MAX_TITLE)
    unit = clean(form.author_unit, "author_unit", max_length=MAX_UNIT)
    doc_type = CasefileType(form.doc_type)

    def work(cur) -> Casefile:
        current, case = _document_for(cur, actor, document_id)
        saved = repo.update_details(cur, document_id, expected_version, doc_type=doc_type, doc_date=form.doc_date,
                                    title=title, author_unit=unit, now=clock.now())
        if saved is None:
            raise StaleVersion(current)
        changed = [f for f in ("doc_type", "doc_date", "title", "author_unit")
                   if getattr(current, f) != getattr(saved, f)]
        record(cur, actor, "change", record_type="casefile", record_id=document_id, pseudonym=case.pseudonym,
               details={"changed": changed, **({"masked_cpr": clean.masked} if clean.masked else {})})
        return saved

    return db.write(work)


@requires("casefile.import")
def delete_document(db, actor: User, document_id: int, expected_version: int) -> int:
    """Delete a document with its attachments: pages, images and index entries go; returns the documents
    deleted. Refused while a finding cites one of them (the evidence would lose its source) and while its
    text recognition is still running."""

    def work(cur) -> int:
        current, case = _document_for(cur, actor, document_id)
        if current.version != expected_version:
            raise StaleVersion(current)
        ids = repo.with_attachments(cur, document_id)
        documents = repo.documents_by_ids(cur, ids)
        if any(d.status == CasefileStatus.OCR_PENDING for d in documents.values()):
            raise ValidationError("casefile.error.delete_ocr_running")
        cited = sum(passages_repo.cited_documents(cur, ids).values())
        if cited:
            raise ValidationError("casefile.error.delete_cited", count=cited)
        repo.delete_documents(cur, ids)
        record(cur, actor, "delete", record_type="casefile", record_id=document_id, pseudonym=case.pseudonym,
               details={"documents": len(ids), "pages": sum(d.page_count for d in documents.values())})
        return len(ids)

    return db.write(work)

