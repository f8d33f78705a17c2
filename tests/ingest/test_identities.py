"""The per-file identity dictionaries agree with `qingfeng.contract.ids` value for value."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.id_cases import KNOWN_IDS, id_like

from qingfeng.contract import ids
from qingfeng.engine import DuckDBWarehouse
from qingfeng.ingest.identities import IdentityKind, build_dictionaries, dictionary_sql, dictionary_table

CON = duckdb.connect()


def _dictionary(kind: IdentityKind, values: Sequence[str | None]) -> dict[str, tuple[str | None, bool]]:
    raw_values = "SELECT DISTINCT x AS raw FROM (SELECT unnest(?::VARCHAR[]) AS x) WHERE x IS NOT NULL"
    rows = CON.execute(dictionary_sql(kind, raw_values), [list(values)]).fetchall()
    return {raw: (norm, valid) for raw, norm, valid in rows}


def _python(kind: IdentityKind, value: str) -> tuple[str | None, bool]:
    if kind is IdentityKind.USCC:
        norm = ids.normalise_uscc(value)
        return norm, ids.is_valid_uscc(norm)
    norm = ids.normalise_id(value)
    if kind is IdentityKind.ID18:
        return norm, ids.is_valid_id18(norm)
    return norm, ids.is_valid_id18(norm) or ids.is_valid_uscc(norm)


@pytest.mark.parametrize("kind", list(IdentityKind))
def test_known_values_agree(kind: IdentityKind) -> None:
    found = _dictionary(kind, [*KNOWN_IDS, None])
    assert found == {value: _python(kind, value) for value in KNOWN_IDS}


def test_known_values_exact() -> None:
    found = _dictionary(
        IdentityKind.ID18, ["11010519491231002x", "110105491231002", " ", "110105194912310020"]
    )
    assert found == {
        "11010519491231002x": ("11010519491231002X", True),
        "110105491231002": ("11010519491231002X", True),
        " ": (None, False),
        "110105194912310020": ("110105194912310020", False),
    }
    party = _dictionary(IdentityKind.PARTY, ["91350100m000100y43", "110105491231002"])
    assert party == {
        "91350100m000100y43": ("91350100M000100Y43", True),
        "110105491231002": ("11010519491231002X", True),
    }


@settings(max_examples=40, deadline=None)
@given(st.lists(id_like(), min_size=1, max_size=40))
def test_generated_values_agree(values: list[str]) -> None:
    for kind in IdentityKind:
        assert _dictionary(kind, values) == {v: _python(kind, v) for v in values}


def test_build_dictionaries_takes_distinct_values_of_all_columns() -> None:
    wh = DuckDBWarehouse()
    wh.execute(
        "CREATE TEMP TABLE qf_src AS SELECT * FROM (VALUES ('110105491231002', 'x'), "
        "('110105491231002', NULL), (NULL, '11010519491231002X')) t(c0, c1)"
    )
    build_dictionaries(wh, "qf_src", {IdentityKind.ID18: ['"c0"', '"c1"']})
    rows = wh.query(f"SELECT raw, norm, valid FROM {dictionary_table(IdentityKind.ID18)} ORDER BY raw")
    assert rows == [
        {"raw": "11010519491231002X", "norm": "11010519491231002X", "valid": True},
        {"raw": "110105491231002", "norm": "11010519491231002X", "valid": True},
        {"raw": "x", "norm": "X", "valid": False},
    ]
    wh.close()
