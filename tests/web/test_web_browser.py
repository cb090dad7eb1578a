"""The web app in a real browser (Playwright driving Debian's Chromium), on both backends.

Set TAWTHIQ_SCREENSHOTS=DIR to keep the screenshots (docs/screenshots/ holds the committed ones).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import Engine

from tawthiq.config import Workspace
from tawthiq.ingest import import_canonical_csv
from tawthiq.web import create_app
from tawthiq.web.auth import add_user

pytestmark = pytest.mark.slow
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "browser test passphrase"
RECORDS = (
    "record_id,given_name,father_name,family_name,sex,age,date_of_death,place_of_death,"
    "governorate\n"
    "A1,محمد,أحمد,الحلبي,ذكر,34,2016-11-19,حلب,حلب\n"
    "A2,فاطمة,علي,درويش,أنثى,8,2016-11,دوما,ريف دمشق\n"
    "A3,عمر,خالد,حمدان,ذكر,22,2015,إدلب,إدلب\n"
)


def _chromium() -> None:
    if shutil.which(CHROMIUM):
        try:
            import playwright  # noqa: F401
        except ImportError:
            pass
        else:
            return
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium/Playwright missing in CI: `make test` installs them")
    pytest.skip("Chromium or Playwright not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(workspace: Workspace, engine: Engine, tmp_path: Path) -> Iterator[str]:
    _chromium()
    path = tmp_path / "list.csv"
    path.write_text(RECORDS, encoding="utf-8")
    assert import_canonical_csv(engine, path, "list_A").counts.imported == 3
    add_user(engine, "amal", PASSWORD, "documenter", locale="en")
    port = _free_port()
    config = uvicorn.Config(
        create_app(engine, secure_cookies=False), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def test_sign_in_search_switch_language_and_map(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    shots = Path(os.environ.get("TAWTHIQ_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        page.goto(f"{server}/settings/lang/en")
        page.goto(f"{server}/login")
        page.fill("input[name=username]", "amal")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{server}/")
        assert page.locator("html").get_attribute("dir") == "ltr"
        assert page.locator("#map-records svg path").count() == 14
        assert page.locator("#map-incidents svg path").count() == 14  # incident reports layer
        page.screenshot(path=str(shots / "dashboard-en.png"), full_page=True)

        # An Arabic name typed in Latin script: htmx refreshes the results as one types.
        page.goto(f"{server}/records")
        page.fill("#q", "Fatima Darwish")
        assert page.locator("#results tbody tr").count() == 3
        expect(page.locator("#results tbody tr")).to_have_count(1, timeout=5000)
        rows = page.locator("#results tbody tr")
        assert "فاطمة" in rows.first.inner_text()
        rows.first.locator("a").click()
        page.wait_for_url(f"{server}/records/*")
        assert "November 2016" in page.inner_text("main")  # month-only date kept as a month
        page.screenshot(path=str(shots / "record-en.png"), full_page=True)

        # A documenter corrects the date; the record shows it at its new precision.
        page.click("a[href$='/edit']")
        page.fill("#f-date_text", "2016-11-19")
        page.click("form.edit button[type=submit]")
        expect(page.locator("p.result")).to_contain_text("Saved")
        assert "19 November 2016" in page.inner_text("main")

        page.goto(f"{server}/settings/lang/ar")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert "الوفيات الموثقة" in page.inner_text("h1")
        page.screenshot(path=str(shots / "dashboard-ar.png"), full_page=True)
        assert errors == []  # no CSP violations or script errors
        browser.close()


def test_import_upload_and_review_with_the_keyboard(
    server: str, engine: Engine, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright
    from sqlalchemy import text

    from tawthiq.link import LinkSettings, link_workspace
    from tawthiq.simulate import simulate_to_dir

    world = simulate_to_dir(tmp_path / "world", people=300, lists=2, seed=11)
    first, second = (tmp_path / "world" / spec.file for spec in world.lists)
    import_canonical_csv(engine, second, world.lists[1].source)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(f"{server}/settings/lang/en")
        page.goto(f"{server}/login")
        page.fill("input[name=username]", "amal")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{server}/")

        page.goto(f"{server}/imports")
        page.set_input_files("input[name=file]", str(first))
        page.fill("input[name=source]", world.lists[0].source)
        page.click("form.filters button[type=submit]")
        expect(page.locator("section.result")).to_contain_text(f"imported {world.lists[0].records}")

        # a wide band and every pair in it a question: this small world has few uncertain pairs
        wide = LinkSettings(review_min_change=0.0, review_band=(0.01, 0.99))
        link_workspace(engine, wide, run_by="test")
        page.goto(f"{server}/review")
        pairs = page.locator("tbody a[href^='/review/']")
        if pairs.count() == 0:
            pytest.skip("no uncertain pairs in this world")
        pairs.first.click()
        page.wait_for_url(f"{server}/review/*")
        page.keyboard.press("d")  # "different people"
        page.wait_for_load_state("networkidle")
        browser.close()
    with engine.connect() as conn:
        decided = conn.execute(text("SELECT decision, decided_by FROM review_decisions")).all()
    assert [tuple(d) for d in decided] == [("different", "amal")]
