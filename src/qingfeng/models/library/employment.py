"""Employment: migrant workers' wages not paid through the project's dedicated wage account."""

from __future__ import annotations

from qingfeng.models.base import Offence, Sector, SubjectKind, SupervisionModel, Text
from qingfeng.models.library._sql import evidence

WAGE_ARREARS = SupervisionModel(
    id="wage_arrears",
    version="1",
    title=Text("在建项目整月未发放农民工工资", "Project month with no wages paid"),
    description=Text(
        "工人数大于0的项目，在其建设期内有整个自然月未从工资专户发放工资。建设期为开工日期至竣工日期；"
        "仍在建的项目截至整个 wage_payments 表中最晚月份的最后一天。开工当月不是整月时不计。"
        "金额大于0的发放才算发放了工资。",
        "A project with workers > 0 with a calendar month wholly inside its run in which it paid no "
        "wages. The run is start_date to end_date; a running project's run ends on the last day of "
        "the latest month found anywhere in wage_payments. A partial first month does not count. "
        "Only a payment with an amount above 0 counts as wages paid.",
    ),
    sector=Sector.EMPLOYMENT,
    offence=Offence.DERELICTION_OF_DUTY,
    tables=("projects", "wage_payments"),
    subject=SubjectKind.PROJECT,
    amount=Text("无（按月份计）", "None (counted in months)"),
    explanation=Text(
        "项目{project_name}（{subject}，工人{workers}名）有{months}个整月未发放工资：{month_list}。",
        "Project {project_name} ({subject}, {workers} workers) paid no wages in {months} whole "
        "months: {month_list}.",
    ),
    sql=f"""
WITH latest AS (
    SELECT max(date_trunc('month', month)) AS month FROM wage_payments
),
run AS (
    SELECT p.project_id, p.name, p.workers, p.start_date,
           coalesce(p.end_date, last_day(l.month)) AS run_end,
           {evidence("projects", "p")} AS ev
    FROM projects p CROSS JOIN latest l
    WHERE p.workers > 0 AND p.start_date IS NOT NULL
),
run_month AS (
    SELECT r.project_id, CAST(m.month AS DATE) AS month
    FROM run r,
         unnest(generate_series(CAST(date_trunc('month', r.start_date) AS DATE), r.run_end,
                                INTERVAL 1 MONTH)) AS m(month)
    WHERE CAST(m.month AS DATE) >= r.start_date AND last_day(CAST(m.month AS DATE)) <= r.run_end
),
unpaid AS (
    SELECT rm.project_id, rm.month FROM run_month rm
    WHERE NOT EXISTS (
        SELECT 1 FROM wage_payments w
        WHERE w.project_id = rm.project_id AND date_trunc('month', w.month) = rm.month AND w.amount > 0
    )
)
SELECT r.project_id AS subject, CAST(NULL AS DECIMAL(18, 2)) AS amount, [r.ev] AS evidence,
       r.name AS project_name, r.workers, count(*) AS months,
       string_agg(strftime(u.month, '%Y-%m'), ', ' ORDER BY u.month) AS month_list
FROM unpaid u JOIN run r ON r.project_id = u.project_id
GROUP BY r.project_id, r.name, r.workers, r.ev
""",
)

MODELS = (WAGE_ARREARS,)
