"""import-complaints FILE [--valid-only] [--map COLUMN:VALUE=CATEGORY ...]."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from reviews.cli.common import CLI_ACTOR, open_db, read_input
from reviews.errors import WorkbenchError
from reviews.i18n import t
from reviews.importing.complaints import CATEGORY_COLUMNS, norm_value
from reviews.importing.errors import ImportFileError
from reviews.models import Role
from reviews.services import complaint_import

# The register is the ombudsman's: the operator who holds the database file imports in that role.
CLI_OMBUDSMAN = dataclasses.replace(CLI_ACTOR, role=Role.OMBUDSMAN)


def register(subparsers) -> None:
    p = subparsers.add_parser("import-complaints", help="import a list of inquiries and complaints (CSV or XLSX)")
    p.add_argument("file", type=Path)
    p.add_argument("--valid-only", action="store_true", help="import the valid rows even when others have errors")
    p.add_argument("--map", action="append", default=[], metavar="COLUMN:VALUE=CATEGORY",
                   help="read an unknown value as a known category, e.g. 'Kanal:sms=andet' (repeatable)")
    p.set_defaults(handler=cmd_import_complaints)


def _value_mapping(items: list[str]) -> dict[str, dict[str, str]]:
    chosen: dict[str, dict[str, str]] = {}
    for item in items:
        column, sep, rest = item.partition(":")
        value, sep2, category = rest.partition("=")
        if not sep or not sep2 or column not in CATEGORY_COLUMNS or not value.strip() or not category.strip():
            raise ValueError(item)
        chosen.setdefault(column, {})[norm_value(value)] = category.strip()
    return chosen


def _report(result) -> None:
    for item in result.unknown:
        hint = t("complaints_import.cli_suggestion", "da", column=item.column, value=item.value,
                                suggestion=item.suggestion) if item.suggestion else ""
        print(t("complaints_import.cli_unknown", "da", column=item.column, value=item.value, rows=item.rows) + hint,
              file=sys.stderr)
    for problem in result.problems:
        where = f"række {problem.row_number}" + (f", {problem.column}" if problem.column else "")
        print(f"{where}: {t(problem.key, 'da', **problem.params)}", file=sys.stderr)


def cmd_import_complaints(args) -> int:
    try:
        mapping = _value_mapping(args.map)
    except ValueError as exc:
        print(t("complaints_import.cli_bad_map", "da", value=str(exc), columns=", ".join(CATEGORY_COLUMNS)),
              file=sys.stderr)
        return 2
    data = read_input(args.file)
    if data is None:
        return 2
    try:
        table = complaint_import.read_table(data, args.file.name)
    except ImportFileError as exc:
        print(t(exc.key, "da", **exc.params), file=sys.stderr)
        return 2
    db = open_db(args)
    try:
        result = complaint_import.validate(db, CLI_OMBUDSMAN, table,
                                           complaint_import.suggest_mapping(list(table.columns)), mapping)
        try:
            report = complaint_import.import_complaints(db, CLI_OMBUDSMAN, result, valid_only=args.valid_only,
                                                        filename=args.file.name)
        except WorkbenchError as exc:
            _report(result)
            print(t(exc.key, "da", **exc.params), file=sys.stderr)
            return 2
        if args.valid_only:
            _report(result)
        print(t("complaints_import.done", "da", imported=report.imported, duplicates=report.duplicates,
                skipped=report.rows_skipped, masked=report.masked_cpr))
        return 0
    finally:
        db.close()
