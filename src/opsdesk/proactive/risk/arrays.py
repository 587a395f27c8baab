"""Array helpers: work once per distinct combination instead of once per row."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray


def distinct_rows(*columns: NDArray[Any]) -> tuple[list[tuple[str, ...]], NDArray[np.int64]]:
    """The distinct tuples of string ``columns`` and, per row, the index of its tuple.

    Each column is coded on its own, the codes are combined into one integer, and only
    the distinct integers become tuples again — a million rows with a few thousand
    distinct lanes cost a few sorts, not a million Python tuples.
    """
    uniques: list[list[str]] = []
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        values, codes = factorize(column)
        uniques.append(values)
        combined = combined * max(len(values), 1) + codes
    distinct, inverse = np.unique(combined, return_inverse=True)
    tuples = []
    for value in distinct.tolist():
        parts = []
        for values in reversed(uniques):
            value, index = divmod(value, len(values))
            parts.append(values[index])
        tuples.append(tuple(reversed(parts)))
    return tuples, inverse.astype(np.int64)


def factorize(column: NDArray[Any]) -> tuple[list[str], NDArray[np.int64]]:
    """Distinct values in order of appearance and each row's code, by hashing (no sort).

    Values are coded as their text (``str(v)``). Columns of text — the scan's — go through
    pandas' C hash table; anything else (numbers, ``None``) is coded value by value.
    """
    codes, uniques = pd.factorize(np.asarray(column, dtype=object), use_na_sentinel=False)
    values = uniques.tolist()
    if all(type(v) is str for v in values):
        return values, np.asarray(codes, dtype=np.int64)
    table: dict[str, int] = {}
    slow = np.fromiter(
        (table.setdefault(str(v), len(table)) for v in column.tolist()),
        dtype=np.int64,
        count=len(column),
    )
    return list(table), slow
