"""Årsberetning: the citizen ombudsman's yearly report, with its statistics as tables and charts as images.

Charts are Altair charts rendered to PNG offline by `vl-convert-python` (`chart_png`). Every label that a
chart shows is also in the section's table, so the export guard, which reads text and not pictures, sees
every text of the report. Each chart also carries its alternative text (`ReportChart.alt`: what it shows, with
its figures, from the chart's own data, see `reviews.charts.ombudsman`), which the picture gets as its
description; the guard scans it with the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

import vl_convert as vlc

from reviews import i18n
from reviews.exports.docx_base import DocumentMeta, DocxBuilder
from reviews.exports.guard import text_field

CHART_WIDTH_PX = 460
CHART_SCALE = 2  # PNG pixels per CSS pixel: sharp when printed


@dataclass(frozen=True)
class ReportTable:
    PLACE: ClassVar[str] = "place.table"
    title: str = text_field("place.title")
    headers: tuple[str, ...] = field(default=(), metadata={"place": "place.column"})
    rows: tuple[tuple[str, ...], ...] = field(default=(), metadata={"place": "place.row"})


@dataclass(frozen=True)
class ReportChart:
    PLACE: ClassVar[str] = "place.chart"
    caption: str = text_field("place.caption")
    png: bytes = field(default=b"", metadata={"scan": False})
    alt: str = text_field("place.alt_text")  # for screen readers; the caption stands in when empty


@dataclass(frozen=True)
class ReportSection:
    PLACE: ClassVar[str] = "place.section"
    title: str = text_field("place.title")
    text: str = text_field("place.text")
    charts: tuple[ReportChart, ...] = ()
    tables: tuple[ReportTable, ...] = ()


@dataclass(frozen=True)
class YearlyReportDocument:
    meta: DocumentMeta = field(metadata={"place": "place.properties"})
    municipality: str = text_field("place.municipality")
    year: int = 0
    intro: str = text_field("place.text")
    figures_to: dt.date | None = None  # the last day the figures count (`figures_through`)
    sections: tuple[ReportSection, ...] = field(default=(), metadata={"place": ""})
    lang: str = field(default="da", metadata={"scan": False})


def figures_through(year: int, today: dt.date) -> dt.date:
    """The last day the figures of `year` count when made on `today`: 31 December of a year that is over,
    else `today` (a report made in December runs to that day)."""
    return min(dt.date(int(year), 12, 31), today)


def figures_text(doc: YearlyReportDocument) -> str:
    """'Tallene går til og med 31. december 2025.', or 'Året er ikke slut: ...' before the year's end."""
    if doc.figures_to is None:
        return ""
    year_over = doc.figures_to >= dt.date(doc.year, 12, 31)
    return i18n.t("doc.yr_figures_to" if year_over else "doc.yr_figures_to_partial", doc.lang,
                  date=i18n.format_date(doc.figures_to, doc.lang))


def chart_png(chart, *, width: int = CHART_WIDTH_PX, scale: int = CHART_SCALE) -> bytes:
    """An Altair chart as PNG bytes, rendered offline. A 'container' width becomes `width` pixels."""
    spec = chart.to_dict()
    if spec.get("width") == "container":
        spec["width"] = width
    for layer in spec.get("layer", []):
        if layer.get("width") == "container":
            layer["width"] = width
    return vlc.vegalite_to_png(spec, scale=scale)


def build_yearly_report(doc: YearlyReportDocument, *, template: bytes | None = None) -> bytes:
    lang = doc.lang
    t = lambda key, **params: i18n.t(key, lang, **params)  # noqa: E731
    b = DocxBuilder(doc.meta, header=[doc.municipality, t("doc.yr_header", year=doc.year)], page_label=t("doc.page"),
                    of_label=t("doc.of"), template=template)
    b.title(t("doc.yr_title", year=doc.year))
    b.subtitle(t("doc.yr_subtitle"))
    b.text(doc.intro)
    b.text(figures_text(doc))
    for section in doc.sections:
        charts = [chart for chart in section.charts if chart.png]
        with b.kept_together():  # the heading on the same page as its text and first chart (with its caption)
            b.heading(section.title)
            b.text(section.text)
            if charts:
                b.image(charts[0].png, width_cm=16.0, caption=charts[0].caption, alt=charts[0].alt)
        for chart in charts[1:]:
            b.image(chart.png, width_cm=16.0, caption=chart.caption, alt=chart.alt)
        for table in section.tables:
            if table.title.strip():
                b.heading(table.title, 2)
            b.table(list(table.headers), table.rows)
    return b.to_bytes()
