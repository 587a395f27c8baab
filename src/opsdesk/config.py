"""One typed settings object, read once by the composition root (app or CLI)."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
STORE_HOURS = {day: ["08:00-18:00"] for day in WEEKDAYS[:5]} | {"sat": ["09:00-13:00"]}


class Settings(BaseSettings):
    """Everything OpsDesk reads from its environment (prefix ``OPSDESK_``)."""

    model_config = SettingsConfigDict(env_prefix="OPSDESK_", env_file=None, extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="Where the embedded database lives.")
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL; empty means an SQLite file under data_dir. "
        "Production: postgresql+psycopg://user:pass@host/db",
    )
    database_pool_size: int = 10
    database_echo: bool = False
    secret_key: str = Field(
        default="",
        description="Signs session cookies and customer links: at least 32 random characters, "
        "the same for every web process and worker. Empty: `opsdesk serve` on a loopback "
        "address generates one into data_dir/secret_key; on any other address it refuses "
        "to start.",
    )
    secure_cookies: bool = Field(
        default=False,
        description="Send the session cookie over HTTPS only, and Strict-Transport-Security "
        "with every answer (set behind TLS).",
    )
    shopify_webhook_secret: str = Field(
        default="", description="Shared secret of Shopify webhooks."
    )
    carrier_webhook_secret: str = Field(
        default="",
        description="Shared secret of carrier tracking webhooks (EasyPost's webhook secret); "
        "without it they are refused.",
    )
    allow_unsigned_carrier_webhooks: bool = Field(
        default=False,
        description="Local development only: accept unsigned carrier webhooks when no secret "
        "is set (anyone could then mark parcels delivered). Logged at start-up.",
    )
    carrier_routes: dict[str, str] = Field(
        default_factory=dict,
        description='Which carrier a parcel takes, as JSON: {"LEJ:express": "UPS", "LEJ": '
        '"DHL", "*": "simulated"} (warehouse code and service level, warehouse, "*:level", '
        '"*"; most specific wins). See docs/carriers.md.',
    )
    easypost_api_key: str = Field(
        default="", description="EasyPost API key; set, it adds the 'easypost' carrier."
    )
    easypost_api_base: str = Field(
        default="https://api.easypost.com/v2", description="EasyPost's API root (tests: a fake)."
    )
    easypost_timeout_seconds: float = Field(default=20.0, gt=0, le=120)
    shopify_shop_domain: str = Field(
        default="",
        description="The shop whose orders get fulfilments, cancellations and refunds synced "
        "back (example.myshopify.com). Empty: no sync-back.",
    )
    shopify_access_token: str = Field(
        default="", description="Admin API access token of the shop's custom app (no default)."
    )
    shopify_api_version: str = Field(
        default="2025-10", pattern=r"^\d{4}-\d{2}$", description="Pinned Admin API version."
    )
    store_name: str = "OpsDesk Demo Store"
    default_locale: str = "en"
    default_timezone: str = "Europe/Berlin"
    business_hours: dict[str, list[str]] = Field(
        default_factory=lambda: {day: list(spans) for day, spans in STORE_HOURS.items()},
        description="When the store's team is at work, on the clock of default_timezone, as "
        'JSON: {"mon": ["08:00-18:00"], "sat": ["09:00-13:00"]} (a missing day is closed). '
        "Chats handed to a person count their SLA by these hours.",
    )
    default_currency: str = "EUR"
    allocation_strategy: str = Field(
        default="priority", description="priority | nearest | fewest_shipments"
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Where customers reach OpsDesk (links in e-mails, tracking pages).",
    )
    smtp_host: str = Field(
        default="", description="SMTP relay for e-mail; empty writes .eml files to data_dir/mail."
    )
    smtp_port: int = 587
    smtp_security: str = Field(default="starttls", description="none | starttls | tls")
    smtp_username: str = ""
    smtp_password: str = ""
    mail_from: str = "shop@example.com"
    mail_from_name: str = ""
    notification_register: str = Field(
        default="formal", description="formal | informal address in languages that have both."
    )
    notification_webhook_url: str = Field(
        default="", description="If set, every message is also posted here as signed JSON."
    )
    notification_webhook_secret: str = ""
    plugins: str = Field(
        default="",
        description="Comma-separated modules with extra worker handlers (AFTER_COMMIT, JOBS).",
    )
    chat_allowed_origins: str = Field(
        default="",
        description="Comma-separated origins (https://shop.example.com) whose pages may call "
        "the chat API: the shop that embeds the chat widget, when it is not on OpsDesk's origin.",
    )
    max_body_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="Largest request body any endpoint accepts unless it has its own limit "
        "below (larger: 413, refused before it is read).",
    )
    max_webhook_body_bytes: int = Field(
        default=2 * 1024 * 1024,
        ge=1024,
        description="Largest body of a Shopify or carrier webhook (a very large order).",
    )
    max_inbound_email_bytes: int = Field(
        default=25 * 1024 * 1024,
        ge=1024,
        description="Largest e-mail taken by POST /api/v1/inbound/email and "
        "`opsdesk smtp-inbound`, attachments included.",
    )
    embedded_worker: bool | None = Field(
        default=None,
        description="Run the worker inside the web process; default: on for SQLite, off otherwise.",
    )
    worker_batch_size: int = 50
    worker_poll_seconds: float = 1.0
    worker_lease_seconds: int = 60
    host: str = "127.0.0.1"
    port: int = 8000
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses (or CIDR ranges) of reverse proxies whose "
        "X-Forwarded-For / X-Forwarded-Proto are believed; empty: none, so a client cannot "
        "choose the address rate limits count it under.",
    )
    check_migrations: bool = Field(
        default=True, description="Refuse to start when the database is not at the latest revision."
    )
    # Observability and event feeds (docs/observability.md, docs/webhooks.md).
    metrics_token: str = Field(
        default="",
        description="Bearer token Prometheus sends to GET /metrics; empty: /metrics answers 404.",
    )
    metrics_dir: Path | None = Field(
        default=None,
        description="Directory where several processes sum their metrics (emptied by `opsdesk "
        "serve`); default with --workers > 1: data_dir/metrics.",
    )
    log_format: Literal["json", "text"] = Field(
        default="json", description="Log lines of `serve` and `worker`: json, or text for people."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    broker_url: str = Field(
        default="",
        description="AMQP URL (amqp://user:pass@host:5672/vhost): also publish the webhook "
        "events to RabbitMQ; empty: no broker.",
    )
    broker_exchange: str = Field(default="opsdesk.events", description="Topic exchange name.")
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)

    @field_validator("business_hours")
    @classmethod
    def _opening_hours(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for day, spans in value.items():
            if day not in WEEKDAYS:
                raise ValueError(f"unknown weekday {day!r}: use {', '.join(WEEKDAYS)}")
            for span in spans:
                opens, dash, closes = span.partition("-")
                try:
                    time.fromisoformat(opens.strip())
                    time.fromisoformat(closes.strip())
                except ValueError:
                    dash = ""
                if not dash:
                    raise ValueError(f"{day}: expected hours like 08:00-18:00, got {span!r}")
        return value

    def plugin_modules(self) -> list[str]:
        return [name.strip() for name in self.plugins.split(",") if name.strip()]

    def chat_origins(self) -> list[str]:
        """``chat_allowed_origins`` as a list, each without a trailing slash."""
        parts = (origin.strip().rstrip("/") for origin in self.chat_allowed_origins.split(","))
        return [origin for origin in parts if origin]

    def runs_embedded_worker(self) -> bool:
        if self.embedded_worker is not None:
            return self.embedded_worker
        return self.resolved_database_url().startswith("sqlite")

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'opsdesk.sqlite3').resolve()}"
