"""Investigator bundles verify with their own script, without tawthiq, and catch alteration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert

from tawthiq.config import Workspace
from tawthiq.errors import InputError
from tawthiq.evidence import add_files, export_bundle
from tawthiq.store.schema import Incident

PINNED = "cryptography==50.0.2"  # as in pyproject.toml

# Run the bundled script with tawthiq made unimportable, so it proves it needs none of it.
NO_TAWTHIQ = (
    "import runpy, sys; sys.modules['tawthiq'] = None; "
    "sys.argv = ['verify_bundle.py', sys.argv[1]]; "
    "runpy.run_path(sys.argv[1] + '/verify_bundle.py', run_name='__main__')"
)


@pytest.fixture
def bundle(workspace: Workspace, engine: Engine, tmp_path: Path) -> Path:
    with engine.begin() as conn:
        conn.execute(insert(Incident).values(id=7, created_at=datetime.now(UTC)))
    files = []
    for name, data in [("a.jpg", os.urandom(5000)), ("b.mp4", os.urandom(20000)), ("c.txt", b"x")]:
        (tmp_path / name).write_bytes(data)
        files.append(tmp_path / name)
    add_files(workspace, engine, files[:2], incident=7, note="strike on the clinic")
    add_files(workspace, engine, files[2:])  # not linked: must stay out of the bundle
    add_files(workspace, engine, files[:1])  # a second arrival: another custody event
    out = tmp_path / "bundle.zip"
    summary = export_bundle(workspace, engine, out, incident=7, actor="tester")
    assert summary.items == 2
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(folder)
    return folder


def _run(folder: Path, python: str = sys.executable) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, "-I", "-c", NO_TAWTHIQ, str(folder)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_bundle_contents_and_verification(bundle: Path) -> None:
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(i["original_name"] for i in manifest["items"]) == ["a.jpg", "b.mp4"]
    kinds = {
        i["original_name"]: [json.loads(e["entry"]).get("action") for e in i["log_entries"]]
        for i in manifest["items"]
    }
    # addition, acquired, linked to the incident, (acquired again), exported
    assert kinds["a.jpg"] == [None, "acquired", "linked", "acquired", "exported"]
    assert kinds["b.mp4"] == [None, "acquired", "linked", "exported"]
    assert (bundle / "README.txt").is_file()
    done = _run(bundle)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok: 2 items verified against the signed checkpoint")


def test_altered_file_or_manifest_fails(bundle: Path) -> None:
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    victim = bundle / manifest["items"][0]["file"]
    data = bytearray(victim.read_bytes())
    data[0] ^= 0xFF
    victim.write_bytes(bytes(data))
    done = _run(bundle)
    assert done.returncode == 1
    assert f"FAILED: item {manifest['items'][0]['id']}" in done.stdout
    assert "file altered" in done.stdout


def test_forged_entry_or_checkpoint_fails(bundle: Path) -> None:
    path = bundle / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    entry = manifest["items"][1]["log_entries"][0]
    entry["entry"] = entry["entry"].replace('"note":"strike on the clinic"', '"note":"nothing"')
    path.write_text(json.dumps(manifest), encoding="utf-8")
    done = _run(bundle)
    assert done.returncode == 1 and "does not hash to its leaf" in done.stdout

    note = (bundle / "checkpoint.txt").read_text(encoding="utf-8").split("\n")
    note[1] = str(int(note[1]) + 1)
    (bundle / "checkpoint.txt").write_text("\n".join(note), encoding="utf-8")
    done = _run(bundle)
    assert done.returncode == 1 and "signature does not verify" in done.stdout


def test_export_needs_linked_items(workspace: Workspace, engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no evidence is linked to incident 3"):
        export_bundle(workspace, engine, tmp_path / "x.zip", incident=3)
    with pytest.raises(InputError, match="--incident ID or --item ID"):
        export_bundle(workspace, engine, tmp_path / "x.zip")
    with pytest.raises(InputError, match="no incident 9"):
        add_files(workspace, engine, [Path(__file__)], incident=9)


@pytest.mark.slow
def test_bundle_verifies_in_a_clean_venv(bundle: Path, tmp_path: Path) -> None:
    """Acceptance: a fresh venv with only `cryptography` (the version we pin) runs the script."""
    env_dir = tmp_path / "clean"
    venv.create(env_dir, with_pip=True)
    python = str(env_dir / "bin" / "python")
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "cryptography==50.0.2",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    done = subprocess.run(
        [python, "verify_bundle.py"], cwd=bundle, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok: 2 items")
