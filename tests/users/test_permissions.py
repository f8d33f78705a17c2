from __future__ import annotations

from qingfeng.users.models import Role
from qingfeng.users.permissions import PERMISSIONS, Action, actions_of, allowed


def test_every_role_has_a_row() -> None:
    assert set(PERMISSIONS) == set(Role)


def test_administrator_manages_accounts_but_reads_no_clue() -> None:
    assert actions_of("administrator") == {Action.ADMIN_USERS, Action.ADMIN_UNITS, Action.ADMIN_REGIONS}
    assert allowed("administrator", Action.CLUE_READ) is False


def test_exact_table() -> None:
    assert actions_of("viewer") == {Action.CLUE_READ}
    assert actions_of("handler") == {Action.CLUE_READ, Action.CLUE_TRANSITION, Action.CLUE_RECUSE}
    assert actions_of("analyst") == {Action.CLUE_READ, Action.CLUE_TRANSITION, Action.CLUE_IMPORT}
    assert actions_of("leader") == {
        Action.CLUE_READ,
        Action.CLUE_TRANSITION,
        Action.CLUE_ASSIGN,
        Action.CLUE_RECUSE,
        Action.CLUE_MERGE,
        Action.CLUE_IMPORT,
    }


def test_unknown_role_may_do_nothing() -> None:
    assert actions_of("superuser") == frozenset()
    assert allowed("", Action.CLUE_READ) is False
