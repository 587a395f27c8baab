"""Warehouses, products and variants of the demo store."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from opsdesk.demo.reference import (
    ADJECTIVES,
    CATEGORIES,
    SUPPLIER_LEAD_DAYS,
    SUPPLIERS,
    WAREHOUSES,
    Category,
    WarehouseSite,
)
from opsdesk.demo.rows import Ids, Rows

SLOW_MOVER_SHARE = 0.2
BACKORDER_SHARE = 0.1
# Which share of the range each warehouse carries, by code (the main hub has it all).
ASSORTMENT_SHARE = {"LEJ": 1.0, "VLC": 0.7, "GRU": 0.5}


@dataclass(frozen=True, slots=True)
class VariantSpec:
    id: int
    product_id: int
    sku: str
    title: str
    price_eur_minor: int
    fragile: bool
    backorder: bool
    popularity: float
    stocked_in: tuple[int, ...]  # warehouse ids


@dataclass(frozen=True)
class Site:
    id: int
    site: WarehouseSite


def warehouse_rows(ids: Ids, rows: Rows, created_at: datetime) -> list[Site]:
    sites = []
    for site in WAREHOUSES:
        wid = ids.next("warehouses")
        rows.add(
            "warehouses",
            (
                wid, site.code, site.name, site.address_line, site.city, site.region,
                site.postal_code, site.country, site.latitude, site.longitude, site.timezone,
                site.priority, True, created_at,
            ),
        )  # fmt: skip
        sites.append(Site(wid, site))
        for box in DEMO_BOXES.get(site.code, ()):
            rows.add("packing_boxes", (ids.next("packing_boxes"), wid, *box, created_at))
    return sites


# Each warehouse's own cartons (code, name, inside L×W×H mm, empty g, max g): Leipzig
# stocks the full range, Valencia fewer, São Paulo the Correios sizes.
DEMO_BOXES: dict[str, tuple[tuple[str, str, int, int, int, int, int], ...]] = {
    "LEJ": (
        ("MAILER-S", "Mailer S", 230, 160, 50, 60, 2_000),
        ("BOX-S", "Box S", 250, 175, 100, 120, 5_000),
        ("BOX-M", "Box M", 350, 250, 150, 220, 10_000),
        ("BOX-L", "Box L", 400, 300, 250, 350, 20_000),
        ("BOX-XL", "Box XL", 600, 400, 400, 600, 31_500),
        ("BOTTLE", "Bottle box", 120, 120, 360, 180, 5_000),
    ),
    "VLC": (
        ("SOBRE", "Sobre acolchado", 240, 170, 40, 40, 1_500),
        ("CAJA-S", "Caja S", 300, 200, 120, 150, 7_000),
        ("CAJA-M", "Caja M", 400, 300, 200, 280, 15_000),
        ("CAJA-L", "Caja L", 600, 400, 400, 600, 30_000),
    ),
    "GRU": (
        ("CX-1", "Caixa 1", 180, 135, 90, 90, 3_000),
        ("CX-2", "Caixa 2", 270, 180, 90, 140, 5_000),
        ("CX-4", "Caixa 4", 360, 270, 180, 260, 15_000),
    ),
}  # fmt: skip


def _ean13(number: int) -> str:
    body = f"40{number:010d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _price(rng: random.Random, category: Category) -> int:
    low, high = category.price_eur
    euros = rng.randint(low, high)
    return euros * 100 + rng.choice((90, 95, 99, 0, 50))


def _popularity(rng: random.Random, rank: int) -> float:
    weight = 1.0 / (rank + 8) ** 0.9
    return weight * 0.05 if rng.random() < SLOW_MOVER_SHARE else weight


def catalog_rows(
    rng: random.Random, ids: Ids, rows: Rows, sites: list[Site], products: int, created: datetime
) -> list[VariantSpec]:
    """``products`` products in every category with 1-4 variants each."""
    variants: list[VariantSpec] = []
    ranks = list(range(products))
    rng.shuffle(ranks)
    for index in range(products):
        category = CATEGORIES[index % len(CATEGORIES)]
        noun = rng.choice(category.nouns)
        title = f"{rng.choice(ADJECTIVES)} {noun}"
        fragile = noun in category.fragile_nouns
        backorder = rng.random() < BACKORDER_SHARE
        pid = ids.next("products")
        handle = f"{title.lower().replace(' ', '-').replace(chr(39), '')}-{pid}"
        notes = "Fragile: wrap in two layers and mark the box." if fragile else ""
        policy = "backorder" if backorder else "reject"
        description = f"{title} from our {category.name.lower()} range."
        rows.add(
            "products",
            (pid, handle, title, category.name, description, fragile, notes, policy, True, created),
        )
        popularity = _popularity(rng, ranks[index])
        axis = category.variant_axis[: rng.randint(1, min(4, len(category.variant_axis)))]
        price = _price(rng, category)
        for option in axis:
            spec = _variant(rng, ids, rows, sites, (pid, title, option, price, category))
            variants.append(
                VariantSpec(
                    spec[0], pid, spec[1], spec[2], spec[3], fragile, backorder,
                    popularity / len(axis), spec[4],
                )
            )  # fmt: skip
    return variants


def _variant(
    rng: random.Random, ids: Ids, rows: Rows, sites: list[Site],
    product: tuple[int, str, str, int, Category],
) -> tuple[int, str, str, int, tuple[int, ...]]:  # fmt: skip
    pid, title, option, base_price, category = product
    vid = ids.next("variants")
    sku = f"SKU-{vid:04d}"
    price = max(100, base_price + rng.choice((0, 0, 200, 500, -100)))
    weight = rng.randint(*category.weight_g)
    dims = sorted((rng.randint(60, 600) for _ in range(3)), reverse=True)
    rows.add(
        "variants",
        (vid, pid, sku, _ean13(vid), option, price, "EUR", weight, *dims, True, *supplier_of(vid)),
    )
    stocked = tuple(
        s.id for s in sites if s.site.code == "LEJ" or rng.random() < ASSORTMENT_SHARE[s.site.code]
    )
    return vid, sku, f"{title} / {option}", price, stocked


def supplier_of(variant_id: int) -> tuple[str, int]:
    """Who supplies a variant and the lead time they state (the demo's purchase orders for
    it go to the same supplier)."""
    index = variant_id % len(SUPPLIERS)
    return SUPPLIERS[index], SUPPLIER_LEAD_DAYS[index]
