"""The benchmark harness: size parsing, the plain-SQL baseline on a small county, the report section."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import typer

from qingfeng.bench import sqlrun
from qingfeng.bench.report import markdown, ratio_lines, write_section
from qingfeng.bench.scan import Measurement
from qingfeng.cli.bench import parse_sizes
from qingfeng.contract import table
from tests.engine.county import small_county


def write_county(folder: Path) -> Path:
    for name, rows in small_county().items():
        columns = table(name).column_names
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows({c: row.get(c) for c in columns} for row in rows)
    return folder


def test_sizes_are_parsed_sorted_and_checked() -> None:
    assert parse_sizes("200000, 20_000,200000") == [20000, 200000]
    with pytest.raises(typer.BadParameter, match="'-5'"):
        parse_sizes("20000,-5")


def test_floor_reads_every_row_of_every_file(tmp_path: Path) -> None:
    county = small_county()
    rows = sqlrun.floor(write_county(tmp_path))
    assert rows == {name: len(records) for name, records in county.items()}


def test_plain_models_find_the_planted_problems(tmp_path: Path) -> None:
    dataset = write_county(tmp_path)
    clues = sqlrun.plain(dataset)
    assert len(clues) == 14
    people = [r["id_number"] for r in small_county()["persons"]]
    con = duckdb.connect()
    sql = sqlrun.PLAIN_SQL.read_text(encoding="utf-8")
    con.execute(sql.replace("{dataset}", str(dataset)).replace("{csv_options}", sqlrun.CSV_OPTIONS))
    overlap = con.execute("SELECT subject, amount FROM clue_overlapping_inpatient").fetchall()
    assert overlap == [(people[20], Decimal("1400.20"))]  # CX1 and CX2; CX3 shares CX2's provider


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert sqlrun.main(["floor", str(tmp_path / "nowhere")]) == 2
    assert sqlrun.main(["scan", str(tmp_path)]) == 2


RESULTS = [
    Measurement("floor", 1000, 5000, 1.0, 100.0, "3 tables"),
    Measurement("plain", 1000, 5000, 2.0, 120.0, "9 clues"),
    Measurement("scan", 1000, 5000, 8.0, 300.0, "9 clues"),
    Measurement("floor", 10000, 50000, 4.0, 150.0, "3 tables"),
    Measurement("plain", 10000, 50000, 5.0, 200.0, "90 clues"),
    Measurement("scan", 10000, 50000, 20.0, 500.0, "90 clues"),
]


def test_ratios_per_size_and_growth() -> None:
    assert ratio_lines(RESULTS) == [
        "Ratios:",
        "",
        "- 1,000 persons: scan/floor = 8.0, scan/plain = 4.0",
        "- 10,000 persons: scan/floor = 5.0, scan/plain = 4.0",
        "- 10,000 / 1,000 persons (10× the data): floor ×4.0, plain ×2.5, scan ×2.5",
    ]


def test_scan_section_is_replaced_and_other_sections_kept(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n## Scan\n\nold figures\n\n## Web\n\nkept\n", encoding="utf-8")
    section = markdown(RESULTS, when=datetime(2025, 1, 2, 3, 4, tzinfo=UTC))
    write_section(doc, section)
    text = doc.read_text(encoding="utf-8")
    assert "old figures" not in text
    assert text.endswith("## Web\n\nkept\n")
    assert "| 10,000 | 50,000 | scan | 20.00 | 500 | 2,500 | 90 clues |" in text
    assert "Measured 2025-01-02 03:04 UTC" in text
