"""Random variates for the compiled LCMCR sampler, inlined for speed.

The sampler draws about a thousand variates per iteration and runs millions of iterations;
NumPy's ``Generator`` called from numba costs an indirect call per uniform and re-does the
setup of its binomial algorithm whenever the parameters change (here: every call). These are
standard, published algorithms, each checked against SciPy's distributions in the tests:

* uniforms: xoshiro256** (Blackman & Vigna 2018), seeded from a NumPy ``SeedSequence``;
* normals: the ziggurat method (Doornik's 2005 ZIGNOR variant);
* gamma: Marsaglia & Tsang (2000), with ``G(a) = G(a + 1) U**(1/a)`` for ``a < 1``;
* beta: a ratio of gammas, or inversion when a parameter is 1;
* binomial: inversion for ``n min(p, 1-p) < 10``, else Hormann's (1993) BTRS;
* Poisson: multiplication for ``lam < 10``, else Hormann's (1993) PTRS;
* negative binomial: Poisson mixed over a gamma, as NumPy.

The state is a ``uint64[4]`` array; each chain owns one.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from numba import njit

__all__ = [
    "beta",
    "binomial",
    "gamma",
    "log_gamma",
    "negative_binomial",
    "new_state",
    "normal",
    "poisson",
    "uniform",
]

_U53 = 1.0 / 9007199254740992.0  # 2**-53


def new_state(seed: np.random.SeedSequence) -> npt.NDArray[np.uint64]:
    """256 bits of state from a seed sequence (never all zero)."""
    state: npt.NDArray[np.uint64] = np.asarray(seed.generate_state(4, dtype=np.uint64))
    if not state.any():
        state[0] = np.uint64(0x9E3779B97F4A7C15)
    return state


@njit(cache=True, nogil=True, inline="always")
def _rotl(x: np.uint64, k: int) -> np.uint64:
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@njit(cache=True, nogil=True)
def _next(s: npt.NDArray[np.uint64]) -> np.uint64:
    """Next 64 random bits (xoshiro256**)."""
    s0 = s[0]
    s1 = s[1]
    s2 = s[2]
    s3 = s[3]
    result = _rotl(s1 * np.uint64(5), 7) * np.uint64(9)
    t = s1 << np.uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = _rotl(s3, 45)
    s[0] = s0
    s[1] = s1
    s[2] = s2
    s[3] = s3
    return result


@njit(cache=True, nogil=True)
def uniform(s: npt.NDArray[np.uint64]) -> float:
    """Uniform on [0, 1) with 53 random bits."""
    return float(_next(s) >> np.uint64(11)) * _U53


@njit(cache=True, nogil=True)
def _uniform_pos(s: npt.NDArray[np.uint64]) -> float:
    """Uniform on (0, 1)."""
    u = uniform(s)
    while u <= 0.0:
        u = uniform(s)
    return u


def _ziggurat_tables(layers: int = 128) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Layer edges and acceptance ratios of Doornik's (2005) ZIGNOR for the standard normal."""
    r = 3.442619855899
    v = 9.91256303526217e-3
    x = np.zeros(layers + 1)
    f = math.exp(-0.5 * r * r)
    x[0] = v / f
    x[1] = r
    for i in range(2, layers):
        x[i] = math.sqrt(-2.0 * math.log(v / x[i - 1] + f))
        f = math.exp(-0.5 * x[i] * x[i])
    x[layers] = 0.0
    ratio = x[1:] / x[:-1]
    return x, ratio


_ZIG_X, _ZIG_R = _ziggurat_tables()
_ZIG_TAIL = 3.442619855899


@njit(cache=True, nogil=True)
def normal(s: npt.NDArray[np.uint64]) -> float:
    """Standard normal by the ziggurat method (Marsaglia & Tsang 2000; Doornik 2005's ZIGNOR,
    which draws the layer from bits independent of the uniform)."""
    while True:
        bits = _next(s)
        u = 2.0 * (float(bits >> np.uint64(11)) * _U53) - 1.0
        i = int(bits & np.uint64(0x7F))
        edge = float(_ZIG_X[i])
        if abs(u) < _ZIG_R[i]:
            return u * edge
        if i == 0:
            # tail beyond the base layer (Marsaglia 1964)
            while True:
                x = math.log(_uniform_pos(s)) / _ZIG_TAIL
                y = math.log(_uniform_pos(s))
                if -2.0 * y >= x * x:
                    break
            return x - _ZIG_TAIL if u < 0 else _ZIG_TAIL - x
        x = u * edge
        inner = float(_ZIG_X[i + 1])
        f0 = math.exp(-0.5 * (edge * edge - x * x))
        f1 = math.exp(-0.5 * (inner * inner - x * x))
        if f1 + uniform(s) * (f0 - f1) < 1.0:
            return x


@njit(cache=True, nogil=True)
def gamma(s: npt.NDArray[np.uint64], shape: float) -> float:
    """Gamma(shape, 1) (Marsaglia & Tsang 2000)."""
    if shape < 1.0:
        return gamma(s, shape + 1.0) * math.exp(math.log(_uniform_pos(s)) / shape)
    d = shape - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        x = normal(s)
        v = 1.0 + c * x
        while v <= 0.0:
            x = normal(s)
            v = 1.0 + c * x
        v = v * v * v
        u = _uniform_pos(s)
        x2 = x * x
        if u < 1.0 - 0.0331 * x2 * x2:
            return d * v
        if math.log(u) < 0.5 * x2 + d * (1.0 - v + math.log(v)):
            return d * v


