from __future__ import annotations

from pathlib import Path

import pytest

from tawthiq.normalize import gazetteer

HEADER = "record_id,full_name,sex,age,date_of_death,place_of_death,governorate,cause,status\n"

# 3 good rows, 1 missing record_id, 1 duplicate record_id, 1 bad date (acceptance 2 of issue 2).
SIX_ROWS = (
    HEADER
    + "A1,محمد أحمد الخالد,ذكر,34,2016-11-19,حلب,Aleppo,airstrike,civilian\n"
    + "A2,Sim Person Two,F,8 months,2016-11,Aleppo,Aleppo,shelling,civilian\n"
    + ",Sim Person Three,M,40,2016-11-19,Aleppo,Aleppo,,civilian\n"
    + "A3,عبد الرحمن محمود,male,child,2016,دوما,Rural Damascus,,civilian\n"
    + "A1,Sim Person Five,M,20,2016-11-19,,,,\n"
    + "A5,Sim Person Six,M,20,2016-13-40,,,,\n"
)


@pytest.fixture
def six_rows_csv(tmp_path: Path) -> Path:
    p = tmp_path / "a.csv"
    p.write_text(SIX_ROWS, encoding="utf-8")
    return p


@pytest.fixture(scope="session", autouse=True)
def _gazetteer_loaded() -> None:
    """Load the gazetteer once up front (about 0.3 s), so that no hypothesis example of a
    row-validation test pays for it against the per-example deadline."""
    gazetteer()
