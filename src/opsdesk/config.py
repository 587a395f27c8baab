"""One typed settings object, read once by the composition root (app or CLI)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
        default="dev-insecure-change-me",
        description="Signs session cookies and customer links. Set it in production.",
    )
    shopify_webhook_secret: str = Field(
        default="", description="Shared secret of Shopify webhooks."
    )
    carrier_webhook_secret: str = Field(
        default="", description="Optional shared secret for carrier tracking webhooks."
    )
    store_name: str = "OpsDesk Demo Store"
    default_locale: str = "en"
    default_timezone: str = "Europe/Berlin"
    default_currency: str = "EUR"
    allocation_strategy: str = Field(
        default="priority", description="priority | nearest | fewest_shipments"
    )
    host: str = "127.0.0.1"
    port: int = 8000
    check_migrations: bool = Field(
        default=True, description="Refuse to start when the database is not at the latest revision."
    )

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'opsdesk.sqlite3').resolve()}"
