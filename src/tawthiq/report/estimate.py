"""The report's multiple systems estimates: the headline, and the breakdown by governorate.

The headline is ``tawthiq.estimate.headline_estimate`` over the linked persons of the period —
the one figure ``tawthiq estimate`` and the demo print, with how it was made (pooled or summed
strata, scope) — so console and report agree (issue 17). The table by governorate is a
breakdown: MSE per governorate (``estimate_strata``) with sparse strata pooled; its sum is its
own figure and is not the headline. Why a report was not estimated is returned as text, and
that text must not contradict the report's own overlap figures: an error about lists that
"share nobody" raised while fitting one governorate is said to be about that stratum when, over
all governorates, some persons are on two or more lists.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tawthiq.errors import EstimationError
from tawthiq.report.data import Unit
from tawthiq.report.i18n import t

__all__ = [
    "EstimateOutcome",
    "estimate_units",
    "estimate_value",
    "headline_records",
    "headline_units",
    "headline_value",
]


@dataclass
class EstimateOutcome:
    """A stratified estimate over some units, or why there is none."""

    result: Any | None  # tawthiq.estimate.StratifiedResult
    reason: str | None
    units_by_stratum: dict[Any, list[Unit]] = field(default_factory=dict)


def estimate_units(
    units: Sequence[Unit], sources: Sequence[str], method: str, seed: int | None = None
) -> EstimateOutcome:
    """MSE per governorate over ``units`` (their sources are the captures), or why not.

    ``sources`` is accepted for callers that pass the victim lists; the captures are the lists
    the units themselves are on.
    """
    if method == "none":
        return EstimateOutcome(None, t("reason.off", "en"))
    lists = sorted({s for u in units for s in u.sources})
    if len(lists) < 2:
        return EstimateOutcome(None, t("reason.one_list", "en"))
    from tawthiq.estimate import LCMCRConfig, LoglinearConfig, estimate_strata

    cols: dict[str, list[Any]] = {"person_id": [], "source": [], "governorate": []}
    by_stratum: dict[Any, list[Unit]] = {}
    for u in units:
        by_stratum.setdefault((u.admin1,), []).append(u)
        for s in sorted(u.sources):
            cols["person_id"].append(u.key)
            cols["source"].append(s)
            cols["governorate"].append(u.admin1)
    config: LoglinearConfig | LCMCRConfig
    if method == "lcmcr":
        from tawthiq.estimate import WORKSPACE_LCMCR

        config = (
            WORKSPACE_LCMCR if seed is None else dataclasses.replace(WORKSPACE_LCMCR, seed=seed)
        )
    else:
        config = LoglinearConfig()
    try:
        result = estimate_strata(
            cols,
            strata=["governorate"],
            config=config,
            lists=lists,
            min_lists=min(3, len(lists)),
            min_records=100,
            sparse="pool",
        )
    except EstimationError as err:
        return EstimateOutcome(None, _honest_reason(str(err), units), by_stratum)
    return EstimateOutcome(result, None, by_stratum)


def headline_records(units: Sequence[Unit]) -> dict[str, list[Any]]:
    """The records of the linked persons among ``units`` in the columns ``headline_estimate``
    reads (``RECORD_COLUMNS``), ordered by person as ``workspace_records`` orders them.

    Records no link run placed in a person are left out, as ``tawthiq estimate`` leaves them.
    """
    from tawthiq.estimate import RECORD_COLUMNS

    cols: dict[str, list[Any]] = {c: [] for c in RECORD_COLUMNS}
    persons = [u for u in units if u.records and u.records[0].get("person_id") is not None]
    for u in sorted(persons, key=lambda u: int(u.records[0]["person_id"])):
        for r in u.records:
            for c in RECORD_COLUMNS:
                cols[c].append(r.get(c))
    return cols


def headline_units(
    units: Sequence[Unit], method: str, seed: int | None = None
) -> tuple[Any | None, list[Unit], str | None]:
    """The headline estimate (``tawthiq.estimate.Headline``) of the linked persons among
    ``units``, those persons, and why there is none."""
    if method == "none":
        return None, [], t("reason.off", "en")
    persons = [u for u in units if u.records and u.records[0].get("person_id") is not None]
    if len({s for u in persons for s in u.sources}) < 2:
        return None, persons, t("reason.one_list", "en")
    from tawthiq.estimate import headline_estimate

    try:
        head = headline_estimate(headline_records(persons), method=method, seed=seed)
    except EstimationError as err:
        return None, persons, _honest_reason(str(err), units)
    return head, persons, None


def headline_value(head: Any) -> dict[str, Any]:
    """A stored headline figure's value: as :func:`estimate_value`, and how it was made."""
    return {
        "estimate": float(head.estimate),
        "lower": None if head.lower is None else float(head.lower),
        "upper": None if head.upper is None else float(head.upper),
        "level": float(head.level),
        "method": str(head.method),
        "model": str(head.model or ""),
        "observed": int(head.observed),
        "how": str(head.how_label),
    }


def _honest_reason(message: str, units: Sequence[Unit]) -> str:
    """The estimator's error, said of a stratum when the lists do share persons overall."""
    if not any(len(u.sources) >= 2 for u in units) or "share nobody" not in message:
        return message
    message = message.replace("the lists share nobody", "the lists share nobody in that stratum")
    return (
        "the estimate per governorate failed in a stratum (sparse strata pooled): "
        f"{message}; over all governorates some are on two or more lists (see Sources)"
    )


def estimate_value(res: Any, observed: int) -> dict[str, Any]:
    """A stored estimate figure's value: estimate, interval, level, method, model, observed."""
    return {
        "estimate": float(res.estimate),
        "lower": None if res.lower is None else float(res.lower),
        "upper": None if res.upper is None else float(res.upper),
        "level": float(res.level),
        "method": str(res.method),
        "model": str(getattr(res, "model", "") or ""),
        "observed": int(observed),
    }
