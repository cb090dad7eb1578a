"""Fixtures for the normalisation tests: the held-out transliteration pairs kept in tests/data."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "google_transliteration"


@pytest.fixture(scope="session")
def transliteration_dir() -> Path:
    if not (DATA / "ar2en-test.txt").exists():
        pytest.fail(f"transliteration test split missing under {DATA}")
    return DATA
