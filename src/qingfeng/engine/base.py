"""The small API every warehouse backend offers (in the spirit of Splink's database API)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any


class Warehouse(ABC):
    """A SQL engine holding the dataset's tables.

    SQL handed to `execute`/`query` is written once in DuckDB's dialect; a
    backend for another engine translates it (sqlglot) before running it.
    Ingested tables live in schema `raw`; entity resolution publishes the
    model-facing views in the default schema under the contract's names.
    """

    dialect: str = "duckdb"

    @abstractmethod
    def execute(self, sql: str) -> None:
        """Run a statement that returns nothing."""

    @abstractmethod
    def query(self, sql: str) -> list[dict[str, Any]]:
        """Run a query and return its rows as dicts."""

    @abstractmethod
    def has_table(self, name: str, schema: str = "main") -> bool:
        """Whether a table or view of that name exists."""

    def scalar(self, sql: str) -> Any:
        rows = self.query(sql)
        return next(iter(rows[0].values())) if rows else None

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""
