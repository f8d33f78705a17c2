"""Healthcare: medical insurance claims after death and overlapping hospital stays."""

from __future__ import annotations

from qingfeng.models.base import Offence, Sector, SubjectKind, SupervisionModel, Text
from qingfeng.models.library._sql import EARLIEST_DEATH, death_evidence, evidence

MEDICAL_CLAIM_AFTER_DEATH = SupervisionModel(
    id="medical_claim_after_death",
    version="1",
    title=Text("死亡后发生医保结算", "Medical claim after death"),
    description=Text(
        "医保结算日期晚于本人死亡日期（住院按入院日期，其他按结算日期；死亡当天不算）；"
        "多条死亡记录以最早死亡日期为准。",
        "A medical claim dated after the death date (inpatient: admission_date; others: "
        "settle_date; the day of death itself is not after it); the earliest death_date counts.",
    ),
    sector=Sector.HEALTHCARE,
    offence=Offence.FRAUDULENT_CLAIMS,
    tables=("persons", "deaths", "medical_claims"),
    subject=SubjectKind.PERSON,
    amount=Text("死亡后结算的医保基金支付合计", "Sum of fund_amount of the claims after death"),
    explanation=Text(
        "{name}于{death_date}死亡；{first_date}至{last_date}仍发生医保结算{claims}笔，基金支付合计{amount}元。",
        "{name} died on {death_date}; {claims} medical claims dated {first_date} to {last_date} "
        "drew {amount} yuan from the fund.",
    ),
    sql=f"""
WITH {EARLIEST_DEATH},
claim AS (
    SELECT c.person_id, c.fund_amount,
           CASE WHEN c.claim_type = 'inpatient' THEN c.admission_date ELSE c.settle_date END AS claim_date,
           {evidence("medical_claims", "c")} AS ev
    FROM medical_claims c
    WHERE c.person_id IS NOT NULL
),
paid AS (
    SELECT c.* FROM claim c JOIN death d ON d.person_id = c.person_id
    WHERE c.claim_date > d.death_date
),
found AS (
    SELECT person_id, sum(fund_amount) AS amount, count(*) AS claims,
           min(claim_date) AS first_date, max(claim_date) AS last_date
    FROM paid GROUP BY person_id
),
proof AS (
    SELECT person_id, array_agg(ev) AS evidence
    FROM (SELECT person_id, ev FROM paid UNION ALL {death_evidence("paid")}) items
    GROUP BY person_id
)
SELECT f.person_id AS subject, f.amount, proof.evidence, n.name, d.death_date, f.claims,
       f.first_date, f.last_date
FROM found f
JOIN proof ON proof.person_id = f.person_id
JOIN death d ON d.person_id = f.person_id
LEFT JOIN persons n ON n.id_number = f.person_id
""",
)

OVERLAPPING_INPATIENT = SupervisionModel(
    id="overlapping_inpatient",
    version="1",
    title=Text("不同医院住院时间重叠", "Overlapping inpatient stays at different providers"),
    description=Text(
        "同一人在不同医疗机构的两次住院时间重叠至少一晚（较早出院日期减较晚入院日期不少于1天）。",
        "Two inpatient claims of one person at different providers whose stays overlap by at least "
        "one night (the earlier discharge minus the later admission is at least 1 day).",
    ),
    sector=Sector.HEALTHCARE,
    offence=Offence.FRAUDULENT_CLAIMS,
    tables=("persons", "medical_claims"),
    subject=SubjectKind.PERSON,
    amount=Text(
        "至少属于一组重叠的住院结算的基金支付合计（每笔只计一次）",
        "Sum of fund_amount over the distinct claims in at least one overlapping pair",
    ),
    explanation=Text(
        "{name}在不同医院的住院时间重叠{pairs}组，涉及住院结算{claims}笔（{first_date}至{last_date}），"
        "基金支付合计{amount}元。",
        "{name} has {pairs} overlapping pairs of hospital stays at different providers, involving "
        "{claims} inpatient claims ({first_date} to {last_date}) that drew {amount} yuan from the fund.",
    ),
    sql=f"""
WITH stay AS (
    SELECT c.person_id, c.claim_id, c.provider_id, c.admission_date, c.discharge_date, c.fund_amount,
           {evidence("medical_claims", "c")} AS ev
    FROM medical_claims c
    WHERE c.claim_type = 'inpatient' AND c.person_id IS NOT NULL AND c.provider_id IS NOT NULL
      AND c.admission_date IS NOT NULL AND c.discharge_date IS NOT NULL
),
overlap AS (
    SELECT a.person_id, a.claim_id AS claim_a, b.claim_id AS claim_b
    FROM stay a JOIN stay b
      ON b.person_id = a.person_id AND a.claim_id < b.claim_id AND a.provider_id <> b.provider_id
    WHERE date_diff('day', greatest(a.admission_date, b.admission_date),
                    least(a.discharge_date, b.discharge_date)) >= 1
),
involved AS (
    SELECT s.* FROM stay s
    WHERE EXISTS (SELECT 1 FROM overlap o
                  WHERE o.person_id = s.person_id AND s.claim_id IN (o.claim_a, o.claim_b))
),
found AS (
    SELECT person_id, sum(fund_amount) AS amount, count(*) AS claims, array_agg(ev) AS evidence,
           min(admission_date) AS first_date, max(discharge_date) AS last_date
    FROM involved GROUP BY person_id
),
pairs AS (
    SELECT person_id, count(*) AS pairs FROM overlap GROUP BY person_id
)
SELECT f.person_id AS subject, f.amount, f.evidence, n.name, pairs.pairs, f.claims,
       f.first_date, f.last_date
FROM found f
JOIN pairs ON pairs.person_id = f.person_id
LEFT JOIN persons n ON n.id_number = f.person_id
""",
)

MODELS = (MEDICAL_CLAIM_AFTER_DEATH, OVERLAPPING_INPATIENT)
