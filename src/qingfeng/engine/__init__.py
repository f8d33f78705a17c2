"""The warehouse backend layer: DuckDB by default; models and resolution speak to it, not to a driver."""

from qingfeng.engine.base import Warehouse
from qingfeng.engine.duckdb_backend import DuckDBWarehouse

__all__ = ["DuckDBWarehouse", "Warehouse"]
