"""Coverage of MSE intervals on simulated worlds with known N (issue 6, acceptance 4).

    .venv/bin/python benchmarks/mse_coverage.py                   # 20 seeds, N = 20,000, 4 lists
    .venv/bin/python benchmarks/mse_coverage.py --seeds 5 --people 3000 --thin 50   # quick look
    .venv/bin/python benchmarks/mse_coverage.py --lists 8         # all eight default lists
    .venv/bin/python benchmarks/mse_coverage.py --strata year     # estimate by year, add up

For each seed, ``tawthiq.simulate`` draws a world from the shipped default scenario (resized to
``--people`` deaths and ``--lists`` lists). The capture history of every true person comes from
the simulator's truth (``World.truth()``: the true person of every record), so no record
linkage is involved: what is measured is the estimators, not the linkage. Each world is then
estimated with

* LCMCR (K = 10, R's prior; burn-in, draws and thinning from the options; seed = world seed):
  posterior median and equal-tailed 95 % interval;
* the log-linear model chosen by BIC among all hierarchical models (Rcapture's
  ``closedpMS.t``), with the profile-likelihood 95 % interval (``closedpCI.t``);
* Mt (independent lists), for reference: what ignoring heterogeneity and dependence gives.

With ``--strata`` each world is estimated by stratum and the strata added up
(``estimate_strata``), and each estimated stratum is also compared with its own true total,
summarised by how many people it has observed.

Prints one row per seed and the totals: how many intervals contain the true N, the mean
relative error of the point estimates and the mean interval width relative to N. ``--json``
writes the rows and totals to a file. The default scenario has shared heterogeneity (latent
visibility classes, effects of place, year and cause), direct list dependence and lists that
were not active in every year: see docs/simulation.md and docs/estimation.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tawthiq.estimate import (
    CaptureTable,
    LCMCRConfig,
    LoglinearConfig,
    MSEResult,
    capture_histories,
    estimate_strata,
    fit,
)
from tawthiq.estimate._lcmcr import warm_up_compiler
from tawthiq.simulate import World, simulate

METHODS = ("lcmcr", "loglinear", "Mt")


@dataclass
class Row:
    seed: int
    true_n: int
    observed: int
    results: dict[str, dict[str, Any]]
    seconds: dict[str, float]
    strata: list[dict[str, Any]] = field(default_factory=list)


def true_captures(world: World, strata: list[str]) -> dict[str, list[Any]]:
    """One row per (true person, list that recorded them), with the person's stratum values."""
    truth = world.truth()
    cols: dict[str, list[Any]] = {
        "person_id": truth["person_id"].tolist(),
        "source": truth["source"].tolist(),
    }
    if strata:
        people = world.people.set_index("person_id")
        for name in strata:
            cols[name] = people[name].loc[truth["person_id"]].tolist()
    return cols


def _summary(result: MSEResult | Any, true_n: int) -> dict[str, Any]:
    lower = result.lower if result.lower is not None else float(result.observed)
    upper = result.upper if result.upper is not None else float("inf")
    out = {
        "model": getattr(result, "model", "stratified"),
        "estimate": round(float(result.estimate), 1),
        "lower": round(float(lower), 1),
        "upper": None if upper == float("inf") else round(float(upper), 1),
        "covers": bool(lower <= true_n <= upper),
    }
    diagnostics = getattr(result, "diagnostics", None)
    if diagnostics and "ess" in diagnostics:
        out["ess"] = diagnostics["ess"]
    return out


def run_seed(seed: int, args: argparse.Namespace, lcmcr: LCMCRConfig) -> Row:
    world = simulate(people=args.people, lists=args.lists, seed=seed)
    true_n = len(world.people)
    cols = true_captures(world, args.strata)
    configs: dict[str, LoglinearConfig | LCMCRConfig] = {
        "lcmcr": LCMCRConfig(**{**lcmcr.to_dict(), "seed": seed}),
        "loglinear": LoglinearConfig(max_order=args.max_order),
        "Mt": LoglinearConfig(model="Mt"),
    }
    results: dict[str, dict[str, Any]] = {}
    seconds: dict[str, float] = {}
    per_stratum: list[dict[str, Any]] = []
    table: CaptureTable | None = None
    if not args.strata:
        tables, _ = capture_histories(cols)
        table = tables[()]
        if table.observed != world.observed:
            raise SystemExit(f"seed {seed}: truth gives {table.observed}, world {world.observed}")
    for name, config in configs.items():
        t0 = time.perf_counter()
        if table is not None:
            result: Any = fit(table, config)
        else:
            result = estimate_strata(
                cols,
                strata=args.strata,
                config=config,
                sparse=args.sparse,
                min_records=args.min_records,
            )
            per_stratum.extend(_stratum_rows(name, result, world, args.strata))
        seconds[name] = time.perf_counter() - t0
        results[name] = _summary(result, true_n)
    return Row(seed, true_n, world.observed, results, seconds, per_stratum)


def _stratum_rows(
    method: str, result: Any, world: World, strata: list[str]
) -> list[dict[str, Any]]:
    """Each estimated stratum against its own true total (the pool: its strata's sum)."""
    true_by_key = world.people.groupby(strata).size().to_dict()

    def truth(key: tuple[Any, ...]) -> int:
        return int(true_by_key.get(key if len(key) > 1 else key[0], 0))

    pooled = sum(truth(r.key) for r in result.rows if r.status == "pooled")
    out = []
    for r in result.rows:
        if r.result is None:
            continue
        true_n = pooled if r.label == "(pooled sparse strata)" else truth(r.key)
        upper = r.result.upper if r.result.upper is not None else float("inf")
        out.append(
            {
                "method": method,
                "stratum": r.label,
                "observed": r.observed,
                "true": true_n,
                "estimate": r.result.estimate,
                "covers": bool((r.result.lower or 0) <= true_n <= upper),
            }
        )
    return out


