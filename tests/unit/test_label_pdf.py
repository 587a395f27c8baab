"""OpsDesk's own 100×150 mm label: what it prints, and that the barcode fits the page."""

from __future__ import annotations

import re

from reportlab.lib.units import mm

from opsdesk.kernel import pdf
from opsdesk.shipping.labels import LabelSheet, render_label

SHEET = LabelSheet(
    carrier="DHL", service_level="express", tracking_number="00340434321120261117090012345",
    tracking_url="https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=0034",
    order_number="SO-1001", sender=("OpsDesk Demo Store", "Leipzig", "04435 Leipzig", "DE"),
    recipient=("Łukasz Müller", "Hauptstraße 1", "10115 Berlin", "DE"), weight_g=1250,
)  # fmt: skip


def test_the_label_is_one_100_by_150_mm_page() -> None:
    body = render_label(SHEET)

    assert body.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", body)
    assert len(boxes) == 1
    width, height = (float(v) for v in boxes[0])
    assert (round(width / mm), round(height / mm)) == (100, 150)
    assert b"Label 00340434321120261117090012345" in body  # the document's title


def test_the_longest_tracking_numbers_barcode_fits_between_the_margins() -> None:
    for number in (SHEET.tracking_number, "SIMSN202611170900ABCDEF", "QB32202611170900123456BR"):
        code = pdf.barcode(number, height=16 * mm, bar_width=0.3 * mm)
        assert code.width <= 90 * mm, number
