"""Every role x every endpoint (pages and API) x own / other jurisdiction: allowed or refused.

The expectation is computed from three rules, each stated once below:
1. no session: pages redirect to /login (303), the API answers 401;
2. the role lacks the endpoint's permission (users.permissions): 403, before any lookup;
3. the clue lies outside the user's jurisdiction: 404, the same answer as for a clue that
   does not exist (its existence does not leak);
4. otherwise the endpoint's success status for the roles the services let through
   (`allowed`), and 403 for the others (e.g. a leader recusing from a clue not given to them).
   My-account changes that need a credential the matrix world's users do not have (a current
   password, a TOTP code) expect the service's own refusal, 400, from every signed-in role: it
   shows the request got past authentication and CSRF; tests/web/test_account.py has the rest.
Every request carries the right CSRF token: the CSRF rule is tested on its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session
from tests.store_fixtures import World, build_world, clue_line
from web_support import TEST_SECRET, client_fixture, sign_in_as, web_app_fixture  # noqa: F401

from qingfeng.clues.models import Clue
from qingfeng.clues.service import import_clues
from qingfeng.settings import Settings
from qingfeng.users.permissions import Action
from qingfeng.web.app import WebOptions, create_app
from qingfeng.web.deps import session_stamp

OTHER_SUBJECT = "141182195001010013"
SECOND_MODEL = "medical_claim_after_death"
ROLE_USERS = {
    "administrator": "admin",
    "leader": "county_leader",
    "handler": "county_handler",
    "analyst": "county_analyst",
    "viewer": "county_viewer",
}
READERS = frozenset({"leader", "handler", "analyst", "viewer"})
ADMINS = frozenset({"administrator"})
EVERYONE = READERS | ADMINS


@dataclass
class Case:
    """The test world's ids an endpoint's path and body are built from."""

    clue: int
    sibling: int
    """A second clue about the same subject, in the same jurisdiction as `clue` (merge target)."""
    world: World
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str
    action: Action | None
    """The permission the role needs; None: any signed-in user."""
    allowed: frozenset[str]
    ok: int
    jurisdictional: bool = False
    body: Callable[[Case], dict[str, Any]] | None = None
    upload: bool = False

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")


def _clue_line_file(case: Case) -> bytes:
    line = {"model": "subsidy_after_death", "subject": "141181196001010015", "amount": 100.0}
    return (json.dumps(line) + "\n").encode()


LEADER = frozenset({"leader"})
IMPORTERS = frozenset({"leader", "analyst"})
WORKERS = frozenset({"leader", "handler", "analyst"})


def _assign(case: Case) -> dict[str, Any]:
    return {"handler_id": case.world.users["west_handler"].id, "reason": "分派"}


def _new_user(case: Case) -> dict[str, Any]:
    return {"username": "new.viewer", "password": "a long new password", "role": "viewer"}


def _new_unit(case: Case) -> dict[str, Any]:
    return {"name_zh": "北镇纪委", "region_id": case.world.regions["south_town"].id}


def _new_region(case: Case) -> dict[str, Any]:
    return {
        "code": "141181103",
        "level": "township",
        "name_zh": "北镇",
        "parent_id": case.world.regions["xiaoyi"].id,
    }


def _pages() -> list[Endpoint]:
    c = "/clues/{clue}"
    return [
        Endpoint("inbox", "GET", "/clues", Action.CLUE_READ, READERS, 200),
        Endpoint("detail", "GET", c, Action.CLUE_READ, READERS, 200, True),
        Endpoint(
            "transition",
            "POST",
            c + "/transition",
            Action.CLUE_TRANSITION,
            WORKERS,
            303,
            True,
            lambda case: {"action": "triage", "reason": "研判"},
        ),
        Endpoint("assign_form", "GET", c + "/assign", Action.CLUE_ASSIGN, LEADER, 200, True),
        Endpoint("assign", "POST", c + "/assign", Action.CLUE_ASSIGN, LEADER, 303, True, _assign),
        Endpoint(
            "recuse",
            "POST",
            c + "/recuse",
            Action.CLUE_RECUSE,
            frozenset({"handler"}),
            303,
            True,
            lambda case: {"reason": "亲属关系"},
        ),
        Endpoint(
            "merge",
            "POST",
            c + "/merge",
            Action.CLUE_MERGE,
            LEADER,
            303,
            True,
            lambda case: {"into": case.sibling, "reason": "同一对象"},
        ),
        Endpoint("overdue", "GET", "/overdue", Action.CLUE_READ, READERS, 200),
        Endpoint("import", "POST", "/clues/import", Action.CLUE_IMPORT, IMPORTERS, 200, upload=True),
        Endpoint("admin_users", "GET", "/admin/users", Action.ADMIN_USERS, ADMINS, 200),
        Endpoint(
            "admin_user_create", "POST", "/admin/users", Action.ADMIN_USERS, ADMINS, 303, body=_new_user
        ),
        Endpoint(
            "admin_user_active",
            "POST",
            "/admin/users/{viewer}/active",
            Action.ADMIN_USERS,
            ADMINS,
            303,
            body=lambda case: {"active": "0"},
        ),
        Endpoint(
            "admin_user_unlock", "POST", "/admin/users/{viewer}/unlock", Action.ADMIN_USERS, ADMINS, 303
        ),
        Endpoint("admin_units", "GET", "/admin/units", Action.ADMIN_UNITS, ADMINS, 200),
        Endpoint(
            "admin_unit_create", "POST", "/admin/units", Action.ADMIN_UNITS, ADMINS, 303, body=_new_unit
        ),
        Endpoint("admin_regions", "GET", "/admin/regions", Action.ADMIN_REGIONS, ADMINS, 200),
        Endpoint(
            "admin_region_create",
            "POST",
            "/admin/regions",
            Action.ADMIN_REGIONS,
            ADMINS,
            303,
            body=_new_region,
        ),
        Endpoint("docs", "GET", "/docs", None, EVERYONE, 200),
        *_account_pages(),
    ]


def _account_pages() -> list[Endpoint]:
    new_password = {"new_password": "a long new password", "new_password_again": "a long new password"}
    return [
        Endpoint("account", "GET", "/account", None, EVERYONE, 200),
        Endpoint(
            "account_password",
            "POST",
            "/account/password",
            None,
            EVERYONE,
            400,
            body=lambda case: {"current_password": "not their password", **new_password},
        ),
        Endpoint("account_totp_enrol", "POST", "/account/totp/enrol", None, EVERYONE, 303),
        Endpoint(
            "account_totp_confirm",
            "POST",
            "/account/totp/confirm",
            None,
            EVERYONE,
            400,
            body=lambda case: {"code": "123456"},
        ),
        Endpoint(
            "account_totp_disable",
            "POST",
            "/account/totp/disable",
            None,
            EVERYONE,
            400,
            body=lambda case: {"code": "123456"},
        ),
        Endpoint(
            "admin_user_totp_reset",
            "POST",
            "/admin/users/{viewer}/totp-reset",
            Action.ADMIN_USERS,
            ADMINS,
            303,
            body=lambda case: {"reason": "手机遗失"},
        ),
    ]


def _api() -> list[Endpoint]:
    c = "/api/v1/clues/{clue}"
    return [
        Endpoint("api_list", "GET", "/api/v1/clues", Action.CLUE_READ, READERS, 200),
        Endpoint("api_get", "GET", c, Action.CLUE_READ, READERS, 200, True),
        Endpoint(
            "api_transition",
            "POST",
            c + "/transition",
            Action.CLUE_TRANSITION,
            WORKERS,
            200,
            True,
            lambda case: {"action": "triage", "reason": "研判"},
        ),
        Endpoint("api_assign", "POST", c + "/assign", Action.CLUE_ASSIGN, LEADER, 200, True, _assign),
        Endpoint(
            "api_recuse",
            "POST",
            c + "/recuse",
            Action.CLUE_RECUSE,
            frozenset({"handler"}),
            200,
            True,
            lambda case: {"reason": "亲属关系"},
        ),
        Endpoint(
            "api_merge",
            "POST",
            c + "/merge",
            Action.CLUE_MERGE,
            LEADER,
            200,
            True,
            lambda case: {"into": case.sibling, "reason": "同一对象"},
        ),
        Endpoint("api_overdue", "GET", "/api/v1/overdue", Action.CLUE_READ, READERS, 200),
        Endpoint(
            "api_import", "POST", "/api/v1/clues/import", Action.CLUE_IMPORT, IMPORTERS, 200, upload=True
        ),
        Endpoint("api_users", "GET", "/api/v1/users", Action.ADMIN_USERS, ADMINS, 200),
        Endpoint("api_user_create", "POST", "/api/v1/users", Action.ADMIN_USERS, ADMINS, 201, body=_new_user),
        Endpoint(
            "api_user_active",
            "POST",
            "/api/v1/users/{viewer}/active",
            Action.ADMIN_USERS,
            ADMINS,
            200,
            body=lambda case: {"active": False},
        ),
        Endpoint("api_user_unlock", "POST", "/api/v1/users/{viewer}/unlock", Action.ADMIN_USERS, ADMINS, 200),
        Endpoint(
            "api_user_totp_reset",
            "POST",
            "/api/v1/users/{viewer}/totp-reset",
            Action.ADMIN_USERS,
            ADMINS,
            200,
            body=lambda case: {"reason": "手机遗失"},
        ),
        Endpoint("api_units", "GET", "/api/v1/units", Action.ADMIN_UNITS, ADMINS, 200),
        Endpoint("api_unit_create", "POST", "/api/v1/units", Action.ADMIN_UNITS, ADMINS, 201, body=_new_unit),
        Endpoint("api_regions", "GET", "/api/v1/regions", Action.ADMIN_REGIONS, ADMINS, 200),
        Endpoint(
            "api_region_create",
            "POST",
            "/api/v1/regions",
            Action.ADMIN_REGIONS,
            ADMINS,
            201,
            body=_new_region,
        ),
    ]


ENDPOINTS = _pages() + _api()
ROLES = [*ROLE_USERS, "anonymous"]


def _cases() -> list[Any]:
    params = []
    for endpoint in ENDPOINTS:
        places = ("own", "other") if endpoint.jurisdictional else ("own",)
        for role in ROLES:
            for place in places:
                params.append(pytest.param(endpoint, role, place, id=f"{endpoint.name}-{role}-{place}"))
    return params


def expected_status(endpoint: Endpoint, role: str, place: str) -> int:
    from qingfeng.users.permissions import allowed

    if role == "anonymous":
        return 401 if endpoint.api else 303
    if endpoint.action is not None and not allowed(role, endpoint.action):
        return 403
    if endpoint.jurisdictional and place == "other":
        return 404
    return endpoint.ok if role in endpoint.allowed else 403


@dataclass(frozen=True)
class MatrixWorld:
    """The test world and its clues, built once a module; each test runs in a savepoint."""

    connection: Connection
    users: dict[str, tuple[int, str]]
    """username -> (id, session stamp)"""
    own: Case
    other: Case


def _build(session: Session) -> tuple[World, dict[str, int]]:
    world = build_world(session)

    def make(**kwargs: Any) -> int:
        line = clue_line(**kwargs)
        import_clues(session, lines=[line], actor="system:import", scan_label="scan-1")
        query = select(Clue.id).where(Clue.model_id == line["model"], Clue.subject_key == line["subject"])
        return int(session.scalars(query).one())

    other_place: dict[str, Any] = {
        "subject": OTHER_SUBJECT,
        "region_code": "141182",
        "village": "汾村",
        "relatives": (),
    }
    ids = {
        "own": make(),
        "own_sibling": make(model=SECOND_MODEL),
        "other": make(**other_place),
        "other_sibling": make(model=SECOND_MODEL, **other_place),
    }
    own, other = session.get(Clue, ids["own"]), session.get(Clue, ids["other"])
    assert own is not None and other is not None
    own.assigned_unit = world.units["xiaoyi"]
    own.assigned_handler = world.users["county_handler"]
    other.assigned_unit = world.units["fenyang"]
    session.flush()
    return world, ids


@pytest.fixture(scope="module")
def matrix_world(db_engine: Engine) -> Iterator[MatrixWorld]:
    with db_engine.connect() as connection:
        outer = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        world, ids = _build(session)
        users = {name: (u.id, session_stamp(u)) for name, u in world.users.items()}
        yield MatrixWorld(
            connection,
            users,
            own=Case(clue=ids["own"], sibling=ids["own_sibling"], world=world),
            other=Case(clue=ids["other"], sibling=ids["other_sibling"], world=world),
        )
        session.close()
        outer.rollback()


@pytest.fixture
def matrix_client(matrix_world: MatrixWorld) -> Iterator[TestClient]:
    connection = matrix_world.connection
    savepoint = connection.begin_nested()

    def factory() -> Session:
        return Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)

    app = create_app(
        Settings(secret_key=TEST_SECRET), session_factory=factory, options=WebOptions(login_floor_seconds=0.0)
    )  # type: ignore[arg-type]
    try:
        with TestClient(app, follow_redirects=False) as test_client:
            yield test_client
    finally:
        if savepoint.is_active:
            savepoint.rollback()


def _send(client: TestClient, endpoint: Endpoint, case: Case, csrf: str) -> int:
    path = endpoint.path.format(clue=case.clue, viewer=case.world.users["county_viewer"].id)
    body = endpoint.body(case) if endpoint.body else {}
    headers = {"X-CSRF-Token": csrf}
    if endpoint.method == "GET":
        return client.get(path, headers=headers).status_code
    if endpoint.upload:
        files = {"file": ("clues.jsonl", _clue_line_file(case), "application/json")}
        return client.post(path, headers=headers, files=files).status_code
    if endpoint.api:
        return client.post(path, headers=headers, json=body).status_code
    return client.post(path, headers=headers, data=body).status_code


@pytest.mark.parametrize(("endpoint", "role", "place"), _cases())
def test_matrix(
    matrix_client: TestClient, matrix_world: MatrixWorld, endpoint: Endpoint, role: str, place: str
) -> None:
    case = matrix_world.own if place == "own" else matrix_world.other
    if role == "anonymous":
        csrf = matrix_client.get("/api/v1/session").json()["csrf_token"]
    else:
        user_id, stamp = matrix_world.users[ROLE_USERS[role]]
        csrf = sign_in_as(matrix_client, user_id, stamp)
    assert _send(matrix_client, endpoint, case, csrf) == expected_status(endpoint, role, place)


def test_matrix_covers_every_route(web_app) -> None:  # type: ignore[no-untyped-def]
    """A new page or API route must be added to the matrix (or to the public list here)."""
    public = {"/", "/login", "/login/totp", "/logout", "/lang", "/api/v1/session", "/api/v1/openapi.json"}
    routes = {(m, r.path) for r in web_app.routes if hasattr(r, "methods") for m in r.methods if m != "HEAD"}
    covered = {
        (e.method, e.path.replace("{clue}", "{clue_id}").replace("{viewer}", "{user_id}")) for e in ENDPOINTS
    }
    missing = {(m, p) for m, p in routes if p not in public and (m, p) not in covered}
    assert missing == set()


@pytest.mark.parametrize(
    ("endpoint_name", "role", "place", "status"),
    [
        ("transition", "viewer", "own", 403),
        ("inbox", "administrator", "own", 403),
        ("detail", "leader", "other", 404),
        ("api_get", "analyst", "other", 404),
        ("recuse", "leader", "own", 403),
        ("assign", "handler", "own", 403),
        ("api_user_create", "leader", "own", 403),
        ("admin_users", "administrator", "own", 200),
        ("detail", "anonymous", "own", 303),
        ("api_list", "anonymous", "own", 401),
        ("account", "viewer", "own", 200),
        ("account", "administrator", "own", 200),
        ("account_totp_enrol", "anonymous", "own", 303),
        ("admin_user_totp_reset", "leader", "own", 403),
        ("api_user_totp_reset", "administrator", "own", 200),
    ],
)
def test_matrix_rules_pinned(endpoint_name: str, role: str, place: str, status: int) -> None:
    """A few cells written out by hand, so the rules above cannot drift without a test failing."""
    endpoint = next(e for e in ENDPOINTS if e.name == endpoint_name)
    assert expected_status(endpoint, role, place) == status
