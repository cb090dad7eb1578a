"""Account administration, record edits and the incident map of the web app, on both backends.

Every change must leave an audit event (with old and new values), need the right role and the
session's CSRF token, and never show a field the role may not see.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text

from tawthiq.config import Workspace
from tawthiq.ingest import import_canonical_csv, import_file
from tawthiq.store.schema import AuditEvent, VictimRecord
from tawthiq.web import create_app
from tawthiq.web.auth import add_user, issue_api_token

PASSWORD = "admin test passphrase"
ACLED = Path(__file__).resolve().parents[1] / "ingest" / "data" / "acled_syria_sample.csv"
LIST = (
    "record_id,given_name,father_name,family_name,mother_name,date_of_death,governorate,notes\n"
    "R1,محمد,أحمد,الخطيب,فاطمة,2016-03,حلب,witness phone 0999 111 222\n"
)


@pytest.fixture
def client(workspace: Workspace, engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    path = tmp_path / "list.csv"
    path.write_text(LIST, encoding="utf-8")
    assert import_canonical_csv(engine, path, "A").counts.imported == 1
    for user, role in (("boss", "admin"), ("doc", "documenter"), ("view", "viewer")):
        add_user(engine, user, PASSWORD, role, locale="en")
    with TestClient(create_app(engine, secure_cookies=False, workspace=workspace)) as c:
        yield c


def _sign_in(client: TestClient, user: str, password: str = PASSWORD) -> str:
    client.cookies.clear()
    client.get("/login")
    r = client.post(
        "/login",
        data={"username": user, "password": password, "csrf": client.cookies["tawthiq_login_csrf"]},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return client.get("/").text.split('name="csrf" value="')[1].split('"')[0]


def _events(engine: Engine, action: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(AuditEvent.actor, AuditEvent.entity_id, AuditEvent.detail)
            .where(AuditEvent.action == action)
            .order_by(AuditEvent.id)
        )
        return [dict(r._mapping) for r in rows]


def _user_id(engine: Engine, name: str) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(text("SELECT id FROM users WHERE username = :n"), {"n": name}).one()[0]
        )


def test_admin_adds_accounts_changes_roles_and_disables(client: TestClient, engine: Engine) -> None:
    csrf = _sign_in(client, "doc")
    assert client.get("/users").status_code == 403
    assert client.post("/users", data={"csrf": csrf, "username": "x", "password": PASSWORD,
                                       "role": "viewer"}).status_code == 403  # fmt: skip

    csrf = _sign_in(client, "boss")
    page = client.get("/users")
    assert page.status_code == 200 and "doc" in page.text and "boss" in page.text
    assert PASSWORD not in page.text
    form = {"username": "newbie", "password": "another long passphrase", "role": "analyst"}
    assert client.post("/users", data={**form, "csrf": "forged"}).status_code == 403
    added = client.post("/users", data={**form, "csrf": csrf})
    assert added.status_code == 200 and "newbie" in added.text
    again = client.post("/users", data={**form, "csrf": csrf})
    assert again.status_code == 400 and "exists already" in again.text
    short = client.post("/users", data={**form, "username": "b", "password": "short", "csrf": csrf})
    assert short.status_code == 400 and "at least 12" in short.text
    new_id = _user_id(engine, "newbie")
    assert _events(engine, "user_add") == [
        {
            "actor": "boss",
            "entity_id": str(new_id),
            "detail": {"username": "newbie", "role": "analyst"},
        }
    ]

    doc = _user_id(engine, "doc")
    assert (
        client.post(f"/users/{doc}/role", data={"role": "viewer", "csrf": "x"}).status_code == 403
    )
    assert client.post(f"/users/{doc}/role", data={"role": "god", "csrf": csrf}).status_code == 400
    r = client.post(
        f"/users/{doc}/role", data={"role": "viewer", "csrf": csrf}, follow_redirects=False
    )
    assert r.status_code == 303
    assert _events(engine, "user_role")[-1]["detail"] == {
        "username": "doc",
        "old": "documenter",
        "new": "viewer",
    }
    me = _user_id(engine, "boss")
    assert client.post(f"/users/{me}/active", data={"active": "0", "csrf": csrf}).status_code == 400
    assert (
        client.post("/users/999999/active", data={"active": "0", "csrf": csrf}).status_code == 404
    )

    # a disabled account loses its session and its API tokens at once
    token = issue_api_token(engine, "view", "script")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/records", headers=headers).status_code == 200
    view = _user_id(engine, "view")
    viewer = TestClient(client.app)
    _sign_in(viewer, "view")
    assert viewer.get("/records", follow_redirects=False).status_code == 200
    client.post(f"/users/{view}/active", data={"active": "0", "csrf": csrf})
    assert _events(engine, "user_active")[-1]["detail"] == {
        "username": "view",
        "old": True,
        "new": False,
    }
    assert viewer.get("/records", follow_redirects=False).status_code == 303  # signed out
    assert client.get("/api/v1/records", headers=headers).status_code == 401
    assert "disabled" in client.get("/users").text
    client.post(f"/users/{view}/active", data={"active": "1", "csrf": csrf})
    assert client.get("/api/v1/records", headers=headers).status_code == 200


def _record(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        return dict(conn.execute(select(VictimRecord.__table__)).one()._mapping)


def test_documenter_edits_a_record_with_an_audit_trail(client: TestClient, engine: Engine) -> None:
    rid = _record(engine)["id"]
    _sign_in(client, "view")
    assert client.get(f"/records/{rid}/edit").status_code == 403
    csrf = _sign_in(client, "doc")
    form = client.get(f"/records/{rid}/edit")
    assert form.status_code == 200 and "الخطيب" in form.text
    # confidential fields are neither shown nor editable for a documenter
    assert "0999" not in form.text and "فاطمة" not in form.text and 'name="notes"' not in form.text
    assert client.get("/api/v1/records", params={"q": "Omar"}).json()["records"] == []
    edit = {"given_name": "عمر", "date_text": "2016-03-05", "mother_name": "X", "notes": "Y"}
    assert client.post(f"/records/{rid}/edit", data={**edit, "csrf": "forged"}).status_code == 403
    saved = client.post(f"/records/{rid}/edit", data={**edit, "csrf": csrf}, follow_redirects=False)
    assert saved.status_code == 303
    after = _record(engine)
    assert after["given_name"] == "عمر" and after["given_name_key"] == "MR"
    assert str(after["date_earliest"]) == "2016-03-05" and after["date_precision"] == "day"
    assert after["mother_name"] == "فاطمة" and after["notes"].startswith("witness")  # not editable
    [event] = _events(engine, "edit_record")
    assert event["actor"] == "doc" and event["entity_id"] == str(rid)
    assert event["detail"]["changes"] == {
        "given_name": {"old": "محمد", "new": "عمر"},
        "date_text": {"old": "2016-03", "new": "2016-03-05"},
    }
    assert event["detail"]["derived"]["date_precision"] == {"old": "month", "new": "day"}
    assert "Saved" in client.get(saved.headers["location"]).text
    # the search sees the correction through the new name key
    found = client.get("/api/v1/records", params={"q": "Omar"}).json()
    assert [r["source_record_id"] for r in found["records"]] == ["R1"]

    bad = client.post(f"/records/{rid}/edit", data={"date_text": "2016-13-45", "csrf": csrf})
    assert bad.status_code == 400 and "date" in bad.text
    up = client.post(f"/records/{rid}/edit", data={"sensitivity": "confidential", "csrf": csrf})
    assert up.status_code == 400 and len(_events(engine, "edit_record")) == 1

    csrf = _sign_in(client, "boss")
    client.post(f"/records/{rid}/edit", data={"notes": "", "csrf": csrf})
    assert _record(engine)["notes"] is None
    assert _events(engine, "edit_record")[-1]["detail"]["changes"] == {
        "notes": {"old": "witness phone 0999 111 222", "new": None}
    }


def test_map_shows_incident_reports_by_governorate(client: TestClient, engine: Engine) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'id="map-incidents"' in page.text
    summary = import_file(engine, ACLED, "ACLED", fmt="acled")
    assert summary.counts.imported >= 1
    with engine.connect() as conn:
        per_gov = conn.execute(
            text(
                "SELECT admin1_pcode, count(*) FROM incidents WHERE admin1_pcode IS NOT NULL "
                "GROUP BY admin1_pcode"
            )
        ).all()
    client.cookies.set("tawthiq_lang", "en")
    page = client.get("/").text
    incident_map = page.split('id="map-incidents"')[1].split("</svg>")[0]
    assert incident_map.count("<path") == 14 and "http" not in incident_map.replace(
        "http://www.w3.org/2000/svg", ""
    )  # drawn from the shipped boundaries, nothing fetched
    for pcode, n in per_gov:
        region = incident_map.split(f'data-pcode="{pcode}"')[1].split("</title>")[0]
        assert region.endswith(f": {n:,}"), (pcode, region)
