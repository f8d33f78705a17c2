"""DuckDB within its limits: memory_limit, threads and temp_directory are applied, and a large sort spills."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from qingfeng.engine import DuckDBWarehouse


def test_limits_are_applied(tmp_path: Path) -> None:
    wh = DuckDBWarehouse(memory_limit="96MB", threads=1, temp_directory=tmp_path / "spill")
    try:
        assert wh.scalar("SELECT current_setting('threads')") == 1
        assert wh.scalar("SELECT current_setting('temp_directory')") == str(tmp_path / "spill")
        assert wh.scalar("SELECT current_setting('memory_limit')") in {"91.5 MiB", "96.0 MB", "96MB"}
    finally:
        wh.close()


PAYMENTS = 2_400_000
GROUPED = """SELECT count(*) AS people, sum(total) AS total FROM (
    SELECT id_number, sum(amount) AS total, string_agg(bank_account, ',' ORDER BY bank_account) AS accounts
    FROM raw.pension_payments GROUP BY id_number)"""


def _load_payments(wh: DuckDBWarehouse) -> None:
    """~2.4 million payment rows, about 150 MB once grouped with their accounts: more than 64 MB."""
    wh.execute(
        """CREATE TABLE raw.pension_payments AS
            SELECT 'P' || lpad(CAST(i AS VARCHAR), 9, '0') AS payment_id,
                   'ID' || CAST(i % 200000 AS VARCHAR) AS id_number,
                   CAST(100 + i % 97 AS DECIMAL(18, 2)) AS amount,
                   md5(CAST(i AS VARCHAR)) AS bank_account
            FROM range(2400000) t(i)"""
    )


def test_a_query_larger_than_the_memory_limit_spills_instead_of_failing(tmp_path: Path) -> None:
    wh = DuckDBWarehouse(memory_limit="64MB", threads=1, temp_directory=tmp_path / "spill")
    try:
        _load_payments(wh)
        expected_total = sum(100 + i % 97 for i in range(PAYMENTS))
        assert wh.query(GROUPED) == [{"people": 200000, "total": expected_total}]
    finally:
        wh.close()


def test_the_same_query_without_a_spill_directory_runs_out_of_memory() -> None:
    """Proof that the work above needed the disk: with spilling disabled, 64 MB is not enough."""
    wh = DuckDBWarehouse(memory_limit="64MB", threads=1)
    try:
        wh.execute("SET temp_directory = ''")
        with pytest.raises(duckdb.OutOfMemoryException):
            _load_payments(wh)
            wh.query(GROUPED)
    finally:
        wh.close()
