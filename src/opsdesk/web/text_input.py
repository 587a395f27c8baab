"""No NUL character in any text the API reads, on every database.

PostgreSQL cannot store U+0000 in a text column, SQLite can: refusing it at the door
gives the same answer on both (a 422 naming the rule), and the OpenAPI document says so
(``web.openapi`` gives every free-text string the pattern ``NO_NUL``).
"""

from __future__ import annotations

import re

from fastapi import Request

from opsdesk.kernel.errors import InvalidInput

NO_NUL = "^[^\\u0000]*$"
# "\u0000" in JSON text, unless its backslash is itself escaped ("\\u0000" is text).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


async def refuse_nul(request: Request) -> None:
    """Dependency of every API route: 422 for a NUL in the path, the query or a JSON body."""
    raw_path = request.scope.get("raw_path") or b""
    if b"%00" in raw_path or "%00" in request.url.query:
        raise InvalidInput("text must not contain the NUL character (U+0000)")
    is_json = request.headers.get("content-type", "").startswith("application/json")
    if is_json and _JSON_NUL.search(await request.body()):
        raise InvalidInput("text must not contain the NUL character (U+0000)")
