"""A real browser (Debian's chromium driven by Playwright) walks a pension clue from the inbox
to a closed case: log in, filter, read the evidence, assign, verify, file, investigate,
prosecute, record funds recovered, close. Screenshots go to test-artifacts/browser/.

Playwright's own browser downloads are never used: the test launches /usr/bin/chromium
(scripts/install-browser.sh installs it) and skips, loudly, only when it is absent.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.store_fixtures import clue_line

from qingfeng.clues.service import import_clues
from qingfeng.db import session_scope, upgrade
from qingfeng.settings import Settings
from qingfeng.users.demo import DemoCredential, seed_demo
from qingfeng.web.app import WebOptions, create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
TREE: dict[str, Any] = {
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
            "children": [
                {"code": "141181100201", "level": "village", "name_zh": "东村", "name_en": "East Village"}
            ],
        },
        {"code": "141181101", "level": "township", "name_zh": "西镇", "name_en": "West Town"},
    ],
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _seed(url: str) -> dict[str, DemoCredential]:
    upgrade(url)
    with session_scope(url) as session:
        credentials = seed_demo(session, region_tree=TREE)
        lines = [clue_line(), clue_line(model="medical_claim_after_death", title="死亡后仍报销医疗费")]
        import_clues(session, lines=lines, actor="system:import", scan_label="browser-test")
    return {c.username: c for c in credentials}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, DemoCredential]]]:
    import uvicorn

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'store.db'}"
    credentials = _seed(url)
    app = create_app(Settings(database_url=url, secret_key=os.urandom(32).hex()), options=WebOptions())
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", credentials
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            "!!! BROWSER TEST NOT RUN: /usr/bin/chromium is absent. Run scripts/install-browser.sh "
            "(apt-get install chromium) !!!"
        )
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="!!! BROWSER TEST NOT RUN: no playwright !!!"
    )
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _take(page: Any, action: str, reason: str, **fields: str) -> None:
    """Fill and submit the action card `action` on the clue page, wait for the page to come back."""
    card = page.locator(f'form[data-action="{action}"]')
    for name, value in fields.items():
        field = card.locator(f'[name="{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    card.locator('[name="reason"]').fill(reason)
    with page.expect_navigation():
        card.locator('button[type="submit"]').click()
    assert page.locator("#action-error").count() == 0, page.locator("#action-error").inner_text()


def test_pension_clue_from_inbox_to_closed_case(
    live_server: tuple[str, dict[str, DemoCredential]], browser: Any
) -> None:
    base, credentials = live_server
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status == 404 else None)

    leader = credentials["leader"]
    page.goto(f"{base}/login")
    _shot(page, "01-login")
    page.fill('input[name="username"]', leader.username)
    page.fill('input[name="password"]', leader.password)
    with page.expect_navigation():
        page.click('form[action="/login"] button[type="submit"]')
    assert page.url.endswith("/clues")
    assert page.locator("a.clue-link").count() == 2

    with page.expect_response(lambda r: "/clues?" in r.url and r.request.headers.get("hx-request") == "true"):
        page.select_option("#filter-model", "pension_after_death")
    page.wait_for_function("document.querySelectorAll('a.clue-link').length === 1")
    assert "model=pension_after_death" in page.url
    _shot(page, "02-inbox-filtered")

    with page.expect_navigation():
        page.locator("a.clue-link").first.click()
    assert page.locator("#evidence tbody tr").count() == 1
    assert "P000123" in page.locator("#evidence").inner_text()
    assert "死亡" in page.locator("#explanation").inner_text()
    _shot(page, "03-clue-detail")

    with page.expect_navigation():
        page.click("#assign-link")
    handler = credentials["handler"]
    page.get_by_role("radio", name=f"{handler.username} (承办人)", exact=True).check()
    page.fill('input[name="reason"]', "由县院承办")
    _shot(page, "04-assign")
    with page.expect_navigation():
        page.click('form[action$="/assign"] button[type="submit"]')
    assert page.locator("#clue-handler").inner_text() == handler.username

    _take(page, "triage", "开始研判")
    _take(page, "verify", "初步核实")
    _shot(page, "05-verification")
    _take(page, "file_case", "证据充分，立案")
    _take(page, "investigate", "开始调查")
    _take(page, "transfer_for_prosecution", "移送审查起诉")
    _take(page, "decide_prosecute", "决定起诉")
    _take(
        page,
        "record_outcome",
        "登记结果",
        sentence="有期徒刑一年",
        funds_recovered="1470.00",
        suggestion_issued="true",
    )
    assert "1,470.00" in page.locator("#outcome").inner_text()
    _shot(page, "06-outcome-recorded")
    _take(page, "close", "结案", rectification="社保局已停发并追回")
    assert page.locator("#clue-state").inner_text() == "已结案"
    assert page.locator("form[data-action]").count() == 1  # only "reopen" is left, for a leader
    assert page.locator('form[data-action="reopen"]').count() == 1
    assert page.locator("#timeline li").count() == 10
    _shot(page, "07-closed")
    context.close()
    assert problems == [], problems


def test_offline_api_docs_render_under_the_csp(
    live_server: tuple[str, dict[str, DemoCredential]], browser: Any
) -> None:
    base, credentials = live_server
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: problems.append(f"off-site {r.url}") if not r.url.startswith(base) else None)
    viewer = credentials["viewer"]
    page.goto(f"{base}/login")
    page.fill('input[name="username"]', viewer.username)
    page.fill('input[name="password"]', viewer.password)
    with page.expect_navigation():
        page.click('form[action="/login"] button[type="submit"]')
    page.goto(f"{base}/docs")
    page.wait_for_selector(".swagger-ui .info", timeout=15000)
    assert page.locator(".opblock").count() > 10
    _shot(page, "08-api-docs")
    context.close()
    assert problems == [], problems
