"""Bayesian non-parametric latent class capture-recapture (LCMCR; Manrique-Vallier 2016).

People belong to latent classes; within a class, lists record people independently with
class-specific probabilities ``lambda[j, k]`` (Beta(1, 1) priors). Class weights follow a
stick-breaking Dirichlet process truncated at ``K`` classes with concentration
``alpha ~ Gamma(a_alpha, b_alpha)``. Heterogeneity of capture between people, and the list
dependence it induces, is absorbed by the mixture; dependence *within* a class is assumed away.

The Gibbs sampler follows the R package LCMCR (``NPLCM_CR_Basic_Freq.cpp``) step for step,
working on the table of distinct patterns rather than on individuals:

1. class counts of each observed pattern ~ Multinomial(count, pattern's class probabilities);
2. ``lambda[j, k] ~ Beta(1 + recorded, 1 + not recorded)`` counting the imputed unobserved;
3. stick-breaking weights ``V_k ~ Beta(1 + n_k, alpha + N - sum_{l<=k} n_l)``;
4. the number unobserved ``n0 ~ NegBinomial(n, 1 - P(pattern 0))`` — the data-augmentation
   step of the paper, which integrates to the correct zero-truncated likelihood under the
   prior ``p(N) ~ 1/N``;
5. classes of the unobserved ~ Multinomial(n0, class probabilities of pattern 0);
6. ``alpha ~ Gamma(a_alpha + K - 1, b_alpha - log(weight of the last class))``.

As in the R package, 500 warm-up iterations with the concentration held at ``0.3 / K`` start
the chain, after which classes are relabelled by decreasing weight. The sampler is compiled
with numba (``cache=True``, ``nogil=True``), draws its variates from ``_rng`` (xoshiro256** and
published exact algorithms) and runs chains in parallel threads, each with its own stream
spawned from the seed. Kept draws are every ``thin``-th iteration after the burn-in, exactly
as ``lcmCR_PostSampl(burnin, samples, thinning)``.
"""

from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt
from numba import njit

from tawthiq.errors import EstimationError
from tawthiq.estimate import _rng
from tawthiq.estimate._captures import CaptureTable
from tawthiq.estimate._config import LCMCRConfig
from tawthiq.estimate._results import MSEResult

__all__ = ["effective_sample_size", "fit_lcmcr", "split_rhat"]

_SMALL = 12  # below this many people, placing them one by one beats a binomial per class
_LINEAR_MAX_LISTS = 12  # up to this many lists, class probabilities are computed as products


@njit(cache=True, nogil=True)
def _multinomial(
    rng: npt.NDArray[np.uint64],
    total: int,
    p: npt.NDArray[np.float64],
    order: npt.NDArray[np.int64],
    tail: npt.NDArray[np.float64],
    out: npt.NDArray[np.int64],
) -> None:
    """Exact draw from Multinomial(total, p / sum(p)).

    Classes are visited in ``order`` (largest weight first) with conditional binomials while
    many people remain; the last few people are then placed one by one with a uniform draw and
    a scan of the remaining classes, which costs far less than one binomial per class.
    ``tail`` is scratch space.
    """
    kk = p.shape[0]
    acc = 0.0
    for i in range(kk - 1, -1, -1):
        acc += p[order[i]]
        tail[i] = acc
    for k in range(kk):
        out[k] = 0
    rem = total
    i = 0
    while rem > _SMALL and i < kk - 1:
        if tail[i] <= 0.0:
            break
        k = order[i]
        q = p[k] / tail[i]
        if q >= 1.0:
            c = rem
        elif q <= 0.0:
            c = 0
        else:
            c = _rng.binomial(rng, rem, q)
        out[k] = c
        rem -= c
        i += 1
    if rem == 0:
        return
    if i >= kk - 1 or tail[i] <= 0.0:
        out[order[min(i, kk - 1)]] += rem
        return
    # one by one: class order[j-1] where tail[j] <= u < tail[j-1]
    top = tail[i]
    for _r in range(rem):
        u = _rng.uniform(rng) * top
        j = i + 1
        while j < kk and tail[j] > u:
            j += 1
        out[order[j - 1]] += 1


