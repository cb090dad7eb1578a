"""incident reports as real exports give them: every count by whom it counts, the source's own
party list, grade and strike status, and how precise its coordinates are

Real incident exports carry many counts beside "civilians killed": Airwars gives min/max ranges
for children, women, men, injured and militants; Insecurity Insight / SHCC counts health workers
killed, injured, kidnapped, arrested, threatened and assaulted, facilities and transport
destroyed or damaged, forceful entries, occupations, looting and obstructed access; ACLED counts
all deaths. ``incident_counts`` keeps each as (kind, min, max) per report, so nothing a reader
understood is dropped; ``reconciled_incidents`` gains the all-deaths range apart from the
civilian one, the other counts as ranges, and the sources' own grades.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 14:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_Columns = tuple[tuple[str, sa.types.TypeEngine[Any]], ...]
_REPORT_COLUMNS: _Columns = (
    ("parties", sa.String(length=400)),
    ("coord_precision_km", sa.Float()),
    ("geo_precision_text", sa.Text()),
    ("source_status_text", sa.Text()),
    ("source_status", sa.String(length=40)),
)
_RECONCILED_COLUMNS: _Columns = (
    ("deaths_all_min", sa.Integer()),
    ("deaths_all_max", sa.Integer()),
    ("counts", sa.JSON()),
    ("source_grades", sa.JSON()),
)


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        for name, type_ in _REPORT_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
    with op.batch_alter_table("reconciled_incidents") as batch:
        for name, type_ in _RECONCILED_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
    op.create_table(
        "incident_counts",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("count_min", sa.Integer(), nullable=True),
        sa.Column("count_max", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_incident_counts_incident_id_incidents")
        ),
        sa.PrimaryKeyConstraint("incident_id", "kind", name=op.f("pk_incident_counts")),
    )


def downgrade() -> None:
    op.drop_table("incident_counts")
    with op.batch_alter_table("reconciled_incidents") as batch:
        for name, _ in reversed(_RECONCILED_COLUMNS):
            batch.drop_column(name)
    with op.batch_alter_table("incidents") as batch:
        for name, _ in reversed(_REPORT_COLUMNS):
            batch.drop_column(name)
