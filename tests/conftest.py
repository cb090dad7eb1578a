"""Fixtures shared by every stage: a workspace on SQLite and on PostgreSQL.

The PostgreSQL server (127.0.0.1:5432, user postgres) gets one fresh database per test session,
dropped at the end; each test starts from an empty schema. Without a server the PostgreSQL
tests are skipped locally, but with ``CI=true`` an unreachable server fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from tawthiq.config import DATABASE_URL_ENV, Workspace, init_workspace
from tawthiq.store import open_store

PG_ADMIN_URL = os.environ.get(
    "TAWTHIQ_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"reference data folder {SHARED} not found")
    return SHARED


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """URL of a fresh PostgreSQL database for this test session."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"tawthiq_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as err:
        admin.dispose()
        msg = f"PostgreSQL at {make_url(PG_ADMIN_URL).host}:5432 unreachable: {err}"
        if _in_ci():
            pytest.fail(f"CI=true and {msg}")
        pytest.skip(msg)
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _reset_pg(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once per store backend; sets ``TAWTHIQ_DATABASE_URL`` for PostgreSQL."""
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    if request.param == "postgres":
        url: str = request.getfixturevalue("pg_database")
        _reset_pg(url)
        monkeypatch.setenv(DATABASE_URL_ENV, url)
    return str(request.param)


@pytest.fixture
def workspace(backend: str, tmp_path: Path) -> Workspace:
    """A new, initialised workspace on the backend under test (store not yet opened)."""
    ws, _ = init_workspace(tmp_path / "ws")
    return ws


@pytest.fixture
def engine(workspace: Workspace) -> Iterator[Engine]:
    """The workspace's store, migrated, disposed after the test."""
    eng = open_store(workspace)
    try:
        yield eng
    finally:
        eng.dispose()
