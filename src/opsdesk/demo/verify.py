"""Consistency checks over a whole store, as set-based queries (fast on a million orders).

Each check returns up to a few offending keys; an empty result means the store holds
the invariants the services keep.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

SAMPLE = 5

CHECKS: dict[str, str] = {
    "stock level differs from its ledger": """
        SELECT l.variant_id, l.warehouse_id FROM stock_levels l
        LEFT JOIN (SELECT variant_id, warehouse_id, sum(on_hand_delta) AS on_hand,
                          sum(reserved_delta) AS reserved
                   FROM stock_movements GROUP BY variant_id, warehouse_id) m
          ON m.variant_id = l.variant_id AND m.warehouse_id = l.warehouse_id
        WHERE coalesce(m.on_hand, 0) <> l.on_hand OR coalesce(m.reserved, 0) <> l.reserved""",
    "ledger rows without a stock level": """
        SELECT m.variant_id, m.warehouse_id FROM stock_movements m
        LEFT JOIN stock_levels l
          ON l.variant_id = m.variant_id AND l.warehouse_id = m.warehouse_id
        WHERE l.id IS NULL""",
    "reserved differs from active reservations": """
        SELECT l.variant_id, l.warehouse_id FROM stock_levels l
        LEFT JOIN (SELECT variant_id, warehouse_id, sum(quantity) AS held FROM reservations
                   WHERE status = 'active' GROUP BY variant_id, warehouse_id) r
          ON r.variant_id = l.variant_id AND r.warehouse_id = l.warehouse_id
        WHERE coalesce(r.held, 0) <> l.reserved""",
    "negative stock": """
        SELECT variant_id, warehouse_id FROM stock_levels
        WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand""",
    "order without a timeline": """
        SELECT o.id FROM orders o
        WHERE NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id)""",
    "shipped order without a tracked shipment": """
        SELECT o.id FROM orders o
        WHERE o.status IN ('shipped', 'partially_shipped', 'delivered')
          AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id
                          AND EXISTS (SELECT 1 FROM tracking_events t
                                      WHERE t.shipment_id = s.id))""",
    "delivered order with an undelivered shipment": """
        SELECT o.id FROM orders o JOIN shipments s ON s.order_id = o.id
        WHERE o.status = 'delivered' AND s.status <> 'delivered'""",
    "shipment status differs from its last tracking event": """
        SELECT s.id FROM shipments s
        JOIN tracking_events t ON t.shipment_id = s.id AND t.occurred_at = s.last_event_at
        WHERE t.status <> s.status""",
    "order not yet shipped but has shipments": """
        SELECT o.id FROM orders o JOIN shipments s ON s.order_id = o.id
        WHERE o.status IN ('placed', 'allocated', 'backordered', 'picking', 'packed')""",
    "backorder promised before its stock is ready to ship": """
        SELECT DISTINCT o.id FROM orders o JOIN reservations r ON r.order_id = o.id
        WHERE r.status = 'waiting' AND o.promised_delivery_date <= r.promised_date""",
    "waiting stock dated before its purchase order arrives": """
        SELECT r.id FROM reservations r
        WHERE r.status = 'waiting' AND r.promised_date <= (
            SELECT min(p.expected_date) FROM purchase_orders p
            JOIN purchase_order_lines pl ON pl.purchase_order_id = p.id
            WHERE pl.variant_id = r.variant_id AND p.status <> 'received')""",
    "ticket linked to another customer's order": """
        SELECT l.ticket_id, l.order_id FROM ticket_order_links l
        JOIN tickets t ON t.id = l.ticket_id JOIN orders o ON o.id = l.order_id
        WHERE t.customer_id IS NOT NULL AND o.customer_id <> t.customer_id""",
    "ticket without the customer's message": """
        SELECT t.id FROM tickets t
        WHERE NOT EXISTS (SELECT 1 FROM ticket_messages m
                          WHERE m.ticket_id = t.id AND m.author_kind = 'customer')""",
    "ticket message older than its ticket": """
        SELECT m.id FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
        WHERE m.created_at < t.created_at""",
    "answered ticket without its first response time": """
        SELECT t.id FROM tickets t
        WHERE t.first_response_at IS NULL
          AND EXISTS (SELECT 1 FROM ticket_messages m
                      WHERE m.ticket_id = t.id AND m.author_kind = 'agent')""",
    "new or open ticket without an SLA due time": """
        SELECT id FROM tickets WHERE status IN ('new', 'open') AND sla_due_at IS NULL""",
}


def store_problems(conn: Connection) -> dict[str, list[str]]:
    """Each failed check with a few offending keys."""
    problems: dict[str, list[str]] = {}
    for name, query in CHECKS.items():
        found = conn.execute(sa.text(f"{query} LIMIT {SAMPLE}")).all()
        if found:
            problems[name] = [":".join(str(v) for v in row) for row in found]
    return problems
