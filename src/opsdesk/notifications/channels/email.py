"""E-mail over SMTP (STARTTLS or TLS, optional login), and a file drop for the demo."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path

from opsdesk.notifications.channels import Outgoing, PermanentFailure


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 587
    security: str = "starttls"  # none | starttls | tls
    username: str = ""
    password: str = ""
    sender: str = "shop@example.com"
    sender_name: str = ""
    timeout: float = 20.0


def build_email(config: SmtpConfig, message: Outgoing) -> EmailMessage:
    email = EmailMessage()
    email["From"] = formataddr((config.sender_name, config.sender))
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    for name, value in message.headers.items():
        email[name] = value
    email.set_content(message.text)
    if message.html:
        email.add_alternative(message.html, subtype="html")
    for file in message.attachments:
        maintype, _, subtype = file.content_type.partition("/")
        email.add_attachment(
            file.data, maintype=maintype, subtype=subtype or "octet-stream", filename=file.filename
        )
    return email


class SmtpChannel:
    name = "email"

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config

    def send(self, message: Outgoing) -> None:
        email = build_email(self.config, message)
        try:
            with self._connect() as smtp:
                smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentFailure(f"recipient refused: {message.recipient}") from exc

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        if c.security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                c.host, c.port, timeout=c.timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(c.host, c.port, timeout=c.timeout)
            if c.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if c.username:
            smtp.login(c.username, c.password)
        return smtp


class MailDropChannel:
    """Writes each e-mail as an .eml file: the embedded default when no SMTP host is set."""

    name = "email"

    def __init__(self, folder: Path, config: SmtpConfig) -> None:
        self.folder = folder
        self.config = config

    def send(self, message: Outgoing) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        safe = "".join(ch if ch.isalnum() else "_" for ch in message.message_id)
        (self.folder / f"{safe}.eml").write_bytes(bytes(build_email(self.config, message)))
