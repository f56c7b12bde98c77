"""Importing cases and timeline events from CSV/XLSX: read, map, validate, then store all or nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from reviews import clock
from reviews.errors import NotFound, ValidationError
from reviews.importing.reader import read_table
from reviews.importing.preview import case_preview as preview
from reviews.importing.cases import ValidationResult, suggest_mapping, validate_rows
from reviews.models import Consent, Nomination, User
from reviews.text import clean_label
from reviews.services.audit import record
from reviews.services.permissions import requires
from reviews.storage import audit as audit_repo
from reviews.storage import cases as cases_repo
from reviews.storage import reviews as reviews_repo

TEMPLATE_FILENAME = "sagsimport-skabelon.csv"

__all__ = ["TEMPLATE_FILENAME", "ImportReport", "import_cases", "preview", "read_table", "suggest_mapping",
           "validate"]


@dataclass(frozen=True)
class ImportReport:
    cases_created: int
    cases_existing: int
    events_added: int
    events_skipped_duplicates: int
    rows_skipped: int
    masked_cpr: int


@requires("case.import")
def validate(db, actor: User, df: pd.DataFrame, mapping: dict[str, str | None]) -> ValidationResult:
    """The validation report for a read file under a column mapping. Stores nothing."""
    return validate_rows(df, mapping)


@requires("case.import")
def import_cases(db, actor: User, result: ValidationResult, *, valid_only: bool = False,
                 review_id: int | None = None, filename: str = "") -> ImportReport:
    """Store the validated rows in one transaction.

    With problems and without `valid_only`, nothing is stored. Cases that already exist (same
    pseudonym) keep their fields and get the new events; an event the case already has is skipped.
    """
    filename = clean_label(filename)  # it lands in the audit log: no CPR, no control characters
    if result.problems and not valid_only:
        raise ValidationError("import.refused_has_errors", count=len(result.bad_rows))
    cases_df, events_df = result.valid_only() if valid_only else (result.cases, result.events)
    if len(cases_df) == 0:
        raise ValidationError("import.nothing_to_import")
    now = clock.now()

    def work(cur):
        if review_id is not None and reviews_repo.get_review(cur, review_id) is None:
            raise NotFound(record="review", id=review_id)
        pseudonyms = cases_df["pseudonym"].tolist()
        existing = cases_repo.case_ids_for(cur, pseudonyms)
        new_cases = cases_df[~cases_df["pseudonym"].str.lower().isin(existing.keys())]
        cases_repo.insert_cases_df(cur, pd.DataFrame({
            "pseudonym": new_cases["pseudonym"], "area": new_cases["area"].fillna(""),
            "opened": new_cases["opened"], "closed": new_cases["closed"], "status": new_cases["status"],
            "summary": new_cases["summary"].fillna(""), "created_at": now, "updated_at": now,
            "updated_by": actor.id,
        }))
        ids = cases_repo.case_ids_for(cur, pseudonyms)
        events = pd.DataFrame({
            "case_id": events_df["pseudonym"].str.lower().map(ids).astype("int64"),
            "event_date": events_df["event_date"], "event_type": events_df["event_type"],
            "text": events_df["text"].fillna(""), "created_at": now, "created_by": actor.id,
        })
        added = cases_repo.insert_new_events_df(cur, events)
        if review_id is not None:
            selected = {rc.case_id for rc in reviews_repo.review_cases(cur, review_id)}
            for pseudonym in pseudonyms:
                case_id = ids[pseudonym.lower()]
                if case_id not in selected:
                    reviews_repo.insert_review_case(
                        cur, review_id=review_id, case_id=case_id, nominated_by=Nomination.TASK_FORCE,
                        rationale="Importeret", consent=Consent.PENDING, consent_date=None, consent_scope="")
                    selected.add(case_id)
        report = ImportReport(
            cases_created=len(new_cases), cases_existing=len(cases_df) - len(new_cases), events_added=added,
            events_skipped_duplicates=len(events) - added,
            rows_skipped=len(result.bad_rows) if valid_only else 0, masked_cpr=result.masked_cpr)
        audit_repo.insert_many(cur, pd.DataFrame({
            "logged_at": now, "user_id": actor.id, "username": actor.username, "action": "create",
            "record_type": "case", "record_id": new_cases["pseudonym"].str.lower().map(ids).astype(str),
            "pseudonym": new_cases["pseudonym"], "purpose": "import", "details": json.dumps({"file": filename}),
        }))
        record(cur, actor, "import", record_type="case", purpose="import",
               details={"file": filename, **report.__dict__, "review_id": review_id})
        return report

    return db.write(work)
