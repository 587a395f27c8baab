"""Touched days are re-rolled in contiguous runs: one statement per run, none twice."""

from __future__ import annotations

from datetime import date

from opsdesk.orders.demand.roll import _runs


def test_touched_days_fold_into_sorted_contiguous_runs_without_repeats() -> None:
    days = [date(2026, 12, 3), date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 1),
            date(2026, 12, 7), date(2026, 12, 2)]  # fmt: skip
    assert _runs(days) == [
        (date(2026, 11, 30), date(2026, 12, 3)),
        (date(2026, 12, 7), date(2026, 12, 7)),
    ]
    assert _runs([]) == []
