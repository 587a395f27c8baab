"""HTTP for discount codes: staff issue and revoke them, shops quote and redeem them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query
from fastapi.responses import JSONResponse

from opsdesk.kernel import idempotency
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.kernel.pagination import Page
from opsdesk.promotions import approval, redemptions, service
from opsdesk.promotions.models import DiscountSource, DiscountStatus
from opsdesk.promotions.schemas import (
    MAX_ID,
    ApproveRequest,
    DiscountCodeCreate,
    DiscountCodeRead,
    QuoteRead,
    QuoteRequest,
    RedemptionCreate,
    RedemptionRead,
    RejectRequest,
    RevokeRequest,
)

router = APIRouter(prefix="/discount-codes", tags=["discount codes"])
Issuer = Annotated[Principal, Depends(require(Role.AGENT, Role.OPERATIONS))]
Revoker = Annotated[Principal, Depends(require(Role.AGENT))]
# Leads and admins; ``approval`` also checks a lead's own caps.
Decider = Annotated[Principal, Depends(require(Role.LEAD))]
# Checkout runs under the shop's API token, whatever role it was given.
AnyStaff = Annotated[Principal, Depends(require())]
IDEMPOTENCY_SCOPE = "discount_codes.issue"


def _code_location(code: str) -> dict[str, str]:
    return {"Location": f"/api/v1/discount-codes/{code}"}


@router.post("", response_model=DiscountCodeRead, status_code=201)
def issue_code(
    body: DiscountCodeCreate,
    session: DB,
    principal: Issuer,
    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
) -> JSONResponse:
    """Issue a code. Above the caller's caps it is created ``pending`` (not redeemable
    until a lead or an admin approves it); beyond the hard limits it is refused (422). A
    retried request with the same ``Idempotency-Key`` gets the first code."""
    if body.source is DiscountSource.PROACTIVE:
        raise InvalidInput(
            "source proactive is for the proactive rules' remedies only",
            details={"field": "source"},
        )

    def act() -> tuple[int, Any]:
        row = service.issue_code(
            session,
            kind=body.kind,
            value=body.value,
            currency=body.currency,
            expires_at=body.expires_at,
            max_redemptions=body.max_redemptions,
            customer_id=body.customer_id,
            min_order_minor=body.min_order_minor,
            max_discount_minor=body.max_discount_minor,
            reason=body.reason,
            reason_code=body.reason_code,
            source=body.source,
            issued_by=principal.actor,
            issuer_role=principal.role,
            reference=service.CodeReference(body.ticket_id, body.order_reference),
            prefix=body.prefix,
        )
        return 201, DiscountCodeRead.model_validate(row).model_dump(mode="json")

    answer = idempotency.once(
        session, scope=IDEMPOTENCY_SCOPE, key=idempotency_key,
        request=body.model_dump(mode="json"), act=act,
    )  # fmt: skip
    headers = _code_location(answer.content["code"]) if answer.status_code == 201 else None
    return JSONResponse(answer.content, status_code=answer.status_code, headers=headers)


@router.get("", response_model=Page[DiscountCodeRead])
def list_codes(
    session: DB,
    _staff: Issuer,
    customer_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    source: DiscountSource | None = None,
    status: DiscountStatus | None = None,
    ticket_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    order_reference: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 50,
) -> Page[DiscountCodeRead]:
    filters = service.CodeFilter(
        customer_id=customer_id,
        source=source,
        status=status,
        ticket_id=ticket_id,
        order_reference=order_reference,
    )
    rows, next_cursor = service.list_codes(session, filters, cursor=cursor, limit=limit)
    items = [DiscountCodeRead.model_validate(row) for row in rows]
    return Page(items=items, next_cursor=next_cursor)


@router.get("/{code}", response_model=DiscountCodeRead)
def get_code(code: str, session: DB, _staff: Issuer) -> DiscountCodeRead:
    return DiscountCodeRead.model_validate(service.get_code(session, code))


@router.post("/{code}/validate", response_model=QuoteRead)
def validate_code(code: str, body: QuoteRequest, session: DB, _caller: AnyStaff) -> QuoteRead:
    """What the code would take off this order, or why it does not apply; uses nothing up."""
    quote = redemptions.validate_code(
        session,
        code,
        order_total_minor=body.order_total_minor,
        currency=body.currency,
        customer_id=body.customer_id,
    )
    return QuoteRead.model_validate(quote)


@router.post("/{code}/redemptions", response_model=RedemptionRead, status_code=201)
def redeem_code(code: str, body: RedemptionCreate, session: DB, _caller: AnyStaff) -> JSONResponse:
    """Redeem at checkout: 201 the first time, 200 with the same redemption on a retry,
    409 ``discount_not_applicable`` with ``details.reason`` when the code does not apply."""
    outcome = redemptions.redeem_code(
        session,
        code,
        order_reference=body.order_reference,
        order_total_minor=body.order_total_minor,
        currency=body.currency,
        customer_id=body.customer_id,
    )
    canonical = service.get_code(session, code).code
    content = RedemptionRead.of(outcome.redemption, canonical).model_dump(mode="json")
    if outcome.replayed:
        return JSONResponse(content, status_code=200)
    location = f"/api/v1/discount-codes/{canonical}/redemptions/{outcome.redemption.id}"
    return JSONResponse(content, status_code=201, headers={"Location": location})


@router.get("/{code}/redemptions", response_model=list[RedemptionRead])
def list_redemptions(code: str, session: DB, _caller: AnyStaff) -> list[RedemptionRead]:
    canonical = service.get_code(session, code).code
    return [RedemptionRead.of(r, canonical) for r in redemptions.list_redemptions(session, code)]


@router.get("/{code}/redemptions/{redemption_id}", response_model=RedemptionRead)
def get_redemption(
    code: str,
    redemption_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    session: DB,
    _caller: AnyStaff,
) -> RedemptionRead:
    redemption = redemptions.get_redemption(session, code, redemption_id)
    return RedemptionRead.of(redemption, service.get_code(session, code).code)


@router.post("/{code}/revoke", response_model=DiscountCodeRead)
def revoke_code(
    code: str, body: RevokeRequest, session: DB, principal: Revoker
) -> DiscountCodeRead:
    row = service.revoke_code(session, code, actor=principal.actor, reason=body.reason)
    return DiscountCodeRead.model_validate(row)


@router.post("/{code}/approve", response_model=DiscountCodeRead)
def approve_code(
    code: str, body: ApproveRequest, session: DB, principal: Decider
) -> DiscountCodeRead:
    """Make a pending code redeemable: a lead within the lead's caps, an admin any; never
    the issuer. 409 ``discount_code_not_pending`` when it was already decided."""
    approver = approval.Approver(principal.actor, principal.role)
    row = approval.approve_code(session, code, approver, note=body.note)
    return DiscountCodeRead.model_validate(row)


@router.post("/{code}/reject", response_model=DiscountCodeRead)
def reject_code(
    code: str, body: RejectRequest, session: DB, principal: Decider
) -> DiscountCodeRead:
    """Turn a pending code down for good; the customer never hears of it."""
    approver = approval.Approver(principal.actor, principal.role)
    row = approval.reject_code(session, code, approver, note=body.note)
    return DiscountCodeRead.model_validate(row)
