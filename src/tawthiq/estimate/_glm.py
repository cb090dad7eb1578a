"""Poisson log-linear regression by Newton's method, compiled with numba.

The log-linear models of multiple systems estimation are Poisson GLMs with a log link on the
``2**k - 1`` observable cells (Cormack 1989; Rivest & Baillargeon's Rcapture). The Hessian of the
Poisson log-likelihood is ``X' diag(mu) X``, so Newton's method is the same iteration as R's IRLS.
A model search fits tens of thousands of small models, so the solver (and a batch driver that
fits many column subsets of one design) is compiled; a Python call costs a few microseconds.

Step halving keeps every step uphill. When a cell with count 0 can only be fitted by an
interaction going to minus infinity, the iteration converges to fitted values near zero, as R's
``glm`` does; callers flag such fits as on the boundary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numba import njit

__all__ = ["PoissonFit", "batch_fit", "fit_poisson"]

_MAXIT = 100
_TOL = 1e-12  # relative change of deviance, as R's glm.control(epsilon) but tighter
_RANK_TOL = 1e-10


@njit(cache=True)
def _cholesky(a: npt.NDArray[np.float64], p: int, out: npt.NDArray[np.float64]) -> bool:
    """Lower Cholesky factor of the leading ``p x p`` block; False when not positive definite."""
    scale = 0.0
    for i in range(p):
        scale = max(scale, a[i, i])
    if scale <= 0.0:
        return False
    for j in range(p):
        s = a[j, j]
        for k in range(j):
            s -= out[j, k] * out[j, k]
        if s <= _RANK_TOL * scale:
            return False
        d = np.sqrt(s)
        out[j, j] = d
        for i in range(j + 1, p):
            s = a[i, j]
            for k in range(j):
                s -= out[i, k] * out[j, k]
            out[i, j] = s / d
        for i in range(j):
            out[i, j] = 0.0
    return True


@njit(cache=True)
def _chol_solve(
    chol: npt.NDArray[np.float64], b: npt.NDArray[np.float64], p: int, x: npt.NDArray[np.float64]
) -> None:
    for i in range(p):
        s = b[i]
        for k in range(i):
            s -= chol[i, k] * x[k]
        x[i] = s / chol[i, i]
    for i in range(p - 1, -1, -1):
        s = x[i]
        for k in range(i + 1, p):
            s -= chol[k, i] * x[k]
        x[i] = s / chol[i, i]


@njit(cache=True)
def _ridge(h: npt.NDArray[np.float64], p: int) -> None:
    """Add a tiny multiple of the largest diagonal element to the diagonal."""
    scale = 0.0
    for i in range(p):
        scale = max(scale, h[i, i])
    for i in range(p):
        h[i, i] += 1e-9 * scale + 1e-300


@njit(cache=True)
def _loglik(y: npt.NDArray[np.float64], eta: npt.NDArray[np.float64]) -> float:
    """Poisson log-likelihood without the ``log(y!)`` constant."""
    s = 0.0
    for i in range(y.shape[0]):
        s += y[i] * eta[i] - np.exp(eta[i])
    return s


@njit(cache=True)
def _newton(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    beta: npt.NDArray[np.float64],
    warm: bool,
    cov: npt.NDArray[np.float64],
) -> tuple[int, bool, int]:
    """Fit in place. Returns (status, converged, iterations); status 0 ok, 1 singular."""
    n, p = x.shape
    eta = np.empty(n)
    mu = np.empty(n)
    h = np.zeros((p, p))
    chol = np.zeros((p, p))
    g = np.empty(p)
    step = np.empty(p)
    trial = np.empty(p)
    # rank of the design itself (weights 1): a rank-deficient design is not estimable
    for a in range(p):
        for b in range(a + 1):
            s = 0.0
            for i in range(n):
                s += x[i, a] * x[i, b]
            h[a, b] = s
            h[b, a] = s
    if not _cholesky(h, p, chol):
        return 1, False, 0
    if not warm:
        # R's start: mu = y + 0.1, then one weighted least-squares step on the working response.
        for i in range(n):
            mu[i] = y[i] + 0.1
            eta[i] = np.log(mu[i])
        for a in range(p):
            s = 0.0
            for i in range(n):
                s += x[i, a] * mu[i] * (eta[i] + (y[i] - mu[i]) / mu[i])
            g[a] = s
            for b in range(a + 1):
                s = 0.0
                for i in range(n):
                    s += x[i, a] * mu[i] * x[i, b]
                h[a, b] = s
                h[b, a] = s
        if not _cholesky(h, p, chol):
            return 1, False, 0
        _chol_solve(chol, g, p, beta)
    for i in range(n):
        s = 0.0
        for a in range(p):
            s += x[i, a] * beta[a]
        eta[i] = s
    ll = _loglik(y, eta)
    converged = False
    it = 0
    while it < _MAXIT:
        it += 1
        for i in range(n):
            mu[i] = np.exp(eta[i])
        for a in range(p):
            s = 0.0
            for i in range(n):
                s += x[i, a] * (y[i] - mu[i])
            g[a] = s
            for b in range(a + 1):
                s = 0.0
                for i in range(n):
                    s += x[i, a] * mu[i] * x[i, b]
                h[a, b] = s
                h[b, a] = s
        if not _cholesky(h, p, chol):
            # fitted values near 0 (a parameter heading to -inf): regularise the step only
            _ridge(h, p)
            if not _cholesky(h, p, chol):
                return 1, False, it
        _chol_solve(chol, g, p, step)
        t = 1.0
        new_ll = ll
        for _half in range(40):
            for a in range(p):
                trial[a] = beta[a] + t * step[a]
            for i in range(n):
                s = 0.0
                for a in range(p):
                    s += x[i, a] * trial[a]
                eta[i] = s
            new_ll = _loglik(y, eta)
            if new_ll >= ll - 1e-12 * abs(ll):
                break
            t *= 0.5
        for a in range(p):
            beta[a] = trial[a]
        change = abs(new_ll - ll)
        ll = new_ll
        if change <= _TOL * (abs(ll) + 0.1):
            converged = True
            break
    # covariance at the final estimate
    for i in range(n):
        mu[i] = np.exp(eta[i])
    for a in range(p):
        for b in range(a + 1):
            s = 0.0
            for i in range(n):
                s += x[i, a] * mu[i] * x[i, b]
            h[a, b] = s
            h[b, a] = s
    if not _cholesky(h, p, chol):
        _ridge(h, p)
        if not _cholesky(h, p, chol):
            return 1, converged, it
    e = np.zeros(p)
    col = np.empty(p)
    for b in range(p):
        for a in range(p):
            e[a] = 0.0
        e[b] = 1.0
        _chol_solve(chol, e, p, col)
        for a in range(p):
            cov[a, b] = col[a]
    return 0, converged, it


@njit(cache=True)
def _deviance_terms(y: npt.NDArray[np.float64], mu: npt.NDArray[np.float64]) -> tuple[float, float]:
    """Poisson deviance and full log-likelihood (with ``log(y!)``)."""
    dev = 0.0
    ll = 0.0
    for i in range(y.shape[0]):
        if y[i] > 0:
            dev += 2.0 * (y[i] * np.log(y[i] / mu[i]) - (y[i] - mu[i]))
            ll += y[i] * np.log(mu[i]) - mu[i] - math.lgamma(y[i] + 1.0)
        else:
            dev += 2.0 * mu[i]
            ll -= mu[i]
    return max(dev, 0.0), ll


@njit(cache=True)
def batch_fit(
    full: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    masks: npt.NDArray[np.bool_],
) -> tuple[
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
    npt.NDArray[np.int64],
    npt.NDArray[np.float64],
]:
    """Fit one model per row of ``masks`` (which columns of ``full`` to use; column 0 is the
    intercept and must be selected).

    Returns per model: intercept, its variance, deviance, full log-likelihood, status
    (0 converged, 1 singular, 2 not converged) and the smallest fitted value.
    """
    n_models = masks.shape[0]
    n = full.shape[0]
    b0 = np.full(n_models, np.nan)
    v0 = np.full(n_models, np.nan)
    dev = np.full(n_models, np.nan)
    ll = np.full(n_models, np.nan)
    status = np.zeros(n_models, dtype=np.int64)
    min_mu = np.full(n_models, np.nan)
    for m in range(n_models):
        p = 0
        for c in range(full.shape[1]):
            if masks[m, c]:
                p += 1
        x = np.empty((n, p))
        q = 0
        for c in range(full.shape[1]):
            if masks[m, c]:
                for i in range(n):
                    x[i, q] = full[i, c]
                q += 1
        beta = np.zeros(p)
        cov = np.zeros((p, p))
        st, conv, _it = _newton(x, y, beta, False, cov)
        if st != 0:
            status[m] = 1
            continue
        status[m] = 0 if conv else 2
        mu = np.empty(n)
        lo = np.inf
        for i in range(n):
            s = 0.0
            for a in range(p):
                s += x[i, a] * beta[a]
            mu[i] = np.exp(s)
            lo = min(lo, mu[i])
        d, lk = _deviance_terms(y, mu)
        b0[m] = beta[0]
        v0[m] = cov[0, 0]
        dev[m] = d
        ll[m] = lk
        min_mu[m] = lo
    return b0, v0, dev, ll, status, min_mu


@dataclass(frozen=True, eq=False)
class PoissonFit:
    """A fitted Poisson log-linear model on the observable cells."""

    coef: npt.NDArray[np.float64]
    cov: npt.NDArray[np.float64]
    fitted: npt.NDArray[np.float64]
    deviance: float
    loglik: float  # full Poisson log-likelihood, including -log(y!)
    rank: int
    converged: bool
    singular: bool

    @property
    def df(self) -> int:
        return int(self.fitted.shape[0] - self.rank)


def fit_poisson(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    start: npt.NDArray[np.float64] | None = None,
) -> PoissonFit:
    """Maximum-likelihood Poisson regression of ``y`` on ``x`` (which includes the intercept)."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.float64)
    p = x.shape[1]
    beta = np.zeros(p) if start is None else np.array(start, dtype=np.float64)
    cov = np.zeros((p, p))
    status, converged, _ = _newton(x, y, beta, start is not None, cov)
    if status != 0:
        nan = np.full(p, np.nan)
        return PoissonFit(
            nan, np.full((p, p), np.nan), np.full(len(y), np.nan), np.nan, np.nan, p, False, True
        )
    mu = np.exp(x @ beta)
    dev, ll = _deviance_terms(y, mu)
    return PoissonFit(beta, cov, mu, float(dev), float(ll), p, bool(converged), False)