@njit(cache=True, nogil=True)
def log_gamma(s: npt.NDArray[np.uint64], shape: float) -> float:
    """log of a Gamma(shape, 1) draw, without underflow when the shape is small."""
    if shape >= 1.0:
        return math.log(gamma(s, shape))
    return math.log(gamma(s, shape + 1.0)) + math.log(_uniform_pos(s)) / shape


@njit(cache=True, nogil=True)
def beta(s: npt.NDArray[np.uint64], a: float, b: float) -> float:
    """Beta(a, b): inversion when a parameter is 1 (the empty classes of the sampler), else
    ``X / (X + Y)`` with gamma variates (faster here than Cheng's BB, which needs four
    transcendental functions per try)."""
    if a == 1.0 or b == 1.0:
        u = _uniform_pos(s)
        if a == 1.0 and b == 1.0:
            return u
        if a == 1.0:
            return -math.expm1(math.log(u) / b)
        return math.exp(math.log(u) / a)
    x = gamma(s, a)
    y = gamma(s, b)
    return x / (x + y)


_STIRLING_TAIL = np.array(
    [
        0.0810614667953272,
        0.0413406959554092,
        0.0276779256849983,
        0.02079067210376509,
        0.0166446911898211,
        0.0138761288230707,
        0.0118967099458917,
        0.0104112652619720,
        0.00925546218271273,
        0.00833056343336287,
    ]
)


@njit(cache=True, nogil=True)
def _stirling_tail(k: float) -> float:
    """``log k! - (k + 1/2) log(k + 1) + (k + 1) - log(2 pi)/2`` (table, then series)."""
    if k <= 9:
        return float(_STIRLING_TAIL[int(k)])
    kp1sq = (k + 1.0) * (k + 1.0)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1.0)


@njit(cache=True, nogil=True)
def binomial(s: npt.NDArray[np.uint64], n: int, p: float) -> int:
    """Binomial(n, p): inversion when ``n min(p, 1-p) < 10``, else BTRS (Hormann 1993),
    whose setup is cheap enough for parameters that change at every call."""
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    flip = p > 0.5
    pp = 1.0 - p if flip else p
    if n * pp < 10.0:
        q = 1.0 - pp
        ratio = pp / q
        a = (n + 1) * ratio
        r = math.exp(n * math.log1p(-pp))
        u = uniform(s)
        x = 0
        while u > r and x < n:
            u -= r
            x += 1
            r *= a / x - ratio
        return n - x if flip else x
    spq = math.sqrt(n * pp * (1.0 - pp))
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * pp
    c = n * pp + 0.5
    v_r = 0.92 - 4.2 / b
    r = pp / (1.0 - pp)
    alpha = (2.83 + 5.1 / b) * spq
    m = math.floor((n + 1) * pp)
    while True:
        u = uniform(s) - 0.5
        v = uniform(s)
        us = 0.5 - abs(u)
        k = math.floor((2.0 * a / us + b) * u + c)
        if k < 0 or k > n:
            continue
        if us >= 0.07 and v <= v_r:
            break
        if v <= 0.0:
            continue
        lv = math.log(v * alpha / (a / (us * us) + b))
        bound = (
            (m + 0.5) * math.log((m + 1.0) / (r * (n - m + 1.0)))
            + (n + 1.0) * math.log((n - m + 1.0) / (n - k + 1.0))
            + (k + 0.5) * math.log(r * (n - k + 1.0) / (k + 1.0))
            + _stirling_tail(m)
            + _stirling_tail(n - m)
            - _stirling_tail(k)
            - _stirling_tail(n - k)
        )
        if lv <= bound:
            break
    x = int(k)
    return n - x if flip else x


@njit(cache=True, nogil=True)
def poisson(s: npt.NDArray[np.uint64], lam: float) -> int:
    """Poisson(lam): multiplication for small ``lam``, else PTRS (Hormann 1993)."""
    if lam <= 0.0:
        return 0
    if lam < 10.0:
        limit = math.exp(-lam)
        x = 0
        prod = uniform(s)
        while prod > limit:
            x += 1
            prod *= uniform(s)
        return x
    slam = math.sqrt(lam)
    loglam = math.log(lam)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    invalpha = 1.1239 + 1.1328 / (b - 3.4)
    vr = 0.9277 - 3.6224 / (b - 2.0)
    while True:
        u = uniform(s) - 0.5
        v = uniform(s)
        us = 0.5 - abs(u)
        k = math.floor((2.0 * a / us + b) * u + lam + 0.43)
        if us >= 0.07 and v <= vr:
            return int(k)
        if k < 0 or (us < 0.013 and v > us) or v <= 0.0:
            continue
        if math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b) <= (
            -lam + k * loglam - math.lgamma(k + 1.0)
        ):
            return int(k)


@njit(cache=True, nogil=True)
def negative_binomial(s: npt.NDArray[np.uint64], r: float, p: float) -> int:
    """Failures before the ``r``-th success with success probability ``p`` (as NumPy)."""
    if p >= 1.0:
        return 0
    return poisson(s, gamma(s, r) * (1.0 - p) / p)
