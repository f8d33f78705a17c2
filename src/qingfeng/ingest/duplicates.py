"""The duplicate rule: a key seen before is an identical repeat (ignored) or a conflicting one (quarantined).

"Before" is in the warehouse (earlier files), then earlier in the same file. The
first row of a key is kept. Identical means equal in every stored column except
lineage and the `_raw`/`_valid` companions: typed values compare as values, so
`12.3` and `12.30`, or an ID written with a lower-case x and with X, are the
same. Rows already quarantined for their types take no part.

Only keys that repeat are examined, so a clean file costs one grouping of its
keys (and one semi-join against the table when the table already has rows).
"""

from __future__ import annotations

from dataclasses import dataclass

from qingfeng.contract import Table
from qingfeng.engine import Warehouse
from qingfeng.ingest.rules import q

VERDICT = "qf_verdict"
"""Temp table: (_ord, identical, reason) for every new row whose key was seen before."""


@dataclass(frozen=True)
class Verdicts:
    """How many new rows repeat a key identically (ignored) and with other content (quarantined)."""

    identical: int = 0
    conflicts: int = 0

    @property
    def any(self) -> bool:
        """Whether `qf_verdict` holds rows (it exists, and is current, only then)."""
        return bool(self.identical or self.conflicts)


def judge_duplicates(
    wh: Warehouse, table: Table, content: list[str], typed_columns: set[str], table_has_rows: bool
) -> Verdicts:
    """Fill `qf_verdict` for the rows of `qf_typed` whose key was seen before, and count them."""
    if not table.key_columns:
        return Verdicts()
    keys = ", ".join(q(k) for k in table.key_columns)
    repeats = f"SELECT {keys} FROM qf_typed WHERE _reason IS NULL GROUP BY {keys} HAVING count(*) > 1"
    if table_has_rows:
        repeats += f" UNION SELECT {keys} FROM qf_typed WHERE _reason IS NULL AND ({keys}) IN "
        repeats += f"(SELECT ({keys}) FROM raw.{table.name})"
    wh.execute(f"CREATE OR REPLACE TEMP TABLE qf_repeats AS {repeats}")
    if not wh.scalar("SELECT count(*) FROM qf_repeats"):
        return Verdicts()
    wh.execute(f"CREATE OR REPLACE TEMP TABLE {VERDICT} (_ord BIGINT, identical BOOLEAN, reason VARCHAR)")
    new_cols = ", ".join(q(c) if c in typed_columns else f"NULL AS {q(c)}" for c in content)
    old_cols = ", ".join(q(c) for c in content)
    candidates = (
        f"SELECT {new_cols}, 1 AS _src, _ord AS _seq, _line, NULL::INTEGER AS _file_id FROM qf_typed "
        f"WHERE _reason IS NULL AND ({keys}) IN (SELECT ({keys}) FROM qf_repeats)"
    )
    if table_has_rows:
        candidates = (
            f"SELECT {old_cols}, 0 AS _src, _row_id AS _seq, _line, _file_id FROM raw.{table.name} "
            f"WHERE ({keys}) IN (SELECT ({keys}) FROM qf_repeats) UNION ALL {candidates}"
        )
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE qf_candidates AS SELECT *,
        row_number() OVER (PARTITION BY {keys} ORDER BY _src, _seq) AS _rank FROM ({candidates})"""
    )
    same = " AND ".join(f"o.{q(c)} IS NOT DISTINCT FROM f.{q(c)}" for c in content)
    on_key = " AND ".join(f"o.{q(k)} = f.{q(k)}" for k in table.key_columns)
    wh.execute(
        f"""INSERT INTO {VERDICT}
        SELECT o._seq, {same},
               'conflicting duplicate of line ' || f._line
               || CASE WHEN f._src = 0 THEN ' of file ' || f._file_id || ' (loaded earlier)' ELSE '' END
        FROM qf_candidates o JOIN qf_candidates f ON {on_key} AND f._rank = 1
        WHERE o._src = 1 AND o._rank > 1"""
    )
    verdicts = wh.query(
        f"SELECT count(*) FILTER (WHERE identical) AS same, count(*) FILTER (WHERE NOT identical) AS other "
        f"FROM {VERDICT}"
    )[0]
    return Verdicts(int(verdicts["same"]), int(verdicts["other"]))
