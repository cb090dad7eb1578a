"""The name structure is stored with the record and shown on its page (issue 15, item 1).

Simulated names only.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from tawthiq.config import Workspace
from tawthiq.ingest import import_canonical_csv
from tawthiq.ingest._structure import structure_columns
from tawthiq.normalize import normalize_name
from tawthiq.store.schema import VictimRecord
from tawthiq.web import create_app
from tawthiq.web.auth import add_user

PASSWORD = "a long enough passphrase"
ROWS = [
    ("r1", "wife of Ahmad al-Sim"),
    ("r2", "زوجة أحمد السيم"),
    ("r3", "أم محمد"),
    ("r4", "Unidentified 12"),
    ("r5", "مجهول الهوية"),
    ("r6", "الحاج محمد أحمد السيم"),
    ("r7", "Mohammad Ahmad al-Sim"),
    ("r8", "Fatima, wife of Ahmad al-Sim"),
]


def _import(engine: Engine, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "structure.csv"
    lines = ["record_id,full_name,date_of_death,governorate"]
    lines += [f'{rid},"{name}",2015-03-02,Aleppo' for rid, name in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert import_canonical_csv(engine, path, "S").counts.imported == len(ROWS)
    with engine.connect() as conn:
        rows = conn.execute(select(VictimRecord.__table__)).mappings().all()
    return {r["source_record_id"]: SimpleNamespace(**r) for r in rows}


def test_import_stores_the_name_structure(
    workspace: Workspace, engine: Engine, tmp_path: Path
) -> None:
    got = _import(engine, tmp_path)
    assert (got["r1"].name_relation, got["r1"].name_anchor) == ("wife_of", "ahmad al sim")
    assert (got["r2"].name_relation, got["r2"].name_anchor) == ("wife_of", "احمد السيم")
    assert got["r1"].given_name_norm is None  # "wife" is not a given name
    assert (got["r3"].name_relation, got["r3"].name_kunya) == ("mother_of", "ام محمد")
    assert got["r4"].name_placeholder is True and got["r5"].name_placeholder is True
    assert got["r6"].name_titles == "الحاج" and got["r6"].given_name_norm == "محمد"
    assert got["r7"].name_relation is None and got["r7"].name_placeholder is None
    assert got["r8"].name_relation == "wife_of" and got["r8"].given_name_norm == "fatima"


def test_split_columns_carry_a_structure_too() -> None:
    n = normalize_name
    assert structure_columns(None, n("زوجة أحمد"), None, n("السيم"))[0] == "wife_of"
    assert structure_columns(None, n("Ahmad"), None, n("al-Sim")) == (None, None, None, None, None)


def test_record_page_shows_the_structure_to_those_who_may_see_names(
    workspace: Workspace, engine: Engine, tmp_path: Path
) -> None:
    got = _import(engine, tmp_path)
    with engine.begin() as conn:  # public records, so that a viewer sees them (not the names)
        conn.execute(update(VictimRecord).values(sensitivity="public"))
    add_user(engine, "doc", PASSWORD, "documenter", locale="en")
    add_user(engine, "view", PASSWORD, "viewer", locale="en")
    with TestClient(create_app(engine, secure_cookies=False)) as client:
        for user in ("doc", "view"):
            client.cookies.clear()
            client.get("/login")
            r = client.post(
                "/login",
                data={
                    "username": user,
                    "password": PASSWORD,
                    "csrf": client.cookies["tawthiq_login_csrf"],
                },
                follow_redirects=False,
            )
            assert r.status_code == 303
            wife = client.get(f"/records/{got['r1'].id}").text
            unnamed = client.get(f"/records/{got['r4'].id}").text
            assert "wife of" in wife and "placeholder" in unnamed
            assert ("ahmad al sim" in wife) == (user == "doc")  # the anchor is a name
