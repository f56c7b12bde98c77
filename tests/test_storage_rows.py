"""Storage rows by column name (reviews/storage/rows.py), and a guard that keeps new storage code from
mapping rows by position (`row[5]`, `Model(*row)`), where a column added or moved in a SELECT shifts a value
into the wrong field without an error."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import duckdb
import pytest

from reviews.storage.rows import named, named_one

STORAGE = Path(__file__).resolve().parent.parent / "reviews" / "storage"

# Modules that still map rows by position. The list may only shrink: a module converted must be taken off
# (test_allow_list_is_current), and a module not listed may not map rows by position.
NOT_YET_CONVERTED: frozenset[str] = frozenset()

# Names a fetched row goes by in the storage modules.
_ROW_NAMES = frozenset({"r", "row", "rec", "record"})


@pytest.fixture
def cur():
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE t (id INTEGER, name VARCHAR, seen TIMESTAMP)")
    con.execute("INSERT INTO t VALUES (1, 'a', TIMESTAMP '2026-01-02 03:04:05'), (2, NULL, NULL)")
    yield con.cursor()
    con.close()


# --- named() and named_one() ----------------------------------------------------------------------


def test_named_maps_every_row_by_its_column_names(cur):
    rows = named(cur.execute("SELECT id, name, seen FROM t ORDER BY id"))
    assert rows == [{"id": 1, "name": "a", "seen": dt.datetime(2026, 1, 2, 3, 4, 5)},
                    {"id": 2, "name": None, "seen": None}]


def test_named_uses_the_aliases_and_keeps_the_select_order(cur):
    rows = named(cur.execute("SELECT coalesce(name, '') AS label, id AS record_id FROM t ORDER BY id DESC"))
    assert rows == [{"label": "", "record_id": 2}, {"label": "a", "record_id": 1}]
    assert list(rows[0]) == ["label", "record_id"]


def test_named_rows_are_separate_dicts_a_caller_may_change(cur):
    # Storage modules convert values in the row they were given (an enum, a JSON text) before Model(**row).
    rows = named(cur.execute("SELECT id, name FROM t ORDER BY id"))
    rows[0]["name"] = "changed"
    del rows[0]["id"]
    assert rows == [{"name": "changed"}, {"id": 2, "name": None}]


def test_named_of_no_rows_is_an_empty_list(cur):
    assert named(cur.execute("SELECT id, name FROM t WHERE id > 99")) == []


def test_named_binds_parameters_and_reads_returning(cur):
    assert named(cur.execute("SELECT id FROM t WHERE name = ?", ["a"])) == [{"id": 1}]
    assert named(cur.execute("INSERT INTO t VALUES (3, 'c', NULL) RETURNING id, name")) == [{"id": 3, "name": "c"}]


def test_named_one_is_the_first_row_or_none(cur):
    assert named_one(cur.execute("SELECT id, name FROM t ORDER BY id")) == {"id": 1, "name": "a"}
    assert named_one(cur.execute("SELECT id, name FROM t WHERE id = ?", [2])) == {"id": 2, "name": None}
    assert named_one(cur.execute("SELECT id FROM t WHERE id = ?", [99])) is None


def test_named_one_after_update_returning_none_when_nothing_matched(cur):
    assert named_one(cur.execute("UPDATE t SET name = 'b' WHERE id = ? RETURNING id, name", [1])) == \
        {"id": 1, "name": "b"}
    assert named_one(cur.execute("UPDATE t SET name = 'b' WHERE id = ? RETURNING id, name", [99])) is None


def test_a_column_the_model_lacks_fails_at_once(cur):
    # The point of naming: a stray column is an error, not a value in the wrong field.
    from reviews.models.drafts import Draft

    row = named_one(cur.execute("SELECT 'k' AS kind, 'x' AS record_key, 't' AS text, seen AS saved_at, 1 AS extra"
                                " FROM t WHERE id = 1"))
    with pytest.raises(TypeError, match="extra"):
        Draft(**row)


# --- no rows mapped by position ---------------------------------------------------------------------


def _is_row(node: ast.expr) -> bool:
    """A fetched row: a row-like name, `x.fetchone()`, or `x.fetchall()[i]`."""
    if isinstance(node, ast.Name):
        return node.id in _ROW_NAMES or node.id.endswith("_row")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "fetchone"
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call):
        func = node.value.func
        return isinstance(func, ast.Attribute) and func.attr == "fetchall"
    return False


def _int(node: ast.expr | None) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    return None


def positional_uses(source: str) -> list[tuple[int, str]]:
    """(line, snippet) of every place the source maps a fetched row by position: an index of 2 or more
    (`row[5]`, `fetchone()[2]`), a slice with a bound of 2 or more (`row[:10]`, `r[2:]`), or a row spread
    into a call (`Model(*row)`). `row[0]` and `row[1]` stay allowed: a scalar, a (key, value) pair."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Subscript) and _is_row(node.value):
            index = node.slice
            if isinstance(index, ast.Slice):
                bounds = [_int(index.lower), _int(index.upper)]
                positional = any(b is not None and b >= 2 for b in bounds)
            else:
                positional = (_int(index) or 0) >= 2
            if positional:
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Call):
            for arg in node.args:
                if isinstance(arg, ast.Starred) and (_is_row(arg.value) or (
                        isinstance(arg.value, ast.Subscript) and _is_row(arg.value.value))):
                    found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def _storage_modules() -> list[Path]:
    return sorted(p for p in STORAGE.rglob("*.py"))


