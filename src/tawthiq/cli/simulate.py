"""Commands of the simulate stage: draw a world with ground truth, score a linkage against it.

Output never shows a name, simulated or not: only counts and file paths.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tawthiq.cli._common import console, handle_errors

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add this area's commands to app."""

    @app.command("simulate")
    @handle_errors
    def simulate_cmd(
        out: Annotated[
            Path, typer.Option("--out", help="Directory for the lists, truth.csv and world.json.")
        ],
        people: Annotated[
            int | None,
            typer.Option("--people", min=1, help="True deaths N (default: the scenario's)."),
        ] = None,
        lists: Annotated[
            int | None,
            typer.Option(
                "--lists", min=1, max=26, help="Documenting lists K (default: the scenario's)."
            ),
        ] = None,
        seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed.")] = 0,
        scenario: Annotated[
            Path | None,
            typer.Option("--scenario", help="Scenario TOML file (default: the shipped one)."),
        ] = None,
    ) -> None:
        """Simulate deaths, documenting lists with noise, and the ground truth."""
        from tawthiq.simulate import simulate_to_dir

        summary = simulate_to_dir(out, people=people, lists=lists, seed=seed, scenario=scenario)
        console.print(
            f"Simulated {summary.people:,} deaths in {summary.incidents:,} incidents "
            f"(seed {summary.seed}); observed union: {summary.observed:,} on at least one list "
            f"({summary.observed / summary.people:.1%}).",
            highlight=False,
        )
        console.print(
            f"{'list':<8} {'script':<7} {'records':>9} {'persons':>9} {'expected':>10}",
            highlight=False,
        )
        for s in summary.lists:
            console.print(
                f"{s.source:<8} {s.script:<7} {s.records:>9,} {s.persons:>9,} "
                f"{s.expected_persons:>10,.1f}",
                highlight=False,
            )
        console.print(
            f"Wrote {len(summary.files)} files to {summary.out}: {', '.join(summary.files)}",
            highlight=False,
            markup=False,
        )

    @app.command("evaluate-linkage")
    @handle_errors
    def evaluate_linkage_cmd(
        truth: Annotated[Path, typer.Option("--truth", help="truth.csv of a simulated world.")],
        persons: Annotated[
            Path,
            typer.Option("--persons", help="Predicted clusters: person_id,source,record_id (CSV)."),
        ],
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Pairwise precision, recall and F1 of a linkage against the truth."""
        from tawthiq.link.evaluate import evaluate_linkage

        result = evaluate_linkage(persons, truth)
        if as_json:
            typer.echo(json.dumps(result.to_dict(), indent=2))
            return
        console.print(
            f"records {result.records:,}; true persons {result.true_persons:,}; "
            f"predicted persons {result.predicted_persons:,}",
            highlight=False,
        )
        console.print(
            f"pairs: true {result.true_pairs:,}, predicted {result.predicted_pairs:,}, "
            f"correct {result.correct_pairs:,}",
            highlight=False,
        )
        console.print(
            f"precision {result.precision:.4f}  recall {result.recall:.4f}  f1 {result.f1:.4f}",
            highlight=False,
        )
        if result.unmatched_records:
            console.print(
                f"{result.unmatched_records:,} truth records were not in the prediction "
                "(scored as singletons)",
                highlight=False,
            )
