from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from tawthiq.config import Workspace
from tawthiq.store import current_revision, head_revision, migrate, open_store
from tawthiq.store.schema import Base


def test_migrations_create_exactly_the_declared_schema(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert current_revision(engine) == head_revision()


def test_opening_an_up_to_date_store_applies_nothing(engine: Engine) -> None:
    assert migrate(engine) is False


def test_every_domain_table_exists(workspace: Workspace) -> None:
    engine = open_store(workspace)
    try:
        names = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {
        "sources",
        "import_runs",
        "raw_rows",
        "victim_records",
        "persons",
        "person_records",
        "incidents",
        "audit_events",
        "alembic_version",
    } <= names
