"""Reading the returns forms: each field checked and named in the refusal, so a bad value
is a 422 saying which field was wrong, never a 500 or a half-made change."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import get_currency_precision

from opsdesk import returns
from opsdesk.kernel.errors import InvalidInput

GRADES = (
    (returns.ConditionGrade.A, "A · as new"),
    (returns.ConditionGrade.B, "B · opened, complete"),
    (returns.ConditionGrade.C, "C · damaged or incomplete"),
    (returns.ConditionGrade.D, "D · unusable"),
)
REASON_LABELS = {
    returns.ReturnReason.DAMAGED: "Damaged",
    returns.ReturnReason.WRONG_ITEM: "Wrong item",
    returns.ReturnReason.NOT_AS_DESCRIBED: "Not as described",
    returns.ReturnReason.CHANGED_MIND: "Changed mind",
    returns.ReturnReason.LATE: "Arrived late",
    returns.ReturnReason.OTHER: "Other",
}


def approve(value: str) -> bool:
    if value not in ("approve", "reject"):
        raise InvalidInput("choose approve or reject", details={"field": "decision"})
    return value == "approve"


def warehouse_id(value: str) -> int:
    if not value.strip().isdigit() or not 0 < int(value) < 2**63:
        raise InvalidInput(
            "choose the warehouse the parcel arrived at", details={"field": "warehouse_id"}
        )
    return int(value)


def disposition(value: str) -> returns.Disposition:
    try:
        return returns.Disposition(value)
    except ValueError:
        raise InvalidInput(
            "choose restock or write off", details={"field": "disposition"}
        ) from None


def grade(value: str) -> returns.ConditionGrade:
    try:
        return returns.ConditionGrade(value.strip().upper())
    except ValueError:
        raise InvalidInput(
            "choose a condition grade A, B, C or D", details={"field": "grade"}
        ) from None


def reason_check(value: str) -> bool:
    """The inspector must say whether the customer's reason held: yes or no."""
    if value not in ("yes", "no"):
        raise InvalidInput(
            "say whether the customer's reason was confirmed", details={"field": "reason_check"}
        )
    return value == "yes"


def major_amount(minor: int, currency: str) -> str:
    """1990 in EUR → ``"19.90"``: the refund field's starting value."""
    exponent = get_currency_precision(currency)
    return f"{Decimal(minor).scaleb(-exponent):.{exponent}f}"


def amount_minor(value: str, currency: str) -> int:
    """``"19.90"`` in EUR → 1990; refuses what is not a positive amount in the currency."""
    exponent = get_currency_precision(currency)
    try:
        amount = Decimal(value.strip().replace(",", "."))
    except InvalidOperation:
        raise InvalidInput(f"“{value}” is not an amount", details={"field": "amount"}) from None
    minor = amount * 10**exponent
    if not amount.is_finite() or minor != minor.to_integral_value() or minor <= 0:
        raise InvalidInput(
            f"the refund must be a positive amount in {currency} with at most {exponent} decimals",
            details={"field": "amount"},
        )
    if minor >= 2**63:
        raise InvalidInput("the refund amount is too large", details={"field": "amount"})
    return int(minor)
