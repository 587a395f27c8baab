from __future__ import annotations

from datetime import UTC, datetime

from opsdesk.fulfilment.models import FulfilmentErrorKind
from opsdesk.fulfilment.policy import (
    LineToPack,
    ScanAccepted,
    ScanRefused,
    error_rates,
    totals,
    verify_scan,
)

MUG = LineToPack(1, "MUG-BLUE", "4006381333931", quantity=2)
TEE = LineToPack(2, "TEE-RED", None, quantity=1)


def test_a_scan_by_ean_packs_the_matching_line() -> None:
    decision = verify_scan([MUG, TEE], "4006381333931", 1)
    assert decision == ScanAccepted("MUG-BLUE", ((1, 1),), complete=False)


def test_the_last_unit_completes_the_fulfilment() -> None:
    decision = verify_scan([MUG, LineToPack(2, "TEE-RED", None, 1, packed=1)], " MUG-BLUE ", 2)
    assert isinstance(decision, ScanAccepted)
    assert decision.complete


def test_an_item_not_in_the_parcel_is_a_wrong_item() -> None:
    decision = verify_scan([MUG, TEE], "SOCK-GREY", 1)
    assert decision == ScanRefused(
        FulfilmentErrorKind.WRONG_ITEM, "SOCK-GREY is not part of this fulfilment", "SOCK-GREY",
        "MUG-BLUE",
    )  # fmt: skip


def test_more_units_than_are_left_are_refused() -> None:
    decision = verify_scan([LineToPack(1, "MUG-BLUE", None, 2, packed=2)], "MUG-BLUE", 1)
    assert isinstance(decision, ScanRefused)
    assert decision.kind is FulfilmentErrorKind.OTHER
    assert "only 0 x MUG-BLUE left" in decision.reason


def test_a_sku_on_two_lines_fills_the_first_open_line_first() -> None:
    lines = [LineToPack(1, "MUG-BLUE", None, 1, packed=1), LineToPack(5, "MUG-BLUE", None, 3)]
    decision = verify_scan(lines, "MUG-BLUE", 2)
    assert isinstance(decision, ScanAccepted)
    assert decision.packed == ((5, 2),)


def test_error_rates_are_per_hundred_fulfilments_per_iso_week() -> None:
    monday = datetime(2026, 11, 16, 9, tzinfo=UTC)
    next_monday = datetime(2026, 11, 23, 9, tzinfo=UTC)
    rates = error_rates(
        fulfilled=[("BER", monday)] * 4 + [("BER", next_monday)],
        errors=[("BER", monday), ("HAM", next_monday)],
    )
    assert [(r.group, r.week, r.fulfilments, r.errors, r.per_100) for r in rates] == [
        ("BER", "2026-W47", 4, 1, 25.0),
        ("BER", "2026-W48", 1, 0, 0.0),
        ("HAM", "2026-W48", 0, 1, None),
    ]
    assert [(t.group, t.fulfilments, t.errors) for t in totals(rates)] == [
        ("BER", 5, 1),
        ("HAM", 0, 1),
    ]
