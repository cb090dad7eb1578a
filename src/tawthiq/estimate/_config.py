"""Estimator settings: frozen dataclasses checked when they are made, before any fitting.

An invalid value raises ``EstimationError`` naming the setting, what is allowed and what was
given, so the CLI can print it as one line.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from tawthiq.errors import EstimationError

__all__ = ["DEFAULT_SEED", "LCMCRConfig", "LoglinearConfig"]

#: Default seed, recorded in every result (the date of the Universal Declaration of Human Rights,
#: also HRDAG verdata's default), so a run with no ``--seed`` is still reproducible.
DEFAULT_SEED = 19481210

_CLOSEDP_NAMES = (
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


def _bad(cls: str, name: str, allowed: str, value: Any) -> EstimationError:
    return EstimationError(f"{cls}: {name} must be {allowed}, got {value!r}")


def _int_at_least(cls: str, name: str, value: Any, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise _bad(cls, name, f"an integer >= {low}", value)


def _level(cls: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.5 <= value < 1:
        raise _bad(cls, "level", "a number in [0.5, 1)", value)


@dataclass(frozen=True)
class LoglinearConfig:
    """Settings of the log-linear (Poisson GLM) estimators.

    ``model``: ``"search"`` (rank all hierarchical models by ``criterion``, as Rcapture's
    ``closedpMS.t``), a ``closedp.t`` model (``M0``, ``Mt``, ``Mh Chao``, ``Mh Poisson2``,
    ``Mh Darroch``, ``Mh Gamma3.5``, ``Mth ...``) or a hierarchical model in bracket notation
    (``[123,14,34]``; lists are numbered 1..k in column order, main effects always included).
    ``max_order``: highest interaction order searched (default ``k - 1``, lowered to 2 for six
    lists and 1 beyond, where the number of models explodes — the result says so).
    ``average``: report the weighted average of all searched models (weights
    ``exp(-criterion/2)``), with Buckland et al.'s (1997) unconditional standard error.
    ``interval``: ``profile`` (profile multinomial likelihood, as Rcapture's ``closedpCI.t``) or
    ``lognormal`` (Chao's 1987 log-normal interval from the standard error).
    """

    model: str = "search"
    criterion: str = "bic"
    max_order: int | None = None
    average: bool = False
    level: float = 0.95
    interval: str = "profile"
    max_models: int = 250_000
    top: int = 10

    def __post_init__(self) -> None:
        cls = "LoglinearConfig"
        if self.criterion not in ("bic", "aic"):
            raise _bad(cls, "criterion", "'bic' or 'aic'", self.criterion)
        if self.max_order is not None:
            _int_at_least(cls, "max_order", self.max_order, 1)
        if not isinstance(self.model, str) or not (
            self.model == "search"
            or self.model in _CLOSEDP_NAMES
            or (self.model.startswith("[") and self.model.endswith("]"))
        ):
            allowed = "'search', a closedp.t model (" + ", ".join(_CLOSEDP_NAMES) + ")"
            raise _bad(cls, "model", allowed + " or bracket notation like '[12,3]'", self.model)
        if self.average and self.model != "search":
            raise _bad(cls, "average", "False unless model is 'search'", self.average)
        _level(cls, self.level)
        if self.interval not in ("profile", "lognormal"):
            raise _bad(cls, "interval", "'profile' or 'lognormal'", self.interval)
        _int_at_least(cls, "max_models", self.max_models, 1)
        _int_at_least(cls, "top", self.top, 1)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class LCMCRConfig:
    """Settings of the latent-class (LCMCR) sampler, with R LCMCR's prior defaults.

    ``K``: maximum number of latent classes (truncation of the Dirichlet process);
    ``a_alpha``/``b_alpha``: Gamma(shape, rate) prior of the concentration parameter;
    ``burn_in``: iterations discarded; ``samples``: posterior draws kept; ``thin``: iterations
    per kept draw; ``chains``: independent chains (run in parallel threads; each does its own
    burn-in and ``samples / chains`` draws); ``warmup``: initial iterations with the
    concentration held at 1, before the burn-in (the R package does 500); ``seed``: recorded.
    """

    K: int = 10
    a_alpha: float = 0.25
    b_alpha: float = 0.25
    burn_in: int = 10_000
    samples: int = 1_000
    thin: int = 10
    chains: int = 1
    warmup: int = 500
    seed: int = DEFAULT_SEED
    level: float = 0.95

    def __post_init__(self) -> None:
        cls = "LCMCRConfig"
        _int_at_least(cls, "K", self.K, 2)
        for name in ("a_alpha", "b_alpha"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int | float) or not v > 0:
                raise _bad(cls, name, "a positive number", v)
        _int_at_least(cls, "burn_in", self.burn_in, 0)
        _int_at_least(cls, "samples", self.samples, 10)
        _int_at_least(cls, "thin", self.thin, 1)
        _int_at_least(cls, "chains", self.chains, 1)
        _int_at_least(cls, "warmup", self.warmup, 0)
        _int_at_least(cls, "seed", self.seed, 0)
        if self.chains > self.samples:
            raise _bad(cls, "chains", f"at most samples ({self.samples})", self.chains)
        _level(cls, self.level)

    @property
    def iterations(self) -> int:
        """Sampler iterations per chain after warm-up (burn-in + kept draws x thinning)."""
        per_chain = -(-self.samples // self.chains)
        return self.burn_in + per_chain * self.thin

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
