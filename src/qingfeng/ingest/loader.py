"""One file into `raw.<table>`, in one transaction: stage, type, judge duplicates, insert, quarantine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qingfeng.contract import Table
from qingfeng.contract.sql import sql_string
from qingfeng.engine import Warehouse
from qingfeng.ingest.csv_source import stage_csv
from qingfeng.ingest.duplicates import VERDICT, Verdicts, judge_duplicates
from qingfeng.ingest.excel_source import stage_excel
from qingfeng.ingest.identities import build_dictionaries
from qingfeng.ingest.layout import LINEAGE, content_columns, ensure_raw_table, reserved_names
from qingfeng.ingest.parquet_source import stage_parquet
from qingfeng.ingest.rules import identity_sources, q, table_rules, typed_column_names, typed_select_sql
from qingfeng.ingest.staging import (
    REJECTED,
    SRC,
    ColumnMap,
    FileError,
    FileFacts,
    Staged,
    check_unchanged,
    file_facts,
    map_columns,
)
from qingfeng.ingest.summary import LoadStatus, TableLoad


@dataclass
class Batch:
    """The `raw._batches` row of this ingest, created with the first file that loads."""

    dataset: str
    batch_id: int | None = None

    def ensure(self, wh: Warehouse) -> tuple[int, bool]:
        """The batch id, and whether it was created now (inside the current transaction)."""
        if self.batch_id is not None:
            return self.batch_id, False
        self.batch_id = int(wh.scalar("SELECT coalesce(max(batch_id), 0) + 1 FROM raw._batches"))
        wh.execute(
            f"INSERT INTO raw._batches VALUES ({self.batch_id}, {sql_string(self.dataset)}, "
            "current_localtimestamp())"
        )
        return self.batch_id, True


def load_file(
    wh: Warehouse,
    table: Table,
    path: Path,
    fmt: str,
    batch: Batch,
    facts_of: Callable[[], FileFacts] | None = None,
) -> TableLoad:
    """Load one file; one already loaded (same sha256 for its table) adds nothing. Bad data never raises.

    `facts_of` gives the file's hash and line count when they are computed elsewhere (ahead, in a
    thread); it raises OSError as `file_facts` does."""
    try:
        facts = facts_of() if facts_of is not None else file_facts(path)
    except OSError as exc:
        return TableLoad(table.name, path.name, LoadStatus.FAILED, error=f"cannot read the file: {exc}")
    earlier = wh.query(
        f"SELECT file_id FROM raw._files WHERE sha256 = '{facts.sha256}' AND table_name = '{table.name}'"
    )
    if earlier:
        file_id = int(earlier[0]["file_id"])
        return TableLoad(table.name, path.name, LoadStatus.ALREADY_LOADED, file_id=file_id)
    try:
        # Staging fills temp tables only, outside the transaction: their rowids are then the record order.
        staged = _stage(wh, table, path, fmt, facts)
        # The file was hashed first and read again to stage it: the rows must be those of the hash.
        check_unchanged(path, facts)
    except Exception as exc:  # a file must never stop the dataset: report it
        return _failed(table, path, exc)
    wh.execute("BEGIN TRANSACTION")
    created_batch = False
    try:
        batch_id, created_batch = batch.ensure(wh)
        result = _load_in_transaction(wh, table, path, staged, facts, batch_id)
        wh.execute("COMMIT")
        return result
    except Exception as exc:  # a file must never stop the dataset: report it and roll back
        wh.execute("ROLLBACK")
        if created_batch:
            batch.batch_id = None
        return _failed(table, path, exc)


def _failed(table: Table, path: Path, exc: Exception) -> TableLoad:
    message = str(exc) if isinstance(exc, FileError) else f"could not load: {str(exc).splitlines()[0]}"
    return TableLoad(table.name, path.name, LoadStatus.FAILED, error=message)


def _stage(wh: Warehouse, table: Table, path: Path, fmt: str, facts: FileFacts) -> Staged:
    if fmt == "csv":
        return stage_csv(wh, path, facts)
    if fmt == "parquet":
        return stage_parquet(wh, path, table)
    return stage_excel(wh, path, table)


def _load_in_transaction(
    wh: Warehouse, table: Table, path: Path, staged: Staged, facts: FileFacts, batch_id: int
) -> TableLoad:
    columns = map_columns(table, staged.header, reserved_names(table))
    table_columns = ensure_raw_table(wh, table, list(columns.extras))
    target = wh.query(
        f"""SELECT (SELECT coalesce(max(file_id), 0) + 1 FROM raw._files) AS file_id,
        count(*) AS present, coalesce(max(_row_id), 0) AS last_row_id FROM raw.{table.name}"""
    )[0]
    file_id = int(target["file_id"])
    rules = table_rules(table, columns.sources)
    build_dictionaries(wh, SRC, identity_sources(rules))
    wh.execute(
        f"CREATE OR REPLACE TEMP TABLE qf_typed AS {typed_select_sql(rules, columns.extras, staged.ordered)}"
    )
    typed_columns = set(typed_column_names(rules, columns.extras))
    content = content_columns(table, table_columns)
    verdicts = judge_duplicates(wh, table, content, typed_columns, int(target["present"]) > 0)
    counts = _counts(wh)
    loaded = _insert_rows(
        wh, table, table_columns, typed_columns, file_id, int(target["last_row_id"]), verdicts
    )
    read = counts["typed_rows"] + counts["rejected"]
    quarantined = counts["broken"] + verdicts.conflicts + counts["rejected"]
    reasons: tuple[tuple[str, int], ...] = ()
    if quarantined:
        _quarantine(wh, table, staged, file_id, verdicts)
        reasons = _reasons(wh)
    wh.execute(
        f"""INSERT INTO raw._files VALUES ({file_id}, '{table.name}', {sql_string(str(path))},
        '{facts.sha256}', {batch_id}, {read}, {loaded}, {quarantined}, {verdicts.identical},
        current_localtimestamp())"""
    )
    return TableLoad(
        table.name,
        path.name,
        LoadStatus.LOADED,
        read,
        loaded,
        quarantined,
        verdicts.identical,
        reasons,
        columns.missing,
        tuple(columns.extras),
        file_id,
        None,
        _notes(staged, columns),
    )


def _insert_rows(
    wh: Warehouse,
    table: Table,
    table_columns: list[str],
    typed: set[str],
    file_id: int,
    last_row_id: int,
    verdicts: Verdicts,
) -> int:
    """Insert the rows that break no rule and repeat no key; the number inserted, as DuckDB counts it."""
    values = [q(c) if c in typed else f"NULL AS {q(c)}" for c in table_columns if c not in LINEAGE]
    values += [f"{last_row_id} + _ord + 1", str(file_id), "_line"]
    target = ", ".join(q(c) for c in table_columns if c not in LINEAGE) + ", _row_id, _file_id, _line"
    keep = "_reason IS NULL"
    if verdicts.any:
        keep += f" AND _ord NOT IN (SELECT _ord FROM {VERDICT})"
    inserted = wh.query(
        f"INSERT INTO raw.{table.name} ({target}) SELECT {', '.join(values)} FROM qf_typed WHERE {keep}"
    )
    return int(next(iter(inserted[0].values())))


def _raw_row_json(header: tuple[str, ...]) -> str:
    if not header:
        return "json_object()"
    pairs = ", ".join(f"{sql_string(name)}, s.c{i}" for i, name in enumerate(header))
    return f"json_object({pairs})"


def _quarantine(wh: Warehouse, table: Table, staged: Staged, file_id: int, verdicts: Verdicts) -> None:
    """Every row that breaks its types, conflicts with an earlier row, or could not be split into fields."""
    conflicts = ""
    if verdicts.conflicts:
        conflicts = f"""UNION ALL
        SELECT v._ord, t._line, v.reason, 'conflicting duplicate'
        FROM {VERDICT} v JOIN qf_typed t USING (_ord)
        WHERE NOT v.identical"""
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE qf_bad AS
        SELECT _ord, _line, _reason AS reason, _kind AS kind FROM qf_typed WHERE _reason IS NOT NULL
        {conflicts}"""
    )
    wh.execute(
        f"""INSERT INTO raw._quarantine
        SELECT '{table.name}', {file_id}, b._line, b.reason, {_raw_row_json(staged.header)}
        FROM qf_bad b JOIN (SELECT rowid AS _ord, * FROM {SRC}) s USING (_ord)
        UNION ALL SELECT '{table.name}', {file_id}, line, reason, raw_row FROM {REJECTED}
        ORDER BY 3"""
    )


def _counts(wh: Warehouse) -> dict[str, int]:
    """Rows the reader split into fields (`typed_rows`), those breaking a rule, and the rejected records."""
    row = wh.query(
        f"""SELECT count(*) AS typed_rows, count(*) FILTER (WHERE _reason IS NOT NULL) AS broken,
        (SELECT count(*) FROM {REJECTED}) AS rejected FROM qf_typed"""
    )[0]
    return {k: int(v) for k, v in row.items()}


def _reasons(wh: Warehouse) -> tuple[tuple[str, int], ...]:
    rows = wh.query(
        f"""SELECT kind, count(*) AS n FROM (SELECT kind FROM qf_bad UNION ALL SELECT kind FROM {REJECTED})
        GROUP BY kind ORDER BY n DESC, kind"""
    )
    return tuple((str(r["kind"]), int(r["n"])) for r in rows)


def _notes(staged: Staged, columns: ColumnMap) -> tuple[str, ...]:
    notes = list(staged.notes)
    if columns.missing:
        notes.append("missing columns loaded as NULL: " + ", ".join(columns.missing))
    if columns.extras:
        notes.append("extra columns kept as text: " + ", ".join(columns.extras))
    return tuple(notes)