@njit(cache=True, nogil=True)
def _sort_desc(values: npt.NDArray[np.float64], order: npt.NDArray[np.int64]) -> None:
    """``order`` = indices of ``values`` from largest to smallest (insertion sort: K is small)."""
    n = values.shape[0]
    for i in range(n):
        order[i] = i
    for i in range(1, n):
        cur = order[i]
        v = values[cur]
        j = i - 1
        while j >= 0 and values[order[j]] < v:
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = cur


@njit(cache=True, nogil=True)
def _class_logs(
    lam: npt.NDArray[np.float64], diff: npt.NDArray[np.float64], sum0: npt.NDArray[np.float64]
) -> None:
    """``diff = log(lam) - log(1 - lam)`` and ``sum0[k] = sum_j log(1 - lam[j, k])``."""
    n_lists, kk = lam.shape
    for k in range(kk):
        sum0[k] = 0.0
    for j in range(n_lists):
        for k in range(kk):
            v = lam[j, k]
            l1 = math.log(max(v, 1e-300))
            l0 = math.log(max(1.0 - v, 1e-300))
            diff[j, k] = l1 - l0
            sum0[k] += l0


@njit(cache=True, nogil=True)
def _class_products(
    lam: npt.NDArray[np.float64], ratio: npt.NDArray[np.float64], prod0: npt.NDArray[np.float64]
) -> None:
    """``ratio = lam / (1 - lam)`` and ``prod0[k] = prod_j (1 - lam[j, k])``, with ``lam``
    kept within [1e-12, 1 - 1e-12] so that, for up to 12 lists, no class probability of an
    observed pattern can underflow for every class at once."""
    n_lists, kk = lam.shape
    for k in range(kk):
        prod0[k] = 1.0
    for j in range(n_lists):
        for k in range(kk):
            v = min(max(lam[j, k], 1e-12), 1.0 - 1e-12)
            ratio[j, k] = v / (1.0 - v)
            prod0[k] *= 1.0 - v


