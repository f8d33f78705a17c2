"""Who is which organisation: one id per company across bidders, suppliers, contractors and shareholders.

An organisation is named by its unified social credit code when the code is
valid (GB 32100 check character). Where a reference carries an invalid code but
a name (companies.name, shareholders.holder_name, or an extra `*_name` column a
department supplies), the normalised name links it to the one registered
company of that name; a name shared by two companies links nothing.
Publishes `organisations(org_id, credit_code, name, name_norm, code_valid)`
and `organisation_links(table_name, row_id, column_name, org_id, method)`
with method `code`, `name` or `unlinked`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from qingfeng.contract.sql import ID18_SHAPE, normalise_uscc_sql, sql_string, uscc_valid_sql
from qingfeng.engine import Warehouse

LEGAL_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "股份公司",
    "集团公司",
    "总公司",
    "公司",
    "有限合伙",
    "合伙企业",
    "个人独资企业",
    "COLTD",
    "LTD",
    "CO",
)
_PUNCTUATION = re.compile(r"[\s()\[\]{}<>《》【】〔〕·,，.。、:;'\"-]+")


def normalise_org_name(name: str | None) -> str | None:
    """Half-width, no spaces or brackets (（北京）→北京), upper case, legal-form suffixes stripped.

    `normalise_org_name('清风科技（北京）有限公司') == normalise_org_name('清风科技(北京) 有限责任公司')`.
    """
    if name is None:
        return None
    text = _PUNCTUATION.sub("", unicodedata.normalize("NFKC", name)).upper()
    stripped = True
    while stripped:
        stripped = False
        for form in LEGAL_FORMS:
            if text.endswith(form) and len(text) > len(form):
                text, stripped = text[: -len(form)], True
                break
    return text or None


@dataclass(frozen=True)
class OrgReference:
    table: str
    code_column: str
    name_column: str | None


REFERENCES = (
    OrgReference("companies", "credit_code", "name"),
    OrgReference("shareholders", "holder_id", "holder_name"),
    OrgReference("bids", "bidder_code", "bidder_name"),
    OrgReference("contracts", "supplier_code", "supplier_name"),
    OrgReference("projects", "contractor_code", "contractor_name"),
)


def _columns(wh: Warehouse, table: str) -> set[str]:
    return set(wh.columns(table, "raw"))


def _references(wh: Warehouse) -> list[dict[str, Any]]:
    """Every organisation reference, its code normalised and judged in the warehouse (`contract.sql`,
    the same rules as `contract.ids`). A shareholder whose id has the shape of a resident ID and is
    not a valid credit code is a person, not a reference."""
    found: list[dict[str, Any]] = []
    for ref in REFERENCES:
        if not wh.has_table(ref.table, "raw"):
            continue
        name = ref.name_column if ref.name_column in _columns(wh, ref.table) else None
        person = "FALSE"
        if ref.code_column == "holder_id":
            person = f"(code IS NOT NULL AND regexp_matches(code, {sql_string(ID18_SHAPE)}) AND NOT valid)"
        code = normalise_uscc_sql(f"CAST({ref.code_column} AS VARCHAR)")
        rows = wh.query(
            f"""SELECT row_id, code, valid, name FROM (
                SELECT row_id, code, name, {uscc_valid_sql("code")} AS valid FROM (
                    SELECT _row_id AS row_id, {code} AS code,
                        {f"CAST({name} AS VARCHAR)" if name else "CAST(NULL AS VARCHAR)"} AS name
                    FROM raw.{ref.table}) coded) judged
            WHERE NOT {person} ORDER BY row_id"""
        )
        found.extend(dict(row, table=ref.table, column=ref.code_column) for row in rows)
    return found


def link_organisations(references: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each reference an org_id and a method; pure, so that it can be tested without a warehouse.

    Each distinct name is normalised once."""
    norms = {name: normalise_org_name(name) for name in {ref.get("name") for ref in references}}
    by_name: dict[str, set[str]] = defaultdict(set)
    for ref in references:
        ref["name_norm"] = norms[ref.get("name")]
        if ref["valid"] and ref["name_norm"]:
            by_name[ref["name_norm"]].add(ref["code"])
    for ref in references:
        named = by_name.get(ref["name_norm"] or "", set())
        if ref["valid"]:
            ref.update(org_id=ref["code"], method="code")
        elif len(named) == 1:
            ref.update(org_id=next(iter(named)), method="name")
        else:
            ref.update(org_id=None, method="unlinked")
    return references


def build_organisations(wh: Warehouse) -> None:
    """Publish `organisation_links` and `organisations` for the organisation tables present."""
    linked = link_organisations(_references(wh))
    wh.write_columns(
        "organisation_links",
        [
            ("table_name", "VARCHAR", [r["table"] for r in linked]),
            ("row_id", "BIGINT", [r["row_id"] for r in linked]),
            ("column_name", "VARCHAR", [r["column"] for r in linked]),
            ("code", "VARCHAR", [r["code"] for r in linked]),
            ("org_id", "VARCHAR", [r["org_id"] for r in linked]),
            ("method", "VARCHAR", [r["method"] for r in linked]),
            ("name", "VARCHAR", [r.get("name") for r in linked]),
            ("name_norm", "VARCHAR", [r["name_norm"] for r in linked]),
        ],
    )
    wh.execute(
        """CREATE OR REPLACE TABLE organisations AS
        SELECT org_id, org_id AS credit_code,
               coalesce(max(name) FILTER (WHERE table_name = 'companies'), max(name)) AS name,
               coalesce(max(name_norm) FILTER (WHERE table_name = 'companies'), max(name_norm)) AS name_norm,
               bool_or(table_name = 'companies') AS registered,
               count(*) AS references
        FROM organisation_links WHERE org_id IS NOT NULL GROUP BY org_id ORDER BY org_id"""
    )
