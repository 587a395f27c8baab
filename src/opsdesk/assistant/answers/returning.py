"""Starting a return from the chat: the order, the item, the return window, the reason.

:func:`offer_return` answers every turn of a return (the dialogue keeps a
``ReturnDraft`` between them): it explains why a return is not possible, asks for what
is missing — which item, why — or proposes the return. Only the customer's "yes" to that
proposal carries it out (:func:`start`), through the returns service the tracking page's
return form uses, and the reply links to that page, where the return is shown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from opsdesk import orders, returns, shipping
from opsdesk.assistant.answers.reply import Answer, Context, Reply
from opsdesk.assistant.answers.tracking import order_page_url, status_sentence
from opsdesk.assistant.dialogue import (
    ActionKind,
    DialogueState,
    PendingAction,
    ReturnDraft,
    Turn,
    propose,
    read_reason,
)

ACTOR = "assistant:chat"
NOT_SHIPPED_YET = frozenset({"placed", "allocated", "backordered", "picking", "packed"})
ON_THE_WAY = frozenset({"partially_shipped", "shipped"})
MAX_NOTE = 500
_WORD = re.compile(r"[^\W_]+")
MIN_NAME_LETTERS = 4  # "lamp" matches "Lampe" and "lámpara"; "the", "a" match nothing


@dataclass(frozen=True)
class Returnable:
    line_id: int
    title: str
    quantity: int  # shipped and not yet in a return


def offer_return(ctx: Context, state: DialogueState, order_id: int, turn: Turn) -> Answer:
    """The next step of a return of ``order_id``: a refusal, a question, or the proposal."""
    order = orders.read_order(ctx.session, order_id)
    draft = _draft(state, order_id, turn.text)
    refusal = _refusal(ctx, order)
    if refusal is not None:
        return Answer(refusal, state.with_(return_draft=None))
    left = returnable_lines(ctx, order)
    if not left:
        url = order_page_url(ctx, order_id)
        reply = Reply().add(ctx.say("return_nothing_left", number=order.number, url=url))
        return Answer(reply.link("return", url), state.with_(return_draft=None))
    asked_item = state.return_draft is not None and state.return_draft.order_id == order_id
    line = choose_line(left, draft, turn.text if asked_item else "")
    if line is None:
        items = "\n".join(f"{n}. {item.title}" for n, item in enumerate(left, start=1))
        reply = Reply(offer_team=False).add(ctx.say("return_which_item", items=items))
        return Answer(reply, state.with_(return_draft=draft))
    reason = draft.reason or read_reason(draft.note)
    if reason is None and draft.line_id != line.line_id:
        reply = Reply(offer_team=False).add(ctx.say("return_ask_reason", item=line.title))
        return Answer(reply, state.with_(return_draft=replace(draft, line_id=line.line_id)))
    return _propose(ctx, state, order, line, reason or returns.ReturnReason.OTHER.value, draft)


def _draft(state: DialogueState, order_id: int, text: str) -> ReturnDraft:
    """The draft for this order with the customer's latest words added to its note."""
    draft = state.return_draft or ReturnDraft()
    if draft.order_id not in (None, order_id):
        draft = ReturnDraft()
    note = draft.note if text in draft.note else f"{draft.note} {text}".strip()
    return replace(draft, order_id=order_id, note=note[-MAX_NOTE:])


def _refusal(ctx: Context, order: orders.OrderRead) -> Reply | None:
    """Why this order cannot be returned now, or None when it can."""
    status, url = order.status.value, order_page_url(ctx, order.id)
    if status in NOT_SHIPPED_YET:
        return Reply().add(ctx.say("return_not_shipped", number=order.number))
    if status in ON_THE_WAY:
        reply = Reply().add(ctx.say("return_after_delivery", number=order.number, url=url))
        return reply.link("tracking", url)
    if status != "delivered":
        return Reply().add(status_sentence(ctx, order))
    delivered = delivered_on(ctx, order.id)
    if returns.within_return_window(delivered, ctx.voice.local_date(ctx.now)):
        return None
    assert delivered is not None  # an unknown delivery day never closes the window
    closed = returns.return_window_closes(delivered)
    text = ctx.say("return_window_closed", number=order.number, days=returns.RETURN_WINDOW_DAYS,
                   date=ctx.voice.day(delivered), closed=ctx.voice.day(closed))  # fmt: skip
    return Reply().add(text)


