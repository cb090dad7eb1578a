"""tawthiq.evidence: the vault, chain of custody and the tamper-evident transparency log.

Files are stored once under their SHA-256 (:mod:`.vault`); evidence items, custody events and
audit events are logged as canonical entries in an RFC 9162 Merkle tree (:mod:`.merkle`,
:mod:`.log`), sealed by checkpoints signed as C2SP signed notes with the workspace's Ed25519
key (:mod:`.note`, :mod:`.keys`). :func:`verify` checks all of it from the rows as they are.
"""

from tawthiq.evidence.bundle import BundleSummary, export_bundle
from tawthiq.evidence.keys import ensure_log_key, load_log_signer
from tawthiq.evidence.log import (
    LogEntryView,
    VerifyReport,
    blob_path,
    canonical_entry,
    entries,
    load_tree,
    seal,
    sync,
    verify,
)
from tawthiq.evidence.merkle import MerkleTree, verify_consistency, verify_inclusion
from tawthiq.evidence.note import Checkpoint, NoteSigner, NoteVerifier, open_note
from tawthiq.evidence.vault import (
    AddedItem,
    SimilarItem,
    add_files,
    copy_out,
    find_similar,
    record_custody,
    seal_workspace,
)

__all__ = [
    "AddedItem",
    "BundleSummary",
    "Checkpoint",
    "LogEntryView",
    "MerkleTree",
    "NoteSigner",
    "NoteVerifier",
    "SimilarItem",
    "VerifyReport",
    "add_files",
    "blob_path",
    "canonical_entry",
    "copy_out",
    "ensure_log_key",
    "entries",
    "export_bundle",
    "find_similar",
    "load_log_signer",
    "load_tree",
    "open_note",
    "record_custody",
    "seal",
    "seal_workspace",
    "sync",
    "verify",
    "verify_consistency",
    "verify_inclusion",
]
