"""Pure limits on issuing codes: hard limits nobody passes, and caps per role above which
a code waits for approval.

Hard limits are refused (422) for everyone, admins and proactive rules included: no
code is worth more than 100 %, more than ``HARD_MAX_AMOUNT_MINOR`` minor units, or usable
more than ``HARD_MAX_REDEMPTIONS`` times. Caps are lower, per role and configurable; a
code above its issuer's caps is not refused but held as *pending* until a lead or an
admin approves it. Admins have no caps; proactive remedies have their rule's budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from opsdesk.kernel.http import Role
from opsdesk.promotions.models import DiscountKind
from opsdesk.promotions.policy import FULL_PERCENT_BP, CodeTerms, TermsError

HARD_MAX_REDEMPTIONS = 10_000
# 100,000.00 in a two-decimal currency; the caps (in EUR, converted) are far below.
HARD_MAX_AMOUNT_MINOR = 10_000_000
# "Per day" is the last 24 hours, so there is no burst at midnight in any time zone.
CAP_WINDOW = timedelta(hours=24)
CAPPED_ROLES = (Role.AGENT, Role.LEAD, Role.OPERATIONS)
# Who may approve a pending code: a lead within the lead's own caps, an admin always.
APPROVERS = (Role.LEAD, Role.ADMIN)


@dataclass(frozen=True)
class Caps:
    """What one role may issue without approval."""

    max_percent_bp: int
    max_amount_minor: int  # in ``currency``; converted into the code's currency
    currency: str
    max_redemptions: int
    max_codes_per_day: int


DEFAULT_CAPS: dict[Role, Caps] = {
    Role.AGENT: Caps(2000, 2500, "EUR", 1, 10),  # 20 %, €25, single use, 10 a day
    Role.OPERATIONS: Caps(2000, 2500, "EUR", 1, 10),
    Role.LEAD: Caps(5000, 10_000, "EUR", 10, 50),  # 50 %, €100, 10 uses, 50 a day
}


def check_hard_limits(terms: CodeTerms) -> None:
    """Raise :class:`TermsError` naming the field when a value is beyond any sense."""
    if terms.kind is DiscountKind.PERCENT and terms.value > FULL_PERCENT_BP:
        raise TermsError("value", f"a percentage is at most 100 % ({FULL_PERCENT_BP} bp)")
    if terms.kind is DiscountKind.AMOUNT and terms.value > HARD_MAX_AMOUNT_MINOR:
        raise TermsError("value", f"an amount is at most {HARD_MAX_AMOUNT_MINOR:,} minor units")
    cap = terms.max_discount_minor
    if cap is not None and cap > HARD_MAX_AMOUNT_MINOR:
        raise TermsError(
            "max_discount_minor", f"a cap is at most {HARD_MAX_AMOUNT_MINOR:,} minor units"
        )
    if terms.max_redemptions > HARD_MAX_REDEMPTIONS:
        raise TermsError("max_redemptions", f"a code has at most {HARD_MAX_REDEMPTIONS:,} uses")


def check_caps(caps: Caps) -> None:
    """Raise :class:`TermsError` when configured caps are beyond the hard limits."""
    if not 1 <= caps.max_percent_bp <= FULL_PERCENT_BP:
        raise TermsError("max_percent_bp", f"must be 1 to {FULL_PERCENT_BP}")
    if not 1 <= caps.max_amount_minor <= HARD_MAX_AMOUNT_MINOR:
        raise TermsError("max_amount_minor", f"must be 1 to {HARD_MAX_AMOUNT_MINOR}")
    if not 1 <= caps.max_redemptions <= HARD_MAX_REDEMPTIONS:
        raise TermsError("max_redemptions", f"must be 1 to {HARD_MAX_REDEMPTIONS}")
    if not 0 <= caps.max_codes_per_day <= 10_000:
        raise TermsError("max_codes_per_day", "must be 0 to 10000")


def breaches(
    terms: CodeTerms,
    caps: Caps,
    role: Role,
    *,
    amount_cap_minor: int | None,
    issued_last_day: int | None = None,
) -> list[str]:
    """Why a code is above ``role``'s caps, one sentence each; empty when within them.

    ``amount_cap_minor`` is the amount cap in the code's currency (None: no exchange
    rate to convert it, so only an approver can tell); ``issued_last_day`` counts the
    issuer's other codes in the last 24 hours (None: not counted, as for an approver).
    """
    found: list[str] = []
    if terms.kind is DiscountKind.PERCENT and terms.value > caps.max_percent_bp:
        found.append(
            f"{_percent(terms.value)} is above the {role.value} cap of {_percent(caps.max_percent_bp)}"
        )
    if terms.kind is DiscountKind.AMOUNT:
        found.extend(_amount_breach(terms, caps, role, amount_cap_minor))
    if terms.max_redemptions > caps.max_redemptions:
        found.append(
            f"{terms.max_redemptions} uses is above the {role.value} cap of {caps.max_redemptions}"
        )
    if issued_last_day is not None and issued_last_day >= caps.max_codes_per_day:
        found.append(
            f"{issued_last_day} codes were already issued in the last 24 hours "
            f"(the {role.value} cap is {caps.max_codes_per_day})"
        )
    return found


def _amount_breach(
    terms: CodeTerms, caps: Caps, role: Role, amount_cap_minor: int | None
) -> list[str]:
    if amount_cap_minor is None:
        return [
            f"no exchange rate {caps.currency}→{terms.currency} to compare the amount with "
            f"the {role.value} cap of {caps.max_amount_minor} {caps.currency} minor units"
        ]
    if terms.value <= amount_cap_minor:
        return []
    return [
        f"{terms.value} {terms.currency} minor units is above the {role.value} cap of "
        f"{amount_cap_minor} ({caps.max_amount_minor} {caps.currency} minor units)"
    ]


def _percent(bp: int) -> str:
    return f"{bp / 100:g} %"
