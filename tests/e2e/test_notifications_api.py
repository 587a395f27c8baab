from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import notifications
from opsdesk.config import Settings
from opsdesk.notifications import MessageType
from opsdesk.notifications.handlers import store_voice
from tests.factories.customers import make_customer


def test_agents_set_preferences_but_cannot_opt_out_of_transactional_mail(
    client: TestClient, session_factory: sessionmaker[Session], agent_headers: dict[str, str]
) -> None:
    with session_factory() as session, session.begin():
        customer_id = make_customer(session).id
    url = f"/api/v1/customers/{customer_id}/notification-preferences"
    assert client.get(url, headers=agent_headers).json()["opted_out"] == []

    saved = client.put(
        url,
        json={"opted_out": ["follow_up"], "quiet_start": "21:30", "quiet_end": "07:00"},
        headers=agent_headers,
    )
    assert saved.status_code == 200
    assert saved.json()["opted_out"] == ["follow_up"]
    assert saved.json()["quiet_start"] == "21:30:00"
    assert "shipped" in saved.json()["cannot_opt_out"]

    refused = client.put(url, json={"opted_out": ["shipped"]}, headers=agent_headers)
    assert refused.status_code == 422
    assert refused.json()["error"]["details"]["transactional"] == ["shipped"]
    half = client.put(url, json={"quiet_start": "22:00"}, headers=agent_headers)
    assert half.status_code == 422
    assert (
        client.get(
            "/api/v1/customers/999/notification-preferences", headers=agent_headers
        ).status_code
        == 404
    )


def test_the_message_log_shows_what_a_customer_was_sent(
    client: TestClient,
    session_factory: sessionmaker[Session],
    settings: Settings,
    agent_headers: dict[str, str],
) -> None:
    with session_factory() as session, session.begin():
        customer_id = make_customer(session).id
        notifications.queue_for_customer(
            session,
            message_type=MessageType.CSAT_SURVEY,
            customer_id=customer_id,
            context={"customer_first_name": "Ana", "survey_url": "https://s.example/1"},
            cause="ticket:1:solved",
            voice=store_voice(settings),
        )
    log = client.get(f"/api/v1/messages?customer_id={customer_id}", headers=agent_headers)
    assert log.status_code == 200
    [message] = log.json()
    assert message["message_type"] == "csat_survey"
    assert message["status"] == "queued"
    assert "https://s.example/1" in message["body_text"]
    assert client.get("/api/v1/messages", headers=agent_headers).status_code == 422
