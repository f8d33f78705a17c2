"""`qingfeng serve` and `qingfeng users create`: the web app and its accounts.

    qingfeng serve [--host 127.0.0.1] [--port 8000] [--db URL]
    qingfeng users create USERNAME --role leader [--unit-id 2] [--display-name 王某] [--db URL]

`serve` migrates the clue store first, logs no client address (uvicorn's access log is off;
the app logs method, route, status and time only). The password of `users create` is asked
for without echo, or read from QINGFENG_NEW_PASSWORD for scripts.
"""

from __future__ import annotations

import logging
import os
import secrets
from typing import Annotated

import typer
from rich.console import Console

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

    password = os.environ.get("QINGFENG_NEW_PASSWORD") or typer.prompt(
        "Password / 密码", hide_input=True, confirmation_prompt=True
    )
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


def register(app: typer.Typer) -> None:
    """Add `serve` and the `users` command group to the `qingfeng` command."""
    app.command("serve")(serve)
    users = typer.Typer(help="Accounts / 账户", no_args_is_help=True)
    users.command("create")(users_create)
    app.add_typer(users, name="users")
