"""What an estimator returns: small frozen records that never hold the records themselves.

``MSEResult`` is the one result type of every estimator; ``to_dict()`` is what ``--json``,
reports and the cache write. ``ModelFit`` is one row of a log-linear table (a ``closedp.t`` row
or one model of a search).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["MSEResult", "ModelFit"]


def _num(value: float | None, digits: int | None = None) -> float | None:
    """A JSON-safe float: ``None`` for missing, NaN or infinite values."""
    if value is None:
        return None
    v = float(value)
    if not math.isfinite(v):
        return None
    return round(v, digits) if digits is not None else v


@dataclass(frozen=True)
class ModelFit:
    """One fitted log-linear model, with Rcapture's figures of fit.

    ``deviance`` is the Poisson deviance on the ``2**k - 1`` observable cells; ``aic`` is
    ``-2 log L + 2 p`` and ``bic`` is ``-2 log L + log(n) p``, with ``L`` the full Poisson
    likelihood of those cells, ``p`` the number of parameters and ``n`` the number of people
    observed (Rcapture ``closedp.t``/``closedpMS.t``). ``se`` is Rcapture's delta-method standard
    error ``sqrt(mu0 + mu0**2 var(intercept))`` with ``mu0 = exp(intercept)``.
    """

    model: str
    estimate: float
    se: float
    deviance: float
    df: int
    aic: float
    bic: float
    n_params: int
    converged: bool = True
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "estimate": _num(self.estimate),
            "se": _num(self.se),
            "deviance": _num(self.deviance),
            "df": self.df,
            "aic": _num(self.aic),
            "bic": _num(self.bic),
            "n_params": self.n_params,
            "converged": self.converged,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelFit:
        def f(key: str) -> float:
            v = data.get(key)
            return float("nan") if v is None else float(v)

        return cls(
            model=str(data["model"]),
            estimate=f("estimate"),
            se=f("se"),
            deviance=f("deviance"),
            df=int(data["df"]),
            aic=f("aic"),
            bic=f("bic"),
            n_params=int(data["n_params"]),
            converged=bool(data.get("converged", True)),
            warnings=tuple(data.get("warnings", ())),
        )


@dataclass(frozen=True, eq=False)
class MSEResult:
    """An estimate of the total number of people, observed and unobserved.

    Common fields: ``method`` (``loglinear`` or ``lcmcr``), ``model`` (bracket notation such as
    ``[123,14,34]``, a ``closedp.t`` name such as ``Mth Chao``, or ``LCMCR K=10``), ``observed``
    (people on at least one list), ``estimate``, ``lower``/``upper`` (interval at ``level``;
    ``upper`` is ``None`` when the profile likelihood never falls far enough), ``seed``,
    ``warnings`` and ``seconds``.

    Log-linear: ``se``, ``aic``, ``bic``, ``deviance``, ``df`` and ``models`` (the ranked search
    or averaged models). LCMCR: ``mean``, ``draws`` (posterior draws of the total) and
    ``settings``; ``diagnostics`` holds sampler figures such as iterations per second.
    """

    method: str
    model: str
    observed: int
    estimate: float
    lower: float | None
    upper: float | None
    lists: tuple[str, ...]
    level: float = 0.95
    seed: int | None = None
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    se: float | None = None
    aic: float | None = None
    bic: float | None = None
    deviance: float | None = None
    df: int | None = None
    interval: str | None = None
    models: tuple[ModelFit, ...] = ()
    mean: float | None = None
    draws: npt.NDArray[np.float64] | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    diagnostics: Mapping[str, Any] = field(default_factory=dict)

    @property
    def unobserved(self) -> float:
        """Estimated number of people no list recorded."""
        return self.estimate - self.observed

    def to_dict(self, *, draws: bool = False, top_models: int = 10) -> dict[str, Any]:
        """Plain JSON-ready dict; posterior draws only when ``draws`` is true."""
        out: dict[str, Any] = {
            "method": self.method,
            "model": self.model,
            "lists": list(self.lists),
            "observed": self.observed,
            "estimate": _num(self.estimate),
            "lower": _num(self.lower),
            "upper": _num(self.upper),
            "level": self.level,
        }
        if self.method == "loglinear":
            out.update(
                {
                    "se": _num(self.se),
                    "aic": _num(self.aic),
                    "bic": _num(self.bic),
                    "deviance": _num(self.deviance),
                    "df": self.df,
                    "interval": self.interval,
                }
            )
            if self.models:
                out["models"] = [m.to_dict() for m in self.models[:top_models]]
        else:
            out["mean"] = _num(self.mean)
            out["settings"] = dict(self.settings)
            if draws and self.draws is not None:
                out["draws"] = [float(v) for v in self.draws]
        out["seed"] = self.seed
        out["diagnostics"] = {k: v for k, v in self.diagnostics.items()}
        out["warnings"] = list(self.warnings)
        out["seconds"] = round(self.seconds, 4)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MSEResult:
        """Rebuild a result written by ``to_dict`` (used by the cache)."""

        def opt(key: str) -> float | None:
            v = data.get(key)
            return None if v is None else float(v)

        raw_draws = data.get("draws")
        return cls(
            method=str(data["method"]),
            model=str(data["model"]),
            observed=int(data["observed"]),
            estimate=float(data["estimate"]),
            lower=opt("lower"),
            upper=opt("upper"),
            lists=tuple(data.get("lists", ())),
            level=float(data.get("level", 0.95)),
            seed=None if data.get("seed") is None else int(data["seed"]),
            warnings=tuple(data.get("warnings", ())),
            seconds=float(data.get("seconds", 0.0)),
            se=opt("se"),
            aic=opt("aic"),
            bic=opt("bic"),
            deviance=opt("deviance"),
            df=None if data.get("df") is None else int(data["df"]),
            interval=data.get("interval"),
            models=tuple(ModelFit.from_dict(m) for m in data.get("models", ())),
            mean=opt("mean"),
            draws=None if raw_draws is None else np.asarray(raw_draws, dtype=np.float64),
            settings=dict(data.get("settings", {})),
            diagnostics=dict(data.get("diagnostics", {})),
        )
