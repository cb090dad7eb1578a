"""The evidence and log commands as outside checks use them (design overview contract)."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.evidence import verify_consistency, verify_inclusion

CSV = "record_id,full_name,date_of_death\nA1,Sim One,2016-11-19\nA2,Sim Two,2016-11\n"


@pytest.fixture
def ws(backend: str, tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    r = CliRunner().invoke(app, ["-w", str(root), "init"])
    assert r.exit_code == 0, r.output
    return root


def _run(ws: Path, *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, ["-w", str(ws), *args])
    return r.exit_code, r.stdout, r.stderr


def test_add_verify_key_checkpoint_prove(ws: Path, tmp_path: Path) -> None:
    files = []
    for i in range(3):
        f = tmp_path / f"clip{i}.mp4"
        f.write_bytes(bytes([i]) * (1000 + i))
        files.append(str(f))
    code, out, _ = _run(ws, "evidence", "add", *files, "--note", "from a field team")
    assert code == 0 and out.count("added: ") == 3
    csv = tmp_path / "a.csv"
    csv.write_text(CSV, encoding="utf-8")
    assert _run(ws, "import", str(csv), "--source", "A")[0] == 0  # an audit event, logged

    code, out, _ = _run(ws, "evidence", "verify")
    assert code == 0
    m = re.fullmatch(r"ok: 3 items, tree size (\d+), root ([0-9a-f]{64})\n", out)
    assert m, out
    size, root = int(m.group(1)), bytes.fromhex(m.group(2))
    assert size >= 7  # 3 items, 3 custody events, at least one audit event

    # The checkpoint verifies with the printed key using nothing but `cryptography`.
    vkey = _run(ws, "log", "key")[1].strip()
    note = _run(ws, "log", "checkpoint")[1]
    name, key_id, key = vkey.split("+", 2)
    text, sig = note.split("\n\n")
    origin, cp_size, cp_root = text.split("\n")
    assert (origin, int(cp_size), base64.b64decode(cp_root)) == (name, size, root)
    blob = base64.b64decode(sig.split(" ")[2])
    assert blob[:4].hex() == key_id
    Ed25519PublicKey.from_public_bytes(base64.b64decode(key)[1:]).verify(
        blob[4:], (text + "\n").encode()
    )

    listed = json.loads(_run(ws, "log", "entries", "--json")[1])
    assert [e["index"] for e in listed] == list(range(size))
    assert {e["kind"] for e in listed} == {"evidence", "custody", "audit"}

    proof = json.loads(_run(ws, "log", "prove", "--index", "2", "--json")[1])
    assert proof["leaf_hash"] == listed[2]["leaf_hash"] and proof["tree_size"] == size
    verify_inclusion(
        bytes.fromhex(proof["leaf_hash"]), 2, size, [bytes.fromhex(p) for p in proof["path"]], root
    )
    cons = json.loads(_run(ws, "log", "prove", "--from", "3", "--to", str(size), "--json")[1])
    verify_consistency(
        3,
        size,
        bytes.fromhex(cons["first_root"]),
        root,
        [bytes.fromhex(p) for p in cons["path"]],
    )


def test_verify_fails_naming_the_altered_blob(ws: Path, tmp_path: Path) -> None:
    f = tmp_path / "photo.jpg"
    f.write_bytes(b"\xff\xd8 not really a jpeg")
    assert _run(ws, "evidence", "add", str(f))[0] == 0
    blob = next(p for p in (ws / "blobs").rglob("*") if p.is_file())
    blob.chmod(0o600)
    blob.write_bytes(b"\xff\xd8 not really a jpeg!")
    code, _, err = _run(ws, "evidence", "verify")
    assert code == 1
    assert "FAILED: evidence item 1 (" in err and "blob altered" in err


def test_bad_prove_arguments(ws: Path) -> None:
    code, _, err = _run(ws, "log", "prove", "--json")
    assert code == 1 and "either --index" in err
    code, _, err = _run(ws, "log", "prove", "--index", "5")
    assert code == 1 and "outside" in err
    code, _, err = _run(ws, "log", "checkpoint")
    assert code == 1 and "the log is empty" in err


def test_custody_commands_are_logged(ws: Path, tmp_path: Path) -> None:
    f = tmp_path / "statement.pdf"
    f.write_bytes(b"%PDF-1.4 simulated witness statement")
    assert _run(ws, "evidence", "add", str(f))[0] == 0
    assert _run(ws, "evidence", "annotate", "1", "--note", "translated")[0] == 0
    code, _, err = _run(ws, "evidence", "link", "1", "--incident", "4")
    assert code == 1 and "no incident 4" in err
    copy = tmp_path / "copy.pdf"
    assert _run(ws, "evidence", "get", "1", "--out", str(copy))[0] == 0
    assert copy.read_bytes() == f.read_bytes()
    into = tmp_path / "out"
    into.mkdir()
    code, out, _ = _run(ws, "evidence", "get", "1", "--out", str(into))  # a directory
    assert code == 0 and (into / "statement.pdf").read_bytes() == f.read_bytes()
    (into / "statement.pdf").write_bytes(b"another file")
    code, _, err = _run(ws, "evidence", "get", "1", "--out", str(into))  # never overwrites
    assert code == 1 and "exists already; pass --force" in err
    assert (into / "statement.pdf").read_bytes() == b"another file"
    code, _, _ = _run(ws, "evidence", "get", "1", "--out", str(into), "--force")
    assert code == 0 and (into / "statement.pdf").read_bytes() == f.read_bytes()
    listed = json.loads(_run(ws, "log", "entries", "--json")[1])
    actions = [e["entry"]["action"] for e in listed if e["kind"] == "custody"]
    assert actions == ["acquired", "annotated", "copied", "copied", "copied"]
    code, out, _ = _run(ws, "evidence", "verify")
    assert code == 0 and out.startswith("ok: 1 items, tree size 6")
    code, _, err = _run(ws, "evidence", "annotate", "9", "--note", "x")
    assert code == 1 and "no evidence item 9" in err
