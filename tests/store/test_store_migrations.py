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


def test_an_older_store_is_brought_up_to_date_on_open(workspace: Workspace) -> None:
    from alembic import command

    from tawthiq.store.engine import _alembic_config, create_store_engine

    engine = create_store_engine(workspace.database_url)
    try:
        cfg = _alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
        assert current_revision(engine) == "0001"
        assert "link_runs" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    engine = open_store(workspace)  # what every command does
    try:
        assert current_revision(engine) == head_revision()
        assert "link_runs" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
