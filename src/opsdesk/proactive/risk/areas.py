"""How often parcels to each delivery area (a postal-code prefix) arrived late.

A state is a coarse place: its capital and its interior are served very differently.
The first two characters of the customer's postal code name a smaller area; its late
share, shrunk toward the overall share by ``n / (n + k)``, is one classifier input.
Rates are plain numbers keyed by text, so the model stays JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
AREA_PREFIX = 2
SHRINK_STRENGTH = 30.0
UNKNOWN_AREA = ""


def postal_area(postal_code: str, length: int = AREA_PREFIX) -> str:
    """``01310-100`` → ``01``: the leading characters of a postal code, letters upper-cased."""
    cleaned = "".join(ch for ch in postal_code.upper() if ch.isalnum())
    return cleaned[:length] if len(cleaned) >= length else UNKNOWN_AREA


def area_keys(destination_region: NDArray[Any], area: NDArray[Any] | None) -> NDArray[Any]:
    """``REGION|AREA`` per shipment; the area part is empty when it is not known."""
    if area is None:
        area = np.full(len(destination_region), UNKNOWN_AREA, dtype=object)
    return np.asarray(
        [f"{str(r).strip().upper()}|{a}" for r, a in zip(destination_region, area, strict=True)],
        dtype=object,
    )


@dataclass(frozen=True)
class AreaLateRates:
    """Shrunk late share per ``REGION|AREA`` key; unseen or unknown areas get ``base``."""

    base: float = 0.05
    rates: dict[str, float] = field(default_factory=dict)

    @classmethod
    def fit(cls, keys: NDArray[Any], late: NDArray[np.bool_]) -> AreaLateRates:
        base = float(late.mean()) if len(late) else cls.base
        totals: dict[str, list[int]] = {}
        for key, was_late in zip(keys.tolist(), late.tolist(), strict=True):
            if key.endswith("|"):
                continue  # area unknown: nothing specific to learn
            seen = totals.setdefault(key, [0, 0])
            seen[0] += int(was_late)
            seen[1] += 1
        rates = {
            key: (lates + SHRINK_STRENGTH * base) / (count + SHRINK_STRENGTH)
            for key, (lates, count) in totals.items()
        }
        return cls(base=base, rates=rates)

    def late_share(self, keys: NDArray[Any]) -> FloatArray:
        distinct, inverse = np.unique(keys.astype(str), return_inverse=True)
        values = np.array([self.rates.get(k, self.base) for k in distinct], dtype=np.float64)
        return np.asarray(values[inverse.reshape(-1)], dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        return {"base": self.base, "rates": {k: round(v, 6) for k, v in self.rates.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AreaLateRates:
        rates = {str(k): float(v) for k, v in data.get("rates", {}).items()}
        return cls(base=float(data.get("base", cls.base)), rates=rates)


def out_of_fold_late_share(keys: NDArray[Any], late: NDArray[np.bool_], folds: int) -> FloatArray:
    """Each training row's area late share from rates fitted without that row's fold."""
    fold_of = np.random.default_rng(3).integers(0, folds, size=len(keys))
    result = np.empty(len(keys), dtype=np.float64)
    for fold in range(folds):
        held = fold_of == fold
        result[held] = AreaLateRates.fit(keys[~held], late[~held]).late_share(keys[held])
    return result
