"""tawthiq.simulate: a synthetic conflict world with documenting lists and known ground truth.

Linkage and estimation can only be trusted where the truth is known. This stage draws a true
population of deaths (incidents, people, Syrian names, real places), lets K documenting lists
capture them with heterogeneous and dependent probabilities, and writes each list as a canonical
victim-record CSV with realistic recording noise, plus ``truth.csv`` and ``world.json``.

    world = simulate(load_scenario(), people=5000, lists=4, seed=1)
    summary = write_world(world, "out/")          # or simulate_to_dir("out/", ...)
"""

from __future__ import annotations

from tawthiq.simulate._capture import capture_probabilities
from tawthiq.simulate._records import COLUMNS, NoiseCount
from tawthiq.simulate._scenario import (
    Dependence,
    IncidentKind,
    ListSpec,
    NoiseRates,
    Scenario,
    default_scenario,
    load_scenario,
)
from tawthiq.simulate._world import (
    ListSummary,
    World,
    WorldSummary,
    simulate,
    simulate_to_dir,
    write_world,
)

__all__ = [
    "COLUMNS",
    "Dependence",
    "IncidentKind",
    "ListSpec",
    "ListSummary",
    "NoiseCount",
    "NoiseRates",
    "Scenario",
    "World",
    "WorldSummary",
    "capture_probabilities",
    "default_scenario",
    "load_scenario",
    "simulate",
    "simulate_to_dir",
    "write_world",
]
