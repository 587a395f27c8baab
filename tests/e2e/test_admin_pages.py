"""The operations and admin pages over HTTP: who may reach them, CSRF, refused forms shown
beside their fields, a disruption's affected shipments, a preview that writes nothing."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import proactive
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.http import Role
from opsdesk.registry import load_models
from tests.factories.admin_pages import parked_event, report_history
from tests.factories.fulfilment import FixedClock
from tests.factories.tracking import THURSDAY, TrackedOrder, late_order
from tests.support import web

OPERATIONS_PAGES = ("/workspace/disruptions", "/workspace/rules", "/workspace/reports",
                    "/workspace/reports/data")  # fmt: skip
DECLARE = {"kind": "hub_closure", "severity": "high", "region": "be", "carrier": "",
           "starts_at": "2026-11-19T12:00", "ends_at": "2026-11-21T12:00",
           "note": "Leipzig hub closed by a storm"}  # fmt: skip
CONFIRMED = DECLARE | {"confirm": "yes"}  # declared after its preview (test_disruption_pages)


def log_in(client: TestClient, factory: sessionmaker[Session], role: Role) -> str:
    """A staff member of ``role`` logged in; returns the session's CSRF token."""
    return web.log_in(client, factory, role, landing="/workspace/operations")


@pytest.fixture
def clocked(client: TestClient) -> TestClient:
    client.app.state.clock = FixedClock(THURSDAY)  # type: ignore[attr-defined]
    return client


@pytest.fixture
def late(session_factory: sessionmaker[Session]) -> TrackedOrder:
    with session_factory() as session, session.begin():
        return late_order(session)


@pytest.fixture
def builtin_rules(session_factory: sessionmaker[Session]) -> dict[str, int]:
    with session_factory() as session, session.begin():
        rules = proactive.seed_builtin_rules(session, currency="EUR", now=THURSDAY)
        return {rule.builtin or "": rule.id for rule in rules}


