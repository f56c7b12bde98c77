"""`python -m reviews`: the command line, calling the same services as the UI.

Each feature registers its own subcommands in a module here (`core`, `case_review`, ...), exposing
`register(subparsers)`; every subcommand gets a handler `(args) -> exit code`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from reviews.errors import WorkbenchError
from reviews.i18n import t

FEATURE_MODULES = ("core", "imports", "case_review", "codebooks", "ombudsman", "minutes", "data_safety", "casefiles")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reviews", description="Mediation and case-review workbench")
    parser.add_argument("--db", help="database file (default: $REVIEWS_DB or data/workbench.duckdb)")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in FEATURE_MODULES:
        try:
            module = importlib.import_module(f"reviews.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"reviews.cli.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except WorkbenchError as exc:
        print(t(exc.key, "da", **exc.params), file=sys.stderr)
        return 2
