"""Reconciled incidents in the web app and the API: ranges, grades, withheld fields."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tawthiq.config import Workspace
from tawthiq.incidents import reconcile_workspace
from tawthiq.ingest import import_file
from tawthiq.web import create_app
from tawthiq.web.auth import add_user

PASSWORD = "incident pages passphrase"
DATA = Path(__file__).resolve().parents[1] / "incidents" / "data"


@pytest.fixture
def client(workspace: Workspace, engine: Engine) -> Iterator[TestClient]:
    for name, source in (
        ("aleppo_monitor_a.csv", "Monitor A"),
        ("aleppo_network_b.csv", "Network B"),
        ("aleppo_tracker_c.csv", "Tracker C"),
        ("hospital_attacks.csv", "Health Watch"),
    ):
        import_file(engine, DATA / name, source)
    reconcile_workspace(engine)
    for user, role in (("ana", "analyst"), ("view", "viewer")):
        add_user(engine, user, PASSWORD, role, locale="en")
    with TestClient(create_app(engine, secure_cookies=False, workspace=workspace)) as c:
        yield c


def _sign_in(client: TestClient, user: str) -> str:
    """Sign in; returns the session's CSRF token."""
    client.cookies.clear()
    client.get("/login")
    client.post(
        "/login",
        data={"username": user, "password": PASSWORD, "csrf": client.cookies["tawthiq_login_csrf"]},
    )
    return client.get("/").text.split('name="csrf" value="')[1].split('"')[0]


def _aleppo(client: TestClient) -> dict[str, object]:
    rows = client.get("/api/v1/incidents").json()["incidents"]
    return next(r for r in rows if r["sources"] == 3)


def test_three_reports_show_as_one_incident_with_its_range(client: TestClient) -> None:
    _sign_in(client, "ana")
    listing = client.get("/incidents")
    assert listing.status_code == 200 and "49–80" in listing.text
    assert "Russian or Syrian government forces (contested)" in listing.text
    aleppo = _aleppo(client)
    assert aleppo["killed"]["min"] == 49 and aleppo["killed"]["max"] == 80
    assert aleppo["grade"] == "contested" and aleppo["contested"] is True
    page = client.get(f"/incidents/{aleppo['id']}")
    assert page.status_code == 200
    assert "competing claims" in page.text  # the grade's reason
    assert "19 November 2016" in page.text  # the date with its precision
    for source in ("Monitor A", "Network B", "Tracker C"):
        assert source in page.text
    detail = client.get(f"/api/v1/incidents/{aleppo['id']}").json()
    assert {b["assessment"] for b in detail["belligerents"]} == {"contested"}
    assert len(detail["reports"]) == 3 and detail["best_rule"]
    # the reports stay reachable one by one
    report = detail["reports"][0]["report_id"]
    assert client.get(f"/incidents/reports/{report}").status_code == 200
    assert client.get("/incidents/999999").status_code == 404
    assert client.get("/api/v1/incidents/999999").status_code == 404


def test_a_sensitive_hospital_is_withheld_below_restricted_clearance(client: TestClient) -> None:
    _sign_in(client, "ana")
    listing = client.get("/api/v1/incidents").json()
    assert listing["total"] == len(listing["incidents"]) == 7 and listing["page"] == 1
    full = listing["incidents"]
    hospital = next(r for r in full if r["sensitive"])
    page = client.get(f"/incidents/{hospital['id']}").text
    assert "Al-Amal Hospital" in page and hospital["pcode"] == "C4068"
    _sign_in(client, "view")
    public = {r["id"]: r for r in client.get("/api/v1/incidents").json()["incidents"]}[
        hospital["id"]
    ]
    assert public["withheld"] is True and public["pcode"] is None and public["place"] is None
    assert public["admin1_pcode"] == hospital["admin1_pcode"]  # the governorate stays
    page = client.get(f"/incidents/{hospital['id']}").text
    api = client.get(f"/api/v1/incidents/{hospital['id']}").text
    by_gov = client.get("/api/v1/incidents", params={"gov": hospital["admin1_pcode"]}).json()
    assert 0 < by_gov["total"] < listing["total"]
    for text in (page, api, client.get("/incidents").text):
        assert "Al-Amal" not in text and "Kafr Nabl" not in text and "C4068" not in text


def test_an_analyst_overrides_a_grade_with_a_note(client: TestClient, engine: Engine) -> None:
    from sqlalchemy import select

    from tawthiq.store.schema import AuditEvent

    csrf = _sign_in(client, "ana")
    aleppo = _aleppo(client)
    url = f"/incidents/{aleppo['id']}/grade"
    assert client.post(url, data={"grade": "fair", "note": "x"}).status_code == 403  # no CSRF
    assert client.post(url, data={"grade": "fair", "note": "", "csrf": csrf}).status_code == 400
    done = client.post(
        url,
        data={"grade": "fair", "note": "belligerent statement reviewed", "csrf": csrf},
        follow_redirects=False,
    )
    assert done.status_code == 303
    detail = client.get(f"/api/v1/incidents/{aleppo['id']}").json()
    assert detail["grade"] == "fair" and detail["computed_grade"] == "contested"
    assert detail["override"]["note"] == "belligerent statement reviewed"
    assert "belligerent statement reviewed" in client.get(f"/incidents/{aleppo['id']}").text
    with engine.connect() as conn:
        actions = [a for (a,) in conn.execute(select(AuditEvent.action))]
    assert any("grade" in a for a in actions)
    # back to the computed grade
    client.post(url, data={"grade": "", "note": "statement withdrawn", "csrf": csrf})
    assert client.get(f"/api/v1/incidents/{aleppo['id']}").json()["grade"] == "contested"
    csrf = _sign_in(client, "view")
    assert client.post(url, data={"grade": "weak", "note": "n", "csrf": csrf}).status_code == 403
