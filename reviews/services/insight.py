"""Insight requests: every use of one person's data, from the audit log, as a CSV file.

For the citizen (GDPR art. 15) the extract gives date, time, action, purpose and record; the
employees' user names are left out unless asked for (EU Court of Justice, C-579/21: the data subject
is entitled to the dates and purposes of consultations, not in general to the employees' identity).
For the data protection authority or an internal inquiry, `include_users=True` adds them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from reviews.errors import ValidationError
from reviews.exports.csv_exports import safe_cell
from reviews.i18n import LOCAL_TZ, t
from reviews.models import User
from reviews.services.audit import record
from reviews.services.permissions import requires
from reviews.storage import audit as audit_repo
from reviews.text import CleanText

INSIGHT_PURPOSE = "Indsigtsanmodning"
_WORD = "0-9A-Za-zÀ-ÖØ-öø-ÿ"


def _name_pattern(name: str) -> str:
    return f"(?i)(^|[^{_WORD}]){re.escape(name)}($|[^{_WORD}])"


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ)


@requires("audit.export")
def audit_extract(db, actor: User, pseudonym: str, *, purpose: str = INSIGHT_PURPOSE, include_users: bool = False,
                  lang: str = "da") -> tuple[bytes, int]:
    """CSV (UTF-8 with BOM, `;`) of every logged use of `pseudonym`'s data; returns (bytes, rows)."""
    name = CleanText()(pseudonym, "pseudonym", required=True, max_length=200)
    if len(name) < 2:
        raise ValidationError("error.pseudonym_too_short")
    entries = audit_repo.rows_about(db.cursor(), name, _name_pattern(name))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    header = ["insight.col.date", "insight.col.time", "insight.col.action", "insight.col.purpose",
              "insight.col.record_type", "insight.col.record_id"]
    if include_users:
        header.append("insight.col.user")
    writer.writerow([t(key, lang) for key in header])
    for entry in entries:
        local = _local(entry.at)
        action = t(f"audit.action.{entry.action}", lang)
        row = [local.strftime("%d-%m-%Y"), local.strftime("%H:%M:%S"),
               entry.action if action == f"audit.action.{entry.action}" else action,
               entry.purpose, entry.record_type, entry.record_id]
        if include_users:
            row.append(entry.username)
        writer.writerow([safe_cell(str(cell)) for cell in row])
    db.write(lambda cur: record(cur, actor, "export", record_type="insight_extract", pseudonym=name,
                                purpose=purpose, details={"rows": len(entries), "include_users": include_users}))
    return out.getvalue().encode("utf-8-sig"), len(entries)
