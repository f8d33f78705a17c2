"""The shared SQL fragments agree with the Python rules they stand for."""

from __future__ import annotations

import duckdb

from qingfeng.contract.ids import is_valid_id18
from qingfeng.contract.sql import id18_valid_sql
from qingfeng.models.library._sql import evidence, record_key
from tests.fixtures.warehouse import make_id, make_uscc


def test_person_holder_check_in_sql_matches_the_python_check_and_rejects_credit_codes() -> None:
    ids = [make_id("110101", f"19{70 + n % 30}0{1 + n % 9}1{n % 10}", n) for n in range(60)]
    typos = [i[:-1] + ("0" if i[-1] != "0" else "1") for i in ids]
    codes = [make_uscc(n, region) for n in range(40) for region in ("110000", "330100")]
    # near miss: the right check character on a day that does not exist is no resident ID
    no_such_day = make_id("110101", "19700230", 1)
    values = ids + typos + codes + [no_such_day, "11010119700101001", "", "ABCDEFGHIJKLMNOPQR"]
    con = duckdb.connect()
    con.execute("CREATE TABLE v (h VARCHAR)")
    con.executemany("INSERT INTO v VALUES (?)", [[x] for x in values])
    found = dict(con.execute(f"SELECT h, {id18_valid_sql('h')} FROM v").fetchall())
    assert found == {x: is_valid_id18(x) for x in values}
    assert not any(found[c] for c in codes)
    assert found[no_such_day] is False


def test_record_key_uses_the_key_column_or_the_line() -> None:
    assert record_key("deaths", "d") == "CAST(d.record_id AS VARCHAR)"
    assert record_key("bids", "b") == "'line:' || CAST(b._line AS VARCHAR)"


def test_evidence_carries_links_only_for_person_tables() -> None:
    assert "d.link_probability" in evidence("deaths", "d")
    assert "CAST(NULL AS DOUBLE)" in evidence("contracts", "c")
