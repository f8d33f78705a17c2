"""Public procurement: contracts to officials' relatives, bid collusion, contract splitting."""

from __future__ import annotations

from qingfeng.contract.sql import id18_valid_sql
from qingfeng.models.base import Offence, Param, Sector, SubjectKind, SupervisionModel, Text
from qingfeng.models.library._sql import evidence

CONTRACT_TO_OFFICIAL_RELATIVE = SupervisionModel(
    id="contract_to_official_relative",
    version="1",
    title=Text("合同授予审批人本人或亲属的企业", "Contract awarded to a firm of the approver or a relative"),
    description=Text(
        "合同供应商的法定代表人或股东是该合同的审批人本人，"
        "或是审批人的亲属（同户或 relations 中的亲属关系）。",
        "A contract whose supplier has as legal representative or shareholder the contract's "
        "approver or a relative of the approver (same household or a row of relations).",
    ),
    sector=Sector.PROCUREMENT,
    offence=Offence.ABUSE_OF_POWER,
    tables=("contracts", "companies", "shareholders"),
    subject=SubjectKind.CONTRACT,
    amount=Text("合同金额", "Contract amount"),
    explanation=Text(
        "合同{subject}（{amount}元，{sign_date}签订）由{approver_id}审批；供应商{supplier}的{parties}"
        "是审批人本人或其亲属。",
        "Contract {subject} ({amount} yuan, signed {sign_date}) was approved by {approver_id}; "
        "the supplier {supplier} has {parties} who is the approver or a relative.",
    ),
    sql=f"""
WITH party AS (
    SELECT c.credit_code, c.legal_rep_id AS party_id, 'legal_rep' AS role, {evidence("companies", "c")} AS ev
    FROM companies c WHERE c.legal_rep_id IS NOT NULL
    UNION ALL
    SELECT s.credit_code, s.holder_id, 'shareholder', {evidence("shareholders", "s")}
    FROM shareholders s WHERE s.holder_id IS NOT NULL
),
hit AS (
    SELECT c.contract_id, c.amount, c.sign_date, c.approver_id, c.supplier_code, p.party_id, p.role,
           CASE WHEN p.party_id = c.approver_id THEN 'self' ELSE k.via END AS via,
           {evidence("contracts", "c")} AS ev, p.ev AS party_ev
    FROM contracts c
    JOIN party p ON p.credit_code = c.supplier_code
    LEFT JOIN relatives k ON k.person_id = c.approver_id AND k.relative_id = p.party_id
    WHERE c.approver_id IS NOT NULL AND (p.party_id = c.approver_id OR k.relative_id IS NOT NULL)
),
proof AS (
    SELECT contract_id, array_agg(ev) AS evidence
    FROM (SELECT contract_id, ev FROM hit UNION SELECT contract_id, party_ev FROM hit) items
    GROUP BY contract_id
),
found AS (
    SELECT contract_id, amount, sign_date, approver_id, supplier_code,
           string_agg(DISTINCT role || ' ' || party_id || ' (' || via || ')', ', '
                      ORDER BY role || ' ' || party_id || ' (' || via || ')') AS parties
    FROM hit GROUP BY contract_id, amount, sign_date, approver_id, supplier_code
)
SELECT f.contract_id AS subject, f.amount, proof.evidence, f.sign_date, f.approver_id,
       coalesce(co.name, f.supplier_code) AS supplier, f.parties
FROM found f
JOIN proof ON proof.contract_id = f.contract_id
LEFT JOIN companies co ON co.credit_code = f.supplier_code
""",
)

