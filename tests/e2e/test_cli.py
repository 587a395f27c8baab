from __future__ import annotations

import os
import subprocess
from pathlib import Path

import sqlalchemy as sa

from opsdesk.kernel.db import make_engine, make_sessionmaker
from opsdesk.staff import resolve_token
from tests.support.clock import opsdesk_command


def run_cli(
    *args: str, data_dir: Path, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPSDESK_DATA_DIR": str(data_dir)}
    env.pop("OPSDESK_DATABASE_URL", None)
    return subprocess.run(
        opsdesk_command(*args),
        env=env,
        capture_output=True,
        text=True,
        input=input_text,
        timeout=120,
        check=False,
    )


def test_migrate_then_token_create_prints_only_a_working_token(tmp_path: Path) -> None:
    migrated = run_cli("migrate", data_dir=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    created = run_cli("token", "create", "--role", "admin", data_dir=tmp_path)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    assert "\n" not in token
    assert token.startswith("odk_")

    engine = make_engine(f"sqlite:///{tmp_path / 'opsdesk.sqlite3'}")
    with make_sessionmaker(engine)() as session:
        principal = resolve_token(session, token)
    engine.dispose()
    assert principal is not None
    assert principal.role.value == "admin"


def test_user_create_hashes_the_password_and_refuses_duplicates(tmp_path: Path) -> None:
    assert run_cli("migrate", data_dir=tmp_path).returncode == 0
    args = (
        "user",
        "create",
        "sam@example.com",
        "--name",
        "Sam",
        "--role",
        "agent",
        "--password",
        "correct-horse",
    )
    assert run_cli(*args, data_dir=tmp_path).returncode == 0
    again = run_cli(*args, data_dir=tmp_path)
    assert again.returncode == 1
    assert "exists" in again.stderr
    engine = make_engine(f"sqlite:///{tmp_path / 'opsdesk.sqlite3'}")
    with engine.connect() as conn:
        stored = conn.execute(sa.text("select password_hash from staff_users")).scalar_one()
    engine.dispose()
    assert stored.startswith("$argon2")


def test_help_and_bad_usage_exit_codes(tmp_path: Path) -> None:
    assert run_cli("--help", data_dir=tmp_path).returncode == 0
    assert run_cli("token", "create", "--role", "emperor", data_dir=tmp_path).returncode == 2
