"""Datetime, boolean, ratio, integer and credit-code columns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from qingfeng.engine import DuckDBWarehouse
from qingfeng.ingest import ingest_dataset

Writer = Callable[..., Path]
USCC = "91350100M000100Y43"


def test_bids_datetime_boolean_uscc(wh: DuckDBWarehouse, tmp_path: Path, write_csv: Writer) -> None:
    write_csv(
        tmp_path / "ds",
        "bids.csv",
        [
            "tender_id,bidder_code,bid_amount,contact_phone,contact_address,submitted_at,won",
            f"T1,{USCC.lower()},10.00,1,a,2023-01-05T09:30:00,TRUE",
            "T1,91350100M000100Y44,10.00,1,a,2023-01-05 09:30,0",
            f"T1,{USCC},10.00,1,a,2023-01-05T01:30:00Z,false",
            f"T1,{USCC},10.00,1,a,2023-01-05T09:30:00+08:00,yes",
            f"T1,{USCC},10.00,1,a,2023-01-05,true",
        ],
    )
    load = ingest_dataset(wh, tmp_path / "ds").load("bids")
    assert (load.rows_loaded, load.rows_quarantined) == (3, 2)
    rows = wh.query("SELECT bidder_code, bidder_code_valid, submitted_at, won FROM raw.bids ORDER BY _line")
    assert [tuple(r.values()) for r in rows] == [
        (USCC, True, datetime(2023, 1, 5, 9, 30), True),
        ("91350100M000100Y44", False, datetime(2023, 1, 5, 9, 30), False),
        (USCC, True, datetime(2023, 1, 5, 9, 30), False),
    ]
    bad = [r["reason"] for r in wh.query("SELECT reason FROM raw._quarantine ORDER BY line")]
    assert bad == [
        'won: "yes" is not true or false',
        'submitted_at: "2023-01-05" is not an ISO 8601 date and time (YYYY-MM-DDTHH:MM:SS)',
    ]


def test_ratio_party_and_integer(wh: DuckDBWarehouse, tmp_path: Path, write_csv: Writer) -> None:
    write_csv(
        tmp_path / "ds",
        "shareholders.csv",
        [
            "credit_code,holder_id,holder_name,share_ratio",
            f"{USCC},11010519491231002X,张三,0.5",
            f"{USCC},{USCC},母公司,1",
            f"{USCC},x,?,1.5",
        ],
    )
    write_csv(
        tmp_path / "ds",
        "projects.csv",
        [
            "project_id,name,contractor_code,start_date,end_date,workers",
            "J1,a,,2023-01-01,,12",
            "J2,b,,,,1.5",
        ],
    )
    summary = ingest_dataset(wh, tmp_path / "ds")
    rows = wh.query("SELECT holder_id, holder_id_valid, share_ratio FROM raw.shareholders ORDER BY _line")
    assert [tuple(r.values()) for r in rows] == [("11010519491231002X", True, 0.5), (USCC, True, 1.0)]
    assert summary.load("projects").rows_loaded == 1
    assert wh.scalar("SELECT workers FROM raw.projects") == 12
    reasons = [r["reason"] for r in wh.query("SELECT reason FROM raw._quarantine ORDER BY table_name, line")]
    assert reasons == [
        'workers: "1.5" is not an integer',
        'share_ratio: "1.5" is not a ratio between 0 and 1',
    ]


def test_trimming_skips_only_values_trim_would_leave_alone(wh: DuckDBWarehouse) -> None:
    """`trimmed_sql` must give what `NULLIF(trim(x), '')` gives for every value, the Unicode spaces
    DuckDB's trim strips (ideographic U+3000, no-break U+00A0) included, and tabs it keeps."""
    from qingfeng.contract.sql import sql_string
    from qingfeng.ingest.rules import trimmed_sql

    values = ["12.30", " 12.30", "12.30 ", "  ", "", "\u300012.30\u3000", "\u00a0A1", "A1\u00a0", "\tA1",
              "A1\t", "张三", " 张三 ", "a b", "\u3000", "x\u2003"]  # fmt: skip
    rows = " UNION ALL ".join(f"SELECT {i} AS i, {sql_string(v)} AS x" for i, v in enumerate(values))
    rows += f" UNION ALL SELECT {len(values)}, NULL"
    found = wh.query(
        f"SELECT i, {trimmed_sql('x')} AS fast, NULLIF(trim(x), '') AS slow FROM ({rows}) ORDER BY i"
    )
    assert [r["fast"] for r in found] == [r["slow"] for r in found]
    assert [r["fast"] for r in found][:6] == ["12.30", "12.30", "12.30", None, None, "12.30"]
    assert found[8]["fast"] == "\tA1"
