"""real lists: the weapon a victim list names, and coordinates where it gives them

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("weapon_text", sa.Text()),
    ("weapon", sa.String(length=40)),
    ("latitude", sa.Float()),
    ("longitude", sa.Float()),
)


def upgrade() -> None:
    with op.batch_alter_table("victim_records") as batch:
        for name, type_ in _COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("victim_records") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
