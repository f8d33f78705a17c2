"""The per-file identity dictionaries agree with `qingfeng.contract.ids` value for value."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qingfeng.contract import ids
from qingfeng.engine import DuckDBWarehouse
from qingfeng.ingest.identities import IdentityKind, build_dictionaries, dictionary_sql, dictionary_table

CON = duckdb.connect()


def _dictionary(kind: IdentityKind, values: list[str | None]) -> dict[str, tuple[str | None, bool]]:
    raw_values = "SELECT DISTINCT x AS raw FROM (SELECT unnest(?::VARCHAR[]) AS x) WHERE x IS NOT NULL"
    rows = CON.execute(dictionary_sql(kind, raw_values), [values]).fetchall()
    return {raw: (norm, valid) for raw, norm, valid in rows}


def _python(kind: IdentityKind, value: str) -> tuple[str | None, bool]:
    if kind is IdentityKind.USCC:
        norm = ids.normalise_uscc(value)
        return norm, ids.is_valid_uscc(norm)
    norm = ids.normalise_id(value)
    if kind is IdentityKind.ID18:
        return norm, ids.is_valid_id18(norm)
    return norm, ids.is_valid_id18(norm) or ids.is_valid_uscc(norm)


KNOWN = [
    "",
    "   ",
    "11010519491231002X",  # the GB 11643 example: valid
    "11010519491231002x",  # lower-case x: normalised, valid
    " 110105 19491231 002X ",  # spaces inside and around
    "\u3000110105194912310021\t",  # ideographic space and tab around, wrong check
    "110105491231002",  # 15 digits: widened to 11010519491231002X
    "11010519490230002X",  # 30 February: invalid birth date
    "11010519000229002X",  # 1900 is not a leap year
    "110105000012310021",  # year 0000
    "110105194912310020",  # wrong check character
    "91350100M000100Y43",  # a valid credit code
    "91350100m000100y43",  # lower-case credit code
    "91350100M000100Y44",  # wrong check character
    "9135010OM000100Y43",  # letter O is not in the alphabet
    "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits: not an ID
    "abc",
]


@pytest.mark.parametrize("kind", list(IdentityKind))
def test_known_values_agree(kind: IdentityKind) -> None:
    found = _dictionary(kind, [*KNOWN, None])
    assert found == {value: _python(kind, value) for value in KNOWN}


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


DIGITS = st.text(alphabet="0123456789", min_size=17, max_size=17)
USCC_CHARS = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17)
NOISE = st.text(alphabet="0123456789xXabIOZ -\t\u3000", max_size=20)


@st.composite
def id_like(draw: st.DrawFn) -> str:
    """Valid IDs and credit codes, 15-digit IDs, typos, case and spacing variants."""
    day = draw(st.dates())
    first17 = draw(DIGITS)
    base = first17[:6] + f"{day.year:04d}{day.month:02d}{day.day:02d}" + first17[14:]
    kind = draw(st.sampled_from(["valid", "raw17", "typo", "id15", "noise", "uscc", "lower"]))
    if kind in ("valid", "typo", "lower"):
        value = base + ids.id18_check_char(base)
        if kind == "typo":
            pos = draw(st.integers(0, 17))
            value = value[:pos] + draw(st.sampled_from("0123456789X")) + value[pos + 1 :]
        value = value.lower() if kind == "lower" else value
    elif kind == "raw17":
        value = base + draw(st.sampled_from("0123456789Xx"))
    elif kind == "id15":
        value = base[:6] + base[8:]
        value = value[:15]
    elif kind == "uscc":
        code = draw(USCC_CHARS)
        value = code + ids.uscc_check_char(code)
    else:
        value = draw(NOISE)
    pad = st.text(alphabet=" \t\u3000", max_size=2)
    return draw(pad) + value + draw(pad)


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
