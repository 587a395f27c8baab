"""HTTP helpers for webhook endpoints: the raw body (signatures cover bytes) and JSON."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from pydantic import BaseModel

from opsdesk.kernel.errors import InvalidInput


class WebhookAck(BaseModel):
    """What a webhook sender gets back; ``status`` is processed, duplicate or ignored."""

    status: str
    outcome: str
    order_id: int | None = None


async def raw_body(request: Request) -> bytes:
    return await request.body()


def json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("the webhook body is not valid JSON") from exc
    if not isinstance(value, dict):
        raise InvalidInput("the webhook body must be a JSON object")
    return value
