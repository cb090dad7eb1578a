"""Log-linear multiple systems estimation, following Rcapture (Baillargeon & Rivest 2007).

Each of the ``2**k - 1`` observable capture patterns is a Poisson cell with
``log mu = X beta``; the pattern nobody can observe (on no list) has ``mu0 = exp(intercept)``,
so the estimate is ``N = n + exp(intercept)`` with ``n`` the people observed. Three families:

* ``closedp.t`` models (Otis et al. 1978; Rivest 2008): ``M0`` (one capture probability), ``Mt``
  (one per list, lists independent), ``Mh`` and ``Mth`` with heterogeneous catchability modelled
  through the number of lists ``c`` a person is on: Chao's lower bound (``eta_j = max(c-j+1,0)``,
  ``j = 3..k``, negative ``eta`` removed one at a time as Rcapture does), Poisson2 (``2**c - 1``),
  Darroch (``c**2/2``) and Gamma3.5 (``log(3.5/(3.5+c))``);
* hierarchical models with list interactions (``[123,14,34]`` = the three-way interaction of
  lists 1,2,3, the two-way 1x4 and 3x4 and everything they imply), searched exhaustively up to a
  maximum order and ranked by BIC or AIC (Rcapture ``closedpMS.t``);
* the profile-likelihood interval of Rcapture's ``closedpCI.t`` (Cormack 1992), which keeps the
  lower bound above ``n`` and lets the upper bound be as asymmetric as the data say.

Definitions (Rcapture's, so figures can be compared): deviance is the Poisson deviance on the
observable cells, ``df = 2**k - 1 - p``, ``AIC = -2 log L + 2p``, ``BIC = -2 log L + log(n) p``
with ``L`` the full Poisson likelihood (including ``log y!``) and ``p`` the number of
parameters, and the standard error is ``sqrt(mu0 + mu0**2 var(intercept))``.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize, stats

from tawthiq.errors import EstimationError
from tawthiq.estimate._captures import CaptureTable
from tawthiq.estimate._config import LoglinearConfig
from tawthiq.estimate._glm import PoissonFit, batch_fit, fit_poisson
from tawthiq.estimate._results import ModelFit, MSEResult

__all__ = [
    "CLOSEDP_MODELS",
    "closedp_table",
    "default_max_order",
    "enumerate_models",
    "fit_loglinear",
    "fit_model",
    "lognormal_interval",
    "model_name",
    "model_search",
    "parse_model",
    "profile_interval",
]

CLOSEDP_MODELS: tuple[str, ...] = (
    "M0",
    "Mt",
    "Mh Chao",
    "Mh Poisson2",
    "Mh Darroch",
    "Mh Gamma3.5",
    "Mth Chao",
    "Mth Poisson2",
    "Mth Darroch",
    "Mth Gamma3.5",
)

_BOUNDARY_MU = 1e-6  # a fitted cell below this sits on the boundary of the parameter space
_MAX_NAMED_LISTS = 9  # bracket notation uses one digit per list, as Rcapture


# --------------------------------------------------------------------------- terms and names


def _popcount(x: int) -> int:
    return bin(x).count("1")


def _term_name(term: int) -> str:
    return "".join(str(j + 1) for j in range(term.bit_length()) if term >> j & 1)


def _sorted_terms(k: int, max_order: int) -> list[int]:
    """Interaction terms (bit masks of 2..max_order lists), by order then lexicographically."""
    out = []
    for order in range(2, max_order + 1):
        for combo in itertools.combinations(range(k), order):
            out.append(sum(1 << j for j in combo))
    return out


def default_max_order(k: int) -> int:
    """``k - 1`` up to five lists; fewer where the number of hierarchical models explodes.

    With six lists there are 32,768 models of order <= 2 but millions of order <= 3 (Rcapture's
    ``closedpMS.t`` refuses those too, unless told ``stopiflong = FALSE``).
    """
    if k <= 5:
        return k - 1
    if k == 6:
        return 2
    return 1


def model_name(k: int, terms: Sequence[int]) -> str:
    """Bracket notation of the hierarchical model with these interaction terms (all main
    effects included): the maximal terms, highest order first, e.g. ``[123,14,34]``."""
    included = set(terms)
    gens = [t for t in included if not any(t != u and t & u == t for u in included)]
    covered = 0
    for t in gens:
        covered |= t
    gens += [1 << j for j in range(k) if not covered >> j & 1]
    gens.sort(key=lambda t: (-_popcount(t), _term_name(t)))
    return "[" + ",".join(_term_name(t) for t in gens) + "]"


def parse_model(name: str, k: int) -> list[int]:
    """Interaction terms of a bracket-notation model; main effects are always included."""
    text = name.strip()
    if not (text.startswith("[") and text.endswith("]")):
        raise EstimationError(f"model {name!r}: expected bracket notation such as [12,3]")
    if k > _MAX_NAMED_LISTS:
        raise EstimationError(
            f"bracket notation names lists by one digit; it supports at most "
            f"{_MAX_NAMED_LISTS} lists, the table has {k}"
        )
    body = text[1:-1].replace(" ", "")
    terms: set[int] = set()
    for part in filter(None, body.split(",")):
        if not part.isdigit() or any(ch == "0" or int(ch) > k for ch in part):
            raise EstimationError(f"model {name!r}: {part!r} must use list numbers 1 to {k}")
        if len(set(part)) != len(part):
            raise EstimationError(f"model {name!r}: list repeated in {part!r}")
        members = [int(ch) - 1 for ch in part]
        if len(members) == k:
            raise EstimationError(
                f"model {name!r}: the {k}-way interaction of all lists cannot be estimated "
                "(it is confounded with the number nobody recorded)"
            )
        for order in range(2, len(members) + 1):
            for combo in itertools.combinations(members, order):
                terms.add(sum(1 << j for j in combo))
    return sorted(terms, key=lambda t: (_popcount(t), _term_name(t)))


def enumerate_models(k: int, max_order: int, limit: int) -> list[list[int]]:
    """Every hierarchical model containing all main effects, with interactions up to
    ``max_order`` (Rcapture ``getAllModels`` with ``forced = 1:t``), as lists of terms.

    Level by level: a term of order ``s`` may join a model only if all its sub-terms of order
    ``s - 1`` are in it, and terms of the same order never constrain each other, so every subset
    of the admissible terms of the next order extends the model.
    """
    if not 1 <= max_order <= k - 1:
        raise EstimationError(
            f"max_order must be between 1 and {k - 1} (the number of lists minus 1), "
            f"got {max_order}"
        )
    models: list[list[int]] = [[]]
    for order in range(2, max_order + 1):
        level_terms = [sum(1 << j for j in c) for c in itertools.combinations(range(k), order)]
        grown: list[list[int]] = []
        for model in models:
            present = set(model)
            admissible = [
                t
                for t in level_terms
                if all((t & ~(1 << j)) in present for j in range(k) if t >> j & 1) or order == 2
            ]
            for r in range(len(admissible) + 1):
                for subset in itertools.combinations(admissible, r):
                    grown.append(model + list(subset))
                    if len(grown) > limit:
                        raise EstimationError(
                            f"more than {limit:,} hierarchical models with {k} lists up to order "
                            f"{max_order}; choose a lower max_order"
                        )
        models = grown
    return models


# --------------------------------------------------------------------------- designs


def _cells(k: int) -> npt.NDArray[np.int64]:
    """Bit masks of the observable cells, in order."""
    return np.arange(1, 1 << k, dtype=np.int64)


def _bits(k: int) -> npt.NDArray[np.float64]:
    cells = _cells(k)
    return ((cells[:, None] >> np.arange(k)[None, :]) & 1).astype(np.float64)


def _term_columns(k: int, terms: Sequence[int]) -> npt.NDArray[np.float64]:
    cells = _cells(k)
    if not terms:
        return np.zeros((len(cells), 0))
    t = np.asarray(terms, dtype=np.int64)
    cols: npt.NDArray[np.float64] = ((cells[:, None] & t[None, :]) == t[None, :]).astype(np.float64)
    return cols


def _heterogeneity_columns(k: int, kind: str) -> tuple[npt.NDArray[np.float64], list[str]]:
    c = _bits(k).sum(axis=1)
    if kind == "Chao":
        cols = [np.maximum(c - j + 1, 0) for j in range(3, k + 1)]
        return np.column_stack(cols), [f"eta{j}" for j in range(3, k + 1)]
    if kind == "Poisson2":
        return (2.0**c - 1)[:, None], ["tau"]
    if kind == "Darroch":
        return (c**2 / 2)[:, None], ["tau"]
    if kind == "Gamma3.5":
        return (-np.log(3.5 + c) + np.log(3.5))[:, None], ["tau"]
    raise EstimationError(f"unknown heterogeneity form {kind!r}")


def _closedp_design(k: int, model: str) -> tuple[npt.NDArray[np.float64], list[str], int]:
    """Design (with intercept), column names and the number of non-heterogeneity columns."""
    ones = np.ones((2**k - 1, 1))
    bits = _bits(k)
    c = bits.sum(axis=1)[:, None]
    if model == "M0":
        return np.hstack([ones, c]), ["(Intercept)", "beta"], 2
    if model == "Mt":
        names = ["(Intercept)"] + [f"beta{j + 1}" for j in range(k)]
        return np.hstack([ones, bits]), names, k + 1
    family, _, kind = model.partition(" ")
    if family not in ("Mh", "Mth") or not kind:
        raise EstimationError(f"unknown model {model!r}; choose one of {', '.join(CLOSEDP_MODELS)}")
    if k < 3:
        raise EstimationError(f"model {model!r} needs at least 3 lists, the table has {k}")
    hcols, hnames = _heterogeneity_columns(k, kind)
    if family == "Mh":
        return np.hstack([ones, c, hcols]), ["(Intercept)", "beta", *hnames], 2
    names = ["(Intercept)"] + [f"beta{j + 1}" for j in range(k)] + hnames
    return np.hstack([ones, bits, hcols]), names, k + 1


def _hierarchical_design(k: int, terms: Sequence[int]) -> npt.NDArray[np.float64]:
    return np.hstack([np.ones((2**k - 1, 1)), _bits(k), _term_columns(k, terms)])


# --------------------------------------------------------------------------- one model


@dataclass(frozen=True, eq=False)
class _Fitted:
    """A model fit with everything needed for its row and its interval."""

    row: ModelFit
    design: npt.NDArray[np.float64]
    fit: PoissonFit


def _summaries(fit: PoissonFit, n: int) -> tuple[float, float, float, float]:
    mu0 = math.exp(fit.coef[0])
    estimate = n + mu0
    se = math.sqrt(mu0 + mu0 * mu0 * fit.cov[0, 0])
    aic = -2 * fit.loglik + 2 * fit.rank
    bic = -2 * fit.loglik + math.log(n) * fit.rank
    return estimate, se, aic, bic


def _fit_design(
    name: str, design: npt.NDArray[np.float64], y: npt.NDArray[np.float64], n: int
) -> tuple[ModelFit, PoissonFit]:
    fit = fit_poisson(design, y)
    warnings: list[str] = []
    if fit.singular:
        row = ModelFit(
            name,
            math.nan,
            math.nan,
            math.nan,
            0,
            math.nan,
            math.nan,
            0,
            False,
            ("design matrix not of full rank: model not estimable from this table",),
        )
        return row, fit
    if not fit.converged:
        warnings.append("the fit did not converge")
    zero_cells = (y == 0) & (fit.fitted < _BOUNDARY_MU)
    if zero_cells.any():
        warnings.append(
            f"{int(zero_cells.sum())} unobserved pattern(s) fitted at ~0: an interaction is at "
            "the boundary (infinite), so this model over-fits empty cells"
        )
    estimate, se, aic, bic = _summaries(fit, n)
    row = ModelFit(
        name, estimate, se, fit.deviance, fit.df, aic, bic, fit.rank, fit.converged, tuple(warnings)
    )
    return row, fit


def _fit_closedp(table: CaptureTable, model: str) -> _Fitted:
    k = table.n_lists
    y = table.cell_counts()[1:]
    design, names, nca = _closedp_design(k, model)
    row, fit = _fit_design(model, design, y, table.observed)
    if model.endswith("Chao") and not fit.singular:
        # Rcapture Chao.neg: drop the first negative eta, refit, until none is negative.
        removed: list[str] = []
        while True:
            etas = fit.coef[nca:]
            negative = np.flatnonzero(etas < 0)
            if negative.size == 0:
                break
            pos = nca + int(negative[0])
            removed.append(names[pos])
            design = np.delete(design, pos, axis=1)
            names = names[:pos] + names[pos + 1 :]
            row, fit = _fit_design(model, design, y, table.observed)
            if fit.singular:
                break
        if removed:
            note = f"{', '.join(removed)} fixed at 0 (was negative)"
            row = ModelFit(
                row.model,
                row.estimate,
                row.se,
                row.deviance,
                row.df,
                row.aic,
                row.bic,
                row.n_params,
                row.converged,
                (*row.warnings, note),
            )
    return _Fitted(row, design, fit)


def _fit_hierarchical(table: CaptureTable, terms: Sequence[int]) -> _Fitted:
    k = table.n_lists
    design = _hierarchical_design(k, terms)
    name = model_name(k, terms)
    row, fit = _fit_design(name, design, table.cell_counts()[1:], table.observed)
    return _Fitted(row, design, fit)


def _fit_named(table: CaptureTable, model: str) -> _Fitted:
    if model.startswith("["):
        return _fit_hierarchical(table, parse_model(model, table.n_lists))
    return _fit_closedp(table, model)


def fit_model(table: CaptureTable, model: str) -> ModelFit:
    """Fit one model by name (``Mt``, ``Mh Chao``, ``[12,3]``, ...) and return its row."""
    return _fit_named(table, model).row


def closedp_table(table: CaptureTable) -> tuple[ModelFit, ...]:
    """The ``closedp.t`` table: M0, Mt and (three lists or more) Mh and Mth with Chao,
    Poisson2, Darroch and Gamma3.5 heterogeneity. Rcapture's behavioural models (Mb, Mbh)
    are left out: lists have no time order, so "capture changes later behaviour" has no meaning.
    """
    names = CLOSEDP_MODELS if table.n_lists >= 3 else CLOSEDP_MODELS[:2]
    return tuple(_fit_closedp(table, name).row for name in names)


# --------------------------------------------------------------------------- intervals


def lognormal_interval(n: int, estimate: float, se: float, level: float) -> tuple[float, float]:
    """Chao's (1987) log-normal interval for ``N``: never below the ``n`` people observed."""
    f0 = estimate - n
    if not (math.isfinite(se) and f0 > 0):
        return float(n), float(estimate)
    z = stats.norm.ppf(0.5 + level / 2)
    c = math.exp(z * math.sqrt(math.log(1 + se * se / (f0 * f0))))
    return n + f0 / c, n + f0 * c


