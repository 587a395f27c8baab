"""Exchange rates over HTTP (operations, admin): list, read one, set."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response

from opsdesk.fx import service
from opsdesk.fx.schemas import RateRead, RateSet
from opsdesk.kernel.errors import NotFound
from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.kernel.inputs import SaleCurrency

router = APIRouter(prefix="/exchange-rates", tags=["exchange rates"])
Operations = Annotated[Principal, Depends(require(Role.OPERATIONS))]
_ISO = "An ISO 4217 currency code (any case), e.g. EUR."
Currency = Annotated[SaleCurrency, Path(description=_ISO)]
CurrencyFilter = Annotated[SaleCurrency | None, Query(description=_ISO)]


@router.get("", response_model=list[RateRead])
def list_rates(
    session: DB,
    _ops: Operations,
    base: CurrencyFilter = None,
    quote: CurrencyFilter = None,
    on: Annotated[
        date | None, Query(description="Only the rate each pair has in effect on this day.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_LIST)] = service.MAX_LIST,
) -> list[RateRead]:
    """Rates by pair (base, then quote), the newest first."""
    rows = service.list_rates(session, base=base, quote=quote, on=on, limit=limit)
    return [RateRead.of(row) for row in rows]


@router.get("/{base}/{quote}/{valid_from}", response_model=RateRead)
def get_rate(
    base: Currency, quote: Currency, valid_from: date, session: DB, _ops: Operations
) -> RateRead:
    """The rate set for exactly this day (``?on=`` on the list finds the one in effect)."""
    row = service.get_rate(session, base, quote, valid_from)
    if row is None:
        raise NotFound("exchange rate", f"{base.upper()}/{quote.upper()}/{valid_from}")
    return RateRead.of(row)


@router.put(
    "/{base}/{quote}/{valid_from}",
    response_model=RateRead,
    responses={201: {"model": RateRead, "description": "A new rate for that day."}},
)
def set_rate(
    base: Currency,
    quote: Currency,
    valid_from: date,
    body: RateSet,
    response: Response,
    session: DB,
    ops: Operations,
) -> RateRead:
    """Set 1 ``base`` = ``rate`` ``quote`` from ``valid_from`` on: ``201`` for a new day,
    ``200`` when it replaces that day's rate. Repeating the call changes nothing more."""
    row, created = service.set_rate(
        session, base=base, quote=quote, rate=body.rate, valid_from=valid_from,
        set_by=ops.actor, note=body.note,
    )  # fmt: skip
    if created:
        response.status_code = 201
        response.headers["Location"] = (
            f"/api/v1/exchange-rates/{row.base_currency}/{row.quote_currency}/{row.valid_from}"
        )
    return RateRead.of(row)
