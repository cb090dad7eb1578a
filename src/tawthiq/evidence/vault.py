"""The content-addressed vault: each file stored once under its SHA-256, with custody.

A file is streamed (1 MiB at a time) into a temporary file inside ``blobs/`` while it is hashed,
then renamed into place, so a crash never leaves a half-written blob under a real hash and large
video never sits whole in memory. Adding the same bytes again does not copy them: the existing
item gets a custody event ("acquired" again, with the new file name), so the chain of custody
shows every time the material arrived.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tawthiq.config import Workspace
from tawthiq.errors import InputError
from tawthiq.evidence.keys import ensure_log_key
from tawthiq.evidence.log import blob_path, seal
from tawthiq.evidence.media import describe, similarity
from tawthiq.store import evidence as db
from tawthiq.store import records

__all__ = [
    "CUSTODY_ACTIONS",
    "AddedItem",
    "SimilarItem",
    "add_files",
    "copy_out",
    "find_similar",
    "record_custody",
    "seal_workspace",
]

CHUNK = 1 << 20


@dataclass(frozen=True)
class AddedItem:
    path: Path
    item_id: int
    sha256: str
    size: int
    new: bool


def _store_blob(path: Path, blobs_dir: Path) -> tuple[str, int]:
    blobs_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=blobs_dir, prefix=".incoming-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, path.open("rb") as src:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        final = blob_path(blobs_dir, sha)
        if final.exists():
            tmp.unlink()
        else:
            final.parent.mkdir(exist_ok=True)
            tmp.replace(final)
            final.chmod(0o400)
        return sha, size
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def add_files(
    ws: Workspace,
    engine: Engine,
    paths: list[Path],
    *,
    source: str | None = None,
    incident: int | None = None,
    note: str | None = None,
    actor: str | None = None,
) -> list[AddedItem]:
    """Store each file, record it and its custody, and seal the log — all in one transaction."""
    for path in paths:
        if not path.is_file():
            raise InputError("not a file", file=str(path))
    signer, _ = ensure_log_key(ws)
    added: list[AddedItem] = []
    with engine.begin() as conn:
        if incident is not None and not db.incident_exists(conn, incident):
            raise InputError(f"no incident {incident} in the store", field="incident")
        source_id = records.get_or_create_source(conn, source) if source else None
        for path in paths:
            sha, size = _store_blob(path, ws.blobs_dir)
            existing = db.evidence_item_by_sha256(conn, sha)
            detail: dict[str, object] = {"file_name": path.name}
            if existing is None:
                media_type, metadata = describe(path)
                item_id = db.add_evidence_item(
                    conn,
                    sha256=sha,
                    size=size,
                    media_type=media_type,
                    original_name=path.name,
                    acquired_at=datetime.now(UTC),
                    added_by=actor,
                    source_id=source_id,
                    incident_id=incident,
                    note=note,
                    media_metadata=metadata,
                    sensitivity="restricted",
                )
            else:
                item_id = int(existing["id"])
                detail["again"] = True
            db.add_custody_event(
                conn, item_id=item_id, action="acquired", actor=actor, detail=detail
            )
            if incident is not None:
                db.add_custody_event(
                    conn,
                    item_id=item_id,
                    action="linked",
                    actor=actor,
                    detail={"incident_id": incident},
                )
            added.append(AddedItem(path, item_id, sha, size, existing is None))
        seal(conn, signer)
    return added


def seal_workspace(ws: Workspace, engine: Engine) -> str | None:
    """Log what is pending in the store and sign a new checkpoint if the log grew."""
    signer, _ = ensure_log_key(ws)
    with engine.begin() as conn:
        return seal(conn, signer)


@dataclass(frozen=True)
class SimilarItem:
    item_id: int
    sha256: str
    original_name: str | None
    score: float
    distance: int


def _look(item: dict[str, Any]) -> tuple[list[str], list[str]]:
    meta = item.get("media_metadata") or {}
    return list(meta.get("pdq") or []), list(meta.get("pdq_crops") or [])


def find_similar(engine: Engine, item_id: int, min_score: float = 0.5) -> list[SimilarItem]:
    """Items whose perceptual hashes match ``item_id``'s: re-uploads, re-encodes, crops.

    ``score`` is the share of sampled frames that match (1.0 for matching images); items are
    listed best first. Raises InputError for an unknown item or one with no perceptual hash.
    """
    with engine.connect() as conn:
        items = {int(i["id"]): i for i in db.iter_evidence_items(conn)}
    target = items.get(item_id)
    if target is None:
        raise InputError(f"no evidence item {item_id}", field="item")
    hashes, crops = _look(target)
    if not hashes:
        raise InputError(
            f"evidence item {item_id} has no perceptual hash (not an image or video)",
            field="item",
        )
    found = []
    for other_id, other in items.items():
        if other_id == item_id:
            continue
        result = similarity(hashes, _look(other)[0], crops, _look(other)[1])
        if result is not None and result[0] >= min_score:
            found.append(
                SimilarItem(other_id, str(other["sha256"]), other["original_name"], *result)
            )
    return sorted(found, key=lambda s: (-s.score, s.distance, s.item_id))


CUSTODY_ACTIONS = ("acquired", "copied", "exported", "viewed", "annotated", "linked")


def record_custody(
    ws: Workspace,
    engine: Engine,
    item_id: int,
    action: str,
    *,
    actor: str | None = None,
    detail: dict[str, object] | None = None,
) -> int:
    """Add one custody event to an item and seal the log; returns the event id."""
    if action not in CUSTODY_ACTIONS:
        raise InputError(f"unknown custody action {action!r}", field="action")
    signer, _ = ensure_log_key(ws)
    with engine.begin() as conn:
        if not any(int(i["id"]) == item_id for i in db.iter_evidence_items(conn)):
            raise InputError(f"no evidence item {item_id}", field="item")
        incident = (detail or {}).get("incident_id")
        if action == "linked" and not (
            isinstance(incident, int) and db.incident_exists(conn, incident)
        ):
            raise InputError(f"no incident {incident} in the store", field="incident")
        event = db.add_custody_event(
            conn, item_id=item_id, action=action, actor=actor, detail=detail
        )
        seal(conn, signer)
    return event


def copy_out(
    ws: Workspace,
    engine: Engine,
    item_id: int,
    out: Path,
    *,
    actor: str | None = None,
    force: bool = False,
) -> Path:
    """Copy an item's file out of the vault (a ``copied`` custody event), checking its hash.

    ``out`` may be a directory: the copy then takes the item's original name there (only its
    last part, so a stored name cannot write elsewhere), else ``item-ID``. An existing file is
    never replaced unless ``force``: a copy of evidence must not silently destroy another."""
    with engine.connect() as conn:
        item = next((i for i in db.iter_evidence_items(conn) if int(i["id"]) == item_id), None)
    if item is None:
        raise InputError(f"no evidence item {item_id}", field="item")
    if out.is_dir():
        name = Path(str(item["original_name"] or "")).name
        out = out / (name if name not in {"", ".", ".."} else f"item-{item_id}")
    if out.exists() and not force:
        raise InputError(f"{out} exists already; pass --force to replace it", field="out")
    sha = str(item["sha256"])
    digest = hashlib.sha256()
    out.parent.mkdir(parents=True, exist_ok=True)
    with blob_path(ws.blobs_dir, sha).open("rb") as src, out.open("wb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
    if digest.hexdigest() != sha:
        out.unlink()
        raise InputError(f"evidence item {item_id}: the vault copy is altered; run verify")
    record_custody(ws, engine, item_id, "copied", actor=actor, detail={"to": out.name})
    return out
