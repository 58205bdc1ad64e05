"""``aspects user`` (local accounts) and ``aspects api-token`` (read-only API tokens); issue 7."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from aspects.commands import DataDir, command_settings

user_app = typer.Typer(help="Local accounts that sign in to the dashboards.", no_args_is_help=True)
token_app = typer.Typer(
    help="Read-only API tokens for scripts and monitoring (never for the LRS).",
    no_args_is_help=True,
)

Courses = Annotated[
    list[str] | None,
    typer.Option("--course", help="A course key this may read (repeat for several)."),
]


def _fail(message: str, status: int = 2) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(status)


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Option(help="The sign-in name.")],
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, help="The password (≥ 8 characters).")
    ],
    operator: Annotated[
        bool, typer.Option("--operator", help="May see every course and /operator.")
    ] = False,
    course: Courses = None,
    pii: Annotated[
        bool,
        typer.Option(
            "--pii/--no-pii",
            help="May see learners' names, usernames and e-mails (default); --no-pii: "
            "anonymous ids only, on every page and CSV.",
        ),
    ] = True,
    data_dir: DataDir = None,
) -> None:
    """Add a local account (or replace its password, courses and PII permission)."""
    from aspects.auth.accounts import add_account
    from aspects.auth.files import users_path

    if not operator and not course:
        typer.echo("note: no --course and no --operator: this account sees no course", err=True)
    try:
        new = add_account(
            users_path(command_settings(data_dir)),
            username,
            password,
            operator=operator,
            courses=course or (),
            pii=pii,
        )
    except ValueError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"{'added' if new else 'updated'} user {username}", err=True)


@user_app.command("list")
def user_list(data_dir: DataDir = None) -> None:
    """List local accounts and what they may read (never their passwords)."""
    from aspects.auth.accounts import list_accounts
    from aspects.auth.files import users_path

    for account in list_accounts(users_path(command_settings(data_dir))):
        scope = "operator (all courses)" if account.operator else " ".join(account.courses)
        pii = "pii" if account.pii else "no-pii"
        typer.echo(f"{account.username}\t{scope or '(no courses)'}\t{pii}\t{account.created}")


@user_app.command("remove")
def user_remove(
    username: Annotated[str, typer.Argument(help="The account to remove.")],
    data_dir: DataDir = None,
) -> None:
    """Remove a local account; its sessions end at their next request."""
    from aspects.auth.accounts import remove_account
    from aspects.auth.files import users_path

    if not remove_account(users_path(command_settings(data_dir)), username):
        raise _fail(f"no user named {username}", 1)
    typer.echo(f"removed user {username}", err=True)


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Option(help="What the token is for, e.g. 'grafana'.")],
    course: Courses = None,
    all_courses: Annotated[
        bool, typer.Option("--all-courses", help="May read every course.")
    ] = False,
    operator: Annotated[
        bool, typer.Option("--operator", help="May read /metrics and operator reports.")
    ] = False,
    pii: Annotated[
        bool, typer.Option("--pii", help="May see learners' names, usernames and e-mails.")
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Create a token; prints only the token on stdout (stored hashed, shown once)."""
    from aspects.auth.files import tokens_path
    from aspects.auth.tokens import create_token

    if all_courses and course:
        raise _fail("give either --course KEY… or --all-courses, not both")
    if not all_courses and not course and not operator:
        raise _fail("give --course KEY (repeatable), --all-courses or --operator")
    try:
        token = create_token(
            tokens_path(command_settings(data_dir)),
            name,
            courses=None if all_courses else (course or []),
            operator=operator,
            pii=pii,
        )
    except ValueError as exc:
        raise _fail(str(exc)) from None
    sys.stdout.write(token + "\n")


@token_app.command("list")
def token_list(data_dir: DataDir = None) -> None:
    """List API tokens and what they may read (never the tokens)."""
    from aspects.auth.files import tokens_path
    from aspects.auth.tokens import list_tokens

    for token in list_tokens(tokens_path(command_settings(data_dir))):
        scope = "all courses" if token.courses is None else " ".join(token.courses)
        flags = ",".join(f for f, on in (("operator", token.operator), ("pii", token.pii)) if on)
        typer.echo(f"{token.name}\t{scope or '(no courses)'}\t{flags or '-'}\t{token.created}")


@token_app.command("revoke")
def token_revoke(
    name: Annotated[str, typer.Argument(help="The token's name.")],
    data_dir: DataDir = None,
) -> None:
    """Revoke a token; it stops working at once."""
    from aspects.auth.files import tokens_path
    from aspects.auth.tokens import revoke_token

    if not revoke_token(tokens_path(command_settings(data_dir)), name):
        raise _fail(f"no API token named {name}", 1)
    typer.echo(f"revoked {name}", err=True)
