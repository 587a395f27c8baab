"""The key that signs session cookies and customer links: never a known default.

Order of preference: ``OPSDESK_SECRET_KEY``; else the key stored in the data directory
(``DATA_DIR/secret_key``, written once, readable by its owner only). ``opsdesk serve``
and ``opsdesk demo`` on a loopback address generate and store that key when there is none;
on any other address they refuse to start without a real key (at least 32 characters),
because a guessable key lets anyone forge a staff session or a customer's tracking link.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import secrets
from pathlib import Path

from opsdesk.config import Settings

FILE_NAME = "secret_key"
MIN_LENGTH = 32
# Values people paste from examples; refused everywhere, loopback included.
KNOWN_WEAK = frozenset({"dev-insecure-change-me", "change-me", "changeme", "secret", "opsdesk"})

log = logging.getLogger("opsdesk.secret_key")


class SecretKeyRefused(RuntimeError):
    """The configured key (or its absence) is not safe where the app would listen."""


def is_loopback(host: str) -> bool:
    if host.strip().lower() in {"localhost", "ip6-localhost"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def stored_key_path(settings: Settings) -> Path:
    return settings.data_dir / FILE_NAME


def with_stored_key(settings: Settings) -> Settings:
    """``settings`` with the key from the environment, else from the data directory."""
    if settings.secret_key:
        return settings
    path = stored_key_path(settings)
    if path.is_file():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return settings.model_copy(update={"secret_key": key})
    return settings


def for_listening(settings: Settings, host: str) -> Settings:
    """The settings to serve with on ``host``, or SecretKeyRefused saying what to do."""
    settings = with_stored_key(settings)
    key = settings.secret_key
    if key.strip().lower() in KNOWN_WEAK:
        raise SecretKeyRefused(
            "OPSDESK_SECRET_KEY is a well-known example value; set a random one, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
        )
    if is_loopback(host):
        return settings if key else _generated(settings)
    if not key:
        raise SecretKeyRefused(
            f"refusing to listen on {host} without OPSDESK_SECRET_KEY: it signs staff "
            "sessions and customer links. Set a random value of at least "
            f"{MIN_LENGTH} characters (every web process and worker needs the same one)."
        )
    if len(key) < MIN_LENGTH:
        raise SecretKeyRefused(
            f"OPSDESK_SECRET_KEY is {len(key)} characters; use at least {MIN_LENGTH} "
            f"random characters before listening on {host}"
        )
    return settings


def for_background(settings: Settings) -> Settings:
    """The worker signs links in e-mails: it needs the web's key, and never invents one."""
    settings = with_stored_key(settings)
    if not settings.secret_key:
        raise SecretKeyRefused(
            "no secret key: set OPSDESK_SECRET_KEY to the web processes' value (or start "
            "`opsdesk serve` once on this data directory to generate one for local use)"
        )
    return settings


def _generated(settings: Settings) -> Settings:
    """Create the data directory's key once (racing processes all end up with one key)."""
    path = stored_key_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return with_stored_key(settings)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    log.warning("generated a secret key for local use in %s", path)
    return settings.model_copy(update={"secret_key": key})


def ephemeral(settings: Settings) -> Settings:
    """A random key for this process only (tests, benchmarks): nothing it signs outlives it."""
    settings = with_stored_key(settings)
    if settings.secret_key:
        return settings
    return settings.model_copy(update={"secret_key": secrets.token_urlsafe(48)})
