"""The small API every warehouse backend offers (in the spirit of Splink's database API)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import Any

from qingfeng.contract.sql import sql_string

Column = tuple[str, str, list[Any]]
"""A column handed to `write_columns`: name, SQL type (DuckDB's spelling), values."""


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

    def stream(self, sql: str) -> Iterator[dict[str, Any]]:
        """The rows of a query one at a time, for results too large to hold as a list."""
        yield from self.query(sql)

    @abstractmethod
    def has_table(self, name: str, schema: str = "main") -> bool:
        """Whether a table or view of that name exists."""

    @abstractmethod
    def columns(self, name: str, schema: str = "main") -> list[str]:
        """The column names of a table or view, in order; empty when there is no such table."""

    def scalar(self, sql: str) -> Any:
        rows = self.query(sql)
        return next(iter(rows[0].values())) if rows else None

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    @abstractmethod
    def write_columns(self, name: str, columns: Sequence[Column]) -> None:
        """Create table `name` (replacing it) from columns of equal length, in one bulk write;
        columns of unequal length are refused (`check_lengths`) before anything is written."""

    def splink_api(self) -> Any:
        """Splink's database API on this warehouse's own connection, for entity resolution."""
        raise NotImplementedError(f"{type(self).__name__} has no Splink backend")


def check_lengths(columns: Sequence[Column]) -> None:
    """Refuse columns of unequal length before anything is written."""
    lengths = {name: len(values) for name, _, values in columns}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"columns of unequal length: {lengths}")


def sql_literal(value: Any) -> str:
    """A Python value as a SQL literal (NULL, numbers, quoted text)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    return sql_string(str(value))
