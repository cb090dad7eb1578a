"""The transparency log over evidence additions, custody events and record edits.

Why: an archive of harm is only useful to accountability if anyone can later check that nothing
in it was altered, removed or back-dated. Each evidence item, custody event and audit event is
written into an append-only RFC 9162 Merkle log as a canonical byte string, and after each batch
of writes the log is *sealed*: a checkpoint of its size and root hash is signed with the
workspace's Ed25519 key. ``verify`` then rebuilds everything from the rows as they are now and
names each thing that no longer matches what was logged.

Canonical entry (format 1): a JSON object, UTF-8, keys sorted, no insignificant whitespace
(``separators=(",", ":")``), non-ASCII written as itself, holding ``"kind"`` (``audit``,
``evidence`` or ``custody``), ``"v": 1`` and the logged row's fields listed in
:data:`ENTRY_FIELDS`. Times are UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; integers are decimal;
non-integer numbers are Python's shortest round-trip form (``repr``); NaN and infinities are
refused. ``tawthiq log entries --json`` prints every entry, so a verifier can recompute each leaf
hash as ``SHA-256(0x00 ‖ entry bytes)`` without our code.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from tawthiq.errors import VerificationError
from tawthiq.evidence.merkle import MerkleTree, leaf_hash
from tawthiq.evidence.note import Checkpoint, NoteSigner, NoteVerifier, open_note, parse_checkpoint
from tawthiq.store import evidence as db

__all__ = [
    "ENTRY_FIELDS",
    "ENTRY_FORMAT",
    "LogEntryView",
    "VerifyReport",
    "blob_path",
    "canonical_entry",
    "entries",
    "load_tree",
    "seal",
    "sync",
    "verify",
]

ENTRY_FORMAT = 1

# What each kind of entry records: only fields that never change after the row is written.
# An item's incident link and its sensitivity change through custody/audit events, not here.
ENTRY_FIELDS: dict[str, tuple[str, ...]] = {
    "evidence": (
        "id",
        "sha256",
        "size",
        "media_type",
        "original_name",
        "acquired_at",
        "added_by",
        "source_id",
        "note",
        "media_metadata",
    ),
    "custody": ("id", "item_id", "action", "actor", "at", "detail"),
    "audit": ("id", "at", "actor", "action", "entity", "entity_id", "detail"),
}
KIND_LABEL = {"evidence": "evidence item", "custody": "custody event", "audit": "audit event"}


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # SQLite hands back naive UTC
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def canonical_entry(kind: str, row: Mapping[str, Any]) -> bytes:
    """The bytes logged for ``row`` of ``kind`` (see the module docstring)."""
    obj = {"kind": kind, "v": ENTRY_FORMAT}
    obj.update({name: _value(row[name]) for name in ENTRY_FIELDS[kind]})
    text = json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def sync(conn: Connection) -> int:
    """Append an entry for every evidence item, custody event and audit event not yet logged."""
    rows: list[tuple[int, str, int, bytes, bytes]] = []
    index = db.log_size(conn)
    for kind in ENTRY_FIELDS:  # evidence before its custody events, then audit events
        for row in db.rows_after(conn, kind, db.logged_ids(conn, kind)):
            entry = canonical_entry(kind, row)
            rows.append((index, kind, int(row["id"]), entry, leaf_hash(entry)))
            index += 1
    for start in range(0, len(rows), 5_000):
        db.insert_log_entries(conn, rows[start : start + 5_000])
    return len(rows)


def load_tree(conn: Connection) -> MerkleTree:
    """The log's Merkle tree from the stored leaf hashes."""
    return MerkleTree(h for _, _, _, _, h in db.iter_log_entries(conn))


def seal(conn: Connection, signer: NoteSigner) -> str | None:
    """Log what is pending and sign a checkpoint if the log grew; returns the new note."""
    sync(conn)
    size = db.log_size(conn)
    latest = db.latest_checkpoint(conn)
    if size == 0 or (latest is not None and latest[0] == size):
        return None
    root = load_tree(conn).root()
    note = signer.sign(Checkpoint(signer.name, size, root).text())
    db.insert_checkpoint(conn, size, root, note)
    return note


@dataclass(frozen=True)
class LogEntryView:
    index: int
    kind: str
    ref_id: int
    leaf_hash: str
    entry: dict[str, Any]


def entries(conn: Connection) -> list[LogEntryView]:
    return [
        LogEntryView(i, k, r, h.hex(), json.loads(e.decode("utf-8")))
        for i, k, r, e, h in db.iter_log_entries(conn)
    ]


