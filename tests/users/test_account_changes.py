"""Password change, TOTP confirm / disable / reset, enrolment secrets and their audit entries
(qingfeng.users.service and qingfeng.users.accounts), with fixed clocks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import typer
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from qingfeng.audit import service as audit
from qingfeng.audit.models import AuditEntry
from qingfeng.cli import web as web_cli
from qingfeng.db import session_scope
from qingfeng.users import accounts, passwords, service, totp
from qingfeng.users.models import Role, User
from qingfeng.users.service import AccountError, CredentialRefused, LoginFailure, LoginOutcome

T0 = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
STEP0 = int(T0.timestamp()) // totp.STEP_SECONDS
PASSWORD = "a long enough password"
NEW_PASSWORD = "another long password"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _user(db_session: Session) -> User:
    return service.create_user(db_session, username="wang.handler", password=PASSWORD, role=Role.HANDLER)


def _actions(db_session: Session) -> list[tuple[str, str, dict[str, object]]]:
    rows = db_session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    return [(e.action, e.actor_name, e.details) for e in rows]


def test_enrolment_secret_is_derived_from_key_user_and_nonce() -> None:
    secret = totp.enrolment_secret(b"k" * 32, user_id=7, nonce="n1")
    assert secret == totp.enrolment_secret(b"k" * 32, user_id=7, nonce="n1")
    assert len(secret) == 32 and set(secret) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    others = {
        totp.enrolment_secret(b"k" * 32, user_id=8, nonce="n1"),
        totp.enrolment_secret(b"k" * 32, user_id=7, nonce="n2"),
        totp.enrolment_secret(b"j" * 32, user_id=7, nonce="n1"),
    }
    assert secret not in others and len(others) == 3


def test_confirm_needs_a_valid_code_and_spends_it(db_session: Session) -> None:
    user = _user(db_session)
    wrong = totp.current_code(SECRET, T0 + dt.timedelta(minutes=5))
    assert accounts.confirm_totp(db_session, user=user, secret=SECRET, code=wrong, now=T0) is False
    assert (user.totp_secret, _actions(db_session)) == (None, [])
    code = totp.current_code(SECRET, T0)
    assert accounts.confirm_totp(db_session, user=user, secret=SECRET, code=code, now=T0) is True
    assert (user.totp_secret, user.totp_last_step) == (SECRET, STEP0)
    assert _actions(db_session) == [("user.totp_enrol", "wang.handler", {"username": "wang.handler"})]
    replay = service.authenticate_totp(db_session, user_id=user.id, code=code, now=T0)
    assert (replay.outcome, replay.failure) == (LoginOutcome.REFUSED, LoginFailure.WRONG_CODE)
    with pytest.raises(AccountError, match="already on"):
        accounts.confirm_totp(db_session, user=user, secret=SECRET, code=code, now=T0)


def test_disable_refuses_wrong_and_used_codes_and_counts_them(db_session: Session) -> None:
    user = _user(db_session)
    user.totp_secret, user.totp_last_step = SECRET, STEP0
    used = totp.current_code(SECRET, T0)
    with pytest.raises(CredentialRefused) as refused:
        accounts.disable_totp(db_session, user=user, code=used, now=T0)
    assert (refused.value.locked, user.failed_logins, user.totp_secret) == (False, 1, SECRET)
    later = T0 + dt.timedelta(seconds=30)
    accounts.disable_totp(db_session, user=user, code=totp.current_code(SECRET, later), now=later)
    assert (user.totp_secret, user.totp_last_step, user.failed_logins) == (None, None, 0)
    assert [a for a, _, _ in _actions(db_session)] == ["user.totp_disable_refused", "user.totp_disable"]
    with pytest.raises(AccountError, match="not on"):
        accounts.disable_totp(db_session, user=user, code="123456", now=later)


def test_change_password_checks_the_current_one_and_locks_at_five(db_session: Session) -> None:
    user = _user(db_session)
    old_hash = user.password_hash
    for attempt in range(1, 6):
        with pytest.raises(CredentialRefused) as refused:
            accounts.change_password(db_session, user=user, current="wrong!", new=NEW_PASSWORD, now=T0)
        assert (refused.value.locked, refused.value.newly_locked) == (attempt == 5, attempt == 5)
    assert user.locked_until == T0 + service.LOCK_DURATION
    with pytest.raises(CredentialRefused) as locked:  # the right password is refused while locked
        accounts.change_password(db_session, user=user, current=PASSWORD, new=NEW_PASSWORD, now=T0)
    assert (locked.value.locked, locked.value.newly_locked, user.failed_logins) == (True, False, 5)
    assert user.password_hash == old_hash
    actions = [a for a, _, _ in _actions(db_session)]
    assert actions == ["user.password_change_refused"] * 5 + ["user.lockout"] + [
        "user.password_change_refused"
    ]


def test_change_password_weak_new_one_refused_then_changed(db_session: Session) -> None:
    user = _user(db_session)
    with pytest.raises(AccountError, match="at least 10"):
        accounts.change_password(db_session, user=user, current=PASSWORD, new="short", now=T0)
    assert passwords.verify_password(user.password_hash, PASSWORD)
    accounts.change_password(db_session, user=user, current=PASSWORD, new=NEW_PASSWORD, now=T0)
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD)
    assert _actions(db_session) == [("user.password_change", "wang.handler", {"username": "wang.handler"})]


def test_login_results_name_the_account_and_the_reason(db_session: Session) -> None:
    user = _user(db_session)
    unknown = service.authenticate_password(db_session, username="nobody", password=PASSWORD, now=T0)
    assert (unknown.failure, unknown.account) == (LoginFailure.UNKNOWN_USER, None)
    wrong = service.authenticate_password(db_session, username="wang.handler", password="x" * 12, now=T0)
    assert (wrong.failure, wrong.account, wrong.user) == (LoginFailure.WRONG_PASSWORD, user, None)
    service.set_active(user, False)
    inactive = service.authenticate_password(db_session, username="wang.handler", password=PASSWORD, now=T0)
    assert inactive.failure is LoginFailure.INACTIVE
    service.set_active(user, True)
    no_factor = service.authenticate_totp(db_session, user_id=user.id, code="123456", now=T0)
    assert no_factor.failure is LoginFailure.NO_SECOND_FACTOR
    accounts.audit_login(db_session, unknown, step="password")
    accounts.audit_login(db_session, wrong, step="password")
    assert _actions(db_session) == [
        ("user.login_failed", "anonymous", {"username": None, "step": "password", "reason": "unknown_user"}),
        (
            "user.login_failed",
            "anonymous",
            {"username": "wang.handler", "step": "password", "reason": "wrong_password"},
        ),
    ]
    assert audit.verify(db_session).ok


def test_reset_totp_needs_a_reason(db_session: Session) -> None:
    user = _user(db_session)
    user.totp_secret = SECRET
    with pytest.raises(AccountError, match="reason is required"):
        accounts.reset_totp(db_session, actor="system:cli", user=user, reason="   ")
    assert user.totp_secret == SECRET
    assert accounts.reset_totp(db_session, actor="system:cli", user=user, reason="phone lost") is True
    assert user.totp_secret is None
    assert _actions(db_session) == [
        (
            "user.totp_reset",
            "system:cli",
            {"username": "wang.handler", "reason": "phone lost", "was_on": True},
        )
    ]


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test root."""

    web_cli.register(app)
    return app


