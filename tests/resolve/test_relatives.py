"""The relatives graph: household and relations, one step, symmetric, never oneself."""

from __future__ import annotations

from collections.abc import Callable

from qingfeng.engine import DuckDBWarehouse
from qingfeng.resolve.relatives import are_related, build_relatives, relatives_of

A, B, C, D, E = (f"14118119800101{n:03d}X" for n in range(1, 6))


def test_household_and_relations_one_step_symmetric(build_warehouse: Callable[..., DuckDBWarehouse]) -> None:
    persons = [
        {"id_number": A, "household_id": "H1"},
        {"id_number": B, "household_id": "H1"},
        {"id_number": C, "household_id": "H2"},
        {"id_number": D, "household_id": None},
        {"id_number": E, "household_id": None},
    ]
    relations = [
        {"id_number_a": C, "id_number_b": D, "relation": "spouse"},
        {"id_number_a": D, "id_number_b": D, "relation": "sibling"},  # a self-pair is ignored
    ]
    wh = build_warehouse(persons=persons, relations=relations)
    build_relatives(wh)
    assert relatives_of(wh, A) == {B}
    assert relatives_of(wh, B) == {A}
    assert relatives_of(wh, C) == {D}
    assert relatives_of(wh, D) == {C}  # symmetric: D is only on side b
    assert relatives_of(wh, E) == set()  # no household shared through NULL
    assert are_related(wh, D, C)
    assert not are_related(wh, A, C)  # not two steps, not across households
    assert not are_related(wh, D, D)
    assert wh.query(f"SELECT via FROM relatives WHERE person_id = '{C}'") == [{"via": "spouse"}]


def test_without_tables_the_graph_is_empty(build_warehouse: Callable[..., DuckDBWarehouse]) -> None:
    wh = build_warehouse()
    build_relatives(wh)
    assert relatives_of(wh, A) == set()
    assert relatives_of(wh, "x' OR '1'='1") == set()
