"""Use cases: the plan of the day, service-level settings, and suggestions turned into
draft purchase orders. Services take a session and never commit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.forecasting import stored
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, InvalidInput, NotFound
from opsdesk.replenishment import inputs, order_days, plan, plan_reads, policy
from opsdesk.replenishment.models import PlanRow, ServiceLevelClass, ServiceLevelOverride
from opsdesk.replenishment.transfers import TransferSuggestion, suggest_transfers

HISTORY_WEEKS = 8


@dataclass(frozen=True)
class Plan:
    suggestions: list[plan.Suggestion]
    transfers: list[TransferSuggestion]
    forecast_run: int | None  # the stored run read; None: every series fell back


def build_plan(session: Session, *, today: date, history_weeks: int = HISTORY_WEEKS) -> Plan:
    items = inputs.load_items(session, today=today)
    forecasts = stored.latest_forecasts(session, variant_ids={i.variant_id for i in items})
    recent = inputs.recent_demand(session, today=today, weeks=history_weeks)
    demands: dict[tuple[int, int], plan.Demand] = {}
    first: dict[int, int] = {}
    for item in items:
        first.setdefault(item.variant_id, item.warehouse_id)
    for item in items:
        key = (item.variant_id, item.warehouse_id)
        found = forecasts.get((item.variant_id, item.warehouse_id, None))
        if found is not None:
            demands[key] = plan.from_forecast(found)
            continue
        weekly = list(recent.get(key, [0.0] * history_weeks))
        if first[item.variant_id] == item.warehouse_id:  # orders not yet tied to a warehouse
            unassigned = recent.get((item.variant_id, None), [0.0] * history_weeks)
            weekly = [a + b for a, b in zip(weekly, unassigned, strict=True)]
        demands[key] = plan.from_history(weekly)
    suggestions = plan.suggest(
        items, demands, class_levels=class_levels(session), overrides=overrides(session),
        history_weeks=history_weeks, today=today, supplier_days=supplier_order_days(session),
    )  # fmt: skip
    run = next(iter(forecasts.values())).run_id if forecasts else None
    return Plan(suggestions, suggest_transfers(suggestions), run)


def supplier_order_days(session: Session) -> dict[int, frozenset[int]]:
    """Each supplier record's order days (weekday numbers); absent: any day."""
    return {
        s.id: order_days.parse(s.order_days)
        for s in inventory.suppliers.list_suppliers(session)
        if s.order_days
    }


def class_levels(session: Session) -> dict[str, float]:
    """Every class's target: the edited ones, the defaults for the rest."""
    edited = {r.klass: r.level for r in session.scalars(sa.select(ServiceLevelClass))}
    return {k: edited.get(k, v) for k, v in policy.DEFAULT_LEVELS.items()}


def set_class_level(session: Session, klass: str, level: float, *, actor: str) -> None:
    if klass not in policy.CLASSES:
        raise InvalidInput(f"unknown class {klass!r}", details={"field": "class"})
    _checked(level)
    row = session.get(ServiceLevelClass, klass) or ServiceLevelClass(klass=klass)
    row.level, row.updated_by, row.updated_at = level, actor, utcnow()
    session.add(row)
    session.flush()


def overrides(session: Session) -> dict[tuple[int, int], float]:
    rows = session.scalars(sa.select(ServiceLevelOverride))
    return {(r.variant_id, r.warehouse_id): r.level for r in rows}


def set_override(
    session: Session, variant_id: int, warehouse_id: int, level: float | None, *, actor: str
) -> None:
    """Set one SKU × warehouse's own target; None removes it (its class's applies)."""
    row = session.scalar(
        sa.select(ServiceLevelOverride).where(
            ServiceLevelOverride.variant_id == variant_id,
            ServiceLevelOverride.warehouse_id == warehouse_id,
        )
    )
    if level is None:
        if row is not None:
            session.delete(row)
        return
    _checked(level)
    row = row or ServiceLevelOverride(variant_id=variant_id, warehouse_id=warehouse_id)
    row.level, row.updated_by, row.updated_at = level, actor, utcnow()
    session.add(row)
    session.flush()


def _checked(level: float) -> float:
    try:
        return policy.check_level(level)
    except ValueError as exc:
        raise InvalidInput(str(exc), details={"field": "level"}) from exc