def test_cli_password_and_totp_reset(
    cli: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("QINGFENG_NEW_PASSWORD", PASSWORD)
    assert CliRunner().invoke(cli, ["users", "create", "li", "--role", "viewer", "--db", url]).exit_code == 0
    with session_scope(url) as session:
        user = service.find_user(session, "li")
        assert user is not None
        user.totp_secret, user.failed_logins, user.locked_until = SECRET, 5, T0 + dt.timedelta(days=999)

    monkeypatch.setenv("QINGFENG_NEW_PASSWORD", NEW_PASSWORD)
    changed = CliRunner().invoke(cli, ["users", "password", "li", "--db", url])
    assert changed.exit_code == 0, changed.output
    assert "password set" in changed.output and NEW_PASSWORD not in changed.output
    reset = CliRunner().invoke(cli, ["users", "totp-reset", "li", "--reason", "手机遗失", "--db", url])
    assert reset.exit_code == 0 and "one-time code removed" in reset.output
    with session_scope(url) as session:
        user = service.find_user(session, "li")
        assert user is not None and passwords.verify_password(user.password_hash, NEW_PASSWORD)
        assert (user.totp_secret, user.failed_logins, user.locked_until) == (None, 0, None)
        assert _actions(session)[-2:] == [
            ("user.password_reset", "system:cli", {"username": "li"}),
            ("user.totp_reset", "system:cli", {"username": "li", "reason": "手机遗失", "was_on": True}),
        ]


def test_cli_refusals_change_nothing(
    cli: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("QINGFENG_NEW_PASSWORD", PASSWORD)
    assert CliRunner().invoke(cli, ["users", "create", "li", "--role", "viewer", "--db", url]).exit_code == 0
    unknown = CliRunner().invoke(cli, ["users", "totp-reset", "nobody", "--reason", "x", "--db", url])
    assert unknown.exit_code == 2 and "unknown user: nobody" in unknown.output
    monkeypatch.setenv("QINGFENG_NEW_PASSWORD", "short")
    weak = CliRunner().invoke(cli, ["users", "password", "li", "--db", url])
    assert weak.exit_code == 2 and "at least 10" in weak.output
    blank = CliRunner().invoke(cli, ["users", "totp-reset", "li", "--reason", " ", "--db", url])
    assert blank.exit_code == 2 and "reason is required" in blank.output
    with session_scope(url) as session:
        user = service.find_user(session, "li")
        assert user is not None and passwords.verify_password(user.password_hash, PASSWORD)
        assert [a for a, _, _ in _actions(session)] == ["user.create"]