def _rows(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as session:
        return {
            table.name: int(session.scalar(sa.select(sa.func.count()).select_from(table)) or 0)
            for table in load_models().sorted_tables
        }


def test_anonymous_visitors_are_sent_to_the_login(client: TestClient) -> None:
    for path in (*OPERATIONS_PAGES, "/workspace/outbox", "/workspace/rules/1"):
        answer = client.get(path, follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (303, f"/login?next={path}")


def test_agents_reach_no_operations_or_admin_page_and_see_no_link_to_them(
    client: TestClient, session_factory: sessionmaker[Session], builtin_rules: dict[str, int]
) -> None:
    csrf = log_in(client, session_factory, Role.AGENT)
    rule_id = builtin_rules["shipment_at_risk"]
    for path in (*OPERATIONS_PAGES, "/workspace/outbox", f"/workspace/rules/{rule_id}"):
        refused = client.get(path)
        assert refused.status_code == 403, path
        assert "Not for your role" in refused.text
    switched = client.post(f"/workspace/rules/{rule_id}/enabled",
                           data={"enabled": "false", "csrf": csrf})  # fmt: skip
    assert switched.status_code == 403
    with session_factory() as session:
        assert session.get(proactive.Rule, rule_id).enabled is True  # type: ignore[union-attr]
    nav = client.get("/workspace").text
    assert "/workspace/disruptions" not in nav
    assert "/workspace/outbox" not in nav


def test_operations_see_their_pages_in_the_nav_but_not_the_outbox(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    log_in(client, session_factory, Role.OPERATIONS)
    nav = client.get("/workspace/rules").text
    assert ">ShipmentAtRisk<" not in nav  # triggers in words, the event's name in a title
    for link in ("/workspace/disruptions", "/workspace/rules", "/workspace/reports"):
        assert f'href="{link}"' in nav
    assert 'href="/workspace/outbox"' not in nav
    assert client.get("/workspace/outbox").status_code == 403


def test_declaring_a_disruption_shows_the_shipments_it_puts_at_risk(
    clocked: TestClient, session_factory: sessionmaker[Session], late: TrackedOrder
) -> None:
    csrf = log_in(clocked, session_factory, Role.OPERATIONS)
    answer = clocked.post("/workspace/disruptions", data=CONFIRMED | {"csrf": csrf})
    assert answer.status_code == 200
    assert "1 in-flight shipment rescored" in answer.text
    row = re.search(rf'data-testid="affected-{late.shipment_id}">(.*?)</tr>', answer.text, re.S)
    assert row, "the late parcel is not listed as affected"
    assert late.number in row.group(1)
    assert "hub closed in region BE" in row.group(1)
    with session_factory() as session:
        (stored,) = session.scalars(sa.select(proactive.Disruption)).all()
        risk = session.get(proactive.ShipmentRiskRecord, late.shipment_id)
    assert (stored.region, stored.created_by) == ("BE", "operations:Sam operations")
    assert risk is not None
    assert risk.at_risk
    assert f"{risk.probability * 100:.0f} %" in row.group(1)


def test_ending_a_disruption_moves_its_end_to_now_and_keeps_the_history(
    clocked: TestClient, session_factory: sessionmaker[Session], late: TrackedOrder
) -> None:
    csrf = log_in(clocked, session_factory, Role.OPERATIONS)
    clocked.post("/workspace/disruptions", data=CONFIRMED | {"csrf": csrf})
    with session_factory() as session:
        disruption_id = session.scalar(sa.select(proactive.Disruption.id))
    page = clocked.post(f"/workspace/disruptions/{disruption_id}/end", data={"csrf": csrf})
    assert "Disruption ended" in page.text
    with session_factory() as session:
        ended = session.get(proactive.Disruption, disruption_id)
        assert ended is not None
        assert ended.ends_at == THURSDAY
    assert re.search(r"<strong>updated</strong> by operations:Sam operations", page.text)


def test_a_refused_disruption_is_shown_beside_its_fields_and_nothing_is_saved(
    clocked: TestClient, session_factory: sessionmaker[Session], late: TrackedOrder
) -> None:
    csrf = log_in(clocked, session_factory, Role.OPERATIONS)
    backwards = DECLARE | {"ends_at": "2026-11-18T12:00", "csrf": csrf}
    answer = clocked.post("/workspace/disruptions", data=backwards)
    assert answer.status_code == 422
    assert re.search(r'problem-field">ends_at</code>: must be after starts_at', answer.text)
    assert 'value="Leipzig hub closed by a storm"' in answer.text  # the input is kept
    nowhere = clocked.post("/workspace/disruptions",
                           data=DECLARE | {"region": "", "csrf": csrf})  # fmt: skip
    assert nowhere.status_code == 422
    assert "region or carrier required" in nowhere.text
    garbled = clocked.post("/workspace/disruptions",
                           data=DECLARE | {"starts_at": "tomorrow", "csrf": csrf})  # fmt: skip
    assert garbled.status_code == 422
    assert "a date and time like" in garbled.text
    with session_factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(proactive.Disruption)) == 0


def test_posts_without_the_session_csrf_token_change_nothing(
    clocked: TestClient, session_factory: sessionmaker[Session], builtin_rules: dict[str, int]
) -> None:
    log_in(clocked, session_factory, Role.ADMIN)
    rule_id = builtin_rules["backorder"]
    with session_factory() as session, session.begin():
        event_id = parked_event(session)
    before = _rows(session_factory)
    attempts = [
        ("/workspace/disruptions", DECLARE),
        ("/workspace/disruptions", CONFIRMED),
        (f"/workspace/rules/{rule_id}/enabled", {"enabled": "false"}),
        (f"/workspace/rules/{rule_id}", {"name": "Renamed"}),
        (f"/workspace/outbox/{event_id}/requeue", {}),
    ]
    for path, data in attempts:
        refused = clocked.post(path, data=data | {"csrf": "forged"})
        assert refused.status_code == 403, path
        assert "Please reload the page" in refused.text
    assert _rows(session_factory) == before
    with session_factory() as session:
        rule = session.get(proactive.Rule, rule_id)
        event = session.get(OutboxEvent, event_id)
    assert rule is not None
    assert (rule.name, rule.enabled) == ("Backorder: honest date, cancel or wait", True)
    assert event is not None
    assert event.parked_at is not None


def _rule_form(csrf: str, **changes: str) -> dict[str, object]:
    """The editor saved from its raw JSON boxes (the advanced path); see
    test_rule_form_fields.py for the fields."""
    form: dict[str, object] = {
        "csrf": csrf, "name": "Late parcels", "description": "", "editor": "json",
        "triggers": ["ShipmentAtRisk", "ShipmentDelayed"],
        "conditions": json.dumps({"fact": "risk", "op": ">=", "value": 0.5}),
        "actions": json.dumps([{"type": "send_message", "message_type": "delay_notice"}]),
        "per_order_cap": "5.00", "per_day_cap": "50.00",
    }  # fmt: skip
    return form | changes


def test_saving_a_rule_changes_it_and_the_switch_turns_it_off(
    clocked: TestClient, session_factory: sessionmaker[Session], builtin_rules: dict[str, int]
) -> None:
    csrf = log_in(clocked, session_factory, Role.OPERATIONS)
    rule_id = builtin_rules["shipment_at_risk"]
    saved = clocked.post(f"/workspace/rules/{rule_id}", data=_rule_form(csrf))
    assert saved.status_code == 200
    assert "Rule saved." in saved.text
    assert "risk &gt;= 0.5" in saved.text
    listed = clocked.post(f"/workspace/rules/{rule_id}/enabled",
                          data={"enabled": "false", "csrf": csrf})  # fmt: skip
    assert "“Late parcels” is off." in listed.text
    with session_factory() as session:
        rule = session.get(proactive.Rule, rule_id)
    assert rule is not None
    assert (rule.name, rule.enabled, rule.per_order_cap_minor, rule.per_day_cap_minor) == (
        "Late parcels", False, 500, 5000)  # fmt: skip
    assert rule.triggers == ["ShipmentAtRisk", "ShipmentDelayed"]
    assert rule.updated_by == "operations:Sam operations"


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"conditions": '{"all": [{"fact": "risk", "op": "contains", "value": 1}]}'},
         "conditions.all.0.op", "number facts allow"),
        ({"conditions": '{"fact": "risk", "op": ">="'}, "conditions", "not valid JSON (line 1"),
        ({"actions": '[{"type": "send_message", "message_type": "follow_up"}]'},
         "actions.0.message_type", "these triggers can send delay_notice"),
        ({"actions": '[{"type": "teleport"}]'}, "actions.0", "tag"),
        ({"per_day_cap": "12.345"}, "per_day_cap_minor", "at most 2 decimals"),
    ],
)  # fmt: skip
def test_a_refused_rule_shows_each_problem_with_its_path_and_keeps_the_rule(
    clocked: TestClient, session_factory: sessionmaker[Session], builtin_rules: dict[str, int],
    changes: dict[str, str], field: str, reason: str,
) -> None:  # fmt: skip
    csrf = log_in(clocked, session_factory, Role.OPERATIONS)
    rule_id = builtin_rules["shipment_at_risk"]
    answer = clocked.post(f"/workspace/rules/{rule_id}", data=_rule_form(csrf, **changes))
    assert answer.status_code == 422
    shown = re.findall(r'problem-field">([^<]+)</code>: ([^<]+)</li>', answer.text)
    assert any(path == field and reason in text for path, text in shown), shown
    assert 'aria-invalid="true"' in answer.text
    with session_factory() as session:
        rule = session.get(proactive.Rule, rule_id)
    assert rule is not None
    assert rule.name == "Shipment at risk: delay notice and remedy"


