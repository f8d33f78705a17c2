"""`qingfeng serve` and `qingfeng users ...`: the web app and its accounts.

    qingfeng serve [--host 127.0.0.1] [--port 8000] [--db URL]
    qingfeng users create USERNAME --role leader [--unit-id 2] [--display-name 王某] [--db URL]
    qingfeng users password USERNAME [--db URL]          # set a new password, lift a lock-out
    qingfeng users totp-reset USERNAME --reason TEXT [--db URL]   # remove the second factor

`serve` migrates the clue store first, logs no client address (uvicorn's access log is off;
the app logs method, route, status and time only). The password of `users create` and
`users password` is asked for without echo, or read from QINGFENG_NEW_PASSWORD for scripts.
`password` and `totp-reset` are the administrator's recovery on the server (a forgotten
password, a lost phone); each is written to the audit log as done by `system:cli`.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qingfeng.users.models import User

DbOption = Annotated[str | None, typer.Option("--db", help="Database URL (default: QINGFENG_DATABASE_URL)")]

_out = Console(soft_wrap=True)
_err = Console(stderr=True, soft_wrap=True)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    db: DbOption = None,
) -> None:
    """Run the web app (pages, JSON API under /api/v1, docs at /docs). / 启动网页服务。"""
    import uvicorn

    from qingfeng.db import database_url, upgrade
    from qingfeng.settings import get_settings
    from qingfeng.web.app import create_app

    settings = get_settings()
    settings.database_url = database_url(db)
    if settings.secret_key == "change-me":
        settings.secret_key = secrets.token_urlsafe(48)
        _err.print(
            "QINGFENG_SECRET_KEY is not set: using a random key, sessions end when the server stops. "
            "/ 未设置 QINGFENG_SECRET_KEY：使用随机密钥，服务重启后需重新登录。"
        )
    upgrade(settings.database_url)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    _out.print(f"Qingfeng on http://{host}:{port}/  (API docs: /docs)")
    uvicorn.run(create_app(settings), host=host, port=port, access_log=False, server_header=False)


def users_create(
    username: Annotated[str, typer.Argument(help="Login name")],
    role: Annotated[str, typer.Option(help="administrator, leader, handler, analyst or viewer")],
    unit_id: Annotated[int | None, typer.Option(help="The user's unit (its jurisdiction)")] = None,
    display_name: Annotated[str, typer.Option(help="Name shown in the UI")] = "",
    person_id_number: Annotated[
        str | None, typer.Option(help="The user's own ID number (for recusal)")
    ] = None,
    db: DbOption = None,
) -> None:
    """Create a user. / 创建用户。"""
    from qingfeng.audit import service as audit
    from qingfeng.db import session_scope, upgrade
    from qingfeng.users.service import AccountError, create_user

    password = _new_password()
    upgrade(db)
    try:
        with session_scope(db) as session:
            user = create_user(
                session,
                username=username,
                password=password,
                role=role,
                unit_id=unit_id,
                display_name=display_name,
                person_id_number=person_id_number,
            )
            details = {"username": user.username, "role": user.role, "unit_id": user.unit_id}
            audit.append(
                session,
                actor="system:cli",
                action="user.create",
                object_type="user",
                object_id=user.id,
                details=details,
            )
            _out.print(f"created / 已创建: {user.username} ({user.role})")
    except AccountError as error:
        _err.print(str(error))
        raise typer.Exit(2) from None


def _new_password() -> str:
    return os.environ.get("QINGFENG_NEW_PASSWORD") or typer.prompt(
        "Password / 密码", hide_input=True, confirmation_prompt=True
    )


def _change_account(db: str | None, username: str, change: Callable[[Session, User], str]) -> None:
    """Runs `change` on the named user in one transaction; prints its message or the refusal."""
    from qingfeng.db import session_scope, upgrade
    from qingfeng.users.service import AccountError, find_user

    upgrade(db)
    try:
        with session_scope(db) as session:
            user = find_user(session, username)
            if user is None:
                raise AccountError(f"未知用户 / unknown user: {username}")
            _out.print(change(session, user))
    except AccountError as error:
        _err.print(str(error))
        raise typer.Exit(2) from None


def users_password(
    username: Annotated[str, typer.Argument(help="Login name")],
    db: DbOption = None,
) -> None:
    """Set a user's password and lift a lock-out (every session of the user ends). / 重置用户密码。"""
    from qingfeng.users import accounts

    password = _new_password()

    def change(session: Session, user: User) -> str:
        accounts.reset_password(session, actor="system:cli", user=user, new=password)
        return f"password set / 密码已重置: {user.username}"

    _change_account(db, username, change)


def users_totp_reset(
    username: Annotated[str, typer.Argument(help="Login name")],
    reason: Annotated[str, typer.Option(help="Why (written to the audit log), e.g. 'phone lost'")],
    db: DbOption = None,
) -> None:
    """Remove a user's TOTP second factor (a lost phone). / 重置用户的动态验证码。"""
    from qingfeng.users import accounts

    def change(session: Session, user: User) -> str:
        was_on = accounts.reset_totp(session, actor="system:cli", user=user, reason=reason)
        if was_on:
            return f"one-time code removed / 动态验证码已重置: {user.username}"
        return f"{user.username} had no one-time code / 该用户未启用动态验证码 (logged / 已记录)"

    _change_account(db, username, change)


def register(app: typer.Typer) -> None:
    """Add `serve` and the `users` command group to the `qingfeng` command."""
    app.command("serve")(serve)
    users = typer.Typer(help="Accounts / 账户", no_args_is_help=True)
    users.command("create")(users_create)
    users.command("password")(users_password)
    users.command("totp-reset")(users_totp_reset)
    app.add_typer(users, name="users")
