"""The workspace's log signing key: created once, kept private, never printed or exported.

The key file ``keys/log.key`` holds one line in Go's ``PRIVATE+KEY+…`` form, readable by its
owner only. Its name is the log's origin (``tawthiq.local/<16 hex>``, random per workspace), so
checkpoints of two workspaces never verify under each other's key.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from tawthiq.config import Workspace
from tawthiq.errors import ConfigError, VerificationError
from tawthiq.evidence.note import NoteSigner, generate_signer

__all__ = ["KEY_FILE", "ensure_log_key", "load_log_signer"]

KEY_FILE = Path("keys") / "log.key"


def _key_path(ws: Workspace) -> Path:
    return ws.root / KEY_FILE


def ensure_log_key(ws: Workspace) -> tuple[NoteSigner, bool]:
    """The workspace's signer, created if missing; returns it and whether it is new."""
    path = _key_path(ws)
    if path.exists():
        return load_log_signer(ws), False
    path.parent.mkdir(mode=0o700, exist_ok=True)
    signer = generate_signer(f"tawthiq.local/{secrets.token_hex(8)}")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(signer.skey + "\n")
    return signer, True


def load_log_signer(ws: Workspace) -> NoteSigner:
    path = _key_path(ws)
    if not path.is_file():
        raise ConfigError(f"{path}: no log signing key; run `tawthiq init {ws.root}` to make one")
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(f"{path}: readable by others; run `chmod 600 {path}`")
    try:
        return NoteSigner.parse(path.read_text(encoding="ascii"))
    except (VerificationError, UnicodeDecodeError, ValueError) as err:
        raise ConfigError(f"{path}: not a tawthiq log key ({err})") from None
