from __future__ import annotations

from datetime import UTC, date, datetime

from opsdesk.shipping import ShipmentStatus as S
from opsdesk.shipping import TrackingUpdate
from opsdesk.shipping.policy import became_delayed, is_late, next_status, timeline_summary

PROMISED = date(2026, 11, 20)
AT = datetime(2026, 11, 18, 8, tzinfo=UTC)


def test_lateness_counts_delivery_estimate_and_a_passed_promise() -> None:
    assert is_late(
        promised=PROMISED, estimated=None, delivered_on=date(2026, 11, 21), today=PROMISED
    )
    assert not is_late(
        promised=PROMISED, estimated=None, delivered_on=PROMISED, today=date(2026, 12, 1)
    )
    assert is_late(
        promised=PROMISED, estimated=date(2026, 11, 23), delivered_on=None, today=AT.date()
    )
    assert is_late(
        promised=PROMISED, estimated=PROMISED, delivered_on=None, today=date(2026, 11, 21)
    )
    assert not is_late(promised=None, estimated=None, delivered_on=None, today=date(2030, 1, 1))


def test_final_statuses_stick() -> None:
    assert next_status(S.DELIVERED, S.IN_TRANSIT) is S.DELIVERED
    assert next_status(S.EXCEPTION, S.IN_TRANSIT) is S.IN_TRANSIT
    assert next_status(S.IN_TRANSIT, None) is S.IN_TRANSIT


def test_a_delay_is_reported_only_when_the_estimate_first_passes_the_promise() -> None:
    assert became_delayed(PROMISED, date(2026, 11, 19), date(2026, 11, 23))
    assert not became_delayed(PROMISED, date(2026, 11, 23), date(2026, 11, 24))
    assert not became_delayed(PROMISED, None, PROMISED)


def test_scans_read_as_sentences_on_the_timeline() -> None:
    def line(status: S | None, text: str, where: str = "") -> str | None:
        return timeline_summary(TrackingUpdate(AT, status, text, where))

    assert line(S.IN_TRANSIT, "Arrived at sorting hub", "Hamburg hub") == "In transit — Hamburg hub"
    assert line(S.EXCEPTION, "Damaged") == "Carrier exception: damaged"
    assert line(S.DELIVERED, "Delivered", "Berlin") == "Delivered"
    assert line(None, "Information received") is None


def test_the_same_scan_has_the_same_fingerprint_whatever_the_case() -> None:
    one = TrackingUpdate(AT, S.IN_TRANSIT, "Arrived", "Hamburg hub")
    two = TrackingUpdate(AT, S.IN_TRANSIT, "ARRIVED", "hamburg hub ")
    assert one.fingerprint() == two.fingerprint()
    assert (
        one.fingerprint() != TrackingUpdate(AT, S.DELIVERED, "Arrived", "Hamburg hub").fingerprint()
    )
