"""tawthiq.web: the web app and JSON API over the same store as the command line.

``create_app(engine)`` builds the FastAPI application; :mod:`.policy` decides who sees what,
:mod:`.auth` handles accounts, sessions, CSRF and rate limits, :mod:`.i18n` Arabic and English.
FastAPI is imported only when the app is built, so the command line starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tawthiq.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from tawthiq.web.app import create_app

        return create_app
    raise AttributeError(name)
