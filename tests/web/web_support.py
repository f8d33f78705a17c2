"""Web fixtures: the app on the shared test database (SQLite and PostgreSQL), and helpers to act
as a user of the test world. Import `client_fixture, web_app_fixture` into a test module to use them.

The app's sessions join the test's outer transaction on the same connection (each request's
commit releases a savepoint), so a test sees what its requests wrote and everything is rolled
back at the end. Authorisation tests sign in by forging the session cookie with the test secret
(what SessionMiddleware itself writes): the login form is tested on its own, with real passwords.
"""

from __future__ import annotations

import json
import secrets
from base64 import b64encode
from collections.abc import Iterator

import itsdangerous
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from qingfeng.settings import Settings
from qingfeng.users.models import User
from qingfeng.web.app import SESSION_COOKIE, WebOptions, create_app
from qingfeng.web.deps import session_stamp

TEST_SECRET = "test-secret-" + "x" * 40


@pytest.fixture(name="web_app")
def web_app_fixture(db_session: Session) -> FastAPI:
    connection = db_session.connection()

    def factory() -> Session:
        return Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)

    settings = Settings(secret_key=TEST_SECRET, database_url="sqlite://")
    return create_app(settings, session_factory=factory, options=WebOptions(login_floor_seconds=0.0))  # type: ignore[arg-type]


@pytest.fixture(name="client")
def client_fixture(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app, base_url="http://testserver", follow_redirects=False) as test_client:
        yield test_client


def session_cookie(data: dict[str, object]) -> str:
    """The cookie value Starlette's SessionMiddleware would write for `data`."""
    payload = b64encode(json.dumps(data).encode("utf-8"))
    return itsdangerous.TimestampSigner(TEST_SECRET).sign(payload).decode("utf-8")


def sign_in(client: TestClient, user: User) -> str:
    """Make `client` a signed-in session of `user`; returns the session's CSRF token."""
    return sign_in_as(client, user.id, session_stamp(user))


def sign_in_as(client: TestClient, user_id: int, stamp: str) -> str:
    csrf = secrets.token_urlsafe(32)
    client.cookies.set(SESSION_COOKIE, session_cookie({"uid": user_id, "stamp": stamp, "csrf": csrf}))
    return csrf
