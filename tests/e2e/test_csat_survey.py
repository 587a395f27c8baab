"""The public survey page and the CSAT report over HTTP: two languages, a forged link, one
answer per ticket, the numbers in the report and in the customer's history."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import support
from opsdesk.config import Settings
from tests.factories.customers import make_customer
from tests.factories.support import AGENT, make_agent, make_ticket

Headers = dict[str, str]


@pytest.fixture
def solved(session_factory: sessionmaker[Session], settings: Settings) -> dict[str, Any]:
    """A solved ticket of a German-speaking customer, worked by Bea, and its survey link."""
    with session_factory() as s, s.begin():
        customer = make_customer(s, locale="de")
        bea = make_agent(s, "Bea")
        ticket = make_ticket(s, subject="Tasse kaputt", assignee_id=bea)
        support.update_ticket(s, ticket.id, support.TicketUpdate(status="solved"), author=AGENT)
        token = support.survey_token(settings.secret_key, ticket.id)
        return {"ticket": ticket.id, "token": token, "customer": customer.id, "agent": bea}


def _form_token(page: str) -> str:
    marker = 'name="form_token" value="'
    return page.split(marker, 1)[1].split('"', 1)[0]


def test_the_survey_speaks_the_customers_language_and_english_on_request(
    client: TestClient, solved: dict[str, Any]
) -> None:
    german = client.get(f"/survey/{solved['token']}")
    english = client.get(f"/survey/{solved['token']}", params={"lang": "en", "score": "4"})

    assert german.status_code == 200
    assert '<html lang="de"' in german.text
    assert "Wie zufrieden waren Sie mit uns?" in german.text
    assert f"„Tasse kaputt“ (T-{solved['ticket']})" in german.text
    assert "Sehr zufrieden" in german.text
    assert german.headers["cache-control"] == "private, no-store"
    assert "How did we do?" in english.text
    assert "Very happy" in english.text
    assert 'value="4" required checked' in english.text


def test_an_answer_is_stored_thanked_and_counted_in_the_report(
    client: TestClient, solved: dict[str, Any], agent_headers: Headers
) -> None:
    page = client.get(f"/survey/{solved['token']}").text
    form = {"score": "2", "comment": "Zu langsam", "form_token": _form_token(page), "lang": "de"}

    answered = client.post(f"/survey/{solved['token']}", data=form, follow_redirects=False)

    assert answered.status_code == 303
    thanks = client.get(answered.headers["location"])
    assert "Vielen Dank!" in thanks.text
    assert "2 – Unzufrieden" in thanks.text
    revised = client.post(f"/survey/{solved['token']}", data=form | {"score": "3"})
    assert "Ihre Bewertung wurde aktualisiert." in revised.text

    report = client.get("/api/v1/reports/csat", params={"group_by": "agent"},
                        headers=agent_headers).json()  # fmt: skip
    assert [(r["key"], r["label"], r["count"], r["average"]) for r in report["rows"]] == [
        (str(solved["agent"]), "Bea", 1, 3.0)
    ]
    assert report["total"]["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 0}
    history = client.get(f"/api/v1/customers/{solved['customer']}/csat",
                         headers=agent_headers).json()  # fmt: skip
    assert [(r["score"], r["comment"]) for r in history["responses"]] == [(3, "Zu langsam")]


def test_a_forged_link_gets_a_friendly_403_page(
    client: TestClient, solved: dict[str, Any], settings: Settings
) -> None:
    other = support.survey_token("someone else's key", solved["ticket"])
    tampered = solved["token"][:-2] + ("AA" if not solved["token"].endswith("AA") else "BB")

    for token in (other, tampered, "nonsense"):
        response = client.get(f"/survey/{token}", params={"lang": "de"})
        assert response.status_code == 403
        assert "Dieser Link funktioniert nicht" in response.text
    posted = client.post(f"/survey/{other}", data={"score": "5"})
    assert posted.status_code == 403
    assert "This link does not work" in posted.text


def test_a_post_without_the_pages_form_token_or_score_stores_nothing(
    client: TestClient, solved: dict[str, Any], agent_headers: Headers
) -> None:
    url = f"/survey/{solved['token']}"
    forged = client.post(url, data={"score": "1", "form_token": "x", "lang": "en"})
    no_score = client.post(url, data={"form_token": _form_token(client.get(url).text)})

    assert forged.status_code == 403
    assert "This form has expired" in forged.text
    assert no_score.status_code == 422
    assert "Bitte wählen Sie eine Bewertung" in no_score.text
    history = client.get(f"/api/v1/customers/{solved['customer']}/csat",
                         headers=agent_headers).json()  # fmt: skip
    assert history["count"] == 0


def test_the_report_checks_its_input_and_roles(
    client: TestClient, agent_headers: Headers, operations_headers: Headers
) -> None:
    url = "/api/v1/reports/csat"
    assert client.get(url, params={"group_by": "planet"}, headers=agent_headers).status_code == 422
    assert client.get(url, params={"timezone": "Mars/Base"},
                      headers=agent_headers).status_code == 422  # fmt: skip
    assert client.get(url, params={"submitted_from": "2026-11-01T00:00:00"},
                      headers=agent_headers).status_code == 422  # fmt: skip
    assert client.get(url, headers=operations_headers).status_code == 403
    week = client.get(url, params={"group_by": "week"}, headers=agent_headers)
    assert week.status_code == 200
    assert week.json()["rows"] == []
    assert client.get("/api/v1/customers/999/csat", headers=agent_headers).status_code == 404
