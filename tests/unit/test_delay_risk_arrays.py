"""Coding string columns for the risk scan: the same codes whichever path codes them."""

from __future__ import annotations

import numpy as np

from opsdesk.proactive.risk.arrays import distinct_rows, factorize


def test_text_is_coded_in_order_of_appearance() -> None:
    values, codes = factorize(np.asarray(["SP", "RJ", "SP", "", "RJ", "é"], dtype=object))

    assert values == ["SP", "RJ", "", "é"]
    assert codes.tolist() == [0, 1, 0, 2, 1, 3]


def test_anything_else_is_coded_by_its_text() -> None:
    values, codes = factorize(np.asarray(["a", None, "None", 1, "1"], dtype=object))

    assert values == ["a", "None", "1"]
    assert codes.tolist() == [0, 1, 1, 2, 2]


def test_distinct_rows_gives_each_row_its_tuple() -> None:
    tuples, index = distinct_rows(
        np.asarray(["c", "a", "c", "a"], dtype=object), np.array(["x", "y", "x", "x"])
    )

    assert [tuples[i] for i in index.tolist()] == [("c", "x"), ("a", "y"), ("c", "x"), ("a", "x")]
    assert len(tuples) == 3
