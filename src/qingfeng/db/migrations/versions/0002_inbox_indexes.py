"""Inbox indexes: sort keys with the id tie-breaker, and a covering index for counting.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VISIBILITY = [
    "region_id",
    "assigned_unit_id",
    "merged_into_id",
    "state",
    "due_at",
    "sector",
    "offence",
    "source",
]


def upgrade() -> None:
    op.drop_index("ix_clues_created_at", table_name="clues")
    op.create_index("ix_clues_created_id", "clues", ["created_at", "id"])
    op.create_index("ix_clues_amount_id", "clues", ["amount", "id"])
    op.create_index("ix_clues_visibility", "clues", VISIBILITY)


def downgrade() -> None:
    op.drop_index("ix_clues_visibility", table_name="clues")
    op.drop_index("ix_clues_amount_id", table_name="clues")
    op.drop_index("ix_clues_created_id", table_name="clues")
    op.create_index("ix_clues_created_at", "clues", ["created_at"])
