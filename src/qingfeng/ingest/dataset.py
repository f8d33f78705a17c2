"""A dataset folder: which file holds which contract table, and what is ignored."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qingfeng.contract import TABLES

FORMATS = {".csv": "csv", ".parquet": "parquet", ".xlsx": "xlsx"}
_TABLE_NAMES = {t.name for t in TABLES}


class DatasetError(Exception):
    """The folder is not a dataset. The message is one line, fit for the command line."""


@dataclass(frozen=True)
class TableFile:
    table: str
    path: Path
    format: str


@dataclass(frozen=True)
class DatasetFolder:
    folder: Path
    files: tuple[TableFile, ...]
    """In contract order (persons first)."""
    ignored: tuple[str, ...]
    absent: tuple[str, ...]


def _ignored_label(entry: Path) -> str:
    if entry.is_dir():
        return entry.name + "/"
    if entry.stem.lower() in _TABLE_NAMES:
        return f"{entry.name} (unsupported format: use .csv, .parquet or .xlsx)"
    return entry.name


def find_table_files(folder: Path) -> DatasetFolder:
    """The contract table files of a folder: `<table>.csv|.parquet|.xlsx`, names compared case-insensitively.

    Raises DatasetError when the folder is missing, is not a folder, holds no table file, or holds two
    files for one table (which one is right cannot be guessed; nothing is loaded).
    """
    if not folder.exists():
        raise DatasetError(f"{folder}: no such folder / 文件夹不存在")
    if not folder.is_dir():
        raise DatasetError(f"{folder}: not a folder; a dataset is a folder of table files / 不是文件夹")
    found: dict[str, list[Path]] = {}
    ignored: list[str] = []
    for entry in sorted(folder.iterdir()):
        stem, suffix = entry.stem.lower(), entry.suffix.lower()
        if entry.is_file() and suffix in FORMATS and stem in _TABLE_NAMES:
            found.setdefault(stem, []).append(entry)
        else:
            ignored.append(_ignored_label(entry))
    for table, paths in found.items():
        if len(paths) > 1:
            names = ", ".join(p.name for p in paths)
            raise DatasetError(
                f"{folder}: two files for table {table} ({names}); keep one / 同一张表有多个文件"
            )
    if not found:
        raise DatasetError(
            f"{folder}: not a dataset, no contract table file (persons.csv, deaths.parquet, ...) / 不是数据集"
        )
    files = tuple(
        TableFile(t.name, found[t.name][0], FORMATS[found[t.name][0].suffix.lower()])
        for t in TABLES
        if t.name in found
    )
    absent = tuple(t.name for t in TABLES if t.name not in found)
    return DatasetFolder(folder, files, tuple(ignored), absent)
