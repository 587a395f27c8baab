"""Pure fulfilment decisions for the pick list and the packing station: our barcodes,
aisle order, which boxes to offer, and where a parcel stands."""

from __future__ import annotations

from reportlab.graphics.barcode import code128
from reportlab.platypus import Table

from opsdesk import fulfilment
from opsdesk.fulfilment import boxes
from opsdesk.fulfilment.pick_document import PickLine, pick_rows
from opsdesk.web.ui.ops.packing_view import stage_of

Status = fulfilment.FulfilmentStatus
MUG = boxes.ItemSize(120, 90, 100, 350)


def test_our_barcodes_read_back_as_what_they_name_and_nothing_else_does() -> None:
    assert fulfilment.parse_code(fulfilment.pick_list_code(12)) == fulfilment.codes.ParsedCode(
        "pick_list", "12"
    )
    assert fulfilment.parse_code(" ful-7 ") == fulfilment.codes.ParsedCode("fulfilment", "7")
    tote = fulfilment.tote_code(3, 1)
    assert tote == "TOTE-3-01"
    assert fulfilment.parse_code(tote) == fulfilment.codes.ParsedCode("tote", "TOTE-3-01")
    for not_ours in ("MUG-BLUE", "4006381333931", "FUL-", "PL-12x", "#1001", ""):
        assert fulfilment.parse_code(not_ours) is None


def test_bins_sort_in_aisle_order_with_numbers_as_numbers_and_no_bin_last() -> None:
    shuffled = ["B-1", "", "A-10", "a-2", "A-2-3"]
    assert sorted(shuffled, key=fulfilment.bin_sort_key) == ["a-2", "A-2-3", "A-10", "B-1", ""]


def test_a_pick_list_walks_by_bin_and_says_which_tote_gets_how_many() -> None:
    lines = [
        PickLine("TOTE-1-01", "TEE-RED", 2, 1),
        PickLine("TOTE-1-01", "MUG-BLUE", 1, 2),
        PickLine("TOTE-1-02", "MUG-BLUE", 1, 3),
        PickLine("TOTE-1-02", "CAP-GREY", 3, 1),
    ]
    rows = pick_rows(lines, bins={1: "B-10", 2: "B-9"}, titles={1: "Blue mug"})
    assert [(r.bin, r.sku, r.quantity) for r in rows] == [
        ("B-9", "TEE-RED", 1),
        ("B-10", "MUG-BLUE", 5),
        ("", "CAP-GREY", 1),
    ]
    assert rows[1].totes == (("TOTE-1-01", 2), ("TOTE-1-02", 3))
    assert rows[1].title == "Blue mug"


def test_the_printed_pick_list_has_barcodes_of_the_list_each_sku_and_each_tote() -> None:
    sheet = fulfilment.PickSheet(
        4, "PL-4", "BER Berlin", fulfilment.models.utcnow(), "operations:jonas", None,
        pick_rows([PickLine("TOTE-4-01", "MUG-BLUE", 1, 2)], {1: "A-1"}, {}),
        [fulfilment.ToteRow("TOTE-4-01", 9, "#1001", 2, "picking")],
    )  # fmt: skip
    story = fulfilment.pick_list_story(sheet)
    codes = [f.value for f in story if isinstance(f, code128.Code128)]
    for table in (f for f in story if isinstance(f, Table)):
        cells = [cell for row in vars(table)["_cellvalues"] for cell in row]
        codes += [c.value for c in cells if isinstance(c, code128.Code128)]
    assert codes == ["PL-4", "MUG-BLUE", "TOTE-4-01"]
    assert fulfilment.pick_list_pdf(sheet).startswith(b"%PDF-")


def test_the_smallest_boxes_that_hold_the_items_are_offered_first() -> None:
    offer = boxes.offered_boxes([boxes.ItemSize(120, 90, 100, 350, quantity=2)])
    assert offer.all_fit
    # the 50 mm mailer is too flat for a 90 mm mug, however it is turned
    assert [b.code for b in offer.boxes] == ["BOX-S", "BOX-M", "BOX-L", "BOX-XL"]
    flat = boxes.offered_boxes([boxes.ItemSize(200, 150, 30, 200)])
    assert flat.boxes[0].code == "MAILER-S"


def test_weight_and_volume_rule_boxes_out_and_nothing_fitting_offers_every_box() -> None:
    heavy = boxes.offered_boxes([boxes.ItemSize(100, 100, 50, 4_950)])
    assert "BOX-S" not in [b.code for b in heavy.boxes]  # 4,950 g + 120 g box > 5 kg
    many = boxes.offered_boxes([boxes.ItemSize(120, 90, 100, 350, quantity=20)])
    assert [b.code for b in many.boxes] == ["BOX-L", "BOX-XL"]  # 80 % of the volume at most
    huge = boxes.offered_boxes([boxes.ItemSize(900, 100, 100, 1_000)])
    assert not huge.all_fit
    assert len(huge.boxes) == len(boxes.STANDARD_BOXES)
    box = boxes.box_by_code("BOX-M")
    assert box is not None
    assert boxes.parcel_weight([MUG, MUG], box) == 350 + 350 + 220


def test_the_station_knows_where_a_parcel_stands() -> None:
    assert stage_of(Status.PICKING, None) == "scan"
    assert stage_of(Status.PACKED, None) == "box"
    assert stage_of(Status.PACKED, "BOX-S") == "ship"
    assert stage_of(Status.SHIPPED, "BOX-S") == "shipped"
    assert stage_of(Status.CANCELLED, None) == "closed"
