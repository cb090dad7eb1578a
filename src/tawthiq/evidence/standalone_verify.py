#!/usr/bin/env python3
"""Verify a tawthiq evidence bundle without tawthiq: Python 3.9+ and `cryptography` only.

Usage:  python verify_bundle.py [BUNDLE_DIR]     (default: the folder this script is in)

What it checks, for every item in manifest.json:
  1. the file's SHA-256 equals the item's recorded SHA-256;
  2. each log entry about the item (its addition and its chain of custody) is canonical JSON
     whose leaf hash is SHA-256(0x00 || entry), as RFC 9162 defines;
  3. each entry's inclusion proof leads to the root hash of the bundled checkpoint (RFC 9162
     section 2.1.3.2);
and once: the checkpoint (a C2SP signed note) carries a valid Ed25519 signature by the key in
vkey.txt, whose name is the checkpoint's origin.

Compare vkey.txt with the key the archive publishes (``tawthiq log key``) before trusting it.
Exit status 0 and "ok: ..." when everything verifies; otherwise 1 and one FAILED line per problem.
This file is copied verbatim into every bundle; it must not import anything from tawthiq.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion(leaf: bytes, index: int, size: int, path: list[bytes]) -> bytes | None:
    """RFC 9162 section 2.1.3.2; None when the proof is malformed."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def check_checkpoint(note: str, vkey: str) -> tuple[str, int, bytes]:
    """Verify the signed note; return (origin, size, root). Raises ValueError on failure."""
    name, key_id, key_b64 = vkey.strip().split("+", 2)
    key = base64.b64decode(key_b64)
    if len(key) != 33 or key[0] != 1:
        raise ValueError("vkey.txt is not an Ed25519 verifier key")
    computed_id = hashlib.sha256(name.encode() + b"\n" + key).digest()[:4]
    if computed_id.hex() != key_id:
        raise ValueError("vkey.txt: key id does not match its name and key")
    split = note.rfind("\n\n")
    text, signatures = note[: split + 1], note[split + 2 :].splitlines()
    for line in signatures:
        if not line.startswith("\u2014 "):
            raise ValueError("checkpoint: malformed signature line")
        signer, _, blob_b64 = line[2:].partition(" ")
        blob = base64.b64decode(blob_b64)
        if signer != name or blob[:4] != computed_id:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(key[1:]).verify(blob[4:], text.encode())
        except InvalidSignature:
            raise ValueError("checkpoint: the signature does not verify") from None
        origin, size, root_b64 = text.split("\n")[:3]
        if origin != name:
            raise ValueError("checkpoint: origin is not the key's name")
        return origin, int(size), base64.b64decode(root_b64)
    raise ValueError("checkpoint: no signature by the key in vkey.txt")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_bundle(folder: Path) -> list[str]:
    problems: list[str] = []
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    try:
        _origin, size, root = check_checkpoint(
            (folder / "checkpoint.txt").read_text(encoding="utf-8"),
            (folder / "vkey.txt").read_text(encoding="utf-8"),
        )
    except (ValueError, IndexError) as err:
        return [str(err)]
    if size != manifest["tree_size"]:
        problems.append("manifest tree size differs from the checkpoint")
    for item in manifest["items"]:
        label = f"item {item['id']} ({item['file']})"
        path = folder / item["file"]
        if not path.is_file():
            problems.append(f"{label}: file missing")
        elif file_sha256(path) != item["sha256"]:
            problems.append(f"{label}: file altered (SHA-256 differs)")
        for e in item["log_entries"]:
            entry = e["entry"].encode("utf-8")
            leaf = hashlib.sha256(b"\x00" + entry).digest()
            fields = json.loads(entry)
            if leaf.hex() != e["leaf_hash"]:
                problems.append(f"{label}: log entry {e['index']} does not hash to its leaf")
            if fields.get("sha256", item["sha256"]) != item["sha256"] or (
                fields["kind"] == "custody" and fields["item_id"] != item["id"]
            ):
                problems.append(f"{label}: log entry {e['index']} is about another item")
            path_nodes = [bytes.fromhex(p) for p in e["proof"]]
            if root_from_inclusion(leaf, e["index"], size, path_nodes) != root:
                problems.append(f"{label}: log entry {e['index']} is not in the checkpoint")
        if not any(json.loads(e["entry"])["kind"] == "evidence" for e in item["log_entries"]):
            problems.append(f"{label}: no log entry records its addition")
    return problems


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    problems = verify_bundle(folder)
    if problems:
        for p in problems:
            print(f"FAILED: {p}")
        return 1
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    print(
        f"ok: {len(manifest['items'])} items verified against the signed checkpoint of "
        f"tree size {manifest['tree_size']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
