"""The figures of a report, one function per section.

Each section function takes the :class:`Scope` (the units of the period, the figure book, the
options) and returns what its part of the HTML shows, having added every number to the book.
Figure keys come from :func:`tawthiq.report.keys.figure_key`, so two different values (a coded
"Unknown" and a blank, a source named ``A+B`` and the overlap of ``A`` and ``B``) can never
share a key: the report cannot fail on values that import accepted.

Sections here: headline, months and years, governorates, perpetrator, cause, sex, age group,
estimate, data quality; sources (victim lists and incident sources apart, the lists' overlap)
and incidents (reconciled, with their effective grades) are in ``report.sources``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tawthiq.report.data import AGE_GROUPS, Counted, Dataset, Unit, count_range
from tawthiq.report.estimate import (
    estimate_units,
    estimate_value,
    headline_units,
    headline_value,
)
from tawthiq.report.figures import Figure, FigureBook
from tawthiq.report.i18n import governorate_label, t
from tawthiq.report.keys import figure_key
from tawthiq.report.maps import governorates
from tawthiq.report.options import ReportOptions
from tawthiq.report.scope import Scope
from tawthiq.report.sources import incidents, sources

__all__ = ["Layout", "Scope", "compute_figures"]

Rows = list[tuple[str | None, Figure]]


@dataclass
class EstimateLayout:
    """What the estimate section shows: the headline and how it was made, or why there is
    none; the breakdown by governorate (its sum, its rows), or why there is none."""

    reason: str | None
    total: Figure | None = None
    how: str = ""
    observed: Figure | None = None
    strata_sum: Figure | None = None
    breakdown_reason: str | None = None
    rows: list[tuple[str, Figure | None, Figure, str]] = field(default_factory=list)


@dataclass
class Layout:
    """Everything the HTML needs beyond the figure book, section by section."""

    total: Figure
    civilian: Figure
    months: list[tuple[str, Figure]]
    years: list[tuple[str, Figure]]
    gov: Rows
    perpetrator: Rows
    cause: Rows
    sex: Rows
    age: Rows
    estimate: EstimateLayout
    lists: list[tuple[str, Figure, Figure, Figure]]
    incident_sources: list[tuple[str, Figure]]
    overlap: list[tuple[frozenset[str], Figure]]
    shared: Figure | None
    incidents: list[tuple[str, Figure]]
    incidents_note: str | None
    quality: list[tuple[str, Figure]]


def compute_figures(
    data: Dataset, options: ReportOptions, report_id: str
) -> tuple[FigureBook, Layout]:
    """Every figure of the report (stored later) and the layout the HTML needs."""
    book = FigureBook(report_id)
    start, end = options.start, options.end
    units = [u for u in data.units if u.within(start, end)]
    maybe: list[Unit] = []
    if start is not None or end is not None:
        maybe = [
            u
            for u in data.units
            if u.date_earliest is not None and not u.within(start, end) and u.overlaps(start, end)
        ]
    s = Scope(data, options, book, units, maybe)
    total, civilian = headline(s)
    months, years = by_time(s)
    gov = categorical(s, "governorate", lambda u: u.admin1, sorted(governorates()))
    perpetrator = categorical(s, "perpetrator", lambda u: u.perpetrator)
    cause = categorical(s, "cause", lambda u: u.cause)
    sex = categorical(s, "sex", lambda u: u.sex, ("male", "female", "unknown"))
    age = by_age(s)
    est = estimate(s)
    lists, incident_sources, overlap, shared = sources(s)
    incidents_rows, incidents_note = incidents(s)
    layout = Layout(
        total=total,
        civilian=civilian,
        months=months,
        years=years,
        gov=gov,
        perpetrator=perpetrator,
        cause=cause,
        sex=sex,
        age=age,
        estimate=est,
        lists=lists,
        incident_sources=incident_sources,
        overlap=overlap,
        shared=shared,
        incidents=incidents_rows,
        incidents_note=incidents_note,
        quality=quality(s),
    )
    return book, layout


# --- headline and time ----------------------------------------------------------------------


def headline(s: Scope) -> tuple[Figure, Figure]:
    """Documented deaths in the period (a range when some dates only overlap it), civilians."""
    total = s.count(
        "total",
        "documented deaths",
        Counted(tuple(s.units), tuple(s.maybe)),
        {"possible": "deaths whose recorded date interval overlaps the period"},
    )
    civ = [u for u in s.units if u.status == "civilian"]
    civilian = s.count(
        "total.civilian", "documented civilian deaths", Counted(tuple(civ)), {"status": "civilian"}
    )
    return total, civilian


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def _month_label(i: int) -> str:
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def _by_span(
    units: Sequence[Unit], index: Callable[[date], int], lo: int | None, hi: int | None
) -> tuple[dict[int, list[Unit]], dict[int, list[Unit]]]:
    """Units by period index: certain (the whole date interval in it) and possible (overlap)."""
    sure: dict[int, list[Unit]] = {}
    maybe: dict[int, list[Unit]] = {}
    for u in units:
        if u.date_earliest is None or u.date_latest is None:
            continue
        a, b = index(u.date_earliest), index(u.date_latest)
        if a == b:
            sure.setdefault(a, []).append(u)
            continue
        for i in range(
            max(a, lo) if lo is not None else a, (min(b, hi) if hi is not None else b) + 1
        ):
            maybe.setdefault(i, []).append(u)
    return sure, maybe


def by_time(s: Scope) -> tuple[list[tuple[str, Figure]], list[tuple[str, Figure]]]:
    """Deaths by month (every month from the first to the last, empty ones too) and by year."""
    start, end = s.options.start, s.options.end
    lo_m = _month_index(start) if start else None
    hi_m = _month_index(end) if end else None
    sure, poss = _by_span(s.units, _month_index, lo_m, hi_m)
    found = sorted(set(sure) | set(poss))
    months: list[tuple[str, Figure]] = []
    if found:
        for i in range(found[0], found[-1] + 1):
            label = _month_label(i)
            c = Counted(tuple(sure.get(i, [])), tuple(poss.get(i, [])))
            fig = s.count(figure_key("month", label), f"deaths in {label}", c, {"month": label})
            months.append((label, fig))
    sure_y, poss_y = _by_span(
        s.units, lambda d: d.year, start.year if start else None, end.year if end else None
    )
    years: list[tuple[str, Figure]] = []
    for y in sorted(set(sure_y) | set(poss_y)):
        c = Counted(tuple(sure_y.get(y, [])), tuple(poss_y.get(y, [])))
        years.append((str(y), s.count(figure_key("year", y), f"deaths in {y}", c, {"year": y})))
    return months, years


# --- categories -----------------------------------------------------------------------------


def categorical(
    s: Scope, name: str, get: Callable[[Unit], str | None], order: Iterable[str] = ()
) -> Rows:
    """Deaths by a coded field: ``order`` first, then by size, then the blank ones last.

    A coded value (``unknown``) and a blank (``None``) are different rows with different keys.
    """
    groups: dict[str | None, list[Unit]] = {}
    for u in s.units:
        groups.setdefault(get(u), []).append(u)
    first = list(order)
    keys: list[str | None] = [k for k in first if k in groups]
    keys += sorted(
        (k for k in groups if k is not None and k not in set(first)),
        key=lambda k: (-len(groups[k]), k),
    )
    if None in groups:
        keys.append(None)
    rows: Rows = []
    for k in keys:
        fig = s.count(
            figure_key(name, k),
            f"deaths by {name}: {k if k is not None else 'not recorded'}",
            Counted(tuple(groups[k])),
            {name: k},
        )
        rows.append((k, fig))
    return rows


def _age_test(group: str) -> tuple[Callable[[Unit], bool], Callable[[Unit], bool]]:
    lo, hi = AGE_GROUPS[group]

    def certain(u: Unit) -> bool:
        return (
            u.age_min is not None and u.age_max is not None and u.age_min >= lo and u.age_max < hi
        )

    def possible(u: Unit) -> bool:
        return (
            u.age_min is not None and u.age_max is not None and u.age_max >= lo and u.age_min < hi
        )

    return certain, possible


def by_age(s: Scope) -> Rows:
    """Deaths by age group (ranges for age intervals across groups), and with no age."""
    rows: Rows = []
    for g in AGE_GROUPS:
        certain, possible = _age_test(g)
        c = count_range(s.units, certain, possible)
        query = {"age_group": g, "ages": list(AGE_GROUPS[g])}
        rows.append((g, s.count(figure_key("age", g), f"deaths aged {g}", c, query)))
    no_age = Counted(tuple(u for u in s.units if u.age_min is None))
    key = figure_key("age", None)
    rows.append((None, s.count(key, "deaths with no age", no_age, {"age_group": None})))
    return rows


# --- estimate -------------------------------------------------------------------------------


def estimate(s: Scope) -> EstimateLayout:
    """The headline estimate (``headline_estimate``: what ``tawthiq estimate`` prints) and its
    breakdown by governorate (each estimated on its own, sparse ones pooled), or why not."""
    if not s.data.linked:
        return EstimateLayout(t("reason.not_linked", "en"))
    method, seed = s.options.method, s.options.seed
    head, persons, reason = headline_units(s.units, method, seed)
    layout = EstimateLayout(reason)
    cited = {"records": sorted(i for u in persons for i in u.record_ids)}
    if head is not None:
        result = head.result
        layout.total = s.book.add(
            Figure(
                "estimate.total",
                "estimated deaths (MSE headline)",
                "estimate",
                headline_value(head),
                {
                    **s.base,
                    "unit": s.unit,
                    "method": head.method,
                    "how": head.how,
                    "strata": list(head.strata),
                    "scope": head.scope,
                    "seed": head.seed,
                    "warnings": list(result.warnings) if result is not None else [],
                    "same_as": "tawthiq estimate (headline_estimate)",
                },
                cited,
            )
        )
        layout.how = head.how_label
    if not persons or method == "none":
        return layout
    layout.observed = s.count(
        "estimate.observed",
        "documented deaths in the estimate (linked persons)",
        Counted(tuple(persons)),
        {"method": method},
    )
    outcome = estimate_units(persons, s.data.sources, method, seed)
    if outcome.result is None:
        layout.breakdown_reason = outcome.reason
        return layout
    res = outcome.result
    q = {
        **s.base,
        "unit": s.unit,
        "method": res.method,
        "strata": list(res.strata),
        "lists": list(res.lists),
        "settings": {k: str(v) for k, v in dict(res.settings).items()},
        "warnings": list(res.warnings),
    }
    layout.strata_sum = s.book.add(
        Figure(
            "estimate.strata_sum",
            "sum of the estimates per governorate (a breakdown, not the headline)",
            "estimate",
            estimate_value(res, res.observed),
            q,
            cited,
        )
    )
    pooled_units = [
        u
        for row in res.rows
        if row.status == "pooled"
        for u in outcome.units_by_stratum.get(row.key, [])
    ]
    for row in res.rows:
        if row.status == "pooled":
            continue
        is_pool = row.key == ("(pooled sparse strata)",)
        units = pooled_units if is_pool else outcome.units_by_stratum.get(row.key, [])
        pc = "pooled" if is_pool else row.key[0]
        lang = s.options.lang
        name = t("pooled", lang) if is_pool else governorate_label(row.key[0], lang)
        obs = s.count(
            figure_key("estimate", "observed", pc),
            f"documented deaths in stratum {pc}",
            Counted(tuple(units)),
            {"stratum": pc},
        )
        est = None
        if row.result is not None:
            est = s.book.add(
                Figure(
                    figure_key("estimate", "stratum", pc),
                    f"estimated deaths in stratum {pc}",
                    "estimate",
                    estimate_value(row.result, row.observed),
                    {**q, "stratum": pc},
                    {"records": sorted(i for u in units for i in u.record_ids)},
                )
            )
        layout.rows.append((name, est, obs, row.status))
    return layout


# --- data quality ---------------------------------------------------------------------------


def quality(s: Scope) -> list[tuple[str, Figure]]:
    """Records in the period and their problems; rejected rows; the review backlog."""
    lang = s.options.lang
    recs = [r for u in s.units for r in u.records]
    out: list[tuple[str, Figure]] = []

    def rec_fig(key: str, rows: list[dict[str, Any]], what: str) -> None:
        ids = sorted(int(r["id"]) for r in rows)
        query = {**s.base, "unit": "records", "test": what}
        out.append((t(f"dq.{key}", lang), s.rows(f"quality.{key}", what, ids, query, "records")))

    def has_place(r: dict[str, Any]) -> bool:
        return bool((r["place_text"] or "").strip() or (r["governorate_text"] or "").strip())

    rec_fig("records", recs, "records of the deaths counted")
    rec_fig(
        "unresolved_place",
        [r for r in recs if r["admin1_pcode"] is None and has_place(r)],
        "records whose place text did not resolve to a governorate",
    )
    rec_fig(
        "no_place",
        [r for r in recs if r["admin1_pcode"] is None and not has_place(r)],
        "records with no place",
    )
    undated = [r for u in s.data.units for r in u.records if r["date_earliest"] is None]
    rec_fig("no_date", undated, "records with no date of death (any period)")
    rec_fig(
        "imprecise_date",
        [r for r in recs if r["date_precision"] in ("month", "year", "range")],
        "records dated to the month, year or a range",
    )
    out.append(
        (
            t("dq.rejected", lang),
            s.book.add(
                Figure(
                    "quality.rejected",
                    "rejected rows",
                    "count",
                    {"count": len(s.data.rejected_rows)},
                    {"unit": "raw rows", "status": "rejected"},
                    {"raw_rows": [list(x) for x in s.data.rejected_rows]},
                )
            ),
        )
    )
    if s.data.linked:
        out.append(
            (
                t("dq.backlog", lang),
                s.rows(
                    "quality.backlog",
                    "review pairs awaiting a decision",
                    list(s.data.review_backlog),
                    {"unit": "review pairs", "link_run": "latest", "decision": None},
                    "review_pairs",
                ),
            )
        )
        rec_fig("unlinked", [r for r in recs if r["person_id"] is None], "records in no person")
    return out
