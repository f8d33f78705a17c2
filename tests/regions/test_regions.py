"""The region tree: paths, subtrees, lookups of a clue's region_code and village."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from tests.store_fixtures import World

from qingfeng.regions.service import (
    add_region,
    ancestor_at_level,
    find_region,
    is_unit_within,
    subtree_region_ids,
    unit_subtree_ids,
)


def test_paths_and_subtrees(db_session: Session, world: World) -> None:
    r = world.regions
    assert (
        r["east_village"].path
        == f"/{r['province'].id}/{r['city'].id}/{r['xiaoyi'].id}/{r['east_town'].id}/{r['east_village'].id}/"
    )
    assert set(subtree_region_ids(db_session, r["east_town"])) == {
        r["east_town"].id,
        r["east_village"].id,
        r["north_village"].id,
    }
    assert len(subtree_region_ids(db_session, r["xiaoyi"])) == 7
    assert ancestor_at_level(db_session, r["east_village"], "township") is r["east_town"]
    assert ancestor_at_level(db_session, r["xiaoyi"], "township") is None


def test_find_region_by_code_and_village(db_session: Session, world: World) -> None:
    r = world.regions
    assert find_region(db_session, code="141181", village="西村") is r["west_village"]
    assert find_region(db_session, code="141181", village="汾村") is r["xiaoyi"]  # 汾村 is in another county
    assert find_region(db_session, code="141181", village=None) is r["xiaoyi"]
    assert find_region(db_session, code="000000", village="东村") is None
    assert find_region(db_session, code=None) is None


def test_unit_tree(db_session: Session, world: World) -> None:
    u = world.units
    assert set(unit_subtree_ids(db_session, u["east_town"])) == {u["east_town"].id, u["east_village"].id}
    assert is_unit_within(db_session, u["east_village"], u["city"])
    assert not is_unit_within(db_session, u["west_town"], u["east_town"])


def test_unknown_level_is_refused(db_session: Session) -> None:
    with pytest.raises(ValueError, match="unknown region level 'hamlet'"):
        add_region(db_session, code="1", level="hamlet", name_zh="x")
