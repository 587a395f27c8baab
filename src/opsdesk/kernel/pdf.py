"""Printable documents (purchase orders, pick lists, packing slips, labels) as PDF, built
with reportlab's page layout (platypus) and its barcode widgets.

Text is set in Bitstream Vera, which reportlab ships: unlike the built-in Helvetica it is
a real TrueType font, so names like "Łukasz" or "Müller" print as written where the font
has the glyph. Documents are built in memory; the caller streams the bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import reportlab
from reportlab.graphics.barcode import code128, qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.flowables import Spacer

FONT, BOLD = "OpsDeskSans", "OpsDeskSans-Bold"
MEDIA_TYPE = "application/pdf"


@cache
def _fonts() -> None:
    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "VeraBd.ttf")))


def style(size: float = 10, *, bold: bool = False, leading: float | None = None) -> ParagraphStyle:
    _fonts()
    return ParagraphStyle(
        f"s{size}{bold}", fontName=BOLD if bold else FONT, fontSize=size,
        leading=leading or size * 1.25,
    )  # fmt: skip


def text(value: str, size: float = 10, *, bold: bool = False) -> Paragraph:
    """A paragraph of plain text (markup characters are escaped)."""
    safe = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(safe, style(size, bold=bold))


def table(rows: Sequence[Sequence[object]], widths: Sequence[float] | None = None) -> Table:
    """A grid with a bold header row; cells may be strings or flowables."""
    _fonts()
    body = [[text(c) if isinstance(c, str) else c for c in row] for row in rows]
    grid = Table(body, colWidths=widths, repeatRows=1)
    grid.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))  # fmt: skip
    return grid


def barcode(value: str, *, height: float = 14 * mm, bar_width: float = 0.38 * mm) -> Flowable:
    """A Code 128 barcode of ``value`` (what a handheld or keyboard-wedge scanner reads)."""
    return code128.Code128(value, barHeight=height, barWidth=bar_width, humanReadable=True)


def qr_code(value: str, *, size: float = 30 * mm) -> Drawing:
    widget = qr.QrCodeWidget(value)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def gap(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


def build(
    story: Sequence[Flowable],
    *,
    title: str,
    pagesize: tuple[float, float] = A4,
    margin: float = 15 * mm,
) -> bytes:
    """The PDF bytes of ``story`` laid out on pages of ``pagesize``."""
    _fonts()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=pagesize, title=title, leftMargin=margin, rightMargin=margin,
        topMargin=margin, bottomMargin=margin,
    )  # fmt: skip
    document.build(list(story))
    return out.getvalue()


__all__ = ["MEDIA_TYPE", "barcode", "build", "gap", "qr_code", "style", "table", "text"]
