"""The codes x cases heatmap (Altair), built from cells already aggregated in DuckDB."""

from __future__ import annotations

import altair as alt
import pandas as pd

SELECTION = "cell"


def heatmap(cells: pd.DataFrame, *, code_order: list[str], case_order: list[str], case_title: str,
            code_title: str, count_title: str) -> alt.LayerChart:
    """A heatmap of `cells` (columns: code_id, case_id, code, case, findings), with every code of
    `code_order` and every case of `case_order` on the axes, the count written in each cell, and a point
    selection named `SELECTION` over (code_id, case_id) so a click leads to the findings behind the cell."""
    data = cells[["code_id", "case_id", "code", "case", "findings"]].copy()
    top = int(data["findings"].max()) if len(data) else 1
    selection = alt.selection_point(name=SELECTION, fields=["code_id", "case_id"], on="click", clear="dblclick")
    # The data sits once on the layer, not on each mark: a smaller spec, faster to build.
    base = alt.Chart().encode(
        x=alt.X("case:N", title=case_title, sort=case_order, scale=alt.Scale(domain=case_order),
                axis=alt.Axis(labelAngle=-45, labelLimit=160, orient="top")),
        y=alt.Y("code:N", title=None, sort=code_order, scale=alt.Scale(domain=code_order),
                axis=alt.Axis(labelLimit=320)),
    )
    rects = base.mark_rect(stroke="#ffffff", strokeWidth=1).encode(
        color=alt.Color("findings:Q", title=count_title, scale=alt.Scale(scheme="blues", domainMin=0)),
        opacity=alt.condition(selection, alt.value(1.0), alt.value(0.45)),
        tooltip=[alt.Tooltip("code:N", title=code_title), alt.Tooltip("case:N", title=case_title),
                 alt.Tooltip("findings:Q", title=count_title)],
    ).add_params(selection)
    labels = base.mark_text(fontSize=12).encode(
        text="findings:Q",
        color=alt.condition(alt.datum.findings > top / 2, alt.value("#ffffff"), alt.value("#1a1a1a")),
    )
    # One 28 px band per code, so every code's label has room on the axis.
    return alt.layer(rects, labels, data=data).properties(height=alt.Step(28))
