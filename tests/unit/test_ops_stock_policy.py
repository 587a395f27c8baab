"""Pure stock-keeping decisions: low and out of stock, adjustment reasons, what a count
books, which way a transfer may move; and reading CSV files and transfer goods lines."""

from __future__ import annotations

import pytest

from opsdesk.catalog.csv_cells import read_product, read_variant
from opsdesk.catalog.csv_table import MAX_ROWS, csv_line, read_table
from opsdesk.inventory import stock_policy
from opsdesk.inventory.models import TransferStatus
from opsdesk.kernel.errors import IllegalTransition, InvalidInput
from opsdesk.web.ui.ops.stock_transfers import parse_lines

COLUMNS = ("sku", "warehouse", "on_hand")


@pytest.mark.parametrize(
    ("available", "reorder_point", "state"),
    [(0, None, "out"), (-1, 3, "out"), (5, None, "low"), (6, None, "ok"), (6, 10, "low"),
     (1, 0, "ok")],
)  # fmt: skip
def test_stock_state_uses_the_rows_reorder_point_or_the_default(
    available: int, reorder_point: int | None, state: str
) -> None:
    assert stock_policy.stock_state(available, reorder_point).value == state


def test_an_adjustment_reason_is_a_known_kind_with_the_note() -> None:
    assert (
        stock_policy.adjustment_reason("Damage", "  dropped   pallet ") == "damage: dropped pallet"
    )
    assert stock_policy.adjustment_reason("cycle count") == "cycle count"
    with pytest.raises(InvalidInput, match="one of: cycle count, damage, found"):
        stock_policy.adjustment_reason("stolen")
    with pytest.raises(InvalidInput, match="say what happened"):
        stock_policy.adjustment_reason("other", " ")


def test_a_count_books_the_difference_but_never_below_what_orders_hold() -> None:
    assert stock_policy.count_delta(on_hand=10, reserved=2, counted=7) == -3
    assert stock_policy.count_delta(on_hand=0, reserved=0, counted=4) == 4
    with pytest.raises(InvalidInput, match="below the 2 units reserved"):
        stock_policy.count_delta(on_hand=10, reserved=2, counted=1)


def test_transfers_move_forward_only() -> None:
    stock_policy.check_transfer_move(TransferStatus.DRAFT, TransferStatus.IN_TRANSIT)
    stock_policy.check_transfer_move(TransferStatus.IN_TRANSIT, TransferStatus.RECEIVED)
    for current, target in [
        (TransferStatus.DRAFT, TransferStatus.RECEIVED),
        (TransferStatus.IN_TRANSIT, TransferStatus.CANCELLED),
        (TransferStatus.RECEIVED, TransferStatus.IN_TRANSIT),
    ]:
        with pytest.raises(IllegalTransition):
            stock_policy.check_transfer_move(current, target)


def test_a_table_keeps_each_rows_line_and_skips_blank_lines() -> None:
    table = read_table(b"\xef\xbb\xbfSKU,Warehouse,on_hand\r\nA,HAM,1\r\n\r\n B ,MUC\r\n", COLUMNS,
                       required=COLUMNS)  # fmt: skip
    assert table.rows == [
        (2, {"sku": "A", "warehouse": "HAM", "on_hand": "1"}),
        (4, {"sku": "B", "warehouse": "MUC", "on_hand": ""}),
    ]


def test_a_row_with_too_many_cells_is_a_bad_row_not_a_silent_cut() -> None:
    table = read_table(b"sku,warehouse,on_hand\nA,HAM,1,9\n", COLUMNS, required=COLUMNS)
    assert [(e.line, e.message) for e in table.errors] == [(2, "4 cells for 3 columns")]
    assert table.rows == []


def test_a_quoted_cell_spans_lines_and_numbers_stay_right() -> None:
    data = b'sku,warehouse,on_hand\n"A\nB",HAM,1\nC,HAM,2\n'
    assert [line for line, _ in read_table(data, COLUMNS, required=COLUMNS).rows] == [3, 4]


def test_more_rows_than_the_bound_are_refused() -> None:
    data = b"sku,warehouse,on_hand\n" + b"A,HAM,1\n" * (MAX_ROWS + 1)
    with pytest.raises(InvalidInput, match="more than 50,000 rows"):
        read_table(data, COLUMNS, required=COLUMNS)


def test_csv_lines_quote_what_needs_quoting() -> None:
    assert csv_line(["a,b", 'say "hi"', None, 3]) == '"a,b","say ""hi""",,3\n'


def test_catalog_cells_read_only_the_columns_the_file_has() -> None:
    row = {"fragile": "Yes", "price_minor": "1990", "ean": "", "lead_time_days": "",
           "variant_title": "blue", "active": "false"}  # fmt: skip
    assert read_product(row) == {"fragile": True}
    assert read_variant(row) == {"price_minor": 1990, "ean": None, "lead_time_days": None,
                                 "title": "blue", "active": False}  # fmt: skip
    with pytest.raises(ValueError, match=r"price_minor must be a whole number, not '19\.90'"):
        read_variant({"price_minor": "19.90"})


def test_transfer_goods_are_read_one_sku_and_quantity_per_line() -> None:
    assert parse_lines("MUG-BLUE 12\n\nTEE-M,4\nCAP/RED ; 1") == [
        {"sku": "MUG-BLUE", "quantity": 12}, {"sku": "TEE-M", "quantity": 4},
        {"sku": "CAP/RED", "quantity": 1},
    ]  # fmt: skip
    with pytest.raises(ValueError, match="line 2 of the goods"):
        parse_lines("MUG-BLUE 1\nTEE-M")
