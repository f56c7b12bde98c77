"""Rows by column name. A SELECT names its columns after the model's fields (`AS case_total`), and a row
becomes the model with `Model(**row)`: a column added, dropped or moved in the SELECT cannot shift a value
into the wrong field unnoticed, because a name the model does not have fails at once."""

from __future__ import annotations

from itertools import repeat


def _names(result) -> list[str]:
    names = [d[0] for d in result.description]
    if len(set(names)) != len(names):  # a second column of the same name would silently win
        raise ValueError(f"duplicate column names in a SELECT: {names}")
    return names


def named(result) -> list[dict]:
    """Every row of an executed statement as {column name: value}."""
    names = _names(result)
    # Names resolved once per result; map/zip run in C, measurably faster than a comprehension with
    # zip(strict=True) (every row of a result has as many values as the description has names).
    return list(map(dict, map(zip, repeat(names), result.fetchall())))


def named_one(result) -> dict | None:
    """The first row of an executed statement as {column name: value}, or None."""
    row = result.fetchone()
    return None if row is None else dict(zip(_names(result), row))