def _cormack(n0: float, total: float) -> float:
    """``log(n0**n0 N! / (N**N n0!))``: Poisson to multinomial likelihood (Cormack 1992).

    Rcapture evaluates the Stirling form of this for N > 100; this is the exact expression.
    """
    a = n0 * math.log(n0) if n0 > 0 else 0.0
    b = total * math.log(total) if total > 0 else 0.0
    return a + math.lgamma(total + 1) - b - math.lgamma(n0 + 1)


def profile_interval(
    table: CaptureTable, model: str, level: float = 0.95, fmax: float = 3.0
) -> tuple[float, float | None, float, list[str]]:
    """Profile-likelihood interval of ``N`` for one model, as Rcapture's ``closedpCI.t``.

    The multinomial likelihood of ``N`` is profiled by adding the unobserved cell with count
    ``N - n`` to the Poisson fit and correcting by Cormack's term. Returns ``(lower, upper,
    N at the maximum, warnings)``; ``lower`` is ``n`` when the likelihood is still high there,
    ``upper`` is ``None`` when it stays high up to ``fmax`` times the estimate.
    """
    fitted = _fit_named(table, model)
    if fitted.fit.singular:
        raise EstimationError(f"model {model!r} cannot be fitted to this table")
    n = table.observed
    estimate = fitted.row.estimate
    design = np.vstack([np.zeros((1, fitted.design.shape[1])), fitted.design])
    design[0, 0] = 1.0
    y = np.concatenate([[0.0], table.cell_counts()[1:]])
    start = fitted.fit.coef.copy()
    seen: dict[float, float] = {}

    def loglik(total: float) -> float:
        # always from the same start, and memoised, so that the function is deterministic
        # even where a boundary fit does not converge (root finding needs consistent signs)
        if total in seen:
            return seen[total]
        n0 = max(total - n, 0.0)
        y[0] = n0
        fit = fit_poisson(design, y, start=start)
        if fit.singular:
            fit = fit_poisson(design, y)
        value = -(fit.deviance - 2 * _cormack(n0, n0 + n)) / 2
        seen[total] = value
        return value

    hi = fmax * estimate
    opt = optimize.minimize_scalar(
        lambda v: -loglik(v), bounds=(n, hi), method="bounded", options={"xatol": 1e-4}
    )
    n_max = float(opt.x)
    target = -float(opt.fun) - stats.chi2.ppf(level, 1) / 2
    warnings: list[str] = []

    def gap(v: float) -> float:
        return float(loglik(v) - target)

    # On a boundary fit the Poisson fits behind loglik may not converge, and a second
    # evaluation at the optimiser's point can fall below the target: take the better of that
    # point and the model's estimate as the peak, and give up (with a warning) if both do.
    peak = max((n_max, min(max(float(estimate), float(n)), hi)), key=gap)
    if not gap(peak) > 0:
        warnings.append(
            "profile interval: the likelihood could not be profiled reliably (a boundary or "
            "non-converged fit); no interval from it"
        )
        return float(n), None, n_max, warnings
    n_max = peak
    if gap(float(n)) < 0:
        lower = float(optimize.brentq(gap, float(n), n_max, xtol=1e-4))
    else:
        lower = float(n)
        warnings.append("profile interval: lower bound set to the number observed")
    upper: float | None
    if gap(hi) < 0:
        upper = float(optimize.brentq(gap, n_max, hi, xtol=1e-4))
    else:
        upper = None
        warnings.append(f"profile interval: upper bound above {fmax:g} x the estimate ({hi:.0f})")
    return lower, upper, n_max, warnings


