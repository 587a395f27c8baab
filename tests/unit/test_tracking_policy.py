"""Pure decisions of the tracking page: progress, customer-facing history, dates, lookup."""

from __future__ import annotations

from datetime import date

import pytest

from opsdesk import orders, shipping, tracking
from opsdesk.kernel.errors import Forbidden, InvalidInput
from opsdesk.tracking import ProgressState, Punctuality
from opsdesk.tracking.policy import contact_matches, parse_return_quantities

OS = orders.OrderStatus
SS = shipping.ShipmentStatus


@pytest.mark.parametrize(
    ("status", "parcels", "step", "state"),
    [
        (OS.PLACED, [], "placed", ProgressState.NORMAL),
        (OS.ALLOCATED, [], "placed", ProgressState.NORMAL),
        (OS.PICKING, [], "placed", ProgressState.NORMAL),
        (OS.BACKORDERED, [], "placed", ProgressState.BACKORDERED),
        (OS.PACKED, [], "packed", ProgressState.NORMAL),
        (OS.SHIPPED, [SS.IN_TRANSIT], "shipped", ProgressState.NORMAL),
        (
            OS.SHIPPED,
            [SS.IN_TRANSIT, SS.OUT_FOR_DELIVERY],
            "out_for_delivery",
            ProgressState.NORMAL,
        ),
        (OS.PARTIALLY_SHIPPED, [SS.IN_TRANSIT], "shipped", ProgressState.PARTIAL),
        (OS.SHIPPED, [SS.DELIVERED, SS.LOST], "shipped", ProgressState.PROBLEM),
        (OS.SHIPPED, [SS.EXCEPTION], "shipped", ProgressState.PROBLEM),
        (OS.DELIVERED, [SS.DELIVERED], "delivered", ProgressState.NORMAL),
        (OS.CANCELLED, [], "placed", ProgressState.CANCELLED),
        (OS.RETURNED, [SS.DELIVERED], "delivered", ProgressState.RETURNED),
    ],
)
def test_each_order_status_maps_to_a_step_and_an_honest_state(
    status: orders.OrderStatus,
    parcels: list[shipping.ShipmentStatus],
    step: str,
    state: ProgressState,
) -> None:
    progress = tracking.progress_for(status, parcels)
    assert tracking.STEPS[progress.reached] == step
    assert progress.state is state


def test_every_order_status_has_a_step_and_a_translated_headline() -> None:
    english = tracking.Translator("en", tracking.zone("UTC"))
    for status in OS:
        headline = tracking.progress_for(status).headline
        assert english(headline) != headline, status


def test_the_headline_names_the_step_or_the_interruption() -> None:
    assert tracking.progress_for(OS.SHIPPED).headline == "status.shipped"
    assert tracking.progress_for(OS.BACKORDERED).headline == "status.backordered"
    assert tracking.progress_for(OS.CANCELLED).headline == "status.cancelled"


@pytest.mark.parametrize(
    "kind",
    ["order.placed", "status.packed", "shipment.created", "shipment.delayed",
     "return.requested", "refund.recorded", "status.delivered"],
)  # fmt: skip
def test_milestones_and_returns_are_customer_facing(kind: str) -> None:
    assert tracking.is_customer_facing(kind)


@pytest.mark.parametrize(
    "kind",
    ["stock.reserved", "fulfilment.error", "fulfilment.packed", "shopify.note",
     "shopify.total_mismatch", "return.line_inspected", "shipment.tracking", "message_sent",
     "order.imported", "agent.note", "status.shipped"],
)  # fmt: skip
def test_internal_and_unknown_kinds_stay_hidden(kind: str) -> None:
    assert not tracking.is_customer_facing(kind)


def test_every_customer_facing_kind_reads_in_every_language() -> None:
    for locale in tracking.LOCALES:
        t = tracking.Translator(locale, tracking.zone("UTC"))
        for kind in tracking.CUSTOMER_KINDS:
            assert t(f"timeline.{kind}") != f"timeline.{kind}", (locale, kind)


