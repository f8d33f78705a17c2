from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from qingfeng.users import service, totp
from qingfeng.users.models import Role
from qingfeng.users.service import LoginOutcome

T0 = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
PASSWORD = "a long enough password"


def _user(db_session: Session, username: str = "wang.handler") -> int:
    user = service.create_user(db_session, username=username, password=PASSWORD, role=Role.HANDLER)
    db_session.flush()
    return user.id


def test_login_with_right_password(db_session: Session) -> None:
    user_id = _user(db_session)
    result = service.authenticate_password(db_session, username="wang.handler", password=PASSWORD, now=T0)
    assert result.outcome is LoginOutcome.OK and result.user is not None and result.user.id == user_id


def test_unknown_user_and_wrong_password_get_the_same_answer(db_session: Session) -> None:
    _user(db_session)
    unknown = service.authenticate_password(db_session, username="nobody", password=PASSWORD, now=T0)
    wrong = service.authenticate_password(
        db_session, username="wang.handler", password="not it at all", now=T0
    )
    assert (unknown.outcome, unknown.user) == (wrong.outcome, wrong.user) == (LoginOutcome.REFUSED, None)


def test_five_failures_lock_for_fifteen_minutes_even_the_right_password(db_session: Session) -> None:
    _user(db_session)
    for attempt in range(1, 6):
        result = service.authenticate_password(
            db_session, username="wang.handler", password="wrong password!", now=T0
        )
        assert result.locked is (attempt == 5)
    user = service.find_user(db_session, "wang.handler")
    assert user is not None and user.failed_logins == 5
    assert user.locked_until == T0 + dt.timedelta(minutes=15)
    at_14 = T0 + dt.timedelta(minutes=14, seconds=59)
    locked = service.authenticate_password(db_session, username="wang.handler", password=PASSWORD, now=at_14)
    assert (locked.outcome, locked.locked) == (LoginOutcome.REFUSED, True)
    at_15 = T0 + dt.timedelta(minutes=15)
    after = service.authenticate_password(db_session, username="wang.handler", password=PASSWORD, now=at_15)
    assert after.outcome is LoginOutcome.OK
    assert (user.failed_logins, user.locked_until) == (0, None)


def test_four_failures_then_success_resets_the_count(db_session: Session) -> None:
    _user(db_session)
    for _ in range(4):
        service.authenticate_password(db_session, username="wang.handler", password="wrong password!", now=T0)
    ok = service.authenticate_password(db_session, username="wang.handler", password=PASSWORD, now=T0)
    assert ok.outcome is LoginOutcome.OK and ok.user is not None and ok.user.failed_logins == 0


def test_inactive_user_is_refused(db_session: Session) -> None:
    user_id = _user(db_session)
    user = db_session.get(service.User, user_id)
    assert user is not None
    service.set_active(user, False)
    result = service.authenticate_password(db_session, username="wang.handler", password=PASSWORD, now=T0)
    assert result.outcome is LoginOutcome.REFUSED


def test_totp_second_factor_and_code_reuse_refused(db_session: Session) -> None:
    user_id = _user(db_session)
    user = db_session.get(service.User, user_id)
    assert user is not None
    secret = service.enrol_totp(user)
    first = service.authenticate_password(db_session, username="wang.handler", password=PASSWORD, now=T0)
    assert first.outcome is LoginOutcome.NEED_TOTP
    code = totp.current_code(secret, T0)
    ok = service.authenticate_totp(db_session, user_id=user_id, code=code, now=T0)
    assert ok.outcome is LoginOutcome.OK
    replay = service.authenticate_totp(
        db_session, user_id=user_id, code=code, now=T0 + dt.timedelta(seconds=10)
    )
    assert replay.outcome is LoginOutcome.REFUSED
    assert user.failed_logins == 1
    later = T0 + dt.timedelta(seconds=30)
    fresh = service.authenticate_totp(
        db_session, user_id=user_id, code=totp.current_code(secret, later), now=later
    )
    assert fresh.outcome is LoginOutcome.OK


@pytest.mark.parametrize(
    ("username", "password", "role", "message"),
    [
        ("wang.handler", PASSWORD, "handler", "already taken"),
        ("new user", PASSWORD, "handler", "invalid username"),
        ("li", PASSWORD, "superuser", "unknown role"),
        ("li", "short", "handler", "at least 10"),
    ],
)
def test_create_user_refusals(
    db_session: Session, username: str, password: str, role: str, message: str
) -> None:
    _user(db_session)
    with pytest.raises(service.AccountError, match=message):
        service.create_user(db_session, username=username, password=password, role=role)
    assert service.count_users(db_session) == 1


def test_create_user_unknown_unit_refused(db_session: Session) -> None:
    with pytest.raises(service.AccountError, match="unknown unit"):
        service.create_user(db_session, username="li", password=PASSWORD, role="viewer", unit_id=999)
