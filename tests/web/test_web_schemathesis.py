"""Property-based API tests from the OpenAPI schema (schemathesis): no input gives a 500.

Runs as an anonymous caller and as a documenter with a bearer token, on a store with records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine

from tawthiq.config import Workspace
from tawthiq.ingest import import_canonical_csv
from tawthiq.web import create_app
from tawthiq.web.auth import add_user, issue_api_token

pytestmark = pytest.mark.slow

CSV = (
    "record_id,full_name,sex,age,date_of_death,governorate\n"
    "A1,محمد أحمد الحلبي,ذكر,34,2016-11-19,حلب\nA2,Sim Two,female,8,2016-11,Idlib\n"
)


@pytest.fixture
def api_schema(workspace: Workspace, engine: Engine, tmp_path: Path) -> Any:
    path = tmp_path / "a.csv"
    path.write_text(CSV, encoding="utf-8")
    import_canonical_csv(engine, path, "A")
    add_user(engine, "doc", "schemathesis passphrase", "documenter")
    app = create_app(engine, secure_cookies=False)
    app.state.test_token = issue_api_token(engine, "doc", "schemathesis")
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def test_no_server_errors(api_schema: Any) -> None:
    token = api_schema.app.state.test_token
    checked = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            anonymous = case.call()
            assert anonymous.status_code < 500, anonymous.text
            signed = case.call(headers={"Authorization": f"Bearer {token}"})
            assert signed.status_code < 500, signed.text

        check()
        checked += 1
    assert checked >= 3  # stats, records, record
