"""Reading a chat back: its own messages and, after a handover, the agents' replies on the
ticket, merged in time order behind one opaque cursor (a position in each stream)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import support
from opsdesk.assistant.chat.schemas import ChatLink, ChatMessageRead, HandoverRead
from opsdesk.assistant.models import ChatMessage, ChatRole, ChatSession
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.pagination import decode_cursor, encode_cursor

PAGE = 200


def _position(cursor: str | None) -> tuple[int, int]:
    if not cursor:
        return 0, 0
    values = decode_cursor(cursor)
    chat_id, ticket_id = values.get("c", 0), values.get("t", 0)
    if not isinstance(chat_id, int) or not isinstance(ticket_id, int):
        raise InvalidInput("malformed cursor", details={"field": "cursor"})
    return chat_id, ticket_id


def read_message(message: ChatMessage, assistant_name: str) -> ChatMessageRead:
    links = [ChatLink(**link) for link in message.payload.get("links", [])]
    author = assistant_name if message.role is ChatRole.ASSISTANT else message.role.value
    return ChatMessageRead(id=f"c{message.id}", role=message.role.value, author=author,
                           body=message.body, created_at=message.created_at,
                           intent=message.intent, confidence=message.confidence,
                           language=message.language, links=links)  # fmt: skip


def _agent_replies(session: Session, ticket_id: int, after: int) -> list[ChatMessageRead]:
    rows = session.scalars(
        sa.select(support.TicketMessage)
        .where(
            support.TicketMessage.ticket_id == ticket_id,
            support.TicketMessage.author_kind == support.AuthorKind.AGENT,
            support.TicketMessage.id > after,
        )
        .order_by(support.TicketMessage.id)
        .limit(PAGE)
    )
    return [ChatMessageRead(id=f"t{m.id}", role="agent", author=m.author_name or "Agent",
                            body=m.body_text, created_at=m.created_at) for m in rows]  # fmt: skip


def messages_since(
    session: Session, chat: ChatSession, cursor: str | None, *, assistant_name: str
) -> tuple[list[ChatMessageRead], str]:
    """Messages after ``cursor`` (all when None) and the cursor to poll with next."""
    chat_after, ticket_after = _position(cursor)
    own = list(session.scalars(
        sa.select(ChatMessage)
        .where(ChatMessage.session_id == chat.id, ChatMessage.id > chat_after)
        .order_by(ChatMessage.id).limit(PAGE)
    ))  # fmt: skip
    merged = [read_message(m, assistant_name) for m in own]
    agents = _agent_replies(session, chat.ticket_id, ticket_after) if chat.ticket_id else []
    merged.extend(agents)
    merged.sort(key=lambda m: (m.created_at, m.id))
    next_chat = own[-1].id if own else chat_after
    next_ticket = int(agents[-1].id[1:]) if agents else ticket_after
    return merged, encode_cursor({"c": next_chat, "t": next_ticket})


def handover_of(chat: ChatSession) -> HandoverRead:
    if chat.ticket_id is None:
        return HandoverRead(handed_over=False)
    return HandoverRead(handed_over=True, ticket_reference=f"T-{chat.ticket_id}")
