"""Findings and learning points as CSV for Danish Excel: UTF-8 with BOM, `;` as separator.

Cells that Excel would read as a formula (starting with = + - @ or a tab/carriage return) get a leading
apostrophe, so exported free text can never run as a formula on the recipient's machine.
"""

from __future__ import annotations

import pandas as pd

from reviews import i18n

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """One text cell: a leading apostrophe when Excel would run it as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _safe(column: pd.Series) -> pd.Series:
    """Text cells that Excel would run as a formula get a leading apostrophe."""
    if column.dtype.kind in "iufb" or not len(column):
        return column
    text = column.astype("string")
    risky = text.str.startswith(_FORMULA_START).fillna(False).astype(bool)
    return column.where(~risky, "'" + text)


def _local(column: pd.Series) -> pd.Series:
    """Naive UTC timestamps as local Copenhagen time, 'YYYY-MM-DD HH:MM'; empty when missing."""
    stamps = pd.to_datetime(column)
    if not len(stamps):
        return pd.Series([], dtype="string")
    local = stamps.dt.tz_localize("UTC").dt.tz_convert(i18n.LOCAL_TZ).dt.strftime("%Y-%m-%d %H:%M")
    return local.fillna("")


def _date(column: pd.Series) -> pd.Series:
    dates = pd.to_datetime(column)
    return dates.dt.strftime("%Y-%m-%d").fillna("") if len(dates) else pd.Series([], dtype="string")


def _label(column: pd.Series, lang: str) -> pd.Series:
    labels = {value: i18n.label(value, lang) for value in column.dropna().unique()}
    return column.map(labels).fillna("")


def _to_bytes(table: pd.DataFrame) -> bytes:
    table = table.apply(_safe)
    return table.to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8-sig")


def findings_csv(frame: pd.DataFrame, *, review_name: str, lang: str = "da") -> bytes:
    """`frame`: id, pseudonym, event_date, event_type, author, discipline, polarity, codes, judgement, text,
    excerpt, created_at, updated_at (as from storage.findings.export_frame)."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    table = pd.DataFrame({
        t("cr_csv.review"): [review_name] * len(frame),
        t("cr_csv.finding_id"): frame["id"],
        t("field.pseudonym"): frame["pseudonym"],
        t("cr_csv.event_date"): _date(frame["event_date"]),
        t("field.event_type"): _label(frame["event_type"], lang),
        t("cr_csv.author"): frame["author"],
        t("field.discipline"): _label(frame["discipline"], lang),
        t("field.polarity"): _label(frame["polarity"], lang),
        t("field.codes"): frame["codes"],
        t("field.judgement"): frame["judgement"].astype("Int64"),
        t("field.finding_text"): frame["text"],
        t("field.excerpt"): frame["excerpt"],
        t("cr_csv.created_at"): _local(frame["created_at"]),
        t("cr_csv.updated_at"): _local(frame["updated_at"]),
    })
    return _to_bytes(table)


def learning_points_csv(frame: pd.DataFrame, *, review_name: str, lang: str = "da") -> bytes:
    """`frame`: id, title, status, description, recommendation, agreed_wording, codes, seen_in, case_total,
    cases, evidence, agree, partly, disagree, actions, version, updated_at
    (as from storage.learning_points.export_frame)."""
    t = lambda key, **p: i18n.t(key, lang, **p)  # noqa: E731
    table = pd.DataFrame({
        t("cr_csv.review"): [review_name] * len(frame),
        t("cr_csv.lp_id"): frame["id"],
        t("field.lp_title"): frame["title"],
        t("field.status"): _label(frame["status"], lang),
        t("field.lp_description"): frame["description"],
        t("field.lp_recommendation"): frame["recommendation"],
        t("field.agreed_wording"): frame["agreed_wording"],
        t("field.codes"): frame["codes"],
        t("cr_csv.seen_in"): [t("lp.seen_in", k=int(k), n=int(n)) for k, n in zip(frame["seen_in"],
                                                                              frame["case_total"], strict=True)],
        t("cr_csv.evidence_cases"): frame["cases"],
        t("cr_csv.evidence_count"): frame["evidence"],
        t("value.enig"): frame["agree"],
        t("value.delvis enig"): frame["partly"],
        t("value.uenig"): frame["disagree"],
        t("cr_csv.actions"): frame["actions"],
        t("cr_csv.version"): frame["version"],
        t("cr_csv.updated_at"): _local(frame["updated_at"]),
    })
    return _to_bytes(table)
