"""Ingest a dataset folder into the warehouse, to the data contract (docs/ingest.md)."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from qingfeng.contract import table
from qingfeng.engine import Warehouse
from qingfeng.ingest.dataset import find_table_files
from qingfeng.ingest.layout import ensure_lineage_tables
from qingfeng.ingest.loader import Batch, load_file
from qingfeng.ingest.staging import file_facts
from qingfeng.ingest.summary import IngestSummary, TableLoad

Progress = Callable[[str, int, int], None]


def ingest_dataset(wh: Warehouse, folder: Path, *, on_progress: Progress | None = None) -> IngestSummary:
    """Load every contract table file of `folder` into `raw.<table>`.

    Each file loads in its own transaction; a file that cannot be read is reported in the summary
    and the others still load. `on_progress(table, files_done, files_total)` is called before each
    file and once at the end with files_done = files_total.
    Raises DatasetError when the folder is not a dataset.

    The files are hashed ahead of their loads, in order, by one thread: DuckDB releases the
    interpreter while it runs a statement, so reading, hashing and newline counting overlap the load.
    """
    started = time.perf_counter()
    dataset = find_table_files(Path(folder))
    ensure_lineage_tables(wh)
    batch = Batch(str(Path(folder).resolve()))
    loads: list[TableLoad] = []
    total = len(dataset.files)
    hashing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qf-hash")
    try:
        ahead = [hashing.submit(file_facts, found.path) for found in dataset.files]
        for done, (found, facts) in enumerate(zip(dataset.files, ahead, strict=True)):
            if on_progress:
                on_progress(found.table, done, total)
            loads.append(load_file(wh, table(found.table), found.path, found.format, batch, facts.result))
    finally:
        hashing.shutdown(cancel_futures=True)
    if on_progress:
        on_progress("", total, total)
    return IngestSummary(
        dataset=str(folder),
        batch_id=batch.batch_id,
        loads=tuple(loads),
        absent=dataset.absent,
        ignored=dataset.ignored,
        seconds=time.perf_counter() - started,
    )
