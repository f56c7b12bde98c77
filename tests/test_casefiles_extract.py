"""The case-file pipeline on real files made here: text by page, Danish OCR, CPR masking in text and pixels,
and every kind of bad input refused with its own message (issue 12, items 1-3 and 9)."""

from __future__ import annotations

import io
import zipfile

import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from PIL import Image

from reviews import casefile_extract as ce
from reviews.casefile_extract import ocr
from reviews.i18n import t
from reviews.privacy.cpr import CPR_MASK, contains_cpr
from tests import casefile_samples as s


def _only(found):
    assert len(found) == 1, found
    return found[0]


def _ocr_text(png: bytes) -> str:
    """What Tesseract reads in a stored (redacted) image."""
    words = ocr.recognise(Image.open(io.BytesIO(png)).convert("L"))
    return " ".join(w.text for w in words)


def test_text_pdf_gives_masked_text_by_page_with_paragraph_offsets_and_burnt_image():
    doc = _only(ce.extract("undersøgelse.pdf", s.investigation_pdf()))
    assert doc.kind == "pdf" and doc.title == "Børnefaglig undersøgelse"
    assert doc.suggested_type == "børnefaglig undersøgelse"
    assert str(doc.suggested_date) == "2020-03-12"
    assert [p.page_no for p in doc.pages] == [1, 2, 3]
    first = doc.pages[0]
    assert first.text.split("\n\n") == ["Børnefaglig undersøgelse", "Dato: 12.03.2020",
                                        f"Barnet Emma, cpr-nr. {CPR_MASK}, bor hos sin mor.",
                                        "Forvaltningen har talt med skolen og sundhedsplejen."]
    assert [first.text[a:b] for a, b in first.paragraphs][2] == f"Barnet Emma, cpr-nr. {CPR_MASK}, bor hos sin mor."
    assert first.masked_cpr == 1 and doc.masked_cpr == 1
    assert doc.metadata["Author"] == "Familieafdelingen"
    image = Image.open(io.BytesIO(first.image))
    assert image.size == (first.width, first.height) == (1000, 1415)
    # The number's pixels are black, and OCR of the stored image finds the words around it but not it.
    read = _ocr_text(first.image)
    assert "Emma" in read and "150612" not in read.replace(" ", "") and not contains_cpr(read)
    assert doc.ocr_input is None


def test_the_unburnt_page_would_show_the_number(tmp_path):
    # The control for the test above: the same page rendered without burning shows the number to OCR.
    import pypdfium2 as pdfium
    page = pdfium.PdfDocument(s.investigation_pdf())[0]
    raw = page.render(scale=1000 / page.get_size()[0], grayscale=True).to_pil()
    words = " ".join(w.text for w in ocr.recognise(raw))
    assert s.CPR_TEXT_PDF in words


def test_scanned_pdf_is_ocrd_in_danish_and_the_number_burnt_out():
    doc = _only(ce.extract("scan.pdf", s.scanned_pdf()))
    assert doc.pages[0].needs_ocr and doc.pages[0].image is None and doc.ocr_input.page_nos == [1]
    seen = []
    page = _only(list(ce.ocr_pages(doc.ocr_input, progress=lambda done, total: seen.append((done, total)))))
    assert seen == [(1, 1)]
    assert page.ocr and page.masked_cpr == 1
    assert "Journalnotat" in page.text and "følger op" in page.text and CPR_MASK in page.text
    assert not contains_cpr(page.text)
    read = _ocr_text(page.image)
    assert "Sagsbehandler" in read and not contains_cpr(read)


def test_docx_text_tables_and_core_properties_are_masked():
    doc = _only(ce.extract("afgørelse.docx", s.decision_docx()))
    assert doc.kind == "docx" and doc.suggested_type == "afgørelse" and str(doc.suggested_date) == "2020-06-01"
    text = doc.pages[0].text
    assert f"barnet med cpr {CPR_MASK}." in text and "Enhed | Børn og Familie" in text
    assert doc.metadata["Author"] == f"Sagsbehandler {CPR_MASK}"
    assert doc.masked_cpr == 1


def test_txt_in_windows_encoding_and_long_text_is_paginated():
    body = f"Journalnotat\r\n\r\nBarnet har cpr {s.CPR_TXT}. Mødet gik godt.\r\n\r\n" + "Ord " * 2000
    body = body.encode("cp1252")
    doc = _only(ce.extract("notat.txt", body))
    # The short paragraphs make page 1; the 8,000-character paragraph is cut at words into pages 2-4.
    assert len(doc.pages) == 4
    assert doc.pages[0].text == f"Journalnotat\n\nBarnet har cpr {CPR_MASK}. Mødet gik godt."
    assert all(len(p.text) <= 3000 for p in doc.pages) and doc.pages[1].text.startswith("Ord Ord")
    assert doc.suggested_type == "journalnotat"


