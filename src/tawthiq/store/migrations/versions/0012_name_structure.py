"""name structure: what a name record says besides the person's own name

A relational record ("wife of Ahmad al-Khatib", "أم محمد") names the victim through someone
else; a placeholder ("Unidentified 12", "مجهول الهوية") names nobody; titles and kunyas sit
beside the name. Import derives them (``normalize.name_structure``) and keeps them here, so
that record pages can show them and ``tawthiq normalize`` re-derives them with the rest.
Existing rows keep nulls until ``tawthiq normalize`` runs.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("name_relation", sa.String(length=20)),
    ("name_anchor", sa.Text()),
    ("name_kunya", sa.Text()),
    ("name_titles", sa.Text()),
    ("name_placeholder", sa.Boolean()),
)


def upgrade() -> None:
    with op.batch_alter_table("victim_records") as batch:
        for name, type_ in _COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("victim_records") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
