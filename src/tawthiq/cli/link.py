"""Commands of the link stage: ``tawthiq link`` and ``tawthiq review list|show|decide``.

``link`` prints counts only. ``review show`` prints the two records of a pair side by side,
names included: comparing them is what a reviewer is there for.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from tawthiq.cli._common import console, err_console, fail, handle_errors
from tawthiq.cli.workspace import opened_store

if TYPE_CHECKING:
    from tawthiq.link import LinkDiagnostics, LinkSettings, PairView

__all__ = ["register", "review_app"]

review_app = typer.Typer(
    help="Review uncertain pairs: list them, show one side by side, decide.",
    no_args_is_help=True,
)


class Backend(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


class Decision(StrEnum):
    same = "same"
    different = "different"
    unsure = "unsure"


@contextmanager
def _step_progress(total: int) -> Iterator[Callable[[str], None]]:
    """A transient progress bar naming the current step, on a terminal only."""
    if not err_console.is_terminal:
        yield lambda _: None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("linking: {task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} steps"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("starting", total=total)
        seen: list[str] = []

        def on_step(name: str) -> None:
            if seen:
                bar.advance(task, 1)
            seen.append(name)
            bar.update(task, description=name)

        yield on_step


def _settings(
    settings_file: Path | None,
    backend: Backend | None,
    threshold: float | None,
    review_low: float | None,
    review_high: float | None,
) -> LinkSettings:
    from tawthiq.link import LinkSettings

    base = LinkSettings.load(settings_file) if settings_file else LinkSettings()
    data = base.to_dict()
    if backend is not None:
        data["backend"] = backend.value
    if threshold is not None:
        data["threshold"] = threshold
    low, high = data["review_band"]
    t = float(data["threshold"])
    # A new threshold outside the band moves the band's edge with it (half-way to 0 or 1).
    if review_low is None and low >= t:
        low = t / 2
    if review_high is None and high < t:
        high = t + (1 - t) / 2
    data["review_band"] = [
        review_low if review_low is not None else low,
        review_high if review_high is not None else high,
    ]
    return LinkSettings.from_dict(data)


def _print_summary(run_id: int, persons: int, d: LinkDiagnostics) -> None:
    q = d.cluster_size_quantiles
    secs = d.seconds
    refused = d.decisions_conflicting
    unknown = d.decisions_unknown_records
    lines = [
        f"link run {run_id} ({d.backend}): {d.records:,} records from {d.sources} sources "
        f"→ {persons:,} persons ({d.singletons:,} recorded once; largest {q['max']:.0f} records)",
        f"comparisons: {d.comparisons:,} candidate pairs from {len(d.comparisons_per_rule)} "
        f"blocking rules; {d.pairs_above_threshold:,} above the threshold",
        f"model: {'trained by EM' if d.trained else 'given'}"
        f"{f', {d.labels_used} reviewer labels' if d.labels_used else ''}; "
        f"prior λ = {d.prior:.3g}",
        f"clustering: {d.components:,} components at the threshold, "
        f"{d.suspicious_components:,} re-clustered (anti-chaining), "
        f"{d.rescored_pairs:,} extra pairs scored",
        f"hard constraints: {d.constrained_pairs:,} scored pairs kept apart (sexes differ, one "
        f"incident with different names, relation or anchor differs), "
        f"{d.constrained_components:,} components re-clustered; "
        f"{d.placeholders:,} placeholder records (never linked on their name), "
        f"{d.relational:,} relational records",
        f"decisions applied: {d.decisions_same} same, {d.decisions_different} different"
        + (f", {refused} 'same' refused (conflict)" if refused else "")
        + (f", {unknown} on unknown records" if unknown else ""),
        f"review queue: {d.review_pairs:,} questions whose answer would change a person, from "
        f"{d.band_pairs:,} uncertain pairs (tawthiq review list)",
        "time: "
        + ", ".join(f"{k} {v:.1f}s" for k, v in secs.items() if k != "total")
        + f"; total {secs.get('total', 0.0):.1f}s",
    ]
    for line in lines:
        console.print(line, highlight=False, markup=False)


@handle_errors
def link_cmd(
    ctx: typer.Context,
    backend: Annotated[
        Backend | None,
        typer.Option("--backend", help="Splink backend (default: duckdb, or the settings file's)."),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold", min=0.0, max=1.0, help="Match probability that links two records."
        ),
    ] = None,
    review_low: Annotated[
        float | None, typer.Option("--review-low", help="Lower end of the review band.")
    ] = None,
    review_high: Annotated[
        float | None, typer.Option("--review-high", help="Upper end of the review band.")
    ] = None,
    settings_file: Annotated[
        Path | None,
        typer.Option(
            "--settings", help="Link settings file (.toml or .json), see docs/linkage.md."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the diagnostics as JSON.")] = False,
) -> None:
    """Link all records of the workspace into persons (respecting reviewer decisions)."""
    from tawthiq.link import LINK_STEPS, link_workspace

    cfg = _settings(settings_file, backend, threshold, review_low, review_high)
    with opened_store(ctx) as (_, engine), _step_progress(len(LINK_STEPS)) as on_step:
        done = link_workspace(engine, cfg, on_step=on_step)
    d = done.result.diagnostics
    if as_json:
        out = {"run": done.run_id, "persons": done.persons, **d.to_dict()}
        console.print_json(json.dumps(out))
        return
    _print_summary(done.run_id, done.persons, d)


@handle_errors
def review_list_cmd(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Pairs to show.")] = 20,
    show_all: Annotated[
        bool, typer.Option("--all", help="Include pairs that already have a decision.")
    ] = False,
) -> None:
    """Questions of the latest link run: uncertain links whose answer would change a person,
    the likeliest change first."""
    from tawthiq.link import review_list
    from tawthiq.link._review import question_reason

    with opened_store(ctx) as (_, engine):
        run, queue = review_list(engine, include_decided=show_all, limit=limit)
    if run is None:
        raise fail("no link run yet; run tawthiq link first")
    columns = ["pair", "p", "record", "record", "linked", "an answer would"]
    table = Table(*columns, *(["decision"] if show_all else []), title="Review queue")
    for r in queue.itertuples(index=False):
        known = r.records is not None and r.records == r.records  # NaN for older runs
        records = int(r.records) if known else None
        row = [
            str(r.pair_id),
            f"{r.probability:.2f}",
            f"{r.source_l}:{r.record_id_l}",
            f"{r.source_r}:{r.record_id_r}",
            "yes" if r.same_person else "no",
            question_reason(bool(r.same_person), records),
        ]
        table.add_row(*row, *([r.decision or ""] if show_all else []))
    console.print(table)
    console.print(
        f"{len(queue)} pair(s) shown from link run {run['id']}; "
        "see one: tawthiq review show PAIR; decide: tawthiq review decide same|different PAIR",
        highlight=False,
        markup=False,
    )


_FIELDS: tuple[tuple[str, str], ...] = (
    ("source", "source"),
    ("record_id", "record id"),
    ("full_name", "full name"),
    ("given_name", "given name"),
    ("father_name", "father"),
    ("family_name", "family name"),
    ("mother_name", "mother"),
    ("sex", "sex"),
    ("age_text", "age"),
    ("date_text", "date of death"),
    ("place_text", "place"),
    ("governorate_text", "governorate"),
    ("pcode", "P-code"),
    ("cause", "cause"),
    ("perpetrator", "perpetrator"),
    ("status", "status"),
    ("person_id", "person now"),
)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _print_pair(view: PairView) -> None:
    title = (f"review pair {view.pair_id}" if view.pair_id is not None else "records") + (
        f": match probability {view.probability:.3f}" if view.probability is not None else ""
    )
    table = Table("", "left", "right", title=title)
    for attr, label in _FIELDS:
        a, b = _cell(getattr(view.left, attr)), _cell(getattr(view.right, attr))
        mark = "" if a == b or not a or not b else " ≠"
        table.add_row(label + mark, a, b)
    console.print(table, highlight=False, markup=False)
    state = "in the same person" if view.same_person else "in different persons"
    decided = (
        f"decision: {view.decision['decision']} by {view.decision['decided_by']}"
        if view.decision
        else "no decision yet"
    )
    console.print(f"now {state}; {decided}", highlight=False, markup=False)


@handle_errors
def review_show_cmd(
    ctx: typer.Context,
    pair: Annotated[
        int | None, typer.Argument(help="Review pair number (tawthiq review list).")
    ] = None,
    left: Annotated[
        str | None, typer.Option("--left", help="Instead of a pair: SOURCE:RECORD_ID.")
    ] = None,
    right: Annotated[
        str | None, typer.Option("--right", help="The other SOURCE:RECORD_ID.")
    ] = None,
) -> None:
    """Show the two records of a pair side by side (names included)."""
    from tawthiq.link import review_show

    with opened_store(ctx) as (_, engine):
        view = review_show(engine, pair, left=left, right=right)
    _print_pair(view)


@handle_errors
def review_decide_cmd(
    ctx: typer.Context,
    decision: Annotated[Decision, typer.Argument(help="same, different or unsure.")],
    pair: Annotated[
        int | None, typer.Argument(help="Review pair number (tawthiq review list).")
    ] = None,
    left: Annotated[
        str | None, typer.Option("--left", help="Instead of a pair: SOURCE:RECORD_ID.")
    ] = None,
    right: Annotated[
        str | None, typer.Option("--right", help="The other SOURCE:RECORD_ID.")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Why (kept with the decision).")
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Reviewer (default: $TAWTHIQ_USER or the login).")
    ] = None,
) -> None:
    """Decide whether two records are the same person; later link runs respect it."""
    from tawthiq.link import decide_pair

    with opened_store(ctx) as (_, engine):
        done = decide_pair(
            engine, decision.value, pair, left=left, right=right, decided_by=by, note=note
        )
    change = f" (was {done.previous})" if done.previous and done.previous != done.decision else ""
    console.print(
        f"records {done.record_l} and {done.record_r}: {done.decision}{change}; "
        "applied at the next tawthiq link",
        highlight=False,
        markup=False,
    )


def register(app: typer.Typer) -> None:
    app.command("link")(link_cmd)
    review_app.command("list")(review_list_cmd)
    review_app.command("show")(review_show_cmd)
    review_app.command("decide")(review_decide_cmd)
    app.add_typer(review_app, name="review")
