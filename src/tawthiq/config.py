"""Workspace settings: where the store, the blobs and the config file of a workspace live.

A workspace is a directory with a ``tawthiq.toml``. The database is, in order of precedence,
``TAWTHIQ_DATABASE_URL``, the ``[store] url`` of ``tawthiq.toml``, or the embedded SQLite file
``<workspace>/tawthiq.db``. A URL given in the environment is never written to disk, so a
password in it stays out of the workspace.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tawthiq.errors import ConfigError

__all__ = [
    "CONFIG_FILE",
    "DATABASE_URL_ENV",
    "DEFAULT_PERIOD_START",
    "Workspace",
    "init_workspace",
    "open_workspace",
]

CONFIG_FILE = "tawthiq.toml"
DB_FILE = "tawthiq.db"
DATABASE_URL_ENV = "TAWTHIQ_DATABASE_URL"

DEFAULT_PERIOD_START = date(2011, 3, 15)
"""The first day of the period a workspace documents unless its ``tawthiq.toml`` says otherwise
(``[workspace] period_start``): the first protests of the Syrian uprising. Earlier dates of death
are kept and warned, as they are usually typing or calendar mistakes."""

_TEMPLATE = """\
# tawthiq workspace settings
[workspace]
format = 1
# The first day of the period documented: dates of death before it are kept and warned.
period_start = "2011-03-15"

[store]
# Leave unset to use the embedded SQLite file tawthiq.db in this directory, or set
# TAWTHIQ_DATABASE_URL=postgresql+psycopg://user@host/db in the environment for a server.
# url = "postgresql+psycopg://postgres@127.0.0.1:5432/tawthiq"
"""


@dataclass(frozen=True)
class Workspace:
    """A workspace directory and the database it uses."""

    root: Path
    database_url: str
    period_start: date | None = DEFAULT_PERIOD_START
    """``[workspace] period_start`` (an ISO date, or "" for none)."""

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def blobs_dir(self) -> Path:
        return self.root / "blobs"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _database_url(root: Path, settings: dict[str, object]) -> str:
    env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if env:
        return env
    store = settings.get("store", {})
    if isinstance(store, dict) and isinstance(store.get("url"), str) and store["url"].strip():
        return str(store["url"]).strip()
    return f"sqlite:///{(root / DB_FILE).resolve()}"


def _period_start(path: Path, settings: dict[str, object]) -> date | None:
    section = settings.get("workspace", {})
    if not isinstance(section, dict) or "period_start" not in section:
        return DEFAULT_PERIOD_START
    raw = section["period_start"]
    if isinstance(raw, date):  # TOML's own date literal
        return raw
    if isinstance(raw, str) and not raw.strip():
        return None
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ConfigError(
            f"{path}: [workspace] period_start must be a date such as 2011-03-15, not {raw!r}"
        ) from None


def _read_settings(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from err


def init_workspace(root: Path) -> tuple[Workspace, bool]:
    """Create ``root`` and its ``tawthiq.toml`` if needed; returns it and whether it is new."""
    if root.exists() and not root.is_dir():
        raise ConfigError(f"{root}: exists and is not a directory")
    root.mkdir(parents=True, exist_ok=True)
    cfg = root / CONFIG_FILE
    created = not cfg.exists()
    if created:
        cfg.write_text(_TEMPLATE, encoding="utf-8")
    settings = _read_settings(cfg)
    ws = Workspace(root.resolve(), _database_url(root, settings), _period_start(cfg, settings))
    return ws, created


def open_workspace(root: Path) -> Workspace:
    """The workspace at ``root``; a ``ConfigError`` says how to create one if there is none."""
    cfg = root / CONFIG_FILE
    if not cfg.is_file():
        raise ConfigError(
            f"{root}: not a tawthiq workspace (no {CONFIG_FILE}); run `tawthiq init {root}` "
            "or pass --workspace DIR"
        )
    settings = _read_settings(cfg)
    return Workspace(root.resolve(), _database_url(root, settings), _period_start(cfg, settings))
