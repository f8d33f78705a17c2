"""Organisations: names normalised, codes validated, references linked by code or by name."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from qingfeng.contract.ids import uscc_check_char
from qingfeng.engine import DuckDBWarehouse
from qingfeng.resolve.orgs import build_organisations, normalise_org_name


def uscc(body17: str) -> str:
    return body17 + uscc_check_char(body17)


QINGFENG = uscc("91141181MA0L2B3C4")
HUAXIA = uscc("91141181MA0L9Y8X7")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("清风科技（北京）有限公司", "清风科技(北京)有限责任公司"),
        ("清风科技有限公司", "清风 科技 股份有限公司"),
        ("ＡＢＣ建设有限公司", "abc建设公司"),
    ],
)
def test_spellings_of_one_company_normalise_alike(a: str, b: str) -> None:
    assert normalise_org_name(a) == normalise_org_name(b)


def test_normalisation_keeps_what_distinguishes_companies() -> None:
    assert normalise_org_name("清风科技有限公司") == "清风科技"
    assert normalise_org_name("清风建设有限公司") != normalise_org_name("清风科技有限公司")
    assert normalise_org_name("公司") == "公司"  # never stripped to nothing
    assert normalise_org_name(None) is None


def test_references_link_by_code_then_by_name(build_warehouse: Callable[..., DuckDBWarehouse]) -> None:
    companies = [
        {"credit_code": QINGFENG, "name": "清风科技有限公司"},
        {"credit_code": HUAXIA, "name": "华夏建设有限公司"},
    ]
    shareholders = [
        {
            "credit_code": HUAXIA,
            "holder_id": QINGFENG[:17] + ("0" if QINGFENG[17] != "0" else "1"),
            "holder_name": "清风科技（有限公司）",
        },
        {"credit_code": HUAXIA, "holder_id": "141181198001010011", "holder_name": "张伟"},  # a person
    ]
    bids = [{"tender_id": "T1", "bidder_code": QINGFENG.lower()}, {"tender_id": "T1", "bidder_code": "BAD"}]
    wh = build_warehouse(companies=companies, shareholders=shareholders, bids=bids)
    build_organisations(wh)
    links = wh.query(
        "SELECT table_name, row_id, org_id, method FROM organisation_links ORDER BY table_name, row_id"
    )
    assert links == [
        {"table_name": "bids", "row_id": 1, "org_id": QINGFENG, "method": "code"},
        {"table_name": "bids", "row_id": 2, "org_id": None, "method": "unlinked"},
        {"table_name": "companies", "row_id": 1, "org_id": QINGFENG, "method": "code"},
        {"table_name": "companies", "row_id": 2, "org_id": HUAXIA, "method": "code"},
        {"table_name": "shareholders", "row_id": 1, "org_id": QINGFENG, "method": "name"},
    ]
    orgs = wh.query('SELECT org_id, name, registered, "references" FROM organisations ORDER BY org_id')
    assert (
        orgs
        == [
            {"org_id": QINGFENG, "name": "清风科技有限公司", "registered": True, "references": 3},
            {"org_id": HUAXIA, "name": "华夏建设有限公司", "registered": True, "references": 1},
        ][:: 1 if QINGFENG < HUAXIA else -1]
    )


def test_a_name_shared_by_two_companies_links_nothing() -> None:
    from qingfeng.resolve.orgs import link_organisations

    refs = [
        {"code": QINGFENG, "valid": True, "name": "清风科技有限公司"},
        {"code": HUAXIA, "valid": True, "name": "清风科技股份有限公司"},
        {"code": "BAD", "valid": False, "name": "清风科技公司"},
    ]
    assert [r["method"] for r in link_organisations(refs)] == ["code", "code", "unlinked"]
