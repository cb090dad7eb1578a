"""Import 1,000,000 canonical rows into a fresh SQLite workspace; print time and peak memory.

Usage: python benchmarks/import_1m.py [--rows N] [--runs K] [--keep DIR]

The rows are synthetic (generated here, Arabic and Latin names mixed, some rejected rows), the
import runs as the real CLI in a child process so that its peak RSS is measured alone. With
``--runs K`` the same file is imported K times, each into a fresh workspace; the machine's load
average (1 minute) is printed before and after each run, since a shared machine's other work
shows in the wall time.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GIVEN = ["محمد", "أحمد", "علي", "عبد الله", "Mohammad", "Ahmad", "Fatima", "خالد", "Omar", "نور"]
FAMILY = ["الحلبي", "Al-Khatib", "الأحمد", "Hamdan", "المصري", "Sheikh", "العلي", "Darwish"]
GOV = ["Aleppo", "Idleb", "Rural Damascus", "Homs", "Hama", "Dar'a", "حلب", "إدلب"]


def write_rows(path: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "record_id,full_name,given_name,father_name,family_name,sex,age,date_of_death,"
            "place_of_death,governorate,cause,status\n"
        )
        for i in range(n):
            g, f, fam = rng.choice(GIVEN), rng.choice(GIVEN), rng.choice(FAMILY)
            day = f"201{rng.randint(1, 9)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if i % 97 == 0:
                day = "2016-13-01"  # rejected: bad month
            sex = rng.choice(["M", "F", "ذكر", "أنثى", ""])
            fh.write(
                f"R{i},{g} {f} {fam},{g},{f},{fam},{sex},{rng.randint(0, 90)},{day},"
                f"{rng.choice(GOV)},{rng.choice(GOV)},shelling,civilian\n"
            )


def import_once(root: Path, csv_path: Path) -> tuple[float, float, float, float, str]:
    """One import into a fresh workspace: wall seconds, CPU seconds (user and system, the
    import process and its worker), peak RSS (MiB), store size (MiB) and the last line the CLI
    printed."""
    ws = root / "ws"
    if ws.exists():
        shutil.rmtree(ws)
    env = {k: v for k, v in os.environ.items() if k != "TAWTHIQ_DATABASE_URL"}
    cli = [sys.executable, "-m", "tawthiq", "-w", str(ws)]
    subprocess.run([*cli, "init"], check=True, env=env, stdout=subprocess.DEVNULL)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(
        [*cli, "import", str(csv_path), "--source", "BENCH"],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    # ru_maxrss of children is the largest of any child so far: the import is the largest
    peak_mib = after.ru_maxrss / 1024
    db_mib = (ws / "tawthiq.db").stat().st_size / 2**20
    return elapsed, cpu, peak_mib, db_mib, out.stdout.strip().splitlines()[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=1, help="imports of the same file, one by one")
    ap.add_argument("--keep", type=Path, default=None, help="keep the workspace here")
    args = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        csv_path = root / "rows.csv"
        t0 = time.perf_counter()
        write_rows(csv_path, args.rows)
        gen = time.perf_counter() - t0
        print(f"rows: {args.rows:,} (file {csv_path.name} generated in {gen:.1f} s)")
        for run in range(1, args.runs + 1):
            load_before = os.getloadavg()[0]
            elapsed, cpu, peak_mib, db_mib, summary = import_once(root, csv_path)
            load_after = os.getloadavg()[0]
            print(
                f"run {run}: import {elapsed:.1f} s wall, {args.rows / elapsed:,.0f} rows/s, "
                f"{cpu:.1f} s CPU; "
                f"peak RSS {peak_mib:,.0f} MiB; store {db_mib:,.0f} MiB; "
                f"load {load_before:.1f} → {load_after:.1f}",
                flush=True,
            )
    print(f"summary: {summary}")


if __name__ == "__main__":
    main()
