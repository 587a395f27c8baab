"""Which shipping boxes a packed parcel may go in, smallest first (pure).

The packer picks one of at most nine (keys 1..9 at the station). A box is offered when
the largest item fits its inside measures (any rotation) and all items together take at
most ``FILL`` of its volume and stay under its weight limit: a quick, safe screen rather
than a 3D packing proof, so a packer may still overrule it with a bigger box."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

FILL = 0.8  # share of a box's volume items can really use (padding, odd shapes)
MAX_OFFERED = 9


@dataclass(frozen=True)
class Box:
    code: str
    name: str
    length_mm: int
    width_mm: int
    height_mm: int
    max_weight_g: int
    tare_g: int  # the empty box with its padding

    @property
    def volume(self) -> int:
        return self.length_mm * self.width_mm * self.height_mm

    def holds(self, item: ItemSize) -> bool:
        inside = sorted((self.length_mm, self.width_mm, self.height_mm))
        return all(i <= b for i, b in zip(sorted(item.dims), inside, strict=True))


@dataclass(frozen=True)
class ItemSize:
    length_mm: int
    width_mm: int
    height_mm: int
    weight_g: int
    quantity: int = 1

    @property
    def dims(self) -> tuple[int, int, int]:
        return (self.length_mm, self.width_mm, self.height_mm)

    @property
    def volume(self) -> int:
        return self.length_mm * self.width_mm * self.height_mm * self.quantity


# The standard cartons most small shops stock; a shop with its own set changes this list.
STANDARD_BOXES: tuple[Box, ...] = (
    Box("MAILER-S", "Mailer S", 230, 160, 50, 2_000, 60),
    Box("BOX-S", "Box S", 250, 175, 100, 5_000, 120),
    Box("BOX-M", "Box M", 350, 250, 150, 10_000, 220),
    Box("BOX-L", "Box L", 400, 300, 250, 20_000, 350),
    Box("BOX-XL", "Box XL", 600, 400, 400, 31_500, 600),
)


@dataclass(frozen=True)
class BoxOffer:
    boxes: tuple[Box, ...]
    all_fit: bool  # False: nothing fits by the screen, every box is offered instead


def offered_boxes(items: Sequence[ItemSize], boxes: Sequence[Box] = STANDARD_BOXES) -> BoxOffer:
    """The boxes that fit ``items``, smallest first; every box when none fits."""
    by_size = sorted(boxes, key=lambda b: (b.volume, b.code))
    volume = sum(i.volume for i in items)
    weight = sum(i.weight_g * i.quantity for i in items)
    fitting = [
        box
        for box in by_size
        if all(box.holds(i) for i in items)
        and volume <= FILL * box.volume
        and weight + box.tare_g <= box.max_weight_g
    ]
    if fitting:
        return BoxOffer(tuple(fitting[:MAX_OFFERED]), True)
    return BoxOffer(tuple(by_size[:MAX_OFFERED]), False)


def box_by_code(code: str, boxes: Sequence[Box] = STANDARD_BOXES) -> Box | None:
    return next((b for b in boxes if b.code == code), None)


def parcel_weight(items: Sequence[ItemSize], box: Box) -> int:
    """What the carrier weighs: the items and the empty box."""
    return box.tare_g + sum(i.weight_g * i.quantity for i in items)
