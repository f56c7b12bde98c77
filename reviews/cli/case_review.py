"""export-findings --review NAME -o FILE.csv and export-learning-points --review NAME -o FILE.csv.

Both write UTF-8 with BOM and `;` (Danish Excel opens them directly). Exporting is the chair's right
(`review.export`); the command line acts for the operator who holds the database file with that right,
under the name of `CLI_ACTOR` in the audit log.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

from reviews.cli.common import CLI_ACTOR, open_db, write_output
from reviews.models import Role
from reviews.services import findings as finding_service
from reviews.services import learning_points as lp_service
from reviews.services import reviews as review_service

CLI_EXPORT_ACTOR = dataclasses.replace(CLI_ACTOR, role=Role.CHAIR)


def register(subparsers) -> None:
    for name, help_text, handler in (
        ("export-findings", "export a review's findings as CSV (UTF-8 with BOM, ';')", cmd_export_findings),
        ("export-learning-points", "export a review's learning points as CSV (UTF-8 with BOM, ';')",
         cmd_export_learning_points),
    ):
        p = subparsers.add_parser(name, help=help_text)
        p.add_argument("--review", required=True, help="the review's name")
        p.add_argument("-o", "--output", required=True, type=Path, help="the CSV file to write")
        p.add_argument("--lang", choices=("da", "en"), default="da", help="language of headers and values")
        p.set_defaults(handler=handler)


def _export(args, build) -> int:
    db = open_db(args)
    try:
        review = review_service.find_review(db, CLI_EXPORT_ACTOR, args.review)
        # The operator exports with the review chair's right (a chair acts on the reviews it chairs); the
        # audit log names the command line.
        actor = dataclasses.replace(CLI_EXPORT_ACTOR, id=review.chair_id if review.chair_id is not None else 0)
        data = build(db, actor, review.id, lang=args.lang, purpose="kommandolinje")
    finally:
        db.close()
    if not write_output(args.output, data):
        return 2
    rows = max(0, len(list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))) - 1)
    print(f"{rows} rækker skrevet til {args.output}")
    return 0


def cmd_export_findings(args) -> int:
    return _export(args, finding_service.export_findings_csv)


def cmd_export_learning_points(args) -> int:
    return _export(args, lp_service.export_learning_points_csv)
