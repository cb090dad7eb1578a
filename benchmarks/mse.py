"""Benchmark of the estimate stage: log-linear model search and the LCMCR sampler.

    .venv/bin/python benchmarks/mse.py              # the acceptance settings (about a minute)
    .venv/bin/python benchmarks/mse.py --quick      # small LCMCR settings, for a smoke test
    .venv/bin/python benchmarks/mse.py --chains 1   # LCMCR in one chain instead of two

Prints:
1. log-linear model search on simulated 5- and 6-list tables (all hierarchical models up to
   order 4 for five lists, 6,893 models; up to order 2 for six lists, 32,768 models);
2. the Kosovo closedp.t table and BIC search;
3. LCMCR on Kosovo with K = 15, burn-in 10,000, 10,000 draws thinned by 500 (HRDAG verdata's
   settings): seconds, iterations per second, estimate, interval, effective sample size.

Interval coverage on simulated worlds with known N is benchmarks/mse_coverage.py.

Numba compilation (or loading from its cache) is timed apart from the runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import numpy as np

from tawthiq.estimate import (
    CaptureTable,
    LCMCRConfig,
    LoglinearConfig,
    capture_table,
    closedp_table,
    fit,
    model_search,
    read_capture_csv,
)
from tawthiq.estimate._lcmcr import warm_up_compiler

KOSOVO = Path(__file__).resolve().parents[2] / "shared" / "data" / "mse" / "kosovo.csv"
KOSOVO_ROWS = [
    (1, 1, 1, 1, 27), (0, 1, 1, 1, 32), (1, 0, 1, 1, 42), (0, 0, 1, 1, 123),
    (1, 1, 0, 1, 18), (0, 1, 0, 1, 31), (1, 0, 0, 1, 106), (0, 0, 0, 1, 306),
    (1, 1, 1, 0, 181), (0, 1, 1, 0, 217), (1, 0, 1, 0, 228), (0, 0, 1, 0, 936),
    (1, 1, 0, 0, 177), (0, 1, 0, 0, 845), (1, 0, 0, 0, 1131),
]  # fmt: skip


def kosovo_table() -> CaptureTable:
    if KOSOVO.is_file():
        return read_capture_csv(KOSOVO)
    cols = {n: [r[j] for r in KOSOVO_ROWS] for j, n in enumerate(("EXH", "ABA", "OSCE", "HRW"))}
    cols["count"] = [r[-1] for r in KOSOVO_ROWS]
    return capture_table(cols)


def simulated_lists(k: int, n_total: int, seed: int) -> CaptureTable:
    """k lists over n_total people with heterogeneous catchability (a gamma frailty) and a
    dependence between lists 1 and 2 (list 2 copies part of list 1)."""
    rng = np.random.default_rng(seed)
    frailty = rng.gamma(2.0, 0.5, size=n_total)
    p = rng.uniform(0.15, 0.4, size=k)
    caps = rng.random((n_total, k)) < np.clip(frailty[:, None] * p[None, :], 0, 0.95)
    caps[:, 1] |= caps[:, 0] & (rng.random(n_total) < 0.3)
    caps = caps[caps.any(axis=1)].astype(int)
    return capture_table({f"L{j + 1}": caps[:, j].tolist() for j in range(k)})


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}"


def bench_search() -> None:
    print("\n## Log-linear model search (simulated tables, seed fixed)")
    for k, order in ((5, 4), (6, 2)):
        table = simulated_lists(k, 5000, seed=20 + k)
        model_search(table, max_order=min(order, 2), top=1)  # warm-up (compile/load)
        t0 = time.perf_counter()
        search = model_search(table, max_order=order, top=10)
        dt = time.perf_counter() - t0
        n_models = len(search.names)
        best = search.rows[0]
        print(
            f"{k} lists, max order {order}: {n_models:,} models in {dt:.2f} s "
            f"({n_models / dt:,.0f} models/s); best by BIC {best.model} "
            f"N = {best.estimate:,.1f} (observed {table.observed:,}; true 5,000)"
        )
        t0 = time.perf_counter()
        result = fit(table, LoglinearConfig(max_order=order))
        dt = time.perf_counter() - t0
        upper = "n/a" if result.upper is None else f"{result.upper:,.1f}"
        print(
            f"  full fit with profile interval: {dt:.2f} s -> {result.estimate:,.1f} "
            f"[{result.lower:,.1f}, {upper}]"
        )


def bench_kosovo_loglinear() -> None:
    print("\n## Kosovo, log-linear")
    table = kosovo_table()
    t0 = time.perf_counter()
    rows = closedp_table(table)
    print(f"closedp.t table ({len(rows)} models): {time.perf_counter() - t0:.3f} s")
    t0 = time.perf_counter()
    result = fit(table, LoglinearConfig())
    dt = time.perf_counter() - t0
    print(
        f"BIC search ({result.settings['models_searched']} models) + profile interval: "
        f"{dt:.3f} s -> {result.model} N = {result.estimate:,.1f} (se {result.se:,.1f}) "
        f"[{result.lower:,.1f}, {result.upper:,.1f}]"
    )


def bench_lcmcr(quick: bool, chains: int) -> None:
    print("\n## LCMCR on Kosovo")
    t0 = time.perf_counter()
    warm_up_compiler()
    print(f"compile or load from numba cache: {time.perf_counter() - t0:.2f} s")
    if quick:
        config = LCMCRConfig(K=15, burn_in=10_000, samples=1_000, thin=50, chains=chains, seed=1)
    else:
        config = LCMCRConfig(K=15, burn_in=10_000, samples=10_000, thin=500, chains=chains, seed=1)
    table = kosovo_table()
    t0 = time.perf_counter()
    result = fit(table, config)
    dt = time.perf_counter() - t0
    d = result.diagnostics
    print(
        f"K={config.K}, burn-in {config.burn_in:,}, {config.samples:,} draws thinned by "
        f"{config.thin}, {config.chains} chain(s): {dt:.1f} s wall, "
        f"{d['iterations']:,} iterations, {d['iterations_per_second']:,.0f} iterations/s; "
        f"{d['cpu_seconds']:.1f} CPU s in the chains "
        f"({d['iterations_per_cpu_second']:,.0f} iterations per CPU second)"
    )
    print(
        f"  posterior median {result.estimate:,.0f}, mean {result.mean:,.0f}, "
        f"95% [{result.lower:,.0f}, {result.upper:,.0f}]; ESS {d['ess']:,.0f}, "
        f"R-hat {d['rhat']}, classes used {d['mean_classes_used']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small LCMCR run")
    parser.add_argument("--chains", type=int, default=2, help="LCMCR chains (default 2)")
    args = parser.parse_args()
    print(f"# tawthiq MSE benchmark, {time.strftime('%Y-%m-%d')}, {machine()}")
    print(f"load average before the run: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    bench_search()
    bench_kosovo_loglinear()
    bench_lcmcr(args.quick, args.chains)


if __name__ == "__main__":
    main()
