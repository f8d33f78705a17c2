"""`qingfeng clues ...`, `qingfeng audit ...`, `qingfeng db ...`: thin commands over the services.

    qingfeng db upgrade [--db URL]
    qingfeng clues import CLUES.jsonl [--db URL] [--scan-label LABEL] [--actor NAME]
    qingfeng clues list --as USERNAME [--state S] [--q TEXT] [--overdue] [--db URL]
    qingfeng audit verify [--db URL]

--db defaults to QINGFENG_DATABASE_URL, else sqlite:///qingfeng.db. Each command is one
transaction: it commits at the end or writes nothing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

DbOption = Annotated[str | None, typer.Option("--db", help="Database URL (default: QINGFENG_DATABASE_URL)")]

_out = Console(soft_wrap=True)
_err = Console(stderr=True, soft_wrap=True)


def db_upgrade(db: DbOption = None) -> None:
    """Create or migrate the clue store to the newest schema. / 创建或升级线索库。"""
    from qingfeng.db import database_url, upgrade

    upgrade(db)
    _out.print(f"database up to date / 数据库已是最新: {database_url(db)}")


def clues_import(
    path: Annotated[Path, typer.Argument(help="CLUES.jsonl written by `qingfeng scan`")],
    db: DbOption = None,
    scan_label: Annotated[
        str | None, typer.Option(help="Names this scan (default: file name and content hash)")
    ] = None,
    actor: Annotated[str, typer.Option(help="Who imports, as written in the history")] = "system:import",
) -> None:
    """Import clues: new ones are created, known ones get new evidence, nothing is duplicated. / 导入线索。"""
    from qingfeng.clues.schemas import ImportRefused
    from qingfeng.clues.service import import_numbered, read_jsonl
    from qingfeng.db import session_scope, upgrade
    from qingfeng.db.session import refresh_statistics

    try:
        raw = path.read_bytes()
    except OSError as error:
        _err.print(f"cannot read / 无法读取 {path}: {error.strerror}")
        raise typer.Exit(2) from None
    text = raw.decode("utf-8", errors="replace")
    label = scan_label or f"{path.name}@{hashlib.sha256(raw).hexdigest()[:12]}"
    upgrade(db)
    try:
        with session_scope(db) as session:
            summary = import_numbered(
                session, numbered=read_jsonl(text.splitlines()), actor=actor, scan_label=label
            )
    except ImportRefused as refused:
        _err.print(
            f"import refused, nothing written / 导入被拒绝，未写入任何线索 ({len(refused.errors)} bad lines):"
        )
        for bad in refused.errors:
            _err.print(f"  {path}:{bad.line}: {bad.message}", markup=False)
        raise typer.Exit(1) from None
    if len(summary.created) >= 1000:
        refresh_statistics(db)
    counts = summary.as_dict()
    _out.print(
        f"scan {label}: {counts['lines']} clues; created {counts['created']}, updated {counts['updated']}, "
        f"reopened {counts['reopened']}, unchanged {counts['unchanged']}; "
        f"evidence added {counts['evidence_added']}",
        markup=False,
    )
    if summary.unplaced_lines:
        _out.print(f"region not found, placed at the root / 未找到地区: lines {summary.unplaced_lines[:20]}")


def clues_list(
    username: Annotated[str, typer.Option("--as", help="List as this user (jurisdiction applies)")],
    db: DbOption = None,
    state: Annotated[str | None, typer.Option(help="Only this state")] = None,
    q: Annotated[str | None, typer.Option(help="Search titles, explanations, names, identifiers")] = None,
    overdue: Annotated[bool, typer.Option(help="Only overdue clues")] = False,
    page: int = 1,
    page_size: int = 20,
) -> None:
    """List the clues a user may see. / 列出用户可见的线索。"""
    from sqlalchemy import select

    from qingfeng.cases.queries import ClueFilters, list_clues
    from qingfeng.db import session_scope
    from qingfeng.users.models import User

    with session_scope(db) as session:
        viewer = session.scalars(select(User).where(User.username == username)).first()
        if viewer is None:
            _err.print(f"no such user / 无此用户: {username}")
            raise typer.Exit(2)
        found = list_clues(
            session,
            viewer=viewer,
            filters=ClueFilters(state=state, overdue=overdue),
            q=q,
            page=page,
            page_size=page_size,
        )
        table = Table("id", "state", "model", "subject", "amount", "due", "title")
        for clue in found.items:
            due = clue.due_at.date().isoformat() if clue.due_at else ""
            amount = "" if clue.amount is None else str(clue.amount)
            table.add_row(
                str(clue.id),
                clue.state,
                clue.model_id or clue.source,
                clue.subject_key,
                amount,
                due,
                clue.title_zh,
            )
        _out.print(table)
        _out.print(f"page {found.page}/{found.pages}, {found.total} clues")


def audit_verify(db: DbOption = None) -> None:
    """Check the audit log's hash chain; exits 1 naming each bad entry. / 校验审计日志。"""
    from qingfeng.audit.service import verify
    from qingfeng.db import session_scope

    with session_scope(db) as session:
        result = verify(session)
    if not result.ok:
        _err.print(
            f"audit log TAMPERED / 审计日志被篡改: {len(result.problems)} problems, {result.entries} entries"
        )
        for problem in result.problems:
            _err.print(f"  entry {problem.entry_id} [{problem.kind}]: {problem.message}", markup=False)
        raise typer.Exit(1)
    _out.print(
        f"audit log intact / 审计日志完整: {result.entries} entries; head {result.head_id} {result.head_hash}"
    )


def register(app: typer.Typer) -> None:
    """Add the `clues`, `audit` and `db` command groups to the `qingfeng` command."""
    clues = typer.Typer(help="Clue store / 线索库", no_args_is_help=True)
    clues.command("import")(clues_import)
    clues.command("list")(clues_list)
    audit = typer.Typer(help="Audit log / 审计日志", no_args_is_help=True)
    audit.command("verify")(audit_verify)
    db = typer.Typer(help="Database / 数据库", no_args_is_help=True)
    db.command("upgrade")(db_upgrade)
    app.add_typer(clues, name="clues")
    app.add_typer(audit, name="audit")
    app.add_typer(db, name="db")
