"""Who each documenting list captures: heterogeneous probabilities, dependent draws.

Each list has a logistic capture model (see :class:`~tawthiq.simulate.ListSpec`): the probability
varies with governorate, year, cause, hospital attacks and a latent visibility class. The latent
class is what makes real lists positively dependent (the same well-reported deaths appear
everywhere) and what biases naive two-list estimates downwards.

On top of that, pairs of lists can be directly dependent: captures are drawn through a Gaussian
copula with the scenario's correlation matrix, so the marginal capture probability of every
person on every list is exactly the logistic model's, while the pair's joint captures are more
(rho > 0) or less (rho < 0) alike than independence would make them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit, logit, ndtri

from tawthiq.simulate._scenario import ListSpec, Scenario

__all__ = ["capture_logits", "capture_probabilities", "draw_captures"]

Floats = np.ndarray[Any, np.dtype[np.float64]]
Bools = np.ndarray[Any, np.dtype[np.bool_]]


def capture_logits(spec: ListSpec, people: pd.DataFrame) -> Floats:
    """Log-odds of capture of every person by one list (``-inf`` outside its active years)."""
    base = float(logit(min(max(spec.capture, 1e-12), 1 - 1e-12)))
    if spec.capture <= 0.0:
        base = -np.inf
    elif spec.capture >= 1.0:
        base = np.inf
    x = np.full(len(people), base, dtype=np.float64)
    if spec.governorates:
        x += people["governorate"].map(spec.governorates).fillna(0.0).to_numpy(np.float64)
    if spec.years:
        x += people["year"].map(spec.years).fillna(0.0).to_numpy(np.float64)
    if spec.causes:
        x += people["cause"].map(spec.causes).fillna(0.0).to_numpy(np.float64)
    if spec.visibility:
        x += np.asarray(spec.visibility, dtype=np.float64)[people["visibility"].to_numpy()]
    if spec.hospital:
        x += spec.hospital * people["hospital"].to_numpy(np.float64)
    year = people["year"].to_numpy()
    x[(year < spec.active[0]) | (year > spec.active[1])] = -np.inf
    return x


def capture_probabilities(scenario: Scenario, people: pd.DataFrame) -> Floats:
    """Marginal capture probability of each person (rows) by each list (columns)."""
    if len(scenario.lists) == 0:
        return np.zeros((len(people), 0))
    with np.errstate(over="ignore"):
        cols = [expit(capture_logits(spec, people)) for spec in scenario.lists]
    return np.column_stack(cols).astype(np.float64)


def draw_captures(scenario: Scenario, prob: Floats, rng: np.random.Generator) -> Bools:
    """Draw who is on which list: Gaussian copula with the scenario's correlation matrix."""
    chol = np.linalg.cholesky(scenario.correlation())
    z = rng.standard_normal(prob.shape) @ chol.T
    with np.errstate(divide="ignore"):
        threshold = ndtri(prob)
    return np.asarray(z < threshold, dtype=np.bool_)
