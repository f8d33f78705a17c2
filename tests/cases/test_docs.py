"""docs/case-handling.md names every state, transition and time limit the code has."""

from __future__ import annotations

from pathlib import Path

from qingfeng.cases import flows

DOC = (Path(__file__).parents[2] / "docs" / "case-handling.md").read_text(encoding="utf-8")


def test_every_state_and_its_limit_is_documented() -> None:
    for state, info in flows.STATES.items():
        limit = "–" if info.time_limit_days is None else str(info.time_limit_days)
        assert f"| `{state.value}` | {info.zh} | {limit} |" in DOC, state


def test_every_transition_is_documented_with_its_roles() -> None:
    for rule in flows.TRANSITIONS:
        table = DOC.split("## Transitions", 1)[1].split("\n## ", 1)[0]
        line = next((row for row in table.splitlines() if row.startswith(f"| `{rule.action}` |")), None)
        assert line is not None, rule.action
        for role in rule.roles:
            assert role in line, (rule.action, role)
