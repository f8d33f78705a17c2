"""My account over HTTP: TOTP enrol / confirm / disable, password change, the administrator's
TOTP reset, and the audit entries each one writes (SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.store_fixtures import World
from web_support import client_fixture, sign_in, web_app_fixture  # noqa: F401

from qingfeng.audit import service as audit
from qingfeng.audit.models import AuditEntry
from qingfeng.users import passwords, totp
from qingfeng.users.models import User
from qingfeng.web.app import SESSION_COOKIE

PASSWORD = "a long enough password"
NEW_PASSWORD = "another long password"
_HASH = passwords.hash_password(PASSWORD)


def _csrf(client: TestClient, path: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert match
    return match.group(1)


def _login(client: TestClient, username: str, password: str) -> Any:
    data = {"username": username, "password": password, "csrf_token": _csrf(client, "/login")}
    return client.post("/login", data=data)


def _post(client: TestClient, path: str, **form: str) -> Any:
    return client.post(path, data={**form, "csrf_token": _csrf(client, "/account")})


def _with_password(db_session: Session, user: User) -> User:
    user.password_hash = _HASH
    db_session.flush()
    return user


def _entries(db_session: Session, action: str) -> list[AuditEntry]:
    db_session.expire_all()
    return list(
        db_session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
    )


def _code_at_step(secret: str, step: int) -> str:
    return totp.current_code(secret, dt.datetime.fromtimestamp(step * totp.STEP_SECONDS, dt.UTC))


def _wrong_code(secret: str) -> str:
    """A well-formed code valid at none of the steps accepted now."""
    now_step = int(dt.datetime.now(dt.UTC).timestamp()) // totp.STEP_SECONDS
    valid = {_code_at_step(secret, s) for s in range(now_step - 2, now_step + 3)}
    return next(c for c in ("000000", "111111", "222222", "333333", "444444", "555555") if c not in valid)


def _now_code(secret: str) -> str:
    return totp.current_code(secret, dt.datetime.now(dt.UTC))


def _shown_secret(client: TestClient) -> str:
    page = client.get("/account")
    assert page.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page.text and 'class="qr"' in page.text
    match = re.search(r'id="totp-secret">([A-Z2-7 ]+)</code>', page.text)
    assert match, page.text
    return match.group(1).replace(" ", "")


def test_enrol_wrong_code_refused_right_code_on_then_login_asks_and_reuse_refused(
    client: TestClient, db_session: Session, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    user = _with_password(db_session, world.users["county_handler"])
    assert _login(client, "county_handler", PASSWORD).status_code == 303
    with caplog.at_level(logging.DEBUG):
        enrol = _post(client, "/account/totp/enrol")
        assert (enrol.status_code, enrol.headers["location"]) == (303, "/account")
        secret = _shown_secret(client)
        assert len(secret) == 32

        wrong = _post(client, "/account/totp/confirm", code=_wrong_code(secret))
        assert wrong.status_code == 400 and "stays off" in wrong.text
        db_session.refresh(user)
        assert user.totp_secret is None
        assert _shown_secret(client) == secret  # the same set-up may be retried

        code = _now_code(secret)
        right = _post(client, "/account/totp/confirm", code=code)
        assert (right.status_code, right.headers["location"]) == (303, "/account")
    db_session.refresh(user)
    assert user.totp_secret == secret and user.totp_last_step is not None
    assert "动态验证码已启用" in client.get("/account").text
    # The secret went to the page only: not into a header, the session cookie or a log line.
    cookie = client.cookies[SESSION_COOKIE].split(".")[0]
    assert secret not in base64.b64decode(cookie + "==").decode("utf-8", "replace")
    assert secret not in caplog.text and secret not in str(enrol.headers) + str(right.headers)

    client.cookies.clear()
    assert _login(client, "county_handler", PASSWORD).headers["location"] == "/login/totp"
    reuse = client.post("/login/totp", data={"code": code, "csrf_token": _csrf(client, "/login/totp")})
    assert reuse.status_code == 401
    fresh = _code_at_step(secret, user.totp_last_step + 1)
    ok = client.post("/login/totp", data={"code": fresh, "csrf_token": _csrf(client, "/login/totp")})
    assert ok.status_code == 303
    [enrolled] = _entries(db_session, "user.totp_enrol")
    assert (enrolled.actor_name, enrolled.object_id, enrolled.details) == (
        "county_handler",
        str(user.id),
        {"username": "county_handler"},
    )
    assert [e.details for e in _entries(db_session, "user.login")] == [
        {"username": "county_handler", "totp": False},
        {"username": "county_handler", "totp": True},
    ]


def test_confirm_without_enrolment_and_enrol_when_on_are_refused(
    client: TestClient, db_session: Session, world: World
) -> None:
    user = world.users["county_viewer"]
    sign_in(client, user)
    assert _post(client, "/account/totp/confirm", code="123456").status_code == 400
    user.totp_secret = totp.new_secret()
    db_session.flush()
    assert _post(client, "/account/totp/enrol").status_code == 400
    assert _entries(db_session, "user.totp_enrol") == []


def test_disable_needs_a_current_unused_code(client: TestClient, db_session: Session, world: World) -> None:
    user = world.users["county_leader"]
    secret = user.totp_secret = totp.new_secret()
    db_session.flush()
    sign_in(client, user)
    assert _post(client, "/account/totp/disable").status_code == 400  # no code at all
    assert _post(client, "/account/totp/disable", code=_wrong_code(secret)).status_code == 400
    now_step = int(dt.datetime.now(dt.UTC).timestamp()) // totp.STEP_SECONDS
    user.totp_last_step = now_step + 1  # every code accepted now has been used already
    db_session.flush()
    assert _post(client, "/account/totp/disable", code=_now_code(secret)).status_code == 400
    db_session.refresh(user)
    assert (user.totp_secret, user.failed_logins) == (secret, 2)
    assert [e.details for e in _entries(db_session, "user.totp_disable_refused")] == [
        {"username": "county_leader", "locked": False}
    ] * 2

    user.totp_last_step = None
    db_session.flush()
    done = _post(client, "/account/totp/disable", code=_now_code(secret))
    assert (done.status_code, done.headers["location"]) == (303, "/account")
    db_session.refresh(user)
    assert (user.totp_secret, user.totp_last_step, user.failed_logins) == (None, None, 0)
    assert len(_entries(db_session, "user.totp_disable")) == 1


def test_password_change_wrong_current_refused_right_one_ends_other_sessions(
    web_app: FastAPI, client: TestClient, db_session: Session, world: World
) -> None:
    user = _with_password(db_session, world.users["county_analyst"])
    assert _login(client, "county_analyst", PASSWORD).status_code == 303
    with TestClient(web_app, follow_redirects=False) as other:
        assert _login(other, "county_analyst", PASSWORD).status_code == 303
        form = {"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
        wrong = _post(client, "/account/password", current_password="not the password", **form)
        assert wrong.status_code == 400 and "wrong current password" in wrong.text
        differ = {"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD + "!"}
        assert _post(client, "/account/password", current_password=PASSWORD, **differ).status_code == 400
        weak = {"new_password": "short", "new_password_again": "short"}
        assert _post(client, "/account/password", current_password=PASSWORD, **weak).status_code == 400
        db_session.refresh(user)
        assert (user.password_hash, user.failed_logins) == (_HASH, 1)

        done = _post(client, "/account/password", current_password=PASSWORD, **form)
        assert (done.status_code, done.headers["location"]) == (303, "/account")
        assert "密码已修改" in client.get("/account").text  # this session carries on
        assert other.get("/account").headers["location"] == "/login"  # the other one ended
    db_session.refresh(user)
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD) and user.failed_logins == 0
    client.cookies.clear()
    assert _login(client, "county_analyst", PASSWORD).status_code == 401
    assert _login(client, "county_analyst", NEW_PASSWORD).status_code == 303
    assert [e.details for e in _entries(db_session, "user.password_change_refused")] == [
        {"username": "county_analyst", "locked": False}
    ]
    assert [e.actor_name for e in _entries(db_session, "user.password_change")] == ["county_analyst"]


def test_wrong_current_passwords_lock_the_account_and_end_the_session(
    client: TestClient, db_session: Session, world: World
) -> None:
    user = _with_password(db_session, world.users["county_viewer"])
    sign_in(client, user)
    form = {
        "current_password": "wrong guess!",
        "new_password": NEW_PASSWORD,
        "new_password_again": NEW_PASSWORD,
    }
    statuses = [_post(client, "/account/password", **form).status_code for _ in range(4)]
    csrf = _csrf(client, "/account")
    statuses.append(client.post("/account/password", data={**form, "csrf_token": csrf}).status_code)
    assert statuses == [400, 400, 400, 400, 401]
    assert client.get("/account").headers["location"] == "/login"
    db_session.refresh(user)
    assert user.locked_until is not None and user.password_hash == _HASH
    [lockout] = _entries(db_session, "user.lockout")
    assert (lockout.actor_name, lockout.details["username"], lockout.details["failures"]) == (
        "system:lockout",
        "county_viewer",
        5,
    )


def test_login_failures_and_lockout_are_audited_without_password(
    client: TestClient, db_session: Session, world: World
) -> None:
    _with_password(db_session, world.users["county_leader"])
    assert [_login(client, "county_leader", "wrong password").status_code for _ in range(5)] == [401] * 5
    assert _login(client, "county_leader", PASSWORD).status_code == 401  # locked
    assert _login(client, "wrong password", PASSWORD).status_code == 401  # a password in the name box
    failed = _entries(db_session, "user.login_failed")
    assert [(e.actor_name, e.details["username"], e.details["reason"]) for e in failed] == [
        ("anonymous", "county_leader", "wrong_password")
    ] * 5 + [("anonymous", "county_leader", "locked"), ("anonymous", None, "unknown_user")]
    assert {e.details["step"] for e in failed} == {"password"}
    assert len(_entries(db_session, "user.lockout")) == 1
    stored = json.dumps([e.details for e in db_session.scalars(select(AuditEntry))], ensure_ascii=False)
    assert PASSWORD not in stored and "wrong password" not in stored and "testclient" not in stored
    assert audit.verify(db_session).ok


def test_wrong_totp_code_at_login_is_audited_as_the_code_step(
    client: TestClient, db_session: Session, world: World
) -> None:
    user = _with_password(db_session, world.users["county_leader"])
    secret = user.totp_secret = totp.new_secret()
    db_session.flush()
    _login(client, "county_leader", PASSWORD)
    csrf = _csrf(client, "/login/totp")
    assert (
        client.post("/login/totp", data={"code": _wrong_code(secret), "csrf_token": csrf}).status_code == 401
    )
    [failed] = _entries(db_session, "user.login_failed")
    assert failed.details == {"username": "county_leader", "step": "totp", "reason": "wrong_code"}


def test_api_login_failure_is_audited(client: TestClient, db_session: Session, world: World) -> None:
    _with_password(db_session, world.users["county_leader"])
    csrf = client.get("/api/v1/session").json()["csrf_token"]
    body = {"username": "county_leader", "password": "nope nope nope"}
    assert client.post("/api/v1/session", json=body, headers={"X-CSRF-Token": csrf}).status_code == 401
    assert [e.details["reason"] for e in _entries(db_session, "user.login_failed")] == ["wrong_password"]


def test_administrator_resets_totp_with_a_reason(
    client: TestClient, db_session: Session, world: World
) -> None:
    target = world.users["county_handler"]
    target.totp_secret, target.totp_last_step = totp.new_secret(), 5
    db_session.flush()
    admin = world.users["admin"]
    csrf = sign_in(client, admin)
    page = client.get("/admin/users")
    assert f'action="/admin/users/{target.id}/totp-reset"' in page.text
    path = f"/admin/users/{target.id}/totp-reset"
    blank = client.post(path, data={"reason": "  ", "csrf_token": csrf})
    assert blank.status_code == 400 and "reason is required" in blank.text
    db_session.refresh(target)
    assert target.totp_secret is not None
    done = client.post(path, data={"reason": "手机遗失", "csrf_token": csrf})
    assert (done.status_code, done.headers["location"]) == (303, "/admin/users")
    db_session.refresh(target)
    assert (target.totp_secret, target.totp_last_step) == (None, None)
    assert (
        client.post("/admin/users/999999/totp-reset", data={"reason": "x", "csrf_token": csrf}).status_code
        == 404
    )
    api = client.post(
        f"/api/v1/users/{target.id}/totp-reset", json={"reason": "再次确认"}, headers={"X-CSRF-Token": csrf}
    )
    assert api.status_code == 200 and api.json()["totp_on"] is False
    resets = _entries(db_session, "user.totp_reset")
    assert [(e.actor_name, e.object_id, e.details) for e in resets] == [
        ("admin", str(target.id), {"username": "county_handler", "reason": "手机遗失", "was_on": True}),
        ("admin", str(target.id), {"username": "county_handler", "reason": "再次确认", "was_on": False}),
    ]


@pytest.mark.parametrize(
    ("path", "form"),
    [
        (
            "/account/password",
            {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
        ),
        ("/account/totp/enrol", {}),
        ("/account/totp/confirm", {"code": "123456"}),
        ("/account/totp/disable", {"code": "123456"}),
        ("/admin/users/{viewer}/totp-reset", {"reason": "手机遗失"}),
    ],
)
@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_every_account_change_needs_the_csrf_token(
    client: TestClient, db_session: Session, world: World, path: str, form: dict[str, str], token: str | None
) -> None:
    viewer = _with_password(db_session, world.users["county_viewer"])
    viewer.totp_secret = totp.new_secret()
    db_session.flush()
    actor = world.users["admin"] if path.startswith("/admin") else viewer
    sign_in(client, actor)
    data = form | ({"csrf_token": token} if token is not None else {})
    assert client.post(path.format(viewer=viewer.id), data=data).status_code == 403
    db_session.refresh(viewer)
    assert (viewer.password_hash, viewer.totp_secret is not None, viewer.failed_logins) == (_HASH, True, 0)
    assert _entries(db_session, "user.password_change") + _entries(db_session, "user.totp_reset") == []
