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
