"""Sending a purchase order to its supplier: the PDF by e-mail through the outbox, and the
send kept in the order's history. The Purchasing screen and the REST API both send
through here, so a supplier gets the same letter whichever way the buyer pressed "send"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from opsdesk import inventory, notifications
from opsdesk.kernel import pdf
from opsdesk.kernel.errors import Conflict

MESSAGE_TYPE = "purchase_order"


@dataclass(frozen=True)
class Sender:
    """Who sends and from where: the store's name on the letter and its mail domain."""

    actor: str
    store_name: str
    mail_domain: str
    now: datetime


def cause_of(po_id: int, count: int) -> str:
    return f"purchase-order:{po_id}:{count}"


def sends_of(session: Session, po_id: int) -> int:
    """How many times the order was sent so far (its history counts them)."""
    return sum(1 for c in inventory.po_changes.changes_of(session, po_id) if c.field == "sent")


def supplier_email(session: Session, order: inventory.PurchaseOrder) -> str:
    supplier = session.get(inventory.Supplier, order.supplier_id) if order.supplier_id else None
    if supplier is None or not supplier.email:
        raise Conflict(
            "This purchase order has no supplier e-mail address: add one on the supplier first."
        )
    return supplier.email


def send_to_supplier(
    session: Session, order: inventory.PurchaseOrder, *, to: str, count: int, sender: Sender
) -> None:
    """Record the send and queue the e-mail with the PDF, in the caller's transaction:
    nothing leaves before it commits. ``count`` earlier sends make this one's cause."""
    document = inventory.po_document.document_of(session, order.id, store_name=sender.store_name)
    attachment = notifications.Attachment(
        inventory.po_document.filename(order.number),
        pdf.MEDIA_TYPE,
        inventory.po_document.render_pdf(document),
    )
    inventory.po_changes.mark_sent(session, order.id, to=to, actor=sender.actor, now=sender.now)
    notifications.queue_email(
        session, message_type=MESSAGE_TYPE, recipient=to, cause=cause_of(order.id, count),
        subject=f"Purchase order {order.number} from {document.store_name}",
        text=letter(document), attachments=[attachment], now=sender.now,
        mail_domain=sender.mail_domain,
    )  # fmt: skip


def letter(document: inventory.po_document.PoDocument) -> str:
    units = sum(line.quantity for line in document.lines)
    return (
        f"Hello {document.supplier},\n\n"
        f"please find attached our purchase order {document.number}: {len(document.lines)} "
        f"lines, {units} units, to be delivered by {document.due:%d %B %Y} to "
        f"{', '.join(document.deliver_to)}.\n\n"
        f"Please quote {document.number} on the delivery note.\n\n"
        f"Kind regards,\n{document.store_name}\n"
    )
