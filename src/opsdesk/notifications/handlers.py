"""Worker wiring: deliver queued messages after commit, and those held by quiet hours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlparse

from sqlalchemy.orm import Session

from opsdesk.config import Settings
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.schedule import Job
from opsdesk.notifications import service
from opsdesk.notifications.channels import Channel
from opsdesk.notifications.channels.email import MailDropChannel, SmtpChannel, SmtpConfig
from opsdesk.notifications.channels.fake import FakeSmsChannel
from opsdesk.notifications.channels.webhook import WebhookChannel
from opsdesk.notifications.rendering import Register


def smtp_config(settings: Settings) -> SmtpConfig:
    return SmtpConfig(
        host=settings.smtp_host,
        port=settings.smtp_port,
        security=settings.smtp_security,
        username=settings.smtp_username,
        password=settings.smtp_password,
        sender=settings.mail_from,
        sender_name=settings.mail_from_name or settings.store_name,
    )


def build_channels(settings: Settings) -> dict[str, Channel]:
    config = smtp_config(settings)
    email: Channel = (
        SmtpChannel(config)
        if settings.smtp_host
        else MailDropChannel(settings.data_dir / "mail", config)
    )
    channels: dict[str, Channel] = {"email": email, "sms": FakeSmsChannel()}
    if settings.notification_webhook_url:
        channels["webhook"] = WebhookChannel(
            settings.notification_webhook_url, settings.notification_webhook_secret
        )
    return channels


def store_voice(settings: Settings) -> service.StoreVoice:
    return service.StoreVoice(
        store_name=settings.store_name,
        default_locale=settings.default_locale,
        register=Register(settings.notification_register),
        mail_domain=urlparse(settings.public_url).hostname or "opsdesk.local",
    )


def after_commit(settings: Settings) -> dict[str, list[Callable[[Session, OutboxEvent], None]]]:
    channels = build_channels(settings)

    def deliver_message(session: Session, event: OutboxEvent) -> None:
        service.deliver(session, int(event.payload["message_id"]), channels)

    return {"NotificationQueued": [deliver_message]}


def jobs(settings: Settings) -> list[Job]:
    channels = build_channels(settings)

    def deliver_due(session: Session, now: datetime) -> None:
        for message_id in service.due_message_ids(session, now):
            service.deliver(session, message_id, channels, now)

    return [Job("notifications.deliver_due", timedelta(minutes=1), deliver_due)]
