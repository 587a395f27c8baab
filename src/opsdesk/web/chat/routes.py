"""``/chat/widget.js`` (one script tag embeds the assistant), ``/shop`` (a demo storefront
that embeds it) and ``/chat/invoice/{token}`` (an order's invoice behind a signed link)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from starlette.responses import Response

from opsdesk import orders
from opsdesk.assistant import answers
from opsdesk.assistant.chat.api import config_of, now_of
from opsdesk.config import Settings
from opsdesk.kernel.errors import Forbidden, NotFound
from opsdesk.kernel.http import DB
from opsdesk.web.ui.templating import templates

router = APIRouter(include_in_schema=False)

STATIC = Path(__file__).resolve().parent.parent / "static"
PRIVATE = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer",
           "X-Robots-Tag": "noindex, nofollow"}  # fmt: skip


@router.get("/chat/widget.js")
def widget_script() -> FileResponse:
    return FileResponse(STATIC / "chat-widget.js", media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=300"})  # fmt: skip


@router.get("/chat/widget.css")
def widget_styles() -> FileResponse:
    return FileResponse(STATIC / "chat-widget.css", media_type="text/css",
                        headers={"Cache-Control": "public, max-age=300"})  # fmt: skip


@router.get("/shop")
def demo_shop(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    return templates.TemplateResponse(request, "chat/shop.html",
                                      {"store_name": settings.store_name})  # fmt: skip


# The invoice page's words: ``invoice_<part>`` in the assistant's locale files.
INVOICE_PARTS = ("billed_to", "item", "sku", "qty", "price", "total", "subtotal", "shipping",
                 "discount", "tax", "print")  # fmt: skip


@router.get("/chat/invoice/{token}")
def invoice(token: str, request: Request, session: DB) -> Response:
    config = config_of(request)
    try:
        order_id = answers.order_id_from_invoice_token(config.secret_key, token)
        ctx = _context(request, session, order_id)
        data = answers.build_invoice(ctx, order_id)
    except (Forbidden, NotFound):
        return templates.TemplateResponse(request, "chat/invoice_gone.html",
                                          {"store_name": config.store_name},
                                          status_code=404, headers=PRIVATE)  # fmt: skip
    page = {"invoice": data, "store_name": config.store_name,
            "placed_on": ctx.voice.day(ctx.voice.local_date(data.placed_at)),
            "lang": ctx.voice.language,
            "label": {part: ctx.voice.say(f"invoice_{part}") for part in INVOICE_PARTS}}  # fmt: skip
    return templates.TemplateResponse(request, "chat/invoice.html", page, headers=PRIVATE)


def _context(request: Request, session: DB, order_id: int) -> answers.Context:
    order = orders.read_order(session, order_id)
    locale = order.customer.locale if order.customer else order.locale
    zone = order.customer.timezone if order.customer else "UTC"
    voice = answers.Voice.for_customer(answers.language_of(locale), locale, zone)
    return answers.Context(session, voice, config_of(request).store, now_of(request))