PROMISED = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("estimated", "delivered", "today", "verdict"),
    [
        (date(2026, 11, 19), None, date(2026, 11, 18), Punctuality.ON_TIME),
        (date(2026, 11, 23), None, date(2026, 11, 19), Punctuality.LATE),
        (date(2026, 11, 20), None, date(2026, 11, 21), Punctuality.LATE_NO_DATE),
        (date(2026, 11, 23), None, date(2026, 11, 24), Punctuality.LATE_NO_DATE),
        (None, date(2026, 11, 20), date(2026, 11, 25), Punctuality.DELIVERED_ON_TIME),
        (None, date(2026, 11, 21), date(2026, 11, 25), Punctuality.DELIVERED_LATE),
    ],
)
def test_punctuality_reads_the_promise_the_estimate_and_the_delivery(
    estimated: date | None, delivered: date | None, today: date, verdict: Punctuality
) -> None:
    got = tracking.punctuality(
        promised=PROMISED, estimated=estimated, delivered_on=delivered, today=today
    )
    assert got is verdict


def test_without_a_promise_there_is_no_verdict() -> None:
    got = tracking.punctuality(
        promised=None, estimated=date(2026, 12, 1), delivered_on=None, today=date(2026, 12, 5)
    )
    assert got is Punctuality.UNKNOWN


def test_a_contact_matches_by_email_ignoring_case_or_by_postal_code_ignoring_spaces() -> None:
    order = {"email": "Ana.Lima@example.com", "postal_code": "SW1A 1AA"}
    assert contact_matches(" ana.lima@EXAMPLE.com", **order)
    assert contact_matches("sw1a1aa", **order)
    assert contact_matches("SW1A-1AA", **order)
    assert not contact_matches("ana@example.com", **order)
    assert not contact_matches("SW1A 1AB", **order)
    assert not contact_matches("", **order)
    assert not contact_matches(" ", email="", postal_code="")
    assert not contact_matches("@", email="", postal_code="")


def test_return_quantities_keep_positive_whole_numbers_only() -> None:
    fields = [("qty-7", "2"), ("qty-8", "0"), ("qty-9", ""), ("reason", "damaged")]
    assert parse_return_quantities(fields) == {7: 2}
    for bad in ("-1", "1.5", "two", "²", "1" * 10):
        with pytest.raises(InvalidInput):
            parse_return_quantities([("qty-7", bad)])
    with pytest.raises(InvalidInput, match="at least one"):
        parse_return_quantities([("qty-7", "0")])
    with pytest.raises(InvalidInput):
        parse_return_quantities([("qty-x", "1")])


def test_a_link_opens_its_order_and_nothing_else_opens_any() -> None:
    link = tracking.link_for_order("s3cret", "https://shop.example/", 42)
    assert link.startswith("https://shop.example/t/")
    token = link.removeprefix("https://shop.example/t/")
    assert tracking.order_id_from_token("s3cret", token) == 42
    with pytest.raises(Forbidden):
        tracking.order_id_from_token("other", token)
    with pytest.raises(Forbidden):
        tracking.order_id_from_token(
            "s3cret", token.replace(token[5], "A" if token[5] != "A" else "B", 1)
        )


def test_the_return_form_token_belongs_to_one_link() -> None:
    first = tracking.token_for_order("s3cret", 1)
    second = tracking.token_for_order("s3cret", 2)
    form_token = tracking.return_form_token("s3cret", first)
    assert tracking.return_form_token_matches("s3cret", first, form_token)
    assert not tracking.return_form_token_matches("s3cret", second, form_token)
    assert not tracking.return_form_token_matches("s3cret", first, "")
    assert not tracking.return_form_token_matches("s3cret", first, "ü" * 64)


@pytest.mark.parametrize(
    ("preferences", "locale"),
    [
        (("de",), "de"),
        ((None, "de-AT"), "de"),
        (("pt",), "pt-BR"),
        (("PT_br",), "pt-BR"),
        (("xx", "fr-CA"), "fr"),
        (("", None, "ja"), "en"),
    ],
)
def test_the_page_language_is_the_first_supported_preference(
    preferences: tuple[str | None, ...], locale: str
) -> None:
    assert tracking.choose_locale(*preferences) == locale
