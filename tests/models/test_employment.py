"""Wage arrears: whole months of a project's run with no wages paid."""

from __future__ import annotations

from typing import Any

from tests.models.helpers import clues_of, keys


def _project(project_id: str, start: str, end: str | None, workers: int | None) -> dict[str, Any]:
    return {"project_id": project_id, "name": f"工程{project_id}", "start_date": start, "end_date": end,
            "workers": workers}  # fmt: skip


def _wage(project_id: str, month: str, amount: str = "3000.00") -> dict[str, Any]:
    return {"project_id": project_id, "worker_id": "110101197001010011", "month": month, "amount": amount}


def test_wage_arrears_whole_months_up_to_the_latest_month_of_the_whole_table() -> None:
    rows = {
        "projects": [
            _project("PJ1", "2023-01-15", None, 10),  # running; January is partial
            _project("PJ2", "2023-01-01", None, 0),  # no workers
            _project("PJ3", "2023-02-01", "2023-03-31", 5),  # paid every month
            _project("PJ4", "2023-02-01", "2023-04-29", 5),  # April is not wholly inside
            _project("PJ5", "2023-02-01", None, None),  # workers unknown
            _project("PJ6", "2023-05-10", None, 3),  # running, no whole month unpaid
        ],
        "wage_payments": [
            _wage("PJ1", "2023-02"),
            _wage("PJ1", "2023-03"),
            _wage("PJ1", "2023-05", "0.00"),  # nothing paid
            _wage("PJ3", "2023-02"),
            _wage("PJ3", "2023-03"),
            _wage("PJ4", "2023-02"),
            _wage("PJ4", "2023-03"),
            _wage("PJ6", "2023-06"),
            _wage("OTHER", "2023-06"),  # the latest month of the table, from a project not in projects
        ],
    }
    clues = clues_of(rows, "wage_arrears")
    assert set(clues) == {"PJ1"}
    clue = clues["PJ1"]
    assert clue.amount is None
    assert keys(clue) == [("projects", "PJ1")]
    assert (
        clue.explanation_zh == "项目工程PJ1（PJ1，工人10名）有3个整月未发放工资：2023-04, 2023-05, 2023-06。"
    )
    assert clue.to_json()["amount"] is None


def test_wage_arrears_running_project_ends_with_the_table_not_the_project() -> None:
    rows = {
        "projects": [_project("PJ1", "2023-01-01", None, 4)],
        "wage_payments": [_wage("PJ1", "2023-01"), _wage("PJ9", "2023-03")],
    }
    clue = clues_of(rows, "wage_arrears")["PJ1"]
    assert "2023-02, 2023-03" in clue.explanation_en
