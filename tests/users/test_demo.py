from __future__ import annotations

from pathlib import Path

import pytest
import typer
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from qingfeng.cli import web as web_cli
from qingfeng.db import session_scope
from qingfeng.regions.models import Region, Unit
from qingfeng.users import service
from qingfeng.users.demo import seed_demo
from qingfeng.users.models import Role, User

TREE = {
    "code": "141181",
    "level": "county",
    "name_zh": "孝义市",
    "name_en": "Xiaoyi",
    "children": [
        {
            "code": "141181100",
            "level": "township",
            "name_zh": "东镇",
            "name_en": "East Town",
            "children": [{"code": "141181100201", "level": "village", "name_zh": "东村"}],
        },
        {"code": "141181101", "level": "township", "name_zh": "西镇", "name_en": "West Town"},
    ],
}


def test_seed_demo_creates_units_and_every_role_with_working_passwords(db_session: Session) -> None:
    credentials = seed_demo(db_session, region_tree=TREE)
    assert {c.role for c in credentials} == {r.value for r in Role}
    assert [c.username for c in credentials] == [
        "admin",
        "leader",
        "handler",
        "handler2",
        "analyst",
        "viewer",
        "town1_leader",
        "town1_handler",
        "town2_leader",
        "town2_handler",
    ]
    units = sorted(db_session.scalars(select(Unit.name_zh)))
    assert units == ["东镇纪检监察办公室", "孝义市人民检察院", "西镇纪检监察办公室"]
    assert len(set(c.password for c in credentials)) == len(credentials)
    leader = credentials[1]
    result = service.authenticate_password(db_session, username=leader.username, password=leader.password)
    assert result.outcome is service.LoginOutcome.OK


def test_seed_demo_twice_adds_nothing_and_reuses_regions(db_session: Session) -> None:
    seed_demo(db_session, region_tree=TREE)
    again = seed_demo(db_session, region_tree=TREE)
    assert again == []
    assert len(list(db_session.scalars(select(Region.id)))) == 4
    assert len(list(db_session.scalars(select(User.id)))) == 10


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test root."""

    web_cli.register(app)
    return app


def test_cli_users_create(cli: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("QINGFENG_NEW_PASSWORD", "a long enough password")
    result = CliRunner().invoke(cli, ["users", "create", "li.viewer", "--role", "viewer", "--db", url])
    assert result.exit_code == 0, result.output
    with session_scope(url) as session:
        user = service.find_user(session, "li.viewer")
        assert user is not None and user.role == "viewer"
    duplicate = CliRunner().invoke(cli, ["users", "create", "li.viewer", "--role", "viewer", "--db", url])
    assert duplicate.exit_code == 2
    assert "already taken" in duplicate.output


def test_cli_users_create_refuses_weak_password(
    cli: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("QINGFENG_NEW_PASSWORD", "short")
    result = CliRunner().invoke(cli, ["users", "create", "li", "--role", "viewer", "--db", url])
    assert result.exit_code == 2
    with session_scope(url) as session:
        assert service.find_user(session, "li") is None