def create_draft_orders(
    session: Session, wanted: Mapping[tuple[int, int], int], *, today: date
) -> list[inventory.PurchaseOrderRead]:
    """One purchase order (not sent: a draft) per supplier × warehouse for the chosen
    SKU × warehouse quantities, due after the supplier's lead time."""
    items = {(i.variant_id, i.warehouse_id): i for i in inputs.load_items(session, today=today)}
    return _drafts(session, wanted, items, today=today)


def _drafts(
    session: Session,
    wanted: Mapping[tuple[int, int], int],
    items: Mapping[tuple[int, int], inputs.Item],
    *,
    today: date,
) -> list[inventory.PurchaseOrderRead]:
    grouped: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for key, quantity in sorted(wanted.items()):
        item = items.get(key)
        if item is None:
            raise NotFound("stock row", f"{key[0]}/{key[1]}")
        if quantity <= 0:
            raise InvalidInput("quantities must be positive", details={"sku": item.sku})
        if item.supplier_id is None:
            raise InvalidInput(
                f"{item.sku} has no supplier record ({item.supplier or 'none named'}): "
                "add the supplier first",
                details={"sku": item.sku},
            )
        grouped[(item.supplier_id, item.warehouse_id)][item.sku] = quantity
    return [
        inventory.po_changes.create_for_supplier(
            session, supplier_id=supplier_id, warehouse_id=warehouse_id, lines=lines, today=today
        )
        for (supplier_id, warehouse_id), lines in sorted(grouped.items())
    ]


@dataclass(frozen=True)
class Checked:
    """A stored-plan line as it was ordered: as asked, cut, or skipped."""

    sku: str
    warehouse: str
    asked: int
    ordered: int
    why: str


@dataclass(frozen=True)
class Drafts:
    orders: list[inventory.PurchaseOrderRead]
    checked: list[Checked]


def order_from_plan(
    session: Session, wanted: Mapping[tuple[int, int], int], *, today: date
) -> Drafts:
    """Draft orders for lines chosen from the stored plan, re-checked against live stock
    and open purchase orders: whatever raised a line's position since the plan was
    computed (a receipt, a transfer, another order) is taken off its quantity, and a
    line now above its reorder point is skipped — a stale page cannot order twice.
    Conflict (409) when nothing is left to order."""
    items = {(i.variant_id, i.warehouse_id): i for i in inputs.load_items(session, today=today)}
    stored = plan_reads.stored_rows(session, wanted)
    keep: dict[tuple[int, int], int] = {}
    checked = []
    for key, asked in sorted(wanted.items()):
        item, row = items.get(key), stored.get(key)
        if item is None or row is None:
            keep[key] = asked  # not in the plan: ordered as asked (validated below)
            continue
        gained = max(item.position - row.position, 0)
        quantity = _cut(asked, gained, item.terms)
        if item.position > row.reorder_point or quantity <= 0:
            why = f"position now {item.position}, above the reorder point {row.reorder_point:.0f}"
            checked.append(Checked(item.sku, item.warehouse_code, asked, 0, why))
            continue
        if quantity != asked:
            why = f"position rose by {gained} since the plan"
            checked.append(Checked(item.sku, item.warehouse_code, asked, quantity, why))
        keep[key] = quantity
    if not keep:
        raise Conflict(
            "nothing ordered: every line is covered since the plan was computed ("
            + "; ".join(f"{c.sku} in {c.warehouse}: {c.why}" for c in checked)
            + ")"
        )
    made = _drafts(session, keep, items, today=today)
    _mark_ordered(stored, keep, made)
    return Drafts(made, checked)


def _mark_ordered(
    stored: Mapping[tuple[int, int], PlanRow],
    ordered: Mapping[tuple[int, int], int],
    made: list[inventory.PurchaseOrderRead],
) -> None:
    """The stored rows just ordered stop asking for an order: the screen shows them
    covered until the next plan (which reads the new purchase orders itself)."""
    number = {(po.warehouse_id, ln.sku): po.number for po in made for ln in po.lines}
    for key, quantity in ordered.items():
        row = stored.get(key)
        if row is None:
            continue
        row.position += quantity
        row.quantity, row.needs_order = 0, False
        row.reason = (
            f"{row.reason}; ordered {quantity} on {number.get((key[1], row.sku), 'a draft')}"
        )


def _cut(asked: int, gained: int, terms: policy.Terms) -> int:
    """``asked`` less ``gained``, down to whole packs (up only to reach the MOQ)."""
    if gained <= 0:
        return asked
    if asked <= gained:
        return 0
    pack = max(terms.pack_size, 1)
    down = (asked - gained) // pack * pack
    return down if down >= terms.moq and down > 0 else policy.round_to_terms(asked - gained, terms)
