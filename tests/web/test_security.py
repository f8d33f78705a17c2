"""Login over HTTP (lock-out, TOTP once), CSRF, headers, no existence leak, language, HTMX partials."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.store_fixtures import World
from web_support import client_fixture, sign_in, web_app_fixture  # noqa: F401

from qingfeng.users import passwords, totp
from qingfeng.users.models import User
from qingfeng.web.security import CONTENT_SECURITY_POLICY

PASSWORD = "a long enough password"
_HASH = passwords.hash_password(PASSWORD)


def _form_csrf(client: TestClient, path: str = "/login") -> str:
    page = client.get(path)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, page.text
    return match.group(1)


def _login(client: TestClient, username: str, password: str) -> int:
    csrf = _form_csrf(client)
    data = {"username": username, "password": password, "csrf_token": csrf}
    return client.post("/login", data=data).status_code


def _with_password(db_session: Session, user: User) -> User:
    user.password_hash = _HASH
    db_session.flush()
    return user


def test_login_logout_roundtrip(client: TestClient, db_session: Session, world: World) -> None:
    _with_password(db_session, world.users["county_leader"])
    assert _login(client, "county_leader", PASSWORD) == 303
    assert client.get("/clues").status_code == 200
    csrf = _form_csrf(client, "/clues")
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 303
    assert client.get("/clues").headers["location"] == "/login"


def test_five_failures_lock_the_account_over_http(
    client: TestClient, db_session: Session, world: World
) -> None:
    user = _with_password(db_session, world.users["county_leader"])
    assert [_login(client, "county_leader", "wrong password") for _ in range(5)] == [401] * 5
    db_session.refresh(user)
    assert user.failed_logins == 5 and user.locked_until is not None
    assert _login(client, "county_leader", PASSWORD) == 401
    assert _login(client, "nobody.at.all", PASSWORD) == 401


def test_login_answers_take_the_floor_time(
    web_app, client: TestClient, db_session: Session, world: World
) -> None:  # type: ignore[no-untyped-def]
    import time

    from qingfeng.web.app import WebOptions

    web_app.state.options = WebOptions(login_floor_seconds=0.3)
    _with_password(db_session, world.users["county_leader"])
    started = time.monotonic()
    assert _login(client, "nobody.at.all", "x") == 401
    assert time.monotonic() - started >= 0.3


def test_totp_code_cannot_be_used_twice(client: TestClient, db_session: Session, world: World) -> None:
    user = _with_password(db_session, world.users["county_leader"])
    user.totp_secret = totp.new_secret()
    db_session.flush()
    assert _login(client, "county_leader", PASSWORD) == 303
    code = totp.current_code(user.totp_secret, dt.datetime.now(dt.UTC))
    csrf = _form_csrf(client, "/login/totp")
    assert client.post("/login/totp", data={"code": code, "csrf_token": csrf}).status_code == 303
    assert client.get("/clues").status_code == 200
    client.cookies.clear()
    assert _login(client, "county_leader", PASSWORD) == 303
    csrf = _form_csrf(client, "/login/totp")
    assert client.post("/login/totp", data={"code": code, "csrf_token": csrf}).status_code == 401
    assert client.get("/clues").status_code == 303


def test_totp_step_without_password_step_is_refused(client: TestClient) -> None:
    csrf = _form_csrf(client)
    assert client.post("/login/totp", data={"code": "123456", "csrf_token": csrf}).status_code == 401


@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_state_change_without_the_csrf_token_is_refused(
    client: TestClient,
    world: World,
    make_clue,
    token: str | None,  # type: ignore[no-untyped-def]
) -> None:
    clue = make_clue()
    sign_in(client, world.users["county_leader"])
    form = {"action": "triage", "reason": "研判"} | ({"csrf_token": token} if token is not None else {})
    page = client.post(f"/clues/{clue.id}/transition", data=form)
    assert page.status_code == 403
    headers = {"X-CSRF-Token": token} if token is not None else {}
    api = client.post(
        f"/api/v1/clues/{clue.id}/transition", json={"action": "triage", "reason": "x"}, headers=headers
    )
    assert api.status_code == 403
    assert client.get(f"/api/v1/clues/{clue.id}").json()["state"] == "received"


def test_login_form_needs_csrf_too(client: TestClient, db_session: Session, world: World) -> None:
    _with_password(db_session, world.users["county_leader"])
    client.get("/login")
    assert client.post("/login", data={"username": "county_leader", "password": PASSWORD}).status_code == 403


def test_secure_headers_and_cookie_flags(client: TestClient, db_session: Session, world: World) -> None:
    _with_password(db_session, world.users["county_leader"])
    login_page = client.get("/login")
    assert login_page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert (
        "unsafe-inline" not in CONTENT_SECURITY_POLICY and "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    )
    assert login_page.headers["referrer-policy"] == "no-referrer"
    assert login_page.headers["x-frame-options"] == "DENY"
    assert login_page.headers["x-content-type-options"] == "nosniff"
    assert login_page.headers["cache-control"] == "no-store"
    cookie = login_page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert "<script>" not in login_page.text and " style=" not in login_page.text
    _login(client, "county_leader", PASSWORD)
    assert client.get("/clues").headers["cache-control"] == "no-store"
    assert client.get("/api/v1/clues").headers["cache-control"] == "no-store"
    static = client.get("/static/qingfeng.css")
    assert static.status_code == 200 and static.headers["cache-control"] == "public, max-age=3600"


def test_other_jurisdiction_clue_looks_like_a_missing_one(
    client: TestClient,
    world: World,
    make_clue,  # type: ignore[no-untyped-def]
) -> None:
    other = make_clue(subject="141182195001010013", region_code="141182", village="汾村", relatives=())
    sign_in(client, world.users["county_leader"])
    hidden, missing = client.get(f"/clues/{other.id}"), client.get("/clues/999999")
    assert hidden.status_code == missing.status_code == 404
    # identical but for the page's own path (echoed by the language switch)
    assert hidden.text.replace(f"/clues/{other.id}", "/clues/999999") == missing.text
    api_hidden, api_missing = client.get(f"/api/v1/clues/{other.id}"), client.get("/api/v1/clues/999999")
    assert api_hidden.status_code == api_missing.status_code == 404
    assert api_hidden.json() == api_missing.json()
    listing = client.get("/api/v1/clues").json()
    assert other.id not in [item["id"] for item in listing["items"]]


def test_logs_hold_no_address_identity_or_query(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    sign_in(client, world.users["county_leader"])
    with caplog.at_level(logging.INFO, logger="qingfeng.web"):
        client.get("/clues?q=141181194803120018", headers={"X-Forwarded-For": "10.1.2.3"})
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "GET /clues 200" in text
    for secret in ("141181194803120018", "county_leader", "10.1.2.3", "testclient"):
        assert secret not in text


def test_language_default_chinese_cookie_and_accept_language(client: TestClient) -> None:
    assert "登录" in client.get("/login").text
    assert "Log in" in client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    csrf = _form_csrf(client)
    switched = client.post("/lang", data={"lang": "en", "back": "//evil.example/", "csrf_token": csrf})
    assert switched.status_code == 303 and switched.headers["location"] == "/"
    assert "Log in" in client.get("/login").text


def test_inbox_htmx_partial_and_filters(client: TestClient, world: World, make_clue) -> None:  # type: ignore[no-untyped-def]
    pension = make_clue()
    medical = make_clue(model="medical_claim_after_death")
    sign_in(client, world.users["county_leader"])
    partial = client.get(
        "/clues?model=pension_after_death", headers={"HX-Request": "true", "HX-Target": "clue-results"}
    )
    assert partial.text.lstrip().startswith('<section id="clue-results">')
    assert f"/clues/{pension.id}" in partial.text and f'/clues/{medical.id}"' not in partial.text
    full = client.get("/clues?model=medical_claim_after_death")
    assert (
        "<html" in full.text
        and f"/clues/{medical.id}" in full.text
        and f'/clues/{pension.id}"' not in full.text
    )
    assert client.get("/clues?sort=nonsense").status_code == 400
    assert client.get("/clues?region=abc").status_code == 400


def test_detail_shows_only_the_actions_allowed_now(client: TestClient, world: World, make_clue) -> None:  # type: ignore[no-untyped-def]
    clue = make_clue()
    sign_in(client, world.users["county_analyst"])
    actions = re.findall(r'data-action="([a-z_]+)"', client.get(f"/clues/{clue.id}").text)
    assert actions == ["triage"]
    sign_in(client, world.users["county_viewer"])
    assert re.findall(r'data-action="([a-z_]+)"', client.get(f"/clues/{clue.id}").text) == []
    api = client.get(f"/api/v1/clues/{clue.id}").json()
    assert api["actions"] == [] and api["evidence"][0]["record_key"] == "P000123"


def test_assign_refusal_shows_reason_and_suggestions(
    client: TestClient,
    world: World,
    make_clue,  # type: ignore[no-untyped-def]
) -> None:
    clue = make_clue()
    csrf = sign_in(client, world.users["county_leader"])
    form = client.get(f"/clues/{clue.id}/assign").text
    assert "承办人与该线索对象同属东村" in form
    refused = client.post(
        f"/clues/{clue.id}/assign",
        data={"handler_id": str(world.users["east_handler"].id), "reason": "分派", "csrf_token": csrf},
    )
    assert refused.status_code == 409
    assert "应当回避" in refused.text and "西镇纪委" in refused.text and "南镇纪委" in refused.text
    api = client.post(
        f"/api/v1/clues/{clue.id}/assign",
        json={"handler_id": world.users["east_handler"].id, "reason": "分派"},
        headers={"X-CSRF-Token": csrf},
    )
    assert api.status_code == 409
    assert [u["name_zh"] for u in api.json()["suggestions"]] == ["西镇纪委", "南镇纪委"]


def test_openapi_and_offline_docs(client: TestClient, world: World) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/clues/{clue_id}/transition" in spec["paths"]
    sign_in(client, world.users["county_viewer"])
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/vendor/htmx/htmx.min.js").status_code == 200
