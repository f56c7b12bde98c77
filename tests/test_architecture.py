"""House rules that a change in one file could break silently in another."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _sources():
    for folder in ("reviews", "pages"):
        yield from sorted((ROOT / folder).rglob("*.py"))
    yield ROOT / "app.py"


def test_no_module_imports_another_modules_private_names():
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reviews"):
                found += [f"{path.relative_to(ROOT)}: {node.module}.{a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
    assert found == []


def test_only_the_glue_module_of_the_domain_imports_streamlit():
    found = []
    for path in sorted((ROOT / "reviews").rglob("*.py")):
        if path.relative_to(ROOT).as_posix() == "reviews/ui.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(ROOT)}: {n}" for n in names if n == "streamlit" or n.startswith("streamlit.")]
    assert found == []


def test_a_file_that_cannot_be_imported_is_a_domain_error_like_the_others():
    from reviews.errors import WorkbenchError
    from reviews.i18n import t
    from reviews.importing.errors import ImportFileError

    error = ImportFileError("import.error.too_large", max_mb=20)
    assert isinstance(error, WorkbenchError)  # pages and the command line show it like any other refusal
    assert (error.key, error.params) == ("import.error.too_large", {"max_mb": 20})
    assert t(error.key, "da", **error.params) == "Filen er for stor (højst 20 MB)."
