"""A fake EasyPost API answering with EasyPost's documented shapes (API v2): a shipment
with its rates, a bought shipment with ``postage_label`` and ``tracker``, trackers, and
EasyPost's error body (``{"error": {"code", "message", "errors"}}``)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.support.fake_http import Answer, Call, serve

API_KEY = "EZTK_test_key"
RATES = (  # carrier, service, rate, delivery_days
    ("USPS", "GroundAdvantage", "5.10", 5),
    ("USPS", "Priority", "7.58", 2),
    ("USPS", "Express", "25.20", 1),
    ("UPS", "Ground", "9.35", 5),
)


def error(status: int, code: str, message: str, errors: list[Any] | None = None) -> Answer:
    return Answer(status, {"error": {"code": code, "message": message, "errors": errors or []}})


@dataclass
class FakeEasyPost:
    url: str = ""
    calls: list[Call] = field(default_factory=list)
    shipments: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Answers to give instead of the normal ones, first in first out (errors, slowness).
    queued: list[Answer] = field(default_factory=list)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def api_base(self) -> str:
        return f"{self.url}/v2"

    def answer(self, call: Call) -> Answer:
        if call.headers.get("authorization") != f"Bearer {API_KEY}":
            return error(401, "APIKEY.INACTIVE", "This api key is no longer active.")
        if self.queued:
            return self.queued.pop(0)
        parts = call.path.strip("/").split("/")
        if call.method == "POST" and parts == ["v2", "shipments"]:
            return self._create(call.body["shipment"])
        if call.method == "POST" and parts[:2] == ["v2", "shipments"] and parts[3:] == ["buy"]:
            return self._buy(parts[2], call.body)
        if call.method == "GET" and parts == ["v2", "shipments"]:
            return self._list(call.query)
        if call.method == "POST" and parts[:2] == ["v2", "shipments"] and parts[3:] == ["refund"]:
            return self._refund(parts[2])
        if call.method == "POST" and parts == ["v2", "trackers"]:
            return self._tracker(call.body["tracker"]["tracking_code"])
        return error(404, "NOT_FOUND", "The requested resource could not be found.")

    def _create(self, body: dict[str, Any]) -> Answer:
        weight = (body.get("parcel") or {}).get("weight")
        if not weight or weight <= 0:
            return error(422, "PARCEL.WEIGHT.INVALID", "Parcel weight must be greater than 0.")
        if not (body.get("to_address") or {}).get("country"):
            return error(422, "ADDRESS.COUNTRY.INVALID", "Invalid 'country', please provide a 2 character ISO country code.")  # fmt: skip
        n = next(self._ids)
        sid = f"shp_{n:032x}"
        rates = [
            {"id": f"rate_{n:04d}{i:028x}", "object": "Rate", "mode": "test", "carrier": c,
             "service": s, "rate": r, "currency": "USD", "retail_rate": r, "list_rate": r,
             "delivery_days": d, "delivery_date": None, "delivery_date_guaranteed": False,
             "est_delivery_days": d, "shipment_id": sid, "carrier_account_id": f"ca_{i:032x}"}
            for i, (c, s, r, d) in enumerate(RATES)
        ]  # fmt: skip
        shipment = {
            "id": sid, "object": "Shipment", "mode": "test", "reference": body.get("reference"),
            "status": "unknown", "to_address": body.get("to_address"),
            "from_address": body.get("from_address"), "parcel": body.get("parcel"),
            "options": body.get("options") or {}, "rates": rates, "selected_rate": None,
            "postage_label": None, "tracking_code": None, "tracker": None, "messages": [],
            "refund_status": None,
        }  # fmt: skip
        self.shipments[sid] = shipment
        return Answer(201, shipment)

    def _buy(self, sid: str, body: dict[str, Any]) -> Answer:
        shipment = self.shipments.get(sid)
        if shipment is None:
            return error(404, "SHIPMENT.NOT_FOUND", "The requested resource could not be found.")
        if shipment["postage_label"]:
            return error(422, "SHIPMENT.POSTAGE.EXISTS", "Postage already exists for this shipment.")  # fmt: skip
        rate_id = (body.get("rate") or {}).get("id")
        rate = next((r for r in shipment["rates"] if r["id"] == rate_id), None)
        if rate is None:
            return error(422, "SHIPMENT.RATE.INVALID", "Invalid rate, please select a valid rate.")  # fmt: skip
        code = f"9400{int(sid[4:], 16):018d}"
        shipment |= {
            "status": "unknown", "selected_rate": rate, "tracking_code": code,
            "postage_label": {
                "id": f"pl_{sid[4:]}", "object": "PostageLabel", "label_file_type": "image/png",
                "label_url": f"https://easypost-files.s3.us-west-2.amazonaws.com/files/postage_label/{sid}.png",
                "label_pdf_url": None, "label_size": "4x6",
            },
            "tracker": self._tracker_body(code, rate["carrier"], sid),
        }  # fmt: skip
        return Answer(200, shipment)

    def _list(self, query: dict[str, list[str]]) -> Answer:
        """``GET /shipments`` newest first; ``purchased=true`` keeps the bought ones."""
        found = list(reversed(self.shipments.values()))
        if query.get("purchased", [""])[0].lower() == "true":
            found = [s for s in found if s["postage_label"]]
        size = int(query.get("page_size", ["20"])[0])
        return Answer(200, {"shipments": found[:size], "has_more": len(found) > size})

    def _refund(self, sid: str) -> Answer:
        """EasyPost answers with the shipment, its ``refund_status`` "submitted"; a label
        not bought cannot be refunded."""
        shipment = self.shipments.get(sid)
        if shipment is None:
            return error(404, "SHIPMENT.NOT_FOUND", "The requested resource could not be found.")
        if not shipment["postage_label"]:
            return error(422, "SHIPMENT.REFUND.INVALID", "Shipment has no postage to refund.")  # fmt: skip
        shipment["refund_status"] = "submitted"
        return Answer(200, shipment)

    def _tracker_body(self, code: str, carrier: str, sid: str | None) -> dict[str, Any]:
        return {
            "id": f"trk_{code[-12:]}", "object": "Tracker", "mode": "test",
            "tracking_code": code, "status": "pre_transit", "carrier": carrier,
            "shipment_id": sid, "est_delivery_date": "2026-12-10T00:00:00Z",
            "public_url": f"https://track.easypost.com/djE6dHJrXz{code[-8:]}",
            "tracking_details": [
                {"object": "TrackingDetail", "message": "Shipping Label Created",
                 "status": "pre_transit", "status_detail": "label_created",
                 "datetime": "2026-12-07T09:17:17Z", "source": carrier,
                 "tracking_location": {"object": "TrackingLocation", "city": "HOUSTON",
                                       "state": "TX", "country": "US", "zip": "77063"}},
            ],
            "carrier_detail": None,
        }  # fmt: skip

    def _tracker(self, code: str) -> Answer:
        for shipment in self.shipments.values():
            if shipment["tracking_code"] == code:
                return Answer(201, shipment["tracker"])
        return error(422, "TRACKER.TRACKING_CODE.INVALID", f"Invalid tracking code {code}.")


@contextmanager
def running() -> Iterator[FakeEasyPost]:
    fake = FakeEasyPost()
    with serve(fake.answer, fake.calls) as url:
        fake.url = url
        yield fake
