"""DuckDB, the default warehouse: one file (or memory), columnar, spills beyond its memory limit."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb

from qingfeng.engine.base import Column, Warehouse, check_lengths


class DuckDBWarehouse(Warehouse):
    dialect = "duckdb"

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        memory_limit: str | None = None,
        threads: int | None = None,
        temp_directory: Path | str | None = None,
    ) -> None:
        self.path = str(path) if path else ":memory:"
        self.con = duckdb.connect(self.path)
        if memory_limit:
            self.con.execute(f"SET memory_limit = '{memory_limit}'")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if temp_directory:
            self.con.execute(f"SET temp_directory = '{temp_directory}'")
        self.con.execute("SET preserve_insertion_order = true")
        self.con.execute("CREATE SCHEMA IF NOT EXISTS raw")

    def execute(self, sql: str) -> None:
        # Consume the result: DuckDB 2 leaves a pending result open otherwise, and a later
        # query on the same connection fails.
        self.con.execute(sql).fetchall()

    def query(self, sql: str) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql)
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def stream(self, sql: str, batch: int = 10_000) -> Iterator[dict[str, Any]]:
        cursor = self.con.cursor()
        try:
            cursor.execute(sql)
            names = [d[0] for d in cursor.description or []]
            while rows := cursor.fetchmany(batch):
                for row in rows:
                    yield dict(zip(names, row, strict=True))
        finally:
            cursor.close()

    def has_table(self, name: str, schema: str = "main") -> bool:
        found = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
            [schema, name],
        ).fetchone()
        return bool(found and found[0])

    def columns(self, name: str, schema: str = "main") -> list[str]:
        rows = self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
            "ORDER BY ordinal_position",
            [schema, name],
        ).fetchall()
        return [r[0] for r in rows]

    def write_columns(self, name: str, columns: Sequence[Column]) -> None:
        """The values travel as list parameters and are unnested in one statement (no pyarrow)."""
        check_lengths(columns)
        select = ", ".join(f"unnest(?::{sql_type}[]) AS {column}" for column, sql_type, _ in columns)
        cursor = self.con.cursor()
        cursor.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {select}", [v for _, _, v in columns])
        cursor.close()

    def splink_api(self) -> Any:
        from splink import DuckDBAPI

        return DuckDBAPI(connection=self.con)

    def close(self) -> None:
        self.con.close()
