"""Incident, evidence and dashboard-estimate pages of the web app, on both backends."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tawthiq.config import Workspace
from tawthiq.ingest import import_file
from tawthiq.web import create_app
from tawthiq.web.auth import add_user

PASSWORD = "pages test passphrase"
ACLED = Path(__file__).resolve().parents[1] / "ingest" / "data" / "acled_syria_sample.csv"


@pytest.fixture
def client(workspace: Workspace, engine: Engine) -> Iterator[TestClient]:
    for user, role in (("ana", "analyst"), ("doc", "documenter"), ("view", "viewer")):
        add_user(engine, user, PASSWORD, role, locale="en")
    with TestClient(create_app(engine, secure_cookies=False, workspace=workspace)) as c:
        yield c


def _sign_in(client: TestClient, user: str) -> str:
    client.cookies.clear()
    client.get("/login")
    client.post(
        "/login",
        data={"username": user, "password": PASSWORD, "csrf": client.cookies["tawthiq_login_csrf"]},
    )
    return client.get("/").text.split('name="csrf" value="')[1].split('"')[0]


def test_incident_reports_list_and_detail(client: TestClient, engine: Engine) -> None:
    summary = import_file(engine, ACLED, "ACLED", fmt="acled")
    assert summary.kind == "incidents" and summary.counts.imported >= 1
    _sign_in(client, "view")
    listing = client.get("/incidents")
    assert listing.status_code == 200 and "SYR" not in listing.text.split("<tbody>")[0]
    first = listing.text.split('href="/incidents/')[1].split('"')[0]
    detail = client.get(f"/incidents/{first}")
    assert detail.status_code == 200 and "ACLED" in detail.text
    assert client.get("/incidents/999999").status_code == 404


def test_evidence_upload_and_verify(client: TestClient, tmp_path: Path) -> None:
    csrf = _sign_in(client, "doc")
    files = {"file": ("statement.pdf", b"%PDF-1.4 simulated statement", "application/pdf")}
    added = client.post("/evidence", data={"csrf": csrf, "note": "field team"}, files=files)
    assert added.status_code == 200 and "added" in added.text and "statement.pdf" in added.text
    assert client.post("/evidence/verify", data={"csrf": csrf}).status_code == 403  # documenter
    csrf = _sign_in(client, "ana")
    page = client.post("/evidence/verify", data={"csrf": csrf})
    # the item, its custody event and the sign-in audit events are in the log
    assert page.status_code == 200 and re.search(r"ok: 1 items, tree size [3-9], root ", page.text)
    assert client.post("/evidence/verify", data={"csrf": "wrong"}).status_code == 403
    _sign_in(client, "view")
    assert "statement.pdf" not in client.get("/evidence").text  # restricted item, public role


def test_dashboard_says_when_there_is_no_estimate(client: TestClient) -> None:
    _sign_in(client, "view")
    page = client.get("/")
    assert "not linked into persons yet" in page.text
