from __future__ import annotations

import pytest

from opsdesk.kernel.errors import Conflict, IllegalTransition, InvalidInput
from opsdesk.returns.models import ReturnStatus as R
from opsdesk.returns.policy import (
    can_transition,
    check_refund,
    check_return_quantities,
    check_transition,
    everything_returned,
)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (R.REQUESTED, R.APPROVED),
        (R.REQUESTED, R.REJECTED),
        (R.APPROVED, R.RECEIVED),
        (R.RECEIVED, R.INSPECTED),
        (R.INSPECTED, R.REFUNDED),
        (R.REFUNDED, R.CLOSED),
    ],
)
def test_the_happy_path_is_allowed(current: R, target: R) -> None:
    assert can_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (R.REQUESTED, R.RECEIVED),  # nothing is received before approval
        (R.REJECTED, R.APPROVED),  # a rejection is final
        (R.RECEIVED, R.REFUNDED),  # refunds follow inspection
        (R.CLOSED, R.REQUESTED),
    ],
)
def test_shortcuts_and_reversals_are_refused(current: R, target: R) -> None:
    with pytest.raises(IllegalTransition, match=f"from {current.value} to {target.value}"):
        check_transition(current, target)


def test_return_quantities_are_capped_by_what_remains_returnable() -> None:
    check_return_quantities({10: 2}, {10: 2, 11: 1})
    with pytest.raises(Conflict, match="only 1 shipped"):
        check_return_quantities({11: 2}, {10: 2, 11: 1})
    with pytest.raises(InvalidInput, match="not part of this order"):
        check_return_quantities({99: 1}, {10: 2})
    with pytest.raises(InvalidInput):
        check_return_quantities({}, {10: 2})


def test_refunds_are_positive_and_within_what_is_left() -> None:
    check_refund(500, paid_minor=1000, refunded_minor=500)
    with pytest.raises(Conflict, match="exceeds the 500"):
        check_refund(501, paid_minor=1000, refunded_minor=500)
    with pytest.raises(InvalidInput):
        check_refund(0, paid_minor=1000, refunded_minor=0)


def test_an_order_is_returned_when_every_kept_unit_came_back() -> None:
    assert everything_returned([(2, 0, 2), (3, 1, 2)])
    assert not everything_returned([(2, 0, 1)])
    assert not everything_returned([(2, 2, 0)])  # all cancelled: nothing was kept
