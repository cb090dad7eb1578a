"""search rank: indexes led by each name part's normalised spelling

A name search ranks the records whose name is spelled as typed first, then other spellings of
the same name, then the rest of the key's matches, each in date order (``store.browse``). The
key indexes of 0007 read a key's matches in date order but cannot tell Hussein from Hasan (both
HSN); these read one spelling of one name part in date order, with the filters and the other
name parts' keys and spellings beside it, so that each tier of a search is answered from an
index and stops after a page. They leave out records whose name parts exceed 300 characters
together (a btree entry has a size limit; such a "name" is a mis-read cell, and still matches by
key).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_KEYS = ["given_name_key", "father_name_key", "family_name_key"]
_NORMS = ["given_name_norm", "father_name_norm", "family_name_norm"]
_WHERE = " + ".join(f"coalesce(length({n}), 0)" for n in _NORMS) + " <= 300"
NEW_INDEXES = {
    f"ix_victim_records_{norm.split('_')[0]}_norm_date": [
        norm,
        "date_earliest",
        "id",
        "sensitivity",
        "admin1_pcode",
        "source_id",
        *_KEYS,
        *(other for other in _NORMS if other != norm),
    ]
    for norm in _NORMS
}


def upgrade() -> None:
    for name, columns in NEW_INDEXES.items():
        op.create_index(
            name,
            "victim_records",
            columns,
            postgresql_where=sa.text(_WHERE),
            sqlite_where=sa.text(_WHERE),
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE victim_records")  # plans for the new indexes need fresh statistics


def downgrade() -> None:
    for name in NEW_INDEXES:
        op.drop_index(name, table_name="victim_records")
