"""Shipping with the demo's carriers and EasyPost over HTTP, and the label to print."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from reportlab.lib.units import mm
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import shipping
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.http import Role
from tests.factories.fulfilment import pack, picking_order
from tests.support.fake_easypost import API_KEY, FakeEasyPost, error, running
from tests.support.fake_http import Answer
from tests.support.web import log_in


def packed(factory: sessionmaker[Session]) -> int:
    with factory() as session, session.begin():
        picking = picking_order(session)
        pack(session, picking.fulfilment_id)
        return picking.fulfilment_id


def page_size_mm(body: bytes) -> tuple[int, int]:
    (box,) = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", body)
    return round(float(box[0]) / mm), round(float(box[1]) / mm)


def test_a_demo_carrier_ships_and_its_label_prints_for_any_staff(
    client: TestClient, session_factory: sessionmaker[Session],
    operations_headers: dict[str, str], agent_headers: dict[str, str],
) -> None:  # fmt: skip
    shipped = client.post(f"/api/v1/fulfilments/{packed(session_factory)}/ship",
                          json={"carrier": "DPD"}, headers=operations_headers)  # fmt: skip
    assert shipped.status_code == 201, shipped.text
    shipment = shipped.json()
    assert shipment["carrier"] == "DPD"
    assert re.fullmatch(r"0150\d{20}", shipment["tracking_number"])
    assert shipment["tracking_url"] == (
        f"https://tracking.dpd.de/status/en_US/parcel/{shipment['tracking_number']}"
    )

    label = client.get(f"/api/v1/shipments/{shipment['id']}/label", headers=agent_headers)

    assert label.status_code == 200
    assert label.headers["content-type"] == "application/pdf"
    assert page_size_mm(label.content) == (100, 150)
    assert f"Label {shipment['tracking_number']}".encode() in label.content
    assert client.get(f"/api/v1/shipments/{shipment['id']}/label").status_code == 401
    missing = client.get("/api/v1/shipments/987654/label", headers=agent_headers)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")


def test_an_unknown_carrier_is_refused_naming_the_demo_carriers(
    client: TestClient, session_factory: sessionmaker[Session], operations_headers: dict[str, str]
) -> None:
    refused = client.post(f"/api/v1/fulfilments/{packed(session_factory)}/ship",
                          json={"carrier": "Hermes"}, headers=operations_headers)  # fmt: skip

    assert refused.status_code == 422
    assert refused.json()["error"]["message"] == (
        "unknown carrier 'Hermes'; this installation ships with: "
        "Correios, DHL, DPD, GLS, Jadlog, SEUR, UPS, simulated"
    )


def test_the_workspace_serves_the_label_to_logged_in_staff_only(
    client: TestClient, session_factory: sessionmaker[Session], operations_headers: dict[str, str]
) -> None:
    shipped = client.post(f"/api/v1/fulfilments/{packed(session_factory)}/ship",
                          json={"carrier": "Correios"}, headers=operations_headers).json()  # fmt: skip
    path = f"/workspace/shipments/{shipped['id']}/label.pdf"

    anonymous = client.get(path, follow_redirects=False)
    log_in(client, session_factory, Role.AGENT)
    label = client.get(path)

    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login")
    assert label.headers["content-type"] == "application/pdf"
    assert f"Label {shipped['tracking_number']}".encode() in label.content
    assert client.get("/workspace/shipments/987654/label.pdf").status_code == 404


def test_the_label_endpoint_is_documented_as_a_pdf(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/shipments/{shipment_id}/label"]

    answers = operation["get"]["responses"]
    assert "application/pdf" in answers["200"]["content"]
    assert {"307", "404", "409"} <= set(answers)


@pytest.fixture
def easypost() -> Iterator[FakeEasyPost]:
    with running() as fake:
        yield fake


@pytest.fixture
def ep_client(settings: Settings, engine: Engine, easypost: FakeEasyPost) -> Iterator[TestClient]:
    configured = settings.model_copy(update={
        "easypost_api_key": API_KEY, "easypost_api_base": easypost.api_base,
        "easypost_timeout_seconds": 1,
    })  # fmt: skip
    with TestClient(create_app(configured, engine=engine), raise_server_exceptions=False) as c:
        yield c


def test_an_easypost_label_is_bought_and_its_document_served_from_easypost(
    ep_client: TestClient, session_factory: sessionmaker[Session],
    operations_headers: dict[str, str], easypost: FakeEasyPost,
) -> None:  # fmt: skip
    shipped = ep_client.post(f"/api/v1/fulfilments/{packed(session_factory)}/ship",
                             json={"carrier": "easypost"}, headers=operations_headers)  # fmt: skip

    assert shipped.status_code == 201, shipped.text
    body = shipped.json()
    assert (body["carrier"], body["tracking_number"][:4]) == ("easypost", "9400")
    label = ep_client.get(f"/api/v1/shipments/{body['id']}/label", headers=operations_headers,
                          follow_redirects=False)  # fmt: skip
    (bought,) = easypost.shipments.values()
    assert label.status_code == 307
    assert label.headers["location"] == bought["postage_label"]["label_url"]


@pytest.mark.parametrize(
    ("answer", "status", "words"),
    [(error(422, "ADDRESS.VERIFY.FAILURE", "Address not found"), 422,
      "easypost refused the label: Address not found"),
     (Answer(201, {}, delay=2.5), 503, "easypost is not answering")],
    ids=["refused", "timeout"],
)  # fmt: skip
def test_easypost_failures_are_clear_answers_and_ship_nothing(
    ep_client: TestClient, session_factory: sessionmaker[Session],
    operations_headers: dict[str, str], easypost: FakeEasyPost,
    answer: Answer, status: int, words: str,
) -> None:  # fmt: skip
    fulfilment_id = packed(session_factory)
    easypost.queued.append(answer)

    failed = ep_client.post(f"/api/v1/fulfilments/{fulfilment_id}/ship",
                            json={"carrier": "easypost"}, headers=operations_headers)  # fmt: skip
    again = ep_client.post(f"/api/v1/fulfilments/{fulfilment_id}/ship",
                           json={"carrier": "easypost"}, headers=operations_headers)  # fmt: skip

    assert failed.status_code == status
    assert words in failed.json()["error"]["message"]
    assert again.status_code == 201  # nothing half-written: the parcel is still packed


def test_a_shipment_without_a_tracking_number_has_no_label_yet(
    client: TestClient, session_factory: sessionmaker[Session], agent_headers: dict[str, str]
) -> None:
    with session_factory() as session, session.begin():
        order_id = picking_order(session).order_id
        pending = shipping.Shipment(order_id=order_id, carrier="DHL")
        session.add(pending)
        session.flush()
        shipment_id = pending.id

    api = client.get(f"/api/v1/shipments/{shipment_id}/label", headers=agent_headers)
    log_in(client, session_factory, Role.AGENT)
    page = client.get(f"/workspace/shipments/{shipment_id}/label.pdf")

    assert api.status_code == 409
    assert api.json()["error"]["message"] == (
        f"shipment {shipment_id} has no tracking number yet: no label to print"
    )
    assert page.status_code == 409
    assert "no tracking number yet" in page.text


def test_a_doubled_ship_request_pays_for_one_label(
    ep_client: TestClient, session_factory: sessionmaker[Session],
    operations_headers: dict[str, str], easypost: FakeEasyPost,
) -> None:  # fmt: skip
    fulfilment_id = packed(session_factory)

    answers = [
        ep_client.post(
            f"/api/v1/fulfilments/{fulfilment_id}/ship",
            json={"carrier": "easypost"},
            headers=operations_headers,
        )
        for _ in range(2)
    ]

    assert [a.status_code for a in answers] == [201, 409]
    assert "only a packed parcel ships" in answers[1].json()["error"]["message"]
    assert len([c for c in easypost.calls if c.path.endswith("/buy")]) == 1
