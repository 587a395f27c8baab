from __future__ import annotations

import pytest

from opsdesk.kernel.errors import Forbidden
from opsdesk.kernel.signing import sign, verify


def test_a_signed_payload_comes_back_intact() -> None:
    token = sign("s3cret", "tracking", {"order_id": 42})
    assert verify("s3cret", "tracking", token) == {"order_id": 42}


def test_a_token_for_one_purpose_does_not_open_another() -> None:
    token = sign("s3cret", "tracking", {"order_id": 42})
    with pytest.raises(Forbidden, match="not valid"):
        verify("s3cret", "csat", token)


def test_a_tampered_or_foreign_token_is_refused() -> None:
    token = sign("s3cret", "tracking", {"order_id": 42})
    with pytest.raises(Forbidden):
        verify("other-secret", "tracking", token)
    with pytest.raises(Forbidden):
        verify("s3cret", "tracking", token[:-2] + "xx")


def test_an_old_token_expires() -> None:
    token = sign("s3cret", "csat", {"ticket_id": 1})
    with pytest.raises(Forbidden, match="expired"):
        verify("s3cret", "csat", token, max_age_seconds=-1)