def blob_path(blobs_dir: Path, sha256: str) -> Path:
    """Where the vault keeps the file with this SHA-256 (two-level fan-out)."""
    return blobs_dir / sha256[:2] / sha256


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class VerifyReport:
    """What ``verify`` found: figures for the ok line and one line per failure."""

    items: int = 0
    size: int = 0
    root: bytes = b""
    checkpoint_size: int = 0
    unsealed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return f"ok: {self.items} items, tree size {self.size}, root {self.root.hex()}"


def verify(
    conn: Connection,
    verifier: NoteVerifier,
    blobs_dir: Path,
    progress: Callable[[int], None] | None = None,
) -> VerifyReport:
    """Re-hash every blob, rebuild the tree from the entries, check every checkpoint and row."""
    report = VerifyReport()
    tree = MerkleTree()
    logged: dict[str, dict[int, tuple[int, bytes]]] = {kind: {} for kind in ENTRY_FIELDS}
    for idx, kind, ref_id, entry, stored in db.iter_log_entries(conn):
        if idx != tree.size:
            report.problems.append(f"log entries {tree.size}..{idx - 1}: missing (deleted)")
            while tree.size < idx:  # keep indices aligned so later checks name the right ones
                tree.append_leaf_hash(b"\x00" * 32)
        digest = leaf_hash(entry)
        if digest != stored:
            report.problems.append(f"log entry {idx}: its stored leaf hash does not match it")
        tree.append_leaf_hash(digest)
        if kind in logged:
            logged[kind][ref_id] = (idx, entry)
        else:
            report.problems.append(f"log entry {idx}: unknown kind {kind!r}")
    report.size = tree.size
    report.root = tree.root()

    _check_checkpoints(conn, verifier, tree, report)
    for kind, by_id in logged.items():
        _check_rows(conn, kind, by_id, report)
    _check_blobs(conn, blobs_dir, report, progress)
    return report


def _check_checkpoints(
    conn: Connection, verifier: NoteVerifier, tree: MerkleTree, report: VerifyReport
) -> None:
    for size, root_hash, note in db.iter_checkpoints(conn):
        try:
            cp = parse_checkpoint(open_note(note, verifier))
        except VerificationError as err:
            report.problems.append(f"checkpoint at size {size}: {err}")
            continue
        if cp.origin != verifier.name:
            report.problems.append(f"checkpoint at size {size}: origin {cp.origin!r} is not ours")
        if cp.size != size or cp.root != root_hash:
            report.problems.append(f"checkpoint at size {size}: its row differs from its note")
        if cp.size > tree.size:
            report.problems.append(
                f"checkpoint at size {cp.size}: the log has only {tree.size} entries"
            )
        elif tree.root(cp.size) != cp.root:
            report.problems.append(
                f"checkpoint at size {cp.size}: the entries no longer give its root "
                f"{base64.b64encode(cp.root).decode()}"
            )
        report.checkpoint_size = max(report.checkpoint_size, cp.size)
    if tree.size and report.checkpoint_size == 0:
        report.problems.append("the log has entries but no signed checkpoint")
    report.unsealed = max(0, tree.size - report.checkpoint_size)


def _check_rows(
    conn: Connection, kind: str, by_id: dict[int, tuple[int, bytes]], report: VerifyReport
) -> None:
    rows = db.rows_by_id(conn, kind, sorted(by_id))
    label = KIND_LABEL[kind]
    for ref_id, (idx, entry) in sorted(by_id.items()):
        row = rows.get(ref_id)
        if row is None:
            report.problems.append(f"{label} {ref_id} (log entry {idx}): deleted from the store")
        elif canonical_entry(kind, row) != entry:
            report.problems.append(f"{label} {ref_id} (log entry {idx}): changed since logged")


def _check_blobs(
    conn: Connection,
    blobs_dir: Path,
    report: VerifyReport,
    progress: Callable[[int], None] | None,
) -> None:
    for item in db.iter_evidence_items(conn):
        report.items += 1
        sha = str(item["sha256"])
        path = blob_path(blobs_dir, sha)
        if not path.is_file():
            report.problems.append(f"evidence item {item['id']} ({sha[:12]}…): blob missing")
        elif _file_sha256(path) != sha:
            report.problems.append(f"evidence item {item['id']} ({sha[:12]}…): blob altered")
        if progress is not None:
            progress(1)
