"""Tracking numbers of the simulated carriers, each in its carrier's own look.

A number carries everything the simulator needs to replay the parcel's journey in any
process: service level, lane, hand-over minute and a serial. The demo's carriers wrap
that body in their real-world prefixes (DHL's ``00340434``, UPS's ``1Z``, Correios'
``QB…BR``) so a shipment from the packing station looks like the seeded ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from opsdesk.shipping.carriers.base import Lane, ServiceLevel, UnknownTrackingNumberError

_LETTER_SERVICE = {ServiceLevel.ECONOMY: "E", ServiceLevel.STANDARD: "S", ServiceLevel.EXPRESS: "X"}
_LETTER_LANE = {Lane.SAME_REGION: "S", Lane.NEIGHBOURING: "N", Lane.FAR: "F"}
_DIGIT_SERVICE = {ServiceLevel.ECONOMY: "1", ServiceLevel.STANDARD: "2", ServiceLevel.EXPRESS: "3"}
_DIGIT_LANE = {Lane.SAME_REGION: "1", Lane.NEIGHBOURING: "2", Lane.FAR: "3"}
_STAMP = "%Y%m%d%H%M"
_BODY_LENGTH = 2 + 12 + 6  # service, lane, stamp, serial


@dataclass(frozen=True)
class TrackingFormat:
    """``prefix`` + body + ``suffix``; ``digits`` bodies use only 0-9 (most carriers do)."""

    prefix: str
    suffix: str = ""
    digits: bool = True
    tracking_url: str = ""  # the public tracking page; the number is appended

    def encode(self, level: ServiceLevel, lane: Lane, ship_at: datetime, digest: str) -> str:
        codes = (_DIGIT_SERVICE, _DIGIT_LANE) if self.digits else (_LETTER_SERVICE, _LETTER_LANE)
        serial = f"{int(digest[:8], 16) % 1_000_000:06d}" if self.digits else digest[:6].upper()
        stamp = ship_at.astimezone(UTC).strftime(_STAMP)
        return f"{self.prefix}{codes[0][level]}{codes[1][lane]}{stamp}{serial}{self.suffix}"

    def decode(self, number: str) -> tuple[ServiceLevel, Lane, datetime]:
        """Service level, lane and hand-over time; :class:`UnknownTrackingNumberError` if
        the number is not one of this format (a seeded demo number, another carrier's)."""
        body = number[len(self.prefix) : len(number) - len(self.suffix)]
        shaped = number.startswith(self.prefix) and number.endswith(self.suffix)
        services, lanes = (
            (_DIGIT_SERVICE, _DIGIT_LANE) if self.digits else (_LETTER_SERVICE, _LETTER_LANE)
        )
        try:
            if not shaped or len(body) != _BODY_LENGTH:
                raise ValueError(number)
            level = {code: value for value, code in services.items()}[body[0]]
            lane = {code: value for value, code in lanes.items()}[body[1]]
            ship_at = datetime.strptime(body[2:14], _STAMP).replace(tzinfo=UTC)
        except (KeyError, ValueError) as exc:
            raise UnknownTrackingNumberError(number) from exc
        return level, lane, ship_at


SIMULATED = TrackingFormat("SIM", digits=False)

# The demo's carriers (see opsdesk.demo.reference): each its own look and tracking page.
DEMO_FORMATS: dict[str, TrackingFormat] = {
    "DHL": TrackingFormat(
        "00340434",
        tracking_url="https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=",
    ),
    "DPD": TrackingFormat("0150", tracking_url="https://tracking.dpd.de/status/en_US/parcel/"),
    "GLS": TrackingFormat("4", tracking_url="https://gls-group.com/track/"),
    "UPS": TrackingFormat("1Z", tracking_url="https://www.ups.com/track?tracknum="),
    "SEUR": TrackingFormat(
        "SE", tracking_url="https://www.seur.com/livetracking/?segOnlineIdentificador="
    ),
    "Correios": TrackingFormat(
        "QB", "BR", tracking_url="https://rastreamento.correios.com.br/app/index.php?objeto="
    ),
    "Jadlog": TrackingFormat("10", tracking_url="https://www.jadlog.com.br/tracking?cte="),
}
