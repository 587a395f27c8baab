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


# Shopify's and EasyPost's payloads nest about six levels; deeper is not a real event.
MAX_JSON_DEPTH = 32


def json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("the webhook body is not valid JSON") from exc
    except RecursionError as exc:  # thousands of levels: the parser gave up
        raise _too_deep() from exc
    if not isinstance(value, dict):
        raise InvalidInput("the webhook body must be a JSON object")
    if nesting_depth(value) > MAX_JSON_DEPTH:
        raise _too_deep()
    return value


def nesting_depth(value: Any) -> int:
    """How deeply objects and arrays nest in ``value`` (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth + 1)
            stack.extend((child, depth + 1) for child in item)
    return deepest


def _too_deep() -> InvalidInput:
    return InvalidInput(
        f"the webhook body nests deeper than {MAX_JSON_DEPTH} levels",
        details={"field": "body", "max_depth": MAX_JSON_DEPTH},
    )
