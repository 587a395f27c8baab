"""The six built-in rules, seeded enabled: each sends what customers expect anyway,
and what costs money is bounded by its caps (in the store currency's minor units).
A store can change, disable or preview them; they cannot be deleted."""

from __future__ import annotations

from opsdesk.proactive.rules.schemas import (
    CreateTicket,
    FlagOrder,
    IssueRemedy,
    NoteTeamLead,
    RuleCreate,
    ScheduleFollowUp,
    SendMessage,
)
from opsdesk.proactive.rules.triggers import Trigger

FOLLOW_UP_DAYS = 7

BUILTIN_RULES: dict[str, RuleCreate] = {
    "shipment_at_risk": RuleCreate(
        name="Shipment at risk: delay notice and remedy",
        description="Tell the customer before the promise is missed, with the new date and a "
        "remedy chosen by order value; flag the order for agents. One notice per delay.",
        enabled=True,
        triggers=[Trigger.SHIPMENT_AT_RISK, Trigger.SHIPMENT_DELAYED, Trigger.SCAN_AT_RISK],
        conditions={"fact": "risk", "op": ">=", "value": 0.6},
        actions=[
            SendMessage(message_type="delay_notice"),
            IssueRemedy(
                upgrade_below_minor=5_000, shipping_upgrade_minor=490, discount_minor=1_000
            ),
            FlagOrder(flag="delay_risk"),
        ],
        per_order_cap_minor=1_000,
        per_day_cap_minor=20_000,
    ),
    "backorder": RuleCreate(
        name="Backorder: honest date, cancel or wait",
        description="Tell the customer which items wait, until when, and that they may cancel "
        "them at no cost or wait.",
        enabled=True,
        triggers=[Trigger.STOCK_BACKORDERED],
        actions=[SendMessage(message_type="backordered")],
        per_order_cap_minor=0,
        per_day_cap_minor=0,
    ),
    "backorder_slipped": RuleCreate(
        name="Backorder slipped: apology and the new date",
        description="When the date a waiting item was promised for moves later (a purchase "
        "order re-dated or received short), tell the customer once per move, with the new "
        "date. Moves of less than a day stay quiet.",
        enabled=True,
        triggers=[Trigger.SCAN_BACKORDER_SLIPPED],
        conditions={"fact": "slip_days", "op": ">=", "value": 1},
        actions=[SendMessage(message_type="delay_notice")],
        per_order_cap_minor=0,
        per_day_cap_minor=0,
    ),
    "carrier_exception": RuleCreate(
        name="Carrier exception: ticket and next steps",
        description="A lost, damaged or returned parcel opens a high-priority ticket with the "
        "order, customer and carrier events; the customer hears on it what happens next.",
        enabled=True,
        triggers=[Trigger.SHIPMENT_EXCEPTION],
        conditions={
            "fact": "shipment_status",
            "op": "in",
            "value": ["lost", "exception", "returned_to_sender"],
        },
        actions=[CreateTicket(priority="high"), FlagOrder(flag="carrier_exception")],
        per_order_cap_minor=0,
        per_day_cap_minor=0,
    ),
    "delivered_follow_up": RuleCreate(
        name="Delivered: follow-up after a week",
        description="Ask whether the product works, unless the customer has an open complaint "
        "ticket or an open return when the follow-up is due.",
        enabled=True,
        triggers=[Trigger.SHIPMENT_DELIVERED],
        actions=[ScheduleFollowUp(after_days=FOLLOW_UP_DAYS)],
        per_order_cap_minor=0,
        per_day_cap_minor=0,
    ),
    "service_recovery": RuleCreate(
        name="Service recovery: low CSAT or solved complaint",
        description="A CSAT of 2 or less, or a solved complaint, earns a recovery code and a "
        "note for the team lead on the ticket.",
        enabled=True,
        triggers=[Trigger.CSAT_RECEIVED, Trigger.TICKET_STATUS_CHANGED],
        conditions={
            "any": [
                {"fact": "csat_score", "op": "<=", "value": 2},
                {
                    "all": [
                        {"fact": "ticket_status", "op": "==", "value": "solved"},
                        {"fact": "complaint", "op": "==", "value": True},
                    ]
                },
            ]
        },
        actions=[
            IssueRemedy(upgrade_below_minor=0, discount_minor=1_500),
            SendMessage(message_type="discount_code"),
            NoteTeamLead(),
        ],
        per_order_cap_minor=1_500,
        per_day_cap_minor=15_000,
    ),
}
