"""The OpenAPI document says what each operation can answer, not only its success.

FastAPI documents an operation's success and a 422 shaped like its own validation error.
OpsDesk answers every failure with one body (``{"error": {code, message, details}}``,
``web.errors``), and which failures an operation can give follows from what it is:

- 400 and 422: any operation reads input (a malformed cursor, a filter that contradicts
  itself; a value of the wrong type or out of range);
- 401 and 403: an operation behind ``kernel.http.require`` (a bearer token or the
  workspace's session cookie, whose unsafe requests also need the CSRF token), a webhook
  (its signature), a chat call (its chat token);
- 404: an operation that names something — in its path, or by id in its body;
- 409: an operation that changes state (an illegal transition, a duplicate, stock that
  is not there, an ``Idempotency-Key`` reused with another body);
- 413: an operation that takes a body (every body is bounded);
- 429: an operation with a rate limit (its route says so with ``responses``).

Integers are 64-bit in both databases, so every integer the API reads or writes is
declared within int64: a larger id is invalid per the spec, not a surprise 422.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from opsdesk.kernel.inputs import VOCABULARIES, VOCABULARY_KEY
from opsdesk.web.text_input import NO_NUL

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
UNSAFE = frozenset({"post", "put", "patch", "delete"})
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "examples": ["not_found"]},
                "message": {"type": "string"},
                "details": {"type": "object"},
            },
        }
    },
}
SECURITY_SCHEMES: dict[str, Any] = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token (`opsdesk staff token`, or the workspace's admin pages)",
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "opsdesk_session",
        "description": "The workspace's signed session cookie; unsafe methods also need "
        "the session's CSRF token in X-CSRF-Token",
    },
}
STAFF_SECURITY: list[dict[str, list[str]]] = [{"bearer": []}, {"session": []}]
DESCRIPTIONS = {
    "400": "The request cannot be read as a whole (for example a malformed cursor)",
    "401": "No valid credentials (bearer token, session, signature)",
    "403": "The credentials do not allow this (role, CSRF token, another chat's token)",
    "404": "Something the request names does not exist",
    "409": "The change conflicts with the current state",
    "413": "The request body is larger than this operation accepts",
    "422": "A value in the request is invalid",
    "429": "Too many requests: wait for the seconds in Retry-After",
}


# What an object may hold besides its declared fields (they are ignored): any JSON value,
# as long as no text in it — key or string — holds a NUL (web.text_input).
ANY_TEXT: dict[str, Any] = {
    "description": "Any JSON value whose strings and keys contain no NUL character",
    "anyOf": [
        {"type": "string", "pattern": NO_NUL},
        {"type": ["number", "boolean", "null"]},
        {"type": "array", "items": {"$ref": "#/components/schemas/AnyText"}},
        {
            "type": "object",
            "propertyNames": {"pattern": NO_NUL},
            "additionalProperties": {"$ref": "#/components/schemas/AnyText"},
        },
    ],
}


def install(app: FastAPI, routers: Sequence[APIRouter], prefix: str) -> None:
    """Serve the completed document for the API made of ``routers`` under ``prefix``."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app, routers, prefix)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def build(app: FastAPI, routers: Sequence[APIRouter], prefix: str) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas["AnyText"] = copy.deepcopy(ANY_TEXT)
    for name, (description, values) in VOCABULARIES.items():
        schemas[name] = {"type": "string", "description": description, "enum": values()}
    components["securitySchemes"] = SECURITY_SCHEMES
    for router in routers:
        for route in router.routes:
            if isinstance(route, APIRoute) and route.include_in_schema:
                _complete(schema["paths"].get(prefix + route.path_format, {}), route)
    _require_discriminators(schemas)
    _tidy(schema)
    return schema


