"""Web and API name search rank by closeness: spelled as typed, same name, same key, then date.

Simulated records only: common given names as search words. Hasan and Hussein share the
cross-script key HSN, Amer and Omar the key MR; the near-miss records are the *earliest*, so
date order alone would list them first.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tawthiq.config import Workspace
from tawthiq.ingest import import_canonical_csv
from tawthiq.web import create_app
from tawthiq.web.auth import add_user, issue_api_token

PASSWORD = "a long enough passphrase"
# (given name, how many, year): near misses first in time, exact spellings last
PEOPLE = [
    ("Hasan", 30, 2012),
    ("حسن", 12, 2012),
    ("Hassan", 5, 2013),
    ("Husayn", 20, 2014),
    ("حسين", 10, 2015),
    ("Hussein", 25, 2016),
    ("Amer", 4, 2012),
    ("Ammar", 3, 2012),
    ("عامر", 3, 2013),
    ("Umar", 2, 2014),
    ("عمر", 3, 2015),
    ("Omar", 2, 2016),
]


@pytest.fixture
def ranked_engine(workspace: Workspace, engine: Engine, tmp_path: Path) -> Engine:
    lines = ["record_id,given_name,family_name,date_of_death,governorate"]
    for given, count, year in PEOPLE:
        for i in range(count):
            lines.append(f"{given}-{i},{given},Sim,{year}-0{1 + i % 9}-1{i % 10},Aleppo")
    path = tmp_path / "ranked.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert import_canonical_csv(engine, path, "S").counts.imported == sum(n for _, n, _ in PEOPLE)
    add_user(engine, "documenter", PASSWORD, "documenter", locale="en")
    return engine


@pytest.fixture
def client(ranked_engine: Engine) -> Iterator[TestClient]:
    token = issue_api_token(ranked_engine, "documenter", "rank")
    with TestClient(create_app(ranked_engine, secure_cookies=False)) as c:
        c.headers["Authorization"] = f"Bearer {token}"
        yield c


def _given(record: dict[str, Any]) -> str:
    return str(record["source_record_id"]).rsplit("-", 1)[0]


def _search(client: TestClient, q: str, page: int = 1) -> dict[str, Any]:
    r = client.get("/api/v1/records", params={"q": q, "page": page})
    assert r.status_code == 200
    found: dict[str, Any] = r.json()
    return found


def _all_pages(client: TestClient, q: str) -> list[dict[str, Any]]:
    return [r for page in (1, 2, 3) for r in _search(client, q, page)["records"]]


def _tiers(records: list[dict[str, Any]]) -> list[tuple[str, set[str]]]:
    """(match, given names) of each run of one match, checking each run is in date order."""
    runs: list[tuple[str, list[dict[str, Any]]]] = []
    for r in records:
        if runs and runs[-1][0] == r["match"]:
            runs[-1][1].append(r)
        else:
            runs.append((r["match"], [r]))
    for _, run in runs:
        assert [r["date_earliest"] for r in run] == sorted(r["date_earliest"] for r in run)
    return [(match, {_given(r) for r in run}) for match, run in runs]


def test_hussein_lists_husayn_and_hussein_in_arabic_before_hasan(client: TestClient) -> None:
    first = _search(client, "Hussein")
    assert first["total"] == 102 and first["total_exact"] and first["name_keys"] == ["HSN"]
    records = _all_pages(client, "Hussein")
    assert len({r["id"] for r in records}) == 102  # each page continues the last: none twice
    assert _tiers(records) == [
        ("exact", {"Hussein"}),
        ("same_name", {"Husayn", "حسين"}),
        ("key", {"Hasan", "حسن", "Hassan"}),
    ]
    assert [r["match"] for r in records].count("same_name") == 30
    # the same search in Arabic script: حسين first, then its Latin spellings, then حسن
    assert _tiers(_all_pages(client, "حسين")) == [
        ("exact", {"حسين"}),
        ("same_name", {"Husayn", "Hussein"}),
        ("key", {"Hasan", "حسن", "Hassan"}),
    ]


def test_omar_lists_umar_and_omar_in_arabic_before_amer_and_ammar(client: TestClient) -> None:
    latin = _search(client, "Omar")
    assert latin["total"] == 17 and latin["name_keys"] == ["MR"]
    assert _tiers(latin["records"]) == [
        ("exact", {"Omar"}),
        ("same_name", {"Umar", "عمر"}),
        ("key", {"Amer", "Ammar", "عامر"}),
    ]
    assert _tiers(_search(client, "عمر")["records"]) == [
        ("exact", {"عمر"}),
        ("same_name", {"Umar", "Omar"}),
        ("key", {"Amer", "Ammar", "عامر"}),
    ]


def test_the_page_and_the_csv_follow_the_ranking(client: TestClient) -> None:
    page = client.get("/records", params={"q": "حسين"}).text
    matches = page.count('data-match="exact"'), page.count('data-match="same_name"')
    assert matches == (10, 40)  # حسين, then Hussein and Husayn fill the page of 50
    assert page.index("حسين Sim") < page.index("Husayn Sim")
    rows = list(csv.DictReader(io.StringIO(client.get("/records.csv", params={"q": "Omar"}).text)))
    assert [r["given_name"] for r in rows[:4]] == ["Omar", "Omar", "Umar", "Umar"]
    assert {r["given_name"] for r in rows[7:]} == {"Amer", "Ammar", "عامر"}
    assert "match" not in rows[0]  # the CSV keeps its columns


def test_searches_without_a_name_stay_in_date_order(client: TestClient) -> None:
    records = _search(client, "")["records"]
    assert records and all("match" not in r for r in records)
    dates = [r["date_earliest"] for r in records]
    assert dates == sorted(dates)
