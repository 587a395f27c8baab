"""A built-in fake for channels we do not ship yet (SMS, push): it keeps what was sent."""

from __future__ import annotations

from opsdesk.notifications.channels import Outgoing, PermanentFailure


class FakeSmsChannel:
    name = "sms"

    def __init__(self) -> None:
        self.sent: list[Outgoing] = []

    def send(self, message: Outgoing) -> None:
        digits = message.recipient.replace(" ", "").removeprefix("+")
        if not digits.isdigit() or len(digits) < 6:
            raise PermanentFailure(f"not a phone number: {message.recipient!r}")
        self.sent.append(message)
