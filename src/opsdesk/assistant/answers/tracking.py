""" "Where is my order?": status, carrier, last scan, the date in the customer's calendar,
an honest apology with the new date when late, and the links to follow it."""

from __future__ import annotations

from opsdesk import orders, shipping, tracking
from opsdesk.assistant.answers.reply import Context, Reply

PROBLEMS = frozenset(
    {shipping.ShipmentStatus.EXCEPTION, shipping.ShipmentStatus.LOST,
     shipping.ShipmentStatus.RETURNED_TO_SENDER}
)  # fmt: skip


def order_page_url(ctx: Context, order_id: int) -> str:
    return tracking.link_for_order(ctx.store.secret_key, ctx.store.public_url, order_id)


def status_sentence(ctx: Context, order: orders.OrderRead) -> str:
    return ctx.say(f"status_{order.status.value}", number=order.number)


def _event_text(ctx: Context, event: shipping.TrackingEvent) -> str:
    status = event.status.value if event.status else "in_transit"
    what = ctx.say(f"event_{status}")
    return ctx.say("in_place", event=what, place=event.location) if event.location else what


def _parcel(ctx: Context, parcel: shipping.Shipment, reply: Reply) -> None:
    reply.add(ctx.say("parcel_with_carrier", carrier=parcel.carrier))
    if parcel.events:
        last = parcel.events[-1]
        reply.add(ctx.say("last_event", when=ctx.voice.moment(last.occurred_at),
                          event=_event_text(ctx, last)))  # fmt: skip
    if parcel.status in PROBLEMS:
        event = ctx.say(f"event_{parcel.status.value}")
        reply.add(ctx.say("parcel_problem", event=event))
    elif parcel.delivered_at is not None:
        reply.add(ctx.say("delivered_on", date=ctx.voice.day(ctx.voice.local_date(
            parcel.delivered_at))))  # fmt: skip
    else:
        reply.add(_expected(ctx, parcel))
    reply.link("carrier", parcel.tracking_url)


def _expected(ctx: Context, parcel: shipping.Shipment) -> str:
    today = ctx.voice.local_date(ctx.now)
    promised = parcel.promised_delivery_date
    expected = tracking.expected_date(ctx.session, parcel)  # a delay notice's date counts
    if promised is not None and expected is not None and expected > promised:
        return ctx.say("late", promised=ctx.voice.day(promised), date=ctx.voice.day(expected))
    if promised is not None and shipping.is_shipment_late(parcel, today):
        return ctx.say("late_unknown", promised=ctx.voice.day(promised))
    expected = expected or promised
    return ctx.say("expected_by", date=ctx.voice.day(expected)) if expected else ""


def track_order(ctx: Context, order_id: int) -> Reply:
    order = orders.read_order(ctx.session, order_id)
    reply = Reply().add(status_sentence(ctx, order))
    parcels = shipping.shipments_for_order(ctx.session, order_id)
    if parcels:
        _parcel(ctx, parcels[-1], reply)
    elif order.promised_delivery_date and order.status.value not in ("cancelled", "returned"):
        reply.add(ctx.say("expected_by", date=ctx.voice.day(order.promised_delivery_date)))
    url = order_page_url(ctx, order_id)
    reply.add(ctx.say("follow_link", url=url)).link("tracking", url)
    return reply
