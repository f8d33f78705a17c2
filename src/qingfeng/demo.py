"""`make demo`: a synthetic county, scanned, its clues loaded into the clue store, the web UI served.

    python -m qingfeng.demo --dir demo-data [--persons 20000] [--port 8000] [--no-serve]

Everything is embedded (SQLite clue store, DuckDB warehouse): no server is needed.
The demo database is made anew on every run, so the printed credentials are the
only ones that work.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

console = Console(highlight=False)

TOWNSHIP_CODE = "{county}{index:03d}"
VILLAGE_CODE = "{township}{index:03d}"
Node = dict[str, Any]


def _node(code: str, level: str, name_zh: str, children: list[dict[str, Any]] | None = None) -> Node:
    return {"code": code, "level": level, "name_zh": name_zh, "children": children or []}


def region_tree(regions_json: dict[str, Any]) -> dict[str, Any]:
    """The synthetic county's regions (synth's `_truth/regions.json`) as the clue store's nested tree.

    Township and village codes follow the 9- and 12-digit statistical division codes: the
    county's code, then 3 digits for the township, then 3 for the village."""
    county = regions_json["county"]
    townships = []
    for t_index, township in enumerate(regions_json["townships"], start=1):
        t_code = TOWNSHIP_CODE.format(county=county["code"], index=t_index * 100)
        villages = [
            _node(VILLAGE_CODE.format(township=t_code, index=200 + v_index), "village", village)
            for v_index, village in enumerate(township["villages"], start=1)
        ]
        townships.append(_node(t_code, "township", township["name"], villages))
    county_node = _node(county["code"], "county", county["name"], townships)
    city = _node(regions_json["city"]["code"], "city", regions_json["city"]["name"], [county_node])
    return _node(regions_json["province"]["code"], "province", regions_json["province"]["name"], [city])


def build(directory: Path, *, persons: int, seed: int, noise: float) -> tuple[str, list[Any]]:
    """Make the county, scan it, load a fresh clue store; return its URL and the demo credentials."""
    from qingfeng.clues.service import import_numbered, read_jsonl
    from qingfeng.db import session_scope, upgrade
    from qingfeng.engine import DuckDBWarehouse
    from qingfeng.scan.service import run_scan
    from qingfeng.synth import SynthConfig, generate
    from qingfeng.users.demo import seed_demo

    county = directory / "county"
    clues_path = directory / "clues.jsonl"
    directory.mkdir(parents=True, exist_ok=True)
    console.rule("1. 合成县数据 / synthetic county")
    generate(county, SynthConfig(persons=persons, seed=seed, noise=noise))
    console.rule("2. 批量扫描 / scan")
    wh = DuckDBWarehouse()
    try:
        report = run_scan(wh, county, out=clues_path, links_out=directory / "links.jsonl")
    finally:
        wh.close()
    from qingfeng.cli.summary import print_scan_summary

    print_scan_summary(console, report, clues_path)
    console.rule("3. 线索入库 / clue store")
    db_file = directory / "qingfeng.db"
    db_file.unlink(missing_ok=True)
    url = f"sqlite:///{db_file}"
    upgrade(url)
    tree = region_tree(json.loads((county / "_truth" / "regions.json").read_text(encoding="utf-8")))
    with session_scope(url) as session:
        credentials = seed_demo(session, region_tree=tree)
        lines = clues_path.read_text(encoding="utf-8").splitlines()
        summary = import_numbered(session, numbered=read_jsonl(lines), actor="system:demo", scan_label="demo")
    console.print(f"导入线索 / clues imported: {summary.as_dict()['created']}")
    return url, credentials


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dir", type=Path, default=Path("demo-data"))
    parser.add_argument("--persons", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--noise", type=float, default=0.12)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true", help="Build everything, print, do not serve")
    args = parser.parse_args(argv)
    url, credentials = build(args.dir, persons=args.persons, seed=args.seed, noise=args.noise)
    console.rule("4. 演示账号 / demo credentials")
    for credential in credentials:
        console.print(credential.line(), markup=False)
    if args.no_serve:
        return 0
    return serve(url, args.port)


def serve(url: str, port: int) -> int:
    import uvicorn

    from qingfeng.settings import get_settings
    from qingfeng.web.app import create_app

    settings = get_settings()
    settings.database_url = url
    settings.secret_key = secrets.token_urlsafe(48)
    console.print(f"清风 Qingfeng: http://127.0.0.1:{port}/  (Ctrl-C 停止 / to stop)")
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, access_log=False, server_header=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
