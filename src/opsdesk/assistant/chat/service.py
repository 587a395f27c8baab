"""Chat sessions and turns: the shell around the pure dialogue policy.

A turn locks its chat session row, so two messages of one chat are answered one after
the other; it stores the customer's message, reads it, lets the policy decide, does
what was decided (verify, answer, change an order, hand over) and stores the replies —
all in the caller's transaction. After a handover the assistant steps aside: messages
go to the ticket, and agents' replies on the ticket are read back into the chat.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import customers, notifications, orders, support, tracking
from opsdesk.assistant.answers import Context, Reply, StoreFacts, Voice, language_of, respond
from opsdesk.assistant.chat import gate, handover, identity, notices, pacing
from opsdesk.assistant.chat.reading import read_turn
from opsdesk.assistant.dialogue import Access, Decision, DialogueState, Step, Turn, decide
from opsdesk.assistant.models import ChatMessage, ChatRole, ChatSession
from opsdesk.config import STORE_HOURS
from opsdesk.kernel.errors import NotFound, OpsDeskError

MAX_MESSAGES_PER_CHAT = 300


class TooManyMessages(OpsDeskError):
    status_code = 429
    code = "rate_limited"


@dataclass(frozen=True)
class ChatConfig:
    store_name: str
    secret_key: str
    public_url: str
    default_locale: str = "en"
    default_timezone: str = "UTC"  # the store's: its business hours are on this clock
    business_hours: Mapping[str, Sequence[str]] = field(default_factory=lambda: STORE_HOURS)
    register: str = "formal"  # of e-mails to customers (``notification_register``)

    @property
    def store(self) -> StoreFacts:
        return StoreFacts(self.store_name, self.secret_key, self.public_url)

    @property
    def mail_voice(self) -> notifications.StoreVoice:
        return notices.store_voice(self.store_name, self.public_url, self.default_locale,
                                   self.register)  # fmt: skip

    @property
    def store_hours(self) -> support.sla.BusinessCalendar:
        """The store's business hours in the store's time zone (never the customer's: theirs
        is only for showing times to them)."""
        spec = {"timezone": self.default_timezone, "hours": dict(self.business_hours)}
        return support.sla.calendar_from_spec(spec)


@dataclass(frozen=True)
class TurnResult:
    customer_message: ChatMessage
    replies: list[ChatMessage]
    turn: Turn
    state: DialogueState


def get_chat(session: Session, chat_id: int, *, lock: bool = False) -> ChatSession:
    query = sa.select(ChatSession).where(ChatSession.id == chat_id)
    chat = session.scalar(query.with_for_update() if lock else query)
    if chat is None:
        raise NotFound("chat session", chat_id)
    return chat


def _first_name(session: Session, state: DialogueState) -> str:
    if state.verified_order_id is not None:
        buyer = orders.read_order(session, state.verified_order_id).customer
        if buyer is not None:
            return buyer.first_name
    if state.customer_id is not None:
        return customers.get_customer(session, state.customer_id).first_name
    return ""


def context_for(session: Session, config: ChatConfig, chat: ChatSession, state: DialogueState,
                now: datetime) -> Context:  # fmt: skip
    language = language_of(state.language)
    locale = chat.locale if language_of(chat.locale) == language else language
    voice = Voice.for_customer(language, locale, chat.timezone)
    return Context(session, voice, config.store, now, _first_name(session, state))


def _identify(session: Session, config: ChatConfig, customer_token: str | None,
              tracking_token: str | None) -> tuple[int | None, int | None]:  # fmt: skip
    customer_id = order_id = None
    if customer_token:
        customer_id = identity.customer_id_from_token(config.secret_key, customer_token)
        customers.get_customer(session, customer_id)  # a deleted customer is a 404, not a 500
    if tracking_token:
        order_id = identity.order_id_from_tracking_token(config.secret_key, tracking_token)
        orders.read_order(session, order_id)
    return customer_id, order_id


def start_chat(session: Session, config: ChatConfig, *, store: str = "", locale: str | None = None,
               timezone: str | None = None, customer_token: str | None = None,
               tracking_token: str | None = None, now: datetime) -> ChatSession:  # fmt: skip
    """Open a chat and greet the customer (by name when the storefront vouches for them)."""
    customer_id, order_id = _identify(session, config, customer_token, tracking_token)
    profile = customers.get_customer(session, customer_id) if customer_id else None
    chosen = locale or (profile.locale if profile else None) or config.default_locale
    zone = timezone or (profile.timezone if profile else None) or config.default_timezone
    state = DialogueState(language=language_of(chosen), customer_id=customer_id,
                          verified_order_id=order_id)  # fmt: skip
    if order_id is not None and tracking_token:
        # an e-mailed link proves the e-mail; one from the /track lookup only shows the order
        proven = tracking.token_proves_control(config.secret_key, tracking_token)
        state = state.with_(verified_number=orders.read_order(session, order_id).number,
                            access=Access.PROVEN if proven else Access.READ)  # fmt: skip
    chat = ChatSession(store=store, locale=chosen.replace("_", "-"), timezone=zone,
                       customer_id=customer_id, state=state.to_json(), created_at=now,
                       updated_at=now)  # fmt: skip
    session.add(chat)
    session.flush()
    ctx = context_for(session, config, chat, state, now)
    welcome = Reply().add(ctx.say("intro", name=ctx.name, store=config.store_name))
    _store_reply(session, chat, ctx, welcome, intent=None)
    return chat


def _check_rate(session: Session, chat: ChatSession, now: datetime) -> None:
    recent = session.scalars(
        sa.select(ChatMessage.created_at).where(
            ChatMessage.session_id == chat.id,
            ChatMessage.role == ChatRole.CUSTOMER,
            ChatMessage.created_at > now - pacing.LONGEST,
        )
    ).all()
    wait = pacing.wait_before_next(recent, now)
    if wait:
        raise TooManyMessages(
            f"messages are arriving faster than anyone types; please wait {wait} seconds",
            details={"retry_after_seconds": wait},
        )
    total = session.scalar(sa.select(sa.func.count()).where(ChatMessage.session_id == chat.id))
    if (total or 0) >= MAX_MESSAGES_PER_CHAT:
        raise TooManyMessages(
            "this chat has reached its length limit; please start a new one",
            details={"retry_after_seconds": None},
        )


def post_message(session: Session, config: ChatConfig, chat_id: int, text: str, *,
                 now: datetime, client: str = "unknown") -> TurnResult:  # fmt: skip
    """One customer turn; ``client`` (their address) bounds order checks across chats."""
    chat = get_chat(session, chat_id, lock=True)
    _check_rate(session, chat, now)
    state = DialogueState.from_json(chat.state)
    turn, entities = read_turn(text, fallback_language=state.language, today=now.date())
    message = ChatMessage(session_id=chat.id, role=ChatRole.CUSTOMER, body=text,
                          intent=turn.intent, confidence=turn.confidence, language=turn.language,
                          entities=entities, payload={}, created_at=now)  # fmt: skip
    session.add(message)
    session.flush()
    state, decision = decide(state, turn)
    replies, state = _act(session, config, chat, state, decision, turn, now, client)
    chat.state, chat.updated_at = state.to_json(), now
    session.flush()
    return TurnResult(message, replies, turn, state)


def _act(session: Session, config: ChatConfig, chat: ChatSession, state: DialogueState,
         decision: Decision, turn: Turn, now: datetime,
         client: str) -> tuple[list[ChatMessage], DialogueState]:  # fmt: skip
    if decision.step is Step.RELAY:
        _relay(session, chat, turn.text, now)
        return [], state
    greeting: list[str] = []
    if decision.step is Step.VERIFY:
        state, decision = gate.verify(session, state, decision, client=client, now=now)
        if decision.step in (Step.ANSWER, Step.SEND_CODE):
            ctx = context_for(session, config, chat, state, now)
            greeting = [ctx.say("found_order", name=ctx.name)]
    if decision.step is Step.CHECK_CODE:
        state, decision = gate.check_code(session, config.secret_key, chat_id=chat.id,
                                          state=state, decision=decision, now=now)  # fmt: skip
    state, decision = gate.without_code_if_nothing_to_change(session, state, decision)
    ctx = context_for(session, config, chat, state, now)
    gated = gate.proof_reply(ctx, decision)
    if decision.step is Step.SEND_CODE:
        reply, state = gate.send_code(ctx, config.mail_voice, chat_id=chat.id, state=state,
                                      decision=decision)  # fmt: skip
    elif gated is not None:
        reply = gated
    elif decision.step is Step.HANDOVER:
        messages = list(session.scalars(sa.select(ChatMessage).where(
            ChatMessage.session_id == chat.id).order_by(ChatMessage.id)))  # fmt: skip
        ticket = handover.open_ticket(ctx, chat, state, decision, messages,
                                      hours=config.store_hours)  # fmt: skip
        reply = handover.what_happens_next(ctx, ticket, decision.reason)
    elif decision.step is Step.VERIFICATION_FAILED and state.customer_id is not None:
        reply = Reply(offer_team=False).add(ctx.say("signed_in_no_order"))
    else:
        answer = respond(ctx, state, decision, turn)
        reply, state = answer.reply, answer.state
        if reply.done and decision.action is not None:
            notices.after_change(session, config.mail_voice, config.secret_key,
                                 config.public_url, chat_id=chat.id, state=state,
                                 action=decision.action, now=now)  # fmt: skip
    reply.paragraphs[:0] = greeting
    return [_store_reply(session, chat, ctx, reply, intent=decision.intent)], state


def _relay(session: Session, chat: ChatSession, text: str, now: datetime) -> None:
    if chat.ticket_id is None:
        return
    author = support.Author(actor="customer:chat", name="Customer")
    support.add_customer_message(session, chat.ticket_id, body=text, author=author, now=now)


def _store_reply(session: Session, chat: ChatSession, ctx: Context, reply: Reply, *,
                 intent: str | None) -> ChatMessage:  # fmt: skip
    paragraphs = list(reply.paragraphs)
    if reply.offer_team:
        paragraphs.append(ctx.say("offer_team"))
    message = ChatMessage(session_id=chat.id, role=ChatRole.ASSISTANT,
                          body="\n\n".join(paragraphs), intent=intent,
                          language=ctx.voice.language, entities=[],
                          payload={"links": [{"kind": k.kind, "url": k.url} for k in reply.links]},
                          created_at=ctx.now)  # fmt: skip
    session.add(message)
    session.flush()
    return message