# --------------------------------------------------------------------------- search


@dataclass(frozen=True, eq=False)
class SearchResult:
    """All models of a search, ranked; ``rows`` are built for the ``top`` ones only."""

    names: tuple[str, ...]
    estimate: npt.NDArray[np.float64]
    se: npt.NDArray[np.float64]
    aic: npt.NDArray[np.float64]
    bic: npt.NDArray[np.float64]
    order: npt.NDArray[np.int64]  # ranking by the criterion (finite first)
    rows: tuple[ModelFit, ...]
    max_order: int
    seconds: float


def model_search(
    table: CaptureTable,
    *,
    max_order: int | None = None,
    criterion: str = "bic",
    top: int = 10,
    max_models: int = 250_000,
) -> SearchResult:
    """Fit every hierarchical model up to ``max_order`` and rank them (``closedpMS.t``)."""
    t0 = time.perf_counter()
    k = table.n_lists
    if k > _MAX_NAMED_LISTS:
        raise EstimationError(
            f"model search supports at most {_MAX_NAMED_LISTS} lists (as Rcapture), got {k}"
        )
    order = default_max_order(k) if max_order is None else max_order
    models = enumerate_models(k, order, max_models)
    all_terms = _sorted_terms(k, order)
    index = {t: i for i, t in enumerate(all_terms)}
    full = np.ascontiguousarray(_hierarchical_design(k, all_terms))
    masks = np.zeros((len(models), full.shape[1]), dtype=np.bool_)
    masks[:, : k + 1] = True
    for m, terms in enumerate(models):
        for t in terms:
            masks[m, k + 1 + index[t]] = True
    y = np.ascontiguousarray(table.cell_counts()[1:])
    b0, v0, _dev, ll, status, _min_mu = batch_fit(full, y, masks)
    n = table.observed
    p = masks.sum(axis=1).astype(np.float64)
    ok = status != 1
    mu0 = np.where(ok, np.exp(np.where(ok, b0, 0.0)), np.nan)
    estimate = n + mu0
    se = np.sqrt(mu0 + mu0 * mu0 * v0)
    aic = np.where(ok, -2 * ll + 2 * p, np.nan)
    bic = np.where(ok, -2 * ll + math.log(n) * p, np.nan)
    crit = bic if criterion == "bic" else aic
    key = np.where(np.isfinite(crit), crit, np.inf)
    ranking = np.argsort(key, kind="stable")
    names = tuple(model_name(k, terms) for terms in models)
    rows = tuple(_fit_hierarchical(table, models[i]).row for i in ranking[:top] if ok[i])
    return SearchResult(
        names, estimate, se, aic, bic, ranking, rows, order, time.perf_counter() - t0
    )


