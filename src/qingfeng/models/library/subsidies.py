"""Funds benefiting the people (惠民惠农资金): after death, shared accounts, favouritism, duplicates."""

from __future__ import annotations

from qingfeng.models.base import Offence, Param, Sector, SubjectKind, SupervisionModel, Text
from qingfeng.models.library._sql import EARLIEST_DEATH, death_evidence, evidence

SUBSIDY_AFTER_DEATH = SupervisionModel(
    id="subsidy_after_death",
    version="1",
    title=Text("死亡后仍发放补贴", "Subsidy paid after death"),
    description=Text(
        "补贴发放日期晚于本人死亡日期（死亡当天不算）；多条死亡记录以最早死亡日期为准。",
        "A subsidy whose pay_date is after the death date (the day of death itself is not after "
        "it); with several death records the earliest death_date counts.",
    ),
    sector=Sector.RURAL_REVITALISATION,
    offence=Offence.FRAUDULENT_CLAIMS,
    tables=("persons", "deaths", "subsidy_payments"),
    subject=SubjectKind.PERSON,
    amount=Text("死亡后发放的补贴合计", "Sum of the subsidies paid after death"),
    explanation=Text(
        "{name}于{death_date}死亡；{first_date}至{last_date}仍发放补贴{payments}笔（{programs}），合计{amount}元。",
        "{name} died on {death_date}; {payments} subsidy payments ({programs}) totalling {amount} "
        "yuan were made from {first_date} to {last_date}.",
    ),
    sql=f"""
WITH {EARLIEST_DEATH},
paid AS (
    SELECT s.person_id, s.program, s.pay_date, s.amount, {evidence("subsidy_payments", "s")} AS ev
    FROM subsidy_payments s JOIN death d ON d.person_id = s.person_id
    WHERE s.pay_date > d.death_date
),
found AS (
    SELECT person_id, sum(amount) AS amount, count(*) AS payments,
           min(pay_date) AS first_date, max(pay_date) AS last_date,
           string_agg(DISTINCT program, ', ' ORDER BY program) AS programs
    FROM paid GROUP BY person_id
),
proof AS (
    SELECT person_id, array_agg(ev) AS evidence
    FROM (SELECT person_id, ev FROM paid UNION ALL {death_evidence("paid")}) items
    GROUP BY person_id
)
SELECT f.person_id AS subject, f.amount, proof.evidence, n.name, d.death_date, f.payments,
       f.first_date, f.last_date, f.programs
FROM found f
JOIN proof ON proof.person_id = f.person_id
JOIN death d ON d.person_id = f.person_id
LEFT JOIN persons n ON n.id_number = f.person_id
""",
)

SHARED_SUBSIDY_ACCOUNT = SupervisionModel(
    id="shared_subsidy_account",
    version="1",
    title=Text("多户补贴汇入同一账户", "One bank account receiving subsidies for unrelated people"),
    description=Text(
        "同一银行账户收取的补贴涉及至少 min_groups 组人员：以该账户的领取人为节点、亲属关系为边，"
        "连通分量即为组（同户共用一个账户只算一组）。",
        "One bank account receives subsidies for people who fall into at least min_groups groups: "
        "the connected components of the graph whose nodes are the account's recipients and whose "
        "edges are the relative pairs among them (a household sharing one account is one group).",
    ),
    sector=Sector.RURAL_REVITALISATION,
    offence=Offence.EMBEZZLEMENT,
    tables=("persons", "subsidy_payments"),
    subject=SubjectKind.BANK_ACCOUNT,
    amount=Text(
        "汇入该账户的全部补贴（所有项目和日期）", "Every payment into the account, all programs and dates"
    ),
    params=(
        Param("min_groups", 3, Text("账户领取人最少的互不相关组数", "Fewest unrelated groups of recipients")),
    ),
    explanation=Text(
        "银行账户{subject}收取{recipients}人的补贴，这些人分属{groups}组互无亲属关系的人员；"
        "该账户共收款{payments}笔，合计{amount}元。",
        "Bank account {subject} received subsidies for {recipients} people in {groups} mutually "
        "unrelated groups; {payments} payments totalling {amount} yuan went into it.",
    ),
    # The only recursive query of the library: connected components need a
    # transitive closure (Spark SQL before 4.1 has no WITH RECURSIVE; a Spark
    # backend runs the closure as a loop of joins instead).
    sql="""
WITH RECURSIVE recipient AS (
    SELECT DISTINCT bank_account, person_id FROM subsidy_payments
    WHERE bank_account IS NOT NULL AND person_id IS NOT NULL
),
candidate AS (
    SELECT r.* FROM recipient r
    WHERE r.bank_account IN (SELECT bank_account FROM recipient GROUP BY bank_account
                             HAVING count(*) >= :min_groups)
),
edge AS (
    SELECT a.bank_account, a.person_id, b.person_id AS other
    FROM candidate a
    JOIN candidate b ON b.bank_account = a.bank_account
    JOIN relatives k ON k.person_id = a.person_id AND k.relative_id = b.person_id
),
reach(bank_account, person_id, reached) AS (
    SELECT bank_account, person_id, person_id FROM candidate
    UNION
    SELECT r.bank_account, r.person_id, e.other
    FROM reach r JOIN edge e ON e.bank_account = r.bank_account AND e.person_id = r.reached
),
component AS (
    SELECT bank_account, person_id, min(reached) AS group_id FROM reach GROUP BY bank_account, person_id
),
account AS (
    SELECT bank_account, count(*) AS recipients, count(DISTINCT group_id) AS groups
    FROM component GROUP BY bank_account
    HAVING count(DISTINCT group_id) >= :min_groups
),
paid AS (
    SELECT s.bank_account, s.amount, {ev} AS ev
    FROM subsidy_payments s WHERE s.bank_account IN (SELECT bank_account FROM account)
)
SELECT a.bank_account AS subject, sum(p.amount) AS amount, array_agg(p.ev) AS evidence,
       a.recipients, a.groups, count(*) AS payments
FROM account a JOIN paid p ON p.bank_account = a.bank_account
GROUP BY a.bank_account, a.recipients, a.groups
""".replace("{ev}", evidence("subsidy_payments", "s")),
)

