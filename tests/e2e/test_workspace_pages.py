"""The workspace pages over HTTP: who may see them, what they show, what the forms do."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import catalog, support
from opsdesk.config import Settings
from opsdesk.kernel.http import Role
from opsdesk.support.workspace import INBOX_LIMIT
from opsdesk.web.ui.formatting import when_in
from tests.factories.orders import MUG, TEE, place
from tests.factories.support import make_ticket
from tests.factories.tracking import late_order, noticed_by_risk
from tests.factories.workspace import LateOrderTicket, late_order_ticket, more_orders
from tests.support.web import log_in


@pytest.fixture
def arranged(session_factory: sessionmaker[Session]) -> LateOrderTicket:
    with session_factory() as session, session.begin():
        return late_order_ticket(session)


def _ticket(factory: sessionmaker[Session], ticket_id: int) -> support.TicketRead:
    with factory() as session:
        return support.read_ticket(session, ticket_id)


@contextmanager
def counted_statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def test_pages_send_anonymous_visitors_to_the_login_and_back(client: TestClient) -> None:
    for path in ("/workspace", "/workspace/tickets/7", "/workspace/operations"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == f"/login?next={path}"
    polled = client.get("/workspace/inbox/rows", headers={"HX-Request": "true"})
    assert polled.headers["HX-Redirect"] == "/login"


def test_the_inbox_lists_open_tickets_with_their_sla_timer(
    client: TestClient, session_factory: sessionmaker[Session], arranged: LateOrderTicket
) -> None:
    log_in(client, session_factory)
    page = client.get("/workspace?view=unassigned")
    assert page.status_code == 200
    assert f"Order {arranged.late.number} is late" in page.text
    assert re.search(rf'data-testid="sla-{arranged.ticket_id}">due in \d', page.text)
    mine = client.get("/workspace?view=mine")
    assert "is late" not in mine.text
    assert "No tickets here" in mine.text


def test_the_inbox_fragment_filters_by_full_text_search(
    client: TestClient, session_factory: sessionmaker[Session], arranged: LateOrderTicket
) -> None:
    log_in(client, session_factory)
    hit = client.get("/workspace/inbox/rows", params={"view": "open", "q": "arrived"})
    assert hit.text.lstrip().startswith("<tbody")
    assert f"/workspace/tickets/{arranged.ticket_id}" in hit.text
    assert "every 5s" in hit.text
    assert "q=arrived" in hit.text
    miss = client.get("/workspace/inbox/rows", params={"view": "open", "q": "umbrella"})
    assert f"/workspace/tickets/{arranged.ticket_id}" not in miss.text


def test_a_long_inbox_pages_forward_and_back_and_polling_keeps_the_page(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        for n in range(INBOX_LIMIT + 5):
            make_ticket(session, subject=f"Question number {n:03d}")
    log_in(client, session_factory)

    first = client.get("/workspace", params={"view": "open", "sort": "oldest"})
    assert first.text.count('class="ticket-row"') == INBOX_LIMIT
    assert f"Tickets 1–{INBOX_LIMIT} and more" in first.text
    assert 'data-testid="page-previous"' not in first.text
    next_link = re.search(r'href="([^"]+)" rel="next"', first.text)
    assert next_link
    assert "page=2" in next_link.group(1)

    second = client.get(next_link.group(1).replace("&amp;", "&"))
    assert second.text.count('class="ticket-row"') == 5
    assert "Question number 104" in second.text
    assert "Question number 099" not in second.text
    assert 'rel="next"' not in second.text
    assert re.search(r'href="[^"]*sort=oldest[^"]*" rel="prev"', second.text)
    assert re.search(r'hx-get="/workspace/inbox/rows\?[^"]*page=2', second.text)

    polled = client.get("/workspace/inbox/rows", params={"view": "open", "sort": "oldest",
                                                          "page": "2"})  # fmt: skip
    assert polled.text.count('class="ticket-row"') == 5
    for nonsense in ("0", "-3", "two", "9" * 40):
        page = client.get("/workspace", params={"view": "open", "page": nonsense})
        assert page.status_code == 200
    assert (
        client.get("/workspace", params={"view": "open", "page": "0"}).text.count(
            'class="ticket-row"'
        )
        == INBOX_LIMIT
    )


def test_the_ticket_view_shows_conversation_and_the_live_customer_panel(
    client: TestClient, session_factory: sessionmaker[Session], arranged: LateOrderTicket
) -> None:
    log_in(client, session_factory)
    page = client.get(f"/workspace/tickets/{arranged.ticket_id}")
    assert page.status_code == 200
    html = page.text
    assert "should have arrived by now" in html
    assert f'data-testid="order-{arranged.late.number}"' in html
    assert 'data-testid="late-badge"' in html
    assert arranged.late.promised.strftime("%a %d %b %Y") in html
    assert arranged.purchase_order_number in html
    assert "Delayed: sorting backlog at the hub" in html
    opened = _ticket(session_factory, arranged.ticket_id).created_at
    berlin = when_in(opened, ZoneInfo("Europe/Berlin"))  # the store's clock by default
    assert (
        f'opened <time datetime="{opened.astimezone(UTC).isoformat()}" data-store-clock>'
        f"{berlin}</time>" in html
    )
    assert berlin.endswith(("CET", "CEST"))
    panel = client.get(f"/workspace/tickets/{arranged.ticket_id}/panel")
    assert panel.text.lstrip().startswith('<aside id="customer-panel"')


def test_an_unknown_ticket_is_a_404_page(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    log_in(client, session_factory)
    response = client.get("/workspace/tickets/4242")
    assert response.status_code == 404
    assert "No such ticket" in response.text


def test_a_reply_without_the_csrf_token_is_refused_and_stores_nothing(
    client: TestClient, session_factory: sessionmaker[Session], arranged: LateOrderTicket
) -> None:
    log_in(client, session_factory)
    response = client.post(
        f"/workspace/tickets/{arranged.ticket_id}/messages",
        data={"body": "Hello Ana", "kind": "reply"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert len(_ticket(session_factory, arranged.ticket_id).messages) == 1


def test_a_reply_and_a_status_change_go_through_the_forms(
    client: TestClient, session_factory: sessionmaker[Session], arranged: LateOrderTicket
) -> None:
    csrf = log_in(client, session_factory)
    path = f"/workspace/tickets/{arranged.ticket_id}"
    reply = client.post(
        f"{path}/messages",
        data={
            "body": "Hello Ana, your parcel is on its way.",
            "kind": "reply",
            "then": "pending_customer",
            "csrf": csrf,
        },
        follow_redirects=False,
    )
    assert (reply.status_code, reply.headers["location"]) == (303, path)
    ticket = _ticket(session_factory, arranged.ticket_id)
    assert ticket.status is support.sla.TicketStatus.PENDING_CUSTOMER
    assert ticket.messages[-1].author_kind is support.AuthorKind.AGENT
    page = client.get(path).text
    assert "Reply sent to the customer." in page
    assert re.search(r'data-testid="sla-resolution">paused', page)


def test_a_refused_change_says_why_and_changes_nothing(
    client: TestClient, session_factory: sessionmaker[Session], arranged: LateOrderTicket
) -> None:
    csrf = log_in(client, session_factory)
    path = f"/workspace/tickets/{arranged.ticket_id}"
    client.post(f"{path}/update", data={"status": "closed", "csrf": csrf})
    refused = client.post(
        f"{path}/messages", data={"body": "Anything else?", "kind": "reply", "csrf": csrf}
    )
    assert refused.status_code == 200
    assert "Nothing was changed" in refused.text
    assert len(_ticket(session_factory, arranged.ticket_id).messages) == 1


def test_the_tone_coach_scores_the_draft_and_offers_rewrites(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = log_in(client, session_factory)
    response = client.post(
        "/workspace/tone", data={"body": "Send me the order number now.", "csrf": csrf}
    )
    assert response.status_code == 200
    assert re.search(r'data-testid="tone-score">\d+/100', response.text)
    assert 'class="outline small suggestion"' in response.text


def test_operations_answer_back_into_a_ticket_and_hand_it_to_the_agents(
    client: TestClient, session_factory: sessionmaker[Session], arranged: LateOrderTicket
) -> None:
    with session_factory() as session, session.begin():
        agent = support.Author(actor="agent:Bea", name="Bea")
        ask = support.MessageCreate(body="Please check the parcel at the hub.", internal=True)
        support.add_staff_message(session, arranged.ticket_id, ask, author=agent)
        pending = support.TicketUpdate(status=support.sla.TicketStatus.PENDING_OPERATIONS)
        support.update_ticket(session, arranged.ticket_id, pending, author=agent)
    csrf = log_in(client, session_factory, Role.OPERATIONS)
    assert client.get("/workspace", follow_redirects=False).headers["location"] == (
        "/workspace/operations"
    )
    view = client.get("/workspace/operations").text
    assert "Please check the parcel at the hub." in view
    answered = client.post(
        f"/workspace/operations/{arranged.ticket_id}/answer",
        data={"body": "Found it; it leaves the hub today.", "csrf": csrf},
    )
    assert "back with the agents" in answered.text
    ticket = _ticket(session_factory, arranged.ticket_id)
    assert ticket.status is support.sla.TicketStatus.OPEN
    assert ticket.messages[-1].body_text == "Found it; it leaves the hub today."
    assert ticket.messages[-1].author_kind is support.AuthorKind.INTERNAL_NOTE
    again = client.get(f"/workspace/tickets/{arranged.ticket_id}")
    assert again.status_code == 403


def test_the_ticket_view_runs_a_bounded_number_of_queries_however_many_orders(
    client: TestClient,
    engine: Engine,
    session_factory: sessionmaker[Session],
    arranged: LateOrderTicket,
) -> None:
    log_in(client, session_factory)
    path = f"/workspace/tickets/{arranged.ticket_id}"
    with counted_statements(engine) as few:
        assert client.get(path).status_code == 200
    with session_factory() as session, session.begin():
        more_orders(session, 5)
    with counted_statements(engine) as many:
        page = client.get(path)
    assert page.text.count('class="order card"') == 7
    assert len(many) == len(few)
    # Auth, the ticket with its customer, messages, SLA policies, calendar and history,
    # linked orders, the customer panel (about a dozen: the ticket's orders and the
    # customer's newest are two index reads, the days delay notices announced included),
    # agents, macros and the ticket's discount codes; SQLite adds BEGIN.
    assert len(few) <= 27, few


def test_the_order_panel_shows_the_day_a_delay_notice_told_the_customer(
    client: TestClient, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    noticed = noticed_by_risk(session_factory, settings)
    with session_factory() as session, session.begin():
        ticket_id = make_ticket(session, order_ids=[noticed.order_id]).id
    log_in(client, session_factory)
    page = client.get(f"/workspace/tickets/{ticket_id}").text
    told = re.search(rf'data-testid="announced-{noticed.shipment_id}">([^<]+)<', page)
    assert told is not None
    assert told.group(1).strip() == "Tue 24 Nov 2026"  # the notice's cautious new day
    assert "(delay notice)" in page


def test_the_tone_coach_explains_in_words_and_does_not_reward_a_gamed_reply(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = log_in(client, session_factory)
    gamed = "Thank you! You could please stop asking, it is not our problem."
    response = client.post("/workspace/tone", data={"body": gamed, "csrf": csrf})
    assert response.status_code == 200
    assert "Tone: impolite" in response.text
    assert "brushes the customer off" in response.text
    assert "Thanks the customer" in response.text
    assert "Starts with “You …” — sounds like an accusation" in response.text
    assert "second person start" not in response.text.lower()
    assert 'data-testid="tone-markers"' in response.text


def test_the_order_panel_says_when_an_item_with_nothing_coming_is_back(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        late_order(session)
        tees = place(session, {TEE: 2})  # the last two tees; no purchase order for more
        session.execute(
            sa.update(catalog.Variant)
            .where(catalog.Variant.sku == TEE)
            .values(supplier="Nordwolle", lead_time_days=14)
        )
        ticket_id = make_ticket(session, order_ids=[tees.id]).id
    log_in(client, session_factory)
    page = client.get(f"/workspace/tickets/{ticket_id}").text
    back = re.search(
        rf'data-testid="back-in-stock-{TEE}">back in stock around ([^<]+) '
        r'<span class="muted">\(supplier lead time\)</span>',
        page,
    )
    assert back is not None
    soon = {date.today() + timedelta(days=14 + d) for d in (-1, 0, 1)}  # the store's day
    assert back.group(1).strip() in {d.strftime("%a %d %b %Y") for d in soon}
    assert f'data-testid="back-in-stock-{MUG}"' not in page  # mugs are on a shelf
