"""Where each CSV record starts, in physical lines, for files where records and lines differ.

DuckDB's CSV reader gives rows but not their lines, and its reject table counts
records (a blank line counts as one) rather than physical lines. When a file
holds quoted newlines or blank lines, this scan finds every record's first
physical line by RFC 4180 quote parity: a newline ends a record exactly when
the number of quote characters before it is even (a doubled quote `""` adds
two). It reads the file in blocks with numpy, at memory speed, and only runs
for files that need it (see `csv_source`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

BLOCK = 32 * 1024 * 1024
NEWLINE, QUOTE, CR = 10, 34, 13


@dataclass(frozen=True)
class RecordLines:
    """The file's items in order, as DuckDB counts them: records and blank lines (the header first)."""

    start_line: npt.NDArray[np.int64]
    blank: npt.NDArray[np.bool_]


@dataclass
class _Scan:
    line: int = 1  # physical line at the start of the current block
    parity: int = 0  # quotes seen so far, modulo 2
    next_start_line: int = 1  # first line of the item being read
    item_bytes: int = 0  # bytes of the item being read, before the current block
    last_byte: int = -1  # the byte just before the current block


def _block_items(
    block: bytes, scan: _Scan, starts: list[npt.NDArray[np.int64]], blanks: list[npt.NDArray[np.bool_]]
) -> None:
    data = np.frombuffer(block, dtype=np.uint8)
    newlines = np.flatnonzero(data == NEWLINE)
    quotes = np.cumsum(data == QUOTE, dtype=np.uint8)  # wraps at 256, parity survives
    ends_record = ((quotes[newlines] + scan.parity) & 1) == 0
    end_index = np.flatnonzero(ends_record)
    end_pos = newlines[end_index]
    end_lines = scan.line + end_index.astype(np.int64)
    if len(end_pos):
        item_start = np.concatenate(([scan.next_start_line], end_lines[:-1] + 1)).astype(np.int64)
        begin = np.concatenate(([-scan.item_bytes], end_pos[:-1] + 1))
        length = end_pos - begin
        before_end = np.where(end_pos > 0, data[np.maximum(end_pos - 1, 0)], scan.last_byte)
        starts.append(item_start)
        blanks.append((length == 0) | ((length == 1) & (before_end == CR)))
        scan.next_start_line = int(end_lines[-1]) + 1
        scan.item_bytes = len(data) - int(end_pos[-1]) - 1
    else:
        scan.item_bytes += len(data)
    scan.parity = (scan.parity + int(quotes[-1])) & 1 if len(data) else scan.parity
    scan.line += len(newlines)
    scan.last_byte = int(data[-1]) if len(data) else scan.last_byte


def scan_record_lines(path: Path) -> RecordLines:
    """The first physical line of every item (record or blank line) of a CSV file."""
    scan = _Scan()
    starts: list[npt.NDArray[np.int64]] = []
    blanks: list[npt.NDArray[np.bool_]] = []
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            _block_items(block, scan, starts, blanks)
    if scan.item_bytes > 0:  # a last item without a final newline
        starts.append(np.array([scan.next_start_line], dtype=np.int64))
        blanks.append(np.array([scan.item_bytes == 1 and scan.last_byte == CR]))
    if not starts:
        return RecordLines(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.bool_))
    return RecordLines(np.concatenate(starts), np.concatenate(blanks))
