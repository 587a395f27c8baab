"""The disruption pages over HTTP: regions and carriers picked from the store's lists, a
preview of what declaring would send before anything is written, then the confirmation;
times entered and shown on the store's clock (Europe/Berlin)."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders, proactive, shipping
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.http import Role
from opsdesk.registry import load_models
from tests.factories.fulfilment import FixedClock, shipped_order
from tests.factories.tracking import THURSDAY
from tests.support import web

DECLARE = {"kind": "hub_closure", "severity": "high", "region": "BE", "carrier": "",
           "starts_at": "2026-11-19T12:00", "ends_at": "2026-11-21T12:00",
           "note": "Berlin hub closed by a storm"}  # fmt: skip


@pytest.fixture
def clocked(client: TestClient) -> TestClient:
    client.app.state.clock = FixedClock(THURSDAY)  # type: ignore[attr-defined]
    return client


@pytest.fixture
def parcel(session_factory: sessionmaker[Session]) -> shipping.Shipment:
    """Two mugs on the road from the Berlin warehouse to Ana in Berlin; the built-in
    rules on (the delay notice with a remedy among them)."""
    with session_factory() as session, session.begin():
        proactive.seed_builtin_rules(session, currency="EUR", now=THURSDAY)
        _picking, shipment = shipped_order(session)
        session.expunge(shipment)
        return shipment


def log_in(client: TestClient, factory: sessionmaker[Session]) -> str:
    return web.log_in(client, factory, Role.OPERATIONS, landing="/workspace/disruptions")


def rows(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as session:
        return {
            table.name: int(session.scalar(sa.select(sa.func.count()).select_from(table)) or 0)
            for table in load_models().sorted_tables
        }


def figures(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-testid="preview-([a-z-]+)">([^<]+)</dd>', page))


def confirm_fields(page: str) -> dict[str, str]:
    """The hidden fields the confirm button posts."""
    form = re.search(r'<form[^>]*data-testid="confirm-form">(.*?)</form>', page, re.S)
    assert form, "the preview has no confirm form"
    fields = re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', form.group(1))
    return {name: html.unescape(value) for name, value in fields}


def select_options(page: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no list for {name}"
    found = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))
    return [(value, html.unescape(label)) for value, label in found]


def test_regions_and_carriers_are_picked_from_the_stores_lists(
    clocked: TestClient, session_factory: sessionmaker[Session], parcel: shipping.Shipment
) -> None:
    log_in(clocked, session_factory)
    page = clocked.get("/workspace/disruptions").text

    assert select_options(page, "region") == [
        ("", "any region"),
        ("BE", "BE — warehouse Berlin · parcels to DE"),
        ("HH", "HH — warehouse Hamburg Warehouse"),
    ]
    carriers = select_options(page, "carrier")
    assert carriers[0] == ("", "any carrier")
    assert {("DPD", "DPD"), ("simulated", "simulated")} <= set(carriers[1:])
    assert "e.g. SP" not in page


def test_declaring_shows_what_it_would_do_and_writes_nothing_until_confirmed(
    clocked: TestClient, session_factory: sessionmaker[Session], parcel: shipping.Shipment
) -> None:
    csrf = log_in(clocked, session_factory)
    before = rows(session_factory)

    shown = clocked.post("/workspace/disruptions", data=DECLARE | {"csrf": csrf})

    assert shown.status_code == 200
    assert rows(session_factory) == before  # no disruption, no risk, no outbox event
    page = html.unescape(shown.text)
    assert figures(page) | {"cost": ""} == {"in-reach": "1", "newly-at-risk": "1",
                                           "risk-raised": "1", "customers": "1", "messages": "1",
                                           "codes": "1", "cost": ""}  # fmt: skip
    notice = re.search(r'data-testid="preview-notices">(.*?)</table>', page, re.S)
    assert notice
    with session_factory() as session:
        number = session.get_one(orders.Order, parcel.order_id).number
    for text in (number, "Ana Lima <ana.lima@example.com>", "delay notice",
                 "shipping upgrade code worth €4.90", "Shipment at risk: delay notice and remedy"):  # fmt: skip
        assert text in notice.group(1), text
    assert f'data-testid="preview-shipment-{parcel.id}"' in page
    assert "newly at risk" in page
    assert re.search(r'data-testid="confirm">Declare and notify 1 customer</button>', page)
    assert "Nothing has been saved or sent yet" in page
    fields = confirm_fields(shown.text)
    assert fields == DECLARE | {"csrf": csrf, "confirm": "yes"}

    declared = clocked.post("/workspace/disruptions", data=fields)

    assert declared.status_code == 200
    assert re.search(r"/workspace/disruptions/\d+$", str(declared.url))
    assert "Disruption declared; 1 in-flight shipment rescored." in declared.text
    with session_factory() as session:
        (stored,) = session.scalars(sa.select(proactive.Disruption)).all()
        crossed = session.scalars(
            sa.select(OutboxEvent.aggregate_id).where(OutboxEvent.name == "ShipmentAtRisk")
        ).all()
    assert str(declared.url).endswith(f"/workspace/disruptions/{stored.id}")
    assert (stored.region, stored.carrier) == ("BE", "")
    # 12:00 in Berlin in November is 11:00 UTC
    assert (stored.starts_at, stored.ends_at) == (datetime(2026, 11, 19, 11, tzinfo=UTC),
                                                  datetime(2026, 11, 21, 11, tzinfo=UTC))  # fmt: skip
    assert crossed == [str(parcel.id)]


def test_a_region_the_store_does_not_know_is_refused_beside_its_list(
    clocked: TestClient, session_factory: sessionmaker[Session], parcel: shipping.Shipment
) -> None:
    csrf = log_in(clocked, session_factory)
    for extra in ({}, {"confirm": "yes"}):
        refused = clocked.post(
            "/workspace/disruptions", data=DECLARE | {"region": "IE", "csrf": csrf} | extra
        )
        assert refused.status_code == 422
        page = html.unescape(refused.text)
        assert re.search(r'problem-field">region</code>: unknown region \'IE\'; known regions: '
                         r"BE, HH", page)  # fmt: skip
        assert 'value="Berlin hub closed by a storm"' in page  # the input is kept
        assert ("BE", "BE — warehouse Berlin · parcels to DE") in select_options(page, "region")
    carrier = clocked.post(
        "/workspace/disruptions", data=DECLARE | {"carrier": "Hermes", "csrf": csrf}
    )
    assert carrier.status_code == 422
    assert "unknown carrier 'Hermes'; known carriers: " in html.unescape(carrier.text)
    with session_factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(proactive.Disruption)) == 0


def test_times_are_entered_and_shown_on_the_stores_clock(
    clocked: TestClient, session_factory: sessionmaker[Session], parcel: shipping.Shipment
) -> None:
    csrf = log_in(clocked, session_factory)
    page = clocked.get("/workspace/disruptions").text

    # Thursday 15:00 UTC is 16:00 in Berlin: the blank form starts this hour, for a day.
    assert 'name="starts_at" value="2026-11-19T16:00"' in page
    assert 'name="ends_at" value="2026-11-20T16:00"' in page
    assert "Starts (Europe/Berlin)" in page
    assert "Ends (Europe/Berlin)" in page
    skipped = clocked.post("/workspace/disruptions", data=DECLARE | {
        "starts_at": "2027-03-28T02:30", "ends_at": "2027-03-29T12:00", "csrf": csrf})  # fmt: skip
    twice = clocked.post("/workspace/disruptions", data=DECLARE | {
        "ends_at": "2026-10-25T02:30", "starts_at": "2026-10-24T12:00", "csrf": csrf})  # fmt: skip
    assert (skipped.status_code, twice.status_code) == (422, 422)
    assert re.search(r'starts_at</code>: 2027-03-28 02:30 in Europe/Berlin does not exist: the '
                     r"clocks go forward that night", skipped.text)  # fmt: skip
    assert re.search(r'ends_at</code>: 2026-10-25 02:30 in Europe/Berlin happens twice: the '
                     r"clocks go back that night", twice.text)  # fmt: skip


def test_a_change_that_widens_a_disruption_is_previewed_before_it_is_saved(
    clocked: TestClient, session_factory: sessionmaker[Session], parcel: shipping.Shipment
) -> None:
    csrf = log_in(clocked, session_factory)
    low = DECLARE | {"severity": "low", "csrf": csrf}
    clocked.post("/workspace/disruptions", data=low | {"confirm": "yes"})
    with session_factory() as session:
        disruption_id = session.scalars(sa.select(proactive.Disruption.id)).one()
    edit = clocked.get(f"/workspace/disruptions/{disruption_id}").text
    assert 'name="starts_at" value="2026-11-19T12:00"' in edit  # shown as entered, in Berlin
    before = rows(session_factory)

    shown = clocked.post(f"/workspace/disruptions/{disruption_id}", data=low | {"severity": "high"})

    assert shown.status_code == 200
    assert f"Before you save D-{disruption_id}" in shown.text
    assert rows(session_factory) == before
    assert re.search(r'data-testid="confirm">Save \(no customer is notified\)</button>', shown.text)
    fields = confirm_fields(shown.text)
    assert fields["severity"] == "high"
    saved = clocked.post(f"/workspace/disruptions/{disruption_id}", data=fields)
    assert "Disruption saved" in saved.text
    noted = clocked.post(f"/workspace/disruptions/{disruption_id}",
                         data=fields | {"note": "Hub reopens Saturday", "confirm": ""})  # fmt: skip
    assert "Disruption saved" in noted.text  # a narrower change is saved at once
    with session_factory() as session:
        history = proactive.disruptions.history(session, disruption_id)
        stored = session.get_one(proactive.Disruption, disruption_id)
    assert [h.changes for h in history[1:]] == [
        {"severity": {"from": "low", "to": "high"}},
        {"note": {"from": "Berlin hub closed by a storm", "to": "Hub reopens Saturday"}},
    ]
    assert stored.starts_at == datetime(2026, 11, 19, 11, tzinfo=UTC)
