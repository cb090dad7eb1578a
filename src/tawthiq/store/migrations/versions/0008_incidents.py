"""incidents: reconciled incidents, report membership, belligerents, health facilities,
victim links, grade overrides and the review queue of report pairs (issue 7)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _now() -> sa.Column[object]:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "health_facilities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("facility_type", sa.String(length=40), nullable=True),
        sa.Column("pcode", sa.String(length=20), nullable=True),
        sa.Column("admin1_pcode", sa.String(length=10), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        _now(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_facilities")),
        sa.UniqueConstraint("name_key", "pcode", name=op.f("uq_health_facilities_name_key")),
    )
    op.create_table(
        "reconciled_incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("date_earliest", sa.Date(), nullable=True),
        sa.Column("date_latest", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=True),
        sa.Column("time_text", sa.String(length=40), nullable=True),
        sa.Column("pcode", sa.String(length=20), nullable=True),
        sa.Column("admin1_pcode", sa.String(length=10), nullable=True),
        sa.Column("place_precision", sa.String(length=20), nullable=True),
        sa.Column("place_text", sa.Text(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("incident_type", sa.String(length=40), nullable=True),
        sa.Column("target_type", sa.String(length=40), nullable=True),
        sa.Column("weapon", sa.Text(), nullable=True),
        sa.Column("facility_id", sa.Integer(), nullable=True),
        sa.Column("attribution", sa.String(length=200), nullable=True),
        sa.Column("killed_min", sa.Integer(), nullable=True),
        sa.Column("killed_max", sa.Integer(), nullable=True),
        sa.Column("killed_best", sa.Integer(), nullable=True),
        sa.Column("best_rule", sa.Text(), nullable=True),
        sa.Column("injured_min", sa.Integer(), nullable=True),
        sa.Column("injured_max", sa.Integer(), nullable=True),
        sa.Column("children_min", sa.Integer(), nullable=True),
        sa.Column("children_max", sa.Integer(), nullable=True),
        sa.Column("women_min", sa.Integer(), nullable=True),
        sa.Column("women_max", sa.Integer(), nullable=True),
        sa.Column("men_min", sa.Integer(), nullable=True),
        sa.Column("men_max", sa.Integer(), nullable=True),
        sa.Column("named_victims", sa.Integer(), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=20), nullable=True),
        sa.Column("grade_reasons", sa.JSON(), nullable=True),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        _now(),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["health_facilities.id"],
            name=op.f("fk_reconciled_incidents_facility_id_health_facilities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciled_incidents")),
    )
    op.create_index(
        op.f("ix_reconciled_incidents_date_earliest"), "reconciled_incidents", ["date_earliest"]
    )
    op.create_index(
        op.f("ix_reconciled_incidents_admin1_pcode"), "reconciled_incidents", ["admin1_pcode"]
    )
    op.create_table(
        "incident_claims",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("time_text", sa.String(length=40), nullable=True),
        sa.Column("weapon", sa.Text(), nullable=True),
        sa.Column("assessment", sa.String(length=20), nullable=True),
        sa.Column("injured_min", sa.Integer(), nullable=True),
        sa.Column("injured_max", sa.Integer(), nullable=True),
        sa.Column("children_killed", sa.Integer(), nullable=True),
        sa.Column("women_killed", sa.Integer(), nullable=True),
        sa.Column("men_killed", sa.Integer(), nullable=True),
        sa.Column("facility_name", sa.Text(), nullable=True),
        sa.Column("facility_type", sa.String(length=40), nullable=True),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_incident_claims_incident_id_incidents")
        ),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_incident_claims")),
    )
    op.create_table(
        "incident_members",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("reconciled_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("linked_by", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["incidents.id"], name=op.f("fk_incident_members_report_id_incidents")
        ),
        sa.ForeignKeyConstraint(
            ["reconciled_id"],
            ["reconciled_incidents.id"],
            name=op.f("fk_incident_members_reconciled_id_reconciled_incidents"),
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_incident_members")),
    )
    op.create_index(
        op.f("ix_incident_members_reconciled_id"), "incident_members", ["reconciled_id"]
    )
    op.create_table(
        "incident_belligerents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reconciled_id", sa.Integer(), nullable=False),
        sa.Column("party", sa.String(length=40), nullable=False),
        sa.Column("assessment", sa.String(length=20), nullable=False),
        sa.Column("killed_min", sa.Integer(), nullable=True),
        sa.Column("killed_max", sa.Integer(), nullable=True),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reconciled_id"],
            ["reconciled_incidents.id"],
            name=op.f("fk_incident_belligerents_reconciled_id_reconciled_incidents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_belligerents")),
        sa.UniqueConstraint(
            "reconciled_id", "party", name=op.f("uq_incident_belligerents_reconciled_id")
        ),
    )
    op.create_table(
        "facility_attacks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("reconciled_id", sa.Integer(), nullable=False),
        sa.Column("who_ssa_type", sa.String(length=80), nullable=True),
        sa.Column("phr_category", sa.String(length=80), nullable=True),
        _now(),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["health_facilities.id"],
            name=op.f("fk_facility_attacks_facility_id_health_facilities"),
        ),
        sa.ForeignKeyConstraint(
            ["reconciled_id"],
            ["reconciled_incidents.id"],
            name=op.f("fk_facility_attacks_reconciled_id_reconciled_incidents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facility_attacks")),
        sa.UniqueConstraint(
            "facility_id", "reconciled_id", name=op.f("uq_facility_attacks_facility_id")
        ),
    )
    op.create_table(
        "incident_victims",
        sa.Column("victim_record_id", sa.Integer(), nullable=False),
        sa.Column("reconciled_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("linked_by", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["victim_record_id"],
            ["victim_records.id"],
            name=op.f("fk_incident_victims_victim_record_id_victim_records"),
        ),
        sa.ForeignKeyConstraint(
            ["reconciled_id"],
            ["reconciled_incidents.id"],
            name=op.f("fk_incident_victims_reconciled_id_reconciled_incidents"),
        ),
        sa.PrimaryKeyConstraint("victim_record_id", name=op.f("pk_incident_victims")),
    )
    op.create_index(
        op.f("ix_incident_victims_reconciled_id"), "incident_victims", ["reconciled_id"]
    )
    op.create_table(
        "incident_grade_overrides",
        sa.Column("reconciled_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reconciled_id"],
            ["reconciled_incidents.id"],
            name=op.f("fk_incident_grade_overrides_reconciled_id_reconciled_incidents"),
        ),
        sa.PrimaryKeyConstraint("reconciled_id", name=op.f("pk_incident_grade_overrides")),
    )
    op.create_table(
        "incident_review_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_l", sa.Integer(), nullable=False),
        sa.Column("report_r", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=True),
        sa.Column("decision", sa.String(length=10), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_l"], ["incidents.id"], name=op.f("fk_incident_review_pairs_report_l_incidents")
        ),
        sa.ForeignKeyConstraint(
            ["report_r"], ["incidents.id"], name=op.f("fk_incident_review_pairs_report_r_incidents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_review_pairs")),
        sa.UniqueConstraint("report_l", "report_r", name=op.f("uq_incident_review_pairs_report_l")),
    )


def downgrade() -> None:
    for table in (
        "incident_review_pairs",
        "incident_grade_overrides",
        "incident_victims",
        "facility_attacks",
        "incident_belligerents",
        "incident_members",
        "incident_claims",
        "reconciled_incidents",
        "health_facilities",
    ):
        op.drop_table(table)
