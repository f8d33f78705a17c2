"""Who may do what: a table from action to the roles allowed, read by the web layer and the API.

The table is data so that it can be printed in the docs, tested cell by cell and changed
in one place. Jurisdiction (which clues a user may see) is a second, separate check made
by the clue services (`list_clues(viewer=...)`); the transition table in `cases.flows`
says which workflow steps each role may take. A request passes only when all three agree.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType

from qingfeng.users.models import Role


class Action(StrEnum):
    CLUE_READ = "clue.read"
    """See the inbox, a clue's detail and evidence, the overdue board."""
    CLUE_TRANSITION = "clue.transition"
    """Move a clue along the workflow (which steps: see cases.flows; an analyst only triages)."""
    CLUE_ASSIGN = "clue.assign"
    CLUE_RECUSE = "clue.recuse"
    """Declare a conflict of interest on a clue and step off it."""
    CLUE_MERGE = "clue.merge"
    """Merge a clue into another about the same subject (cases.service allows leaders only)."""
    CLUE_IMPORT = "clue.import"
    ADMIN_USERS = "admin.users"
    ADMIN_UNITS = "admin.units"
    ADMIN_REGIONS = "admin.regions"


_CASEWORK = frozenset({Action.CLUE_READ, Action.CLUE_TRANSITION})
_ADMIN = frozenset({Action.ADMIN_USERS, Action.ADMIN_UNITS, Action.ADMIN_REGIONS})

PERMISSIONS: MappingProxyType[Role, frozenset[Action]] = MappingProxyType(
    {
        # Separation of duties: the administrator manages accounts and the region tree but
        # reads no clue, so an IT account cannot browse case files.
        Role.ADMINISTRATOR: _ADMIN,
        Role.LEADER: _CASEWORK
        | {Action.CLUE_ASSIGN, Action.CLUE_RECUSE, Action.CLUE_MERGE, Action.CLUE_IMPORT},
        Role.HANDLER: _CASEWORK | {Action.CLUE_RECUSE},
        Role.ANALYST: _CASEWORK | {Action.CLUE_IMPORT},
        Role.VIEWER: frozenset({Action.CLUE_READ}),
    }
)


def role_of(value: str) -> Role | None:
    """The Role for a stored value; None for an unknown value (which is then allowed nothing)."""
    try:
        return Role(value)
    except ValueError:
        return None


def allowed(role: str, action: Action) -> bool:
    """True when `role` may perform `action`; an unknown role may do nothing."""
    known = role_of(role)
    return known is not None and action in PERMISSIONS[known]


def actions_of(role: str) -> frozenset[Action]:
    known = role_of(role)
    return PERMISSIONS[known] if known is not None else frozenset()
