"""CSV files: UTF-8 (optional BOM), comma, header row, RFC 4180 quoting; every field read as text.

DuckDB reads the file with an explicit dialect (no sniffing) and keeps the
records it cannot split into the right number of fields in a reject table.
Lines: when the file has exactly one physical line per record (the usual
case, known from the newline count of the hashing pass) a record's line is
its position; otherwise `record_lines` finds where each record starts.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from qingfeng.contract.sql import sql_string
from qingfeng.engine import Warehouse
from qingfeng.ingest.staging import REJECTED, REJECTED_DDL, SRC, FileError, FileFacts, Staged

_REJECT_MESSAGE = """CASE error_type
    WHEN 'TOO MANY COLUMNS' THEN 'too many fields: expected '
        || regexp_extract(error_message, 'Columns: ([0-9]+)', 1)
        || ', found ' || regexp_extract(error_message, 'Found: ([0-9]+)', 1)
    WHEN 'MISSING COLUMNS' THEN 'too few fields: expected '
        || regexp_extract(error_message, 'Columns: ([0-9]+)', 1)
        || ', found ' || regexp_extract(error_message, 'Found: ([0-9]+)', 1)
    WHEN 'UNQUOTED VALUE' THEN 'a quoted field is not closed properly'
    WHEN 'LINE SIZE OVER MAXIMUM' THEN 'record longer than the maximum line size'
    ELSE 'malformed CSV record: ' || error_message END"""
INLINE_BREAKS = 64
"""Up to this many rejected records, record lines are computed by a CASE expression, else by an ASOF join."""
_REJECT_KIND = """CASE error_type WHEN 'TOO MANY COLUMNS' THEN 'too many fields'
    WHEN 'MISSING COLUMNS' THEN 'too few fields' WHEN 'UNQUOTED VALUE' THEN 'bad quoting'
    WHEN 'LINE SIZE OVER MAXIMUM' THEN 'line too long' ELSE 'malformed record' END"""


def read_header(path: Path) -> tuple[str, ...]:
    """The first record of the file, decoded as UTF-8 (a BOM is dropped)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError as exc:
        raise FileError(_not_utf8(f"byte {exc.start}")) from None
    except (csv.Error, OSError) as exc:
        raise FileError(f"cannot read the header row: {exc} / 无法读取表头") from None
    if not header or header == [""]:
        raise FileError("empty file: no header row / 空文件，没有表头")
    return tuple(name.strip() for name in header)


def _not_utf8(where: str) -> str:
    return (
        f"not UTF-8 text ({where}); save the file as UTF-8 (GBK/GB18030 must be converted) "
        "/ 文件不是 UTF-8 编码，请另存为 UTF-8"
    )


def stage_csv(wh: Warehouse, path: Path, facts: FileFacts) -> Staged:
    """Read a CSV file into `qf_src` (accepted records) and `qf_rejected` (records with the wrong shape)."""
    header = read_header(path)
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header)))
    wh.execute("DROP TABLE IF EXISTS qf_rejects")
    wh.execute("DROP TABLE IF EXISTS qf_reject_scans")
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE {SRC} AS SELECT * FROM read_csv({sql_string(str(path))},
        columns = {{{columns}}}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
        strict_mode = true, encoding = 'utf-8', store_rejects = true,
        rejects_table = 'qf_rejects', rejects_scan = 'qf_reject_scans')"""
    )
    found = wh.query(
        f"""SELECT (SELECT count(*) FROM {SRC}) AS accepted, count(*) AS errors,
        min(line) FILTER (WHERE error_type = 'INVALID ENCODING') AS bad_encoding FROM qf_rejects"""
    )[0]
    if found["bad_encoding"] is not None:
        raise FileError(_not_utf8(f"record {found['bad_encoding']}"))
    accepted = int(found["accepted"])
    wh.execute(REJECTED_DDL)
    if found["errors"] == 0 and facts.physical_lines == accepted + 1:
        return Staged(header, f"(SELECT rowid AS _ord, rowid + 2 AS _line, * FROM {SRC})")
    # DuckDB may log several errors for one record (one per missing field): keep the first of each kind.
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE qf_reject_records AS
        SELECT item, string_agg(message, '; ' ORDER BY position) AS reason, arg_min(kind, position) AS kind,
               json_object('_text', trim(arg_min(csv_line, position), chr(13) || chr(10))) AS raw_row
        FROM (SELECT line AS item, error_type, min(byte_position) AS position,
                     arg_min({_REJECT_MESSAGE}, byte_position) AS message, any_value({_REJECT_KIND}) AS kind,
                     arg_min(csv_line, byte_position) AS csv_line
              FROM qf_rejects GROUP BY line, error_type)
        GROUP BY item"""
    )
    rejected = int(wh.scalar("SELECT count(*) FROM qf_reject_records"))
    if facts.physical_lines == accepted + rejected + 1:
        return Staged(header, _one_line_per_record(wh, rejected))
    return _lines_by_scan(wh, path, header, accepted)


