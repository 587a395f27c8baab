"""What one scan at the packing station means, in the order a packer expects: a box key
once everything is packed, an item of the open parcel, another parcel's barcode (which
opens it), a product that does not belong (refused and recorded), or nothing we know.

Every refusal names what was wrong, with its own outcome, so the station can sound and
show a wrong item differently from an over-scan or a barcode that is no product at all."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from opsdesk import fulfilment
from opsdesk.kernel.errors import IllegalTransition

Status = fulfilment.FulfilmentStatus
BOX_KEYS = tuple(str(n) for n in range(1, 10))


@dataclass(frozen=True)
class Outcome:
    kind: str  # opened accepted packed box wrong_item over_scan unknown no_parcel
    message: str
    fulfilment_id: int | None
    status_code: int = 200


def handle_scan(
    session: Session, code: str, current: fulfilment.Fulfilment | None, *, packer: str, actor: str
) -> Outcome:
    code = code.strip()
    if current is not None and current.status is Status.PACKED and code in BOX_KEYS:
        return _choose_box(session, current, int(code))
    if current is not None and code in fulfilment.item_codes(session, current):
        return _scan_item(session, current, code, packer=packer, actor=actor)
    found = fulfilment.find_fulfilment(session, code)
    if found is not None:
        return _opened(session, found)
    if current is not None and fulfilment.is_catalog_item(session, code):
        return _scan_item(session, current, code, packer=packer, actor=actor)
    if fulfilment.is_catalog_item(session, code):
        return Outcome("no_parcel", f"{code} is a product: scan an order, tote or parcel first",
                       None, 409)  # fmt: skip
    return Outcome(
        "unknown",
        f"Unknown barcode {code}: no product, order, tote or parcel has it",
        current.id if current else None,
        422,
    )


def _opened(session: Session, found: fulfilment.Fulfilment) -> Outcome:
    label = found.tote_code or fulfilment.fulfilment_code(found.id)
    if found.status is Status.SHIPPED:
        return Outcome("opened", f"Parcel {label} has already shipped", found.id)
    if found.status is Status.CANCELLED:
        return Outcome("opened", f"Parcel {label} was cancelled: nothing to pack", found.id)
    return Outcome("opened", f"Opened parcel {label}: scan each item", found.id)


def _scan_item(
    session: Session, current: fulfilment.Fulfilment, code: str, *, packer: str, actor: str
) -> Outcome:
    belongs = code in fulfilment.item_codes(session, current)
    try:
        result = fulfilment.scan(session, current.id, code=code, quantity=1, packer=packer,
                                 actor=actor)  # fmt: skip
    except IllegalTransition:
        if belongs:
            return Outcome("over_scan", f"Over-scan: every {code} of this parcel is packed "
                           "already. Take the extra one out.", current.id, 409)  # fmt: skip
        return Outcome("wrong_item", f"Wrong item: {code} is not in this parcel. Take it out.",
                       current.id, 409)  # fmt: skip
    if result.error is not None:
        if result.error.kind is fulfilment.FulfilmentErrorKind.WRONG_ITEM:
            return Outcome("wrong_item", f"Wrong item: {code} is not in this parcel. "
                           "Take it out.", current.id, 409)  # fmt: skip
        return Outcome("over_scan", f"Over-scan: {result.message}. Take the extra one out.",
                       current.id, 409)  # fmt: skip
    if result.fulfilment.status is Status.PACKED:
        return Outcome("packed", f"Packed 1 × {result.sku}. All items packed: choose a box.",
                       current.id)  # fmt: skip
    return Outcome("accepted", f"Packed 1 × {result.sku}", current.id)


def _choose_box(session: Session, current: fulfilment.Fulfilment, key: int) -> Outcome:
    offer = fulfilment.box_offer(session, current)
    if key > len(offer.boxes):
        return Outcome("unknown", f"There is no box {key}: choose 1 to {len(offer.boxes)}",
                       current.id, 422)  # fmt: skip
    box = fulfilment.choose_box(session, current.id, offer.boxes[key - 1].code)
    return Outcome("box", f"{box.name} chosen. Press Enter to ship.", current.id)