@njit(cache=True, nogil=True)
def _run_chain(
    rng: npt.NDArray[np.uint64],
    cells: npt.NDArray[np.int8],
    freq: npt.NDArray[np.int64],
    n_classes: int,
    a_alpha: float,
    b_alpha: float,
    warmup: int,
    burn_in: int,
    n_keep: int,
    thin: int,
    out_n0: npt.NDArray[np.int64],
    out_alpha: npt.NDArray[np.float64],
    out_kstar: npt.NDArray[np.int64],
) -> None:
    m_cells, n_lists = cells.shape
    kk = n_classes
    n = 0
    for m in range(m_cells):
        n += freq[m]
    lam = np.empty((n_lists, kk))
    ones = np.zeros((n_lists, kk), dtype=np.int64)
    count_k = np.zeros(kk, dtype=np.int64)
    count0_k = np.zeros(kk, dtype=np.int64)
    cnt = np.zeros(kk, dtype=np.int64)
    log_nu = np.empty(kk)
    probs = np.empty(kk)
    logp = np.empty(kk)
    tail = np.empty(kk)
    order = np.arange(kk)

    # the lists each observed pattern is on, so class likelihoods need no branches
    on_idx = np.zeros((m_cells, n_lists), dtype=np.int64)
    on_cnt = np.zeros(m_cells, dtype=np.int64)
    for m in range(m_cells):
        for j in range(n_lists):
            if cells[m, j] == 1:
                on_idx[m, on_cnt[m]] = j
                on_cnt[m] += 1
    # Class probabilities of a pattern: with few lists as products (no exp/log per cell),
    # with many lists in logs (products could underflow).
    linear = n_lists <= _LINEAR_MAX_LISTS
    diff = np.zeros((n_lists, kk))  # log(lambda) - log(1 - lambda)
    sum0 = np.zeros(kk)  # sum over lists of log(1 - lambda): log P(pattern 0 | class)
    base = np.empty(kk)  # log weight + sum0
    ratio = np.ones((n_lists, kk))  # lambda / (1 - lambda)
    prod0 = np.ones(kk)  # P(pattern 0 | class)
    w0 = np.empty(kk)  # weight * P(pattern 0 | class)

    # initial values (R LCMCR): lambdas at the marginal frequencies, most weight on 4 classes
    for j in range(n_lists):
        s = 0
        for m in range(m_cells):
            if cells[m, j] == 1:
                s += freq[m]
        p = min(max(s / n, 1e-3), 1.0 - 1e-3)
        for k in range(kk):
            lam[j, k] = p
    head = min(4, kk)
    for k in range(kk):
        w = (0.9 if kk > head else 1.0) / head if k < head else 0.1 / (kk - head)
        log_nu[k] = math.log(w)
    alpha = 0.3 / kk
    n0 = 0
    if linear:
        _class_products(lam, ratio, prod0)
    else:
        _class_logs(lam, diff, sum0)

    total_iter = warmup + burn_in + n_keep * thin
    kept = 0
    for it in range(total_iter):
        # relabel classes by decreasing weight once the warm-up is over (R LCMCR does this)
        if it == warmup and warmup > 0:
            perm = np.argsort(-log_nu)
            lam[:, :] = lam[:, perm]
            log_nu[:] = log_nu[perm]
            count0_k[:] = count0_k[perm]
            if linear:
                _class_products(lam, ratio, prod0)
            else:
                _class_logs(lam, diff, sum0)
        for k in range(kk):
            count_k[k] = 0
            if linear:
                w0[k] = math.exp(log_nu[k]) * prod0[k]
            else:
                base[k] = log_nu[k] + sum0[k]
            for j in range(n_lists):
                ones[j, k] = 0
        _sort_desc(log_nu, order)
        # 1. classes of the observed, pattern by pattern
        for m in range(m_cells):
            n_on = on_cnt[m]
            if linear:
                for k in range(kk):
                    v = w0[k]
                    for t in range(n_on):
                        v *= ratio[on_idx[m, t], k]
                    probs[k] = v
            else:
                top = -np.inf
                for k in range(kk):
                    s = base[k]
                    for t in range(n_on):
                        s += diff[on_idx[m, t], k]
                    logp[k] = s
                    if s > top:
                        top = s
                for k in range(kk):
                    probs[k] = math.exp(logp[k] - top)
            _multinomial(rng, freq[m], probs, order, tail, cnt)
            for k in range(kk):
                c = cnt[k]
                if c == 0:
                    continue
                count_k[k] += c
                for t in range(n_on):
                    ones[on_idx[m, t], k] += c
        # 2. capture probabilities, counting the imputed unobserved as "not recorded"
        for j in range(n_lists):
            for k in range(kk):
                recorded = ones[j, k]
                missed = count_k[k] - recorded + count0_k[k]
                lam[j, k] = _rng.beta(rng, 1.0 + recorded, 1.0 + missed)
        if linear:
            _class_products(lam, ratio, prod0)
        else:
            _class_logs(lam, diff, sum0)
        # 3. stick-breaking weights
        total = n + n0
        acc = 0
        l_acc = 0.0
        for k in range(kk - 1):
            nk = count_k[k] + count0_k[k]
            acc += nk
            g1 = _rng.log_gamma(rng, 1.0 + nk)
            g2 = _rng.log_gamma(rng, alpha + (total - acc))
            top = max(g1, g2)
            lsum = top + math.log(math.exp(g1 - top) + math.exp(g2 - top))
            log_nu[k] = g1 - lsum + l_acc
            l_acc += g2 - lsum
        log_nu[kk - 1] = l_acc
        # 4. the number nobody recorded
        p_zero = 0.0
        for k in range(kk):
            if linear:
                probs[k] = math.exp(log_nu[k]) * prod0[k]
            else:
                probs[k] = math.exp(log_nu[k] + sum0[k])
            p_zero += probs[k]
        p_zero = min(p_zero, 1.0 - 1e-12)
        n0 = _rng.negative_binomial(rng, float(n), 1.0 - p_zero)
        # 5. their classes
        _multinomial(rng, n0, probs, order, tail, count0_k)
        # 6. concentration (held fixed during the warm-up, as in R LCMCR)
        if it >= warmup:
            alpha = _rng.gamma(rng, a_alpha + kk - 1.0) / (b_alpha - log_nu[kk - 1])
        # keep
        done = it - warmup - burn_in
        if done >= 0 and (done + 1) % thin == 0 and kept < n_keep:
            out_n0[kept] = n0
            out_alpha[kept] = alpha
            ks = 0
            for k in range(kk):
                if count_k[k] + count0_k[k] > 0:
                    ks += 1
            out_kstar[kept] = ks
            kept += 1


