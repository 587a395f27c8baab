"""How big a generated store is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StoreSize:
    name: str
    products: int
    customers: int
    orders: int
    days: int
    chunk_orders: int  # orders generated and written per batch (bounds memory)


SIZES: dict[str, StoreSize] = {
    # Tests: every table filled in a second or two.
    "tiny": StoreSize("tiny", 40, 150, 600, 120, 200),
    # `opsdesk demo`: a year of a small shop.
    "small": StoreSize("small", 200, 2_000, 6_000, 365, 2_000),
    "medium": StoreSize("medium", 600, 25_000, 100_000, 365, 10_000),
    "large": StoreSize("large", 2_000, 200_000, 1_000_000, 365, 10_000),
}


def size_named(name: str) -> StoreSize:
    try:
        return SIZES[name]
    except KeyError:
        raise ValueError(f"unknown size {name!r}; choose one of {', '.join(SIZES)}") from None
