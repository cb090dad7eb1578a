"""LCMCR: the published three-list figure, reproducibility, diagnostics and interval coverage."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tawthiq.errors import EstimationError
from tawthiq.estimate import LCMCRConfig, capture_table, fit, fit_lcmcr

# Small settings for unit tests; the acceptance settings are R LCMCR's defaults below.
QUICK = {"burn_in": 1000, "samples": 200, "thin": 5, "warmup": 100}


def test_my_3list_matches_published_bayesian_estimate(my3_columns: dict[str, list[int]]) -> None:
    # Madigan & York (1997) report about 731 for these three lists. LCMCR with R's prior
    # defaults (K = 10, a_alpha = b_alpha = 0.25) and burn-in 10,000: posterior median within 2%.
    table = capture_table(my3_columns)
    for seed in (1, 2, 3):
        result = fit_lcmcr(table, LCMCRConfig(samples=2000, thin=10, seed=seed))
        assert abs(result.estimate - 731) / 731 < 0.02, (seed, result.estimate)
        assert result.lower is not None and result.upper is not None
        assert result.lower <= 731 <= result.upper
        assert result.lower >= table.observed


def test_same_seed_same_draws(my3_columns: dict[str, list[int]]) -> None:
    table = capture_table(my3_columns)
    a = fit_lcmcr(table, LCMCRConfig(seed=7, **QUICK))
    b = fit_lcmcr(table, LCMCRConfig(seed=7, **QUICK))
    c = fit_lcmcr(table, LCMCRConfig(seed=8, **QUICK))
    assert a.draws is not None and b.draws is not None and c.draws is not None
    assert np.array_equal(a.draws, b.draws)
    assert not np.array_equal(a.draws, c.draws)
    assert a.seed == 7
    assert len(a.draws) == 200
    assert np.all(a.draws >= table.observed)


def test_parallel_chains(kosovo_columns: dict[str, list[int]]) -> None:
    table = capture_table(kosovo_columns)
    result = fit_lcmcr(table, LCMCRConfig(K=5, chains=2, seed=3, **QUICK))
    assert result.draws is not None and len(result.draws) == 200
    assert result.diagnostics["rhat"] is not None
    assert result.diagnostics["iterations"] == 2 * (100 + 1000 + 100 * 5)
    assert result.diagnostics["iterations_per_second"] > 0
    again = fit_lcmcr(table, LCMCRConfig(K=5, chains=2, seed=3, **QUICK))
    assert again.draws is not None and np.array_equal(result.draws, again.draws)


def test_result_fields_and_json(my3_columns: dict[str, list[int]]) -> None:
    result = fit(capture_table(my3_columns), LCMCRConfig(seed=1, **QUICK))
    out = result.to_dict()
    for key in ("method", "model", "observed", "estimate", "lower", "upper", "mean", "settings"):
        assert key in out
    assert out["method"] == "lcmcr"
    assert out["settings"]["K"] == 10 and out["settings"]["a_alpha"] == 0.25
    assert "draws" not in out
    with_draws = result.to_dict(draws=True)
    assert len(with_draws["draws"]) == 200
    json.dumps(with_draws)
    assert result.draws is not None
    assert result.estimate == pytest.approx(float(np.median(result.draws)))
    assert result.mean == pytest.approx(float(np.mean(result.draws)))


def test_two_lists_warn_about_identifiability(seber_columns: dict[str, list[int]]) -> None:
    result = fit_lcmcr(capture_table(seber_columns), LCMCRConfig(seed=1, **QUICK))
    assert any("not identified" in w for w in result.warnings)


def test_short_chain_is_flagged(kosovo_columns: dict[str, list[int]]) -> None:
    config = LCMCRConfig(K=10, burn_in=100, samples=50, thin=1, warmup=10, seed=2)
    result = fit_lcmcr(capture_table(kosovo_columns), config)
    assert any("effective sample size" in w for w in result.warnings)


def test_many_lists_use_the_log_space_path() -> None:
    # Beyond 12 lists the sampler computes class probabilities in logs; with independent
    # lists of known size the interval must still find the truth.
    rng = np.random.default_rng(13)
    n_total, k = 1500, 13
    caps = (rng.random((n_total, k)) < 0.15).astype(int)
    caps = caps[caps.sum(axis=1) > 0]
    table = capture_table({f"L{j + 1}": caps[:, j].tolist() for j in range(k)})
    result = fit_lcmcr(table, LCMCRConfig(K=4, seed=1, **QUICK))
    assert result.lower is not None and result.upper is not None
    assert result.lower <= n_total <= result.upper
    assert result.upper - result.lower < 200


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"K": 1}, "K"),
        ({"a_alpha": 0}, "a_alpha"),
        ({"b_alpha": -1.0}, "b_alpha"),
        ({"samples": 5}, "samples"),
        ({"thin": 0}, "thin"),
        ({"burn_in": -1}, "burn_in"),
        ({"seed": -3}, "seed"),
        ({"chains": 0}, "chains"),
        ({"level": 0.2}, "level"),
        ({"K": 2.5}, "K"),
    ],
)
def test_config_validation(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(EstimationError, match=name):
        LCMCRConfig(**kwargs)  # type: ignore[arg-type]


def _heterogeneous_world(seed: int, n_total: int = 2000) -> dict[str, list[int]]:
    """Four lists; two hidden groups of people (40% easy to record, 60% hard), lists
    independent within a group. The heterogeneity makes lists look positively dependent, so Mt
    underestimates; it is the case LCMCR is built for: a pure latent-class world, so this
    checks the sampler itself (about 76% of people end up on some list). Coverage on the
    project's simulated worlds: test_estimate_coverage.py and benchmarks/mse_coverage.py."""
    rng = np.random.default_rng(seed)
    easy = rng.random(n_total) < 0.4
    p_easy = np.array([0.6, 0.5, 0.55, 0.45])
    p_hard = np.array([0.25, 0.15, 0.2, 0.3])
    probs = np.where(easy[:, None], p_easy[None, :], p_hard[None, :])
    caps = (rng.random((n_total, 4)) < probs).astype(int)
    caps = caps[caps.sum(axis=1) > 0]
    return {f"L{j + 1}": caps[:, j].tolist() for j in range(4)}


@pytest.mark.slow
def test_interval_coverage_on_heterogeneous_worlds() -> None:
    # Ten worlds with known N = 2000. A 95% interval should miss about one in twenty; allow two
    # misses in ten (the chance of three or more misses at 90% true coverage is 7%). Measured on
    # twenty worlds (seeds 101-120) with these settings: LCMCR 18/20, BIC-selected log-linear
    # 5/20, Mt 0/20.
    n_total = 2000
    hits = 0
    seeds = range(101, 111)
    for seed in seeds:
        table = capture_table(_heterogeneous_world(seed, n_total))
        result = fit_lcmcr(table, LCMCRConfig(K=10, burn_in=2000, samples=500, thin=20, seed=seed))
        assert result.lower is not None and result.upper is not None
        hits += result.lower <= n_total <= result.upper
    assert hits >= 8, f"95% interval covered the truth in only {hits} of {len(seeds)} worlds"
