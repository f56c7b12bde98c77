"""Records of the data's life cycle: retention periods, what a deletion run removes, backups."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from enum import StrEnum


class RecordKind(StrEnum):
    """What a retention period applies to. Values are the Danish words shown via `value.<value>`."""

    CASE_MATERIAL = "sagsmateriale"  # cases, timelines, findings, readings, selections
    INQUIRY = "henvendelse"  # the ombudsman's register
    MEDIATION = "mæglingssag"  # mediation cases with parties, meetings, notes, agreements
    AUDIT_LOG = "logpost"  # the audit log itself


@dataclass(frozen=True)
class RetentionPolicy:
    """Years each kind is kept after its reference date (see `RETENTION_START`), and backups kept."""

    case_material_years: int = 5
    inquiry_years: int = 5
    mediation_years: int = 5
    audit_log_years: int = 5
    backups_kept: int = 14

    def years(self, kind: RecordKind) -> int:
        return {RecordKind.CASE_MATERIAL: self.case_material_years, RecordKind.INQUIRY: self.inquiry_years,
                RecordKind.MEDIATION: self.mediation_years, RecordKind.AUDIT_LOG: self.audit_log_years}[kind]


# The date a retention period counts from, as a message key per kind (shown on the settings page).
RETENTION_START = {
    RecordKind.CASE_MATERIAL: "retention.start.case_material",
    RecordKind.INQUIRY: "retention.start.inquiry",
    RecordKind.MEDIATION: "retention.start.mediation",
    RecordKind.AUDIT_LOG: "retention.start.audit_log",
}


@dataclass(frozen=True)
class ExpiredRecord:
    kind: RecordKind
    record_id: int
    label: str  # pseudonym, citizen pseudonym or title: what the audit row names
    reference_date: dt.date | None  # when its retention period started


@dataclass(frozen=True)
class RetentionPlan:
    """What a deletion run on `today` would remove."""

    today: dt.date
    cutoffs: dict[RecordKind, dt.date]
    records: list[ExpiredRecord] = field(default_factory=list)
    audit_rows: int = 0

    def count(self, kind: RecordKind) -> int:
        if kind == RecordKind.AUDIT_LOG:
            return self.audit_rows
        return self._counts.get(kind, 0)

    @cached_property
    def _counts(self) -> Counter:
        # One pass, kept on the plan: the page shows the counts of a kept plan on every rerun.
        return Counter(r.kind for r in self.records)

    @property
    def empty(self) -> bool:
        return not self.records and not self.audit_rows


@dataclass(frozen=True)
class RetentionResult:
    plan: RetentionPlan
    rows_deleted: int
    file_bytes_before: int
    file_bytes_after: int


def backup_name(moment_utc: dt.datetime, local_tz: dt.tzinfo, *, automatic: bool = False) -> str:
    """`backup-YYYYMMDD-HHMMSS[-auto].duckdb` in local time, so the folder reads as the clock on the wall."""
    local = moment_utc.replace(tzinfo=dt.UTC).astimezone(local_tz)
    return f"backup-{local:%Y%m%d-%H%M%S}{'-auto' if automatic else ''}.duckdb"


@dataclass(frozen=True)
class BackupInfo:
    name: str  # file name inside the backup folder
    created_at: dt.datetime  # naive UTC, like every stored time (the file name has local time)
    size_bytes: int
    automatic: bool
