"""The words around a new delivery address: the proposal of one the customer already
typed, and a question that names exactly what is still missing ("I have the street and
the town, but not the postal code") instead of "I couldn't read that address"."""

from __future__ import annotations

from opsdesk import customers, orders
from opsdesk.assistant.answers.reply import Answer, Context, Reply
from opsdesk.assistant.dialogue import (
    ActionKind,
    AddressReading,
    DialogueState,
    Missing,
    PendingAction,
    ask_for_address,
    country_name,
    format_address,
    propose,
    read_address,
)


def one_line(address: dict[str, object], country: str | None = None) -> str:
    return format_address(address, country=country)


def offer_typed(ctx: Context, state: DialogueState, order_id: int) -> Answer | None:
    """The address typed before the order was verified: proposed at once when complete,
    otherwise the one missing piece is asked for. None when nothing was typed."""
    if not state.address_draft:
        return None
    order = orders.read_order(ctx.session, order_id)
    country = order.shipping_address.country
    reading = read_address(state.address_draft, country=country)
    if reading.address is None:
        waiting = ask_for_address(state, order_id, country=country)
        return Answer(question(ctx, reading), waiting)
    action = PendingAction(ActionKind.CHANGE_ADDRESS, order_id, reading.address.as_dict())
    text = ctx.say("address_confirm", number=order.number,
                   address=one_line(action.address or {}, country))  # fmt: skip
    return Answer(
        Reply(offer_team=False).add(text), propose(state.with_(address_draft=None), action)
    )


def ask_again(ctx: Context, state: DialogueState) -> Reply:
    """The next question about the address being typed, as specific as the reading allows."""
    if not state.address_draft:
        return Reply(offer_team=False).add(ctx.say("address_ask_again"))
    return question(ctx, read_address(state.address_draft, country=state.address_country))


def question(ctx: Context, reading: AddressReading) -> Reply:
    reply = Reply(offer_team=False)
    missing = set(reading.missing)
    if not reading.found_anything:
        return reply.add(ctx.say("address_ask_again"))
    if Missing.WRONG_POSTAL_CODE in missing and reading.country:
        name = country_name(reading.country, ctx.voice.language)
        example = customers.postal_code_example(reading.country)
        return reply.add(ctx.say("address_wrong_postal_code", code=reading.postal_code,
                                 country=name, example=example))  # fmt: skip
    have = ", ".join(p for p in (reading.street, reading.postal_code, reading.town) if p)
    if Missing.HOUSE_NUMBER in missing:
        return reply.add(ctx.say("address_need_number", street=reading.street, have=have))
    for piece in (Missing.STREET, Missing.POSTAL_CODE, Missing.TOWN):
        if piece in missing:
            return reply.add(ctx.say(f"address_need_{piece.value}", have=have))
    return reply.add(ctx.say("address_ask_again"))
