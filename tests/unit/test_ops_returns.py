"""The returns screens' pure parts: form fields read and refused by name, the queue's
filters checked, reasons folded per SKU and ranked by return rate, the chart built."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from opsdesk import returns
from opsdesk.kernel.errors import InvalidInput
from opsdesk.returns.summary import SkuReasons, summarise
from opsdesk.web.ui.ops import returns_forms as forms
from opsdesk.web.ui.ops.returns import QueueFilters
from opsdesk.web.ui.ops.returns_summary import reasons_chart

R = returns.ReturnReason


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [("19.90", "EUR", 1990), ("19,9", "EUR", 1990), ("1200", "JPY", 1200), (" 0.01 ", "EUR", 1)],
)
def test_refund_amounts_are_read_in_the_currency_s_minor_units(
    text: str, currency: str, minor: int
) -> None:
    assert forms.amount_minor(text, currency) == minor


@pytest.mark.parametrize("text", ["", "abc", "0", "-5", "19.999", "1e30", "NaN", "Infinity"])
def test_what_is_not_a_positive_amount_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        forms.amount_minor(text, "EUR")
    assert refused.value.details == {"field": "amount"}


def test_the_refund_field_starts_at_the_amount_in_major_units() -> None:
    assert forms.major_amount(1990, "EUR") == "19.90"
    assert forms.major_amount(1200, "JPY") == "1200"


def test_inspection_fields_are_read_or_refused_by_name() -> None:
    assert forms.grade("b") is returns.ConditionGrade.B
    assert forms.reason_check("no") is False
    assert forms.disposition("write_off") is returns.Disposition.WRITE_OFF
    for read, bad, field in (
        (forms.grade, "E", "grade"),
        (forms.reason_check, "", "reason_check"),
        (forms.disposition, "keep", "disposition"),
        (forms.warehouse_id, "x", "warehouse_id"),
        (forms.warehouse_id, "0", "warehouse_id"),
        (forms.approve, "maybe", "decision"),
    ):
        with pytest.raises(InvalidInput) as refused:
            read(bad)
        assert refused.value.details == {"field": field}


def test_queue_filters_name_each_unknown_value() -> None:
    bad = QueueFilters(state="lost", reason="bored", warehouse="Berlin", days="2")
    assert len(bad.problems()) == 4
    good = QueueFilters(state="received", days="30", q=" RMA-1 ")
    assert good.problems() == []
    now = datetime(2026, 12, 7, tzinfo=UTC)
    chosen = good.to_filter(now)
    assert chosen.status is returns.ReturnStatus.RECEIVED
    assert chosen.since == datetime(2026, 11, 7, tzinfo=UTC)
    assert chosen.search == "RMA-1"
    assert good.params() == {"state": "received", "days": "30", "q": " RMA-1 "}


def test_reasons_are_folded_per_sku_and_ranked_by_return_rate() -> None:
    rows = [
        ("MUG", "Mug", R.DAMAGED, 3),
        ("MUG", "Mug", R.CHANGED_MIND, 1),
        ("TEE", "Tee", R.NOT_AS_DESCRIBED, 2),
        ("CAP", "Cap", R.OTHER, 9),  # sold before the period: no rate, listed last
    ]
    ranked = summarise(rows, {"MUG": 100, "TEE": 4})
    assert [r.sku for r in ranked] == ["TEE", "MUG", "CAP"]
    assert ranked[0].rate == 0.5
    assert ranked[1].returned == 4
    assert ranked[1].top_reason is R.DAMAGED
    assert ranked[2].rate is None


def test_the_chart_plots_only_the_reasons_that_occur() -> None:
    rows = [SkuReasons("MUG", "Mug", {R.DAMAGED: 2, R.LATE: 1}, sold=10)]
    chart = reasons_chart(rows, 30)
    assert chart.labels == ["MUG"]
    assert [(s.label, s.values) for s in chart.series] == [("Damaged", [2]), ("Arrived late", [1])]
    assert reasons_chart([], 90).empty
