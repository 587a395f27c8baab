"""Macros (canned replies): save them checked, list them, fill them in for a ticket.

Services take a session and never commit. Filling in reads the ticket's customer, the
order (given, else the ticket's most recently linked one) and its latest shipment —
a fixed handful of queries whatever the macro says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import customers, orders, shipping, tracking
from opsdesk.config import Settings
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import AlreadyExists, Forbidden, InvalidInput, NotFound
from opsdesk.kernel.http import Principal, Role
from opsdesk.support import linking, macro_text
from opsdesk.support.history import get_ticket
from opsdesk.support.macro_schemas import MacroCreate, MacroPreview, MacroRead, MacroUpdate
from opsdesk.support.models import Macro, Team, Ticket


@dataclass(frozen=True)
class StoreContext:
    """What a macro needs from the installation: its name, defaults, tracking links."""

    store_name: str = "OpsDesk Demo Store"
    default_locale: str = "en"
    default_timezone: str = "UTC"
    tracking_page: Callable[[int], str] | None = None  # order id → the customer's page


def store_context(settings: Settings) -> StoreContext:
    return StoreContext(
        store_name=settings.store_name,
        default_locale=settings.default_locale,
        default_timezone=settings.default_timezone,
        tracking_page=lambda order_id: tracking.tracking_url(settings, order_id),
    )


def _invalid(field: str, reason: str, **extra: object) -> InvalidInput:
    return InvalidInput(
        f"{field}: {reason}", details={"errors": [{"field": field, "reason": reason}], **extra}
    )


def _checked_body(body: str) -> None:
    try:
        macro_text.check_body(body)
    except macro_text.MacroSyntaxError as exc:
        raise _invalid("body", str(exc), unknown_variables=exc.unknown) from exc


def _check_unique(session: Session, name: str, locale: str, except_id: int | None = None) -> None:
    query = sa.select(Macro.id).where(Macro.name == name, Macro.locale == locale)
    if except_id is not None:
        query = query.where(Macro.id != except_id)
    if session.scalar(query) is not None:
        raise AlreadyExists(
            f"a {locale} macro named {name!r} exists already",
            details={"field": "name", "name": name, "locale": locale},
        )


def _check_team(session: Session, team_id: int | None) -> None:
    if team_id is not None and session.get(Team, team_id) is None:
        raise _invalid("team_id", "no such team")


def create_macro(
    session: Session, data: MacroCreate, *, author: Principal, now: datetime | None = None
) -> Macro:
    """Save a macro; unknown ``{{ variables }}`` are refused (422 naming them)."""
    at = now or utcnow()
    name = data.name.strip()
    _checked_body(data.body)
    _check_team(session, data.team_id)
    _check_unique(session, name, data.locale)
    macro = Macro(name=name, locale=data.locale, body=data.body, team_id=data.team_id,
                  created_by=author.actor, created_by_id=author.user_id, created_at=at,
                  updated_at=at)  # fmt: skip
    session.add(macro)
    session.flush()
    return macro


def get_macro(session: Session, macro_id: int) -> Macro:
    macro = session.get(Macro, macro_id)
    if macro is None:
        raise NotFound("macro", macro_id)
    return macro


def list_macros(
    session: Session, *, team_id: int | None = None, locale: str | None = None
) -> list[Macro]:
    """By name; with ``team_id``, that team's macros and those shared with everyone."""
    query = sa.select(Macro)
    if team_id is not None:
        query = query.where(sa.or_(Macro.team_id == team_id, Macro.team_id.is_(None)))
    if locale is not None:
        query = query.where(Macro.locale == locale)
    return list(session.scalars(query.order_by(Macro.name, Macro.locale, Macro.id)))


def _may_edit(macro: Macro, editor: Principal) -> None:
    if editor.role is Role.ADMIN:
        return
    if editor.user_id is None or editor.user_id != macro.created_by_id:
        raise Forbidden("only the author of a macro or an admin may change or delete it")


def update_macro(
    session: Session,
    macro_id: int,
    changes: MacroUpdate,
    *,
    editor: Principal,
    now: datetime | None = None,
) -> Macro:
    """Change the fields sent, all checked before any is applied."""
    macro = get_macro(session, macro_id)
    _may_edit(macro, editor)
    sent = changes.model_fields_set
    for field in ("name", "body", "locale"):
        if field in sent and getattr(changes, field) is None:
            raise _invalid(field, "cannot be null")
    if changes.body is not None:
        _checked_body(changes.body)
    if "team_id" in sent:
        _check_team(session, changes.team_id)
    name = changes.name.strip() if changes.name is not None else macro.name
    locale = changes.locale or macro.locale
    _check_unique(session, name, locale, except_id=macro.id)
    macro.name, macro.locale = name, locale
    macro.body = changes.body if changes.body is not None else macro.body
    if "team_id" in sent:
        macro.team_id = changes.team_id
    macro.updated_at = now or utcnow()
    session.flush()
    return macro