def _average(search: SearchResult, criterion: str, top: int) -> tuple[float, float, list[ModelFit]]:
    """Model-averaged estimate and Buckland et al.'s (1997) unconditional standard error."""
    crit = search.bic if criterion == "bic" else search.aic
    finite = np.isfinite(crit) & np.isfinite(search.estimate) & np.isfinite(search.se)
    delta = np.where(finite, crit - np.nanmin(np.where(finite, crit, np.nan)), np.inf)
    w = np.where(finite, np.exp(-delta / 2), 0.0)
    w /= w.sum()
    est = float(np.sum(w[finite] * search.estimate[finite]))
    se = float(
        np.sum(w[finite] * np.sqrt(search.se[finite] ** 2 + (search.estimate[finite] - est) ** 2))
    )
    weights = {row.model: float(w[search.names.index(row.model)]) for row in search.rows[:top]}
    rows = [
        ModelFit(
            r.model,
            r.estimate,
            r.se,
            r.deviance,
            r.df,
            r.aic,
            r.bic,
            r.n_params,
            r.converged,
            (*r.warnings, f"weight {weights[r.model]:.4f}"),
        )
        for r in search.rows[:top]
    ]
    return est, se, rows


# --------------------------------------------------------------------------- estimator


def fit_loglinear(table: CaptureTable, config: LoglinearConfig | None = None) -> MSEResult:
    """Estimate the total with a log-linear model chosen by ``config`` (default: BIC search)."""
    config = config or LoglinearConfig()
    t0 = time.perf_counter()
    table = table.drop_empty_lists()
    warnings = list(table.notes)
    k = table.n_lists
    if k < 2:
        raise EstimationError("fewer than 2 lists recorded anybody: nothing to estimate from")
    n = table.observed
    if table.overlap() == 0:
        raise EstimationError(
            "no person is on more than one list: the lists share nobody, so a log-linear model "
            "cannot estimate how many they all missed"
        )
    models: tuple[ModelFit, ...] = ()
    settings = config.to_dict()
    if config.model == "search":
        if config.max_order is None and default_max_order(k) < k - 1:
            warnings.append(
                f"with {k} lists only models up to order {default_max_order(k)} were searched "
                "(higher orders give millions of models); set max_order to change this"
            )
        search = model_search(
            table,
            max_order=config.max_order,
            criterion=config.criterion,
            top=config.top,
            max_models=config.max_models,
        )
        settings["max_order"] = search.max_order
        settings["models_searched"] = len(search.names)
        if not search.rows:
            raise EstimationError("no log-linear model could be fitted to this table")
        if config.average:
            est, se, rows = _average(search, config.criterion, config.top)
            lower, upper = lognormal_interval(n, est, se, config.level)
            elapsed = time.perf_counter() - t0
            return MSEResult(
                method="loglinear",
                model=f"average of {len(search.names)} models ({config.criterion.upper()} weights)",
                observed=n,
                estimate=est,
                lower=lower,
                upper=upper,
                lists=table.lists,
                level=config.level,
                warnings=tuple(warnings),
                seconds=elapsed,
                se=se,
                interval="lognormal",
                models=tuple(rows),
                settings=settings,
            )
        chosen_name = search.rows[0].model
        models = search.rows
    else:
        chosen_name = config.model
    chosen = _fit_named(table, chosen_name)
    row = chosen.row
    if chosen.fit.singular or not math.isfinite(row.estimate):
        raise EstimationError(f"model {chosen_name} cannot be estimated from this table")
    warnings.extend(row.warnings)
    if config.interval == "profile":
        lower, upper_opt, _n_max, ci_warn = profile_interval(table, chosen_name, config.level)
        warnings.extend(ci_warn)
    else:
        lower, upper_ln = lognormal_interval(n, row.estimate, row.se, config.level)
        upper_opt = upper_ln
    if row.estimate > 10 * n:
        warnings.append(
            "the estimate is more than ten times the number observed: the lists overlap too "
            "little for this model to be trusted"
        )
    return MSEResult(
        method="loglinear",
        model=row.model,
        observed=n,
        estimate=row.estimate,
        lower=lower,
        upper=upper_opt,
        lists=table.lists,
        level=config.level,
        warnings=tuple(warnings),
        seconds=time.perf_counter() - t0,
        se=row.se,
        aic=row.aic,
        bic=row.bic,
        deviance=row.deviance,
        df=row.df,
        interval=config.interval,
        models=models,
        settings=settings,
    )
