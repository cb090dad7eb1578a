"""Alembic environment: always run with a connection handed in by ``tawthiq.store``."""

from __future__ import annotations

from alembic import context

from tawthiq.store.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable via the alembic CLI
    raise RuntimeError("run migrations through tawthiq.store.migrate(), not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
