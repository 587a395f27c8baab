"""Caps per role as configured by admins, and assessing a new code against them.

A change of caps is a new ``DiscountCap`` row (who, when, why); the role's latest row is
in force, and a role without rows has ``limits.DEFAULT_CAPS``. Services never commit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import fx
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.http import Role
from opsdesk.promotions import limits
from opsdesk.promotions.models import DiscountCap, DiscountCode, DiscountStatus
from opsdesk.promotions.policy import CodeTerms, TermsError


@dataclass(frozen=True)
class RoleCaps:
    """The caps in force for a role, and where they come from."""

    role: Role
    caps: limits.Caps
    changed_by: str | None = None  # None: the built-in defaults
    changed_at: datetime | None = None
    note: str | None = None


def capped_role(role: Role | str) -> Role:
    try:
        found = Role(role)
    except ValueError:
        found = None
    if found not in limits.CAPPED_ROLES:
        allowed = ", ".join(r.value for r in limits.CAPPED_ROLES)
        raise InvalidInput(f"caps are set for the roles {allowed}", details={"field": "role"})
    assert found is not None
    return found


def caps_for(session: Session, role: Role) -> RoleCaps:
    row = session.scalars(
        sa.select(DiscountCap)
        .where(DiscountCap.role == role.value)
        .order_by(DiscountCap.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return RoleCaps(role, limits.DEFAULT_CAPS[role])
    caps = limits.Caps(
        row.max_percent_bp, row.max_amount_minor, row.currency, row.max_redemptions,
        row.max_codes_per_day,
    )  # fmt: skip
    return RoleCaps(role, caps, row.changed_by, row.changed_at, row.note)


def all_caps(session: Session) -> list[RoleCaps]:
    return [caps_for(session, role) for role in limits.CAPPED_ROLES]


def set_caps(
    session: Session,
    role: Role | str,
    caps: limits.Caps,
    *,
    actor: str,
    note: str,
    now: datetime | None = None,
) -> RoleCaps:
    """Put new caps in force for ``role`` from now on; the previous ones stay on record."""
    which = capped_role(role)
    try:
        limits.check_caps(caps)
        currency = fx.currency_code(caps.currency)
    except TermsError as exc:
        raise InvalidInput(str(exc), details={"field": exc.field}) from exc
    except ValueError as exc:
        raise InvalidInput(str(exc), details={"field": "currency"}) from exc
    if not note.strip() or len(note.strip()) > 500:
        raise InvalidInput("note must be 1 to 500 characters", details={"field": "note"})
    row = DiscountCap(
        role=which.value, max_percent_bp=caps.max_percent_bp,
        max_amount_minor=caps.max_amount_minor, currency=currency,
        max_redemptions=caps.max_redemptions, max_codes_per_day=caps.max_codes_per_day,
        changed_by=actor, changed_at=now or utcnow(), note=note.strip(),
    )  # fmt: skip
    session.add(row)
    session.flush()
    return caps_for(session, which)


def cap_history(session: Session, limit: int = 100) -> list[DiscountCap]:
    """Every change of caps, newest first."""
    query = sa.select(DiscountCap).order_by(DiscountCap.id.desc()).limit(limit)
    return list(session.scalars(query))


def amount_cap_in(session: Session, caps: limits.Caps, currency: str, at: datetime) -> int | None:
    """The amount cap in minor units of ``currency`` (rounded down) on ``at``'s day; None
    when no exchange rate between the two is known."""
    base, quote = caps.currency.upper(), currency.upper()
    if base == quote:
        return caps.max_amount_minor
    forward = fx.rate_on(session, base, quote, at.date())
    if forward is not None:
        return forward.convert(caps.max_amount_minor, ROUND_DOWN)
    backward = fx.rate_on(session, quote, base, at.date())
    if backward is not None:
        return backward.convert_back(caps.max_amount_minor, ROUND_DOWN)
    return None


def issued_last_day(session: Session, issued_by: str, now: datetime) -> int:
    """Codes ``issued_by`` created in the last 24 hours, rejected ones left out."""
    count = session.scalar(
        sa.select(sa.func.count())
        .select_from(DiscountCode)
        .where(
            DiscountCode.issued_by == issued_by,
            DiscountCode.created_at > now - limits.CAP_WINDOW,
            DiscountCode.status != DiscountStatus.REJECTED,
        )
    )
    return int(count or 0)


def lock_issuer(session: Session, issued_by: str) -> None:
    """Serialise one issuer's codes so two at once cannot both slip under the daily cap
    (PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already serialises writers)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    digest = hashlib.blake2b(f"discount-issuer\x00{issued_by}".encode(), digest_size=8).digest()
    lock_id = int.from_bytes(digest, "big", signed=True)
    session.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})


def assess(
    session: Session, terms: CodeTerms, role: Role, *, issued_by: str | None, now: datetime
) -> list[str]:
    """Why a code by ``role`` needs approval (empty: it does not). Admins have no caps.
    With ``issued_by`` the issuer's last 24 hours count too (and the issuer is locked
    until the transaction ends); without it, as for an approver, they do not."""
    if role is Role.ADMIN:
        return []
    if role not in limits.CAPPED_ROLES:
        role = Role.AGENT
    caps = caps_for(session, role).caps
    amount_cap = None
    if terms.currency is not None:
        amount_cap = amount_cap_in(session, caps, terms.currency, now)
    today = None
    if issued_by is not None:
        lock_issuer(session, issued_by)
        today = issued_last_day(session, issued_by, now)
    return limits.breaches(terms, caps, role, amount_cap_minor=amount_cap, issued_last_day=today)
