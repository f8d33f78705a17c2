"""The benchmark harness: size parsing, the plain-SQL baseline on a small county, the report section."""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from qingfeng.bench import sqlrun
from qingfeng.bench.report import markdown, ratio_lines, write_section
from qingfeng.bench.scan import BenchError, Measurement, Timed, measure_size, run_and_measure
from qingfeng.cli.bench import parse_sizes
from qingfeng.cli.main import app
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
    Measurement("floor", 1000, 5000, 1.0, 100.0, "3 tables", 1.5),
    Measurement("plain", 1000, 5000, 2.0, 120.0, "9 clues", 3.0),
    Measurement("scan", 1000, 5000, 8.0, 300.0, "9 clues", 9.0),
    Measurement("floor", 10000, 50000, 4.0, 150.0, "3 tables", 6.0),
    Measurement("plain", 10000, 50000, 5.0, 200.0, "90 clues", 9.5),
    Measurement("scan", 10000, 50000, 20.0, 500.0, "90 clues", 38.0),
]


def test_ratios_per_size_and_growth() -> None:
    assert ratio_lines(RESULTS) == [
        "Ratios:",
        "",
        "- 1,000 persons: scan/floor = 8.0, scan/plain = 4.0; in CPU-seconds 6.0 and 3.0",
        "- 10,000 persons: scan/floor = 5.0, scan/plain = 4.0; in CPU-seconds 6.3 and 4.0",
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
    assert "| 10,000 | 50,000 | scan | 20.00 | 38.0 | 1.9 | 500 | 2,500 | 90 clues |" in text
    assert "Measured 2025-01-02 03:04 UTC" in text


def test_a_process_is_measured_in_wall_and_cpu_seconds() -> None:
    """The CPU-seconds are the child's own: one that spins 0.6 s of CPU counts at least that, one
    that sleeps 0.5 s almost none (its wall time still counts)."""
    spin = "import time\nwhile time.process_time() < 0.6: pass\nprint('done')"
    busy = run_and_measure([sys.executable, "-c", spin])
    assert busy.output.strip() == "done"
    assert 0.6 <= busy.cpu_seconds <= busy.seconds * (os.cpu_count() or 1) + 0.05
    idle = run_and_measure([sys.executable, "-c", "import time; time.sleep(0.5)"])
    assert idle.seconds >= 0.5 and idle.cpu_seconds < 0.3
    assert idle.peak_rss_mb > 1


def test_a_failing_process_is_an_error_with_its_output() -> None:
    with pytest.raises(BenchError, match="exited 3: no county here"):
        run_and_measure([sys.executable, "-c", "import sys; print('no county here'); sys.exit(3)"])


def test_bench_scan_times_the_three_series_and_writes_the_report(tmp_path: Path) -> None:
    """`qingfeng bench scan` end to end on a 2,000-person county: three processes, each with wall
    and CPU seconds, the clues the scan wrote counted in the report, and the chart."""
    docs = tmp_path / "docs"
    result = CliRunner().invoke(
        app,
        ["bench", "scan", "--persons", "2000", "--data", str(tmp_path / "data"), "--docs", str(docs)],
    )
    assert result.exit_code == 0, result.output
    text = (docs / "benchmarks.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1:-1] for line in text.splitlines() if line.startswith("| 2,000 |")]
    assert [cells[2].strip() for cells in rows] == ["floor", "plain", "scan"]
    county = tmp_path / "data" / "county-2000-seed1-noise0.12"
    files = sorted(county.glob("*.csv"))
    read = sum(len(f.read_text(encoding="utf-8").splitlines()) - 1 for f in files)
    for cells in rows:
        assert int(cells[1].replace(",", "")) <= read  # records, not lines (a quoted field may span two)
        seconds, cpu = float(cells[3]), float(cells[4])
        assert seconds > 0 and 0 < cpu <= seconds * (os.cpu_count() or 1) + 0.05
    clues = (tmp_path / "data" / "county-2000-seed1-noise0.12.clues.jsonl").read_text().splitlines()
    assert rows[2][-1].strip() == f"{len(clues)} clues" and len(clues) > 0
    assert "; in CPU-seconds " in text
    assert (docs / "img" / "scan-benchmark.png").stat().st_size > 1000


def test_rounds_are_interleaved_and_reported_as_medians(tmp_path: Path) -> None:
    """Three rounds: floor, plain, scan, floor, ... in that order; each series reports the median of
    its wall and CPU seconds, the range of its wall seconds and its largest peak RSS."""
    county = tmp_path / "county-2000-seed1"
    county.mkdir()
    (county / ".complete").write_text("made by the test\n", encoding="utf-8")
    scripted = {
        "floor": [(3.0, 4.0, 100.0), (1.0, 2.0, 110.0), (2.0, 3.0, 90.0)],
        "plain": [(5.0, 9.0, 200.0), (4.0, 7.0, 210.0), (9.0, 8.0, 190.0)],
        "scan": [(20.0, 30.0, 300.0), (30.0, 50.0, 330.0), (10.0, 20.0, 310.0)],
    }
    order: list[str] = []

    def runner(command: Sequence[str]) -> Timed:
        series = "scan" if "scan" in command else command[-2]
        order.append(series)
        seconds, cpu, rss = scripted[series][sum(1 for s in order if s == series) - 1]
        output = {"floor": '{"persons": 7, "deaths": 3}', "plain": '{"a": 2, "b": 1}'}.get(series, "")
        return Timed(seconds, cpu, rss, output)

    results = measure_size(2000, 1, tmp_path, lambda _: None, repeat=3, runner=runner)
    assert order == ["floor", "plain", "scan"] * 3
    summary = [
        (m.series, m.rows, m.seconds, m.cpu_seconds, m.peak_rss_mb, m.fastest, m.slowest) for m in results
    ]
    assert summary == [
        ("floor", 10, 2.0, 3.0, 110.0, 1.0, 3.0),
        ("plain", 10, 5.0, 8.0, 210.0, 4.0, 9.0),
        ("scan", 10, 20.0, 30.0, 330.0, 10.0, 30.0),
    ]
    assert [m.output for m in results] == ["2 tables", "3 clues", "0 clues"]
    text = markdown(results, when=datetime(2025, 1, 2, 3, 4, tzinfo=UTC))
    assert "Each series ran 3 times, in interleaved rounds" in text
    assert "| 2,000 | 10 | scan | 20.00 | 10.00–30.00 | 30.0 | 1.5 | 330 | 0 | 0 clues |" in text
    with pytest.raises(ValueError, match="at least 1"):
        measure_size(2000, 1, tmp_path, lambda _: None, repeat=0, runner=runner)


def test_one_round_has_no_range_column() -> None:
    text = markdown(RESULTS, when=datetime(2025, 1, 2, 3, 4, tzinfo=UTC))
    assert "range (s)" not in text and "interleaved" not in text
