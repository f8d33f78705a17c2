"""How fast is the clue inbox's first page with 100,000 clues in the store?

    python benchmarks/inbox.py                                  # SQLite file in a temp dir
    python benchmarks/inbox.py --db postgresql+psycopg://postgres@127.0.0.1:5432/postgres

With a PostgreSQL URL a fresh database `qingfeng_bench_<pid>` is created on that server and
dropped at the end. The store gets a region tree (3 counties x 10 townships x 10 villages),
one procuratorate per county and 100,000 clues spread over all villages, inserted in bulk.
A county leader logs in through the login form; the benchmark then times GET /clues (the
full page: filters, count, first 20 rows, template) through the ASGI app, and the service
call `list_clues` alone, and prints the median and 90th percentile in milliseconds.
Target: median below 300 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from qingfeng.cases.queries import list_clues
from qingfeng.clues.models import Clue
from qingfeng.db import make_engine, session_factory, upgrade
from qingfeng.regions.models import Region
from qingfeng.regions.service import add_region, add_unit
from qingfeng.settings import Settings
from qingfeng.users.service import create_user

MODELS = [
    "pension_after_death",
    "medical_claim_after_death",
    "subsidy_after_death",
    "duplicate_subsidy",
    "dibao_with_assets",
]
STATES = ["received", "triage", "preliminary_verification", "filed_case", "closed_unfounded", "closed"]
SECTORS = ["social_security", "healthcare", "rural_revitalisation", "procurement"]
PASSWORD = "benchmark password 1"


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """A fresh, migrated clue store; dropped (PostgreSQL) or deleted (SQLite) afterwards."""
    if url is None or url.startswith("sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            path = f"sqlite:///{folder}/bench.db"
            upgrade(path)
            yield path
        return
    name = f"qingfeng_bench_{os.getpid()}"
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    bench_url = make_url(url).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(bench_url)
        yield bench_url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def build_tree(session: Any) -> tuple[list[Region], int]:
    """The region tree and units; returns the villages and the id of county 1's unit."""
    province = add_region(session, code="140000", level="province", name_zh="山西省")
    city = add_region(session, code="141100", level="city", name_zh="吕梁市", parent=province)
    villages: list[Region] = []
    first_unit = 0
    for c in range(3):
        county = add_region(session, code=f"14118{c + 1}", level="county", name_zh=f"县{c + 1}", parent=city)
        unit = add_unit(session, name_zh=f"县{c + 1}检察院", region=county)
        first_unit = first_unit or unit.id
        for t in range(10):
            town = add_region(
                session, code=f"{county.code}{t:03d}", level="township", name_zh=f"镇{c}{t}", parent=county
            )
            for v in range(10):
                villages.append(
                    add_region(
                        session,
                        code=f"{town.code}{v:03d}",
                        level="village",
                        name_zh=f"村{c}{t}{v}",
                        parent=town,
                    )
                )
    return villages, first_unit


def clue_rows(villages: list[Region], count: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(20240601)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for number in range(count):
        created = start + timedelta(minutes=number * 5)
        person = f"1411811950{number:08d}"
        model = MODELS[number % len(MODELS)]
        yield {
            "source": "model",
            "model_id": model,
            "model_version": "1",
            "subject_key": person,
            "subject_kind": "person",
            "title_zh": f"线索 {number}",
            "title_en": f"Clue {number}",
            "sector": SECTORS[number % len(SECTORS)],
            "offence": "fraudulent_claims",
            "amount": Decimal(rng.randint(100, 100_000)),
            "score": 1.0,
            "region_id": villages[number % len(villages)].id,
            "state": STATES[number % len(STATES)],
            "state_entered_at": created,
            "due_at": created + timedelta(days=30),
            "explanation_zh": "死亡后仍领取",
            "explanation_en": "paid after death",
            "search_text": f"线索 {number}\n{person}\n{model}\n王某{number}",
            "created_at": created,
            "updated_at": created,
        }


def seed(url: str, count: int) -> None:
    engine = make_engine(url)
    with session_factory(engine)() as session:
        villages, unit_id = build_tree(session)
        create_user(session, username="county_leader", password=PASSWORD, role="leader", unit_id=unit_id)
        session.commit()
    rows = clue_rows(villages, count)
    with engine.begin() as conn:
        while batch := [row for _, row in zip(range(5000), rows, strict=False)]:
            conn.execute(insert(Clue), batch)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()


def timed(action: Callable[[], object], runs: int) -> list[float]:
    action()  # warm caches and compiled templates once
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(url: str, runs: int) -> dict[str, list[float]]:
    from fastapi.testclient import TestClient

    from qingfeng.web.app import WebOptions, create_app

    app = create_app(
        Settings(database_url=url, secret_key="bench" * 10), options=WebOptions(login_floor_seconds=0)
    )
    with TestClient(app, follow_redirects=False) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert token is not None
        login = {"username": "county_leader", "password": PASSWORD, "csrf_token": token.group(1)}
        assert client.post("/login", data=login).status_code == 303

        def page() -> None:
            response = client.get("/clues")
            assert response.status_code == 200 and "clue-link" in response.text

        page_ms = timed(page, runs)
    engine = make_engine(url)
    with session_factory(engine)() as session:
        from qingfeng.users.service import find_user

        viewer = find_user(session, "county_leader")
        assert viewer is not None
        service_ms = timed(lambda: list_clues(session, viewer=viewer, page_size=20), runs)
    engine.dispose()
    return {"GET /clues (page 1)": page_ms, "list_clues (service)": service_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="sqlite (default) or a PostgreSQL server URL")
    parser.add_argument("--clues", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with database(args.db) as url:
        started = time.perf_counter()
        seed(url, args.clues)
        backend, seconds = make_url(url).get_backend_name(), time.perf_counter() - started
        print(f"{backend}: {args.clues:,} clues seeded in {seconds:.1f} s")
        for name, samples in measure(url, args.runs).items():
            ordered = sorted(samples)
            p90 = ordered[int(0.9 * (len(ordered) - 1))]
            median = statistics.median(samples)
            print(f"  {name:<24} median {median:7.1f} ms   p90 {p90:7.1f} ms   ({args.runs} runs)")


if __name__ == "__main__":
    main()
