"""Parquet and Excel readers: typed cells pass through canonical text so the CSV rules apply."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq

from qingfeng.engine import DuckDBWarehouse
from qingfeng.ingest import ingest_dataset
from qingfeng.ingest.excel_source import cell_text


def test_parquet_typed_columns(wh: DuckDBWarehouse, tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    folder.mkdir()
    data = pa.table(
        {
            "payment_id": ["P1", "P2", "P3", "P4", "P5"],
            "id_number": pa.array([110105194912310020, None, None, None, None], type=pa.int64()),
            "month": pa.array([date(2023, 1, 1), date(2023, 2, 1), date(2023, 3, 15), None, None]),
            "amount": pa.array([12.3, 0.1 + 0.2, 12.345, -1.0, 7.0], type=pa.float64()),
            "scheme": ["resident", "employee", "resident", "resident", "resident"],
        }
    )
    pq.write_table(data, folder / "pension_payments.parquet")
    load = ingest_dataset(wh, folder).load("pension_payments")
    assert (load.rows_read, load.rows_loaded, load.rows_quarantined) == (5, 3, 2)
    rows = wh.query(
        "SELECT payment_id, month, amount, id_number, _line FROM raw.pension_payments ORDER BY _line"
    )
    assert [tuple(r.values()) for r in rows] == [
        ("P1", date(2023, 1, 1), Decimal("12.30"), "110105194912310020", 2),
        ("P2", date(2023, 2, 1), Decimal("0.30"), None, 3),
        ("P5", None, Decimal("7.00"), None, 6),
    ]
    bad = wh.query("SELECT line, reason FROM raw._quarantine ORDER BY line")
    assert [tuple(r.values()) for r in bad] == [
        (4, 'month: "2023-03-15" is not a month (YYYY-MM); amount: "12.345" has more than 2 decimal places'),
        (5, 'amount: "-1" is negative (money must not be negative)'),
    ]


def test_excel_cells(wh: DuckDBWarehouse, tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    folder.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["record_id", "id_number", "name", "birth_date", "death_date", "note"])
    sheet.append(
        ["D1", 110105194912310020, "张三", datetime(1949, 12, 31), datetime(2023, 1, 5), 13800138000]
    )
    sheet.append([None, None, None, None, None, None])  # an empty row: skipped, its line not reused
    sheet.append(["D2", 1.10105194912310e17, "李四", "1950-01-01", "2023-02-30", 1.5])
    sheet.append(["D3", "11010519491231002x", "王五", None, datetime(2023, 3, 1), None, "beyond the header"])
    book.save(folder / "deaths.xlsx")
    load = ingest_dataset(wh, folder).load("deaths")
    assert (load.rows_read, load.rows_loaded, load.rows_quarantined) == (3, 1, 2)
    assert load.extra_columns == ("note",)
    row = wh.query(
        "SELECT record_id, id_number, id_number_valid, birth_date, death_date, note, _line FROM raw.deaths"
    )
    assert [tuple(r.values()) for r in row] == [
        ("D1", "110105194912310000", False, date(1949, 12, 31), date(2023, 1, 5), "13800138000", 2)
    ]
    bad = wh.query("SELECT line, reason FROM raw._quarantine ORDER BY line")
    assert [tuple(r.values()) for r in bad] == [
        (4, 'death_date: "2023-02-30" is not a date (YYYY-MM-DD)'),
        (5, "too many fields: a value in column 7, which has no header"),
    ]


def test_excel_cell_text() -> None:
    assert cell_text(1.10105194912310e17) == "110105194912310000"  # digits Excel dropped stay dropped
    assert cell_text(0.1 + 0.2) == "0.30"
    assert cell_text(12.345) == "12.345"
    assert cell_text(True) == "true"
    assert cell_text(datetime(2023, 1, 1, 8, 30)) == "2023-01-01T08:30:00"
    assert cell_text("") is None
