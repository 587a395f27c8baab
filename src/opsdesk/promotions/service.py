"""Issuing, reading, revoking discount codes and adding up what was given away.

Services take the caller's session and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from opsdesk import customers
from opsdesk.kernel import events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, InvalidInput, NotFound
from opsdesk.kernel.http import Role
from opsdesk.kernel.pagination import decode_cursor, encode_cursor
from opsdesk.promotions import caps, limits, policy
from opsdesk.promotions.events import DiscountCodeIssued, DiscountCodeRevoked
from opsdesk.promotions.models import (
    DiscountCode,
    DiscountKind,
    DiscountReason,
    DiscountSource,
    DiscountStatus,
)

MAX_PAGE = 200
_E = TypeVar("_E", DiscountKind, DiscountSource, DiscountReason)
_CODE_ATTEMPTS = 8


@dataclass(frozen=True)
class CodeReference:
    """What a code was issued about: a ticket, an order (the shop's reference), or both."""

    ticket_id: int | None = None
    order_reference: str | None = None


def terms_of(code: DiscountCode) -> policy.CodeTerms:
    return policy.CodeTerms(
        kind=code.kind,
        value=code.value,
        currency=code.currency,
        expires_at=code.expires_at,
        max_redemptions=code.max_redemptions,
        times_redeemed=code.times_redeemed,
        status=code.status,
        customer_id=code.customer_id,
        min_order_minor=code.min_order_minor,
        max_discount_minor=code.max_discount_minor,
    )


def issue_code(
    session: Session,
    *,
    kind: DiscountKind | str,
    value: int,
    currency: str | None,
    expires_at: datetime,
    max_redemptions: int = 1,
    customer_id: int | None = None,
    min_order_minor: int | None = None,
    max_discount_minor: int | None = None,
    reason: str,
    reason_code: DiscountReason | str,
    source: DiscountSource | str,
    issued_by: str,
    issuer_role: Role | None = None,
    reference: CodeReference | None = None,
    prefix: str = policy.DEFAULT_PREFIX,
    now: datetime | None = None,
) -> DiscountCode:
    """Create a code with a fresh, unique, unambiguous text and record ``DiscountCodeIssued``.

    A code above the caps of ``issuer_role`` (an agent's when not given) is created
    *pending*: it cannot be redeemed until a lead or an admin approves it. Proactive
    remedies have no role: their rule's budget bounds them, so they must have a bounded
    cost (an amount, or a percentage with ``max_discount_minor``)."""
    at = now or utcnow()
    terms = policy.CodeTerms(
        kind=enum_value(DiscountKind, kind, "kind"),
        value=value,
        currency=currency.upper() if currency else None,
        expires_at=expires_at,
        max_redemptions=max_redemptions,
        customer_id=customer_id,
        min_order_minor=min_order_minor,
        max_discount_minor=max_discount_minor,
    )
    origin = enum_value(DiscountSource, source, "source")
    why = enum_value(DiscountReason, reason_code, "reason_code")
    ref = reference or CodeReference()
    _check_issue(session, terms, origin, reason=reason, issued_by=issued_by, now=at)
    _check_reference(ref)
    _check_purpose(terms, origin, why, ref)
    row = _new_code(terms, origin, reason=reason.strip(), issued_by=issued_by, ref=ref, at=at)
    row.reason_code = why
    if origin is not DiscountSource.PROACTIVE:
        role = issuer_role or Role.AGENT
        beyond = caps.assess(session, terms, role, issued_by=issued_by, now=at)
        if beyond:
            row.status = DiscountStatus.PENDING
            row.approval_needed = "; ".join(beyond)[:500]
    _insert_with_fresh_code(session, row, _checked_prefix(prefix))
    events.record(session, _issued_event(row), now=at)
    return row


def _check_purpose(
    terms: policy.CodeTerms, source: DiscountSource, why: DiscountReason, ref: CodeReference
) -> None:
    """Every code says why (from the list) and whom it is for."""
    automatic = source is DiscountSource.PROACTIVE
    if why is DiscountReason.AUTOMATIC_REMEDY and not automatic:
        raise InvalidInput(
            "reason_code automatic_remedy is for the proactive rules' remedies only",
            details={"field": "reason_code"},
        )
    named = terms.customer_id is not None or ref.ticket_id is not None
    if not named and not (automatic and ref.order_reference is not None):
        raise InvalidInput(
            "a code must name the customer or the ticket it is for",
            details={"field": "customer_id"},
        )


def _new_code(
    terms: policy.CodeTerms,
    source: DiscountSource,
    *,
    reason: str,
    issued_by: str,
    ref: CodeReference,
    at: datetime,
) -> DiscountCode:
    return DiscountCode(
        kind=terms.kind,
        value=terms.value,
        currency=terms.currency,
        min_order_minor=terms.min_order_minor,
        max_discount_minor=terms.max_discount_minor,
        expires_at=terms.expires_at,
        max_redemptions=terms.max_redemptions,
        times_redeemed=0,
        customer_id=terms.customer_id,
        status=DiscountStatus.ACTIVE,
        source=source,
        issued_by=issued_by,
        reason=reason,
        ticket_id=ref.ticket_id,
        order_reference=ref.order_reference,
        created_at=at,
    )


def _check_reference(ref: CodeReference) -> None:
    if ref.ticket_id is not None and ref.ticket_id < 1:
        raise InvalidInput("ticket_id must be positive", details={"field": "ticket_id"})
    if ref.order_reference is not None and not 0 < len(ref.order_reference.strip()) <= 100:
        raise InvalidInput(
            "order_reference must be 1 to 100 characters", details={"field": "order_reference"}
        )


def _check_issue(
    session: Session,
    terms: policy.CodeTerms,
    source: DiscountSource,
    *,
    reason: str,
    issued_by: str,
    now: datetime,
) -> None:
    try:
        policy.check_terms(terms, now=now)
        limits.check_hard_limits(terms)
    except policy.TermsError as exc:
        raise InvalidInput(str(exc), details={"field": exc.field}) from exc
    if source is DiscountSource.PROACTIVE and policy.worst_case_cost(terms) is None:
        raise InvalidInput(
            "a proactive remedy needs a bounded cost: an amount or a capped percentage",
            details={"field": "max_discount_minor"},
        )
    if not reason.strip() or len(reason.strip()) > 500:
        raise InvalidInput("reason must be 1 to 500 characters", details={"field": "reason"})
    if not issued_by or len(issued_by) > 120:
        raise InvalidInput("issued_by must be 1 to 120 characters", details={"field": "issued_by"})
    if terms.customer_id is not None and not customers.customer_exists(session, terms.customer_id):
        raise InvalidInput(
            f"customer {terms.customer_id} does not exist", details={"field": "customer_id"}
        )


def _checked_prefix(prefix: str) -> str:
    try:
        return policy.normalise_prefix(prefix)
    except ValueError as exc:
        raise InvalidInput(str(exc), details={"field": "prefix"}) from exc


def enum_value(enum_cls: type[_E], value: _E | str, field: str) -> _E:
    try:
        return enum_cls(value)
    except ValueError as exc:
        allowed = ", ".join(m.value for m in enum_cls)
        raise InvalidInput(f"{field} must be one of {allowed}", details={"field": field}) from exc


def _insert_with_fresh_code(session: Session, row: DiscountCode, prefix: str) -> None:
    """Draw codes until one is free; a savepoint absorbs a racing twin (1 in ~10^9)."""
    for _ in range(_CODE_ATTEMPTS):
        candidate = policy.generate_code(prefix)
        if session.scalar(sa.select(DiscountCode.id).where(DiscountCode.code == candidate)):
            continue
        row.code = candidate
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
            return
        except IntegrityError:
            continue
    raise Conflict("could not draw an unused discount code; please retry")


def _issued_event(row: DiscountCode) -> DiscountCodeIssued:
    return DiscountCodeIssued(
        code_id=row.id,
        code=row.code,
        kind=row.kind.value,
        value=row.value,
        currency=row.currency,
        expires_at=row.expires_at,
        max_redemptions=row.max_redemptions,
        customer_id=row.customer_id,
        source=row.source.value,
        issued_by=row.issued_by,
        reason=row.reason,
        ticket_id=row.ticket_id,
        order_reference=row.order_reference,
        status=row.status.value,
        reason_code=row.reason_code.value,
        approval_needed=row.approval_needed,
    )


def get_code(session: Session, code: str) -> DiscountCode:
    """The code as customers type it (any case, stray spaces), or ``NotFound``."""
    normalised = policy.normalise_code(code)
    row = session.scalars(sa.select(DiscountCode).where(DiscountCode.code == normalised)).first()
    if row is None:
        raise NotFound("discount code", normalised)
    return row


@dataclass(frozen=True)
class CodeFilter:
    customer_id: int | None = None
    source: DiscountSource | None = None
    status: DiscountStatus | None = None
    ticket_id: int | None = None
    order_reference: str | None = None


def list_codes(
    session: Session, filters: CodeFilter, *, cursor: str | None = None, limit: int = 50
) -> tuple[list[DiscountCode], str | None]:
    """Newest first, keyset-paginated on the id."""
    limit = max(1, min(limit, MAX_PAGE))
    query = sa.select(DiscountCode)
    for column, wanted in (
        (DiscountCode.customer_id, filters.customer_id),
        (DiscountCode.source, filters.source),
        (DiscountCode.status, filters.status),
        (DiscountCode.ticket_id, filters.ticket_id),
        (DiscountCode.order_reference, filters.order_reference),
    ):
        if wanted is not None:
            query = query.where(column == wanted)
    if cursor:
        query = query.where(DiscountCode.id < _cursor_id(cursor))
    rows = list(session.scalars(query.order_by(DiscountCode.id.desc()).limit(limit + 1)))
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], encode_cursor({"id": rows[limit - 1].id})


def _cursor_id(cursor: str) -> int:
    value = decode_cursor(cursor).get("id")
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**63:
        raise InvalidInput("malformed cursor", details={"field": "cursor"})
    return value


def revoke_code(
    session: Session, code: str, *, actor: str, reason: str, now: datetime | None = None
) -> DiscountCode:
    """Withdraw a code so it cannot be redeemed again. Revoking twice changes nothing."""
    if not reason.strip() or len(reason.strip()) > 500:
        raise InvalidInput("reason must be 1 to 500 characters", details={"field": "reason"})
    row = get_code(session, code)
    at = now or utcnow()
    # Conditional, like redemption: a racing redemption either lands first or sees revoked.
    result = session.execute(
        sa.update(DiscountCode)
        .where(DiscountCode.id == row.id, DiscountCode.status == DiscountStatus.ACTIVE)
        .values(
            status=DiscountStatus.REVOKED,
            revoked_at=at,
            revoked_by=actor,
            revoke_reason=reason.strip(),
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)
    if result.rowcount:  # type: ignore[attr-defined]
        event = DiscountCodeRevoked(
            code_id=row.id, code=row.code, revoked_by=actor, reason=reason.strip()
        )
        events.record(session, event, now=at)
    return row