def effective_sample_size(chains: npt.NDArray[np.float64]) -> float:
    """Effective sample size of ``(chains, draws)`` draws (Geyer's initial positive sequence)."""
    x = np.atleast_2d(np.asarray(chains, dtype=np.float64))
    m, n = x.shape
    if n < 4:
        return float(m * n)
    centred = x - x.mean(axis=1, keepdims=True)
    var = centred.var(axis=1).mean()
    if var <= 0:
        return float(m * n)
    size = 1 << (2 * n - 1).bit_length()
    f = np.fft.rfft(centred, n=size, axis=1)
    acov = np.fft.irfft(f * np.conj(f), n=size, axis=1)[:, :n] / n
    rho = acov.mean(axis=0) / var
    total = 0.0
    for t in range(0, n - 1, 2):
        pair = rho[t] + rho[t + 1]
        if pair <= 0:
            break
        total += pair
    tau = max(2 * total - 1, 1.0 / math.log10(max(m * n, 10)))
    return float(m * n / tau)


def split_rhat(chains: npt.NDArray[np.float64]) -> float:
    """Split-R-hat (Gelman et al. 2013): near 1 when the halves of all chains agree."""
    x = np.atleast_2d(np.asarray(chains, dtype=np.float64))
    half = x.shape[1] // 2
    if half < 2:
        return math.nan
    parts = np.vstack([x[:, :half], x[:, half : 2 * half]])
    n = parts.shape[1]
    within = parts.var(axis=1, ddof=1).mean()
    between = n * parts.mean(axis=1).var(ddof=1)
    if within <= 0:
        return 1.0 if between <= 0 else math.inf
    var_plus = (n - 1) / n * within + between / n
    return float(math.sqrt(var_plus / within))


def _chain(
    seed: np.random.SeedSequence,
    cells: npt.NDArray[np.int8],
    freq: npt.NDArray[np.int64],
    config: LCMCRConfig,
    n_keep: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64], float]:
    """Run one chain; returns kept n0, alpha, classes used and the thread's CPU seconds."""
    cpu0 = time.thread_time()
    rng = _rng.new_state(seed)
    out_n0 = np.zeros(n_keep, dtype=np.int64)
    out_alpha = np.zeros(n_keep)
    out_kstar = np.zeros(n_keep, dtype=np.int64)
    _run_chain(
        rng,
        cells,
        freq,
        config.K,
        float(config.a_alpha),
        float(config.b_alpha),
        config.warmup,
        config.burn_in,
        n_keep,
        config.thin,
        out_n0,
        out_alpha,
        out_kstar,
    )
    return out_n0, out_alpha, out_kstar, time.thread_time() - cpu0


def warm_up_compiler() -> None:
    """Compile (or load from cache) the sampler with a tiny run, so timings exclude it."""
    cells = np.array([[1, 0], [0, 1], [1, 1]], dtype=np.int8)
    freq = np.array([3, 2, 1], dtype=np.int64)
    config = LCMCRConfig(K=2, burn_in=1, samples=10, thin=1, warmup=2)
    _chain(np.random.SeedSequence(0), cells, freq, config, 10)


