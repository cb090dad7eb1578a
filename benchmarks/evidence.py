"""Append 100,000 entries to the transparency log and produce proofs; print the figures.

Usage: python benchmarks/evidence.py [--entries N] [--proofs K] [--database-url URL]

What is timed:
- ``sync``: logging N pending audit events in the store (canonical serialisation, leaf hash,
  batched inserts into the append-only table), in one transaction; then ``seal`` (load the tree
  from the store, sign a checkpoint). Targets: at least 5,000 appends/s.
- proofs: K random inclusion proofs and K consistency proofs on the loaded tree, each verified;
  target: at most 5 ms per proof. Also the in-memory Merkle append rate alone.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from tawthiq.config import init_workspace
from tawthiq.evidence import ensure_log_key, load_tree, seal, sync, verify_consistency
from tawthiq.evidence.merkle import MerkleTree, leaf_hash, verify_inclusion
from tawthiq.store import open_store
from tawthiq.store.schema import AuditEvent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--proofs", type=int, default=1_000)
    parser.add_argument("--database-url", help="PostgreSQL URL (default: SQLite in a temp dir)")
    args = parser.parse_args()
    n = args.entries

    with tempfile.TemporaryDirectory() as tmp:
        if args.database_url:
            os.environ["TAWTHIQ_DATABASE_URL"] = args.database_url
        ws, _ = init_workspace(Path(tmp) / "ws")
        engine = open_store(ws)
        signer, _ = ensure_log_key(ws)
        at = datetime.now(UTC)
        with engine.begin() as conn:
            rows = [
                {
                    "at": at,
                    "actor": "bench",
                    "action": "update",
                    "entity": "victim_record",
                    "entity_id": str(i),
                    "detail": {"fields": ["date_of_death"], "run": i // 1000},
                }
                for i in range(n)
            ]
            for start in range(0, n, 10_000):
                conn.execute(insert(AuditEvent), rows[start : start + 10_000])

        t0 = time.perf_counter()
        with engine.begin() as conn:
            appended = sync(conn)
        t_sync = time.perf_counter() - t0
        t0 = time.perf_counter()
        with engine.begin() as conn:
            seal(conn, signer)
        t_seal = time.perf_counter() - t0

        t0 = time.perf_counter()
        with engine.connect() as conn:
            tree = load_tree(conn)
        t_load = time.perf_counter() - t0
        engine.dispose()

    rng = random.Random(1)
    root = tree.root()
    t0 = time.perf_counter()
    for _ in range(args.proofs):
        i = rng.randrange(tree.size)
        verify_inclusion(tree.leaf(i), i, tree.size, tree.inclusion_proof(i), root)
    t_inc = (time.perf_counter() - t0) / args.proofs
    t0 = time.perf_counter()
    for _ in range(args.proofs):
        m = rng.randrange(1, tree.size)
        verify_consistency(m, tree.size, tree.root(m), root, tree.consistency_proof(m))
    t_con = (time.perf_counter() - t0) / args.proofs

    mem = MerkleTree()
    hashes = [leaf_hash(i.to_bytes(8, "big")) for i in range(n)]
    t0 = time.perf_counter()
    for h in hashes:
        mem.append_leaf_hash(h)
    t_mem = time.perf_counter() - t0

    backend = "PostgreSQL" if args.database_url else "SQLite"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs")
    print(f"python {sys.version.split()[0]}, store {backend}")
    print(f"log appends: {appended:,} entries in {t_sync:.2f} s = {appended / t_sync:,.0f}/s")
    print(f"seal (load tree, sign checkpoint): {t_seal:.2f} s; load tree alone {t_load:.2f} s")
    print(f"inclusion proof + verify: {t_inc * 1000:.3f} ms (mean of {args.proofs})")
    print(f"consistency proof + verify: {t_con * 1000:.3f} ms (mean of {args.proofs})")
    print(f"in-memory Merkle appends: {n / t_mem:,.0f}/s")
    print(f"peak RSS: {peak:.0f} MB")


if __name__ == "__main__":
    main()
