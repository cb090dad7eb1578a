"""Commands of the estimate stage.

``tawthiq mse`` estimates from a capture-history CSV; ``tawthiq estimate`` from the linked
persons of a workspace, by stratum. Both are thin: they build a config, call
``tawthiq.estimate`` and print. The estimation stack (numba, scipy) is imported inside the
commands so other commands start fast.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.table import Table

from tawthiq.cli._common import console, err_console, handle_errors

if TYPE_CHECKING:
    from tawthiq.estimate import Coverage, ModelFit, MSEResult, StratifiedResult

__all__ = ["register"]


class Method(StrEnum):
    loglinear = "loglinear"
    lcmcr = "lcmcr"


class Criterion(StrEnum):
    bic = "bic"
    aic = "aic"


class Interval(StrEnum):
    profile = "profile"
    lognormal = "lognormal"


class Sparse(StrEnum):
    observed = "observed"
    pool = "pool"
    error = "error"


class Scope(StrEnum):
    all = "all"
    shared = "shared"


def _fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def _result_table(result: MSEResult) -> Table:
    table = Table(title=f"Multiple systems estimation ({result.method})", show_header=False)
    table.add_column("", style="bold")
    table.add_column("", justify="right")
    table.add_row("lists", ", ".join(f"{i + 1}={n}" for i, n in enumerate(result.lists)))
    table.add_row("model", result.model)
    table.add_row("observed", f"{result.observed:,}")
    table.add_row("estimate", _fmt(result.estimate))
    upper = _fmt(result.upper) if result.upper is not None else "not reached"
    table.add_row(f"{result.level:.0%} interval", f"{_fmt(result.lower)} – {upper}")
    if result.method == "loglinear":
        table.add_row("standard error", _fmt(result.se))
        table.add_row("deviance / df", f"{_fmt(result.deviance, 3)} / {result.df}")
        table.add_row("AIC / BIC", f"{_fmt(result.aic, 3)} / {_fmt(result.bic, 3)}")
        table.add_row("interval method", str(result.interval))
    else:
        table.add_row("posterior mean", _fmt(result.mean))
        table.add_row("seed", str(result.seed))
        diag = result.diagnostics
        table.add_row("iterations / second", f"{diag.get('iterations_per_second', 0):,.0f}")
        table.add_row("effective sample size", _fmt(diag.get("ess"), 0))
        table.add_row("split R-hat", _fmt(diag.get("rhat"), 3))
    table.add_row("seconds", f"{result.seconds:.2f}")
    return table


def _models_table(title: str, rows: tuple[ModelFit, ...]) -> Table:
    table = Table(title=title)
    table.add_column("model", no_wrap=True)
    for name in ("abundance", "stderr", "deviance", "df", "AIC", "BIC"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("notes")
    for r in rows:
        table.add_row(
            r.model,
            _fmt(r.estimate),
            _fmt(r.se),
            _fmt(r.deviance, 3),
            str(r.df),
            _fmt(r.aic, 3),
            _fmt(r.bic, 3),
            "; ".join(r.warnings),
        )
    return table


def _strata_table(result: StratifiedResult) -> Table:
    title = "Estimate by stratum" if result.strata else "Estimate"
    table = Table(
        title=f"{title} ({result.method}, {result.level:.0%} interval)",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("stratum", no_wrap=True)
    for name in ("observed", "estimate", "lower", "upper"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("note", no_wrap=True)
    min_lists = result.settings.get("min_lists", 0)
    for row in result.rows:
        r = row.result
        note = ""
        if row.status != "estimated":
            why = (
                f"{row.lists_with_records} list(s)"
                if row.lists_with_records < min_lists
                else f"< {result.settings.get('min_records', '?')}"
            )
            fate = "pooled" if row.status == "pooled" else "floor"
            note = f"{fate} ({why})"
        table.add_row(
            "(pooled)" if row.label == "(pooled sparse strata)" else row.label,
            f"{row.observed:,}",
            _fmt(r.estimate, 0) if r else "-",
            _fmt(r.lower, 0) if r else "-",
            _fmt(r.upper, 0) if r else "-",
            note,
        )
    table.add_section()
    table.add_row(
        "total",
        f"{result.observed:,}",
        _fmt(result.estimate, 0),
        _fmt(result.lower, 0),
        _fmt(result.upper, 0),
        "",
        style="bold",
    )
    return table


def _top(values: dict[str, int], n: int = 3) -> str:
    """The ``n`` most frequent values with their share of the list's known values."""
    total = sum(values.values())
    if not total:
        return "-"
    shown = [f"{v} {c / total:.0%}" for v, c in list(values.items())[:n]]
    more = len(values) - n
    return ", ".join(shown) + (f" +{more}" if more > 0 else "")


