"""The export guard: CPR numbers block an export and are listed by place; e-mails and phones warn; the mask."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest

from reviews.exports.committee_minutes import CommitteeMinutes, build_committee_minutes
from reviews.exports.docx_base import DocumentMeta, DocxBuilder
from reviews.exports.guard import (
    CPR,
    EMAIL,
    PHONE,
    describe_place,
    iter_texts,
    mask_model,
    scan_docx,
    scan_model,
    scan_text,
)
from reviews.models.minutes_content import ItemEntry, LearningPointEntry, MinutesContent
from reviews.privacy.cpr import CPR_MASK

CPR_FORMS = ["010203-1234", "0102031234", "010203 1234", "01.02.03-1234", "01 02 03 1234", "01/02/03-1234",
             "01.02.03 1234", "010203\u00a01234"]
META = DocumentMeta("Samlet referat", "Frederik Formand", dt.datetime(2026, 3, 1, 9, 30))


def minutes(**content) -> CommitteeMinutes:
    items = content.pop("items", (ItemEntry(title="Velkomst"),))
    municipality = content.pop("municipality", "Eksempel Kommune")
    return CommitteeMinutes(meta=content.pop("meta", META), municipality=municipality,
                            content=MinutesContent(meeting_title="Familierunde", items=items, **content))


@pytest.mark.parametrize("form", CPR_FORMS)
def test_every_written_form_blocks(form: str) -> None:
    findings = scan_text(f"Barnets nummer er {form} ifølge journalen.")
    assert [f.kind for f in findings] == [CPR]
    assert form not in findings[0].context and "[CPR-nummer]" in findings[0].context


def test_invalid_date_is_not_a_cpr_number_but_an_eight_digit_phone_warns() -> None:
    assert scan_text("Sagsnummer 3213991234") == []  # 32 December does not exist
    assert [f.kind for f in scan_text("Ring på 12 34 56 78 eller +45 87654321.")] == [PHONE, PHONE]
    assert [f.kind for f in scan_text("Skriv til sagsbehandler.bo@eksempel-kommune.dk")] == [EMAIL]


def test_phone_pattern_inside_a_cpr_number_is_reported_once_as_cpr() -> None:
    assert [f.kind for f in scan_text("0102031234")] == [CPR]


def test_model_scan_names_the_place_in_danish_and_english() -> None:
    items = (ItemEntry(title="Velkomst"), ItemEntry(title="Overgange"),
             ItemEntry(title="Afgørelser", account="Se barnets sag 010203-1234 for detaljer."))
    report = scan_model(minutes(items=items))
    assert report.blocked
    assert [describe_place(f.place) for f in report.cpr] == ["Punkt 3, sagsfremstilling"]
    assert [describe_place(f.place, "en") for f in report.cpr] == ["Item 3, account"]


def test_places_cover_learning_points_header_and_document_properties() -> None:
    lp = LearningPointEntry(title="Overlevering", comments=("ok", "Mor (0102031234) var enig."))
    model = minutes(items=(ItemEntry(title="Punkt", learning_points=(lp,)),),
                    meta=DocumentMeta("Referat 010203-1234", "Frederik Formand", META.created),
                    municipality="Eksempel Kommune 010203 1234")
    places = sorted(describe_place(f.place) for f in scan_model(model).cpr)
    assert places == ["Dokumentegenskaber, titel", "Punkt 1, læringspunkt 1, familiesvar 2",
                      "Sidehoved (kommune)"]


def test_warnings_do_not_block() -> None:
    report = scan_model(minutes(purpose="Kontakt bo@eksempel-kommune.dk eller 12345678."))
    assert not report.blocked
    assert sorted(f.kind for f in report.warnings) == [EMAIL, PHONE]
    assert all(describe_place(f.place) == "Formål" for f in report.warnings)


def test_every_string_of_the_model_is_scanned() -> None:
    model = minutes(purpose="p", mandate="m", items=(ItemEntry(title="t", resume="r", decision="d"),))
    texts = {text for _place, text in iter_texts(model)}
    assert {"p", "m", "t", "r", "d", "Familierunde", "Eksempel Kommune", "Samlet referat", "Frederik Formand"} <= texts


def test_mask_replaces_every_cpr_and_leaves_the_rest() -> None:
    lp = LearningPointEntry(title="Overlevering", comments=("Nummer 010203-1234 og 0102031234",))
    model = minutes(items=(ItemEntry(title="Velkomst", account="010203 1234", learning_points=(lp,)),),
                    municipality="Eksempel Kommune")
    masked = mask_model(model)
    assert not scan_model(masked).cpr
    assert masked.content.items[0].account == CPR_MASK
    assert masked.content.items[0].learning_points[0].comments == (f"Nummer {CPR_MASK} og {CPR_MASK}",)
    assert model.content.items[0].account == "010203 1234"  # the original is untouched
    assert masked.municipality is model.municipality
    assert masked.meta is model.meta


def test_docx_scan_finds_a_number_split_over_runs_and_in_header_and_properties() -> None:
    builder = DocxBuilder(DocumentMeta("Titel 0102031234", "Forfatter", META.created), header=["Kommune 010203-1234"])
    paragraph = builder.document.add_paragraph()
    paragraph.add_run("Nummeret er 0102")
    paragraph.add_run("03-1234 i teksten.")
    findings = scan_docx(builder.to_bytes())
    parts = sorted({f.place[1][0] for f in findings})
    assert parts == ["docProps/core.xml", "word/document.xml", "word/header1.xml"]
    assert all(f.kind == CPR for f in findings)


def test_docx_scan_of_a_clean_document_and_of_a_non_zip() -> None:
    data = build_committee_minutes(minutes(purpose="Vi mødes kl. 14.00 den 01.02.2021."))
    assert scan_docx(data) == []
    with pytest.raises(zipfile.BadZipFile):
        scan_docx(b"not a zip")


def test_masked_model_builds_a_document_with_the_mask_text() -> None:
    model = mask_model(minutes(items=(ItemEntry(title="Punkt", account="Barn 010203-1234"),)))
    data = build_committee_minutes(model)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert f"Barn {CPR_MASK}" in text
    assert scan_docx(data) == []


def test_an_email_or_phone_warning_never_shows_a_cpr_number_beside_it():
    findings = scan_text("Barnets CPR er 010203-1234, mail mor@example.dk, tlf 12 34 56 78")
    by_kind = {f.kind: f.context for f in findings}
    assert set(by_kind) == {CPR, EMAIL, PHONE}
    for context in by_kind.values():
        assert "010203" not in context and "1234," not in context, context
    assert "[CPR-nummer], mail [e-mail]" in by_kind[EMAIL]
