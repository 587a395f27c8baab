"""Pure parts of purchasing: counting at the dock, the buyer's typed lines and dates,
the purchase-order document, and an e-mail that carries a file."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab.graphics.barcode import code128
from reportlab.platypus import Table

from opsdesk.inventory.dock import DockLine, DockRow, OverReceipt, merge_lines, over_receipts
from opsdesk.inventory.po_document import DocumentLine, PoDocument, filename, story
from opsdesk.kernel.errors import InvalidInput
from opsdesk.notifications.channels import Attachment, Outgoing
from opsdesk.notifications.channels.email import SmtpConfig, build_email
from opsdesk.web.ui.ops.purchasing_views import parse_day, parse_lines


def test_scans_of_one_sku_make_one_line_and_the_last_named_bin_wins() -> None:
    merged = merge_lines([DockLine("TEE", 1, "A-01"), DockLine("CAP", 0, "B"),
                          DockLine("TEE", 4, " "), DockLine("TEE", 1, "A-02")])  # fmt: skip
    assert merged == [DockLine("TEE", 6, "A-02")]


def test_a_negative_count_is_refused_by_name() -> None:
    with pytest.raises(InvalidInput, match="TEE: a count cannot be negative"):
        merge_lines([DockLine("TEE", -1)])


def test_only_lines_above_what_is_outstanding_are_over_receipts() -> None:
    lines = [DockLine("TEE", 5), DockLine("CAP", 3), DockLine("HAT", 1)]
    assert over_receipts({"TEE": 5, "CAP": 2}, lines) == [
        OverReceipt("CAP", 3, 2), OverReceipt("HAT", 1, 0),
    ]  # fmt: skip


def test_outstanding_never_goes_below_zero() -> None:
    assert DockRow(1, 1, "TEE", "", "Tee", ordered=4, received=6, last_bin="").outstanding == 0


def test_typed_lines_accept_spaces_commas_and_blank_lines() -> None:
    assert parse_lines("TEE-M 40\n\nCAP-OLIVE,12\n") == {"TEE-M": 40, "CAP-OLIVE": 12}


@pytest.mark.parametrize(
    ("typed", "problem"),
    [("TEE-M forty", "line 1 ('TEE-M forty') is not 'SKU quantity'"),
     ("TEE-M 0", "is not 'SKU quantity'"), ("TEE 1\nTEE 2", "TEE is listed twice"),
     ("  \n", "add at least one line")],
)  # fmt: skip
def test_typed_lines_that_are_not_sku_and_quantity_are_named(typed: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        parse_lines(typed)


def test_a_typed_date_is_iso_blank_or_refused_by_field() -> None:
    assert parse_day("2026-03-20", "due") == date(2026, 3, 20)
    assert parse_day(" ", "due") is None
    with pytest.raises(ValueError, match="due: '20/03' is not a date"):
        parse_day("20/03", "due")


def test_the_document_carries_the_number_as_code128_and_every_line() -> None:
    doc = PoDocument(
        store_name="Nordlicht", number="PO-7F3A", supplier="Nordwolle GmbH",
        supplier_email="orders@nordwolle.example", currency="EUR",
        deliver_to=("Hamburg", "Kai 1", "20457 Hamburg", "DE"), ordered_on=date(2026, 3, 2),
        due=date(2026, 3, 12),
        lines=(DocumentLine("TEE-M", "Merino tee", "4006381333931", 40),
               DocumentLine("CAP", "Waxed cap", "", 12)),
    )  # fmt: skip
    flowables = story(doc)
    [bars] = [f for f in flowables if isinstance(f, code128.Code128)]
    assert bars.value == "PO-7F3A"
    [grid] = [f for f in flowables if isinstance(f, Table)]
    assert grid._cellvalues[1][0].text == "TEE-M"  # type: ignore[attr-defined]
    assert grid._cellvalues[2][3].text == "12"  # type: ignore[attr-defined]
    assert filename("PO/7 F") == "PO_7_F.pdf"


def test_an_email_carries_its_attachment_and_no_empty_html_part() -> None:
    message = Outgoing("<1@x>", "orders@nordwolle.example", "Purchase order", "Hello", "",
                       attachments=(Attachment("PO-1.pdf", "application/pdf", b"%PDF-1.4"),))  # fmt: skip
    email = build_email(SmtpConfig(host="localhost"), message)
    [part] = list(email.iter_attachments())
    assert (part.get_filename(), part.get_content()) == ("PO-1.pdf", b"%PDF-1.4")
    assert [p.get_content_type() for p in email.walk()] == [
        "multipart/mixed", "text/plain", "application/pdf",
    ]  # fmt: skip
