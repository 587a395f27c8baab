"""E-mails the chat sends about an order: the one-time code, and what was changed.

Both go through the product's outbound path (``notifications.queue_for_customer``: the
outbox, the worker, SMTP) to the address on the order, in the customer's language, at
once (quiet hours do not hold them). A change made through the chat is also written on
the order's timeline with how the customer proved it was them (the audit entry).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlparse

from sqlalchemy.orm import Session

from opsdesk import notifications, orders, returns, tracking
from opsdesk.assistant.answers import format_address
from opsdesk.assistant.chat import proof
from opsdesk.assistant.dialogue import ActionKind, DialogueState, PendingAction

ACTOR = "assistant:chat"
# What a change is called in the e-mail's template, and in the audit entry.
_CHANGES = {ActionKind.CANCEL_ORDER: "cancelled", ActionKind.CHANGE_ADDRESS: "address",
            ActionKind.START_RETURN: "return"}  # fmt: skip
_DONE = {"cancelled": "cancelled the order", "address": "changed the delivery address",
         "return": "started a return"}  # fmt: skip


@dataclass(frozen=True)
class CodeMail:
    """Where the code went (masked), or why it did not: no address, or wait seconds."""

    sent_to: str | None
    wait_seconds: int = 0


def store_voice(store_name: str, public_url: str, default_locale: str,
                register: str) -> notifications.StoreVoice:  # fmt: skip
    try:
        chosen = notifications.Register(register)
    except ValueError:
        chosen = notifications.Register.FORMAL
    return notifications.StoreVoice(store_name=store_name, default_locale=default_locale,
                                    register=chosen,
                                    mail_domain=urlparse(public_url).hostname or "opsdesk.local")  # fmt: skip


def mail_code(session: Session, voice: notifications.StoreVoice, secret: str, *, chat_id: int,
              order_id: int, now: datetime) -> CodeMail:  # fmt: skip
    """E-mail a fresh code to the order's address (never shown in the chat)."""
    order = orders.read_order(session, order_id)
    if order.customer_id is None or not order.email:
        return CodeMail(None)
    issued = proof.issue(session, secret, chat_id=chat_id, order_id=order_id, now=now)
    if issued.code is None:
        return CodeMail(None, issued.wait_seconds)
    first_name = order.customer.first_name if order.customer else ""
    context = {"customer_first_name": first_name, "order_number": order.number,
               "verification_code": issued.code, "expires_minutes": proof.CODE_MINUTES}  # fmt: skip
    notifications.queue_for_customer(
        session, message_type=notifications.MessageType.CHAT_VERIFICATION_CODE,
        customer_id=order.customer_id, order_id=order_id, context=context,
        cause=f"chat-code:{issued.code_id}", voice=voice, now=now, recipient=order.email,
    )  # fmt: skip
    return CodeMail(proof.masked(order.email))


def after_change(session: Session, voice: notifications.StoreVoice, secret: str, public_url: str,
                 *, chat_id: int, state: DialogueState, action: PendingAction,
                 now: datetime) -> None:  # fmt: skip
    """Audit a change the chat made and tell the customer by e-mail what changed."""
    order = orders.read_order(session, action.order_id)
    change = _CHANGES[action.kind]
    how = "signed-in customer" if state.customer_id is not None else "e-mail proven in chat"
    what = _DONE[change]
    orders.add_timeline_event(
        session, order.id, kind="chat.change_made", actor=ACTOR, occurred_at=now,
        summary=f"Chat assistant {what} at the customer's request ({how}, chat {chat_id})",
        data={"chat_id": chat_id, "action": action.kind.value, "proof": how,
              "access": state.access.value},
    )  # fmt: skip
    if order.customer_id is None or not order.email:
        return
    context = {"customer_first_name": order.customer.first_name if order.customer else "",
               "order_number": order.number,
               "tracking_page_url": tracking.link_for_order(secret, public_url, order.id),
               "change": change, "new_address": format_address(action.address or {}),
               **_returned(session, order, action)}  # fmt: skip
    notifications.queue_for_customer(
        session, message_type=notifications.MessageType.ORDER_CHANGED_IN_CHAT,
        customer_id=order.customer_id, order_id=order.id, context=context,
        cause=f"chat-change:{chat_id}:{action.kind.value}:{now.isoformat()}", voice=voice,
        now=now, recipient=order.email,
    )  # fmt: skip


def _returned(session: Session, order: orders.OrderRead, action: PendingAction) -> dict[str, str]:
    """The return a START_RETURN made (the newest on the order) and what it takes back."""
    if action.kind is not ActionKind.START_RETURN:
        return {"return_number": "", "return_item": ""}
    made = returns.returns_for_order(session, order.id)
    title = next((ln.title or ln.sku for ln in order.lines if ln.id == action.line_id), "")
    number = made[-1].number if made else ""
    return {"return_number": number, "return_item": f"{action.quantity} × {title}"}
