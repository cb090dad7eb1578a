"""search speed: covering indexes for the web search over large stores

Every search of the web app and API lists records in (date_earliest, id) order, a page at a
time, and counts its matches up to 1,000. Single-column indexes (0005) found the matches but
left the database to sort all of them (300,000 for a common name in a store of a million) for
each page, reading the table for each. Each index here leads with one equality filter (a name
key, the governorate, the source or the sensitivity; or none), continues with the listing order
(date_earliest, id) so a page is read in order and the scan stops early, and ends with the
columns the other filters test (sensitivity, governorate, source, the other name keys), so a
search is answered from the index alone without reading the table.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 10:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# 0005's single-column indexes, each replaced by a (column, date_earliest, id) index below.
OLD_INDEXES = (
    "given_name_key",
    "father_name_key",
    "family_name_key",
    "admin1_pcode",
    "date_earliest",
)
_FILTERS = ["sensitivity", "admin1_pcode", "source_id"]
_KEYS = ["given_name_key", "father_name_key", "family_name_key"]
NEW_INDEXES = {
    f"ix_victim_records_{key.split('_')[0]}_key_date": [
        key,
        "date_earliest",
        "id",
        *_FILTERS,
        *(other for other in _KEYS if other != key),
    ]
    for key in _KEYS
} | {
    "ix_victim_records_admin1_date": [
        "admin1_pcode",
        "date_earliest",
        "id",
        "sensitivity",
        "source_id",
    ],
    "ix_victim_records_source_date": [
        "source_id",
        "date_earliest",
        "id",
        "sensitivity",
        "admin1_pcode",
    ],
    "ix_victim_records_sensitivity_date": [
        "sensitivity",
        "date_earliest",
        "id",
        "admin1_pcode",
        "source_id",
    ],
    "ix_victim_records_date_id": ["date_earliest", "id", *_FILTERS],
}


def upgrade() -> None:
    for column in OLD_INDEXES:
        op.drop_index(f"ix_victim_records_{column}", table_name="victim_records")
    for name, columns in NEW_INDEXES.items():
        op.create_index(name, "victim_records", columns)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE victim_records")  # plans for the new indexes need fresh statistics


def downgrade() -> None:
    for name in NEW_INDEXES:
        op.drop_index(name, table_name="victim_records")
    for column in OLD_INDEXES:
        op.create_index(f"ix_victim_records_{column}", "victim_records", [column])
