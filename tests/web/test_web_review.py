"""The review queue in the web app: list, side by side, decide (with CSRF), audited, respected."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from tawthiq.config import Workspace
from tawthiq.ingest import import_canonical_csv
from tawthiq.link import LinkSettings, link_workspace, review_list
from tawthiq.simulate import simulate_to_dir
from tawthiq.web import create_app
from tawthiq.web.auth import add_user

pytestmark = pytest.mark.slow
PASSWORD = "review test passphrase"


@pytest.fixture
def linked(workspace: Workspace, engine: Engine, tmp_path: Path) -> Engine:
    world = simulate_to_dir(tmp_path / "world", people=400, lists=2, seed=5)
    for spec in world.lists:
        import_canonical_csv(engine, tmp_path / "world" / spec.file, spec.source)
    # every uncertain pair a question, so that this small world has some to review
    link_workspace(engine, LinkSettings(review_min_change=0.0), run_by="test")
    add_user(engine, "rev", PASSWORD, "documenter", locale="en")
    add_user(engine, "view", PASSWORD, "viewer", locale="en")
    return engine


@pytest.fixture
def client(linked: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(linked, secure_cookies=False)) as c:
        yield c


def _sign_in(client: TestClient, user: str) -> None:
    client.get("/login")
    r = client.post(
        "/login",
        data={"username": user, "password": PASSWORD, "csrf": client.cookies["tawthiq_login_csrf"]},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_review_queue_decide_and_audit(client: TestClient, linked: Engine) -> None:
    _run, queue = review_list(linked)
    if queue.empty:
        pytest.skip("this world produced no uncertain pairs")
    pair = int(queue["pair_id"].iloc[0])
    _sign_in(client, "rev")
    listing = client.get("/review")
    assert listing.status_code == 200 and f'href="/review/{pair}"' in listing.text
    assert re.search(r"(join|split) [\d,]+ records", listing.text)
    page = client.get(f"/review/{pair}")
    assert page.status_code == 200 and 'data-key="d"' in page.text
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    refused = client.post(f"/review/{pair}", data={"decision": "different", "csrf": "x"})
    assert refused.status_code == 403
    done = client.post(
        f"/review/{pair}",
        data={"decision": "different", "csrf": csrf, "note": "different fathers"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with linked.connect() as conn:
        decision = conn.execute(text("SELECT decision, decided_by FROM review_decisions")).one()
        audited = conn.execute(
            text("SELECT count(*) FROM audit_events WHERE actor = 'rev'")
        ).scalar_one()
    assert tuple(decision) == ("different", "rev") and audited >= 1
    assert f'href="/review/{pair}"' not in client.get("/review").text  # decided: off the queue


def test_viewer_may_not_review(client: TestClient) -> None:
    _sign_in(client, "view")
    assert client.get("/review").status_code == 403
