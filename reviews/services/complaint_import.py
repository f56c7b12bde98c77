"""Importing a list of inquiries and complaints from CSV/XLSX: read, map columns, validate (CPR masked,
unknown categories reported with a mapping offer), then store all or nothing."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reviews import clock
from reviews.errors import ValidationError
from reviews.importing.complaints import (
    TEMPLATE_COLUMNS,
    TEMPLATE_DOC,
    ComplaintValidation,
    UnknownValue,
    suggest_mapping,
    suggested_value_mapping,
    template_csv_bytes,
    validate_complaints,
)
from reviews.importing.reader import read_table
from reviews.importing.preview import complaint_preview as preview
from reviews.models import User
from reviews.text import clean_label
from reviews.services.audit import record
from reviews.services.permissions import requires
from reviews.storage import audit as audit_repo
from reviews.storage import inquiries as inquiries_repo
from reviews.storage import ombudsman_categories as categories_repo

TEMPLATE_FILENAME = "klageimport-skabelon.csv"

__all__ = ["TEMPLATE_COLUMNS", "TEMPLATE_DOC", "TEMPLATE_FILENAME", "ComplaintImportReport", "ComplaintValidation",
           "UnknownValue", "import_complaints", "preview", "read_table", "suggest_mapping", "template_csv_bytes",
           "validate", "suggested_value_mapping"]


@dataclass(frozen=True)
class ComplaintImportReport:
    imported: int
    duplicates: int
    rows_skipped: int
    masked_cpr: int


@requires("inquiry.import")
def validate(db, actor: User, df: pd.DataFrame, mapping: Mapping[str, str | None],
             value_mapping: Mapping[str, Mapping[str, str]] | None = None) -> ComplaintValidation:
    """The validation report for a read file under a column mapping and a mapping of unknown values.
    Stores nothing."""
    cur = db.cursor()
    areas = [a.name for a in categories_repo.areas(cur)]  # retired ones too: old lists use them
    causes = {c.name: c.id for c in categories_repo.causes(cur)}
    cases: dict[str, int] = {}
    source = mapping.get("Sag")
    if source and source in df.columns:
        names = df[source].dropna().astype(str).str.strip().unique().tolist()
        cases = inquiries_repo.case_ids_for(cur, [n for n in names if n])
    return validate_complaints(df, mapping, areas=areas, causes=causes, cases=cases, value_mapping=value_mapping,
                               now=clock.now())


@requires("inquiry.import")
def import_complaints(db, actor: User, result: ComplaintValidation, *, valid_only: bool = False,
                      filename: str = "") -> ComplaintImportReport:
    """Store the validated rows in one transaction.

    With problems and without `valid_only`, nothing is stored. An inquiry already in the register (same
    receipt time, citizen and type) is skipped, so importing the same file twice adds nothing.
    """
    filename = clean_label(filename)  # it lands in the audit log: no CPR, no control characters
    if result.problems and not valid_only:
        raise ValidationError("import.refused_has_errors", count=len(result.bad_rows))
    rows, causes = result.valid_only() if valid_only else (result.rows, result.causes)
    if len(rows) == 0:
        raise ValidationError("import.nothing_to_import")
    now = clock.now()
    # Columns stay as they are (arrow-backed strings, datetime64): DuckDB scans them without conversion.
    frame = rows.reset_index(names="row_key").assign(first_contact_note="", created_at=now, created_by=actor.id)
    links = causes.rename(columns={"row_number": "row_key"})

    def work(cur):
        created = inquiries_repo.insert_many(cur, frame, links)
        report = ComplaintImportReport(imported=len(created), duplicates=len(frame) - len(created),
                                       rows_skipped=len(result.bad_rows) if valid_only else 0,
                                       masked_cpr=result.masked_cpr)
        # One "create" row per new inquiry, built as an arrow table (constants repeated in C, not Python).
        n = len(created)
        audit_repo.insert_many(cur, pa.table({
            "logged_at": pa.repeat(pa.scalar(now, pa.timestamp("us")), n),
            "user_id": pa.repeat(pa.scalar(actor.id, pa.int64()), n),
            "username": pa.repeat(actor.username, n), "action": pa.repeat("create", n),
            "record_type": pa.repeat("inquiry", n), "record_id": pc.cast(pa.array(created["id"]), pa.string()),
            "pseudonym": pa.array(created["citizen"].array, type=pa.string()), "purpose": pa.repeat("import", n),
            "details": pa.repeat(json.dumps({"file": filename}, ensure_ascii=False), n),
        }))
        record(cur, actor, "import", record_type="inquiry", purpose="import",
               details={"file": filename, **report.__dict__})
        return report

    return db.write(work)
