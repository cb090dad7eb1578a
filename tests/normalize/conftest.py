"""Fixtures for the normalisation tests: where the shared (not shipped) data sets live."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.fixture(scope="session")
def transliteration_dir() -> Path:
    path = SHARED / "names" / "google_transliteration"
    if not (path / "ar2en-test.txt").exists():
        pytest.skip(f"transliteration pairs not found under {path}")
    return path