def test_the_preview_shows_what_would_happen_and_writes_nothing(
    clocked: TestClient, session_factory: sessionmaker[Session], late: TrackedOrder,
    builtin_rules: dict[str, int],
) -> None:  # fmt: skip
    csrf = log_in(clocked, session_factory, Role.OPERATIONS)
    clocked.post("/workspace/disruptions", data=CONFIRMED | {"csrf": csrf})
    rule_id = builtin_rules["shipment_at_risk"]
    before = _rows(session_factory)
    shown = clocked.post(f"/workspace/rules/{rule_id}/preview",
                         headers={"X-CSRF-Token": csrf, "HX-Request": "true"})  # fmt: skip
    assert shown.status_code == 200
    assert _rows(session_factory) == before
    figures = dict(re.findall(r'data-testid="preview-([a-z-]+)">([^<]+)</dd>', shown.text))
    assert figures["would-fire"] == "1"
    assert figures["messages"] == "1"
    assert figures["codes"] == "1"
    assert late.number in shown.text
    assert "send delay_notice" in shown.text
    assert "<html" not in shown.text  # a fragment for htmx, not a page
    forged = clocked.post(f"/workspace/rules/{rule_id}/preview", headers={"X-CSRF-Token": "x"})
    assert forged.status_code == 403


