"""The public tracking page and order lookup over HTTP: links, languages, returns, limits."""

from __future__ import annotations

import re
from html import unescape

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders, returns, tracking
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.signing import sign
from tests.factories.fulfilment import FixedClock
from tests.factories.orders import make_shop, place
from tests.factories.tracking import (
    THURSDAY,
    TrackedOrder,
    delivered_order,
    late_order,
    set_customer_locale,
)


def _arrange(factory: sessionmaker[Session], build: object) -> TrackedOrder:
    with factory() as session:
        tracked = build(session)  # type: ignore[operator]
        session.commit()
    return tracked


def _text(html: str) -> str:
    """The page as a reader sees it: tags removed, whitespace collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _path(settings: Settings, order_id: int) -> str:
    return "/t/" + tracking.token_for_order(settings.secret_key, order_id)


def _frozen(client: TestClient) -> TestClient:
    client.app.state.clock = FixedClock(THURSDAY)  # type: ignore[attr-defined]
    return client


def test_a_late_order_page_shows_status_both_dates_apology_and_carrier_scans(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    tracked = _arrange(session_factory, lambda s: late_order(s, days_late=3))

    response = _frozen(client).get(_path(settings, tracked.order_id), params={"lang": "en"})

    assert response.status_code == 200
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "no-store" in response.headers["cache-control"]
    text = _text(response.text)
    assert f"Order {tracked.number}" in text
    assert "Your order is on its way" in text
    assert "Running late" in text
    assert "We are sorry: this parcel is running late." in text
    assert tracked.estimated is not None
    assert "Friday, November 20, 2026" in text  # promised (shown struck through)
    assert "Monday, November 23, 2026" in text  # the carrier's new estimate
    assert text.index("Delayed: sorting backlog") < text.index("Picked up by the carrier")
    assert 'id="chat-widget"' in response.text


def test_the_customer_language_is_the_default_and_lang_overrides_it(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    tracked = _arrange(session_factory, late_order)  # the customer's locale is pt-BR
    path = _path(settings, tracked.order_id)

    portuguese = _text(_frozen(client).get(path).text)
    german = _text(client.get(path, params={"lang": "de"}).text)

    assert "Seu pedido está a caminho" in portuguese
    assert "Atrasado" in portuguese
    assert "Ihre Bestellung ist unterwegs" in german
    assert "Verspätet" in german
    assert "Montag, 23. November 2026" in german
    assert '<html lang="de"' in client.get(path, params={"lang": "de-AT"}).text


def test_forged_foreign_and_expired_tokens_get_a_friendly_403_page(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    tracked = _arrange(session_factory, late_order)
    genuine = tracking.token_for_order(settings.secret_key, tracked.order_id)
    foreign = tracking.token_for_order("another-store-secret", tracked.order_id)
    other_purpose = sign(settings.secret_key, "csat", {"o": tracked.order_id})

    for token in (genuine[:-3] + "abc", foreign, other_purpose, "not-a-token"):
        response = client.get(f"/t/{token}", params={"lang": "en"})
        assert response.status_code == 403, token
        assert response.headers["content-type"].startswith("text/html")
        assert "This link does not work" in response.text
        assert tracked.number not in response.text
    missing = client.get(_path(settings, tracked.order_id + 999), params={"lang": "en"})
    assert missing.status_code == 404
    assert "We could not find this order" in missing.text


def test_a_link_opens_only_its_own_order(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    tracked = _arrange(session_factory, late_order)
    with session_factory() as session:
        other = place(session, {"MUG-BLUE": 1}, customer={"email": "jo@example.com"})
        session.commit()
        other_id, other_number = other.id, other.number

    mine = _frozen(client).get(_path(settings, tracked.order_id)).text
    theirs = client.get(_path(settings, other_id)).text

    assert tracked.number in mine
    assert other_number not in mine
    assert other_number in theirs
    assert tracked.number not in theirs


def _lookup(client: TestClient, number: str, contact: str) -> tuple[int, str, str]:
    response = client.post(
        "/track", data={"number": number, "contact": contact, "lang": "en"}, follow_redirects=False
    )
    return response.status_code, response.headers.get("location", ""), response.text


def test_the_lookup_redirects_on_email_or_postal_code_and_says_nothing_otherwise(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        make_shop(session)
        order = place(session, {"MUG-BLUE": 1})
        session.commit()
        order_id, number = order.id, order.number

    for contact in ("ana.lima@example.com", "10119"):
        status, location, _ = _lookup(client, number, contact)
        assert status == 303
        assert location.startswith("/t/")
        token = location.removeprefix("/t/").split("?")[0]
        assert tracking.order_id_from_token(settings.secret_key, token) == order_id

    wrong_contact = _lookup(client, number, "someone@example.com")
    no_such_order = _lookup(client, "OD-0000000000", "someone@example.com")
    assert wrong_contact[0] == no_such_order[0] == 200
    assert not wrong_contact[1]
    assert not no_such_order[1]
    assert "We could not find an order with these details" in wrong_contact[2]
    neutral = wrong_contact[2].replace(number, "#")
    assert neutral == no_such_order[2].replace("OD-0000000000", "#")


def test_the_lookup_is_rate_limited_per_order_number_in_the_database(
    client: TestClient, settings: Settings, engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    """The limit is in the database, so another web worker (a second app on the same
    database) refuses too, and the right postal code is refused like the wrong ones."""
    with session_factory() as session:
        make_shop(session)
        number = place(session, {"MUG-BLUE": 1}).number
        session.commit()
    most = tracking.guard.PER_NUMBER[0].most
    for guess in range(most):
        assert _lookup(client, number, f"9{guess:04d}")[0] == 200
    with TestClient(create_app(settings, engine=engine)) as other_worker:
        response = other_worker.post("/track", data={"number": number, "contact": "10119"},
                                     follow_redirects=False)  # fmt: skip

    assert response.status_code == 429
    assert 0 < int(response.headers["retry-after"]) <= 3600
    assert "Too many attempts" in response.text
    assert "/t/" not in response.headers.get("location", "")


def test_a_link_from_the_lookup_shows_the_order_but_proves_no_e_mail(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        make_shop(session)
        order_id = place(session, {"MUG-BLUE": 1}).id
        number = orders_number(session, order_id)
        session.commit()
    _status, location, _ = _lookup(client, number, "10119")
    token = location.removeprefix("/t/").split("?")[0]
    assert tracking.order_id_from_token(settings.secret_key, token) == order_id
    assert not tracking.token_proves_control(settings.secret_key, token)
    emailed = tracking.token_for_order(settings.secret_key, order_id)
    assert tracking.token_proves_control(settings.secret_key, emailed)


def orders_number(session: Session, order_id: int) -> str:
    return str(session.scalar(sa.select(orders.Order.number).where(orders.Order.id == order_id)))


def _return_form(client: TestClient, path: str) -> dict[str, str]:
    html = client.get(path, params={"lang": "en"}).text
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', html)
    assert token is not None, "the delivered order's page offers the return form"
    return {"form_token": token.group(1), "lang": "en"}


def _return_count(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(returns.ReturnRequest)) or 0


def test_starting_a_return_shows_the_rma_number_and_next_steps(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    tracked = _arrange(session_factory, delivered_order)
    path = _path(settings, tracked.order_id)
    form = _return_form(_frozen(client), path)

    response = client.post(
        f"{path}/returns",
        data=form | {f"qty-{tracked.line_ids[0]}": "1", "reason": "damaged", "note": "chipped"},
        follow_redirects=False,
    )

    assert response.status_code == 303
    page = client.get(response.headers["location"])
    text = _text(page.text)
    with session_factory() as session:
        (rma,) = returns.returns_for_order(session, tracked.order_id)
    assert rma.customer_note == "chipped"
    assert f"Your return {rma.number} has been registered." in text
    assert "What happens next" in text


def test_a_link_from_the_lookup_cannot_start_a_return(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    """#15.1: number + postal code (the /track lookup) shows the order, but a return is a
    change: only a link that came by e-mail may start one, on the page and on the POST."""
    tracked = _arrange(session_factory, delivered_order)
    looked_up = "/t/" + tracking.token_for_order(settings.secret_key, tracked.order_id,
                                                  read_only=True)  # fmt: skip
    page = _frozen(client).get(looked_up, params={"lang": "en"}).text
    assert 'data-testid="return-form"' not in page
    assert "open this page from the link in one of our e-mails" in page
    form_token = tracking.return_form_token(settings.secret_key, looked_up.removeprefix("/t/"))
    refused = client.post(
        f"{looked_up}/returns",
        data={"form_token": form_token, "lang": "en", f"qty-{tracked.line_ids[0]}": "1",
              "reason": "damaged"},
        follow_redirects=False,
    )  # fmt: skip
    assert refused.status_code == 403
    assert _return_count(session_factory) == 0
    assert 'data-testid="return-form"' in client.get(_path(settings, tracked.order_id)).text


def test_return_start_validation_is_422_or_409_and_writes_nothing(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    tracked = _arrange(session_factory, delivered_order)
    path = _path(settings, tracked.order_id)
    form = _return_form(_frozen(client), path)
    qty = f"qty-{tracked.line_ids[0]}"

    cases = [
        ({qty: "0", "reason": "damaged"}, 422, "choose at least one item"),
        ({qty: "one", "reason": "damaged"}, 422, "whole numbers"),
        ({qty: "1", "reason": ""}, 422, "choose a reason"),
        ({qty: "5", "reason": "damaged"}, 409, "more of an item than can still be returned"),
        ({"qty-999999": "1", "reason": "damaged"}, 422, "choose at least one item"),
    ]
    for fields, status, message in cases:
        response = client.post(f"{path}/returns", data=form | fields)
        assert response.status_code == status, fields
        assert message in _text(response.text), fields
    forged = client.post(f"{path}/returns", data={qty: "1", "reason": "damaged", "lang": "en"})
    assert forged.status_code == 403
    assert "This form has expired" in forged.text
    assert _return_count(session_factory) == 0


def test_a_return_cannot_be_started_before_delivery(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    tracked = _arrange(session_factory, late_order)
    path = _path(settings, tracked.order_id)
    page = _frozen(client).get(path, params={"lang": "en"}).text
    assert 'data-testid="return-form"' not in page
    form_token = tracking.return_form_token(settings.secret_key, path.removeprefix("/t/"))

    response = client.post(
        f"{path}/returns",
        data={"form_token": form_token, "lang": "en",
              f"qty-{tracked.line_ids[0]}": "1", "reason": "late"},
    )  # fmt: skip

    assert response.status_code == 409
    assert "cannot be returned here at the moment" in _text(response.text)
    assert _return_count(session_factory) == 0


def test_the_german_customer_gets_the_page_in_german_in_their_time_zone(
    client: TestClient, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    def build(session: Session) -> TrackedOrder:
        tracked = late_order(session)
        set_customer_locale(session, tracked.order_id, "de-DE", "Europe/Berlin")
        return tracked

    tracked = _arrange(session_factory, build)

    text = _text(_frozen(client).get(_path(settings, tracked.order_id)).text)

    assert "Es tut uns leid: Dieses Paket verspätet sich." in text
    assert "18. Nov. 2026 · 08:30" in text  # the 07:30 UTC scan on Berlin's clock
