"""Staff users and API tokens."""

from __future__ import annotations

import sys

import typer

from opsdesk import staff
from opsdesk.cli.base import app, console, emit_json, transaction
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.http import Role

user_app = typer.Typer(help="Manage staff users.", no_args_is_help=True)
token_app = typer.Typer(help="Manage API tokens.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")


@user_app.command("create")
def user_create(
    email: str = typer.Argument(..., help="Login e-mail."),
    name: str = typer.Option(..., help="Display name."),
    role: Role = typer.Option(Role.AGENT, help="admin, operations, lead or agent."),
    password: str = typer.Option(
        None, help="Password (prompted when omitted).", prompt=True, hide_input=True
    ),
) -> None:
    """Create a staff user who can log in to the workspace."""
    with transaction() as session:
        user = staff.create_user(session, email=email, name=name, role=role, password=password)
        console.print(f"created {user.role.value} {user.email} (id {user.id})")


@token_app.command("create")
def token_create(
    role: Role = typer.Option(..., help="admin, operations, lead or agent."),
    name: str = typer.Option("cli", help="What the token is for."),
) -> None:
    """Create an API token and print it alone on stdout."""
    with transaction() as session:
        _token, plain = staff.create_token(session, name=name, role=role)
    sys.stdout.write(plain + "\n")


staff_app = typer.Typer(
    help="Staff accounts and their access: list, deactivate, reset passwords, tokens.",
    no_args_is_help=True,
)
staff_tokens_app = typer.Typer(help="List and revoke API tokens.", no_args_is_help=True)
app.add_typer(staff_app, name="staff")
staff_app.add_typer(staff_tokens_app, name="tokens")
WHO = typer.Argument(..., help="The user's login e-mail or id.")
JSON = typer.Option(False, "--json", help="Print JSON for scripts.")


@staff_app.command("list")
def staff_list(json_output: bool = JSON) -> None:
    """Every staff account: role, whether it may log in, whether it must change its password."""
    with transaction() as session:
        rows = [
            {"id": u.id, "email": u.email, "name": u.name, "role": u.role.value,
             "active": u.active, "must_change_password": u.must_change_password}
            for u in staff.accounts.list_users(session)
        ]  # fmt: skip
    if json_output:
        emit_json(rows)
        return
    for r in rows:
        state = "active" if r["active"] else "deactivated"
        sys.stdout.write(f"{r['id']:>5}  {r['email']:<40} {r['role']:<10} {state}\n")


@staff_app.command("deactivate")
def staff_deactivate(who: str = WHO) -> None:
    """Lock an account out: it cannot log in, its sessions end, its API tokens are revoked."""
    with transaction() as session:
        user = staff.accounts.find_user(session, who)
        staff.accounts.deactivate(session, user.id, utcnow())
        console.print(f"deactivated {user.email}: sessions ended, API tokens revoked")


@staff_app.command("reactivate")
def staff_reactivate(who: str = WHO) -> None:
    """Let a deactivated account log in again (its old sessions and tokens stay revoked)."""
    with transaction() as session:
        user = staff.accounts.find_user(session, who)
        staff.accounts.reactivate(session, user.id)
        console.print(f"reactivated {user.email}")


@staff_app.command("reset-password")
def staff_reset_password(
    who: str = WHO,
    password: str = typer.Option(
        ...,
        help="A temporary password (prompted when omitted); the user must change it.",
        prompt="Temporary password",
        hide_input=True,
        confirmation_prompt=True,
    ),
) -> None:
    """Set a temporary password; the account is logged out everywhere and its tokens revoked."""
    with transaction() as session:
        user = staff.accounts.find_user(session, who)
        staff.accounts.reset_password(session, user.id, password, utcnow())
        console.print(f"{user.email} must choose a new password at the next login")


@staff_tokens_app.command("list")
def staff_tokens_list(
    who: str = typer.Option(None, "--user", help="Only this user's tokens (e-mail or id)."),
    json_output: bool = JSON,
) -> None:
    """API tokens without their secrets: id, first characters, role, holder, state."""
    with transaction() as session:
        user_id = staff.accounts.find_user(session, who).id if who else None
        rows = [
            {"id": t.id, "name": t.name, "prefix": t.prefix, "role": t.role.value,
             "user_id": t.user_id, "created_at": t.created_at.isoformat(),
             "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None}
            for t in staff.accounts.list_tokens(session, user_id=user_id)
        ]  # fmt: skip
    if json_output:
        emit_json(rows)
        return
    for r in rows:
        state = "revoked" if r["revoked_at"] else "live"
        sys.stdout.write(f"{r['id']:>5}  {r['prefix']}…  {r['role']:<10} {state:<8} {r['name']}\n")


@staff_tokens_app.command("revoke")
def staff_tokens_revoke(token_id: int = typer.Argument(..., help="The token's id.")) -> None:
    """Revoke an API token. Other running web processes may admit it for up to 5 s more."""
    with transaction() as session:
        staff.revoke_token(session, token_id)
        console.print(f"revoked token #{token_id}")
