"""Captures follow the scenario: per-list rates, the observed union, dependence, heterogeneity.

Capture probabilities are recomputed here from the scenario and the true people (not taken from
the simulator), and the copula is re-implemented for the union's expectation.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit, logit, ndtri

from tawthiq.simulate import ListSpec, Scenario, World, default_scenario, simulate


def model_probability(spec: ListSpec, people: pd.DataFrame) -> np.ndarray:
    """The capture model written out from the ListSpec documentation."""
    x = np.full(len(people), logit(spec.capture))
    for i, row in enumerate(
        people[["governorate", "year", "cause", "visibility", "hospital"]].itertuples(index=False)
    ):
        gov, year, cause, vis, hosp = row
        x[i] += spec.governorates.get(gov, 0.0)
        x[i] += spec.years.get(int(year), 0.0)
        x[i] += spec.causes.get(cause, 0.0)
        x[i] += spec.visibility[vis] if spec.visibility else 0.0
        x[i] += spec.hospital if hosp else 0.0
    p = expit(x)
    year = people["year"].to_numpy()
    p[(year < spec.active[0]) | (year > spec.active[1])] = 0.0
    return p


@pytest.fixture(scope="module")
def probs(world: World) -> np.ndarray:
    return np.column_stack([model_probability(s, world.people) for s in world.scenario.lists])


def test_probabilities_follow_the_scenario(world: World, probs: np.ndarray) -> None:
    np.testing.assert_allclose(world.capture_prob, probs, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("k", range(4))
def test_list_sizes_match_expected(world: World, probs: np.ndarray, k: int) -> None:
    p = probs[:, k]
    expected, sd = p.sum(), math.sqrt((p * (1 - p)).sum())
    persons = world.records[world.scenario.lists[k].source]["person_id"].nunique()
    assert persons == int(world.captured[:, k].sum())
    assert abs(persons - expected) <= 4 * sd, (persons, expected, sd)


def test_capture_varies_by_governorate_as_configured(world: World, probs: np.ndarray) -> None:
    """List D (north-western committee) finds Idleb deaths far more often than Damascus ones."""
    people, k = world.people, 3
    rates = {}
    for gov in ("Idleb", "Damascus"):
        sel = (people["governorate"] == gov).to_numpy()
        p = probs[sel, k]
        got = world.captured[sel, k].sum()
        assert abs(got - p.sum()) <= 4 * math.sqrt((p * (1 - p)).sum()) + 1
        rates[gov] = got / sel.sum()
    assert rates["Idleb"] > 4 * rates["Damascus"]


def test_inactive_years_are_not_captured(world: World) -> None:
    d = world.scenario.lists[3]  # active 2013-2019
    early = (world.people["year"] < d.active[0]).to_numpy()
    assert early.sum() > 0
    assert not world.captured[early, 3].any()


def test_observed_union_matches_the_scenario(world: World, probs: np.ndarray) -> None:
    """Expected union from 200 independent redraws of the copula, written out here."""
    corr = np.eye(4)
    names = [s.name for s in world.scenario.lists]
    for dep in world.scenario.dependence:
        i, j = names.index(dep.lists[0]), names.index(dep.lists[1])
        corr[i, j] = corr[j, i] = dep.rho
    chol = np.linalg.cholesky(corr)
    with np.errstate(divide="ignore"):
        threshold = ndtri(probs)
    rng = np.random.default_rng(12345)
    unions = []
    for _ in range(200):
        z = rng.standard_normal(probs.shape) @ chol.T
        unions.append(int((z < threshold).any(axis=1).sum()))
    mean, sd = float(np.mean(unions)), float(np.std(unions))
    assert abs(world.observed - mean) <= 4 * sd, (world.observed, mean, sd)
    assert world.observed == world.truth()["person_id"].nunique()


@pytest.mark.parametrize(
    ("a", "b", "sign"),
    [(0, 1, +1), (2, 3, -1), (0, 2, 0), (1, 3, 0)],
    ids=["A-B positive", "C-D negative", "A-C none", "B-D none"],
)
def test_pairwise_dependence(world: World, probs: np.ndarray, a: int, b: int, sign: int) -> None:
    """Beyond the shared heterogeneity (already in p), overlap moves with the pair's rho."""
    overlap = int((world.captured[:, a] & world.captured[:, b]).sum())
    q = probs[:, a] * probs[:, b]
    expected, sd = q.sum(), math.sqrt((q * (1 - q)).sum())
    z = (overlap - expected) / sd
    if sign > 0:
        assert z > 4, z
    elif sign < 0:
        assert z < -4, z
    else:
        assert abs(z) <= 4, z


def lincoln_petersen(world: World, a: str, b: str) -> tuple[float, float]:
    """Chapman's version of the two-list estimate and its standard error, from the truth."""
    truth = world.truth()
    pa = set(truth.loc[truth["source"] == a, "person_id"])
    pb = set(truth.loc[truth["source"] == b, "person_id"])
    n1, n2, m = len(pa), len(pb), len(pa & pb)
    est = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    var = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    return est, math.sqrt(var)


@pytest.mark.parametrize(("a", "b"), [("list_A", "list_B"), ("list_A", "list_C")])
def test_naive_two_list_estimate_is_biased(world: World, a: str, b: str) -> None:
    """Heterogeneous capture (shared visibility) makes lists positively dependent, so the
    independence estimate falls short of N by far more than its sampling error, also for a
    pair with no direct dependence (A-C)."""
    est, se = lincoln_petersen(world, a, b)
    n = len(world.people)
    assert n - est > 4 * se, (n, est, se)


def homogeneous(scenario: Scenario) -> Scenario:
    lists = tuple(
        ListSpec(name=s.name, capture=s.capture, script=s.script, noise=s.noise)
        for s in scenario.lists
    )
    return replace(scenario, lists=lists, dependence=(), visibility=(1.0,))


def test_homogeneous_world_gives_unbiased_estimate() -> None:
    """Control: without heterogeneity or dependence the same estimate covers N."""
    world = simulate(homogeneous(default_scenario()), people=20000, lists=4, seed=3)
    for a, b in (("list_A", "list_B"), ("list_A", "list_C")):
        est, se = lincoln_petersen(world, a, b)
        assert abs(est - 20000) <= 4 * se, (a, b, est, se)
