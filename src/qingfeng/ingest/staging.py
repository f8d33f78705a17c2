"""What every reader hands to the loader: the file as text columns in temp tables, and its header."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from qingfeng.contract import Table

SRC = "qf_src"
"""Temp table of the file's accepted records: text columns c0, c1, ... in file order."""
REJECTED = "qf_rejected"
"""Temp table of records the reader could not split into fields: (line, reason, kind, raw_row)."""

REJECTED_DDL = (
    f"CREATE OR REPLACE TEMP TABLE {REJECTED} (line BIGINT, reason VARCHAR, kind VARCHAR, raw_row VARCHAR)"
)


class FileError(Exception):
    """A file that cannot be loaded at all (wrong encoding, unreadable, no header); the others still load."""


@dataclass(frozen=True)
class FileFacts:
    """What one pass over the bytes tells: the hash that identifies the file, and its physical lines.

    `stamp` is the file's (size, modification time in ns) while it was read, to see whether the
    file changed before the loader read it again."""

    sha256: str
    size: int
    newlines: int
    ends_with_newline: bool
    stamp: tuple[int, int]

    @property
    def physical_lines(self) -> int:
        return self.newlines + (0 if self.ends_with_newline or self.size == 0 else 1)


def file_stamp(path: Path) -> tuple[int, int]:
    """(size, modification time in ns): what changes when a file is rewritten or appended to."""
    found = path.stat()
    return found.st_size, found.st_mtime_ns


def file_facts(path: Path) -> FileFacts:
    """Hash and count the lines of `path`; raises OSError when it cannot be read, or when it changed
    while it was read (a department's upload still being written)."""
    digest = hashlib.sha256()
    size = newlines = 0
    last = b""
    with path.open("rb") as handle:
        before = os.fstat(handle.fileno())
        while block := handle.read(8 * 1024 * 1024):
            digest.update(block)
            size += len(block)
            newlines += block.count(b"\n")
            last = block[-1:]
    stamp = (before.st_size, before.st_mtime_ns)
    if file_stamp(path) != stamp or size != before.st_size:
        raise OSError(f"{path.name} changed while it was read; load it again when it is complete")
    return FileFacts(digest.hexdigest(), size, newlines, last == b"\n", stamp)


def check_unchanged(path: Path, facts: FileFacts) -> None:
    """Raise FileError when `path` is no longer the file `facts` describe (it was hashed first,
    then read again to load it): its rows and its recorded hash would not match."""
    try:
        now = file_stamp(path)
    except OSError as exc:
        raise FileError(f"the file disappeared while it was loaded: {exc} / 文件在入库过程中被删除") from exc
    if now != facts.stamp:
        raise FileError(
            "the file changed while it was loaded (size or modification time); nothing was loaded, "
            "load it again when it is complete / 文件在入库过程中被修改，未入库，请在文件完整后重新入库"
        )


@dataclass(frozen=True)
class Staged:
    """A file read into `qf_src` and `qf_rejected`.

    `header` holds one name per staged column (c0, c1, ...), as written but trimmed.
    `ordered` is a FROM-clause source with `_ord` (0-based record order), `_line` and the staged columns.
    """

    header: tuple[str, ...]
    ordered: str
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class ColumnMap:
    """The staged column of each contract column, and the file's extra columns under their stored names."""

    sources: dict[str, str]
    extras: dict[str, str]
    missing: tuple[str, ...]


def map_columns(table: Table, header: tuple[str, ...], reserved: set[str]) -> ColumnMap:
    """Match header names to contract columns (trimmed, case-insensitive); keep the others as extras."""
    contract = {c.lower(): c for c in table.column_names}
    sources: dict[str, str] = {}
    extras: dict[str, str] = {}
    for index, raw_name in enumerate(header):
        staged = f"c{index}"
        name = raw_name.strip()
        wanted = contract.get(name.lower())
        if wanted is not None:
            if wanted in sources:
                raise FileError(f"column {wanted!r} appears twice in the header / 表头中列重复")
            sources[wanted] = staged
            continue
        stored = name or f"column_{index + 1}"
        while stored in reserved or stored in extras or stored.lower() in contract:
            stored += "_extra"
        extras[stored] = staged
    missing = tuple(c for c in table.column_names if c not in sources)
    return ColumnMap(sources, extras, missing)