def test_storage_modules_map_rows_by_name():
    offenders = []
    for path in _storage_modules():
        if path.name in NOT_YET_CONVERTED and path.parent == STORAGE:
            continue
        for line, snippet in positional_uses(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(STORAGE.parent.parent)}:{line}: {snippet}")
    assert not offenders, (
        "rows mapped by position; select the columns under the model's field names and use"
        " reviews.storage.rows.named()/named_one():\n" + "\n".join(offenders))


def test_allow_list_is_current():
    # A module taken off the list stays off: an entry that no longer maps by position (or is gone) must go.
    stale = sorted(name for name in NOT_YET_CONVERTED
                   if not (STORAGE / name).exists() or not positional_uses((STORAGE / name).read_text("utf-8")))
    assert not stale, f"converted (or removed); take them off NOT_YET_CONVERTED: {stale}"


@pytest.mark.parametrize("snippet", [
    "def f(cur):\n    row = cur.execute('SELECT a, b, c').fetchone()\n    return row[2]\n",
    "def f(cur):\n    return [Model(r[0], r[1], r[5]) for r in cur.execute('SELECT 1').fetchall()]\n",
    "def f(cur):\n    return cur.execute('SELECT 1, 2, 3').fetchone()[2]\n",
    "def f(cur):\n    return cur.execute('SELECT 1, 2, 3').fetchall()[0][4]\n",
    "def f(cur):\n    row = cur.execute('SELECT 1').fetchone()\n    return Model(*row)\n",
    "def f(cur):\n    row = cur.execute('SELECT 1').fetchone()\n    return Model(*row[:10]), row[10]\n",
    "def f(cur):\n    first_row = cur.execute('SELECT 1').fetchone()\n    return first_row[3]\n",
])
def test_the_guard_catches_positional_rows(snippet):
    assert positional_uses(snippet)


@pytest.mark.parametrize("snippet", [
    "def f(cur):\n    return cur.execute('SELECT count(*) FROM t').fetchone()[0]\n",
    "def f(cur):\n    row = cur.execute('SELECT id FROM t').fetchone()\n    return row[0] if row else None\n",
    "def f(cur):\n    return {r[0]: r[1] for r in cur.execute('SELECT k, v FROM t').fetchall()}\n",
    "def f(cur):\n    return [Model(**r) for r in named(cur.execute('SELECT a FROM t'))]\n",
    "def f(cur):\n    return [(a, b, c) for a, b, c in cur.execute('SELECT a, b, c FROM t').fetchall()]\n",
    "def f(scope):\n    return scope[2], parts[3]\n",
])
def test_the_guard_lets_scalars_pairs_and_named_rows_pass(snippet):
    assert positional_uses(snippet) == []


def test_two_columns_of_the_same_name_are_refused_rather_than_one_silently_winning(db):
    from reviews.storage.rows import named, named_one

    with pytest.raises(ValueError, match="duplicate column names"):
        named(db.cursor().execute("SELECT 1 AS a, 2 AS a"))
    with pytest.raises(ValueError, match="duplicate column names"):
        named_one(db.cursor().execute("SELECT 1 AS a, 2 AS a"))
