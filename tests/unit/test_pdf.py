"""PDF documents: real files with the text and barcodes they were given."""

from __future__ import annotations

from reportlab.graphics.barcode import code128

from opsdesk.kernel import pdf


def test_a_document_is_a_pdf_with_its_title_and_non_ascii_names() -> None:
    story = [
        pdf.text("Packing slip", 16, bold=True),
        pdf.table([["SKU", "Qty"], ["MUG-BLUE", "2"], ["Müller & Søn", "1"]]),
        pdf.barcode("OD-4821-7730"),
        pdf.qr_code("https://shop.example/track/abc"),
    ]
    data = pdf.build(story, title="Packing slip OD-4821-7730")
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"Packing slip OD-4821-7730" in data  # the document's title metadata
    assert b"/FontFile2" in data  # an embedded TrueType font, not the Latin-1 Helvetica


def test_a_barcode_encodes_exactly_the_value_given() -> None:
    bars = pdf.barcode("PO-000017")
    assert isinstance(bars, code128.Code128)
    assert bars.value == "PO-000017"
    assert bars.width > 30
    assert bars.barHeight > 30
