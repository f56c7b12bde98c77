"""Word exports and the CPR scan from the command line.

    python -m reviews export-minutes MEETING_ID -o FILE.docx [--version N] [--draft] [--mask]
    python -m reviews export-invitation MEETING_ID -o FILE.docx [--mask]
    python -m reviews export-dialogue-minutes MEDIATION_MEETING_ID -o FILE.docx [--mask]
    python -m reviews export-yearly-report --year YYYY -o FILE.docx [--mask]
    python -m reviews scan FILE            (.docx, .xlsx, .txt or .csv; exit 1 when a CPR number is found)

Exports act as the command-line operator (an administrator), except where the document needs a role an
administrator lacks (the ombudsman's dialogue minutes, the chair's UDKAST export): then --as USERNAME names
the user to act as. Exit codes: 0 written, 1 blocked by the export guard (CPR numbers; --mask masks them),
2 refused (e.g. unapproved minutes, no agenda) or unreadable input. The scan exits 0 clean, 1 when it finds a CPR
number (each listed with its place, the number itself hidden), 2 for a file it cannot read.
"""

from __future__ import annotations

import csv
import html
import io
import re
import sys
import warnings
import zipfile
import zlib
from pathlib import Path

from reviews.cli.common import CLI_ACTOR, open_db
from reviews.errors import NotFound
from reviews.exports.guard import CPR, GuardFinding, Place, describe_place, scan_docx, scan_text
from reviews.i18n import t
from reviews.models import Role, User
from reviews.privacy.cpr import find_cpr, mask_cpr
from reviews.services import auth, documents
from reviews.storage.files import write_atomic

# The command line holds the database file; for exports it acts as the chair and the ombudsman would.
EXPORT_ACTOR = User(id=0, username="kommandolinje", full_name="Kommandolinje", role=Role.CHAIR)
OMBUDSMAN_ACTOR = User(id=0, username="kommandolinje", full_name="Kommandolinje", role=Role.OMBUDSMAN)


def register(subparsers) -> None:
    p = subparsers.add_parser("export-minutes", help="the committee's combined minutes (samlet referat) as .docx")
    p.add_argument("meeting_id", type=int)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--version", type=int, help="an earlier approved version (default: the latest approved)")
    p.add_argument("--draft", action="store_true", help="export unapproved minutes, marked UDKAST")
    p.add_argument("--mask", action="store_true", help="mask CPR numbers instead of refusing the export")
    p.add_argument("--as", dest="as_user", help="act as this user (default: the command-line operator)")
    p.set_defaults(handler=cmd_export_minutes)

    p = subparsers.add_parser("export-invitation", help="the invitation (indkaldelse) to a meeting as .docx")
    p.add_argument("meeting_id", type=int)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--mask", action="store_true")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(handler=cmd_export_invitation)

    p = subparsers.add_parser("export-dialogue-minutes",
                              help="plain-language minutes of a mediation/dialogue meeting as .docx")
    p.add_argument("meeting_id", type=int, help="the id of the mediation meeting")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--mask", action="store_true")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(handler=cmd_export_dialogue_minutes)

    p = subparsers.add_parser("export-yearly-report", help="the ombudsman's yearly report (årsberetning) as .docx")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--mask", action="store_true")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(handler=cmd_export_yearly_report)

    p = subparsers.add_parser("scan", help="scan a .docx, .xlsx, .txt or .csv file for CPR numbers (exit 1 when found)")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_scan)


# --- exports ----------------------------------------------------------------------------------------------


def _actor(db, args, default: User) -> User:
    if not getattr(args, "as_user", None):
        return default
    found = [u for u in auth.list_users(db, CLI_ACTOR) if u.username == args.as_user and u.active]
    if not found:
        raise NotFound(record="user", name=args.as_user)
    return found[0]


def _print_finding(finding: GuardFinding, prefix: str = "") -> None:
    kind = t(f"guard.kind.{finding.kind}", "da")
    rank = ""
    if finding.mod11_valid is not None:
        rank = " " + t("guard.mod11_yes" if finding.mod11_valid else "guard.mod11_no", "da")
    print(f"{prefix}{describe_place(finding.place)}: {kind}: {finding.context}{rank}", file=sys.stderr)


