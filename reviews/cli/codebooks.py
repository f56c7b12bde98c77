"""export-codebook NAME -o FILE.qdc and import-codebook FILE.qdc: codebooks as REFI-QDA files (QualCoder,
NVivo, ATLAS.ti, MAXQDA). Exit 0 when done; 2 with a Danish message on stderr for an unknown codebook or a
file that is refused (nothing is changed then)."""

from __future__ import annotations

from pathlib import Path

from reviews.cli.common import CLI_ACTOR, open_db, read_input, write_output
from reviews.i18n import t
from reviews.services import codebooks as codebook_service


def register(subparsers) -> None:
    p = subparsers.add_parser("export-codebook", help="export a codebook as a REFI-QDA codebook file (.qdc)")
    p.add_argument("name", help="the codebook's name")
    p.add_argument("-o", "--output", required=True, type=Path, help="the .qdc file to write")
    p.set_defaults(handler=cmd_export_codebook)
    p = subparsers.add_parser("import-codebook",
                              help="import a REFI-QDA codebook file (.qdc): add and update codes, never remove one")
    p.add_argument("file", type=Path, help="the .qdc file")
    p.add_argument("--name", help="the codebook to create or update (default: the name in the file)")
    p.set_defaults(handler=cmd_import_codebook)


def cmd_export_codebook(args) -> int:
    db = open_db(args)
    try:
        book = codebook_service.find_codebook(db, CLI_ACTOR, args.name)
        data = codebook_service.export_codebook_qdc(db, CLI_ACTOR, book.id, purpose="kommandolinje")
        count = sum(1 for c in codebook_service.list_codes(db, CLI_ACTOR, include_retired=False)
                    if c.codebook_id == book.id)
    finally:
        db.close()
    if not write_output(args.output, data):
        return 2
    print(t("codebooks.refi_cli_exported", "da", name=book.name, count=count, path=str(args.output)))
    return 0


def cmd_import_codebook(args) -> int:
    data = read_input(args.file)
    if data is None:
        return 2
    db = open_db(args)
    try:
        result = codebook_service.import_codebook_qdc(db, CLI_ACTOR, data, name=args.name, file_name=args.file.name)
    finally:
        db.close()
    key = "codebooks.refi_created" if result.created else "codebooks.refi_updated"
    print(t(key, "da", name=result.codebook.name, added=len(result.added), updated=len(result.updated),
            unchanged=result.unchanged))
    if result.not_in_file:
        print(t("codebooks.refi_kept", "da", count=len(result.not_in_file), labels=", ".join(
            t("codebooks.refi_in_use", "da", label=k.label, count=k.usage) if k.usage else k.label
            for k in result.not_in_file)))
    if result.categories:
        print(t("codebooks.refi_folders", "da", labels=", ".join(result.categories)))
    if result.masked:
        print(t("codebooks.refi_masked", "da", count=result.masked))
    return 0
