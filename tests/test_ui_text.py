"""Text helpers of the Streamlit glue and plain readings shown beside figures."""

from __future__ import annotations

import pytest

from reviews import ui
from reviews.analysis.agreement import alpha_reading


@pytest.mark.parametrize(("typed", "label"), [
    ("Mor (Borger Ø-77)", "Mor (Borger Ø-77)"),  # nothing here makes markup: no backslashes to read aloud
    ("Fremmøde: Far", "Fremmøde: Far"),
    ("Far *og* mor", "Far \\*og\\* mor"),
    ("[link](http://x.dk)", "\\[link\\](http://x.dk)"),
    ("kat :cat: her", "kat \\:cat: her"),
    ("# Overskrift", "\\# Overskrift"),
    ("- punkt", "\\- punkt"),
    ("1. punkt", "\\1. punkt"),
    ("to\nlinjer", "to linjer"),
])
def test_label_plain_escapes_only_what_makes_markup(typed, label):
    assert ui.label_plain(typed) == label


@pytest.mark.parametrize(("alpha", "reading"), [
    (1.0, "good"), (0.8, "good"), (0.79, "tentative"), (0.667, "tentative"), (0.5, "low"), (0.0, "low"),
    (-0.5, "below_chance"), (None, "undefined"), (float("nan"), "undefined"),
])
def test_alpha_reading(alpha, reading):
    assert alpha_reading(alpha) == reading
