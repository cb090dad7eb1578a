"""The one headline estimate: the figure the console, the demo and the report all print.

Before issue 17 the demo printed a pooled estimate (one table of all persons) and its report a
sum of per-governorate estimates, neither saying so, and the two disagreed (4,984 against
4,816). Now every place that states "the estimate" takes it from here, with how it was made.

The headline is *pooled* (one table of all persons, no strata) unless asked otherwise: on the
simulated Syria-like worlds of docs/estimation.md (section 5) the pooled LCMCR estimate was
closer to the truth (−2.7 % mean error) than the sum over governorates (−4.4 %) or years
(−5.5 %), because small strata are underestimated. Where lists cover different places or
periods, the scope check (``_coverage``) refuses the pooled estimate and says to stratify or
to estimate within the shared scope; the headline then says which was done.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tawthiq.estimate._config import DEFAULT_SEED, LCMCRConfig, LoglinearConfig
from tawthiq.estimate._strata import StratifiedResult
from tawthiq.estimate._workspace import WORKSPACE_LCMCR, estimate_records

__all__ = ["HEADLINE_STRATA", "Headline", "headline", "headline_config", "headline_estimate"]

#: Strata of the headline estimate: none (pooled); see the module docstring for why.
HEADLINE_STRATA: tuple[str, ...] = ()


@dataclass(frozen=True)
class Headline:
    """The headline figure and how it was made.

    ``how`` is ``"pooled"`` (one estimate over all persons) or ``"summed strata"`` (one
    estimate per stratum of ``strata``, added up); ``scope`` is ``"all"`` or ``"shared"``
    (only persons within the scope every list covers). ``upper`` is None when the interval
    never closes. ``result`` is the full stratified result (rows, warnings), not compared.
    """

    observed: int
    estimate: float
    lower: float | None
    upper: float | None
    level: float
    method: str
    how: str
    strata: tuple[str, ...]
    scope: str
    seed: int | None
    model: str | None
    #: people of strata too sparse to estimate, added as observed (a floor, not an estimate)
    floor: int = 0
    result: StratifiedResult | None = field(default=None, compare=False, repr=False)

    @property
    def method_label(self) -> str:
        if self.method == "lcmcr":
            return f"LCMCR, seed {self.seed}"
        return f"log-linear, {self.model or 'search'}"

    @property
    def how_label(self) -> str:
        """How the figure was made, in words: pooled, or summed over which strata."""
        if self.how == "pooled":
            made = "pooled: one estimate over all persons"
        else:
            made = f"summed over {', '.join(self.strata)} strata"
        if self.scope == "shared":
            made += "; within the scope all lists share"
        if self.floor:
            made += f"; includes {self.floor:,} people of sparse strata as observed, a floor"
        return made

    def sentence(self) -> str:
        """The sentence ``tawthiq estimate`` and ``tawthiq demo`` print."""
        what = "posterior median" if self.method == "lcmcr" else "estimate"
        upper = "not reached" if self.upper is None else f"{self.upper:,.0f}"
        lower = "-" if self.lower is None else f"{self.lower:,.0f}"
        return (
            f"{self.observed:,} people on at least one list; estimated total "
            f"{self.estimate:,.0f} ({what}; {self.level:.0%} interval {lower}–{upper}; "
            f"{self.method_label}; {self.how_label})"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "observed": self.observed,
            "estimate": self.estimate,
            "lower": self.lower,
            "upper": self.upper,
            "level": self.level,
            "method": self.method,
            "how": self.how,
            "strata": list(self.strata),
            "scope": self.scope,
            "seed": self.seed,
            "model": self.model,
            "floor": self.floor,
            "sentence": self.sentence(),
        }


def _finite(v: float | None) -> float | None:
    return None if v is None or not math.isfinite(v) else float(v)


def headline(result: StratifiedResult) -> Headline:
    """The headline of a workspace estimate (``estimate_workspace``/``estimate_records``)."""
    model = None if result.method == "lcmcr" else str(result.settings.get("model", "search"))
    return Headline(
        observed=int(result.observed),
        estimate=float(result.estimate),
        lower=_finite(result.lower),
        upper=_finite(result.upper),
        level=float(result.level),
        method=result.method,
        how="summed strata" if result.strata else "pooled",
        strata=tuple(result.strata),
        scope=result.scope,
        seed=result.seed,
        model=model,
        floor=sum(r.observed for r in result.rows if r.status == "observed only"),
        result=result,
    )


def headline_config(
    method: str = "lcmcr", seed: int | None = None
) -> LCMCRConfig | LoglinearConfig:
    """The estimator settings of the headline: ``tawthiq estimate``'s defaults."""
    if method == "lcmcr":
        return dataclasses.replace(WORKSPACE_LCMCR, seed=DEFAULT_SEED if seed is None else seed)
    if method == "loglinear":
        return LoglinearConfig()
    raise ValueError(f"method must be 'lcmcr' or 'loglinear', got {method!r}")


def headline_estimate(
    records: Mapping[str, Sequence[Any]],
    *,
    method: str = "lcmcr",
    seed: int | None = None,
    scope: str = "all",
    force: bool = False,
) -> Headline:
    """The headline figure from linked records (columns ``RECORD_COLUMNS``, one row per record).

    With the same records (``workspace_records(engine)``), method and seed it is exactly what
    ``tawthiq estimate`` and the demo print. Raises ``EstimationError`` (``ScopeError`` when
    the lists' scopes do not overlap enough; its ``coverage`` says why) when there is none.
    """
    result = estimate_records(
        records,
        strata=HEADLINE_STRATA,
        config=headline_config(method, seed),
        scope=scope,
        force=force,
    )
    return headline(result)
