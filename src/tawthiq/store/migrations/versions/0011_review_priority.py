"""review priority: each review question's records and priority

The review queue asks each question once (one pair per two confidently linked pieces of
records) and orders the questions by the records an answer would move times its uncertainty
(``link._review``); the queue keeps both so that ``review list`` can say why a pair comes
where it does. Rows of older runs keep nulls.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 11:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_COLUMNS = (("records", sa.Integer()), ("priority", sa.Float()))


def upgrade() -> None:
    with op.batch_alter_table("review_pairs") as batch:
        for name, type_ in _COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("review_pairs") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
