"""Checkpoints (C2SP tlog-checkpoint) signed as C2SP signed notes with Ed25519.

Why these formats: a checkpoint in the shape every transparency-log tool understands (Go's
``sumdb/note``, ``transparency-dev``, Sigstore's witnesses) lets anyone verify our log with
their own software, and lets independent witnesses co-sign it later without a format change.

A checkpoint body is three lines: the origin (the log's name), the tree size in decimal and the
base64 root hash, each ending in a newline; extension lines may follow. A signed note is that
text, a blank line, and one line per signature: ``— <key name> <base64(key id ‖ signature)>``
(an em dash U+2014 and a space). For Ed25519 the key id is the first four bytes of
``SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)``, and the verifier key shared with the world reads
``<name>+<key id in 8 hex digits>+<base64(0x01 ‖ public key)>``.

The private key is kept in the same shape Go uses (``PRIVATE+KEY+<name>+<id>+<base64(0x01 ‖
seed)>``) in the workspace, readable by its owner only; it is never printed or exported.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tawthiq.errors import VerificationError

__all__ = [
    "Checkpoint",
    "NoteSigner",
    "NoteVerifier",
    "generate_signer",
    "key_id",
    "open_note",
    "parse_checkpoint",
]

ED25519 = 0x01
SIGNATURE_PREFIX = "\u2014 "
MAX_SIGNATURES = 100


def key_id(name: str, public_key: bytes) -> bytes:
    """The 4-byte id binding a signature to (name, Ed25519, public key)."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([ED25519]) + public_key).digest()[:4]


def _check_name(name: str) -> None:
    if not name or any(c.isspace() or c == "+" for c in name):
        raise ValueError(f"a key name must be non-empty, without spaces or '+': {name!r}")


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class NoteVerifier:
    """A public key with its name: what a verifier needs, parsed from the ``vkey`` line."""

    name: str
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.public_key)

    @property
    def vkey(self) -> str:
        encoded = base64.b64encode(bytes([ED25519]) + self.public_key).decode()
        return f"{self.name}+{self.key_id.hex()}+{encoded}"

    @classmethod
    def parse(cls, vkey: str) -> NoteVerifier:
        parts = vkey.strip().split("+", 2)
        if len(parts) != 3:
            raise VerificationError("a verifier key reads <name>+<key id>+<base64 key>")
        name, hex_id, encoded = parts
        try:
            raw = base64.b64decode(encoded, validate=True)
            wanted = bytes.fromhex(hex_id)
        except (binascii.Error, ValueError) as exc:
            raise VerificationError(f"verifier key is not valid hex/base64: {exc}") from None
        if len(raw) != 33 or raw[0] != ED25519:
            raise VerificationError("verifier key is not an Ed25519 key (type 0x01, 32 bytes)")
        verifier = cls(name, raw[1:])
        if verifier.key_id != wanted:
            raise VerificationError("verifier key id does not match its name and key")
        return verifier

    def verify(self, text: str, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, text.encode())
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class NoteSigner:
    """A named Ed25519 private key that signs notes."""

    name: str
    seed: bytes

    def __post_init__(self) -> None:
        _check_name(self.name)
        if len(self.seed) != 32:
            raise ValueError("an Ed25519 seed has 32 bytes")

    @property
    def verifier(self) -> NoteVerifier:
        public = _raw_public(Ed25519PrivateKey.from_private_bytes(self.seed).public_key())
        return NoteVerifier(self.name, public)

    @property
    def skey(self) -> str:
        """The private key line for the workspace key file; never print or log it."""
        encoded = base64.b64encode(bytes([ED25519]) + self.seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.verifier.key_id.hex()}+{encoded}"

    @classmethod
    def parse(cls, skey: str) -> NoteSigner:
        parts = skey.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise VerificationError("a signing key reads PRIVATE+KEY+<name>+<id>+<base64 key>")
        try:
            raw = base64.b64decode(parts[4], validate=True)
        except binascii.Error:
            raise VerificationError("signing key is not valid base64") from None
        if len(raw) != 33 or raw[0] != ED25519:
            raise VerificationError("signing key is not an Ed25519 key")
        signer = cls(parts[2], raw[1:])
        if signer.verifier.key_id.hex() != parts[3]:
            raise VerificationError("signing key id does not match its name and key")
        return signer

    def sign(self, text: str) -> str:
        """The signed note: ``text``, a blank line, and this key's signature line."""
        _check_text(text)
        signature = Ed25519PrivateKey.from_private_bytes(self.seed).sign(text.encode())
        blob = base64.b64encode(self.verifier.key_id + signature).decode()
        return f"{text}\n{SIGNATURE_PREFIX}{self.name} {blob}\n"


def generate_signer(name: str) -> NoteSigner:
    """A fresh key from the operating system's random source."""
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    key = Ed25519PrivateKey.generate()
    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return NoteSigner(name, seed)


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise ValueError("a note's text must end with a newline")
    if "\n\n" in text:
        raise ValueError("a note's text must not contain a blank line")
    if any(ord(c) < 0x20 and c != "\n" for c in text):
        raise ValueError("a note's text must not contain control characters")


def open_note(note: str, verifier: NoteVerifier) -> str:
    """Return the note's text if ``verifier`` signed it; raise VerificationError otherwise.

    Signatures by other keys are ignored, as the signed-note spec asks, so that witnesses'
    co-signatures can sit beside ours.
    """
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise VerificationError("not a signed note: no blank line before the signatures")
    text, lines = note[: split + 1], note[split + 2 :].splitlines()
    if not lines or len(lines) > MAX_SIGNATURES:
        raise VerificationError("a signed note needs 1 to 100 signature lines")
    for line in lines:
        if not line.startswith(SIGNATURE_PREFIX):
            raise VerificationError(f"malformed signature line: {line[:40]!r}")
        name, _, blob = line[len(SIGNATURE_PREFIX) :].partition(" ")
        try:
            raw = base64.b64decode(blob, validate=True)
        except binascii.Error:
            raise VerificationError("signature is not valid base64") from None
        if len(raw) < 5:
            raise VerificationError("signature line too short")
        if name != verifier.name or raw[:4] != verifier.key_id:
            continue
        if verifier.verify(text, raw[4:]):
            return text
        raise VerificationError(f"the signature by {name} does not verify")
    raise VerificationError(f"the note carries no signature by {verifier.name}")


@dataclass(frozen=True)
class Checkpoint:
    """A commitment to the log's tree at one size (C2SP tlog-checkpoint)."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def text(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode()]
        return "".join(f"{line}\n" for line in (*lines, *self.extensions))


def parse_checkpoint(text: str) -> Checkpoint:
    """Read a checkpoint body (as returned by :func:`open_note`)."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise VerificationError("a checkpoint has an origin, a size and a root hash line")
    origin, size_text, root_text, *rest = lines[:-1]
    if not size_text.isdigit() or (size_text != "0" and size_text.startswith("0")):
        raise VerificationError(f"checkpoint size is not a decimal number: {size_text!r}")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error:
        raise VerificationError("checkpoint root hash is not valid base64") from None
    if len(root) != 32:
        raise VerificationError("checkpoint root hash is not 32 bytes")
    return Checkpoint(origin, int(size_text), root, tuple(rest))
