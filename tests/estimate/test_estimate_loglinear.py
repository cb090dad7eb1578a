"""Log-linear estimators against published figures and independent computations.

Expected values come from three independent places, never from running tawthiq:

1. Published output: Rcapture's own example run (tests/Examples/Rcapture-Ex.Rout.save in the
   CRAN package) for Seber's two-list data, and the Kosovo figure 10,356 of Ball et al. (2002).
2. Closed forms: Lincoln-Petersen and its log-linear variance for two lists; the conditional
   MLE of M0 (Otis et al. 1978: ``T/n = k p / (1 - (1-p)^k)``) and Darroch's (1958) equation
   for Mt (``n = N (1 - prod(1 - n_j/N))``); the multinomial profile likelihood of Mt, whose
   maximum over the capture probabilities is ``p_j = n_j / N`` (Cormack 1992).
3. A separate maximum-likelihood fit written here: the design matrix built from Rcapture's
   definitions in Rcapture's own cell order (``histpos.t``), the Poisson likelihood from
   ``scipy.stats.poisson`` and maximised by ``scipy.optimize.minimize`` (trust-exact), AIC/BIC/
   deviance from their textbook definitions.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import numpy.typing as npt
import pytest
from estimate_fixtures import KOSOVO, SEBER
from scipy import optimize, stats

from tawthiq.errors import EstimationError
from tawthiq.estimate import (
    CLOSEDP_MODELS,
    CaptureTable,
    LoglinearConfig,
    capture_table,
    closedp_table,
    fit,
    fit_model,
    model_search,
    profile_interval,
)
from tawthiq.estimate._loglinear import enumerate_models, model_name, parse_model

# --------------------------------------------------------------------------- independent fit


def histpos(k: int) -> npt.NDArray[np.float64]:
    """Rcapture's histpos.t: all non-empty histories, 11...1 first (a different order from
    tawthiq's bit masks, on purpose)."""
    return np.array([p for p in itertools.product([1, 0], repeat=k) if any(p)], dtype=float)