SUBSIDY_TO_APPROVER_RELATIVE = SupervisionModel(
    id="subsidy_to_approver_relative",
    version="1",
    title=Text("审批人为本人或亲属审批补贴", "Subsidy approved by the recipient or a relative"),
    description=Text(
        "补贴的审批人是领取人本人，或是领取人的亲属（同户或 relations 中的亲属关系）。",
        "A subsidy whose approver is the recipient or a relative of the recipient (same household "
        "or a row of relations).",
    ),
    sector=Sector.RURAL_REVITALISATION,
    offence=Offence.FAVOURITISM,
    tables=("persons", "subsidy_payments"),
    subject=SubjectKind.PERSON,
    amount=Text("这些补贴合计", "Sum of those payments"),
    explanation=Text(
        "{name}领取的补贴{payments}笔（{first_date}至{last_date}），合计{amount}元，"
        "由本人或其亲属审批（审批人：{approvers}）。",
        "{payments} subsidy payments to {name} totalling {amount} yuan ({first_date} to "
        "{last_date}) were approved by the recipient or a relative (approver: {approvers}).",
    ),
    sql=f"""
WITH flagged AS (
    SELECT s.person_id, s.pay_date, s.amount, s.approver_id,
           CASE WHEN s.approver_id = s.person_id THEN 'self' ELSE k.via END AS via,
           {evidence("subsidy_payments", "s")} AS ev
    FROM subsidy_payments s
    LEFT JOIN relatives k ON k.person_id = s.person_id AND k.relative_id = s.approver_id
    WHERE s.person_id IS NOT NULL AND s.approver_id IS NOT NULL
      AND (s.approver_id = s.person_id OR k.relative_id IS NOT NULL)
),
approver AS (
    SELECT f.person_id,
           string_agg(DISTINCT coalesce(a.name, '') || ' ' || f.approver_id || ' (' || f.via || ')', ', '
                      ORDER BY coalesce(a.name, '') || ' ' || f.approver_id || ' (' || f.via || ')')
               AS approvers
    FROM flagged f LEFT JOIN persons a ON a.id_number = f.approver_id
    GROUP BY f.person_id
)
SELECT f.person_id AS subject, sum(f.amount) AS amount, array_agg(f.ev) AS evidence,
       n.name, count(*) AS payments, min(f.pay_date) AS first_date, max(f.pay_date) AS last_date,
       a.approvers
FROM flagged f
JOIN approver a ON a.person_id = f.person_id
LEFT JOIN persons n ON n.id_number = f.person_id
GROUP BY f.person_id, n.name, a.approvers
""",
)

DUPLICATE_SUBSIDY = SupervisionModel(
    id="duplicate_subsidy",
    version="1",
    title=Text("同一项目同月多村重复领取", "Same subsidy paid from two villages in one month"),
    description=Text(
        "同一人同一补贴项目在同一自然月内从两个不同的村发放。",
        "One person paid by the same program in the same calendar month from two different villages.",
    ),
    sector=Sector.RURAL_REVITALISATION,
    offence=Offence.FRAUDULENT_CLAIMS,
    tables=("persons", "subsidy_payments"),
    subject=SubjectKind.PERSON,
    amount=Text(
        "每个重复月份内该项目付给此人的全部补贴合计",
        "Sum of that program's payments to the person in each such month",
    ),
    explanation=Text(
        "{name}在{months}个月份同一补贴项目（{programs}）从不同村重复领取，共{payments}笔，合计{amount}元。",
        "{name} was paid by the same program ({programs}) from different villages in {months} "
        "months: {payments} payments totalling {amount} yuan.",
    ),
    sql=f"""
WITH paid AS (
    SELECT s.person_id, s.program, date_trunc('month', s.pay_date) AS month, s.village, s.amount,
           {evidence("subsidy_payments", "s")} AS ev
    FROM subsidy_payments s
    WHERE s.person_id IS NOT NULL AND s.program IS NOT NULL AND s.pay_date IS NOT NULL
),
twice AS (
    SELECT person_id, program, month FROM paid
    GROUP BY person_id, program, month
    HAVING count(DISTINCT village) >= 2
),
flagged AS (
    SELECT p.* FROM paid p
    JOIN twice t ON t.person_id = p.person_id AND t.program = p.program AND t.month = p.month
)
SELECT f.person_id AS subject, sum(f.amount) AS amount, array_agg(f.ev) AS evidence, n.name,
       count(*) AS payments, count(DISTINCT f.month) AS months,
       string_agg(DISTINCT f.program, ', ' ORDER BY f.program) AS programs
FROM flagged f
LEFT JOIN persons n ON n.id_number = f.person_id
GROUP BY f.person_id, n.name
""",
)

MODELS = (SUBSIDY_AFTER_DEATH, SHARED_SUBSIDY_ACCOUNT, SUBSIDY_TO_APPROVER_RELATIVE, DUPLICATE_SUBSIDY)
