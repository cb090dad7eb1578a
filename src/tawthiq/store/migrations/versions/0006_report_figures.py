"""report figures: every number of a report with its query and the records behind it

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 07:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_figures",
        sa.Column("figure_id", sa.String(length=100), nullable=False),
        sa.Column("report_id", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("query", sa.JSON(), nullable=False),
        sa.Column("refs", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("figure_id", name=op.f("pk_report_figures")),
    )
    op.create_index(
        op.f("ix_report_figures_report_id"), "report_figures", ["report_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_report_figures_report_id"), table_name="report_figures")
    op.drop_table("report_figures")