def fit_lcmcr(table: CaptureTable, config: LCMCRConfig | None = None) -> MSEResult:
    """Posterior of the total under LCMCR: median as the estimate, equal-tailed interval."""
    config = config or LCMCRConfig()
    t_start = time.perf_counter()
    table = table.drop_empty_lists()
    warnings = list(table.notes)
    if table.n_lists < 2:
        raise EstimationError("fewer than 2 lists recorded anybody: nothing to estimate from")
    if table.n_lists < 3:
        warnings.append(
            "with 2 lists the latent class model is not identified: the interval reflects the "
            "prior as much as the data; prefer the log-linear Mt (Lincoln-Petersen) estimate"
        )
    warm_up_compiler()
    t_compiled = time.perf_counter()
    cells = np.ascontiguousarray(table.patterns, dtype=np.int8)
    freq = np.ascontiguousarray(table.counts, dtype=np.int64)
    per_chain = -(-config.samples // config.chains)
    seeds = np.random.SeedSequence(config.seed).spawn(config.chains)
    if config.chains == 1:
        outputs = [_chain(seeds[0], cells, freq, config, per_chain)]
    else:
        with ThreadPoolExecutor(max_workers=config.chains) as pool:
            futures = [pool.submit(_chain, s, cells, freq, config, per_chain) for s in seeds]
            outputs = [f.result() for f in futures]
    t_sampled = time.perf_counter()
    n = table.observed
    n0 = np.vstack([o[0] for o in outputs])
    by_chain = (n0 + n).astype(np.float64)
    draws = by_chain.reshape(-1)[: config.samples] if config.chains == 1 else by_chain.reshape(-1)
    alpha = np.concatenate([o[1] for o in outputs])
    kstar = np.concatenate([o[2] for o in outputs])
    tail = (1 - config.level) / 2
    lower, median, upper = np.quantile(draws, [tail, 0.5, 1 - tail])
    sampling = t_sampled - t_compiled
    cpu = sum(o[3] for o in outputs)
    iterations = (config.warmup + config.iterations) * config.chains
    ess = effective_sample_size(by_chain)
    rhat = split_rhat(by_chain)
    if ess < 100:
        warnings.append(
            f"effective sample size of the total is only {ess:.0f}: the chain mixes slowly; "
            "increase samples or thinning"
        )
    if math.isfinite(rhat) and rhat > 1.1:
        warnings.append(f"split R-hat {rhat:.2f} > 1.1: the chain has not converged")
    if float(np.mean(kstar >= config.K)) > 0.5:
        warnings.append(
            f"all {config.K} latent classes hold people in most draws: the truncation at K may "
            "bind; check that a larger K gives the same estimate"
        )
    diagnostics = {
        "iterations": int(iterations),
        "iterations_per_second": round(iterations / sampling, 1) if sampling > 0 else None,
        "sampling_seconds": round(sampling, 4),
        "cpu_seconds": round(cpu, 4),
        "iterations_per_cpu_second": round(iterations / cpu, 1) if cpu > 0 else None,
        "ess": round(ess, 1),
        "rhat": None if not math.isfinite(rhat) else round(rhat, 4),
        "mean_classes_used": round(float(kstar.mean()), 3),
        "mean_alpha": round(float(alpha.mean()), 5),
    }
    return MSEResult(
        method="lcmcr",
        model=f"LCMCR K={config.K}",
        observed=n,
        estimate=float(median),
        lower=float(lower),
        upper=float(upper),
        lists=table.lists,
        level=config.level,
        seed=config.seed,
        warnings=tuple(warnings),
        seconds=time.perf_counter() - t_start,
        mean=float(draws.mean()),
        draws=draws,
        settings=config.to_dict(),
        diagnostics=diagnostics,
    )
