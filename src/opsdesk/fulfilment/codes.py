"""The barcodes fulfilment prints and reads back: pick lists, fulfilments and totes.

Each kind has its own prefix, so a scanned code can never be mistaken for a SKU or an
EAN (those never start with ``PL-``, ``FUL-`` or ``TOTE-``), and reading one back is a
pure parse, without a query."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

CodeKind = Literal["pick_list", "fulfilment", "tote"]

_PATTERNS: tuple[tuple[CodeKind, re.Pattern[str]], ...] = (
    ("pick_list", re.compile(r"PL-(\d{1,18})")),
    ("fulfilment", re.compile(r"FUL-(\d{1,18})")),
    ("tote", re.compile(r"TOTE-\d{1,18}-\d{1,4}")),
)


def pick_list_code(pick_list_id: int) -> str:
    return f"PL-{pick_list_id}"


def fulfilment_code(fulfilment_id: int) -> str:
    return f"FUL-{fulfilment_id}"


def tote_code(pick_list_id: int, slot: int) -> str:
    """The tote holding the ``slot``-th order of a pick list (slots count from 1)."""
    return f"TOTE-{pick_list_id}-{slot:02d}"


@dataclass(frozen=True)
class ParsedCode:
    kind: CodeKind
    value: str  # the id for pick lists and fulfilments, the whole code for totes


def parse_code(code: str) -> ParsedCode | None:
    """What a scanned code names, or None when it is not one of ours."""
    text = code.strip().upper()
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return ParsedCode(kind, match.group(1) if match.groups() else text)
    return None