def delivered_on(ctx: Context, order_id: int) -> date | None:
    """The customer's calendar day the last parcel was delivered, if a carrier said so."""
    days = [ctx.voice.local_date(p.delivered_at)
            for p in shipping.shipments_for_order(ctx.session, order_id) if p.delivered_at]  # fmt: skip
    return max(days) if days else None


def returnable_lines(ctx: Context, order: orders.OrderRead) -> list[Returnable]:
    claimed: dict[int, int] = {}
    for rma in returns.returns_for_order(ctx.session, order.id):
        if rma.status is not returns.ReturnStatus.REJECTED:
            for line in rma.lines:
                claimed[line.order_line_id] = claimed.get(line.order_line_id, 0) + line.quantity
    left = [Returnable(ln.id, ln.title or ln.sku, ln.quantity_shipped - claimed.get(ln.id, 0))
            for ln in order.lines]  # fmt: skip
    return [item for item in left if item.quantity > 0]


def _fold(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return _WORD.findall("".join(c for c in decomposed if not unicodedata.combining(c)))


def choose_line(left: list[Returnable], draft: ReturnDraft, answer: str) -> Returnable | None:
    """The item meant: kept from before, the only one, its number in the list, or its name."""
    kept = next((item for item in left if item.line_id == draft.line_id), None)
    if kept is not None or len(left) == 1:
        return kept or left[0]
    numbers = {int(w) for w in _fold(answer) if w.isdigit() and 0 < int(w) <= len(left)}
    if len(numbers) == 1:
        return left[numbers.pop() - 1]
    said = [w for w in _fold(draft.note) if len(w) >= MIN_NAME_LETTERS]
    named = [item for item in left if any(_same_word(t, w) for t in _fold(item.title)
                                          for w in said)]  # fmt: skip
    return named[0] if len(named) == 1 else None


def _same_word(title_word: str, said: str) -> bool:
    """ "lamp" names "Lampe" and "lámpara"; "mug" is too short to guess from."""
    if len(title_word) < MIN_NAME_LETTERS:
        return title_word == said
    return said.startswith(title_word) or title_word.startswith(said)


def _propose(ctx: Context, state: DialogueState, order: orders.OrderRead, line: Returnable,
             reason: str, draft: ReturnDraft) -> Answer:  # fmt: skip
    action = PendingAction(ActionKind.START_RETURN, order.id, line_id=line.line_id,
                           quantity=line.quantity, reason=reason, note=draft.note)  # fmt: skip
    text = ctx.say("return_confirm", item=_item(line.quantity, line.title), number=order.number,
                   reason=ctx.say(f"reason_{reason}"))  # fmt: skip
    reply = Reply(offer_team=False).add(text)
    return Answer(reply, propose(state.with_(return_draft=None), action))


def _item(quantity: int, title: str) -> str:
    return f"{quantity} × {title}"


def start(ctx: Context, action: PendingAction) -> Reply:
    """Open the return the customer said yes to (the caller runs it in a savepoint)."""
    assert action.line_id is not None
    rma = returns.request_return(
        ctx.session, order_id=action.order_id, lines={action.line_id: action.quantity},
        reason=returns.ReturnReason(action.reason or "other"), note=action.note, actor=ACTOR,
        now=ctx.now,
    )  # fmt: skip
    title = next((ln.title or ln.sku for ln in orders.read_order(ctx.session, action.order_id).lines
                  if ln.id == action.line_id), "")  # fmt: skip
    url = f"{order_page_url(ctx, action.order_id)}#returns"
    reply = Reply(done=True).add(ctx.say("return_done", rma=rma.number,
                                         item=_item(action.quantity, title), url=url))  # fmt: skip
    return reply.link("return", url)
