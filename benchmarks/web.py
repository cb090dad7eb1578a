"""Search latency of the web API over a large store, under concurrent clients.

Usage: python benchmarks/web.py [--database-url URL] [--people 420000 --lists 8]
                                [--clients 20] [--workers 2] [--requests 2000] [--keep DIR]
                                [--client raw|httpx]

Builds a simulated world (420,000 deaths on 8 lists ≈ 1,000,000 records by default), imports it
into the store given by --database-url (PostgreSQL is the target; default a fresh database
``tawthiq_bench_web`` on 127.0.0.1), starts ``tawthiq serve`` in a child process, and sends
--requests API searches from --clients concurrent clients on loopback: name searches in Arabic
and Latin script (common and rare names), governorate and year filters, and pages. Prints
p50/p95/p99 latency and requests per second. Target: p95 ≤ 200 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx2 as httpx
from sqlalchemy import create_engine, text

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/tawthiq_bench_web"
QUERIES = [
    {"q": "محمد"},
    {"q": "Mohammad Ahmad"},
    {"q": "Muhammad al-Halabi"},
    {"q": "فاطمة"},
    {"q": "Abdulrahman"},
    {"q": "عبد الرحمن الخطيب"},
    {"q": "Nour"},
    {"q": "Khadija Darwish"},
    {"gov": "SY02"},
    {"gov": "SY07", "year": "2016"},
    {"year": "2013"},
    {"q": "Ahmad", "gov": "SY03"},
    {"q": "محمد", "page": "5"},
    {"source": "list_C", "year": "2015"},
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fresh_pg(url: str) -> None:
    base, name = url.rsplit("/", 1)
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def _run(args: list[str], env: dict[str, str]) -> None:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tawthiq", *args], check=True, env=env)
    print(f"  {' '.join(args[:3])}… {time.perf_counter() - t0:.1f} s", flush=True)


class _Connection:
    """A keep-alive HTTP/1.1 connection that sends GETs and reads whole responses.

    The load generator shares the machine's two cores with the server: httpx spends about
    2 ms of CPU per request, this about a tenth of that, which leaves the cores to the server
    being measured (as a C load generator such as wrk would).
    """

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port, self.token = host, port, token
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n"
            f"Authorization: Bearer {self.token}\r\n\r\n".encode()
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _load_raw(base: str, token: str, clients: int, total: int) -> list[float]:
    rng = random.Random(1)
    latencies: list[float] = []
    queue: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    for _ in range(total):
        queue.put_nowait(rng.choice(QUERIES))
    host, port = base.removeprefix("http://").split(":")

    async def client() -> None:
        conn = _Connection(host, int(port), token)
        try:
            while not queue.empty():
                path = "/api/v1/records?" + urlencode(queue.get_nowait())
                t0 = time.perf_counter()
                status = await conn.get(path)
                latencies.append(time.perf_counter() - t0)
                if status != 200:
                    raise RuntimeError(f"{path}: HTTP {status}")
        finally:
            conn.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies


async def _load(base: str, token: str, clients: int, total: int) -> list[float]:
    rng = random.Random(1)
    latencies: list[float] = []
    queue: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    for _ in range(total):
        queue.put_nowait(rng.choice(QUERIES))
    headers = {"Authorization": f"Bearer {token}"}

    async def client() -> None:
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
            while not queue.empty():
                params = queue.get_nowait()
                t0 = time.perf_counter()
                r = await http.get("/api/v1/records", params=params)
                latencies.append(time.perf_counter() - t0)
                r.raise_for_status()

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", default=DEFAULT_PG)
    parser.add_argument("--people", type=int, default=420_000)
    parser.add_argument("--lists", type=int, default=8)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--keep", type=Path, help="reuse/keep the workspace in this folder")
    parser.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="load generator: a minimal keep-alive HTTP/1.1 client (default) or httpx",
    )
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    root = args.keep or Path(tmp.name)
    ws, world = root / "ws", root / "world"
    env = {**os.environ, "TAWTHIQ_DATABASE_URL": args.database_url}
    if not (ws / "tawthiq.toml").exists():
        print("building the store:", flush=True)
        if args.database_url.startswith("postgresql"):
            _fresh_pg(args.database_url)
        people, lists = str(args.people), str(args.lists)
        _run(["simulate", "--out", str(world), "--people", people, "--lists", lists], env)
        _run(["-w", str(ws), "init"], env)
        for csv in sorted(world.glob("list_*.csv")):
            _run(["-w", str(ws), "import", str(csv), "--source", csv.stem], env)
    engine = create_engine(args.database_url)
    with engine.connect() as conn:
        records = conn.execute(text("SELECT count(*) FROM victim_records")).scalar_one()
    engine.dispose()
    subprocess.run(
        [sys.executable, "-m", "tawthiq", "-w", str(ws), "user", "add", "bench",
         "--role", "analyst", "--password-stdin"],
        input="benchmark passphrase\n", text=True, env=env, check=False, capture_output=True,
    )  # fmt: skip
    token = subprocess.run(
        [sys.executable, "-m", "tawthiq", "-w", str(ws), "token", "create", "bench"],
        text=True, env=env, check=True, capture_output=True,
    ).stdout.strip()  # fmt: skip

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tawthiq", "-w", str(ws), "serve", "--port", str(port),
         "--workers", str(args.workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/api/v1/stats", timeout=60)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        load = _load_raw if args.client == "raw" else _load
        asyncio.run(load(base, token, args.clients, 50))  # warm-up
        t0 = time.perf_counter()
        lat = asyncio.run(load(base, token, args.clients, args.requests))
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=30)
    lat.sort()

    def pct(p: float) -> float:
        return 1000 * lat[min(len(lat) - 1, int(p * len(lat)))]

    backend = "PostgreSQL" if args.database_url.startswith("postgresql") else "SQLite"
    print(f"store: {backend}, {records:,} victim records; {os.cpu_count()} CPUs")
    print(
        f"{len(lat)} searches, {args.clients} concurrent clients ({args.client} client), "
        f"{args.workers} workers"
    )
    print(
        f"latency ms: p50 {pct(0.50):.0f}, p95 {pct(0.95):.0f}, p99 {pct(0.99):.0f}, "
        f"mean {1000 * statistics.fmean(lat):.0f}; throughput {len(lat) / wall:.0f} requests/s"
    )
    tmp.cleanup()


if __name__ == "__main__":
    main()
