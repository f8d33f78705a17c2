"""A malformed CSV corpus with every kind of bad row: exact counts, reasons, lines and stored values."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from qingfeng.engine import DuckDBWarehouse
from qingfeng.ingest import LoadStatus, ingest_dataset

Writer = Callable[..., Path]

# Reordered columns, a padded header name, an extra column (note), a missing one (bank_account).
PENSION = [
    " month ,payment_id,amount,id_number,name,scheme,region_code,note",
    "2023-01,P001,100.50,11010519491231002x,张三,resident,110105,ok",  # 2: lower-case x
    "2023-13,P002,10.00,11010519491231002X,张三,resident,110105,",  # 3: bad month
    "2023-01,P003,-5.00,11010519491231002X,张三,resident,110105,",  # 4: negative
    "2023-01,P004,12.345,11010519491231002X,张三,resident,110105,",  # 5: 3 places
    '2023-01,P005,"1,200.00",11010519491231002X,张三,resident,110105,',  # 6: thousands separator
    "2023-01,,10.00,11010519491231002X,张三,resident,110105,",  # 7: empty key
    "2023-01,P006,10.00,11010519491231002X,张三,resident,110105,,surplus",  # 8: too many fields
    "2023-01,P007,10.00",  # 9: too few fields
    '2023-02,P008,12.3,11010519491231002X,"王\n五",employee,110105,"a, ""quoted"" note"',  # 10-11
    "2023-1,P009,10.00,11010519491231002X,张三,resident,110105,",  # 12: bad month after the newline
    "2023-01,P001,100.5,11010519491231002X,张三,resident,110105,ok",  # 13: identical duplicate of 2
    "2023-01,P001,999.00,11010519491231002X,张三,resident,110105,ok",  # 14: conflicting duplicate of 2
    "2023-03,P010,1.00, 110105 19491231 002X ,张三,resident,110105,",  # 15: spaces in the ID
    "2023-03,P011,2.00,110105491231002,张三,resident,110105,",  # 16: 15 digits
    "2023-03,P012,3.00,110105194912310020,张三,resident,110105,",  # 17: wrong check character
    "2023-03,P013,,,,,,",  # 18: empty cells are NULL: a valid row
    "2023-03,P014,0.1,11010519491231002X,张三,weird,110105,",  # 19: unexpected choice kept
    "x,P015,-1,11010519491231002X,张三,resident,110105,",  # 20: two problems
]


EXPECTED_QUARANTINE = [
    (3, 'month: "2023-13" is not a month (YYYY-MM)'),
    (4, 'amount: "-5.00" is negative (money must not be negative)'),
    (5, 'amount: "12.345" has more than 2 decimal places'),
    (6, 'amount: "1,200.00" has a thousands separator (write 1234.50, not 1,234.50)'),
    (7, "payment_id: key is empty"),
    (8, "too many fields: expected 8, found 9"),
    (9, "too few fields: expected 8, found 3"),
    (12, 'month: "2023-1" is not a month (YYYY-MM)'),
    (14, "conflicting duplicate of line 2"),
    (20, 'month: "x" is not a month (YYYY-MM); amount: "-1" is negative (money must not be negative)'),
]


@pytest.fixture(params=["\n", "\r\n"], ids=["lf", "crlf"])
def pension_folder(request: pytest.FixtureRequest, tmp_path: Path, write_csv: Writer) -> Path:
    write_csv(tmp_path / "ds", "pension_payments.csv", PENSION, newline=request.param, bom=True)
    return tmp_path / "ds"


def test_counts_add_up_exactly(wh: DuckDBWarehouse, pension_folder: Path) -> None:
    load = ingest_dataset(wh, pension_folder).load("pension_payments")
    assert load.status is LoadStatus.LOADED
    assert (load.rows_read, load.rows_loaded, load.rows_quarantined, load.duplicates_ignored) == (
        18,
        7,
        10,
        1,
    )
    assert load.missing_columns == ("bank_account",)
    assert load.extra_columns == ("note",)
    assert dict(load.quarantined_by_reason) == {
        "month: not a month": 3,
        "amount: negative money": 1,
        "amount: more than 2 decimal places": 1,
        "amount: thousands separator": 1,
        "payment_id: key is empty": 1,
        "too many fields": 1,
        "too few fields": 1,
        "conflicting duplicate": 1,
    }


def test_quarantine_reasons_and_lines(wh: DuckDBWarehouse, pension_folder: Path) -> None:
    ingest_dataset(wh, pension_folder)
    rows = wh.query("SELECT line, reason, file_id FROM raw._quarantine ORDER BY line")
    assert [(r["line"], r["reason"]) for r in rows] == EXPECTED_QUARANTINE
    assert {r["file_id"] for r in rows} == {1}


def test_quarantine_keeps_the_row_as_written(wh: DuckDBWarehouse, pension_folder: Path) -> None:
    ingest_dataset(wh, pension_folder)
    by_line = {
        r["line"]: json.loads(r["raw_row"]) for r in wh.query("SELECT line, raw_row FROM raw._quarantine")
    }
    assert by_line[6]["amount"] == "1,200.00"
    assert by_line[6]["month"] == "2023-01"  # header names trimmed
    assert by_line[8] == {"_text": "2023-01,P006,10.00,11010519491231002X,张三,resident,110105,,surplus"}


def test_loaded_rows_are_typed_with_lines(wh: DuckDBWarehouse, pension_folder: Path) -> None:
    ingest_dataset(wh, pension_folder)
    rows = wh.query(
        "SELECT payment_id, month, amount, id_number, id_number_raw, id_number_valid, name, scheme, note, "
        "bank_account, _line, _row_id, _file_id FROM raw.pension_payments ORDER BY _line"
    )
    assert [(r["payment_id"], r["_line"]) for r in rows] == [
        ("P001", 2),
        ("P008", 10),
        ("P010", 15),
        ("P011", 16),
        ("P012", 17),
        ("P013", 18),
        ("P014", 19),
    ]
    first = rows[0]
    assert first["month"] == date(2023, 1, 1)
    assert first["amount"] == Decimal("100.50")
    assert (first["id_number"], first["id_number_raw"], first["id_number_valid"]) == (
        "11010519491231002X",
        "11010519491231002x",
        True,
    )
    assert first["note"] == "ok" and first["bank_account"] is None
    assert len({r["_row_id"] for r in rows}) == len(rows)
    assert {r["_file_id"] for r in rows} == {1}


def test_quoted_newline_and_quotes_survive(wh: DuckDBWarehouse, pension_folder: Path) -> None:
    ingest_dataset(wh, pension_folder)
    row = wh.query("SELECT name, note, amount FROM raw.pension_payments WHERE payment_id = 'P008'")[0]
    assert row["name"] in ("王\n五", "王\r\n五")
    assert row["note"] == 'a, "quoted" note'
    assert row["amount"] == Decimal("12.30")


def test_ids_normalised_and_judged(wh: DuckDBWarehouse, pension_folder: Path) -> None:
    ingest_dataset(wh, pension_folder)
    rows = wh.query(
        "SELECT payment_id, id_number, id_number_raw, id_number_valid FROM raw.pension_payments "
        "WHERE payment_id IN ('P010', 'P011', 'P012', 'P013') ORDER BY payment_id"
    )
    assert [tuple(r.values()) for r in rows] == [
        ("P010", "11010519491231002X", " 110105 19491231 002X ", True),
        ("P011", "11010519491231002X", "110105491231002", True),
        ("P012", "110105194912310020", "110105194912310020", False),
        ("P013", None, None, False),
    ]


def test_unexpected_choice_kept_as_written(wh: DuckDBWarehouse, pension_folder: Path) -> None:
    ingest_dataset(wh, pension_folder)
    assert wh.scalar("SELECT scheme FROM raw.pension_payments WHERE payment_id = 'P014'") == "weird"
    assert wh.scalar("SELECT amount FROM raw.pension_payments WHERE payment_id = 'P013'") is None


def test_lines_after_rejected_rows_without_multiline_records(
    wh: DuckDBWarehouse, tmp_path: Path, write_csv: Writer
) -> None:
    header = "record_id,id_number,name,gender,birth_date,death_date,source"
    write_csv(
        tmp_path / "ds",
        "deaths.csv",
        [
            header,
            "D1,11010519491231002X,张三,M,1949-12-31,2023-01-05,civil",
            "D2,,x,M,1949-12-31,2023-01-05,civil,surplus",
            "D3,,x,M,1949-12-31,2023-02-30,civil",
            "D4,,x",
            "D5,,李四,F,1950-01-01,2023-03-01,police",
            "D5,,李四,F,1950-01-01,2023-03-01,police",
            "D6,,王五,F,1950-01-01,,police",
        ],
    )
    load = ingest_dataset(wh, tmp_path / "ds").load("deaths")
    assert (load.rows_read, load.rows_loaded, load.rows_quarantined, load.duplicates_ignored) == (7, 3, 3, 1)
    loaded = wh.query("SELECT record_id, _line FROM raw.deaths ORDER BY _line")
    assert [(r["record_id"], r["_line"]) for r in loaded] == [("D1", 2), ("D5", 6), ("D6", 8)]
    bad = wh.query("SELECT line, reason FROM raw._quarantine ORDER BY line")
    assert [(r["line"], r["reason"]) for r in bad] == [
        (3, "too many fields: expected 7, found 8"),
        (4, 'death_date: "2023-02-30" is not a date (YYYY-MM-DD)'),
        (5, "too few fields: expected 7, found 3"),
    ]


def test_blank_lines_and_multiline_rejects_keep_physical_lines(
    wh: DuckDBWarehouse, tmp_path: Path, write_csv: Writer
) -> None:
    write_csv(
        tmp_path / "ds",
        "deaths.csv",
        [
            "record_id,name,death_date",
            'R1,"a',
            'b",2023-01-01',
            "R2,x,2023-01-02,extra",
            "",
            'R4,"multi',
            "line",
            'three"',
            "R6,z,2023-01-03",
        ],
    )
    ingest_dataset(wh, tmp_path / "ds")
    loaded = wh.query("SELECT record_id, _line FROM raw.deaths ORDER BY _line")
    assert [(r["record_id"], r["_line"]) for r in loaded] == [("R1", 2), ("R6", 9)]
    bad = wh.query("SELECT line, reason, raw_row FROM raw._quarantine ORDER BY line")
    assert [(r["line"], r["reason"]) for r in bad] == [
        (4, "too many fields: expected 3, found 4"),
        (6, "too few fields: expected 3, found 2"),
    ]
    assert json.loads(bad[1]["raw_row"]) == {"_text": 'R4,"multi\nline\nthree"'}
