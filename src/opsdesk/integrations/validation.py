"""Turn a pydantic validation failure on an outside payload into a 422 naming the fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from opsdesk.kernel.errors import InvalidInput

PayloadT = TypeVar("PayloadT", bound=BaseModel)


def validate(model: type[PayloadT], body: Mapping[str, Any], what: str) -> PayloadT:
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        problems = [
            {"field": ".".join(str(p) for p in err["loc"]), "reason": err["msg"]}
            for err in exc.errors()
        ]
        summary = "; ".join(f"{p['field']}: {p['reason']}" for p in problems[:3])
        raise InvalidInput(
            f"the body is not a valid {what}: {summary}", details={"errors": problems}
        ) from exc
