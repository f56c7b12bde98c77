"""Word exports and the CPR scan from the command line.

    python -m reviews export-minutes MEETING_ID -o FILE.docx [--version N] [--draft] [--mask]
    python -m reviews export-invitation MEETING_ID -o FILE.docx [--mask]
    python -m reviews export-dialogue-minutes MEDIATION_MEETING_ID -o FILE.docx [--mask]
    python -m reviews export-yearly-report --year YYYY -o FILE.docx [--mask]
    python -m reviews scan FILE            (.docx, .txt or .csv; exit 1 when a CPR number is found)

Exports act as the command-line operator (an administrator), except where the document needs a role an
administrator lacks (the ombudsman's dialogue minutes, the chair's UDKAST export): then --as USERNAME names
the user to act as. Exit codes: 0 written, 1 blocked by the export guard (CPR numbers; --mask masks them),
2 refused (e.g. unapproved minutes, no agenda) or unreadable input.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

from reviews.cli.common import CLI_ACTOR, open_db
from reviews.errors import NotFound
from reviews.exports.guard import GuardFinding, describe_place, scan_docx, scan_text
from reviews.i18n import t
from reviews.models import Role, User
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

    p = subparsers.add_parser("scan", help="scan a .docx, .txt or .csv file for CPR numbers (exit 1 when found)")
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


def scan_file(path: Path) -> list[GuardFinding]:
    """CPR numbers in a .docx, .txt or .csv file. Raises ValueError for another kind of file."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return scan_docx(data)
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
    except zipfile.BadZipFile:
        print(t("guard.scan_not_docx", "da", name=args.file.name), file=sys.stderr)
        return 2
    for finding in findings:
        rank = t("guard.mod11_yes" if finding.mod11_valid else "guard.mod11_no", "da")
        print(f"{args.file}: {describe_place(finding.place)}: {finding.context} {rank}")
    if findings:
        print(t("guard.scan_found", "da", n=len(findings)), file=sys.stderr)
        return 1
    print(t("guard.scan_clean", "da", name=args.file.name))
    return 0
