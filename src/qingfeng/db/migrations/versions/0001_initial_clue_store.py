"""initial clue store

Revision ID: 0001
Revises:
Create Date: 2026-11-23 16:43:35.360543
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=100), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("prev_hash", name=op.f("uq_audit_log_prev_hash")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index("ix_audit_log_object", ["object_type", "object_id"], unique=False)

    op.create_table(
        "regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["regions.id"], name=op.f("fk_regions_parent_id_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regions")),
        sa.UniqueConstraint("code", name=op.f("uq_regions_code")),
    )
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_regions_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_regions_path"), ["path"], unique=False)

    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["parent_id"], ["units.id"], name=op.f("fk_units_parent_id_units")),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_units_region_id_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
    )
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_units_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_units_region_id"), ["region_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=500), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("person_id_number", sa.String(length=18), nullable=True),
        sa.Column("home_region_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("totp_secret", sa.String(length=64), nullable=True),
        sa.Column("totp_last_step", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_region_id"], ["regions.id"], name=op.f("fk_users_home_region_id_regions")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_users_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_person_id_number"), ["person_id_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_users_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "clues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("model_id", sa.String(length=100), nullable=True),
        sa.Column("model_version", sa.String(length=32), nullable=True),
        sa.Column("model_params", sa.JSON(), nullable=True),
        sa.Column("subject_key", sa.String(length=300), nullable=False),
        sa.Column("subject_kind", sa.String(length=32), nullable=True),
        sa.Column("title_zh", sa.String(length=500), nullable=False),
        sa.Column("title_en", sa.String(length=500), nullable=False),
        sa.Column("sector", sa.String(length=32), nullable=False),
        sa.Column("offence", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("state_entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assigned_unit_id", sa.Integer(), nullable=True),
        sa.Column("assigned_handler_id", sa.Integer(), nullable=True),
        sa.Column("explanation_zh", sa.Text(), nullable=False),
        sa.Column("explanation_en", sa.Text(), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_handler_id"], ["users.id"], name=op.f("fk_clues_assigned_handler_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["assigned_unit_id"], ["units.id"], name=op.f("fk_clues_assigned_unit_id_units")
        ),
        sa.ForeignKeyConstraint(["merged_into_id"], ["clues.id"], name=op.f("fk_clues_merged_into_id_clues")),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_clues_region_id_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clues")),
        sa.UniqueConstraint("model_id", "subject_key", name=op.f("uq_clues_model_id_subject_key")),
    )
    with op.batch_alter_table("clues", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clues_assigned_handler_id"), ["assigned_handler_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_clues_assigned_unit_id"), ["assigned_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_clues_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_clues_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_clues_merged_into_id"), ["merged_into_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_clues_model_id"), ["model_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_clues_offence"), ["offence"], unique=False)
        batch_op.create_index("ix_clues_region_created", ["region_id", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_clues_sector"), ["sector"], unique=False)
        batch_op.create_index(batch_op.f("ix_clues_source"), ["source"], unique=False)
        batch_op.create_index("ix_clues_state_due", ["state", "due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_clues_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("stored_path", sa.String(length=1000), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["clue_id"], ["clues.id"], name=op.f("fk_attachments_clue_id_clues")),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_attachments_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_clue_id"), ["clue_id"], unique=False)

    op.create_table(
        "case_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=40), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("funds_recovered", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("suggestion_issued", sa.Boolean(), nullable=False),
        sa.Column("suggestion_text", sa.Text(), nullable=False),
        sa.Column("rectification", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["clue_id"], ["clues.id"], name=op.f("fk_case_outcomes_clue_id_clues")),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_case_outcomes_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_outcomes")),
        sa.UniqueConstraint("clue_id", name=op.f("uq_case_outcomes_clue_id")),
    )
    op.create_table(
        "clue_subjects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("identifier", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("village", sa.String(length=200), nullable=False),
        sa.Column("region_code", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["clue_id"], ["clues.id"], name=op.f("fk_clue_subjects_clue_id_clues")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clue_subjects")),
    )
    with op.batch_alter_table("clue_subjects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clue_subjects_clue_id"), ["clue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_clue_subjects_identifier"), ["identifier"], unique=False)

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=100), nullable=False),
        sa.Column("record_key", sa.String(length=300), nullable=False),
        sa.Column("link", sa.JSON(), nullable=True),
        sa.Column("first_seen_scan", sa.String(length=200), nullable=False),
        sa.Column("last_seen_scan", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["clue_id"], ["clues.id"], name=op.f("fk_evidence_clue_id_clues")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
        sa.UniqueConstraint(
            "clue_id", "table_name", "record_key", name=op.f("uq_evidence_clue_id_table_name_record_key")
        ),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_clue_id"), ["clue_id"], unique=False)

    op.create_table(
        "recusals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["clue_id"], ["clues.id"], name=op.f("fk_recusals_clue_id_clues")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_recusals_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recusals")),
    )
    with op.batch_alter_table("recusals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recusals_clue_id"), ["clue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_recusals_user_id"), ["user_id"], unique=False)

    op.create_table(
        "subject_kinship",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_a", sa.String(length=18), nullable=False),
        sa.Column("person_b", sa.String(length=18), nullable=False),
        sa.Column("source_clue_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_clue_id"], ["clues.id"], name=op.f("fk_subject_kinship_source_clue_id_clues")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_kinship")),
        sa.UniqueConstraint("person_a", "person_b", name=op.f("uq_subject_kinship_person_a_person_b")),
    )
    with op.batch_alter_table("subject_kinship", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subject_kinship_person_b"), ["person_b"], unique=False)

    op.create_table(
        "transitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("from_state", sa.String(length=40), nullable=True),
        sa.Column("to_state", sa.String(length=40), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_transitions_actor_id_users")),
        sa.ForeignKeyConstraint(["clue_id"], ["clues.id"], name=op.f("fk_transitions_clue_id_clues")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transitions")),
    )
    with op.batch_alter_table("transitions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transitions_clue_id"), ["clue_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("transitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transitions_clue_id"))

    op.drop_table("transitions")
    with op.batch_alter_table("subject_kinship", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subject_kinship_person_b"))

    op.drop_table("subject_kinship")
    with op.batch_alter_table("recusals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recusals_user_id"))
        batch_op.drop_index(batch_op.f("ix_recusals_clue_id"))

    op.drop_table("recusals")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_clue_id"))

    op.drop_table("evidence")
    with op.batch_alter_table("clue_subjects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clue_subjects_identifier"))
        batch_op.drop_index(batch_op.f("ix_clue_subjects_clue_id"))

    op.drop_table("clue_subjects")
    op.drop_table("case_outcomes")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_clue_id"))

    op.drop_table("attachments")
    with op.batch_alter_table("clues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clues_updated_at"))
        batch_op.drop_index("ix_clues_state_due")
        batch_op.drop_index(batch_op.f("ix_clues_source"))
        batch_op.drop_index(batch_op.f("ix_clues_sector"))
        batch_op.drop_index("ix_clues_region_created")
        batch_op.drop_index(batch_op.f("ix_clues_offence"))
        batch_op.drop_index(batch_op.f("ix_clues_model_id"))
        batch_op.drop_index(batch_op.f("ix_clues_merged_into_id"))
        batch_op.drop_index(batch_op.f("ix_clues_due_at"))
        batch_op.drop_index(batch_op.f("ix_clues_created_at"))
        batch_op.drop_index(batch_op.f("ix_clues_assigned_unit_id"))
        batch_op.drop_index(batch_op.f("ix_clues_assigned_handler_id"))

    op.drop_table("clues")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_unit_id"))
        batch_op.drop_index(batch_op.f("ix_users_person_id_number"))

    op.drop_table("users")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_units_region_id"))
        batch_op.drop_index(batch_op.f("ix_units_parent_id"))

    op.drop_table("units")
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_regions_path"))
        batch_op.drop_index(batch_op.f("ix_regions_parent_id"))

    op.drop_table("regions")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_object")
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))

    op.drop_table("audit_log")
