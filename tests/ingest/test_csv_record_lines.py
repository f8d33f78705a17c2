"""Lines of records around rejected ones: the CASE path (few rejects) and the ASOF path (many) agree."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qingfeng.engine import DuckDBWarehouse
from qingfeng.ingest import ingest_dataset
from qingfeng.ingest.csv_source import INLINE_BREAKS

HEADER = "record_id,id_number,name,gender,birth_date,death_date,source"


@pytest.mark.parametrize("rejects", [1, 3, INLINE_BREAKS, INLINE_BREAKS + 7])
def test_every_record_keeps_its_physical_line(
    rejects: int, tmp_path: Path, wh: DuckDBWarehouse, write_csv: Callable[..., Path]
) -> None:
    lines, good, bad = [HEADER], {}, []
    for n in range(3 * rejects + 5):
        line_no = len(lines) + 1
        if n % 3 == 1 and len(bad) < rejects:
            lines.append(f"B{n},too,few")  # rejected: 3 fields of 7
            bad.append(line_no)
        else:
            lines.append(f"D{n},,name{n},M,1950-01-01,2020-01-01,hospital")
            good[f"D{n}"] = line_no
    write_csv(tmp_path / "ds", "deaths.csv", lines)
    load = ingest_dataset(wh, tmp_path / "ds").load("deaths")
    assert (load.rows_read, load.rows_loaded, load.rows_quarantined) == (
        len(good) + rejects,
        len(good),
        rejects,
    )
    loaded = {r["record_id"]: r["_line"] for r in wh.query("SELECT record_id, _line FROM raw.deaths")}
    assert loaded == good
    quarantined = [r["line"] for r in wh.query("SELECT line FROM raw._quarantine ORDER BY line")]
    assert quarantined == bad
