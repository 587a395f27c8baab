"""The Customers screen: everyone who ordered or wrote to us, found by name, e-mail or
order number and narrowed by country, open tickets and recent orders; a page per
customer with contact details, language, addresses and one history of their orders,
tickets and messages. Agents read; operations staff edit contact details, language and
the default address (``customers_edit``)."""

from __future__ import annotations

from typing import Annotated

from babel import Locale, UnknownLocaleError
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from opsdesk import customers
from opsdesk.kernel.http import DB
from opsdesk.web.ui.ops.customers_history import KINDS, customer_history
from opsdesk.web.ui.ops.customers_query import (
    RECENT_DAYS,
    CustomerFilter,
    countries_in_use,
    customer_rows,
    row_facts,
)
from opsdesk.web.ui.ops.listing import SortKey, page_of
from opsdesk.web.ui.ops.pages import can_write, read_one, reader
from opsdesk.web.ui.templating import now_of, render

router = APIRouter(include_in_schema=False)
PATH = "/workspace/customers"
Cursor = Annotated[str | None, Query(max_length=512)]


@router.get(PATH)
def customer_list(
    request: Request,
    session: DB,
    q: Annotated[str, Query(max_length=120)] = "",
    country: Annotated[str, Query(pattern="^(|[A-Za-z]{2})$")] = "",
    open_ticket: bool = False,
    # Text, not int: the form sends "" for "any time".
    ordered_within: Annotated[str, Query(pattern="^(|[1-9][0-9]{0,3})$")] = "",
    cursor: Cursor = None,
) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    days = int(ordered_within) if ordered_within else None
    where = CustomerFilter(q, country.upper(), open_ticket, days)
    stmt = customer_rows(where, now_of(request))
    page = page_of(session, stmt, [SortKey(customers.Customer.id, descending=True)], cursor)
    return render(
        request, "ops/customers/list.html", principal=principal, page=page, where=where,
        params=where.params(), path=PATH, facts=row_facts(session, [c.id for c in page.rows]),
        countries=countries_in_use(session), recent_days=RECENT_DAYS,
    )  # fmt: skip


@router.get(PATH + "/{customer_id}")
def customer_page(
    customer_id: int,
    request: Request,
    session: DB,
    kind: Annotated[str, Query(pattern="^(|order|ticket|message)$")] = "",
    cursor: Cursor = None,
) -> Response:
    loaded = read_one(
        session, request, "customer", lambda: session.get(customers.Customer, customer_id)
    )
    if isinstance(loaded, Response):
        return loaded
    principal, customer = loaded
    history = customer_history(session, customer_id, cursor, (kind,) if kind else KINDS)
    return render(
        request, "ops/customers/customer.html", principal=principal, customer=customer,
        history=history, kind=kind, kinds=KINDS, path=f"{PATH}/{customer_id}",
        params={"kind": kind}, facts=row_facts(session, [customer_id])[customer_id],
        language=language_name(customer.locale), can_edit=can_write(principal),
    )  # fmt: skip


def language_name(locale: str) -> str:
    """``de-AT`` as "German (Austria)", or the code itself when babel does not know it."""
    try:
        name = Locale.parse(locale.replace("-", "_")).get_display_name("en")
    except (ValueError, TypeError, UnknownLocaleError):
        return locale
    return str(name) if name else locale
