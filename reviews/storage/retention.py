"""SQL of the deletion job: which records' retention has run out, and deleting them with all they own.

The schema has no foreign keys (see docs/CONVENTIONS.md), so every child table is named here. A
record referenced by material that is kept (an inquiry's case, a mediation's inquiry) loses only the
reference.
"""

from __future__ import annotations

import datetime as dt

from reviews.models.data_safety import ExpiredRecord, RecordKind, RetentionPolicy
from reviews.storage import casefiles, changes, passages, settings
from reviews.storage.rows import named

# A case is expired when it is in reviews and every one of them closed on or before the cutoff, or
# when it is in no review and was itself closed on or before the cutoff.
_EXPIRED_CASES = """
    SELECT c.id AS record_id, c.pseudonym AS label, coalesce(max(r.closed_on), c.closed) AS reference_date
    FROM cases c
    LEFT JOIN review_cases rc ON rc.case_id = c.id
    LEFT JOIN reviews r ON r.id = rc.review_id
    GROUP BY c.id, c.pseudonym, c.closed
    HAVING (count(rc.review_id) > 0 AND count(r.closed_on) = count(rc.review_id) AND max(r.closed_on) <= ?)
        OR (count(rc.review_id) = 0 AND c.closed IS NOT NULL AND c.closed <= ?)
    ORDER BY c.id
"""


def expired(cur, cutoffs: dict[RecordKind, dt.date]) -> list[ExpiredRecord]:
    case_cutoff = cutoffs[RecordKind.CASE_MATERIAL]
    found = [ExpiredRecord(RecordKind.CASE_MATERIAL, **r)
             for r in named(cur.execute(_EXPIRED_CASES, [case_cutoff, case_cutoff]))]
    found += [ExpiredRecord(RecordKind.INQUIRY, **r) for r in named(cur.execute(
        "SELECT id AS record_id, citizen AS label, closed_on AS reference_date FROM inquiries"
        " WHERE closed_on IS NOT NULL AND closed_on <= ? ORDER BY id",
        [cutoffs[RecordKind.INQUIRY]]))]
    found += [ExpiredRecord(RecordKind.MEDIATION, **r) for r in named(cur.execute(
        "SELECT id AS record_id, citizen AS label, closed_on AS reference_date FROM mediation_cases"
        " WHERE closed_on IS NOT NULL AND closed_on <= ? ORDER BY id", [cutoffs[RecordKind.MEDIATION]]))]
    return found


def expired_audit_rows(cur, cutoff: dt.date) -> int:
    return cur.execute("SELECT count(*) FROM audit_log WHERE logged_at < ?", [cutoff]).fetchall()[0][0]


def _run(cur, statements: list[tuple[str, list]]) -> int:
    deleted = 0
    for sql, params in statements:
        rows = cur.execute(sql, params).fetchall()
        deleted += rows[0][0] if rows and sql.lstrip().upper().startswith("DELETE") else 0
    return deleted


def delete_cases(cur, ids: list[int]) -> int:
    changes.changed(changes.ACCESS)
    findings = "SELECT id FROM findings WHERE case_id IN (SELECT unnest(?))"
    # Passages cited by the findings (their excerpts quote the pages), before the findings and documents go.
    deleted = passages.delete_for_cases(cur, ids)
    # Case files («Sagsakter»): pages with their text and images, documents, OCR jobs.
    deleted += casefiles.delete_for_cases(cur, ids)
    return deleted + _run(cur, [
        (f"DELETE FROM finding_codes WHERE finding_id IN ({findings})", [ids]),
        (f"DELETE FROM learning_point_evidence WHERE finding_id IN ({findings})", [ids]),
        (f"DELETE FROM learning_point_quotes WHERE finding_id IN ({findings})", [ids]),
        ("DELETE FROM findings WHERE case_id IN (SELECT unnest(?))", [ids]),
        ("DELETE FROM readings WHERE case_id IN (SELECT unnest(?))", [ids]),
        ("DELETE FROM review_cases WHERE case_id IN (SELECT unnest(?))", [ids]),
        ("DELETE FROM timeline_events WHERE case_id IN (SELECT unnest(?))", [ids]),
        ("DELETE FROM access_grants WHERE case_id IN (SELECT unnest(?))", [ids]),  # the reasons name the case
        ("UPDATE inquiries SET case_id = NULL WHERE case_id IN (SELECT unnest(?))", [ids]),
        ("UPDATE mediation_cases SET case_id = NULL WHERE case_id IN (SELECT unnest(?))", [ids]),
        ("DELETE FROM cases WHERE id IN (SELECT unnest(?))", [ids]),
    ])


def delete_inquiries(cur, ids: list[int]) -> int:
    changes.changed(changes.ACCESS)
    return _run(cur, [
        ("DELETE FROM inquiry_cause_links WHERE inquiry_id IN (SELECT unnest(?))", [ids]),
        ("UPDATE mediation_cases SET inquiry_id = NULL WHERE inquiry_id IN (SELECT unnest(?))", [ids]),
        ("DELETE FROM inquiries WHERE id IN (SELECT unnest(?))", [ids]),
    ])


def delete_mediations(cur, ids: list[int]) -> int:
    changes.changed(changes.ACCESS)
    meetings = "SELECT id FROM mediation_meetings WHERE mediation_id IN (SELECT unnest(?))"
    return _run(cur, [
        ("DELETE FROM mediation_followups WHERE mediation_id IN (SELECT unnest(?))", [ids]),
        (f"DELETE FROM mediation_agreements WHERE meeting_id IN ({meetings})", [ids]),
        (f"DELETE FROM mediation_participants WHERE meeting_id IN ({meetings})", [ids]),
        (f"DELETE FROM mediation_agenda_items WHERE meeting_id IN ({meetings})", [ids]),
        ("DELETE FROM mediation_meetings WHERE mediation_id IN (SELECT unnest(?))", [ids]),
        ("DELETE FROM mediation_parties WHERE mediation_id IN (SELECT unnest(?))", [ids]),
        ("DELETE FROM mediation_cases WHERE id IN (SELECT unnest(?))", [ids]),
    ])


def delete_audit_rows_before(cur, cutoff: dt.date) -> int:
    """The only place rows leave the audit log: when their own retention period has run out."""
    return _run(cur, [("DELETE FROM audit_log WHERE logged_at < ?", [cutoff])])


# -- the policy, kept in the settings table -------------------------------------------------------
_POLICY_KEYS = {
    "case_material_years": "retention.case_material_years",
    "inquiry_years": "retention.inquiry_years",
    "mediation_years": "retention.mediation_years",
    "audit_log_years": "retention.audit_log_years",
    "backups_kept": "backup.kept",
}


def load_policy(cur) -> RetentionPolicy:
    stored = dict(cur.execute("SELECT key, value FROM settings WHERE key IN (SELECT unnest(?))",
                              [list(_POLICY_KEYS.values())]).fetchall())
    values = {}
    for attr, key in _POLICY_KEYS.items():
        if key in stored:
            try:
                values[attr] = int(stored[key])
            except ValueError:  # a hand-edited setting: fall back to the default
                pass
    return RetentionPolicy(**values)


def save_policy(cur, policy: RetentionPolicy) -> None:
    for attr, key in _POLICY_KEYS.items():
        settings.put(cur, key, str(getattr(policy, attr)))
