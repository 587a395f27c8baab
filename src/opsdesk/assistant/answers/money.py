"""Refund and return status, the return policy, and the invoice behind a signed link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from opsdesk import orders, returns
from opsdesk.assistant import knowledge
from opsdesk.assistant.answers.reply import Context, Reply
from opsdesk.assistant.answers.tracking import order_page_url
from opsdesk.kernel.errors import Forbidden
from opsdesk.kernel.signing import sign, verify

INVOICE_PURPOSE = "chat-invoice"
INVOICE_LINK_DAYS = 30


def refund_status(ctx: Context, order_id: int, *, with_policy: bool) -> Reply:
    order = orders.read_order(ctx.session, order_id)
    rmas = returns.returns_for_order(ctx.session, order_id)
    refunds = returns.refunds_for_order(ctx.session, order_id)
    reply = Reply()
    for rma in rmas:
        status = ctx.say(f"return_{rma.status.value}")
        reply.add(ctx.say("return_status", rma=rma.number, number=order.number, status=status))
    for refund in refunds:
        amount = ctx.voice.money(refund.amount_minor, refund.currency)
        day = ctx.voice.day(ctx.voice.local_date(refund.created_at))
        reply.add(ctx.say("refunded", amount=amount, date=day))
    if not rmas and not refunds:
        reply.add(ctx.say("refund_none", number=order.number))
        if order.status.value == "delivered":
            url = order_page_url(ctx, order_id)
            reply.add(ctx.say("start_return", url=url)).link("return", url)
    if with_policy:
        add_policy(ctx, reply, "check_refund_policy")
    return reply


def add_policy(ctx: Context, reply: Reply, intent: str, question: str = "") -> bool:
    article = knowledge.find_article(
        ctx.session, language=ctx.voice.language, intent=intent, question=question
    )
    if article is None:
        return False
    reply.add(f"{article.title}: {article.body}")
    return True


def invoice_token(secret: str, order_id: int) -> str:
    return sign(secret, INVOICE_PURPOSE, {"o": order_id})


def order_id_from_invoice_token(secret: str, token: str) -> int:
    payload = verify(secret, INVOICE_PURPOSE, token, max_age_seconds=INVOICE_LINK_DAYS * 86_400)
    order_id = payload.get("o") if isinstance(payload, dict) else None
    if not isinstance(order_id, int) or isinstance(order_id, bool):
        raise Forbidden("this link is not valid")
    return order_id


def invoice_url(public_url: str, secret: str, order_id: int) -> str:
    return f"{public_url.rstrip('/')}/chat/invoice/{invoice_token(secret, order_id)}"


def invoice_link(ctx: Context, order_id: int) -> Reply:
    order = orders.read_order(ctx.session, order_id)
    url = invoice_url(ctx.store.public_url, ctx.store.secret_key, order_id)
    return Reply().add(ctx.say("invoice_ready", number=order.number, url=url)).link("invoice", url)


@dataclass(frozen=True)
class InvoiceLine:
    title: str
    sku: str
    quantity: int
    unit_price: str
    total: str


@dataclass(frozen=True)
class Invoice:
    number: str
    placed_at: datetime
    billed_to: list[str]
    lines: list[InvoiceLine]
    subtotal: str
    shipping: str
    discount: str
    tax: str
    total: str


def build_invoice(ctx: Context, order_id: int) -> Invoice:
    """The order's invoice data, amounts formatted for the customer's locale."""
    order = orders.read_order(ctx.session, order_id)
    money = ctx.voice.money
    cur = order.currency
    lines = [
        InvoiceLine(line.title or line.sku, line.sku, line.quantity - line.quantity_cancelled,
                    money(line.unit_price_minor, cur),
                    money(line.unit_price_minor * (line.quantity - line.quantity_cancelled), cur))
        for line in order.lines
        if line.quantity > line.quantity_cancelled
    ]  # fmt: skip
    address = order.shipping_address
    billed = [address.name, address.line1, address.line2,
              f"{address.postal_code} {address.city}".strip(), address.country]  # fmt: skip
    return Invoice(number=order.number, placed_at=order.placed_at,
                   billed_to=[part for part in billed if part], lines=lines,
                   subtotal=money(order.subtotal_minor, cur),
                   shipping=money(order.shipping_minor, cur),
                   discount=money(order.discount_minor, cur), tax=money(order.tax_minor, cur),
                   total=money(order.total_minor, cur))  # fmt: skip
