"""import-cases FILE [--review NAME] [--valid-only]."""

from __future__ import annotations

import sys
from pathlib import Path

from reviews.cli.common import CLI_ACTOR, open_db, read_input
from reviews.errors import WorkbenchError
from reviews.i18n import t
from reviews.importing.errors import ImportFileError
from reviews.services import imports
from reviews.services import reviews as review_service


def register(subparsers) -> None:
    p = subparsers.add_parser("import-cases", help="import cases and timeline events from CSV or XLSX")
    p.add_argument("file", type=Path)
    p.add_argument("--review", help="also select the cases into this review (by name)")
    p.add_argument("--valid-only", action="store_true", help="import the valid rows even when others have errors")
    p.set_defaults(handler=cmd_import_cases)


def _report_problems(result) -> None:
    for problem in result.problems:
        where = f"række {problem.row_number}" + (f", {problem.column}" if problem.column else "")
        print(f"{where}: {t(problem.key, 'da', **problem.params)}", file=sys.stderr)


def cmd_import_cases(args) -> int:
    data = read_input(args.file)
    if data is None:
        return 2
    try:
        table = imports.read_table(data, args.file.name)
    except ImportFileError as exc:
        print(t(exc.key, "da", **exc.params), file=sys.stderr)
        return 2
    db = open_db(args)
    try:
        review_id = review_service.find_review(db, CLI_ACTOR, args.review).id if args.review else None
        result = imports.validate(db, CLI_ACTOR, table, imports.suggest_mapping(list(table.columns)))
        try:
            report = imports.import_cases(db, CLI_ACTOR, result, valid_only=args.valid_only, review_id=review_id,
                                          filename=args.file.name)
        except WorkbenchError as exc:
            _report_problems(result)
            print(t(exc.key, "da", **exc.params), file=sys.stderr)
            return 2
        if args.valid_only:
            _report_problems(result)
        print(t("import.done", "da", created=report.cases_created, existing=report.cases_existing,
                events=report.events_added, duplicates=report.events_skipped_duplicates,
                skipped=report.rows_skipped, masked=report.masked_cpr))
        return 0
    finally:
        db.close()
