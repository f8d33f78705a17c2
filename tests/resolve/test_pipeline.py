"""Person linkage end to end on a small county: exact, probabilistic, review, unlinked."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from qingfeng.engine import DuckDBWarehouse
from qingfeng.resolve.judgements import Judgement, JudgementStore
from qingfeng.resolve.pipeline import ResolutionSummary, export_links, resolve
from qingfeng.resolve.review import judge, pending_reviews
from qingfeng.resolve.training import make_id, population
from qingfeng.settings import Settings

Builder = Callable[..., DuckDBWarehouse]

WANG_LI = make_id("141181", date(1980, 5, 7), 24)  # 王丽 F
ZHANG_WEI = make_id("141181", date(1975, 11, 3), 13)  # 张伟 M
SHAN_MING = make_id("141182", date(1962, 2, 9), 31)  # 单明 M
TWIN_A = make_id("141181", date(1990, 1, 1), 11)  # 李强 M, same name and birth date as TWIN_B
TWIN_B = make_id("141182", date(1990, 1, 1), 53)
LI_MING = make_id("141102", date(1980, 5, 5), 17)  # 李明 M


def person(id_number: str, name: str, gender: str, household: str = "H9") -> dict[str, Any]:
    born = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    return {
        "id_number": id_number,
        "name": name,
        "gender": gender,
        "birth_date": born,
        "household_id": household,
    }


def typo(id_number: str) -> str:
    """Last digit of the sequence mistyped: the check character no longer fits."""
    wrong = "5" if id_number[16] != "5" else "7"
    return id_number[:16] + wrong + id_number[17]


@pytest.fixture(scope="module")
def county() -> list[dict[str, Any]]:
    background = [
        {**vars(p), "birth_date": p.birth_date, "household_id": f"B{i}"}
        for i, p in enumerate(population(2_000, seed=3))
    ]
    named = [
        person(WANG_LI, "王丽", "F", "H1"),
        person(ZHANG_WEI, "张伟", "M", "H1"),
        person(SHAN_MING, "单明", "M", "H2"),
        person(TWIN_A, "李强", "M", "H3"),
        person(TWIN_B, "李强", "M", "H4"),
        person(LI_MING, "李明", "M", "H5"),
    ]
    return background + named


def death(record_id: str, id_number: str | None, name: str, gender: str, born: str) -> dict[str, Any]:
    return {
        "record_id": record_id,
        "id_number": id_number,
        "name": name,
        "gender": gender,
        "birth_date": born,
        "death_date": "2023-03-01",
    }


DEATHS = [
    death("D1", WANG_LI, "王丽", "F", "1980-05-07"),  # valid ID: exact
    death("D2", typo(WANG_LI), "王莉", "F", "1980-05-07"),  # typo ID, homophone name
    death("D3", None, "张玮", "M", "1975-11-03"),  # empty ID, homophone name
    death("D4", None, "李强", "M", "1990-01-01"),  # ambiguous: two 李强 born that day
    death("D5", None, "李明", "M", "1975-09-17"),  # near miss: 李明 born another day
    death("D6", WANG_LI[:6] + WANG_LI[8:17], "王丽", "F", "1980-05-07"),  # old 15-digit ID: widened, exact
    death("D7", "", "单明", "M", "1962-09-02"),  # empty ID, day and month swapped
]


def scan(wh: DuckDBWarehouse, judgements: Path) -> ResolutionSummary:
    return resolve(wh, settings=Settings(), judgements_path=judgements)


@pytest.fixture
def resolved(
    build_warehouse: Builder, county: list[dict[str, Any]], tmp_path: Path
) -> tuple[DuckDBWarehouse, ResolutionSummary]:
    wh = build_warehouse(persons=county, deaths=DEATHS)
    return wh, scan(wh, tmp_path / "judgements.sqlite")


def links_by_key(wh: DuckDBWarehouse) -> dict[str, dict[str, Any]]:
    return {link["key"]: link for link in export_links(wh)}


def test_valid_id_links_exactly(resolved: tuple[DuckDBWarehouse, ResolutionSummary]) -> None:
    links = links_by_key(resolved[0])
    assert links["D1"] == {
        "table": "deaths",
        "key": "D1",
        "person_id": WANG_LI,
        "method": "exact",
        "probability": 1.0,
    }


def test_typo_id_with_homophone_name_links_probabilistically(
    resolved: tuple[DuckDBWarehouse, ResolutionSummary],
) -> None:
    link = links_by_key(resolved[0])["D2"]
    assert (link["person_id"], link["method"]) == (WANG_LI, "probabilistic")
    assert link["probability"] >= 0.95


def test_empty_id_with_homophone_name_links(resolved: tuple[DuckDBWarehouse, ResolutionSummary]) -> None:
    link = links_by_key(resolved[0])["D3"]
    assert (link["person_id"], link["method"]) == (ZHANG_WEI, "probabilistic")


def test_day_month_swap_with_unusual_surname_links(
    resolved: tuple[DuckDBWarehouse, ResolutionSummary],
) -> None:
    assert links_by_key(resolved[0])["D7"]["person_id"] == SHAN_MING


def test_ambiguous_record_stays_unlinked_and_is_queued(
    resolved: tuple[DuckDBWarehouse, ResolutionSummary],
) -> None:
    wh = resolved[0]
    assert links_by_key(wh)["D4"]["method"] == "unlinked"
    cases = [c for c in pending_reviews(wh) if c.record["name"] == "李强"]
    assert len(cases) == 1
    assert {c.person["id_number"] for c in cases[0].candidates} == {TWIN_A, TWIN_B}
    assert cases[0].records == ["deaths:D4"]
    assert cases[0].reason == "close second candidate"


def test_near_miss_namesake_with_other_birth_date_is_not_linked(
    resolved: tuple[DuckDBWarehouse, ResolutionSummary],
) -> None:
    link = links_by_key(resolved[0])["D5"]
    assert (link["person_id"], link["method"]) == (None, "unlinked")


def test_summary_counts_every_record(resolved: tuple[DuckDBWarehouse, ResolutionSummary]) -> None:
    assert resolved[1] == ResolutionSummary(
        linked_exact=2, linked_probabilistic=3, linked_by_review=0, unlinked=2, queued_for_review=1
    )


def test_link_detail_names_the_comparison_levels(resolved: tuple[DuckDBWarehouse, ResolutionSummary]) -> None:
    wh = resolved[0]
    detail = json.loads(
        wh.scalar(
            "SELECT l.detail FROM person_links l JOIN raw.deaths d ON d._row_id = l.row_id "
            "WHERE d.record_id = 'D2'"
        )
    )
    assert detail["levels"]["name"].startswith("same pinyin")
    assert detail["levels"]["id_number"].startswith("one typo or swap")
    assert detail["levels"]["birth_date"].startswith("same date")
    assert detail["match_weight"] > 4


def test_judgements_are_reused_on_the_next_scan(
    build_warehouse: Builder, county: list[dict[str, Any]], tmp_path: Path
) -> None:
    store_path = tmp_path / "judgements.sqlite"
    wh = build_warehouse(persons=county, deaths=DEATHS)
    scan(wh, store_path)
    (case,) = [c for c in pending_reviews(wh) if c.record["name"] == "李强"]
    judge(JudgementStore(store_path), case, TWIN_B, Judgement.MATCH, reviewer="reviewer-1")

    again = build_warehouse(persons=county, deaths=DEATHS)  # a later scan, fresh warehouse
    summary = scan(again, store_path)
    link = links_by_key(again)["D4"]
    assert (link["person_id"], link["method"], link["probability"]) == (TWIN_B, "review", 1.0)
    assert summary.linked_by_review == 1
    assert summary.queued_for_review == 0
    assert [c for c in pending_reviews(again) if c.record["name"] == "李强"] == []


def test_no_match_judgement_lets_the_other_candidate_link(
    build_warehouse: Builder, county: list[dict[str, Any]], tmp_path: Path
) -> None:
    store_path = tmp_path / "judgements.sqlite"
    wh = build_warehouse(persons=county, deaths=DEATHS)
    scan(wh, store_path)
    (case,) = [c for c in pending_reviews(wh) if c.record["name"] == "李强"]
    judge(JudgementStore(store_path), case, TWIN_A, Judgement.NO_MATCH)
    again = build_warehouse(persons=county, deaths=DEATHS)
    scan(again, store_path)
    assert (links_by_key(again)["D4"]["person_id"], links_by_key(again)["D4"]["method"]) == (
        TWIN_B,
        "probabilistic",
    )


def test_pension_with_typo_id_and_same_name_links_but_name_alone_does_not(
    build_warehouse: Builder, county: list[dict[str, Any]], tmp_path: Path
) -> None:
    pensions = [
        {
            "payment_id": "P1",
            "id_number": typo(ZHANG_WEI),
            "name": "张伟",
            "month": "2023-01-01",
            "amount": 100,
        },
        {"payment_id": "P2", "id_number": None, "name": "张伟", "month": "2023-01-01", "amount": 100},
        {"payment_id": "P3", "id_number": ZHANG_WEI, "name": "张伟", "month": "2023-02-01", "amount": 100},
    ]
    wh = build_warehouse(persons=county, pension_payments=pensions)
    scan(wh, tmp_path / "j.sqlite")
    links = links_by_key(wh)
    assert [(links[k]["person_id"], links[k]["method"]) for k in ("P1", "P2", "P3")] == [
        (ZHANG_WEI, "probabilistic"),
        (None, "unlinked"),
        (ZHANG_WEI, "exact"),
    ]
    view = wh.query("SELECT payment_id, person_id, link_method FROM pension_payments ORDER BY payment_id")
    assert [r["link_method"] for r in view] == ["probabilistic", "unlinked", "exact"]


def test_without_weak_records_splink_is_not_needed(
    build_warehouse: Builder, county: list[dict[str, Any]], tmp_path: Path
) -> None:
    wh = build_warehouse(persons=county, deaths=[DEATHS[0]])
    summary = scan(wh, tmp_path / "j.sqlite")
    assert summary == ResolutionSummary(1, 0, 0, 0, 0)
    assert wh.scalar("SELECT count(*) FROM review_queue") == 0


def test_without_persons_everything_stays_unlinked(build_warehouse: Builder, tmp_path: Path) -> None:
    wh = build_warehouse(deaths=DEATHS)
    summary = scan(wh, tmp_path / "j.sqlite")
    assert summary == ResolutionSummary(0, 0, 0, len(DEATHS), 0)
