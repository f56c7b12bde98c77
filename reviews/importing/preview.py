"""The import previews: the first validated rows as the user reads them (pure pandas, no database).

Headers come from the catalogue in the user's language, fixed-list values show their display names,
dates and times are Danish (English) dates, and a missing value is an empty cell, never "None" or "NaT".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from reviews import i18n
from reviews.importing.cases import ValidationResult
from reviews.importing.complaints import ComplaintValidation

PREVIEW_ROWS = 20

_Formatter = Callable[[Any, str], str]  # a present value and the language -> the cell's text


def _text(value: Any, lang: str) -> str:
    return str(value)


def _date(value: Any, lang: str) -> str:
    return i18n.format_date(pd.Timestamp(value).date(), lang, style="short")


def _utc_time(value: Any, lang: str) -> str:
    return i18n.format_datetime(pd.Timestamp(value).to_pydatetime(), lang, style="short")


def _value_label(value: Any, lang: str) -> str:
    return i18n.label(value, lang)


# (column in the validated rows, header key, how a present value is shown)
_CASE_COLUMNS: tuple[tuple[str, str, _Formatter], ...] = (
    ("pseudonym", "import.col.pseudonym", _text),
    ("area", "import.col.area", _text),
    ("opened", "import.col.opened", _date),
    ("closed", "import.col.closed", _date),
    ("status", "import.col.status", _value_label),
    ("summary", "import.col.summary", _text),
    ("event_date", "import.col.event_date", _date),
    ("event_type", "import.col.event_type", _value_label),
    ("text", "import.col.event_text", _text),
)
_COMPLAINT_COLUMNS: tuple[tuple[str, str, _Formatter], ...] = (
    ("received_at", "import.col.received", _utc_time),
    ("channel", "import.col.channel", _value_label),
    ("area", "import.col.area", _text),
    ("inquiry_type", "import.col.inquiry_type", _value_label),
    ("citizen", "import.col.citizen", _text),
    ("account", "import.col.account", _text),
    ("causes", "import.col.causes", _text),
    ("outcome", "import.col.outcome", _value_label),
    ("status", "import.col.status", _value_label),
    ("closed_on", "import.col.closed", _date),
    ("first_contact_at", "import.col.first_contact", _utc_time),
    ("case", "import.col.case", _text),
)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like values are never "missing"
        return False


def _frame(rows: pd.DataFrame, columns: tuple[tuple[str, str, _Formatter], ...], lang: str) -> pd.DataFrame:
    data: dict[str, list[Any]] = {i18n.t("import.row", lang): [int(n) for n in rows.index]}
    for column, key, show in columns:
        values = rows[column].tolist() if column in rows.columns else [None] * len(rows)
        data[i18n.t(key, lang)] = ["" if _missing(v) else show(v, lang) for v in values]
    return pd.DataFrame(data)


def case_preview(result: ValidationResult, lang: str = i18n.DEFAULT_LANGUAGE, *,
                 limit: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first `limit` validated rows of a case import: a «Række» column (the row in the file) and one
    column per template column, all text, headers in `lang`."""
    rows = result.rows.head(limit)
    return _frame(rows, _CASE_COLUMNS, lang)


def complaint_preview(result: ComplaintValidation, lang: str = i18n.DEFAULT_LANGUAGE, *,
                      limit: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first `limit` validated rows of a complaint import, as `case_preview`; times are Copenhagen
    time, causes and the case by name."""
    rows = result.rows.head(limit).copy()
    wanted = result.causes[result.causes["row_number"].isin(rows.index)]
    names = wanted.groupby("row_number", sort=False)["cause_id"].agg(
        lambda ids: "; ".join(result.cause_names.get(int(i), str(i)) for i in ids))
    rows["causes"] = rows.index.map(names)
    case_ids = rows["case_id"].tolist() if "case_id" in rows.columns else []
    rows["case"] = [None if _missing(c) else result.case_names.get(int(c), str(c)) for c in case_ids]
    return _frame(rows, _COMPLAINT_COLUMNS, lang)


__all__ = ["PREVIEW_ROWS", "case_preview", "complaint_preview"]