def test_reports_show_every_chart_with_its_numbers_in_a_table(
    clocked: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        history = report_history(session)
    log_in(clocked, session_factory, Role.OPERATIONS)
    query = {"from": "2026-11-01", "to": "2026-11-22"}
    page = clocked.get("/workspace/reports", params=query)
    assert page.status_code == 200
    assert len(re.findall(r"<canvas ", page.text)) == 10
    data = clocked.get("/workspace/reports/data", params=query).json()
    charts = {c["id"]: c for c in data["charts"]}
    load = charts["tickets-week"]
    assert load["labels"] == ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]
    created = load["series"][0]["values"]
    assert sum(created) == history.tickets
    medians = charts["sla-median-week"]["series"]
    assert [s["label"] for s in medians][:2] == [
        "Median first response (business hours)",
        "Median wait for a first response (calendar hours)",
    ]
    assert medians[3]["values"] == created[1:]  # tickets per week (W44 has none in the SLA)
    assert sum(medians[4]["values"]) == history.tickets  # every ticket here was answered
    agents = charts["agents"]
    assert sum(agents["series"][0]["values"]) == history.tickets
    assert "a ticket answered before the team's day starts counts 0" in html.unescape(page.text)
    weekly = charts["sla-breach-week"]
    assert weekly["labels"] == ["2026-W45", "2026-W46", "2026-W47"]
    assert weekly["series"][0]["values"] == [57.1, 33.3, 0.0]
    assert '<td class="num">57.1 %</td>' in page.text
    answers = charts["csat-average-week"]["series"][1]["values"]
    assert sum(answers) == history.csat_answers
    packers = charts["errors-packer"]
    assert (packers["labels"], packers["series"][0]["values"]) == (["Jonas", "Mia"], [0.0, 200.0])
    one_team = clocked.get("/workspace/reports/data",
                           params=query | {"team": history.team_names[0]}).json()  # fmt: skip
    settled = {c["id"]: c for c in one_team["charts"]}["sla-breach-week"]["series"][2]["values"]
    assert 0 < sum(settled) < sum(weekly["series"][2]["values"])


def test_a_backwards_report_period_is_a_problem_not_an_error(
    clocked: TestClient, session_factory: sessionmaker[Session]
) -> None:
    log_in(clocked, session_factory, Role.OPERATIONS)
    page = clocked.get("/workspace/reports", params={"from": "2026-11-20", "to": "2026-11-01"})
    assert page.status_code == 422
    assert "must not be before the start" in page.text
    data = clocked.get("/workspace/reports/data", params={"from": "someday"})
    assert data.status_code == 422
    assert data.json()["error"]["details"]["errors"][0]["field"] == "from"


def test_admins_see_parked_events_and_requeue_one(
    clocked: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        event_id = parked_event(session)
    csrf = log_in(clocked, session_factory, Role.ADMIN)
    page = clocked.get("/workspace/outbox")
    assert re.search(r'data-testid="parked-count">1<', page.text)
    row = re.search(rf'data-testid="parked-{event_id}">(.*?)</tr>', page.text, re.S)
    assert row
    assert "ConnectionRefusedError" in row.group(1)
    assert '<td class="num">8</td>' in row.group(1)
    done = clocked.post(f"/workspace/outbox/{event_id}/requeue", data={"csrf": csrf})
    assert f"Event #{event_id} is queued again" in done.text
    assert 'data-testid="parked-empty"' in done.text
    with session_factory() as session:
        event = session.get(OutboxEvent, event_id)
    assert event is not None
    assert (event.parked_at, event.attempts) == (None, 0)
    assert event.available_at == THURSDAY
    again = clocked.post(f"/workspace/outbox/{event_id}/requeue", data={"csrf": csrf})
    assert "is not parked" in again.text


def test_the_disruption_list_groups_by_time(
    clocked: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        for start, end, note in ((datetime(2026, 11, 10, tzinfo=UTC), datetime(2026, 11, 12, tzinfo=UTC), "old strike"),
                                 (datetime(2026, 11, 25, tzinfo=UTC), datetime(2026, 11, 27, tzinfo=UTC), "announced storm")):  # fmt: skip
            body = proactive.DisruptionCreate(carrier="simulated", starts_at=start, ends_at=end,
                                              note=note)  # fmt: skip
            proactive.declare_disruption(session, body, actor="operations:test", now=THURSDAY)
    log_in(clocked, session_factory, Role.OPERATIONS)
    page = clocked.get("/workspace/disruptions").text
    upcoming = page.index('data-testid="disruptions-upcoming"')
    past = page.index('data-testid="disruptions-past"')
    assert upcoming < page.index("announced storm") < past < page.index("old strike")
    assert "No disruption is running now." in page
