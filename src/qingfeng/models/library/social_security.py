"""Social security: pensions paid to the dead or the imprisoned, dibao to households with assets."""

from __future__ import annotations

from qingfeng.models.base import Offence, Sector, SubjectKind, SupervisionModel, Text
from qingfeng.models.library._sql import EARLIEST_DEATH, death_evidence, evidence

PENSION_AFTER_DEATH = SupervisionModel(
    id="pension_after_death",
    version="1",
    title=Text("死亡后仍领取养老金", "Pension paid after death"),
    description=Text(
        "养老金发放月份晚于本人死亡日期所在月份（死亡当月照常发放）；多条死亡记录以最早死亡日期为准。",
        "A pension paid for a month later than the month of the person's death (the month of death "
        "itself is paid legitimately); with several death records the earliest death_date counts.",
    ),
    sector=Sector.SOCIAL_SECURITY,
    offence=Offence.FRAUDULENT_CLAIMS,
    tables=("persons", "deaths", "pension_payments"),
    subject=SubjectKind.PERSON,
    amount=Text("死亡次月起发放的养老金合计", "Sum of the pensions for months after the month of death"),
    explanation=Text(
        "{name}于{death_date}死亡；{first_month}至{last_month}仍发放养老金{payments}笔，合计{amount}元。",
        "{name} died on {death_date}; {payments} pension payments totalling {amount} yuan "
        "were made for {first_month} to {last_month}.",
    ),
    sql=f"""
WITH {EARLIEST_DEATH},
paid AS (
    SELECT p.person_id, p.month, p.amount, {evidence("pension_payments", "p")} AS ev
    FROM pension_payments p JOIN death d ON d.person_id = p.person_id
    WHERE date_trunc('month', p.month) > date_trunc('month', d.death_date)
),
found AS (
    SELECT person_id, sum(amount) AS amount, count(*) AS payments,
           min(month) AS first_month, max(month) AS last_month
    FROM paid GROUP BY person_id
),
proof AS (
    SELECT person_id, array_agg(ev) AS evidence
    FROM (SELECT person_id, ev FROM paid UNION ALL {death_evidence("paid")}) items
    GROUP BY person_id
)
SELECT f.person_id AS subject, f.amount, proof.evidence, n.name, d.death_date, f.payments,
       strftime(f.first_month, '%Y-%m') AS first_month, strftime(f.last_month, '%Y-%m') AS last_month
FROM found f
JOIN proof ON proof.person_id = f.person_id
JOIN death d ON d.person_id = f.person_id
LEFT JOIN persons n ON n.id_number = f.person_id
""",
)

PENSION_DURING_IMPRISONMENT = SupervisionModel(
    id="pension_during_imprisonment",
    version="1",
    title=Text("服刑期间领取养老金", "Pension paid during imprisonment"),
    description=Text(
        "城乡居民养老保险（resident）发放月份整月处于服刑期内：该月第一天不早于入狱日期，"
        "最后一天不晚于出狱日期（仍在服刑则无终点）。",
        "A resident-scheme pension for a month lying wholly inside an imprisonment: the month's "
        "first day on or after start_date and its last day on or before end_date (still serving: no end).",
    ),
    sector=Sector.SOCIAL_SECURITY,
    offence=Offence.FRAUDULENT_CLAIMS,
    tables=("persons", "imprisonments", "pension_payments"),
    subject=SubjectKind.PERSON,
    amount=Text("服刑整月发放的养老金合计", "Sum of the pensions for months wholly inside imprisonment"),
    explanation=Text(
        "{name}自{prison_start}起服刑；{first_month}至{last_month}仍发放城乡居民养老金{payments}笔，合计{amount}元。",
        "{name} has been imprisoned since {prison_start}; {payments} resident pension payments "
        "totalling {amount} yuan were made for {first_month} to {last_month}.",
    ),
    sql=f"""
WITH prison AS (
    SELECT i.person_id, i.start_date, i.end_date, {evidence("imprisonments", "i")} AS ev
    FROM imprisonments i
    WHERE i.person_id IS NOT NULL AND i.start_date IS NOT NULL
),
hit AS (
    SELECT p.person_id, p.payment_id, p.month, p.amount, i.start_date,
           {evidence("pension_payments", "p")} AS ev, i.ev AS prison_ev
    FROM pension_payments p JOIN prison i ON i.person_id = p.person_id
    WHERE p.scheme = 'resident'
      AND date_trunc('month', p.month) >= i.start_date
      AND (i.end_date IS NULL OR last_day(p.month) <= i.end_date)
),
paid AS (
    -- a payment inside two overlapping imprisonment records counts once
    SELECT DISTINCT person_id, payment_id, month, amount FROM hit
),
found AS (
    SELECT person_id, sum(amount) AS amount, count(*) AS payments,
           min(month) AS first_month, max(month) AS last_month
    FROM paid GROUP BY person_id
),
proof AS (
    SELECT person_id, array_agg(ev) AS evidence
    FROM (SELECT person_id, ev FROM hit UNION SELECT person_id, prison_ev FROM hit) items
    GROUP BY person_id
),
since AS (
    SELECT person_id, min(start_date) AS prison_start FROM hit GROUP BY person_id
)
SELECT f.person_id AS subject, f.amount, proof.evidence, n.name, since.prison_start, f.payments,
       strftime(f.first_month, '%Y-%m') AS first_month, strftime(f.last_month, '%Y-%m') AS last_month
FROM found f
JOIN proof ON proof.person_id = f.person_id
JOIN since ON since.person_id = f.person_id
LEFT JOIN persons n ON n.id_number = f.person_id
""",
)

