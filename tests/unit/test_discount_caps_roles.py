"""The API's list of roles with caps is the policy's list."""

from __future__ import annotations

from typing import get_args

from opsdesk.promotions import caps_api, limits


def test_the_documented_roles_are_the_capped_roles() -> None:
    literal = get_args(caps_api.CappedRole)[0]
    assert set(get_args(literal)) == {role.value for role in limits.CAPPED_ROLES}
