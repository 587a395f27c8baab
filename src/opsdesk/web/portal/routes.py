"""Public routes: ``/t/{token}`` (the tracking page and its return form) and ``/track``.

Every response is private to one customer: never cached, never indexed, and sent with
``Referrer-Policy: no-referrer`` so the signed link does not leak to the carrier's site
through the Referer header when the customer follows a tracking link.

Time comes from ``app.state.clock`` when an installation (or a test) sets one, so
"running late" is judged against the same day everywhere; otherwise the system clock.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from opsdesk import returns, tracking
from opsdesk.kernel.errors import Forbidden, NotFound, OpsDeskError
from opsdesk.kernel.http import DB
from opsdesk.web.public import PRIVATE_HEADERS, accepted_language, now_of, settings_of
from opsdesk.web.ui.templating import templates

router = APIRouter(include_in_schema=False)

MAX_INPUT = 254
REASONS = [reason.value for reason in returns.ReturnReason]


def _translator(
    request: Request, *preferences: str | None, timezone: str = ""
) -> tracking.Translator:
    settings = settings_of(request)
    locale = tracking.choose_locale(*preferences, settings.default_locale)
    formats = tracking.formatting_locale(locale, *preferences, settings.default_locale)
    return tracking.Translator(locale, tracking.zone(timezone, settings.default_timezone), formats)


def _render(
    request: Request, name: str, t: tracking.Translator, status_code: int = 200, **context: Any
) -> Response:
    context |= {
        "t": t,
        "store_name": settings_of(request).store_name,
        "languages": list(tracking.LANGUAGE_NAMES.items()),
    }
    return templates.TemplateResponse(
        request, name, context, status_code=status_code, headers=PRIVATE_HEADERS
    )


def _problem(request: Request, kind: str, status_code: int, lang: str | None) -> Response:
    t = _translator(request, lang, accepted_language(request))
    return _render(request, "portal/problem.html", t, status_code, kind=kind)


async def _form_fields(request: Request) -> list[tuple[str, str]]:
    form = await request.form(max_files=0, max_fields=500)
    return [(name, value) for name, value in form.multi_items() if isinstance(value, str)]


FormFields = Annotated[list[tuple[str, str]], Depends(_form_fields)]


# The tracking page -------------------------------------------------------------------


@router.get("/t/{token}")
def tracking_page(
    request: Request, session: DB, token: str, lang: str | None = None, created: str = ""
) -> Response:
    try:
        page = _load(request, session, token)
    except Forbidden:
        return _problem(request, "link", 403, lang)
    except NotFound:
        return _problem(request, "missing", 404, lang)
    return _page(request, token, page, lang, created=created)


def _load(request: Request, session: DB, token: str) -> tracking.TrackingPage:
    settings = settings_of(request)
    order_id = tracking.order_id_from_token(settings.secret_key, token)
    return tracking.build_page(
        session, order_id, now=now_of(request), default_timezone=settings.default_timezone
    )


def _page(
    request: Request,
    token: str,
    page: tracking.TrackingPage,
    lang: str | None,
    *,
    status_code: int = 200,
    created: str = "",
    error_key: str = "",
    form_values: dict[str, str] | None = None,
) -> Response:
    t = _translator(request, lang, page.preferred_locale, timezone=page.timezone)
    known = {r.number for r in page.returns}
    return _render(
        request,
        "portal/page.html",
        t,
        status_code,
        page=page,
        token=token,
        steps=tracking.STEPS,
        reasons=REASONS,
        form_token=tracking.return_form_token(settings_of(request).secret_key, token),
        # A link from the /track lookup shows the order but proves no e-mail: no changes.
        proves_control=tracking.token_proves_control(settings_of(request).secret_key, token),
        created=created if created in known else "",
        error_key=error_key,
        form_values=form_values or {},
    )


@router.post("/t/{token}/returns")
def start_return(request: Request, session: DB, token: str, fields: FormFields) -> Response:
    values = dict(fields)
    lang = values.get("lang") or None
    try:
        page = _load(request, session, token)
    except Forbidden:
        return _problem(request, "link", 403, lang)
    except NotFound:
        return _problem(request, "missing", 404, lang)
    secret = settings_of(request).secret_key
    if not tracking.return_form_token_matches(secret, token, values.get("form_token", "")):
        return _page(request, token, page, lang, status_code=403,
                     error_key="returns.error.expired", form_values=values)  # fmt: skip
    if not tracking.token_proves_control(secret, token):
        return _page(request, token, page, lang, status_code=403,
                     error_key="returns.needs_email_link", form_values=values)  # fmt: skip
    try:
        with session.begin_nested():  # a refused return leaves nothing behind
            number = tracking.start_return(
                session,
                page.order_id,
                quantities=tracking.parse_return_quantities(fields),
                reason=values.get("reason", ""),
                note=values.get("note", ""),
                now=now_of(request),
            )
    except OpsDeskError as error:
        return _page(request, token, page, lang, status_code=error.status_code,
                     error_key=tracking.return_error_key(error), form_values=values)  # fmt: skip
    query = urlencode({k: v for k, v in (("lang", lang), ("created", number)) if v})
    return RedirectResponse(f"/t/{token}?{query}#returns", status_code=303)


# The lookup by order number + e-mail or postal code ----------------------------------


@router.get("/track")
def lookup_form(request: Request, lang: str | None = None) -> Response:
    t = _translator(request, lang, accepted_language(request))
    return _render(request, "portal/lookup.html", t, number="", contact="", message_key="")


@router.post("/track")
def lookup(
    request: Request,
    session: DB,
    number: Annotated[str, Form()] = "",
    contact: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "",
) -> Response:
    t = _translator(request, lang or None, accepted_language(request))
    client = request.client.host if request.client else "unknown"
    order_id = None
    if len(number) <= MAX_INPUT and len(contact) <= MAX_INPUT:
        # per order number and client, in the database: shared by every web worker and
        # with the chat's order check (``tracking.guard``)
        check = tracking.check_order(session, number=number, contact=contact, client=client,
                                     now=now_of(request))  # fmt: skip
        if check.paused:
            response = _render(request, "portal/lookup.html", t, 429, number=number[:MAX_INPUT],
                               contact="", message_key="lookup.too_many")  # fmt: skip
            response.headers["Retry-After"] = str(check.wait_seconds)
            return response
        order_id = check.order_id
    if order_id is None:
        return _render(request, "portal/lookup.html", t, number=number[:MAX_INPUT],
                       contact=contact[:MAX_INPUT], message_key="lookup.no_match")  # fmt: skip
    # read-only: typing the number and a postal code proves no control of the e-mail
    token = tracking.token_for_order(settings_of(request).secret_key, order_id, read_only=True)
    suffix = f"?{urlencode({'lang': lang})}" if lang else ""
    return RedirectResponse(f"/t/{token}{suffix}", status_code=303)
