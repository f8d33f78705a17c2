"""What an ingest reports: per file and table, rows read, loaded, quarantined, ignored as duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class LoadStatus(StrEnum):
    LOADED = "loaded"
    ALREADY_LOADED = "already loaded"
    FAILED = "failed"


@dataclass(frozen=True)
class TableLoad:
    """The load of one file into `raw.<table>`.

    Always rows_read = rows_loaded + rows_quarantined + duplicates_ignored. A file already loaded
    (same sha256) or one that failed reads no rows; `error` says why a file failed.
    """

    table: str
    file: str
    status: LoadStatus
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    duplicates_ignored: int = 0
    quarantined_by_reason: tuple[tuple[str, int], ...] = ()
    """Counts per kind of reason, such as ("death_date: not a date", 2), largest first."""
    missing_columns: tuple[str, ...] = ()
    extra_columns: tuple[str, ...] = ()
    file_id: int | None = None
    """The `raw._files` row: the new one, or for an already loaded file the earlier one."""
    error: str | None = None
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.rows_read != self.rows_loaded + self.rows_quarantined + self.duplicates_ignored:
            raise ValueError(f"{self.file}: rows read do not add up / 行数不平衡")


@dataclass(frozen=True)
class IngestSummary:
    """An ingest of one dataset folder."""

    dataset: str
    batch_id: int | None
    """The `raw._batches` row, None when nothing new was loaded."""
    loads: tuple[TableLoad, ...]
    absent: tuple[str, ...]
    """Contract tables the folder does not hold."""
    ignored: tuple[str, ...]
    """Files and subfolders that are not contract table files."""
    seconds: float

    def _total(self, attribute: str) -> int:
        return sum(int(getattr(load, attribute)) for load in self.loads)

    @property
    def rows_read(self) -> int:
        return self._total("rows_read")

    @property
    def rows_loaded(self) -> int:
        return self._total("rows_loaded")

    @property
    def rows_quarantined(self) -> int:
        return self._total("rows_quarantined")

    @property
    def duplicates_ignored(self) -> int:
        return self._total("duplicates_ignored")

    @property
    def files_already_loaded(self) -> tuple[str, ...]:
        return tuple(load.file for load in self.loads if load.status is LoadStatus.ALREADY_LOADED)

    @property
    def failures(self) -> tuple[TableLoad, ...]:
        return tuple(load for load in self.loads if load.status is LoadStatus.FAILED)

    def load(self, table: str) -> TableLoad:
        """The load of `table` (the contract allows one file per table)."""
        for load in self.loads:
            if load.table == table:
                return load
        raise KeyError(f"{table} was not in the dataset")
