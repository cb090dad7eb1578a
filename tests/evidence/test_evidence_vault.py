"""The vault and the log on both store backends: adding, sealing, and catching tampering.

Tampering is done the way an insider would: straight SQL on the store or a write to a blob file,
bypassing tawthiq. Each kind of change must make ``verify`` fail and name what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from tawthiq.config import Workspace
from tawthiq.evidence import (
    add_files,
    blob_path,
    canonical_entry,
    ensure_log_key,
    entries,
    load_tree,
    seal_workspace,
    verify,
    verify_inclusion,
)
from tawthiq.evidence.merkle import leaf_hash
from tawthiq.store import records


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    out = []
    for i, content in enumerate([os.urandom(70_000), b"second file\n", "شهادة\n".encode()]):
        p = tmp_path / f"item{i}.bin"
        p.write_bytes(content)
        out.append(p)
    return out


def _report(workspace: Workspace, engine: Engine) -> list[str]:
    signer, _ = ensure_log_key(workspace)
    with engine.connect() as conn:
        return verify(conn, signer.verifier, workspace.blobs_dir).problems


def test_add_stores_once_and_verifies(
    workspace: Workspace, engine: Engine, files: list[Path]
) -> None:
    added = add_files(workspace, engine, files, source="witness-uploads", actor="tester")
    again = add_files(workspace, engine, files[:1])
    assert [a.new for a in added] == [True, True, True]
    assert again[0].new is False and again[0].item_id == added[0].item_id
    for a, f in zip(added, files, strict=True):
        stored = blob_path(workspace.blobs_dir, a.sha256)
        assert stored.read_bytes() == f.read_bytes()
        assert a.sha256 == hashlib.sha256(f.read_bytes()).hexdigest()
    signer, _ = ensure_log_key(workspace)
    with engine.connect() as conn:
        report = verify(conn, signer.verifier, workspace.blobs_dir)
        logged = entries(conn)
    assert report.ok, report.problems
    # 3 items + 3 custody events, then 1 more custody event for the second arrival
    assert (report.items, report.size, report.unsealed) == (3, 7, 0)
    assert report.summary().startswith("ok: 3 items, tree size 7, root ")
    assert [e.kind for e in logged].count("custody") == 4
    for e in logged:  # a verifier can recompute every leaf from the printed entry
        assert leaf_hash(canonical_entry(e.kind, e.entry)).hex() == e.leaf_hash


def test_audit_events_are_logged_and_proofs_verify(
    workspace: Workspace, engine: Engine, files: list[Path]
) -> None:
    with engine.begin() as conn:
        for i in range(5):
            records.add_audit_event(
                conn, actor="a", action="edit", entity="record", entity_id=str(i), detail={"n": i}
            )
    seal_workspace(workspace, engine)
    add_files(workspace, engine, files[:1])
    with engine.connect() as conn:
        tree = load_tree(conn)
    assert tree.size == 7
    for i in range(tree.size):
        verify_inclusion(tree.leaf(i), i, tree.size, tree.inclusion_proof(i), tree.root())
    assert _report(workspace, engine) == []


def test_log_tables_refuse_update_and_delete(workspace: Workspace, engine: Engine, files) -> None:
    add_files(workspace, engine, files[:1])
    for statement in (
        "UPDATE log_entries SET kind = 'x'",
        "DELETE FROM log_entries",
        "DELETE FROM log_checkpoints",
    ):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    assert _report(workspace, engine) == []


def test_changed_blob_byte_is_named(workspace: Workspace, engine: Engine, files) -> None:
    added = add_files(workspace, engine, files)
    path = blob_path(workspace.blobs_dir, added[1].sha256)
    path.chmod(0o600)
    data = bytearray(path.read_bytes())
    data[3] ^= 0x01
    path.write_bytes(bytes(data))
    problems = _report(workspace, engine)
    assert problems == [f"evidence item {added[1].item_id} ({added[1].sha256[:12]}…): blob altered"]
    path.unlink()
    assert "blob missing" in _report(workspace, engine)[0]


def test_deleted_item_row_is_named(workspace: Workspace, engine: Engine, files) -> None:
    added = add_files(workspace, engine, files)
    victim = added[2].item_id
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM custody_events WHERE item_id = :i"), {"i": victim})
        conn.execute(text("DELETE FROM evidence_items WHERE id = :i"), {"i": victim})
    problems = _report(workspace, engine)
    assert any(p.startswith(f"evidence item {victim} (log entry") for p in problems)
    assert any(p.startswith("custody event") and "deleted" in p for p in problems)


def test_edited_logged_record_is_named(workspace: Workspace, engine: Engine) -> None:
    with engine.begin() as conn:
        records.add_audit_event(
            conn, actor="a", action="update", entity="record", entity_id="R1", detail={"old": 1}
        )
    seal_workspace(workspace, engine)
    assert _report(workspace, engine) == []
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'someone else'"))
    assert _report(workspace, engine) == ["audit event 1 (log entry 0): changed since logged"]


def test_rewritten_log_fails_against_the_signed_checkpoint(
    workspace: Workspace, engine: Engine, files: list[Path], backend: str
) -> None:
    added = add_files(workspace, engine, files)
    with engine.begin() as conn:  # an insider who drops the triggers and rewrites history
        if backend == "postgres":
            conn.execute(text("ALTER TABLE log_entries DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER log_entries_no_update"))
            conn.execute(text("DROP TRIGGER log_entries_no_delete"))
        row = conn.execute(text("SELECT entry FROM log_entries WHERE idx = 0")).scalar_one()
        forged = json.loads(bytes(row))
        forged["original_name"] = "forged.bin"
        forged_bytes = canonical_entry("evidence", forged)
        conn.execute(
            text("UPDATE log_entries SET entry = :e, leaf_hash = :h WHERE idx = 0"),
            {"e": forged_bytes, "h": leaf_hash(forged_bytes)},
        )
        conn.execute(
            text("UPDATE evidence_items SET original_name = 'forged.bin' WHERE id = :i"),
            {"i": added[0].item_id},
        )
    problems = _report(workspace, engine)
    assert problems and all(p.startswith("checkpoint at size") for p in problems)
    assert "no longer give its root" in problems[0]