DIBAO_WITH_ASSETS = SupervisionModel(
    id="dibao_with_assets",
    version="1",
    title=Text("有车有企仍领低保", "Dibao paid to a household with a vehicle or a company"),
    description=Text(
        "低保发放日之前，领取人本人或同户（household_id 相同）成员名下已登记车辆（登记日期早于发放日），"
        "或担任当前状态为存续（active）且成立日期早于发放日的企业的法定代表人或股东。",
        "A dibao payment to a person who, or one of whose household (same household_id), owns a "
        "vehicle registered before pay_date, or is the legal representative or a shareholder of a "
        "company whose current status is active and which was registered before pay_date.",
    ),
    sector=Sector.SOCIAL_SECURITY,
    offence=Offence.FRAUDULENT_CLAIMS,
    tables=("persons", "subsidy_payments", "vehicles", "companies", "shareholders"),
    subject=SubjectKind.PERSON,
    amount=Text("被标记的低保金合计", "Sum of the flagged dibao payments"),
    explanation=Text(
        "{name}领取低保{payments}笔（{first_date}至{last_date}），合计{amount}元；"
        "发放前本人或同户成员已有车辆或在营企业：{assets}。",
        "{name} received {payments} dibao payments totalling {amount} yuan ({first_date} to "
        "{last_date}) while the person or the household already held: {assets}.",
    ),
    sql=f"""
WITH dibao AS (
    SELECT s.person_id, s.payment_id, s.pay_date, s.amount, {evidence("subsidy_payments", "s")} AS ev
    FROM subsidy_payments s
    WHERE s.program = 'dibao' AND s.person_id IS NOT NULL AND s.pay_date IS NOT NULL
),
household AS (
    SELECT id_number AS person_id, id_number AS member_id FROM persons
    UNION
    SELECT p.id_number, m.id_number
    FROM persons p JOIN persons m ON m.household_id = p.household_id
    WHERE p.household_id IS NOT NULL
),
asset AS (
    SELECT v.owner_id AS holder_id, v.registered_date, 'vehicle ' || v.plate AS label,
           {evidence("vehicles", "v")} AS ev
    FROM vehicles v
    UNION ALL
    SELECT c.legal_rep_id, c.registered_date, coalesce(c.name, c.credit_code), {evidence("companies", "c")}
    FROM companies c WHERE c.status = 'active'
    UNION ALL
    SELECT s.holder_id, c.registered_date, coalesce(c.name, c.credit_code), {evidence("shareholders", "s")}
    FROM shareholders s JOIN companies c ON c.credit_code = s.credit_code WHERE c.status = 'active'
    UNION ALL
    SELECT s.holder_id, c.registered_date, coalesce(c.name, c.credit_code), {evidence("companies", "c")}
    FROM shareholders s JOIN companies c ON c.credit_code = s.credit_code WHERE c.status = 'active'
),
hit AS (
    SELECT d.person_id, d.payment_id, d.pay_date, d.amount, d.ev, a.ev AS asset_ev, a.label
    FROM dibao d
    JOIN household h ON h.person_id = d.person_id
    JOIN asset a ON a.holder_id = h.member_id AND a.registered_date < d.pay_date
),
found AS (
    SELECT person_id, sum(amount) AS amount, count(*) AS payments,
           min(pay_date) AS first_date, max(pay_date) AS last_date
    FROM (SELECT DISTINCT person_id, payment_id, pay_date, amount FROM hit) paid
    GROUP BY person_id
),
proof AS (
    SELECT person_id, array_agg(ev) AS evidence
    FROM (SELECT person_id, ev FROM hit UNION SELECT person_id, asset_ev FROM hit) items
    GROUP BY person_id
),
held AS (
    SELECT person_id, string_agg(label, ', ' ORDER BY label) AS assets
    FROM (SELECT DISTINCT person_id, label FROM hit) labels
    GROUP BY person_id
)
SELECT f.person_id AS subject, f.amount, proof.evidence, n.name, f.payments,
       f.first_date, f.last_date, held.assets
FROM found f
JOIN proof ON proof.person_id = f.person_id
JOIN held ON held.person_id = f.person_id
LEFT JOIN persons n ON n.id_number = f.person_id
""",
)

MODELS = (PENSION_AFTER_DEATH, PENSION_DURING_IMPRISONMENT, DIBAO_WITH_ASSETS)