def observed(rows: list[tuple[int, ...]], hist: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    lookup = {tuple(r[:-1]): r[-1] for r in rows}
    return np.array([lookup.get(tuple(int(v) for v in h), 0) for h in hist], dtype=float)


def closedp_columns(model: str, hist: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Design without intercept, from Rcapture's Xclosedp: M0 = number of captures, Mt = the
    histories, Mh/Mth add Chao's eta_j = max(c-j+1, 0), Poisson 2^c - 1, Darroch c^2/2 or
    Gamma -log(3.5 + c) + log(3.5)."""
    k = hist.shape[1]
    c = hist.sum(axis=1)
    if model == "M0":
        return c[:, None]
    if model == "Mt":
        return hist
    family, kind = model.split(" ")
    base = c[:, None] if family == "Mh" else hist
    h = {
        "Chao": np.column_stack([np.maximum(c - j + 1, 0) for j in range(3, k + 1)]),
        "Poisson2": (2.0**c - 1)[:, None],
        "Darroch": (c**2 / 2)[:, None],
        "Gamma3.5": (-np.log(3.5 + c) + np.log(3.5))[:, None],
    }[kind]
    return np.hstack([base, h])


def hierarchical_columns(name: str, hist: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Main effects plus every interaction implied by the generators of a bracket name."""
    k = hist.shape[1]
    terms: set[tuple[int, ...]] = {(j,) for j in range(k)}
    for gen in name.strip("[]").split(","):
        members = [int(ch) - 1 for ch in gen]
        for order in range(1, len(members) + 1):
            terms.update(itertools.combinations(members, order))
    ordered = sorted(terms, key=lambda t: (len(t), t))
    return np.column_stack([hist[:, list(t)].prod(axis=1) for t in ordered])


def scipy_fit(columns: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> dict[str, float]:
    x = np.hstack([np.ones((len(y), 1)), columns])

    def nll(b: npt.NDArray[np.float64]) -> float:
        eta = x @ b
        return float(np.sum(np.exp(eta) - y * eta))

    def grad(b: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray(x.T @ (np.exp(x @ b) - y))

    def hess(b: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray((x * np.exp(x @ b)[:, None]).T @ x)

    start = np.linalg.lstsq(x, np.log(y + 0.5), rcond=None)[0]
    res = optimize.minimize(
        nll, start, jac=grad, hess=hess, method="trust-exact", options={"gtol": 1e-9}
    )
    # trust-exact may stop early when the predicted improvement is below rounding; polish by
    # solving the score equations, then check that the score really vanishes.
    sol = optimize.root(grad, res.x, jac=hess, method="hybr", tol=1e-14)
    b = sol.x
    assert np.max(np.abs(grad(b))) < 1e-7, (res.message, sol.message)
    mu = np.exp(x @ b)
    cov = np.linalg.inv(hess(b))
    n = y.sum()
    mu0 = math.exp(b[0])
    loglik = float(stats.poisson.logpmf(y, mu).sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        dev = 2 * float(np.sum(np.where(y > 0, y * np.log(y / mu), 0.0) - (y - mu)))
    p = x.shape[1]
    return {
        "estimate": n + mu0,
        "se": math.sqrt(mu0 + mu0**2 * cov[0, 0]),
        "deviance": dev,
        "df": len(y) - p,
        "aic": -2 * loglik + 2 * p,
        "bic": -2 * loglik + math.log(n) * p,
        "coef": b,  # type: ignore[dict-item]
    }


@pytest.fixture(scope="module")
def kosovo() -> CaptureTable:
    cols = {n: [r[j] for r in KOSOVO] for j, n in enumerate(("EXH", "ABA", "OSCE", "HRW"))}
    cols["count"] = [r[-1] for r in KOSOVO]
    return capture_table(cols)


@pytest.fixture(scope="module")
def seber() -> CaptureTable:
    return capture_table({"L1": [1, 0, 1], "L2": [1, 1, 0], "count": [167, 254, 781]})


# --------------------------------------------------------------------------- acceptance


def test_kosovo_bic_selects_published_model(kosovo: CaptureTable) -> None:
    result = fit(kosovo, LoglinearConfig(criterion="bic"))
    assert result.model == "[123,14,34]"
    assert f"{result.estimate:.1f}" == "10356.5"  # published: 10,356
    assert f"{result.se:.1f}" == "785.9"
    assert result.lower is not None and result.upper is not None
    assert result.lower < result.estimate < result.upper
    assert result.settings["models_searched"] == 113


def test_kosovo_selected_model_matches_independent_fit(kosovo: CaptureTable) -> None:
    hist = histpos(4)
    ref = scipy_fit(hierarchical_columns("[123,14,34]", hist), observed(KOSOVO, hist))
    row = fit_model(kosovo, "[123,14,34]")
    for key in ("estimate", "se", "deviance", "aic", "bic"):
        assert getattr(row, key) == pytest.approx(ref[key], rel=1e-6, abs=1e-6), key
    assert row.df == ref["df"] == 4


def test_seber_lincoln_petersen(seber: CaptureTable) -> None:
    result = fit(seber, LoglinearConfig(model="Mt"))
    n11, n01, n10 = 167, 254, 781
    lincoln_petersen = (n11 + n10) * (n11 + n01) / n11
    mu0 = n10 * n01 / n11
    se = math.sqrt(mu0 + mu0**2 * (1 / n11 + 1 / n10 + 1 / n01))
    assert result.estimate == pytest.approx(lincoln_petersen, rel=1e-9)
    assert f"{result.estimate:.1f}" == "2389.9"
    assert result.se == pytest.approx(se, rel=1e-7)


def test_seber_matches_rcapture_printed_output(seber: CaptureTable) -> None:
    # closedp.t(X, dfreq=TRUE), Rcapture tests/Examples/Rcapture-Ex.Rout.save:
    #     abundance  stderr  deviance  df      AIC
    # M0     2805.6   164.1   281.334   1  308.166
    # Mt     2389.9   130.4     0.000   0   28.831
    rows = {r.model: r for r in closedp_table(seber)}
    assert set(rows) == {"M0", "Mt"}
    published = {"M0": (2805.6, 164.1, 281.334, 1, 308.166), "Mt": (2389.9, 130.4, 0.0, 0, 28.831)}
    for name, (est, se, dev, df, aic) in published.items():
        r = rows[name]
        assert round(r.estimate, 1) == est
        assert round(r.se, 1) == se
        assert round(r.deviance, 3) == dev
        assert r.df == df
        assert round(r.aic, 3) == aic


# --------------------------------------------------------------------------- closedp.t golden


def test_kosovo_m0_conditional_mle(kosovo: CaptureTable) -> None:
    k, n = 4, 4400
    total_captures = sum(sum(r[:-1]) * r[-1] for r in KOSOVO)
    p = optimize.brentq(
        lambda q: k * q / (1 - (1 - q) ** k) - total_captures / n, 1e-9, 1 - 1e-9, xtol=1e-15
    )
    expected = n / (1 - (1 - p) ** k)
    assert fit_model(kosovo, "M0").estimate == pytest.approx(expected, rel=1e-8)


def test_kosovo_mt_darroch_equation(kosovo: CaptureTable) -> None:
    n = 4400
    totals = [sum(r[j] * r[-1] for r in KOSOVO) for j in range(4)]
    expected = optimize.brentq(
        lambda big: big * (1 - np.prod([1 - t / big for t in totals])) - n,
        n + 1e-6,
        10 * n,
        xtol=1e-10,
    )
    assert fit_model(kosovo, "Mt").estimate == pytest.approx(expected, rel=1e-8)


@pytest.mark.parametrize("model", [m for m in CLOSEDP_MODELS if not m.endswith("Chao")])
def test_kosovo_closedp_rows_match_independent_fit(kosovo: CaptureTable, model: str) -> None:
    hist = histpos(4)
    ref = scipy_fit(closedp_columns(model, hist), observed(KOSOVO, hist))
    rows = {r.model: r for r in closedp_table(kosovo)}
    row = rows[model]
    for key in ("estimate", "se", "deviance", "aic", "bic"):
        assert getattr(row, key) == pytest.approx(ref[key], rel=1e-6, abs=1e-6), (model, key)
    assert row.df == ref["df"]


@pytest.mark.parametrize("model", ["Mh Chao", "Mth Chao"])
def test_kosovo_chao_lower_bound_drops_negative_eta(kosovo: CaptureTable, model: str) -> None:
    hist = histpos(4)
    y = observed(KOSOVO, hist)
    full = closedp_columns(model, hist)
    # With both eta3 and eta4 the fit gives a negative eta4; Rcapture then refits without it.
    assert scipy_fit(full, y)["coef"][-1] < 0  # type: ignore[index]
    ref = scipy_fit(full[:, :-1], y)
    assert ref["coef"][-1] > 0  # type: ignore[index]
    row = {r.model: r for r in closedp_table(kosovo)}[model]
    for key in ("estimate", "se", "deviance", "aic", "bic"):
        assert getattr(row, key) == pytest.approx(ref[key], rel=1e-6, abs=1e-6), key
    assert row.df == ref["df"]
    assert any("eta4" in w for w in row.warnings)


# --------------------------------------------------------------------------- intervals


def _mt_profile_interval(rows: list[tuple[int, ...]], level: float = 0.95) -> tuple[float, float]:
    """Multinomial profile likelihood of Mt in closed form (p_j = n_j / N)."""
    k = len(rows[0]) - 1
    n = sum(r[-1] for r in rows)
    totals = [sum(r[j] * r[-1] for r in rows) for j in range(k)]

    def loglik(big: float) -> float:
        s = math.lgamma(big + 1) - math.lgamma(big - n + 1)
        for t in totals:
            s += t * math.log(t / big) + (big - t) * math.log(1 - t / big)
        return s

    best = optimize.minimize_scalar(
        lambda v: -loglik(v), bounds=(n, 5 * n), method="bounded", options={"xatol": 1e-8}
    )
    cut = -best.fun - stats.chi2.ppf(level, 1) / 2
    lower = optimize.brentq(lambda v: loglik(v) - cut, n, best.x)
    upper = optimize.brentq(lambda v: loglik(v) - cut, best.x, 10 * n)
    return lower, upper


@pytest.mark.parametrize("data", ["seber", "kosovo"])
def test_profile_interval_matches_closed_form_for_mt(
    data: str, seber: CaptureTable, kosovo: CaptureTable
) -> None:
    table, rows = (seber, SEBER) if data == "seber" else (kosovo, KOSOVO)
    lower, upper, _, warnings = profile_interval(table, "Mt")
    exp_lower, exp_upper = _mt_profile_interval(list(rows))
    assert lower == pytest.approx(exp_lower, abs=0.05)
    assert upper is not None and upper == pytest.approx(exp_upper, abs=0.05)
    assert not warnings


def test_lognormal_interval_option(kosovo: CaptureTable) -> None:
    result = fit(kosovo, LoglinearConfig(model="Mt", interval="lognormal"))
    n, f0, se = 4400, result.estimate - 4400, result.se
    assert se is not None
    c = math.exp(1.959963984540054 * math.sqrt(math.log(1 + se**2 / f0**2)))
    assert result.lower == pytest.approx(n + f0 / c)
    assert result.upper == pytest.approx(n + f0 * c)


def test_profile_upper_bound_not_reached() -> None:
    # Two lists barely overlapping: the likelihood stays flat far above the estimate.
    table = capture_table({"A": [1, 0, 1], "B": [1, 1, 0], "count": [1, 40, 40]})
    lower, upper, _, warnings = profile_interval(table, "Mt")
    assert upper is None
    assert lower >= table.observed
    assert any("upper bound" in w for w in warnings)


# --------------------------------------------------------------------------- search


def _brute_force_hierarchical(k: int, max_order: int) -> int:
    terms = [c for o in range(2, max_order + 1) for c in itertools.combinations(range(k), o)]
    count = 0
    for r in range(len(terms) + 1):
        for subset in itertools.combinations(terms, r):
            chosen = set(subset)
            if all(
                sub in chosen
                for t in chosen
                if len(t) > 2
                for sub in itertools.combinations(t, len(t) - 1)
            ):
                count += 1
    return count


@pytest.mark.parametrize(("k", "order"), [(3, 2), (4, 2), (4, 3)])
def test_enumeration_counts(k: int, order: int) -> None:
    models = enumerate_models(k, order, limit=10**6)
    assert len(models) == _brute_force_hierarchical(k, order)
    names = {model_name(k, m) for m in models}
    assert len(names) == len(models)
    if (k, order) == (4, 3):
        assert len(models) == 113  # Rcapture ?closedpMS: "closedpMS.t fits the 113 models"


def test_names_round_trip() -> None:
    assert model_name(4, parse_model("[123,14,34]", 4)) == "[123,14,34]"
    assert model_name(4, parse_model("[34,14,123]", 4)) == "[123,14,34]"
    assert model_name(4, parse_model("[12]", 4)) == "[12,3,4]"
    assert model_name(3, []) == "[1,2,3]"
    for bad in ("[1234]", "[15]", "[11]", "12", "[1a]"):
        with pytest.raises(EstimationError):
            parse_model(bad, 4)


def test_aic_selection_and_ranking(kosovo: CaptureTable) -> None:
    search = model_search(kosovo, criterion="aic", top=5)
    aics = [r.aic for r in search.rows]
    assert aics == sorted(aics)
    assert search.rows[0].aic == pytest.approx(float(np.nanmin(search.aic)))
    result = fit(kosovo, LoglinearConfig(criterion="aic"))
    assert result.model == search.rows[0].model


def test_model_averaging(kosovo: CaptureTable) -> None:
    search = model_search(kosovo)
    finite = np.isfinite(search.bic)
    w = np.exp(-(search.bic[finite] - search.bic[finite].min()) / 2)
    w /= w.sum()
    expected = float(np.sum(w * search.estimate[finite]))
    result = fit(kosovo, LoglinearConfig(average=True))
    assert result.estimate == pytest.approx(expected, rel=1e-9)
    assert result.model.startswith("average of 113 models")
    assert result.lower is not None and result.upper is not None
    assert result.lower < result.estimate < result.upper
    assert result.se is not None and result.se > 0


def test_more_lists_search_and_default_order() -> None:
    rng = np.random.default_rng(5)
    big_n, k = 3000, 5
    p = rng.uniform(0.2, 0.4, size=k)
    caps = (rng.random((big_n, k)) < p).astype(int)
    caps = caps[caps.sum(axis=1) > 0]
    table = capture_table({f"L{j + 1}": caps[:, j].tolist() for j in range(k)})
    result = fit(table, LoglinearConfig(max_order=2))
    assert result.settings["models_searched"] == 2**10
    # lists independent by construction: the truth is inside the interval
    assert result.lower is not None and result.upper is not None
    assert result.lower <= big_n <= result.upper


@pytest.mark.slow
def test_six_lists_default_order_is_lowered() -> None:
    rng = np.random.default_rng(6)
    big_n, k = 2000, 6
    caps = (rng.random((big_n, k)) < 0.3).astype(int)
    caps = caps[caps.sum(axis=1) > 0]
    table = capture_table({f"L{j + 1}": caps[:, j].tolist() for j in range(k)})
    result = fit(table)
    assert result.settings["max_order"] == 2
    assert result.settings["models_searched"] == 2**15
    assert any("order 2" in w for w in result.warnings)


# --------------------------------------------------------------------------- failure modes


def test_boundary_fit_is_flagged() -> None:
    # Nobody is on both lists 1 and 2, so the 1x2 interaction runs to minus infinity.
    table = capture_table(
        {
            "A": [1, 0, 0, 1, 0],
            "B": [0, 1, 0, 0, 1],
            "C": [0, 0, 1, 1, 1],
            "count": [50, 60, 70, 20, 25],
        }
    )
    row = fit_model(table, "[12,3]")
    assert any("boundary" in w for w in row.warnings)


def test_disjoint_lists_are_refused() -> None:
    table = capture_table({"A": [1, 0], "B": [0, 1], "count": [10, 12]})
    with pytest.raises(EstimationError, match="share nobody"):
        fit(table)


def test_heterogeneity_models_need_three_lists(seber: CaptureTable) -> None:
    with pytest.raises(EstimationError, match="at least 3 lists"):
        fit(seber, LoglinearConfig(model="Mh Darroch"))


def test_config_validation() -> None:
    with pytest.raises(EstimationError, match="criterion"):
        LoglinearConfig(criterion="dic")
    with pytest.raises(EstimationError, match="model"):
        LoglinearConfig(model="Mb")
    with pytest.raises(EstimationError, match="average"):
        LoglinearConfig(model="Mt", average=True)
    with pytest.raises(EstimationError, match="level"):
        LoglinearConfig(level=1.5)
    with pytest.raises(EstimationError, match="max_order"):
        LoglinearConfig(max_order=0)


def test_profile_interval_survives_a_degenerate_best_model() -> None:
    # A 32-person stratum of a simulated world (governorate x year) on which the BIC-best model
    # runs to the boundary (empty cells fitted at zero) and its Poisson fits do not all converge.
    # Root finding on the profile likelihood used to fail ("f(a) and f(b) must have different
    # signs"); the fit must finish, with the boundary flagged, rather than crash a stratified run.
    rows = [
        (1, 0, 0, 0, 8),
        (0, 1, 0, 0, 3),
        (1, 1, 0, 0, 4),
        (0, 0, 1, 0, 5),
        (1, 0, 1, 0, 2),
        (0, 0, 0, 1, 1),
        (0, 1, 0, 1, 3),
        (1, 1, 0, 1, 2),
        (1, 1, 1, 1, 4),
    ]
    cols: dict[str, list[int]] = {n: [r[j] for r in rows] for j, n in enumerate("ABCD")}
    cols["count"] = [r[4] for r in rows]
    result = fit(capture_table(cols), LoglinearConfig())
    assert result.lower is not None and result.lower >= 32
    assert any("boundary" in w for w in result.warnings)
    assert any("ten times the number observed" in w for w in result.warnings)
