"""`evidence user add|list|remove|role|password`: manage accounts from a shell.

The password is prompted (hidden, asked twice) or, for scripts, read from $EVIDENCE_PASSWORD;
it is never taken as a command-line argument, where other users could see it.
"""

from __future__ import annotations

import getpass
import json
import os

import click

from webapp import auth

from . import main
from .context import CliContext

PASSWORD_ENV = "EVIDENCE_PASSWORD"


def cli_actor() -> str:
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = str(os.getuid())
    return f"cli:{who}"


def _password(prompt: str) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env is not None:
        return from_env
    return click.prompt(prompt, hide_input=True, confirmation_prompt=True)


@main.group("user")
def user_group() -> None:
    """Manage accounts: readers search, read, cite and keep drafts; editors also upload,
    retag and delete records; admins also manage accounts."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(auth.ROLES), required=True, help="What the account may do.")
@click.pass_obj
def add_user(obj: CliContext, name: str, role: str) -> None:
    """Add an account NAME (the password is prompted, or read from $EVIDENCE_PASSWORD)."""
    try:
        auth.check_name(name)
        if auth.find_user(obj.settings, name):
            raise auth.UserExists(f"user {name!r} already exists")
        user = auth.create_user(obj.settings, name, role, _password(f"Password for {name}"))
    except auth.AuthError as exc:
        raise click.ClickException(str(exc)) from None
    auth.write_audit(obj.settings, cli_actor(), "user.add", user.name, {"role": role})
    click.echo(f"added {user.name} ({user.role})")


@user_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of {name, role}.")
@click.pass_obj
def list_users(obj: CliContext, as_json: bool) -> None:
    """List accounts and their roles."""
    users = auth.list_users(obj.settings)
    if as_json:
        click.echo(json.dumps([{"name": u.name, "role": u.role} for u in users], ensure_ascii=False))
        return
    if not users:
        click.echo("no accounts yet (add one with: evidence user add NAME --role admin)", err=True)
    width = max((len(u.name) for u in users), default=4)
    for u in users:
        click.echo(f"{u.name:<{width}}  {u.role}")


@user_group.command("remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def remove_user(obj: CliContext, name: str, yes: bool) -> None:
    """Remove the account NAME (its sessions end at once)."""
    if not auth.find_user(obj.settings, name):
        raise click.ClickException(f"no user named {name!r}")
    if not yes:
        click.confirm(f"Remove the account {name!r}?", abort=True)
    try:
        user = auth.remove_user(obj.settings, name)
    except auth.AuthError as exc:
        raise click.ClickException(str(exc)) from None
    auth.write_audit(obj.settings, cli_actor(), "user.remove", user.name, {"role": user.role})
    click.echo(f"removed {user.name}")


@user_group.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(auth.ROLES))
@click.pass_obj
def change_role(obj: CliContext, name: str, role: str) -> None:
    """Give the account NAME another ROLE."""
    old = auth.find_user(obj.settings, name)
    try:
        user = auth.set_role(obj.settings, name, role)
    except auth.AuthError as exc:
        raise click.ClickException(str(exc)) from None
    auth.write_audit(obj.settings, cli_actor(), "user.role", user.name,
                     {"from": old.role if old else None, "to": role})
    click.echo(f"{user.name} is now {user.role}")


@user_group.command("password")
@click.argument("name")
@click.pass_obj
def change_password(obj: CliContext, name: str) -> None:
    """Set a new password for NAME (prompted, or read from $EVIDENCE_PASSWORD)."""
    if not auth.find_user(obj.settings, name):
        raise click.ClickException(f"no user named {name!r}")
    try:
        user = auth.set_password(obj.settings, name, _password(f"New password for {name}"))
    except auth.AuthError as exc:
        raise click.ClickException(str(exc)) from None
    auth.write_audit(obj.settings, cli_actor(), "user.password", user.name)
    click.echo(f"password changed for {user.name}")