BID_COLLUSION = SupervisionModel(
    id="bid_collusion",
    version="2",
    title=Text("串通投标", "Bid collusion"),
    description=Text(
        "同一招标中至少两个不同投标人（bidder_code 不同）的联系电话相同、联系地址相同、法定代表人相同，"
        "或有共同的自然人股东（holder_id 为身份证号而非统一社会信用代码）；每项只在本列内比较。",
        "A tender where at least 2 different bidders have the same contact_phone, or the same "
        "contact_address, or the same legal_rep_id, or a common shareholder who is a person (an "
        "id18, not a credit code); each comparison is within its own column.",
    ),
    sector=Sector.PROCUREMENT,
    offence=Offence.OTHER,
    tables=("tenders", "bids", "companies", "shareholders"),
    subject=SubjectKind.TENDER,
    amount=Text("招标预算", "Tender budget"),
    explanation=Text(
        "招标{subject}（预算{amount}元）中{bidders}家不同投标人存在关联：{traits}。",
        "In tender {subject} (budget {amount} yuan), {bidders} different bidders share: {traits}.",
    ),
    sql=f"""
WITH bid AS (
    SELECT b.tender_id, b.bidder_code, trim(b.contact_phone) AS phone, trim(b.contact_address) AS address,
           {evidence("bids", "b")} AS ev
    FROM bids b WHERE b.tender_id IS NOT NULL AND b.bidder_code IS NOT NULL
),
person_holder AS (
    SELECT s.credit_code, s.holder_id, {evidence("shareholders", "s")} AS ev
    FROM shareholders s WHERE {id18_valid_sql("s.holder_id")}
),
trait AS (
    -- one row per bidder and shared-able value; each comparison stays within its own column
    SELECT tender_id, bidder_code, 'contact_phone' AS trait, phone AS value, ev FROM bid WHERE phone <> ''
    UNION ALL
    SELECT tender_id, bidder_code, 'contact_address', address, ev FROM bid WHERE address <> ''
    UNION ALL
    SELECT b.tender_id, b.bidder_code, 'legal_rep_id', c.legal_rep_id, b.ev
    FROM bid b JOIN companies c ON c.credit_code = b.bidder_code WHERE c.legal_rep_id IS NOT NULL
    UNION ALL
    SELECT b.tender_id, b.bidder_code, 'legal_rep_id', c.legal_rep_id, {evidence("companies", "c")}
    FROM bid b JOIN companies c ON c.credit_code = b.bidder_code WHERE c.legal_rep_id IS NOT NULL
    UNION ALL
    SELECT b.tender_id, b.bidder_code, 'shareholder', h.holder_id, b.ev
    FROM bid b JOIN person_holder h ON h.credit_code = b.bidder_code
    UNION ALL
    SELECT b.tender_id, b.bidder_code, 'shareholder', h.holder_id, h.ev
    FROM bid b JOIN person_holder h ON h.credit_code = b.bidder_code
),
shared AS (
    SELECT tender_id, trait, value FROM trait
    GROUP BY tender_id, trait, value
    HAVING count(DISTINCT bidder_code) >= 2
),
colluding AS (
    SELECT t.* FROM trait t
    JOIN shared s ON s.tender_id = t.tender_id AND s.trait = t.trait AND s.value = t.value
),
tender_proof AS (
    SELECT c.tender_id, c.ev FROM colluding c
    UNION
    SELECT t.tender_id, {evidence("tenders", "t")} FROM tenders t
    WHERE t.tender_id IN (SELECT tender_id FROM colluding)
)
SELECT c.tender_id AS subject, t.budget AS amount, p.evidence, c.bidders, c.traits
FROM (
    SELECT tender_id, count(DISTINCT bidder_code) AS bidders,
           string_agg(DISTINCT trait || ' ' || value, ', ' ORDER BY trait || ' ' || value) AS traits
    FROM colluding GROUP BY tender_id
) c
JOIN (SELECT tender_id, array_agg(ev) AS evidence FROM tender_proof GROUP BY tender_id) p
  ON p.tender_id = c.tender_id
LEFT JOIN tenders t ON t.tender_id = c.tender_id
""",
)

CONTRACT_SPLITTING = SupervisionModel(
    id="contract_splitting",
    version="1",
    title=Text("拆分合同规避招标", "Contract splitting to avoid tendering"),
    description=Text(
        "同一采购单位向同一供应商直接签订（direct）至少2份合同，每份低于 threshold，"
        "均在第一份签订后 window_days 天内（0 ≤ 签订日期 − 第一份签订日期 ≤ window_days），"
        "合计达到 threshold；"
        "线索覆盖所有这样的时间窗口的并集。",
        "At least 2 direct contracts from one buyer_org to one supplier, each below threshold, all "
        "signed within window_days of the first of them (0 <= sign_date - first sign_date <= "
        "window_days), whose total reaches threshold; the clue covers the union of all such windows.",
    ),
    sector=Sector.PROCUREMENT,
    offence=Offence.ABUSE_OF_POWER,
    tables=("contracts",),
    subject=SubjectKind.BUYER_SUPPLIER,
    amount=Text("这些合同的金额合计", "Total of those contracts"),
    params=(
        Param(
            "threshold",
            1000000,
            Text("须招标的合同金额（元）", "Contract amount that requires a tender (yuan)"),
        ),
        Param("window_days", 30, Text("从第一份合同起算的天数", "Days counted from the first contract")),
    ),
    explanation=Text(
        "{buyer_org}在{first_date}至{last_date}向供应商{supplier_code}直接签订{contracts}份合同，"
        "每份均低于{threshold}元，合计{amount}元。",
        "{buyer_org} signed {contracts} direct contracts with supplier {supplier_code} from "
        "{first_date} to {last_date}, each below {threshold} yuan, totalling {amount} yuan.",
    ),
    sql=f"""
WITH direct AS (
    SELECT c.contract_id, c.buyer_org, c.supplier_code, c.amount, c.sign_date,
           {evidence("contracts", "c")} AS ev
    FROM contracts c
    WHERE c.method = 'direct' AND c.buyer_org IS NOT NULL AND c.supplier_code IS NOT NULL
      AND c.sign_date IS NOT NULL AND c.amount < :threshold
),
span AS (
    -- every contract as the first of a window, with the contracts signed within window_days of it
    SELECT f.contract_id AS first_id, g.contract_id
    FROM direct f JOIN direct g ON g.buyer_org = f.buyer_org AND g.supplier_code = f.supplier_code
    WHERE date_diff('day', f.sign_date, g.sign_date) BETWEEN 0 AND :window_days
),
qualifying AS (
    SELECT s.first_id FROM span s JOIN direct d ON d.contract_id = s.contract_id
    GROUP BY s.first_id
    HAVING count(*) >= 2 AND sum(d.amount) >= :threshold
),
covered AS (
    SELECT d.* FROM direct d
    WHERE d.contract_id IN (SELECT s.contract_id FROM span s JOIN qualifying q ON q.first_id = s.first_id)
)
SELECT buyer_org || '|' || supplier_code AS subject, sum(amount) AS amount, array_agg(ev) AS evidence,
       buyer_org, supplier_code, count(*) AS contracts, min(sign_date) AS first_date,
       max(sign_date) AS last_date, CAST(:threshold AS DECIMAL(18, 2)) AS threshold
FROM covered
GROUP BY buyer_org, supplier_code
""",
)

MODELS = (CONTRACT_TO_OFFICIAL_RELATIVE, BID_COLLUSION, CONTRACT_SPLITTING)
