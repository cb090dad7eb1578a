"""Fixtures of the estimate tests (tables and their sources: see ``estimate_fixtures``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from estimate_fixtures import (
    KOSOVO,
    KOSOVO_LISTS,
    MY_3LIST,
    SEBER,
    as_columns,
    write_csv,
)


@pytest.fixture
def kosovo_columns() -> dict[str, list[int]]:
    return as_columns(KOSOVO, KOSOVO_LISTS)


@pytest.fixture
def seber_columns() -> dict[str, list[int]]:
    return as_columns(SEBER, ("L1", "L2"))


@pytest.fixture
def my3_columns() -> dict[str, list[int]]:
    return as_columns(MY_3LIST, ("L1", "L2", "L3"))


@pytest.fixture
def kosovo_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "kosovo.csv", KOSOVO, KOSOVO_LISTS)


@pytest.fixture
def seber_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "seber_2list.csv", SEBER, ("L1", "L2"))


@pytest.fixture
def my3_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "my_3list.csv", MY_3LIST, ("L1", "L2", "L3"))