def _one_line_per_record(wh: Warehouse, rejected: int) -> str:
    """Lines when every physical line is one record: DuckDB's record numbers are the lines."""
    if rejected == 0:
        return f"(SELECT rowid AS _ord, rowid + 2 AS _line, * FROM {SRC})"
    wh.execute(f"INSERT INTO {REJECTED} SELECT item, reason, kind, raw_row FROM qf_reject_records")
    # Accepted records before rejected record j (1-based, in line order): line_j - 1 - j.
    breaks = """SELECT accepted_before, max(j) AS j FROM (
            SELECT item - 1 - row_number() OVER (ORDER BY item) AS accepted_before,
                   row_number() OVER (ORDER BY item) AS j
            FROM qf_reject_records) GROUP BY accepted_before"""
    if rejected <= INLINE_BREAKS:
        # A few rejected records (the usual case): a CASE over the breaks costs nothing, where an
        # ASOF join costs about a second per million rows.
        found = wh.query(f"SELECT accepted_before, j FROM ({breaks}) ORDER BY accepted_before DESC")
        shift = " ".join(f"WHEN rowid >= {int(b['accepted_before'])} THEN {int(b['j'])}" for b in found)
        return f"(SELECT rowid AS _ord, rowid + 2 + CASE {shift} ELSE 0 END AS _line, * FROM {SRC})"
    wh.execute(f"CREATE OR REPLACE TEMP TABLE qf_breaks AS {breaks}")
    return (
        f"(SELECT s._ord, s._ord + 2 + coalesce(b.j, 0) AS _line, s.* EXCLUDE (_ord) "
        f"FROM (SELECT rowid AS _ord, * FROM {SRC}) s "
        f"ASOF LEFT JOIN qf_breaks b ON s._ord >= b.accepted_before)"
    )


def _lines_by_scan(wh: Warehouse, path: Path, header: tuple[str, ...], accepted: int) -> Staged:
    """Lines when records span lines or blank lines occur: map DuckDB's record numbers to physical lines."""
    # Imported here: numpy and pyarrow cost some 0.5 s to import, and most files never come this way.
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from qingfeng.ingest.record_lines import scan_record_lines

    items = scan_record_lines(path)
    rejected_items = np.array(
        [int(r["item"]) for r in wh.query("SELECT item FROM qf_reject_records ORDER BY item")], dtype=np.int64
    )
    keep = ~items.blank
    nonblank = np.flatnonzero(keep)
    ok = len(nonblank) > 0 and bool(np.all((rejected_items >= 1) & (rejected_items <= len(items.start_line))))
    if ok:
        keep[nonblank[0]] = False  # the header
        keep[rejected_items - 1] = False
        ok = int(keep.sum()) == accepted
    if not ok:
        note = "line numbers are record numbers: the file's line structure could not be matched"
        return Staged(header, _one_line_per_record(wh, len(rejected_items)), (note,))
    accepted_lines = items.start_line[keep]
    rejected_lines = items.start_line[rejected_items - 1]
    with tempfile.TemporaryDirectory(prefix="qf-lines-") as tmp:
        lines_file = Path(tmp) / "lines.parquet"
        pq.write_table(pa.table({"_line": accepted_lines}), lines_file)
        wh.execute(
            f"CREATE OR REPLACE TEMP TABLE qf_linemap AS SELECT _line FROM read_parquet('{lines_file}')"
        )
        rejects_file = Path(tmp) / "rejects.parquet"
        pq.write_table(pa.table({"item": rejected_items, "line": rejected_lines}), rejects_file)
        wh.execute(
            f"""INSERT INTO {REJECTED} SELECT m.line, r.reason, r.kind, r.raw_row
            FROM qf_reject_records r JOIN read_parquet('{rejects_file}') m ON m.item = r.item"""
        )
    ordered = (
        f"(SELECT s.*, m._line FROM (SELECT rowid AS _ord, * FROM {SRC}) s POSITIONAL JOIN qf_linemap m)"
    )
    return Staged(header, ordered)
