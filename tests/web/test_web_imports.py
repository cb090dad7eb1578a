"""Uploading a list through the web app: counts, rejected rows, permissions, CSRF."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from tawthiq.web import create_app
from tawthiq.web.auth import add_user

PASSWORD = "imports test passphrase"
CSV = (
    "record_id,full_name,sex,date_of_death,governorate\n"
    "U1,محمد أحمد,ذكر,2016-11-19,حلب\nU2,Sim Two,F,2016-13-40,Idlib\n,Sim Three,M,2016,Homs\n"
)


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    add_user(engine, "doc", PASSWORD, "documenter", locale="en")
    add_user(engine, "view", PASSWORD, "viewer", locale="en")
    with TestClient(create_app(engine, secure_cookies=False)) as c:
        yield c


def _sign_in(client: TestClient, user: str) -> str:
    client.get("/login")
    client.post(
        "/login",
        data={"username": user, "password": PASSWORD, "csrf": client.cookies["tawthiq_login_csrf"]},
    )
    page = client.get("/")
    return page.text.split('name="csrf" value="')[1].split('"')[0]


def test_upload_reports_counts_and_rejected_rows(client: TestClient, engine: Engine) -> None:
    csrf = _sign_in(client, "doc")
    files = {"file": ("list.csv", CSV.encode(), "text/csv")}
    refused = client.post("/imports", data={"source": "S", "csrf": "bad"}, files=files)
    assert refused.status_code == 403
    r = client.post("/imports", data={"source": "S", "csrf": csrf}, files=files)
    assert r.status_code == 200
    assert "read 3, imported 1" in r.text and "rejected 2" in r.text
    assert "list.csv: row 2 (line 3), field &#39;date_of_death&#39;" in r.text
    assert "/tmp" not in r.text  # the server's temporary path never shows
    again = client.post("/imports", data={"source": "S", "csrf": csrf}, files=files)
    assert "already imported for this source" in again.text
    with engine.connect() as conn:
        runs = conn.execute(text("SELECT run_by FROM import_runs")).scalars().all()
    assert runs == ["doc"]


def test_bad_upload_is_a_message_not_a_crash(client: TestClient) -> None:
    csrf = _sign_in(client, "doc")
    files = {"file": ("list.csv", b"\xff\xfe not utf-8 \x81", "text/csv")}
    r = client.post("/imports", data={"source": "S", "csrf": csrf}, files=files)
    assert r.status_code == 200 and 'class="error"' in r.text and "list.csv" in r.text


def test_viewer_may_not_import(client: TestClient) -> None:
    _sign_in(client, "view")
    assert client.get("/imports").status_code == 403
