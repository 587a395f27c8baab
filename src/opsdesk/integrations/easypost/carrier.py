"""EasyPost as a carrier: quotes, labels and trackers through the official client.

EasyPost's errors become the protocol's two kinds: a refusal (4xx: a bad address, no rate
for the service) that the caller must fix, shown as a 422 naming EasyPost's message; and
an outage (timeouts, 429, 5xx) worth retrying, shown as a 503. Nothing here is a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, TypeVar

import easypost
from easypost import errors as ep_errors

from opsdesk.integrations.easypost import rates as ep_rates
from opsdesk.integrations.easypost.parsing import parse_tracker
from opsdesk.kernel.db import utcnow
from opsdesk.shipping import (
    CarrierRefused,
    CarrierUnavailable,
    Label,
    LabelDocument,
    LabelRequest,
    Rate,
    ShipmentStatus,
    TrackingInfo,
    TrackingUpdate,
    UnknownTrackingNumberError,
    classify_lane,
    estimate_delivery,
)

T = TypeVar("T")
NAME = "easypost"
RETRYABLE = (
    ep_errors.TimeoutError,
    ep_errors.HttpError,
    ep_errors.RateLimitError,
    ep_errors.InternalServerError,
    ep_errors.ServiceUnavailableError,
    ep_errors.GatewayTimeoutError,
    ep_errors.JsonError,
)
FIND_PAGE = 100  # recent purchases searched for a reference
MEDIA_TYPES = {"PDF": "application/pdf", "PNG": "image/png", "ZPL": "application/zpl"}


def _call(action: Callable[[], T]) -> T:
    try:
        return action()
    except RETRYABLE as exc:
        raise CarrierUnavailable(f"EasyPost: {getattr(exc, 'message', '') or exc}") from exc
    except ep_errors.ApiError as exc:
        raise CarrierRefused(exc.message or type(exc).__name__) from exc


class EasyPostCarrier:
    def __init__(
        self, client: easypost.EasyPostClient, *, name: str = NAME, label_format: str = "PDF"
    ) -> None:
        self._client = client
        self._name = name
        self._label_format = label_format

    @classmethod
    def connect(
        cls, api_key: str, *, api_base: str = "https://api.easypost.com/v2", timeout: float = 20
    ) -> EasyPostCarrier:
        client = easypost.EasyPostClient(api_key, api_base=api_base, timeout=int(timeout))
        return cls(client)

    @property
    def name(self) -> str:
        return self._name

    def _quote(self, request: LabelRequest) -> tuple[Any, tuple[Rate, ...]]:
        params = ep_rates.shipment_params(request)
        params["options"] = {"label_format": self._label_format}
        shipment = _call(lambda: self._client.shipment.create(**params))
        found = [ep_rates.rate_of(r.to_dict()) for r in (shipment.get("rates") or [])]
        return shipment, tuple(sorted(found, key=lambda r: r.amount_minor))

    def rates(self, request: LabelRequest) -> tuple[Rate, ...]:
        return self._quote(request)[1]

    def create_label(self, request: LabelRequest) -> Label:
        shipment, quotes = self._quote(request)
        rate = ep_rates.pick(quotes, request.service_level, request.service)
        if rate is None:
            offered = ", ".join(f"{r.carrier} {r.service}" for r in quotes) or "none"
            wanted = request.service or f"a {request.service_level.value} service"
            raise CarrierRefused(f"no rate for {wanted}; offered: {offered}")
        bought = _call(lambda: self._client.shipment.buy(shipment.id, rate={"id": rate.rate_id}))
        return self._label(request, rate, bought.to_dict())

    def find_label(self, reference: str) -> Label | None:
        """The bought shipment EasyPost keeps under our ``reference`` (its list of recent
        purchased shipments, newest first), or None when it sold none."""
        found = _call(lambda: self._client.shipment.all(page_size=FIND_PAGE, purchased="true"))
        for raw in found.get("shipments") or []:
            shipment = raw.to_dict() if hasattr(raw, "to_dict") else dict(raw)
            if shipment.get("reference") == reference and shipment.get("tracking_code"):
                return self._found_label(shipment)
        return None

    def _found_label(self, shipment: Mapping[str, Any]) -> Label:
        rate = ep_rates.rate_of(shipment.get("selected_rate") or {})
        origin = ep_rates.place_of(shipment.get("from_address") or {})
        destination = ep_rates.place_of(shipment.get("to_address") or {})
        request = LabelRequest(
            str(shipment.get("reference") or ""), rate.service_level, origin, destination,
            ship_at=utcnow(),
        )  # fmt: skip
        return self._label(request, rate, shipment)

    def void_label(self, label: Label) -> str:
        """Refund the EasyPost shipment (``POST /shipments/:id/refund``): its
        ``refund_status`` is "submitted" or "refunded"; "rejected" and "not_applicable"
        (bill-on-scan carriers) are refusals someone must look at."""
        if not label.carrier_reference:
            raise CarrierRefused(f"{label.tracking_number} has no EasyPost shipment id")
        refunded = _call(lambda: self._client.shipment.refund(label.carrier_reference))
        status = str(refunded.get("refund_status") or "")
        if status not in ("submitted", "refunded"):
            raise CarrierRefused(f"EasyPost refund {status or 'unknown'}")
        return status

    def _label(self, request: LabelRequest, rate: Rate, bought: Mapping[str, Any]) -> Label:
        postage = bought.get("postage_label") or {}
        tracker = bought.get("tracker") or {}
        number = str(bought.get("tracking_code") or "")
        if not number:
            raise CarrierUnavailable("EasyPost bought the label but sent no tracking code")
        ship_day = request.ship_at.date()
        lane = classify_lane(request.origin, request.destination)
        estimate = estimate_delivery(ship_day, lane, rate.service_level)
        if rate.delivery_days:
            estimate = ship_day + timedelta(days=rate.delivery_days)
        file_type = str(postage.get("label_file_type") or "").split("/")[-1].upper()
        return Label(
            carrier=self.name,
            tracking_number=number,
            tracking_url=str(tracker.get("public_url") or ""),
            service_level=rate.service_level,
            lane=lane,
            estimated_delivery_date=estimate,
            document=LabelDocument(
                media_type=MEDIA_TYPES.get(file_type, "application/pdf"),
                url=str(postage.get("label_url") or ""),
            ),
            rate=rate,
            carrier_reference=str(bought.get("id") or ""),
        )

    def track(self, tracking_number: str) -> TrackingInfo:
        """The tracker's scans (EasyPost returns the existing tracker for a known code)."""
        try:
            raw = self._client.tracker.create(tracking_code=tracking_number)
        except RETRYABLE as exc:
            raise CarrierUnavailable(f"EasyPost: {getattr(exc, 'message', '') or exc}") from exc
        except ep_errors.ApiError as exc:  # 404/422: EasyPost does not know the code
            raise UnknownTrackingNumberError(tracking_number) from exc
        update = parse_tracker(raw.to_dict())
        events = tuple(
            TrackingUpdate(
                d.occurred_at,
                ShipmentStatus(d.status) if d.status else None,
                d.description,
                d.location,
                d.code,
            )
            for d in update.details
        )
        status = ShipmentStatus(update.status) if update.status else ShipmentStatus.IN_TRANSIT
        return TrackingInfo(tracking_number, status, update.estimated_delivery_date, events)
