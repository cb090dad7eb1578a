"""Shared worlds for the simulate tests: drawn once per session (each takes well under a second)."""

from __future__ import annotations

import pandas as pd
import pytest

from tawthiq.simulate import World, simulate
from tawthiq.simulate._names import NameInventory, load_names
from tawthiq.simulate._places import Places, load_places


@pytest.fixture(scope="session")
def world() -> World:
    """The default scenario, 20,000 deaths, 4 lists, seed 1 (the acceptance world)."""
    return simulate(people=20000, lists=4, seed=1)


@pytest.fixture(scope="session")
def names() -> NameInventory:
    return load_names()


@pytest.fixture(scope="session")
def places() -> Places:
    return load_places()


@pytest.fixture(scope="session")
def joined(world: World) -> dict[str, pd.DataFrame]:
    """Each list's records next to the true attributes of their person (``true_*`` columns)."""
    truth = world.people.add_prefix("true_").rename(columns={"true_person_id": "person_id"})
    return {
        source: frame.merge(truth, on="person_id", how="left", validate="many_to_one")
        for source, frame in world.records.items()
    }
