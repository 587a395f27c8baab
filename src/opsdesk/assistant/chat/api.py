"""``/api/v1/chat``: the public chat API the widget talks to.

Creating a session is open to anyone (like the shop's contact form); every later call
must carry the session's signed token in ``X-Chat-Token``, so one chat cannot be read or
written with another's id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response

from opsdesk.assistant.chat import history, identity, service
from opsdesk.assistant.chat.schemas import (
    ChatMessageCreate,
    ChatMessagesRead,
    ChatSessionCreate,
    ChatSessionRead,
    ChatTurnRead,
)
from opsdesk.config import Settings
from opsdesk.kernel.clock import Clock, system_clock
from opsdesk.kernel.errors import Forbidden
from opsdesk.kernel.http import DB

router = APIRouter(prefix="/chat", tags=["chat"])

Token = Annotated[str, Header(alias="X-Chat-Token", min_length=10, max_length=500)]


def config_of(request: Request) -> service.ChatConfig:
    settings: Settings = request.app.state.settings
    return service.ChatConfig(
        store_name=settings.store_name,
        secret_key=settings.secret_key,
        public_url=settings.public_url,
        default_locale=settings.default_locale,
        default_timezone=settings.default_timezone,
        business_hours=settings.business_hours,
        register=settings.notification_register,
    )


def now_of(request: Request) -> datetime:
    clock: Clock = getattr(request.app.state, "clock", None) or system_clock
    return clock()


def _authorised(config: service.ChatConfig, chat_id: int, token: str) -> None:
    if identity.chat_id_from_token(config.secret_key, token) != chat_id:
        raise Forbidden("this chat token belongs to another chat")


@router.post("/sessions", status_code=201)
def start_session(
    body: ChatSessionCreate, request: Request, session: DB, response: Response
) -> ChatSessionRead:
    config = config_of(request)
    chat = service.start_chat(session, config, store=body.store, locale=body.locale,
                              timezone=body.timezone, customer_token=body.customer_token,
                              tracking_token=body.tracking_token, now=now_of(request))  # fmt: skip
    messages, cursor = history.messages_since(session, chat, None, assistant_name=config.store_name)
    response.headers["Location"] = f"/api/v1/chat/sessions/{chat.id}"
    return ChatSessionRead(id=chat.id, token=identity.chat_token(config.secret_key, chat.id),
                           locale=chat.locale, handover=history.handover_of(chat),
                           messages=messages, cursor=cursor)  # fmt: skip


@router.post("/sessions/{chat_id}/messages")
def post_message(
    chat_id: int, body: ChatMessageCreate, token: Token, request: Request, session: DB,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> ChatTurnRead:  # fmt: skip
    """The customer's message; the assistant's replies come back at once."""
    config = config_of(request)
    _authorised(config, chat_id, token)
    client = request.client.host if request.client else "unknown"
    result = service.post_message(session, config, chat_id, body.text, now=now_of(request),
                                  client=client)  # fmt: skip
    chat = service.get_chat(session, chat_id)
    replies = [history.read_message(m, config.store_name) for m in result.replies]
    messages, next_cursor = history.messages_since(session, chat, cursor,
                                               assistant_name=config.store_name)  # fmt: skip
    return ChatTurnRead(intent=result.turn.intent, confidence=result.turn.confidence,
                        language=result.state.language, handover=history.handover_of(chat),
                        replies=replies, messages=messages, cursor=next_cursor)  # fmt: skip


@router.get("/sessions/{chat_id}/messages")
def list_messages(
    chat_id: int, token: Token, request: Request, session: DB,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> ChatMessagesRead:  # fmt: skip
    """Messages after ``cursor``: poll this for agents' replies once a person has taken over."""
    config = config_of(request)
    _authorised(config, chat_id, token)
    chat = service.get_chat(session, chat_id)
    messages, next_cursor = history.messages_since(session, chat, cursor,
                                                   assistant_name=config.store_name)  # fmt: skip
    return ChatMessagesRead(messages=messages, handover=history.handover_of(chat),
                            cursor=next_cursor)  # fmt: skip
