"""Education: student aid paid to people with no enrollment on the day."""

from __future__ import annotations

from qingfeng.models.base import Offence, Sector, SubjectKind, SupervisionModel, Text
from qingfeng.models.library._sql import evidence

STUDENT_AID_NOT_ENROLLED = SupervisionModel(
    id="student_aid_not_enrolled",
    version="2",
    title=Text("无在读学籍领取助学金", "Student aid paid with no enrollment"),
    description=Text(
        "助学金（student_aid）发放当日，领取人没有覆盖该日的学籍记录"
        "（入学日期不晚于发放日，且毕业/离校日期为空或不早于发放日）。未关联到人员的学籍记录不属于任何人；"
        "但若一条待复核的学籍记录覆盖该日且候选人中有领取人，则不作判断，待复核结论。",
        "A student_aid payment on a date when the person has no enrollment covering it (start_date "
        "on or before the date, and end_date empty or on or after it). An enrollment that is not "
        "linked to a person is not known to belong to anyone; but when an enrollment waiting for "
        "review covers the date and the recipient is one of its candidates, no clue is guessed: "
        "the review decides.",
    ),
    sector=Sector.EDUCATION,
    offence=Offence.FRAUDULENT_CLAIMS,
    tables=("persons", "subsidy_payments", "enrollments"),
    subject=SubjectKind.PERSON,
    amount=Text("无学籍覆盖的助学金合计", "Sum of the student aid paid with no covering enrollment"),
    explanation=Text(
        "{name}在{first_date}至{last_date}领取助学金{payments}笔，合计{amount}元，发放当日均无在读学籍记录。",
        "{name} received {payments} student aid payments totalling {amount} yuan from {first_date} "
        "to {last_date}, each on a day with no covering enrollment.",
    ),
    sql=f"""
WITH aid AS (
    SELECT s.person_id, s.pay_date, s.amount, {evidence("subsidy_payments", "s")} AS ev
    FROM subsidy_payments s
    WHERE s.program = 'student_aid' AND s.person_id IS NOT NULL AND s.pay_date IS NOT NULL
),
flagged AS (
    SELECT a.* FROM aid a
    WHERE NOT EXISTS (
        SELECT 1 FROM enrollments e
        WHERE e.person_id = a.person_id AND e.start_date <= a.pay_date
          AND (e.end_date IS NULL OR a.pay_date <= e.end_date)
    )
    AND NOT EXISTS (
        SELECT 1 FROM enrollments e
        JOIN pending_links p ON p.table_name = 'enrollments' AND p.row_id = e._row_id
        WHERE p.candidate_id = a.person_id AND e.start_date <= a.pay_date
          AND (e.end_date IS NULL OR a.pay_date <= e.end_date)
    )
)
SELECT f.person_id AS subject, sum(f.amount) AS amount, array_agg(f.ev) AS evidence, n.name,
       count(*) AS payments, min(f.pay_date) AS first_date, max(f.pay_date) AS last_date
FROM flagged f
LEFT JOIN persons n ON n.id_number = f.person_id
GROUP BY f.person_id, n.name
""",
)

MODELS = (STUDENT_AID_NOT_ENROLLED,)
