"""Staff users and API tokens."""

from __future__ import annotations

import sys

import typer

from opsdesk import staff
from opsdesk.cli.base import app, console, transaction
from opsdesk.kernel.http import Role

user_app = typer.Typer(help="Manage staff users.", no_args_is_help=True)
token_app = typer.Typer(help="Manage API tokens.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")


@user_app.command("create")
def user_create(
    email: str = typer.Argument(..., help="Login e-mail."),
    name: str = typer.Option(..., help="Display name."),
    role: Role = typer.Option(Role.AGENT, help="admin, operations or agent."),
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
    role: Role = typer.Option(..., help="admin, operations or agent."),
    name: str = typer.Option("cli", help="What the token is for."),
) -> None:
    """Create an API token and print it alone on stdout."""
    with transaction() as session:
        _token, plain = staff.create_token(session, name=name, role=role)
    sys.stdout.write(plain + "\n")