def test_mail_headers_body_and_attachment_as_its_own_document():
    doc = _only(ce.extract("mail.eml", s.mail_with_attachment()))
    assert doc.kind == "eml" and doc.title == "Vedr. møde om handleplan" and doc.suggested_type == "e-mail"
    assert str(doc.suggested_date) == "2021-09-14"
    assert f"Barnets cpr {CPR_MASK} står" in doc.pages[0].text
    attachment = _only(doc.attachments)
    assert attachment.name == "referat.pdf" and attachment.title == "Mødereferat"
    assert f"Deltager med cpr {CPR_MASK}." in attachment.pages[0].text


def test_zip_bundle_imports_the_good_entries_and_names_the_bad_ones():
    bundle = s.zip_bundle({"akter/undersøgelse.pdf": s.investigation_pdf(), "../../etc/evil.txt": b"ondt",
                           f"akter/{s.CPR_NAME} notat.txt": b"Et notat.", "akter/falsk.pdf": b"ikke en pdf"})
    found = ce.extract("aktindsigt.zip", bundle)
    assert [type(f).__name__ for f in found] == ["ExtractedDocument", "Failure", "ExtractedDocument", "Failure"]
    assert found[0].name == "akter/undersøgelse.pdf"
    assert found[1].key == "casefile.error.unsafe_path"
    assert found[2].name == f"akter/{CPR_MASK} notat.txt"
    assert found[3].key == "casefile.error.mismatch"


def _encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica")
    pdf.cell(text="hemmelig")
    pdf.set_encryption(owner_password="ejer", user_password="bruger", encryption_method=EncryptionMethod.RC4)
    return bytes(pdf.output())


_HUGE_PAGE_COUNT = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 100000 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""


def _docx_with(extra_entries: dict[str, bytes], rels_extra: str = "") -> bytes:
    source = zipfile.ZipFile(io.BytesIO(s.decision_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/_rels/document.xml.rels" and rels_extra:
                data = data.replace(b"</Relationships>", rels_extra.encode() + b"</Relationships>")
            target.writestr(info, data)
        for name, data in extra_entries.items():
            target.writestr(name, data)
    return out.getvalue()


def _big_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (10_000, 7_000), 1).save(buffer, format="PNG")
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    return s.zip_bundle({"nuller.txt": b"0" * (8 * 1024 * 1024), "brev.txt": b"Et brev."})


def _many_entries() -> bytes:
    return s.zip_bundle({f"{i}.txt": b"x" for i in range(10_000)})


BAD = [
    ("krypteret.pdf", _encrypted_pdf, "casefile.error.encrypted"),
    ("skadet.pdf", lambda: b"%PDF-1.4\n ikke mere", "casefile.error.damaged"),
    ("kaempe.pdf", lambda: _HUGE_PAGE_COUNT, "casefile.error.too_many_pages"),
    ("makro.docm", s.decision_docx, "casefile.error.macros"),
    ("makro.docx", lambda: _docx_with({"word/vbaProject.bin": b"\x00" * 10}), "casefile.error.macros"),
    ("skabelon.docx", lambda: _docx_with({}, '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                                              'officeDocument/2006/relationships/attachedTemplate" '
                                              'Target="http://evil.example/t.dotm" TargetMode="External"/>'),
     "casefile.error.external_links"),
    ("bombe.png", _big_png, "casefile.error.image_bomb"),
    ("forkert.pdf", s.decision_docx, "casefile.error.mismatch"),
    ("forkert.docx", lambda: b"bare tekst", "casefile.error.mismatch"),
    ("binaer.txt", lambda: b"\x00\x01\x02tekst", "casefile.error.mismatch"),
    ("ukendt.eml", lambda: s.mail_with_attachment(charset="x-ukendt-tegnsaet"), "casefile.error.encoding"),
    ("mange.zip", _many_entries, "casefile.error.too_many_entries"),
    ("program.exe", lambda: b"MZ", "casefile.error.unsupported"),
    ("tom.pdf", lambda: b"", "casefile.error.empty"),
]


@pytest.mark.parametrize("name,make,key", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_its_own_danish_message(name, make, key):
    failure = _only(ce.extract(name, make()))
    assert isinstance(failure, ce.Failure) and failure.key == key
    message = t(failure.key, "da", **failure.params)
    assert message != failure.key and len(message) > 20  # a real sentence from the catalogue


def test_hyperlinks_in_docx_are_fine():
    rel = ('<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'hyperlink" Target="https://www.retsinformation.dk" TargetMode="External"/>')
    assert _only(ce.extract("link.docx", _docx_with({}, rel))).kind == "docx"


def test_a_zip_bomb_entry_is_refused_and_the_other_entry_imported():
    found = ce.extract("bundt.zip", _zip_bomb())
    assert [getattr(f, "key", "ok") for f in found] == ["casefile.error.zip_bomb", "ok"]
    assert found[1].pages[0].text == "Et brev."


def test_a_400_page_pdf_works_and_reports_progress_per_page():
    data = s.text_pdf([[f"Side {n} af journalen.", "Tekst på siden."] for n in range(1, 401)])
    seen = []
    doc = _only(ce.extract("lang.pdf", data, progress=lambda done, total: seen.append((done, total))))
    assert len(doc.pages) == 400 and doc.pages[399].text.startswith("Side 400 af journalen.")
    assert seen[0] == (1, 400) and seen[-1] == (400, 400) and len(seen) == 400
