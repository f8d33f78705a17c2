"""The data contract (shared/spec/data-contract.md, version 1) as data."""

from qingfeng.contract.tables import CONTRACT_VERSION, TABLES, Column, ColumnType, Table, table

__all__ = ["CONTRACT_VERSION", "TABLES", "Column", "ColumnType", "Table", "table"]
