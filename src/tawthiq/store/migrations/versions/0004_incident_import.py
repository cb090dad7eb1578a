"""incident import: source, raw row and as-recorded columns on incidents

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 07:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("source_id", sa.Integer()),
    ("source_incident_id", sa.String(length=200)),
    ("import_run_id", sa.Integer()),
    ("row_number", sa.Integer()),
    ("row_sha256", sa.String(length=64)),
    ("date_text", sa.Text()),
    ("governorate_text", sa.Text()),
    ("place_precision", sa.String(length=20)),
    ("admin1_pcode", sa.String(length=10)),
    ("latitude", sa.Float()),
    ("longitude", sa.Float()),
    ("incident_type_text", sa.Text()),
    ("belligerent_text", sa.Text()),
    ("perpetrator", sa.String(length=40)),
    ("killed_best", sa.Integer()),
    ("civilians_min", sa.Integer()),
    ("civilians_max", sa.Integer()),
    ("grade_text", sa.Text()),
    ("description", sa.Text()),
    ("source_url", sa.Text()),
    ("updated_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        for name, type_ in _COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_incidents_source_id_sources"), "sources", ["source_id"], ["id"]
        )
        batch_op.create_foreign_key(
            "fk_incidents_raw_row",
            "raw_rows",
            ["import_run_id", "row_number"],
            ["import_run_id", "row_number"],
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_incidents_source_id"), ["source_id", "source_incident_id"]
        )
        batch_op.create_index("ix_incidents_raw_row", ["import_run_id", "row_number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_raw_row")
        batch_op.drop_constraint(batch_op.f("uq_incidents_source_id"), type_="unique")
        batch_op.drop_constraint("fk_incidents_raw_row", type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_incidents_source_id_sources"), type_="foreignkey")
        for name, _ in reversed(_COLUMNS):
            batch_op.drop_column(name)
