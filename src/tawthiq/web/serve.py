"""The app factory uvicorn's worker processes import (``tawthiq serve --workers N``).

Each worker opens the workspace named by ``TAWTHIQ_WORKSPACE`` (set by ``tawthiq serve``) and
its own engine; ``TAWTHIQ_INSECURE_COOKIES=1`` mirrors ``--insecure-cookies``.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from tawthiq.config import open_workspace
from tawthiq.store import open_store
from tawthiq.web.app import create_app

__all__ = ["app_from_env"]


def app_from_env() -> FastAPI:
    ws = open_workspace(Path(os.environ["TAWTHIQ_WORKSPACE"]))
    secure = os.environ.get("TAWTHIQ_INSECURE_COOKIES") != "1"
    return create_app(open_store(ws), secure_cookies=secure, workspace=ws)
