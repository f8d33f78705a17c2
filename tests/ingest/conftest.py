"""Fixtures: a fresh in-memory warehouse and a helper that writes dataset files byte for byte."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qingfeng.engine import DuckDBWarehouse


@pytest.fixture
def wh() -> Iterator[DuckDBWarehouse]:
    warehouse = DuckDBWarehouse()
    yield warehouse
    warehouse.close()


def _write_csv(folder: Path, name: str, lines: list[str], *, newline: str = "\n", bom: bool = False) -> Path:
    """Write `lines` joined by `newline` (a final newline included), UTF-8, optionally with a BOM."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    text = newline.join(lines) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


@pytest.fixture(name="write_csv")
def write_csv_fixture() -> object:
    """The file writer, as a fixture (test modules are not importable as a package)."""
    return _write_csv