def _write(result: documents.DocumentResult, output: Path) -> int:
    for warning in result.report.warnings:
        _print_finding(warning, t("guard.warning_prefix", "da"))
    if result.blocked:
        print(t("guard.blocked", "da", n=len(result.report.cpr)), file=sys.stderr)
        for finding in result.report.cpr:
            _print_finding(finding, "  ")
        print(t("guard.cli_mask_hint", "da"), file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(output, result.data)  # a full disk leaves no half-written document
    if result.masked:
        print(t("guard.masked", "da", n=result.masked), file=sys.stderr)
    if result.lix is not None:
        print(t("lix.cli", "da", score=str(result.lix.score).replace(".", ","),
                band=t(f"value.{result.lix.band.value}", "da")))
        if result.lix_warning:
            print(t("lix.warning", "da", limit=40), file=sys.stderr)
    print(f"{output} ({len(result.data):,} bytes)".replace(",", "."))
    return 0


def cmd_export_minutes(args) -> int:
    db = open_db(args)
    try:
        actor = _actor(db, args, EXPORT_ACTOR)
        result = documents.committee_minutes_document(db, actor, args.meeting_id, version=args.version,
                                                      draft=args.draft, mask=args.mask, purpose="kommandolinje")
        return _write(result, args.output)
    finally:
        db.close()


def cmd_export_invitation(args) -> int:
    db = open_db(args)
    try:
        actor = _actor(db, args, EXPORT_ACTOR)
        result = documents.invitation_document(db, actor, args.meeting_id, mask=args.mask, purpose="kommandolinje")
        return _write(result, args.output)
    finally:
        db.close()


def cmd_export_dialogue_minutes(args) -> int:
    db = open_db(args)
    try:
        actor = _actor(db, args, OMBUDSMAN_ACTOR)
        result = documents.dialogue_minutes_document(db, actor, args.meeting_id, mask=args.mask,
                                                     purpose="kommandolinje")
        return _write(result, args.output)
    finally:
        db.close()


def cmd_export_yearly_report(args) -> int:
    db = open_db(args)
    try:
        actor = _actor(db, args, EXPORT_ACTOR)
        result = documents.yearly_report_document(db, actor, args.year, mask=args.mask, purpose="kommandolinje")
        return _write(result, args.output)
    finally:
        db.close()


# --- scan -------------------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def scan_txt(text: str) -> list[GuardFinding]:
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        findings.extend(f for f in scan_text(line, (("place.line", number),)) if f.kind == "cpr")
    return findings


def scan_csv(text: str) -> list[GuardFinding]:
    sample = text[:10_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
    except csv.Error:
        class dialect(csv.excel):  # noqa: N801 - a csv dialect is a class
            delimiter = ";" if sample.count(";") > sample.count(",") else ","
    findings = []
    rows = csv.reader(io.StringIO(text, newline=""), dialect)
    header: list[str] = []
    for number, row in enumerate(rows, start=1):
        if number == 1:
            header = row
        for column, cell in enumerate(row, start=1):
            name = header[column - 1] if column - 1 < len(header) and number > 1 else ""
            place = (("place.row", number), ("place.column", column)) + (((f"«{name}»", None),) if name else ())
            findings.extend(f for f in scan_text(cell, place) if f.kind == "cpr")
    return findings


class UnreadableWorkbook(Exception):
    """The file named .xlsx is not a workbook openpyxl can open."""


# Parts of an .xlsx that hold the cells' texts and the sheet names: a number found there is reported by cell.
_CELL_PARTS = re.compile(r"xl/(?:sharedStrings\.xml|workbook\.xml|worksheets/[^/]+\.xml)")
_XML_TEXT = re.compile(r">([^<]+)<")
_XML_ATTRIBUTE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)')""")
# Excel stamps GUIDs on sheets, revisions and extensions; their hex digits can happen to read as a CPR number.
_GUID = re.compile(r"\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?")


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def _cell_text(value) -> str | None:
    """A cell value as the CPR finder should see it; None for values that cannot hold a CPR number."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        # A CPR number typed into a number cell loses its leading zero (0102031234 -> 102031234).
        return "0" + text if len(text) == 9 else text
    return None  # dates, times, booleans: no CPR number in them


def _sheet_texts(data: bytes, *, formulas: bool) -> list[tuple[str, Place]]:
    """Every text of the workbook's sheets (hidden ones too) that could hold a CPR number, with its place:
    the sheets' names and their cells. `formulas`: the formula texts of formula cells (and nothing else)
    instead of the values, which for a formula are the results Excel last computed."""
    import openpyxl

    texts: list[tuple[str, Place]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # style/extension warnings are noise here
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=not formulas)
        try:
            for sheet in workbook.worksheets:
                title = mask_cpr(sheet.title)[0]  # places are printed: a number in the name stays hidden
                if not formulas:
                    texts.append((sheet.title, (("place.sheet", title), ("place.sheet_name", None))))
                sheet.reset_dimensions()  # stored dimensions are often wrong; without them every row is read
                for row in sheet.iter_rows():
                    for cell in row:
                        if formulas and cell.data_type != "f":
                            continue
                        text = _cell_text(cell.value)
                        if text is not None and len(text) >= 10:  # the shortest CPR number: DDMMYYSSSS
                            texts.append((text, (("place.sheet", title), ("place.cell", cell.coordinate))))
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl reports a broken workbook with whatever its parser raised
        raise UnreadableWorkbook(str(exc)) from exc
    return texts


def _scan_sheets(data: bytes, *, formulas: bool, seen: set[str]) -> list[GuardFinding]:
    """CPR numbers in the sheets' names and cells; the digits of each number found go into `seen`."""
    findings: list[GuardFinding] = []
    for text, place in _sheet_texts(data, formulas=formulas):
        digits = [_digits(hit.text) for hit in find_cpr(text)]
        if not digits or (formulas and all(d in seen for d in digits)):
            continue  # nothing, or a formula whose stored result showed the same number at this cell
        seen.update(digits)
        findings.extend(f for f in scan_text(text, place) if f.kind == CPR)
    return findings


def _scan_parts(data: bytes, seen: set[str]) -> list[GuardFinding]:
    """CPR numbers in the texts and attribute values of every XML part of an .xlsx that the cells do not
    explain: comments, headers and footers, data-validation prompts, formulas without a stored result,
    document properties, pivot caches, strings no cell uses any more."""
    findings: list[GuardFinding] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = info.filename
            if not (name.endswith(".xml") or name.endswith(".rels")):
                continue
            xml = archive.read(name).decode("utf-8", errors="replace")
            values = [m.group(1) for m in _XML_TEXT.finditer(xml)]
            values += [m.group(1) if m.group(1) is not None else m.group(2) for m in _XML_ATTRIBUTE.finditer(xml)]
            cell_part = _CELL_PARTS.fullmatch(name) is not None
            reported: set[str] = set()  # a number once per part (a formula's text also looks like an attribute)
            for value in values:
                text = _GUID.sub(" ", html.unescape(value))
                for hit in find_cpr(text):
                    digits = _digits(hit.text)
                    if digits in reported or (cell_part and digits in seen):
                        continue
                    reported.add(digits)
                    findings.append(GuardFinding(CPR, (("place.part", None), (name, None)), "[CPR-nummer]",
                                                 hit.mod11_valid))
    return findings


def scan_xlsx(data: bytes) -> list[GuardFinding]:
    """CPR numbers in an Excel workbook: every cell of every sheet by sheet and cell (values, and the formula
    texts), the sheet names, then every other text in the file by part. Raises zipfile.BadZipFile for non-zip
    data, UnreadableWorkbook for a zip that is no workbook."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            has_formulas = any(b"<f>" in xml or b"<f " in xml
                               for xml in (archive.read(n) for n in archive.namelist()
                                           if n.startswith("xl/worksheets/") and n.endswith(".xml")))
        seen: set[str] = set()
        findings = _scan_sheets(data, formulas=False, seen=seen)
        if has_formulas:
            findings += _scan_sheets(data, formulas=True, seen=seen)
        return findings + _scan_parts(data, seen)
    except (zlib.error, EOFError, NotImplementedError) as exc:  # a damaged or exotically compressed part
        raise UnreadableWorkbook(str(exc)) from exc


def scan_file(path: Path) -> list[GuardFinding]:
    """CPR numbers in a .docx, .xlsx, .txt or .csv file. Raises ValueError for another kind of file."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return scan_docx(data)
    if suffix == ".xlsx":
        return scan_xlsx(data)
    if suffix == ".txt":
        return scan_txt(_decode(data))
    if suffix == ".csv":
        return scan_csv(_decode(data))
    raise ValueError(suffix)


def cmd_scan(args) -> int:
    try:
        findings = scan_file(args.file)
    except OSError as exc:
        print(f"{args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    except ValueError:
        print(t("guard.scan_unsupported", "da", name=args.file.name), file=sys.stderr)
        return 2
    except (zipfile.BadZipFile, UnreadableWorkbook):
        key = "guard.scan_not_xlsx" if args.file.suffix.lower() == ".xlsx" else "guard.scan_not_docx"
        print(t(key, "da", name=args.file.name), file=sys.stderr)
        return 2
    for finding in findings:
        rank = t("guard.mod11_yes" if finding.mod11_valid else "guard.mod11_no", "da")
        print(f"{args.file}: {describe_place(finding.place)}: {finding.context} {rank}")
    if findings:
        print(t("guard.scan_found", "da", n=len(findings)), file=sys.stderr)
        return 1
    print(t("guard.scan_clean", "da", name=args.file.name))
    return 0
