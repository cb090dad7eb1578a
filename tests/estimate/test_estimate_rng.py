"""The sampler's random variates follow their distributions (checked against SciPy).

Every test draws a fixed-seed sample, so the outcome is deterministic; the thresholds
(p > 1e-4) would flag any systematic error in an algorithm at these sample sizes.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from numba import njit
from scipy import stats

from tawthiq.estimate import _rng

SIZE = 200_000


@njit(cache=False)
def _draw_binomial(s: npt.NDArray[np.uint64], n: int, p: float, size: int) -> npt.NDArray[np.int64]:
    out = np.empty(size, dtype=np.int64)
    for i in range(size):
        out[i] = _rng.binomial(s, n, p)
    return out


@njit(cache=False)
def _draw_poisson(s: npt.NDArray[np.uint64], lam: float, size: int) -> npt.NDArray[np.int64]:
    out = np.empty(size, dtype=np.int64)
    for i in range(size):
        out[i] = _rng.poisson(s, lam)
    return out


@njit(cache=False)
def _draw_negbin(s: npt.NDArray[np.uint64], r: float, p: float, size: int) -> npt.NDArray[np.int64]:
    out = np.empty(size, dtype=np.int64)
    for i in range(size):
        out[i] = _rng.negative_binomial(s, r, p)
    return out


@njit(cache=False)
def _draw_float(
    s: npt.NDArray[np.uint64], kind: int, a: float, b: float, size: int
) -> npt.NDArray[np.float64]:
    out = np.empty(size)
    for i in range(size):
        if kind == 0:
            out[i] = _rng.uniform(s)
        elif kind == 1:
            out[i] = _rng.normal(s)
        elif kind == 2:
            out[i] = _rng.gamma(s, a)
        elif kind == 3:
            out[i] = _rng.beta(s, a, b)
        else:
            out[i] = np.exp(_rng.log_gamma(s, a))
    return out


def _state(seed: int) -> npt.NDArray[np.uint64]:
    return _rng.new_state(np.random.SeedSequence(seed))


def _chi_square_p(draws: npt.NDArray[np.int64], pmf: npt.NDArray[np.float64]) -> float:
    """Goodness of fit over the support values with expected count >= 20 (rest pooled)."""
    values, counts = np.unique(draws, return_counts=True)
    observed = dict(zip(values.tolist(), counts.tolist(), strict=True))
    expected = pmf * len(draws)
    keep = np.flatnonzero(expected >= 20)
    obs = np.array([observed.get(int(v), 0) for v in keep], dtype=float)
    exp = expected[keep]
    rest_obs = len(draws) - obs.sum()
    rest_exp = len(draws) - exp.sum()
    if rest_exp >= 20:
        obs = np.append(obs, rest_obs)
        exp = np.append(exp, rest_exp)
    else:
        exp = exp * obs.sum() / exp.sum()
    chi2 = float(((obs - exp) ** 2 / exp).sum())
    return float(stats.chi2.sf(chi2, len(obs) - 1))


@pytest.mark.parametrize(
    ("n", "p"),
    [(5, 0.1), (30, 0.3), (12, 0.9), (1000, 0.3), (1131, 0.97), (1000, 0.01), (100_000, 0.2)],
)
def test_binomial(n: int, p: float) -> None:
    draws = _draw_binomial(_state(n), n, p, SIZE)
    assert draws.min() >= 0 and draws.max() <= n
    assert _chi_square_p(draws, stats.binom.pmf(np.arange(n + 1), n, p)) > 1e-4
    assert _rng.binomial(_state(1), 10, 0.0) == 0
    assert _rng.binomial(_state(1), 10, 1.0) == 10


@pytest.mark.parametrize("lam", [0.5, 4.0, 25.0, 5000.0])
def test_poisson(lam: float) -> None:
    draws = _draw_poisson(_state(int(lam * 10)), lam, SIZE)
    support = np.arange(int(lam + 20 * np.sqrt(lam) + 20))
    assert _chi_square_p(draws, stats.poisson.pmf(support, lam)) > 1e-4


@pytest.mark.parametrize(("r", "p"), [(3.0, 0.4), (4400.0, 0.42), (50.0, 0.95)])
def test_negative_binomial(r: float, p: float) -> None:
    draws = _draw_negbin(_state(int(r)), r, p, SIZE)
    mean = r * (1 - p) / p
    support = np.arange(int(mean + 30 * np.sqrt(mean / p) + 50))
    assert _chi_square_p(draws, stats.nbinom.pmf(support, r, p)) > 1e-4


def test_uniform_and_normal() -> None:
    u = _draw_float(_state(11), 0, 0.0, 0.0, SIZE)
    assert u.min() >= 0.0 and u.max() < 1.0
    assert stats.kstest(u, "uniform").pvalue > 1e-4
    z = _draw_float(_state(12), 1, 0.0, 0.0, SIZE)
    assert stats.kstest(z, "norm").pvalue > 1e-4


@pytest.mark.parametrize("shape", [0.05, 0.5, 1.0, 3.7, 250.0])
def test_gamma_and_log_gamma(shape: float) -> None:
    g = _draw_float(_state(int(shape * 100)), 2, shape, 0.0, SIZE)
    assert stats.kstest(g, "gamma", args=(shape,)).pvalue > 1e-4
    lg = _draw_float(_state(int(shape * 100) + 1), 4, shape, 0.0, SIZE)
    assert stats.kstest(lg, "gamma", args=(shape,)).pvalue > 1e-4


@pytest.mark.parametrize(
    ("a", "b"),
    [(1.0, 1.0), (1.0, 40.0), (7.0, 1.0), (300.0, 4000.0), (2.0, 2.0), (1.5, 900.0), (5000.0, 3.0)],
)
def test_beta(a: float, b: float) -> None:
    x = _draw_float(_state(int(a * 7 + b)), 3, a, b, SIZE)
    assert x.min() >= 0.0 and x.max() <= 1.0
    assert stats.kstest(x, "beta", args=(a, b)).pvalue > 1e-4


def test_streams_are_reproducible_and_distinct() -> None:
    a = _draw_float(_state(5), 0, 0.0, 0.0, 100)
    b = _draw_float(_state(5), 0, 0.0, 0.0, 100)
    c = _draw_float(_state(6), 0, 0.0, 0.0, 100)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