def delete_macro(session: Session, macro_id: int, *, editor: Principal) -> None:
    macro = get_macro(session, macro_id)
    _may_edit(macro, editor)
    session.delete(macro)
    session.flush()


def macro_read(macro: Macro) -> MacroRead:
    return MacroRead(
        id=macro.id, name=macro.name, locale=macro.locale, body=macro.body,
        variables=macro_text.variables_in(macro.body), team_id=macro.team_id,
        created_by=macro.created_by, created_at=macro.created_at, updated_at=macro.updated_at,
    )  # fmt: skip


# -- filling a macro in ----------------------------------------------------------------


def preview_macro(
    session: Session,
    macro_id: int,
    ticket_id: int,
    order_id: int | None = None,
    *,
    store: StoreContext | None = None,
) -> MacroPreview:
    """The macro's text for this ticket, with placeholders where data is missing."""
    store = store or StoreContext()
    macro = get_macro(session, macro_id)
    ticket = get_ticket(session, ticket_id)
    chosen = _order_for(session, ticket, order_id)
    values = _values(session, ticket, chosen, macro.locale, store)
    used = macro_text.variables_in(macro.body)
    return MacroPreview(
        macro_id=macro.id, ticket_id=ticket.id, order_id=chosen.id if chosen else None,
        locale=macro.locale, text=macro_text.fill(macro.body, values),
        missing=[name for name in used if not values.get(name)],
    )  # fmt: skip


def render_macro(
    session: Session,
    macro_id: int,
    ticket_id: int,
    order_id: int | None = None,
    *,
    store: StoreContext | None = None,
) -> str:
    """The text for the reply box (see :func:`preview_macro`)."""
    return preview_macro(session, macro_id, ticket_id, order_id, store=store).text


def _order_for(session: Session, ticket: Ticket, order_id: int | None) -> orders.Order | None:
    linked = [row[0] for row in linking.linked_orders(session, ticket.id)]
    if order_id is None:
        return session.get(orders.Order, linked[-1]) if linked else None
    if session.get(orders.Order, order_id) is None:
        raise NotFound("order", order_id)
    if order_id not in linked:
        raise _invalid("order_id", f"order {order_id} is not linked to ticket {ticket.id}")
    return session.get(orders.Order, order_id)


def _values(
    session: Session,
    ticket: Ticket,
    order: orders.Order | None,
    locale: str,
    store: StoreContext,
) -> Mapping[str, str | None]:
    customer = session.get(customers.Customer, ticket.customer_id) if ticket.customer_id else None
    first_name = customer.first_name if customer and customer.first_name else None
    values: dict[str, str | None] = {
        "customer_first_name": first_name or next(iter(ticket.requester_name.split()), None),
        "store_name": store.store_name,
        "ticket_reference": ticket.reference,
    }
    if order is None:
        return values
    shipment = _latest_shipment(session, order.id)
    zone = macro_text.time_zone(customer.timezone if customer else None, store.default_timezone)
    babel = macro_text.babel_locale(customer.locale if customer else order.locale, locale)
    day = _delivery_day(session, order, shipment, zone)
    values |= {
        "order_number": order.number,
        "order_status": macro_text.status_words(order.status.value, locale),
        "carrier": shipment.carrier if shipment else None,
        "tracking_link": _tracking_link(order, shipment, store),
        "estimated_delivery_date": macro_text.format_day(day, babel) if day else None,
    }
    return values


def _latest_shipment(session: Session, order_id: int) -> shipping.Shipment | None:
    found = shipping.shipments_for_order(session, order_id)
    return found[-1] if found else None


def _delivery_day(
    session: Session, order: orders.Order, shipment: shipping.Shipment | None, zone: ZoneInfo
) -> date | None:
    """Delivered: the day it arrived where the customer lives; else the day the customer
    was told to expect (a delay notice's new day included), else the promise."""
    if shipment is not None and shipment.delivered_at is not None:
        return macro_text.local_day(shipment.delivered_at, zone)
    if shipment is not None:
        return tracking.expected_date(session, shipment) or shipment.promised_delivery_date
    return order.promised_delivery_date


def _tracking_link(
    order: orders.Order, shipment: shipping.Shipment | None, store: StoreContext
) -> str | None:
    if store.tracking_page is not None:
        return store.tracking_page(order.id)
    return shipment.tracking_url if shipment and shipment.tracking_url else None
