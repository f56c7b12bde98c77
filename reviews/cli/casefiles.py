"""import-documents --case PSEUDONYM FILE|FOLDER|ZIP...: a case's documents («Sagsakter») from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from reviews.cli.common import CLI_ACTOR, open_db
from reviews.errors import WorkbenchError
from reviews.i18n import t
from reviews.services import casefile_search, casefiles


def register(subparsers) -> None:
    p = subparsers.add_parser("import-documents", help="import a case's documents (PDF, DOCX, TXT, EML, images, ZIP)")
    p.add_argument("--case", required=True, help="the case's pseudonym")
    p.add_argument("paths", nargs="+", type=Path, help="files, folders (read recursively) or ZIP bundles")
    p.set_defaults(handler=cmd_import_documents)
    p = subparsers.add_parser("reindex-casefiles", help="rebuild the case-file search index from the stored pages")
    p.set_defaults(handler=cmd_reindex_casefiles)


def _files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    found, missing = [], []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            found.append(path)
        else:
            missing.append(str(path))
    return found, missing


def cmd_import_documents(args) -> int:
    files, missing = _files(args.paths)
    for path in missing:
        print(t("casefile.error.not_found_file", "da", path=path), file=sys.stderr)
    loaded: list[tuple[str, bytes]] = []
    unreadable = 0
    for path in files:
        try:
            loaded.append((path.name, path.read_bytes()))
        except OSError as exc:
            print(f"{path}: {exc.strerror}", file=sys.stderr)
            unreadable += 1
    if not loaded:
        print(t("casefile.error.no_files", "da"), file=sys.stderr)
        return 2
    db = open_db(args)
    try:
        try:
            case_id = casefiles.find_case_id(db, CLI_ACTOR, args.case)
            report = casefiles.import_files(db, CLI_ACTOR, case_id, loaded, ocr="inline")
        except WorkbenchError as exc:
            print(t(exc.key, "da", **exc.params), file=sys.stderr)
            return 2
        for outcome in report.outcomes:
            if outcome.ok:
                print(t("casefile.cli.done", "da", name=outcome.name, count=len(outcome.document_ids),
                        masked=outcome.masked_cpr))
            else:
                print(t("casefile.refused", "da", name=outcome.name,
                        reason=t(outcome.error_key, "da", **outcome.error_params)), file=sys.stderr)
        if report.ocr_error:
            print(t(report.ocr_error, "da"), file=sys.stderr)
        return 0 if report.ok and not missing and not unreadable else 2
    finally:
        db.close()


def cmd_reindex_casefiles(args) -> int:
    db = open_db(args)
    try:
        counts = casefile_search.reindex(db, CLI_ACTOR)
    finally:
        db.close()
    print(t("casefile_search.cli.done", "da", **counts))
    return 0
