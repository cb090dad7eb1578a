"""RFC 9162 Merkle hashing and proofs against the Certificate Transparency test vectors.

The vectors are the eight-leaf tree of the CT reference implementations (Go transparency-dev
``merkle`` and the C++ CT log): leaf inputs, roots for every size, and published inclusion and
consistency proofs. Everything else is checked against the RFC's recursive definition and by
proving and verifying every (index, size) and (size, size) pair up to 8, then at random sizes.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tawthiq.errors import VerificationError
from tawthiq.evidence.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    leaf_hash,
    node_hash,
    root_from_entries,
    verify_consistency,
    verify_inclusion,
)

LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes(range(0x50, 0x58)),
    bytes(range(0x60, 0x70)),
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = {  # (index, size) -> path, from the CT reference tests
    (0, 1): [],
    (0, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (5, 8): [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 3): ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    (1, 5): [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}
CONSISTENCY = {  # (first, second) -> path, from the CT reference tests
    (1, 1): [],
    (1, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (6, 8): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 5): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}


@pytest.fixture(scope="module")
def tree() -> MerkleTree:
    t = MerkleTree()
    for entry in LEAVES:
        t.append(entry)
    return t


def test_hash_definitions() -> None:
    assert EMPTY_ROOT.hex() == ROOTS[0]
    assert leaf_hash(b"").hex() == ROOTS[1]
    assert node_hash(leaf_hash(b""), leaf_hash(b"\x00")).hex() == ROOTS[2]


@pytest.mark.parametrize("size", range(9))
def test_roots_match_the_vectors(tree: MerkleTree, size: int) -> None:
    assert tree.root(size).hex() == ROOTS[size]
    assert root_from_entries(LEAVES[:size]).hex() == ROOTS[size]


@pytest.mark.parametrize(("index", "size"), sorted(INCLUSION))
def test_inclusion_proofs_match_the_vectors(tree: MerkleTree, index: int, size: int) -> None:
    assert [p.hex() for p in tree.inclusion_proof(index, size)] == INCLUSION[index, size]


@pytest.mark.parametrize(("first", "second"), sorted(CONSISTENCY))
def test_consistency_proofs_match_the_vectors(tree: MerkleTree, first: int, second: int) -> None:
    assert [p.hex() for p in tree.consistency_proof(first, second)] == CONSISTENCY[first, second]


def test_every_proof_up_to_eight_verifies(tree: MerkleTree) -> None:
    checked = 0
    for size in range(1, 9):
        root = tree.root(size)
        for index in range(size):
            verify_inclusion(tree.leaf(index), index, size, tree.inclusion_proof(index, size), root)
            checked += 1
        for first in range(size + 1):
            proof = tree.consistency_proof(first, size)
            verify_consistency(first, size, tree.root(first), root, proof)
            checked += 1
    assert checked == 36 + 44


def test_wrong_leaf_index_or_root_fails(tree: MerkleTree) -> None:
    proof = tree.inclusion_proof(3, 8)
    with pytest.raises(VerificationError):
        verify_inclusion(tree.leaf(3), 4, 8, proof, tree.root(8))
    with pytest.raises(VerificationError):
        verify_inclusion(tree.leaf(3), 3, 7, proof, tree.root(7))
    with pytest.raises(VerificationError):
        verify_inclusion(tree.leaf(3), 8, 8, proof, tree.root(8))
    with pytest.raises(VerificationError):
        verify_inclusion(tree.leaf(3), 3, 8, [*proof, proof[0]], tree.root(8))
    with pytest.raises(VerificationError):
        verify_consistency(3, 8, tree.root(3), tree.root(8), [])
    with pytest.raises(VerificationError):
        verify_consistency(5, 5, tree.root(5), tree.root(6), [])
    with pytest.raises(VerificationError):
        verify_consistency(6, 5, tree.root(6), tree.root(5), [])


def test_bad_arguments_are_refused(tree: MerkleTree) -> None:
    with pytest.raises(ValueError, match="outside"):
        tree.root(9)
    with pytest.raises(ValueError, match="outside"):
        tree.inclusion_proof(8, 8)
    with pytest.raises(ValueError, match="32 bytes"):
        MerkleTree([b"short"])


def _flip(proof: list[bytes], which: int, bit: int) -> list[bytes]:
    node = bytearray(proof[which])
    node[bit // 8] ^= 1 << (bit % 8)
    return [*proof[:which], bytes(node), *proof[which + 1 :]]


@settings(max_examples=150, deadline=None)
@given(data=st.data(), size=st.integers(1, 300))
def test_random_proofs_verify_and_any_flipped_bit_fails(data: st.DataObject, size: int) -> None:
    t = MerkleTree(leaf_hash(i.to_bytes(4, "big")) for i in range(size))
    index = data.draw(st.integers(0, size - 1), label="index")
    root = t.root(size)
    proof = t.inclusion_proof(index, size)
    verify_inclusion(t.leaf(index), index, size, proof, root)
    bit = data.draw(st.integers(0, 255), label="bit")
    if proof:
        bad = _flip(proof, data.draw(st.integers(0, len(proof) - 1)), bit)
        with pytest.raises(VerificationError):
            verify_inclusion(t.leaf(index), index, size, bad, root)
    with pytest.raises(VerificationError):
        verify_inclusion(_flip([t.leaf(index)], 0, bit)[0], index, size, proof, root)

    first = data.draw(st.integers(1, size), label="first")
    consistency = t.consistency_proof(first, size)
    verify_consistency(first, size, t.root(first), root, consistency)
    if consistency:
        bad = _flip(consistency, data.draw(st.integers(0, len(consistency) - 1)), bit)
        with pytest.raises(VerificationError):
            verify_consistency(first, size, t.root(first), root, bad)
        with pytest.raises(VerificationError):
            verify_consistency(first, size, _flip([t.root(first)], 0, bit)[0], root, consistency)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=20), max_size=40))
def test_incremental_root_equals_the_recursive_definition(entries: list[bytes]) -> None:
    t = MerkleTree()
    for e in entries:
        t.append(e)
    for n in range(len(entries) + 1):
        assert t.root(n) == root_from_entries(entries[:n])