def _complete(path_item: dict[str, Any], route: APIRoute) -> None:
    for method in route.methods or ():
        operation = path_item.get(method.lower())
        if operation is None:
            continue
        statuses = {"400", "422"}
        if _needs_staff(route):
            operation["security"] = STAFF_SECURITY
            statuses |= {"401", "403"}
        elif route.path.startswith(("/webhooks", "/chat", "/inbound")):
            statuses |= {"401", "403"}  # a signature, a chat token
        if route.param_convertors or route.body_field is not None or _names_by_id(route):
            statuses.add("404")
        if method.lower() in UNSAFE:
            statuses.add("409")
        if route.body_field is not None or route.path.startswith("/webhooks"):
            statuses.add("413")
        _declare_errors(operation, statuses)


def _names_by_id(route: APIRoute) -> bool:
    return any(param.name.endswith("_id") for param in route.dependant.query_params)


def _require_discriminators(schemas: dict[str, Any]) -> None:
    """A tagged union needs its tag: each member lists the tag as required (pydantic
    leaves out a ``Literal`` tag with a default, yet refuses a member without it)."""
    for node in _nodes(schemas):
        tag = node.get("discriminator", {}).get("propertyName")
        for member in node.get("oneOf", []) if tag else []:
            name = member.get("$ref", "").rsplit("/", 1)[-1]
            required = schemas.get(name, {}).setdefault("required", [])
            if tag not in required:
                required.insert(0, tag)


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def _needs_staff(route: APIRoute) -> bool:
    return any("require" in getattr(d.call, "__qualname__", "") for d in _walk(route.dependant))


def _walk(dependant: Dependant) -> Iterator[Dependant]:
    for dependency in dependant.dependencies:
        yield dependency
        yield from _walk(dependency)


def _declare_errors(operation: dict[str, Any], statuses: set[str]) -> None:
    responses = operation.setdefault("responses", {})
    for status in sorted(statuses | {s for s in responses if s in DESCRIPTIONS}):
        declared = responses.setdefault(status, {})
        declared.setdefault("description", DESCRIPTIONS[status])
        declared["content"] = {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
        }


# Pydantic leaves the bounds it checks after a before-validator (``kernel.values``'s
# WholeNumber) under their Python names: JSON Schema spells them differently.
PYTHON_BOUNDS = {
    "gt": "exclusiveMinimum",
    "ge": "minimum",
    "lt": "exclusiveMaximum",
    "le": "maximum",
}


def _tidy(node: Any) -> None:
    """Say bounds and vocabularies the JSON Schema way, and bound every integer to int64
    (the databases' integer), throughout the document."""
    if isinstance(node, dict):
        vocabulary = node.pop(VOCABULARY_KEY, None)
        if vocabulary is not None:
            node.pop("type", None)
            node["$ref"] = f"#/components/schemas/{vocabulary}"
        for python_name, schema_name in PYTHON_BOUNDS.items():
            if python_name in node and isinstance(node[python_name], int | float):
                node[schema_name] = node.pop(python_name)
        if node.get("type") == "string" and not (
            {"pattern", "enum", "format", "const"} & set(node)
        ):
            node["pattern"] = NO_NUL
        elif node.get("type") == "string" and not str(node.get("pattern", "^")).startswith("^"):
            node["allOf"] = [*node.get("allOf", []), {"pattern": NO_NUL}]
        if node.get("type") == "object" and node.get("additionalProperties", True) is True:
            node["propertyNames"] = {"pattern": NO_NUL}
            node["additionalProperties"] = {"$ref": "#/components/schemas/AnyText"}
        if node.get("type") == "integer":
            node.setdefault("format", "int64")
            if "exclusiveMinimum" not in node:
                node["minimum"] = max(node.get("minimum", INT64_MIN), INT64_MIN)
            if "exclusiveMaximum" not in node:
                node["maximum"] = min(node.get("maximum", INT64_MAX), INT64_MAX)
        for value in node.values():
            _tidy(value)
    elif isinstance(node, list):
        for value in node:
            _tidy(value)
