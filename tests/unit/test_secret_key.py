"""No known default key: loopback serving generates one, anything else needs a real one."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from opsdesk import secret_key
from opsdesk.config import Settings


def _settings(tmp_path: Path, key: str = "") -> Settings:
    return Settings(data_dir=tmp_path, secret_key=key)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.0.1", True), ("::1", True), ("[::1]", True),
     ("localhost", True), ("0.0.0.0", False), ("::", False), ("192.168.1.5", False),
     ("shop.example.com", False)],
)  # fmt: skip
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert secret_key.is_loopback(host) is loopback


def test_there_is_no_default_key() -> None:
    assert Settings().secret_key == ""


def test_loopback_serving_generates_a_private_key_once(tmp_path: Path) -> None:
    first = secret_key.for_listening(_settings(tmp_path), "127.0.0.1")
    again = secret_key.for_listening(_settings(tmp_path), "localhost")
    assert len(first.secret_key) >= secret_key.MIN_LENGTH
    assert again.secret_key == first.secret_key
    stored = tmp_path / secret_key.FILE_NAME
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    # the worker and other processes on this data directory read the same key
    assert secret_key.for_background(_settings(tmp_path)).secret_key == first.secret_key


@pytest.mark.parametrize("host", ["0.0.0.0", "203.0.113.7"])
def test_any_other_address_refuses_to_start_without_a_key(tmp_path: Path, host: str) -> None:
    with pytest.raises(secret_key.SecretKeyRefused, match="without OPSDESK_SECRET_KEY"):
        secret_key.for_listening(_settings(tmp_path), host)
    assert not (tmp_path / secret_key.FILE_NAME).exists()  # and invents none


def test_a_short_key_is_refused_off_loopback_and_a_long_one_is_kept(tmp_path: Path) -> None:
    with pytest.raises(secret_key.SecretKeyRefused, match="at least 32"):
        secret_key.for_listening(_settings(tmp_path, "short-key"), "0.0.0.0")
    strong = "x" * 40
    assert secret_key.for_listening(_settings(tmp_path, strong), "0.0.0.0").secret_key == strong


def test_example_values_are_refused_everywhere(tmp_path: Path) -> None:
    for host in ("127.0.0.1", "0.0.0.0"):
        with pytest.raises(secret_key.SecretKeyRefused, match="well-known"):
            secret_key.for_listening(_settings(tmp_path, "dev-insecure-change-me"), host)


def test_a_worker_never_invents_a_key(tmp_path: Path) -> None:
    with pytest.raises(secret_key.SecretKeyRefused, match="no secret key"):
        secret_key.for_background(_settings(tmp_path))