BUCKETS = ((0, 100), (100, 200), (200, 400), (400, 800), (800, 10**9))


def print_strata(rows: list[Row]) -> None:
    """Coverage and mean error of the stratum estimates, by people observed in the stratum."""
    items = [s for r in rows for s in r.strata if s["method"] in ("lcmcr", "loglinear")]
    if not items:
        return
    print("\n# strata against their own true totals, by people observed in the stratum")
    for lo, hi in BUCKETS:
        parts = []
        for m in ("lcmcr", "loglinear"):
            sel = [s for s in items if s["method"] == m and lo <= s["observed"] < hi]
            if not sel:
                continue
            hits = sum(s["covers"] for s in sel)
            err = sum((s["estimate"] - s["true"]) / s["true"] for s in sel) / len(sel)
            parts.append(f"{m} covered {hits}/{len(sel)}, mean error {err:+.1%}")
        if parts:
            label = f"{lo}-{hi - 1}" if hi < 10**9 else f"{lo}+"
            print(f"observed {label:>9}: " + "; ".join(parts))


def _fmt_interval(r: dict[str, Any]) -> str:
    upper = "inf" if r["upper"] is None else f"{r['upper']:,.0f}"
    mark = "yes" if r["covers"] else "NO"
    return f"{r['estimate']:>9,.0f} [{r['lower']:>9,.0f}, {upper:>9}] {mark:>3}"


def print_row(row: Row) -> None:
    lc, ll, mt = (row.results[m] for m in METHODS)
    ess = lc.get("ess")
    print(
        f"{row.seed:>4} {row.true_n:>7,} {row.observed:>7,} | {_fmt_interval(lc)} "
        f"{'' if ess is None else f'{ess:>6,.0f}'} | {ll['model']:<22} {_fmt_interval(ll)} | "
        f"{_fmt_interval(mt)} | {row.seconds['lcmcr']:5.1f} s",
        flush=True,
    )


def totals(rows: list[Row]) -> dict[str, dict[str, float]]:
    out = {}
    for m in METHODS:
        hits = sum(r.results[m]["covers"] for r in rows)
        rel = [(r.results[m]["estimate"] - r.true_n) / r.true_n for r in rows]
        widths = [
            (r.results[m]["upper"] - r.results[m]["lower"]) / r.true_n
            for r in rows
            if r.results[m]["upper"] is not None
        ]
        out[m] = {
            "covered": hits,
            "worlds": len(rows),
            "mean_relative_error": sum(rel) / len(rel),
            "mean_abs_relative_error": sum(abs(x) for x in rel) / len(rel),
            "mean_relative_width": sum(widths) / len(widths) if widths else float("nan"),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20, help="number of worlds (default 20)")
    parser.add_argument("--first-seed", type=int, default=1, help="first seed (default 1)")
    parser.add_argument("--people", type=int, default=20_000, help="true deaths per world")
    parser.add_argument("--lists", type=int, default=4, help="lists (the first K of default)")
    parser.add_argument("--strata", default="", help="e.g. 'year' or 'governorate,year'")
    parser.add_argument("--min-records", type=int, default=100, help="with --strata")
    parser.add_argument("--sparse", default="pool", help="with --strata: pool or observed")
    parser.add_argument("--burn-in", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=2_000)
    parser.add_argument("--thin", type=int, default=200)
    parser.add_argument("--K", type=int, default=10)
    parser.add_argument("--max-order", type=int, default=None, help="log-linear search order")
    parser.add_argument("--json", type=Path, default=None, help="write rows and totals here")
    args = parser.parse_args()
    args.strata = [s.strip() for s in args.strata.split(",") if s.strip()]
    lcmcr = LCMCRConfig(K=args.K, burn_in=args.burn_in, samples=args.samples, thin=args.thin)
    print(
        f"# MSE coverage, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}"
    )
    print(
        f"# default scenario, N = {args.people:,}, {args.lists} lists, seeds "
        f"{args.first_seed}..{args.first_seed + args.seeds - 1}; strata: "
        f"{', '.join(args.strata) or 'none'}"
        f"{f' (min {args.min_records} people, sparse: {args.sparse})' if args.strata else ''}; "
        f"LCMCR K={args.K}, burn-in {args.burn_in:,}, "
        f"{args.samples:,} draws thinned by {args.thin}"
    )
    warm_up_compiler()
    print(
        f"{'seed':>4} {'N':>7} {'obs':>7} | {'LCMCR median [95%] covers':>37} {'ESS':>6} | "
        f"{'BIC model':<22} {'estimate [95%] covers':>37} | {'Mt [95%] covers':>37} | LCMCR"
    )
    rows = []
    t0 = time.perf_counter()
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        row = run_seed(seed, args, lcmcr)
        print_row(row)
        rows.append(row)
    summary = totals(rows)
    print(f"\n# totals over {len(rows)} worlds ({time.perf_counter() - t0:.0f} s)")
    for m, t in summary.items():
        print(
            f"{m:<10} covered {t['covered']:>2}/{t['worlds']}; mean relative error "
            f"{t['mean_relative_error']:+.1%} (absolute {t['mean_abs_relative_error']:.1%}); "
            f"mean interval width {t['mean_relative_width']:.1%} of N"
        )
    print_strata(rows)
    if args.json is not None:
        payload = {
            "settings": {k: v for k, v in vars(args).items() if k != "json"},
            "rows": [r.__dict__ for r in rows],
            "totals": summary,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