def _coverage_table(coverage: Coverage) -> Table:
    """Each list's size, dates and governorates (causes and perpetrators: ``_coverage_lines``)."""
    table = Table(
        title="Coverage of each list (MSE assumes every list could record every death)",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("list", no_wrap=True)
    for name in ("records", "persons"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("dates of death", no_wrap=True)
    table.add_column("governorates", justify="right", no_wrap=True)
    for c in coverage.lists:
        dates = f"{c.first:%Y-%m-%d} – {c.last:%Y-%m-%d}" if c.first and c.last else "-"
        table.add_row(
            c.source,
            f"{c.records:,}",
            f"{c.persons:,}",
            dates,
            str(len(c.values.get("governorate", {}))),
        )
    return table


def _coverage_lines(coverage: Coverage) -> list[str]:
    """Per list, the causes and perpetrators it records (most frequent first), then the
    verdict of the scope check."""
    lines = []
    for c in coverage.lists:
        lines.append(
            f"{c.source}: causes {_top(dict(c.values.get('cause', {})))}; "
            f"perpetrators {_top(dict(c.values.get('perpetrator', {})))}"
        )
    lines.append(coverage.summary())
    return lines


def _print_coverage(coverage: Coverage) -> None:
    console.print(_coverage_table(coverage))
    for line in _coverage_lines(coverage):
        console.print(line, markup=False, highlight=False)
    console.print()


def _print_warnings(warnings: tuple[str, ...]) -> None:
    for w in warnings:
        err_console.print(f"[yellow]warning:[/yellow] {w}", highlight=False)


def _read_columns(path: Path) -> dict[str, list[str]]:
    """A CSV as columns of strings (for stratified tables, which mix 0/1 and labels)."""
    import csv

    from tawthiq.errors import InputError

    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = [row for row in csv.reader(fh) if row and any(c.strip() for c in row)]
    except OSError as err:
        raise InputError(f"cannot read file: {err.strerror}", file=str(path)) from err
    if not rows:
        raise InputError("the file is empty", file=str(path))
    header = [h.strip() for h in rows[0]]
    for i, row in enumerate(rows[1:], start=1):
        if len(row) != len(header):
            raise InputError(
                f"expected {len(header)} fields, found {len(row)}", file=str(path), row=i
            )
    return {h: [row[j] for row in rows[1:]] for j, h in enumerate(header)}


def register(app: typer.Typer) -> None:
    """Add this area's commands to app."""

    @app.command("mse")
    @handle_errors
    def mse(
        file: Annotated[
            Path,
            typer.Argument(
                help="Capture-history CSV: one 0/1 column per list and an optional 'count' "
                "column (else one row per person).",
                exists=False,
            ),
        ],
        method: Annotated[Method, typer.Option(help="Estimator.")] = Method.loglinear,
        select: Annotated[
            Criterion, typer.Option(help="Criterion ranking the log-linear models.")
        ] = Criterion.bic,
        model: Annotated[
            str | None,
            typer.Option(
                help="Fit one log-linear model instead of searching: M0, Mt, 'Mh Chao', "
                "'Mth Darroch', ... or bracket notation such as '[12,3]'.",
            ),
        ] = None,
        max_order: Annotated[
            int | None, typer.Option(help="Highest interaction order searched (default k-1).")
        ] = None,
        average: Annotated[
            bool, typer.Option("--average", help="Average the searched models by weight.")
        ] = False,
        interval: Annotated[
            Interval, typer.Option(help="Log-linear interval: profile likelihood or log-normal.")
        ] = Interval.profile,
        table: Annotated[
            bool, typer.Option("--table", help="Also print Rcapture's closedp.t table.")
        ] = False,
        seed: Annotated[int | None, typer.Option(help="Seed of the LCMCR sampler.")] = None,
        burn_in: Annotated[int, typer.Option(help="LCMCR burn-in iterations.")] = 10_000,
        samples: Annotated[int, typer.Option(help="LCMCR posterior draws kept.")] = 1_000,
        thin: Annotated[int, typer.Option(help="LCMCR iterations per kept draw.")] = 10,
        k: Annotated[int, typer.Option("--K", "-K", help="LCMCR maximum latent classes.")] = 10,
        chains: Annotated[int, typer.Option(help="LCMCR chains, run in parallel.")] = 1,
        draws: Annotated[
            bool, typer.Option("--draws", help="Include LCMCR posterior draws in --json.")
        ] = False,
        level: Annotated[float, typer.Option(help="Interval level.")] = 0.95,
        strata: Annotated[
            str | None,
            typer.Option(
                help="Comma-separated stratum columns: estimate each stratum and add up "
                "(the file may then be person_id,source,... records).",
            ),
        ] = None,
        sparse: Annotated[
            Sparse, typer.Option(help="What to do with strata too sparse to estimate.")
        ] = Sparse.pool,
        min_lists: Annotated[
            int, typer.Option(help="With --strata: a stratum needs this many lists.")
        ] = 3,
        min_records: Annotated[
            int, typer.Option(help="With --strata: a stratum needs this many people.")
        ] = 100,
        cache: Annotated[
            Path | None, typer.Option(help="Directory caching results by table content.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Estimate how many people no list recorded, from a capture-history table."""
        from tawthiq.estimate import (
            DEFAULT_SEED,
            LCMCRConfig,
            LoglinearConfig,
            closedp_table,
            estimate_strata,
            fit,
            read_capture_csv,
        )

        config: LoglinearConfig | LCMCRConfig
        if method is Method.lcmcr:
            config = LCMCRConfig(
                K=k,
                burn_in=burn_in,
                samples=samples,
                thin=thin,
                chains=chains,
                seed=DEFAULT_SEED if seed is None else seed,
                level=level,
            )
        else:
            config = LoglinearConfig(
                model=model or "search",
                criterion=select.value,
                max_order=max_order,
                average=average,
                level=level,
                interval=interval.value,
            )
        if strata:
            columns = [c.strip() for c in strata.split(",") if c.strip()]
            with err_console.status("estimating strata…") if err_console.is_terminal else _null():
                stratified = estimate_strata(
                    _read_columns(file),
                    strata=columns,
                    config=config,
                    sparse=sparse.value,
                    min_lists=min_lists,
                    min_records=min_records,
                )
            if as_json:
                typer.echo(json.dumps(stratified.to_dict(draws=draws), indent=2))
            else:
                console.print(_strata_table(stratified))
                _print_warnings(stratified.warnings)
            return
        captures = read_capture_csv(file)
        with err_console.status("estimating…") if err_console.is_terminal else _null():
            result = fit(captures, config, cache_dir=cache)
            rows = closedp_table(captures.drop_empty_lists()) if table else ()
        if as_json:
            out: dict[str, Any] = result.to_dict(draws=draws)
            if table:
                out["closedp"] = [r.to_dict() for r in rows]
            typer.echo(json.dumps(out, indent=2))
            return
        console.print(_result_table(result))
        if result.models and result.method == "loglinear":
            title = f"Best models by {select.value.upper()}"
            console.print(_models_table(title, result.models[:5]))
        if table:
            console.print(_models_table("closedp.t: abundance estimation and model fit", rows))
        _print_warnings(result.warnings)

    @app.command("estimate")
    @handle_errors
    def estimate(
        ctx: typer.Context,
        method: Annotated[Method, typer.Option(help="Estimator.")] = Method.lcmcr,
        strata: Annotated[
            str | None,
            typer.Option(
                help="Comma-separated stratum fields (governorate, year, sex, status, cause, "
                "perpetrator): estimate each stratum and add up.",
            ),
        ] = None,
        select: Annotated[
            Criterion, typer.Option(help="Criterion ranking the log-linear models.")
        ] = Criterion.bic,
        model: Annotated[
            str | None,
            typer.Option(help="Fit one log-linear model instead of searching (e.g. Mt)."),
        ] = None,
        seed: Annotated[int | None, typer.Option(help="Seed of the LCMCR sampler.")] = None,
        burn_in: Annotated[int, typer.Option(help="LCMCR burn-in iterations.")] = 10_000,
        samples: Annotated[int, typer.Option(help="LCMCR posterior draws kept.")] = 1_000,
        thin: Annotated[int, typer.Option(help="LCMCR iterations per kept draw.")] = 100,
        k: Annotated[int, typer.Option("--K", "-K", help="LCMCR maximum latent classes.")] = 10,
        level: Annotated[float, typer.Option(help="Interval level.")] = 0.95,
        min_lists: Annotated[
            int, typer.Option(help="A stratum needs this many lists with records.")
        ] = 3,
        min_records: Annotated[
            int, typer.Option(help="A stratum needs this many linked persons.")
        ] = 100,
        sparse: Annotated[
            Sparse,
            typer.Option(
                help="Sparse strata: estimate them together as one pooled stratum, add their "
                "people as observed (a floor), or stop with an error."
            ),
        ] = Sparse.pool,
        scope: Annotated[
            Scope,
            typer.Option(
                help="Estimate for all persons, or only those within the scope (years, "
                "governorates, causes, perpetrators) at least two lists record."
            ),
        ] = Scope.all,
        force: Annotated[
            bool,
            typer.Option(
                "--force",
                help="Estimate even when the lists' scopes overlap too little for MSE "
                "(the result then carries a warning).",
            ),
        ] = False,
        draws: Annotated[
            bool, typer.Option("--draws", help="Include LCMCR posterior draws in --json.")
        ] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Estimate the total number of deaths from the workspace's linked persons.

        Each list's coverage (dates, governorates, causes, perpetrators) is checked first:
        when lists do not cover the same deaths the estimate is refused without --force
        (docs/estimation.md)."""
        from tawthiq.cli.workspace import opened_store
        from tawthiq.estimate import (
            DEFAULT_SEED,
            LCMCRConfig,
            LoglinearConfig,
            ScopeError,
            estimate_workspace,
            headline,
        )

        config: LoglinearConfig | LCMCRConfig
        if method is Method.lcmcr:
            config = LCMCRConfig(
                K=k,
                burn_in=burn_in,
                samples=samples,
                thin=thin,
                seed=DEFAULT_SEED if seed is None else seed,
                level=level,
            )
        else:
            config = LoglinearConfig(model=model or "search", criterion=select.value, level=level)
        columns = [c.strip() for c in strata.split(",") if c.strip()] if strata else []
        spinner = err_console.status("estimating…") if err_console.is_terminal else _null()
        try:
            with opened_store(ctx) as (_, engine), spinner:
                result = estimate_workspace(
                    engine,
                    strata=columns,
                    config=config,
                    min_lists=min_lists,
                    min_records=min_records,
                    sparse=sparse.value,
                    scope=scope.value,
                    force=force,
                )
        except ScopeError as err:
            if not as_json:
                _print_coverage(err.coverage)
            raise
        head = headline(result)
        if as_json:
            out = result.to_dict(draws=draws)
            out["headline"] = head.to_dict()
            typer.echo(json.dumps(out, indent=2))
            return
        if result.coverage is not None:
            _print_coverage(result.coverage)
        console.print(_strata_table(result))
        console.print(head.sentence(), highlight=False)
        for note in result.notes:
            err_console.print(f"note: {note}", highlight=False)
        _print_warnings(result.warnings)


class _null:
    """A do-nothing context manager (no spinner when stderr is not a terminal)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
