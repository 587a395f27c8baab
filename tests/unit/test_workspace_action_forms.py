"""The panel's action forms turned into action requests, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from opsdesk import orders
from opsdesk.kernel.errors import InvalidInput
from opsdesk.support import actions
from opsdesk.web.ui.action_forms import (
    allowed_actions,
    money_minor,
    parse_action,
    percent_basis_points,
)

K = actions.ActionKind
TODAY = date(2026, 11, 26)


def _parse(kind: actions.ActionKind, **fields: str | list[str]) -> actions.ActionRequest:
    form = {k: v if isinstance(v, list) else [v] for k, v in fields.items()}
    return parse_action(kind, 7, form, currency="EUR", timezone="Europe/Berlin", today=TODAY)


def test_amounts_are_read_in_the_currency_s_own_minor_units() -> None:
    assert money_minor("12.50", "EUR", "amount") == 1250
    assert money_minor("12,5", "EUR", "amount") == 1250
    assert money_minor("1500", "JPY", "amount") == 1500
    with pytest.raises(InvalidInput, match="whole JPY cents"):
        money_minor("15.5", "JPY", "amount")
    with pytest.raises(InvalidInput, match="more than zero"):
        money_minor("-3", "EUR", "amount")


def test_percentages_become_basis_points_up_to_a_hundred() -> None:
    assert percent_basis_points("12.5 %") == 1250
    with pytest.raises(InvalidInput, match="at most 100"):
        percent_basis_points("101")


def test_a_reship_takes_the_lines_with_a_positive_quantity() -> None:
    action = _parse(K.RESHIP, reason="damaged", **{"qty-3": "1", "qty-4": "0", "qty-5": ""})

    assert isinstance(action, actions.Reship)
    assert action.quantities() == {3: 1}
    assert action.order_id == 7


def test_a_discount_expires_at_the_end_of_the_chosen_day_in_the_store_s_zone() -> None:
    action = _parse(K.ISSUE_DISCOUNT, discount_kind="amount", value="5", expires="2027-01-31",
                    reason="sorry", reason_code="damaged_item")  # fmt: skip

    assert isinstance(action, actions.IssueDiscount)
    assert (action.value, action.currency) == (500, "EUR")
    assert action.expires_at is not None
    assert action.expires_at.isoformat() == "2027-01-31T23:59:59+01:00"


@pytest.mark.parametrize(
    ("kind", "fields", "words"),
    [
        (K.CANCEL_ORDER, {"reason": "  "}, "give a reason"),
        (K.CANCEL_LINES, {"reason": "not needed"}, "tick the lines"),
        (K.CHANGE_ADDRESS, {"line1": "", "city": "Berlin", "country": "DE"}, "check the street"),
        (K.ISSUE_DISCOUNT, {"discount_kind": "gift", "value": "5", "reason": "x"}, "amount or"),
    ],
)
def test_incomplete_forms_are_refused_naming_what_to_fix(
    kind: actions.ActionKind, fields: dict[str, str], words: str
) -> None:
    with pytest.raises(InvalidInput, match=words):
        _parse(kind, **fields)


def test_only_the_actions_an_order_status_allows_are_offered() -> None:
    delivered = allowed_actions(orders.OrderStatus.DELIVERED)
    allocated = allowed_actions(orders.OrderStatus.ALLOCATED)

    assert K.RESHIP in delivered
    assert K.CHANGE_ADDRESS not in delivered
    assert K.CHANGE_ADDRESS in allocated
    assert K.RESHIP not in allocated
