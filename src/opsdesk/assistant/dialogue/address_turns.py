"""New addresses across turns: one typed into the first request, or pieced together from
answers ("5 Main Street, Cork", then "T12 AB34"). Pure; the policy calls these."""

from __future__ import annotations

import re
from dataclasses import dataclass

from opsdesk.assistant.dialogue.address import AddressReading, Missing, read_address
from opsdesk.assistant.dialogue.state import DialogueState, Turn
from opsdesk.assistant.nlu import Intent


@dataclass(frozen=True)
class Typed:
    text: str  # what to keep as the draft
    reading: AddressReading


def address_text(turn: Turn) -> str:
    """The message without its order numbers and e-mail addresses (they hold digits)."""
    text = turn.text
    for value in (*turn.order_numbers, *turn.emails):
        text = re.sub(re.escape(value), " ", text, flags=re.IGNORECASE)
    return text


def read_reply(state: DialogueState, turn: Turn) -> Typed:
    """The answer to "what is the new address?", completed by what was typed before."""
    text = address_text(turn)
    alone = Typed(text, read_address(text, country=state.address_country))
    if alone.reading.address is not None or not state.address_draft:
        return alone
    joined = f"{_without_wrong_code(state.address_draft, state.address_country)}\n{text}"
    together = Typed(joined, read_address(joined, country=state.address_country))
    if len(together.reading.missing) < len(alone.reading.missing):
        return together
    return alone


def _without_wrong_code(draft: str, country: str | None) -> str:
    """The draft less a postal code already refused: the answer brings the right one."""
    before = read_address(draft, country=country)
    if Missing.WRONG_POSTAL_CODE in before.missing and before.postal_code:
        return re.sub(re.escape(before.postal_code), " ", draft, flags=re.IGNORECASE)
    return draft


def address_in_request(state: DialogueState, turn: Turn, *, confident: bool) -> Typed | None:
    """An address typed into an address-change request ("… of OD-… to Hauptstraße 5, 10115
    Berlin"): a street plus a postal code or town, before the order is even known."""
    asked = (confident and turn.intent == Intent.CHANGE_SHIPPING_ADDRESS) or (
        state.pending_intent == Intent.CHANGE_SHIPPING_ADDRESS
    )
    if not asked:
        return None
    text = address_text(turn)
    reading = read_address(text, country=state.address_country)
    if reading.street and (reading.postal_code or reading.town):
        return Typed(text, reading)
    return None


def _compact(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def contact_besides(turn: Turn, reading: AddressReading) -> str | None:
    """The verification contact, never the new address's own postal code."""
    if turn.emails:
        return turn.emails[0]
    others = [c for c in turn.postal_codes if _compact(c) != _compact(reading.postal_code)]
    return others[0] if others else None
