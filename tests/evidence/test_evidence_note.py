"""Signed notes and checkpoints: byte-for-byte compatible with Go's sumdb/note.

The PeterNeumann key and note are the published example of golang.org/x/mod/sumdb/note; our
signer must produce exactly that note from that key, and our verifier must accept it.
"""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tawthiq.errors import VerificationError
from tawthiq.evidence.merkle import MerkleTree
from tawthiq.evidence.note import (
    Checkpoint,
    NoteSigner,
    NoteVerifier,
    generate_signer,
    open_note,
    parse_checkpoint,
)

GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2p"
    "ZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)


def test_go_example_signs_and_verifies_byte_for_byte() -> None:
    signer = NoteSigner.parse(GO_SKEY)
    assert signer.verifier.vkey == GO_VKEY
    assert signer.sign(GO_TEXT) == GO_NOTE
    assert open_note(GO_NOTE, NoteVerifier.parse(GO_VKEY)) == GO_TEXT


def test_tampered_note_fails() -> None:
    verifier = NoteVerifier.parse(GO_VKEY)
    with pytest.raises(VerificationError, match="does not verify"):
        open_note(GO_NOTE.replace("problem,", "problems,"), verifier)
    other = generate_signer("PeterNeumann").verifier
    with pytest.raises(VerificationError, match="no signature by"):
        open_note(GO_NOTE, other)
    with pytest.raises(VerificationError):
        open_note(GO_TEXT, verifier)


def test_other_signers_lines_are_ignored() -> None:
    ours = generate_signer("tawthiq.example/log")
    witness = generate_signer("witness.example")
    text = Checkpoint("tawthiq.example/log", 0, MerkleTree().root()).text()
    signed = ours.sign(text)
    cosigned = signed + witness.sign(text).split("\n\n", 1)[1]
    assert open_note(cosigned, ours.verifier) == text
    assert open_note(cosigned, witness.verifier) == text


def test_checkpoint_round_trip_and_verification_with_cryptography_only() -> None:
    tree = MerkleTree()
    for i in range(5):
        tree.append(f"entry {i}".encode())
    signer = generate_signer("tawthiq.example/ws-1")
    cp = Checkpoint("tawthiq.example/ws-1", tree.size, tree.root())
    note = signer.sign(cp.text())
    assert note.splitlines()[:3] == [
        "tawthiq.example/ws-1",
        "5",
        base64.b64encode(tree.root()).decode(),
    ]
    assert parse_checkpoint(open_note(note, signer.verifier)) == cp

    # What an outside verifier does with the printed vkey and nothing but `cryptography`.
    name, key_id, key = signer.verifier.vkey.split("+", 2)
    raw_key = base64.b64decode(key)
    text, sig_line = note.rsplit("\n\n", 1)
    blob = base64.b64decode(sig_line.split(" ")[2])
    assert name == "tawthiq.example/ws-1" and blob[:4].hex() == key_id and raw_key[0] == 1
    Ed25519PublicKey.from_public_bytes(raw_key[1:]).verify(blob[4:], (text + "\n").encode())


@pytest.mark.parametrize(
    "text",
    [
        "origin\n5\n",
        "origin\nfive\nAAAA\n",
        "origin\n05\n" + base64.b64encode(bytes(32)).decode() + "\n",
        "origin\n5\nnot-base64\n",
        "origin\n5\n" + base64.b64encode(bytes(31)).decode() + "\n",
    ],
)
def test_bad_checkpoints_are_refused(text: str) -> None:
    with pytest.raises(VerificationError):
        parse_checkpoint(text)


def test_bad_keys_and_texts() -> None:
    with pytest.raises(VerificationError, match="key id"):
        NoteVerifier.parse(GO_VKEY.replace("c74f20a3", "c74f20a4"))
    with pytest.raises(ValueError, match="name"):
        generate_signer("two words")
    signer = generate_signer("log")
    for text in ("no newline", "a\n\nb\n", "bell\a\n"):
        with pytest.raises(ValueError):
            signer.sign(text)
    assert "PRIVATE+KEY+log+" in signer.skey
    assert NoteSigner.parse(signer.skey) == signer
