"""Pure packing decisions: does a scan belong in this parcel, and how often do we err."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from opsdesk.fulfilment.models import FulfilmentErrorKind


@dataclass(frozen=True)
class LineToPack:
    line_id: int
    sku: str
    ean: str | None
    quantity: int
    packed: int = 0

    @property
    def remaining(self) -> int:
        return self.quantity - self.packed

    def matches(self, code: str) -> bool:
        return code == self.sku or (self.ean is not None and code == self.ean)


@dataclass(frozen=True)
class ScanAccepted:
    sku: str
    # (line id, units) pairs: a SKU on two lines fills the first open one first.
    packed: tuple[tuple[int, int], ...]
    complete: bool  # every line of the fulfilment is now fully packed


@dataclass(frozen=True)
class ScanRefused:
    kind: FulfilmentErrorKind
    reason: str
    scanned_sku: str
    expected_sku: str


ScanDecision = ScanAccepted | ScanRefused


def verify_scan(lines: Sequence[LineToPack], code: str, quantity: int) -> ScanDecision:
    """Accept a scan only for an item still owed to this fulfilment, never beyond it."""
    code = code.strip()
    matching = [line for line in lines if line.matches(code)]
    open_lines = [line for line in lines if line.remaining > 0]
    expected = open_lines[0].sku if open_lines else ""
    if not matching:
        reason = f"{code} is not part of this fulfilment"
        return ScanRefused(FulfilmentErrorKind.WRONG_ITEM, reason, code, expected)
    sku = matching[0].sku
    left = sum(line.remaining for line in matching)
    if quantity > left:
        reason = f"only {left} x {sku} left to pack, {quantity} scanned"
        return ScanRefused(FulfilmentErrorKind.OTHER, reason, sku, sku)
    packed: list[tuple[int, int]] = []
    still = quantity
    for line in matching:
        take = min(line.remaining, still)
        if take > 0:
            packed.append((line.line_id, take))
            still -= take
    left_after = sum(line.remaining for line in lines) - quantity
    return ScanAccepted(sku, tuple(packed), complete=left_after == 0)


@dataclass(frozen=True)
class ErrorRate:
    group: str
    week: str  # ISO week, e.g. 2026-W47
    fulfilments: int
    errors: int

    @property
    def per_100(self) -> float | None:
        """Errors per 100 fulfilments; None when nothing was fulfilled that week."""
        if self.fulfilments == 0:
            return None
        return round(100 * self.errors / self.fulfilments, 2)


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def error_rates(
    fulfilled: Iterable[tuple[str, datetime]], errors: Iterable[tuple[str, datetime]]
) -> list[ErrorRate]:
    """Fulfilments and errors counted per group and ISO week, ordered by group then week."""
    done = Counter((group, iso_week(at)) for group, at in fulfilled)
    failed = Counter((group, iso_week(at)) for group, at in errors)
    keys = sorted(set(done) | set(failed))
    return [ErrorRate(g, w, done[(g, w)], failed[(g, w)]) for g, w in keys]


def totals(rates: Iterable[ErrorRate]) -> list[ErrorRate]:
    """The same counts summed over the whole period, one row per group (week ``all``)."""
    done: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    for rate in rates:
        done[rate.group] += rate.fulfilments
        failed[rate.group] += rate.errors
    return [ErrorRate(g, "all", done[g], failed[g]) for g in sorted(set(done) | set(failed))]
