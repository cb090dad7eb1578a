"""``tawthiq serve``, ``tawthiq user add|list`` and ``tawthiq token create``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tawthiq.cli._common import console, err_console, handle_errors
from tawthiq.cli.workspace import opened_store
from tawthiq.web.policy import ROLES

__all__ = ["register"]

user_app = typer.Typer(help="Accounts for the web app and the API.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for scripts.", no_args_is_help=True)


@handle_errors
def serve_cmd(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (one per core).")] = 1,
    insecure_cookies: Annotated[
        bool,
        typer.Option(help="Send cookies over plain HTTP (only for localhost without TLS)."),
    ] = False,
) -> None:
    """Serve the web app and the JSON API (put it behind TLS for anything but localhost)."""
    import os

    import uvicorn

    with opened_store(ctx) as (ws, _engine):
        pass  # open (and migrate) once here, so that workers start on an up-to-date store
    if insecure_cookies and host not in {"127.0.0.1", "localhost", "::1"}:
        err_console.print("warning: --insecure-cookies on a non-local address")
    os.environ["TAWTHIQ_WORKSPACE"] = str(ws.root)
    os.environ["TAWTHIQ_INSECURE_COOKIES"] = "1" if insecure_cookies else "0"
    console.print(f"serving workspace {ws.root} on http://{host}:{port}/", highlight=False)
    uvicorn.run(
        "tawthiq.web.serve:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=max(1, workers),
        log_level="warning",
    )


@user_app.command("add")
@handle_errors
def user_add_cmd(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="User name.", show_default=False)],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.", show_default=False)],
    locale: Annotated[str, typer.Option(help="Interface language: ar or en.")] = "ar",
    password_stdin: Annotated[
        bool, typer.Option(help="Read the password from standard input (for scripts).")
    ] = False,
) -> None:
    """Create an account; the password is asked for (never given on the command line)."""
    from tawthiq.web.auth import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with opened_store(ctx) as (_ws, engine):
        user_id = add_user(engine, username, password, role, locale)
    console.print(f"user {username!r} ({role}) created, id {user_id}", highlight=False)


@user_app.command("list")
@handle_errors
def user_list_cmd(ctx: typer.Context) -> None:
    """List accounts with their roles."""
    from tawthiq.store.users import list_users

    with opened_store(ctx) as (_ws, engine), engine.connect() as conn:
        users = list_users(conn)
    for u in users:
        state = "" if u.active else " (disabled)"
        console.print(f"{u.username:<24} {u.role:<11} {u.locale}{state}", highlight=False)


@token_app.command("create")
@handle_errors
def token_create_cmd(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Whose token.", show_default=False)],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "script",
) -> None:
    """Create an API token; it is printed once and stored only as its hash."""
    from tawthiq.web.auth import issue_api_token

    with opened_store(ctx) as (_ws, engine):
        token = issue_api_token(engine, username, name)
    typer.echo(token)
    err_console.print(
        "store it now: it cannot be shown again. Send it as 'Authorization: Bearer …'"
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
