from __future__ import annotations

from fastapi.testclient import TestClient
from tests.store_fixtures import World
from web_support import client_fixture, sign_in, web_app_fixture  # noqa: F401


def test_inbox_lists_own_clue(client: TestClient, world: World, make_clue) -> None:  # type: ignore[no-untyped-def]
    clue = make_clue()
    sign_in(client, world.users["county_leader"])
    response = client.get("/clues")
    assert response.status_code == 200, response.text
    assert f"/clues/{clue.id}" in response.text
    detail = client.get(f"/clues/{clue.id}")
    assert detail.status_code == 200, detail.text
    assert "P000123" in detail.text
