"""CPR numbers in the forms people paste (issue 15): tab, dashes, minus sign and the narrow spaces between
date and serial. Masked on input (a timeline event is never stored with the number), found by the export
guard (model and built .docx), and the numbers that only look alike stay as they are."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import docx
import pytest

from reviews.exports.guard import CPR, describe_place, mask_model, scan_docx, scan_model, scan_text, text_field
from reviews.models import EventType, Role
from reviews.privacy.cpr import CPR_MASK, contains_cpr
from reviews.services import cases
from reviews.services.cases import CaseForm
from reviews.text import CleanText

SEPARATORS = {
    "none": "",
    "space": " ",
    "hyphen-minus": "-",
    "tab": "\t",  # two spreadsheet cells pasted together
    "en dash": "\u2013",
    "em dash": "\u2014",
    "minus sign": "\u2212",
    "no-break space": "\u00a0",
    "thin space": "\u2009",
    "narrow no-break space": "\u202f",
    "figure dash": "\u2012",
    "non-breaking hyphen": "\u2011",
    # Invisible on screen, left behind by word processors and web pages.
    "soft hyphen": "\u00ad",
    "zero-width space": "\u200b",
    "word joiner": "\u2060",
    "soft hyphen after a dash": "-\u00ad",
}
SEP_PARAMS = pytest.mark.parametrize("sep", SEPARATORS.values(), ids=SEPARATORS.keys())


def note(number: str) -> str:
    return f"Søren ringede fra Ærø: Åses nummer er {number}, jf. æblegrødsnotatet."


MASKED_NOTE = note(CPR_MASK)

# Look like the forms above but are no CPR number: they must pass input and guard untouched.
NOT_CPR = [
    "Ring til Åse på tlf. 20\u202f30\u202f40\u202f50 efter kl. 15.",
    "Sørens mobil: +45\u00a020\u200930\u200940\u200950.",
    "Sag 2024\u201301\u201302\t1234 er lukket på Ærø.",
    "Mødet den 01\u201402\u20142024 kl.\u00a01030 blev flyttet.",
    "Journalnr. 27.12.2022\u22121234 (børnesag).",
    "Underretninger\t10\t11\t12\t2024",
    "Møde 01.02.24\t10:30 på rådhuset i Ærøskøbing.",
    "Sagsnr. 320190\u22121234 – ugyldig dato.",
    "Løbenr. 010203\t12345",
    "Bevilget 1\u202f234\u202f567 kr. til familien.",
    "Perioden 1990\u20142024 for Åse.",
]


# --- (a) masked on input -------------------------------------------------------------------------------


@SEP_PARAMS
def test_clean_text_masks_every_pasted_form_and_keeps_the_text_readable(sep: str) -> None:
    clean = CleanText()
    assert clean(note(f"070761{sep}4285"), "text") == MASKED_NOTE
    assert clean(note(f"01.02.03{sep}1234"), "text") == MASKED_NOTE
    assert clean.masked == 2


@SEP_PARAMS
def test_a_timeline_event_is_never_stored_with_the_number(db, users, sep: str) -> None:
    chair = users[Role.CHAIR]
    case = cases.create_case(db, chair, CaseForm("Familie 12", "Børn og Familie", dt.date(2024, 3, 1))).record
    saved = cases.add_event(db, chair, case.id, event_date=dt.date(2024, 3, 4), event_type=EventType.MEETING,
                            text=note(f"070761{sep}4285"))
    assert saved.masked_cpr == 1
    assert saved.record.text == MASKED_NOTE
    stored = db.fetchone("SELECT text FROM timeline_events WHERE id = ?", [saved.record.id])[0]
    assert stored == MASKED_NOTE
    # Editing the event goes through the same cleaning.
    edited = cases.update_event(db, chair, saved.record.id, saved.record.version, event_date=dt.date(2024, 3, 4),
                                event_type=EventType.MEETING, text=note(f"010203{sep}1234"))
    assert (edited.masked_cpr, edited.record.text) == (1, MASKED_NOTE)
    texts = [row[0] for row in db.fetchall("SELECT text FROM timeline_events")]
    details = [str(row[0]) for row in db.fetchall("SELECT details FROM audit_log")]
    assert not any("4285" in text or "1234" in text for text in texts + details)


# --- (b) found by the export guard ---------------------------------------------------------------------


@dataclass(frozen=True)
class Letter:
    """A minimal document model as the exports hand it to the guard."""

    title: str = text_field("place.case_title")
    notes: str = text_field("place.notes")


@SEP_PARAMS
def test_the_export_guard_blocks_every_pasted_form(sep: str) -> None:
    text = note(f"070761{sep}4285")
    findings = scan_text(text)
    assert [(f.kind, f.mod11_valid) for f in findings] == [(CPR, True)]
    assert "4285" not in findings[0].context and "[CPR-nummer]" in findings[0].context
    report = scan_model(Letter(title="Familie 12", notes=text))
    assert report.blocked
    assert [describe_place(f.place) for f in report.cpr] == ["Noter"]
    # The one-click mask gives the same text as masking on input.
    assert mask_model(Letter(title="Familie 12", notes=text)).notes == MASKED_NOTE == CleanText()(text, "notes")


@SEP_PARAMS
def test_the_built_document_is_scanned_with_the_same_finder(sep: str) -> None:
    document = docx.Document()
    document.add_paragraph("Referat fra mødet på Ærø")
    document.add_paragraph(note(f"010203{sep}1234"))  # python-docx writes a tab as <w:tab/>
    buffer = io.BytesIO()
    document.save(buffer)
    findings = scan_docx(buffer.getvalue())
    assert [(f.kind, describe_place(f.place)) for f in findings] == [
        (CPR, "Fil i dokumentet, word/document.xml, afsnit 2")]


# --- (c) what only looks like a CPR number stays -------------------------------------------------------


@pytest.mark.parametrize("text", NOT_CPR)
def test_numbers_that_only_look_alike_are_not_masked_or_blocked(db, users, text: str) -> None:
    clean = CleanText()
    assert (clean(text, "text"), clean.masked) == (text, 0)
    assert contains_cpr(text) is False
    assert [f for f in scan_text(text) if f.kind == CPR] == []
    chair = users[Role.CHAIR]
    case = cases.create_case(db, chair, CaseForm("Familie 13")).record
    saved = cases.add_event(db, chair, case.id, event_date=dt.date(2024, 3, 4), event_type=EventType.OTHER,
                            text=text)
    assert (saved.masked_cpr, saved.record.text) == (0, text)
