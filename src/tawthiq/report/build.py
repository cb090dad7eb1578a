"""``tawthiq report``: a self-contained HTML report (and PDF) whose every number is cited.

The report counts units (persons when linked, else records; see ``report.data``) in a period,
by month, governorate (with a map), perpetrator, cause, sex and age group; compares what was
documented with a multiple systems estimate per governorate; shows the sources and how they
overlap, incidents when there are any, and the state of the data. Every number is a
:class:`~tawthiq.report.figures.Figure` stored in ``report_figures``; in the HTML it is a link
``<a data-figure="ID" href="<stem>-citations/ID.csv">`` to a CSV of the records behind it.

``--public`` hides counts below a threshold (shown as ``<5``) and writes only public fields to
the citation CSVs (``tawthiq.model.sensitivity``); hidden counts get no CSV at all.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tawthiq.errors import ConfigError, EstimationError
from tawthiq.report.charts import hbar_html, month_chart, overlap_chart
from tawthiq.report.data import AGE_GROUPS, Counted, Dataset, Unit, count_range, load_dataset
from tawthiq.report.figures import Figure, FigureBook, new_report_id, write_citation_csv
from tawthiq.report.i18n import category_label, governorate_label, t
from tawthiq.report.maps import choropleth_svg, governorates

__all__ = [
    "ReportOptions",
    "ReportResult",
    "build_report",
    "compute_figures",
    "estimate_units",
    "write_demo_reports",
    "write_pdf",
]

DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class ReportOptions:
    """What to report: language, period, public edition, estimation method."""

    lang: str = "en"
    start: date | None = None
    end: date | None = None
    public: bool = False
    threshold: int = DEFAULT_THRESHOLD
    method: str = (
        "lcmcr"  # "lcmcr" (covered the truth in 19 of 20 test worlds), "loglinear", "none"
    )
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.lang not in ("en", "ar"):
            raise ConfigError(f"--lang {self.lang!r}: use ar or en")
        if self.method not in ("loglinear", "lcmcr", "none"):
            raise ConfigError(f"--method {self.method!r}: use loglinear, lcmcr or none")
        if self.start and self.end and self.start > self.end:
            raise ConfigError(f"--from {self.start} is after --to {self.end}")

    @property
    def shown_threshold(self) -> int:
        return self.threshold if self.public else 0

    def params(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "public": self.public,
            "threshold": self.shown_threshold,
            "method": self.method,
            "seed": self.seed,
        }


@dataclass
class ReportResult:
    """What ``build_report`` wrote and its headline figures."""

    report_id: str
    html: Path
    pdf: Path | None
    citations: Path
    unit: str
    figures: dict[str, Figure]
    estimate_note: str
    csv_files: int = 0

    @property
    def total(self) -> Figure:
        return self.figures["total"]


@dataclass
class EstimateOutcome:
    """A stratified estimate over some units, or why there is none."""

    result: Any | None  # StratifiedResult
    reason: str | None
    units_by_stratum: dict[Any, list[Unit]] = field(default_factory=dict)


# --- figures ------------------------------------------------------------------------------------


def _count_fig(
    key: str, label: str, counted: Counted, query: dict[str, Any], *, unit: str
) -> Figure:
    q = {"unit": unit, **query}
    refs: dict[str, list[Any]] = {"records": counted.record_ids}
    if counted.possible:
        refs["possible"] = counted.possible_record_ids
        return Figure(key, label, "range", {"min": counted.low, "max": counted.high}, q, refs)
    return Figure(key, label, "count", {"count": counted.low}, q, refs)


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


def estimate_units(
    units: Sequence[Unit], sources: Sequence[str], method: str, seed: int | None = None
) -> EstimateOutcome:
    """MSE per governorate over ``units`` (their sources are the captures), or why not."""
    if method == "none":
        return EstimateOutcome(None, "estimation switched off (--method none)")
    lists = sorted({s for u in units for s in u.sources})
    if len(lists) < 2:
        return EstimateOutcome(
            None, f"multiple systems estimation needs 2 or more lists; found {len(lists)}"
        )
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
        return EstimateOutcome(None, str(err), by_stratum)
    return EstimateOutcome(result, None, by_stratum)


def _estimate_value(res: Any, observed: int) -> dict[str, Any]:
    return {
        "estimate": float(res.estimate),
        "lower": None if res.lower is None else float(res.lower),
        "upper": None if res.upper is None else float(res.upper),
        "level": float(res.level),
        "method": str(res.method),
        "model": str(getattr(res, "model", "") or ""),
        "observed": int(observed),
    }


def compute_figures(
    data: Dataset, options: ReportOptions, report_id: str
) -> tuple[FigureBook, dict[str, Any]]:
    """Every figure of the report (stored later) and the layout data the HTML needs."""
    book = FigureBook(report_id)
    unit = data.unit_name
    start, end = options.start, options.end
    period = {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None}
    scope = [u for u in data.units if u.within(start, end)]
    maybe = [
        u
        for u in data.units
        if u.date_earliest is not None and not u.within(start, end) and u.overlaps(start, end)
    ]
    if start is None and end is None:
        maybe = []
    layout: dict[str, Any] = {"scope": scope}
    base = {"period": period, "scope": "deaths whose recorded date lies in the period"}

    book.add(
        _count_fig(
            "total",
            "documented deaths",
            Counted(tuple(scope), tuple(maybe)),
            {**base, "possible": "deaths whose recorded date interval overlaps the period"},
            unit=unit,
        )
    )
    civ = [u for u in scope if u.status == "civilian"]
    book.add(
        _count_fig(
            "total.civilian",
            "documented civilian deaths",
            Counted(tuple(civ)),
            {**base, "status": "civilian"},
            unit=unit,
        )
    )

    # months and years
    lo_m = _month_index(start) if start else None
    hi_m = _month_index(end) if end else None
    sure, poss = _by_span(scope, _month_index, lo_m, hi_m)
    months = sorted(set(sure) | set(poss))
    month_rows = []
    if months:
        for i in range(months[0], months[-1] + 1):
            c = Counted(tuple(sure.get(i, [])), tuple(poss.get(i, [])))
            label = _month_label(i)
            fig = book.add(
                _count_fig(
                    f"month.{label}", f"deaths in {label}", c, {**base, "month": label}, unit=unit
                )
            )
            month_rows.append((label, fig))
    layout["months"] = month_rows
    sure_y, poss_y = _by_span(
        scope, lambda d: d.year, start.year if start else None, end.year if end else None
    )
    year_rows = []
    for y in sorted(set(sure_y) | set(poss_y)):
        c = Counted(tuple(sure_y.get(y, [])), tuple(poss_y.get(y, [])))
        year_rows.append(
            (
                str(y),
                book.add(
                    _count_fig(f"year.{y}", f"deaths in {y}", c, {**base, "year": y}, unit=unit)
                ),
            )
        )
    layout["years"] = year_rows

    # categories
    def categorical(
        name: str, get: Callable[[Unit], str | None], order: Iterable[str] = ()
    ) -> list[tuple[str | None, Figure]]:
        groups: dict[str | None, list[Unit]] = {}
        for u in scope:
            groups.setdefault(get(u), []).append(u)
        keys: list[str | None] = [k for k in order if k in groups]
        keys += sorted(
            (k for k in groups if k not in set(order) and k is not None),
            key=lambda k: -len(groups[k]),
        )
        if None in groups:
            keys.append(None)
        rows: list[tuple[str | None, Figure]] = []
        for k in keys:
            fig = book.add(
                _count_fig(
                    f"{name}.{k if k is not None else 'unknown'}",
                    f"deaths by {name}: {k if k is not None else 'not recorded'}",
                    Counted(tuple(groups[k])),
                    {**base, name: k},
                    unit=unit,
                )
            )
            rows.append((k, fig))
        return rows

    layout["gov"] = categorical("governorate", lambda u: u.admin1, sorted(governorates()))
    layout["perpetrator"] = categorical("perpetrator", lambda u: u.perpetrator)
    layout["cause"] = categorical("cause", lambda u: u.cause)
    layout["sex"] = categorical("sex", lambda u: u.sex, ("male", "female", "unknown"))
    age_rows: list[tuple[str | None, Figure]] = []
    for g in AGE_GROUPS:
        certain, possible = _age_test(g)
        c = count_range(scope, certain, possible)
        age_rows.append(
            (
                g,
                book.add(
                    _count_fig(
                        f"age.{g}",
                        f"deaths aged {g}",
                        c,
                        {**base, "age_group": g, "ages": list(AGE_GROUPS[g])},
                        unit=unit,
                    )
                ),
            )
        )
    no_age = Counted(tuple(u for u in scope if u.age_min is None))
    age_rows.append(
        (
            None,
            book.add(
                _count_fig(
                    "age.unknown",
                    "deaths with no age",
                    no_age,
                    {**base, "age_group": None},
                    unit=unit,
                )
            ),
        )
    )
    layout["age"] = age_rows

    # estimate
    est_rows: list[tuple[str, Figure | None, Figure, str]] = []
    if not data.linked:
        reason = "records are not linked into persons (run tawthiq link first); MSE needs persons"
        outcome = EstimateOutcome(None, reason)
    else:
        outcome = estimate_units(scope, data.sources, options.method, options.seed)
    layout["estimate_reason"] = outcome.reason
    if outcome.result is not None:
        res = outcome.result
        q = {
            **base,
            "unit": unit,
            "method": res.method,
            "strata": list(res.strata),
            "lists": list(res.lists),
            "settings": {k: str(v) for k, v in dict(res.settings).items()},
            "warnings": list(res.warnings),
        }
        total_est = book.add(
            Figure(
                "estimate.total",
                "estimated deaths (MSE, all governorates)",
                "estimate",
                _estimate_value(res, res.observed),
                q,
                {"records": sorted(i for u in scope for i in u.record_ids)},
            )
        )
        layout["estimate_total"] = total_est
        book.add(
            _count_fig(
                "estimate.observed",
                "documented deaths in the estimate",
                Counted(tuple(scope)),
                {**base, "method": res.method},
                unit=unit,
            )
        )
        pooled_units: list[Unit] = []
        for row in res.rows:
            key = row.key
            if row.status == "pooled":
                pooled_units.extend(outcome.units_by_stratum.get(key, []))
        for row in res.rows:
            key = row.key
            if row.status == "pooled":
                continue
            is_pool = key == ("(pooled sparse strata)",)
            units = pooled_units if is_pool else outcome.units_by_stratum.get(key, [])
            pc = key[0] if not is_pool else "pooled"
            name = t("pooled", options.lang) if is_pool else governorate_label(key[0], options.lang)
            obs = book.add(
                _count_fig(
                    f"estimate.observed.{pc or 'unknown'}",
                    f"documented deaths in stratum {pc}",
                    Counted(tuple(units)),
                    {**base, "stratum": pc},
                    unit=unit,
                )
            )
            est = None
            if row.result is not None:
                est = book.add(
                    Figure(
                        f"estimate.{pc or 'unknown'}",
                        f"estimated deaths in stratum {pc}",
                        "estimate",
                        _estimate_value(row.result, row.observed),
                        {**q, "stratum": pc},
                        {"records": sorted(i for u in units for i in u.record_ids)},
                    )
                )
            est_rows.append((name, est, obs, row.status))
    layout["estimate_rows"] = est_rows

    # sources and overlap
    src_rows = []
    for s in data.sources:
        recs = [r for u in scope for r in u.records if r["source"] == s]
        units_s = [u for u in scope if s in u.sources]
        only = [u for u in units_s if u.sources == frozenset({s})]
        f_rec = book.add(
            Figure(
                f"source.{s}.records",
                f"records from {s}",
                "count",
                {"count": len(recs)},
                {**base, "unit": "records", "source": s},
                {"records": sorted(int(r["id"]) for r in recs)},
            )
        )
        f_units = book.add(
            _count_fig(
                f"source.{s}.units",
                f"{unit} recorded by {s}",
                Counted(tuple(units_s)),
                {**base, "source": s},
                unit=unit,
            )
        )
        f_only = book.add(
            _count_fig(
                f"source.{s}.only",
                f"{unit} recorded only by {s}",
                Counted(tuple(only)),
                {**base, "only_source": s},
                unit=unit,
            )
        )
        src_rows.append((s, f_rec, f_units, f_only))
    layout["sources"] = src_rows
    combos: dict[frozenset[str], list[Unit]] = {}
    for u in scope:
        combos.setdefault(u.sources, []).append(u)
    overlap_rows = []
    for combo, us in sorted(combos.items(), key=lambda kv: (-len(kv[1]), sorted(kv[0]))):
        key = "+".join(sorted(combo))
        overlap_rows.append(
            (
                combo,
                book.add(
                    _count_fig(
                        f"overlap.{key}",
                        f"{unit} recorded by exactly {key}",
                        Counted(tuple(us)),
                        {**base, "lists": sorted(combo)},
                        unit=unit,
                    )
                ),
            )
        )
    layout["overlap"] = overlap_rows

    # incidents
    inc = [i for i in data.incidents if _incident_in(i, start, end)]
    inc_rows: list[tuple[str, Figure]] = []
    if data.incidents:
        q_inc = {"period": period, "unit": "incidents"}
        inc_rows.append(
            (
                t("inc_total", options.lang),
                book.add(
                    Figure(
                        "incidents.total",
                        "incidents reported",
                        "count",
                        {"count": len(inc)},
                        q_inc,
                        {"incidents": [i["id"] for i in inc]},
                    )
                ),
            )
        )
        with_civ = [
            i for i in inc if i["civilians_min"] is not None or i["civilians_max"] is not None
        ]
        lo = sum(
            int(i["civilians_min"] if i["civilians_min"] is not None else i["civilians_max"])
            for i in with_civ
        )
        hi = sum(
            int(i["civilians_max"] if i["civilians_max"] is not None else i["civilians_min"])
            for i in with_civ
        )
        inc_rows.append(
            (
                t("inc_civilians", options.lang),
                book.add(
                    Figure(
                        "incidents.civilians",
                        "civilians reported killed in incidents",
                        "range",
                        {"min": lo, "max": hi},
                        {**q_inc, "sum": "civilians_min..civilians_max"},
                        {"incidents": [i["id"] for i in with_civ]},
                    )
                ),
            )
        )
        health = [
            i
            for i in inc
            if (i["target_type"] or "") in ("hospital", "health", "medical", "health_care")
        ]
        inc_rows.append(
            (
                t("inc_health", options.lang),
                book.add(
                    Figure(
                        "incidents.health",
                        "attacks on health care",
                        "count",
                        {"count": len(health)},
                        {**q_inc, "target_type": "hospital/health"},
                        {"incidents": [i["id"] for i in health]},
                    )
                ),
            )
        )
        grades = Counter(i["grade"] for i in inc)
        for g in sorted(grades, key=lambda x: (x is None, str(x))):
            ids = [i["id"] for i in inc if i["grade"] == g]
            inc_rows.append(
                (
                    f"{t('grade', options.lang)}: {category_label('grade', g, options.lang)}",
                    book.add(
                        Figure(
                            f"incidents.grade.{g or 'unknown'}",
                            f"incidents graded {g}",
                            "count",
                            {"count": len(ids)},
                            {**q_inc, "grade": g},
                            {"incidents": ids},
                        )
                    ),
                )
            )
    layout["incidents"] = inc_rows

    # data quality
    recs = [r for u in scope for r in u.records]
    dq: list[tuple[str, Figure]] = []

    def rec_fig(key: str, rows: list[dict[str, Any]], what: str) -> None:
        dq.append(
            (
                t(f"dq.{key}", options.lang),
                book.add(
                    Figure(
                        f"quality.{key}",
                        what,
                        "count",
                        {"count": len(rows)},
                        {**base, "unit": "records", "test": what},
                        {"records": sorted(int(r["id"]) for r in rows)},
                    )
                ),
            )
        )

    rec_fig("records", recs, "records of the deaths counted")
    rec_fig(
        "unresolved_place",
        [
            r
            for r in recs
            if r["admin1_pcode"] is None
            and ((r["place_text"] or "").strip() or (r["governorate_text"] or "").strip())
        ],
        "records whose place text did not resolve to a governorate",
    )
    rec_fig(
        "no_place",
        [
            r
            for r in recs
            if r["admin1_pcode"] is None
            and not (r["place_text"] or "").strip()
            and not (r["governorate_text"] or "").strip()
        ],
        "records with no place",
    )
    undated = [r for u in data.units for r in u.records if r["date_earliest"] is None]
    rec_fig("no_date", undated, "records with no date of death (any period)")
    rec_fig(
        "imprecise_date",
        [r for r in recs if r["date_precision"] in ("month", "year", "range")],
        "records dated to the month, year or a range",
    )
    dq.append(
        (
            t("dq.rejected", options.lang),
            book.add(
                Figure(
                    "quality.rejected",
                    "rejected rows",
                    "count",
                    {"count": len(data.rejected_rows)},
                    {"unit": "raw rows", "status": "rejected"},
                    {"raw_rows": [list(x) for x in data.rejected_rows]},
                )
            ),
        )
    )
    if data.linked:
        dq.append(
            (
                t("dq.backlog", options.lang),
                book.add(
                    Figure(
                        "quality.backlog",
                        "review pairs awaiting a decision",
                        "count",
                        {"count": len(data.review_backlog)},
                        {"unit": "review pairs", "link_run": "latest", "decision": None},
                        {"review_pairs": list(data.review_backlog)},
                    )
                ),
            )
        )
        rec_fig("unlinked", [r for r in recs if r["person_id"] is None], "records in no person")
    layout["quality"] = dq
    return book, layout


def _incident_in(i: dict[str, Any], start: date | None, end: date | None) -> bool:
    if start is None and end is None:
        return True
    a, b = i["date_earliest"], i["date_latest"] or i["date_earliest"]
    if a is None:
        return False
    return (start is None or a >= start) and (end is None or b <= end)


# --- HTML ---------------------------------------------------------------------------------------

CSS = """
@page { size: A4; margin: 14mm 12mm 16mm 12mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #777; } }
body { font-family: "DejaVu Sans", "Noto Naskh Arabic", "Noto Sans Arabic", Arial, sans-serif;
  font-size: 10.5pt; color: #222; margin: 0 auto; max-width: 760px; padding: 12px;
  line-height: 1.4; }
h1 { font-size: 20pt; margin: 0 0 4px 0; color: #67001f; }
h2 { font-size: 13pt; border-bottom: 2px solid #b2182b; padding-bottom: 2px; margin: 20px 0 8px;
  break-after: avoid; }
section { break-inside: avoid; }
section.long { break-inside: auto; }
.meta { color: #555; font-size: 9pt; }
.note { color: #444; font-size: 9pt; background: #f7f7f7; padding: 6px 8px; border-radius: 3px; }
.headline { display: flex; gap: 16px; flex-wrap: wrap; margin: 10px 0; }
.headline div { border: 1px solid #ddd; padding: 8px 12px; border-radius: 4px; }
.headline .big { font-size: 18pt; font-weight: bold; color: #b2182b; display: block; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 6px 0; }
th, td { border-bottom: 1px solid #e2e2e2; padding: 3px 6px; text-align: start; }
td.n, th.n { text-align: end; white-space: nowrap; }
table.bars td { border: none; padding: 1px 4px; }
table.bars td.lbl { width: 34%; text-align: end; }
table.bars td.bar { width: 50%; }
table.bars td.n { width: 16%; text-align: start; }
.b, .b2 { display: inline-block; height: 11px; background: #b2182b; vertical-align: middle; }
.b2 { background: #f4a582; }
a[data-figure] { unicode-bidi: isolate; direction: ltr; }
a[data-figure] { color: inherit; text-decoration: none; border-bottom: 1px dotted #b2182b; }
svg a[data-figure] { border: none; }
svg { max-width: 100%; height: auto; }
.cols { display: flex; gap: 12px; align-items: flex-start; }
.cols > * { flex: 1; }
footer { margin-top: 24px; font-size: 8.5pt; color: #666; }
"""


class _Html:
    def __init__(
        self, options: ReportOptions, citations_dir: str, csv_ok: Callable[[Figure], bool]
    ):
        self.o = options
        self.dir = citations_dir
        self.csv_ok = csv_ok

    def href(self, fig: Figure) -> str | None:
        return f"{self.dir}/{fig.figure_id}.csv" if self.csv_ok(fig) else None

    def num(self, fig: Figure | None) -> str:
        if fig is None:
            return "—"
        h = self.href(fig)
        link = f' href="{escape(h)}"' if h else ""
        text = fig.text(self.o.shown_threshold)
        if fig.kind == "estimate":
            v = fig.value
            text = f"{text}"
            method = escape(f"{v['method']} {v.get('model') or ''}".strip())
            return (
                f'<a data-figure="{escape(fig.figure_id)}"{link} title="{escape(fig.figure_id)}">'
                f'{escape(text)} <span class="meta">{method}</span></a>'
            )
        fid = escape(fig.figure_id)
        return f'<a data-figure="{fid}"{link} title="{fid}">{escape(text)}</a>'

    def table(
        self, head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[bool]
    ) -> str:
        ths = "".join(
            f"<th{' class=n' if n else ''}>{escape(h)}</th>"
            for h, n in zip(head, numeric, strict=True)
        )
        body = "".join(
            "<tr>"
            + "".join(
                f"<td{' class=n' if n else ''}>{c}</td>" for c, n in zip(r, numeric, strict=True)
            )
            + "</tr>"
            for r in rows
        )
        return f"<table><thead><tr>{ths}</tr></thead><tbody>{body}</tbody></table>"


def render_html(
    book: FigureBook,
    layout: dict[str, Any],
    data: Dataset,
    options: ReportOptions,
    citations_dir: str,
    generated: datetime,
    csv_ok: Callable[[Figure], bool],
) -> str:
    lang = options.lang
    rtl = lang == "ar"
    h = _Html(options, citations_dir, csv_ok)
    thr = options.shown_threshold
    F = book.figures
    parts: list[str] = []
    period = (
        f'<time data-role="label">{escape(options.start.isoformat() if options.start else "…")}'
        "</time> – "
        f'<time data-role="label">{escape(options.end.isoformat() if options.end else "…")}</time>'
        if options.start or options.end
        else escape(t("all_dates", lang))
    )
    parts.append(f"<header><h1>{escape(t('title', lang))}</h1>")
    parts.append(
        f'<p class="meta">{escape(t("period", lang))}: {period} · {escape(t("generated", lang))}: '
        f'<time data-role="label">{escape(generated.strftime("%Y-%m-%d %H:%M UTC"))}</time> · '
        f"{escape(t('report_id', lang))}: "
        f'<span data-role="label">{escape(book.report_id)}</span></p>'
    )
    parts.append(
        f'<p class="note">{escape(t("unit_persons" if data.linked else "unit_records", lang))} '
    )
    parts.append(f"{escape(t('citations', lang))}")
    if options.public:
        parts.append(
            ' <span data-role="label">'
            f"{escape(t('public_note', lang).format(t=options.threshold))}</span>"
        )
    parts.append("</p></header>")

    # headline
    parts.append('<section><div class="headline">')
    parts.append(
        f'<div><span class="big">{h.num(F["total"])}</span>{escape(t("total", lang))}</div>'
    )
    parts.append(
        f'<div><span class="big">{h.num(F["total.civilian"])}</span>'
        f"{escape(t('civilians', lang))}</div>"
    )
    if "estimate.total" in F:
        parts.append(
            f'<div><span class="big">{h.num(F["estimate.total"])}</span>'
            f"{escape(t('estimate', lang))}</div>"
        )
    parts.append("</div>")
    if F["total"].kind == "range":
        parts.append(f'<p class="meta">{escape(t("total_range_note", lang))}</p>')
    parts.append("</section>")

    # months
    parts.append(f"<section><h2>{escape(t('by_month', lang))}</h2>")
    parts.append(
        month_chart(
            layout["months"], href=h.href, threshold=thr, rtl=rtl, title=t("by_month", lang)
        )
    )
    years = layout["years"]
    if years:
        parts.append(
            h.table(
                [t("year", lang), t("deaths", lang)],
                [(f'<span data-role="label">{escape(y)}</span>', h.num(f)) for y, f in years],
                [False, True],
            )
        )
    parts.append("</section>")

    # governorates
    gov = layout["gov"]
    values: dict[str, float] = {}
    links: dict[str, tuple[str | None, str]] = {}
    labels: dict[str, str] = {}
    for pc, f in gov:
        if pc is None:
            continue
        values[pc] = float(options.threshold) if f.suppressed(thr) else f.low
        links[pc] = (h.href(f), f.figure_id)
        labels[pc] = f.text(thr)
    parts.append(f'<section><h2>{escape(t("by_gov", lang))}</h2><div class="cols">')
    parts.append(
        "<div>"
        + choropleth_svg(
            values,
            lang=lang,
            title=t("by_gov", lang),
            width=360,
            legend_label=t("deaths", lang),
            links=links,
            labels=labels,
            legend_floor=float(thr) if thr else 1.0,
        )
        + "</div>"
    )
    parts.append(
        "<div>"
        + h.table(
            [t("governorate", lang), t("deaths", lang)],
            [(escape(governorate_label(pc, lang)), h.num(f)) for pc, f in gov],
            [False, True],
        )
        + "</div>"
    )
    parts.append("</div></section>")

    def cat_section(
        title_key: str,
        rows: list[tuple[Any, Figure]],
        fieldname: str,
        labeler: Callable[[Any], str] | None = None,
    ) -> None:
        lab = labeler or (lambda k: category_label(fieldname, k, lang))
        parts.append(f"<section><h2>{escape(t(title_key, lang))}</h2>")
        parts.append(hbar_html([(lab(k), f) for k, f in rows], href=h.href, threshold=thr))
        parts.append("</section>")

    cat_section("by_perp", layout["perpetrator"], "perpetrator")
    cat_section("by_cause", layout["cause"], "cause")
    cat_section("by_sex", layout["sex"], "sex")
    cat_section(
        "by_age", layout["age"], "age", lambda k: t(f"age.{k}", lang) if k else t("unknown", lang)
    )

    # estimate
    parts.append(f"<section><h2>{escape(t('estimate', lang))}</h2>")
    if "estimate.total" in F:
        level = F["estimate.total"].value["level"]
        lvl = f'<span data-role="label">{level:.0%}</span>'
        parts.append(f'<p class="note">{escape(t("estimate_intro", lang)).format(level=lvl)}</p>')
        rows = [
            (
                escape(t("all", lang)),
                h.num(F["estimate.observed"]),
                h.num(F["estimate.total"]),
                escape(t("status.estimated", lang)),
            )
        ]
        for name, est, obs, status in layout["estimate_rows"]:
            rows.append(
                (
                    escape(name),
                    h.num(obs),
                    h.num(est) if est else "—",
                    escape(t(f"status.{status}", lang)),
                )
            )
        parts.append(
            h.table(
                [
                    t("governorate", lang),
                    t("observed", lang),
                    t("estimated", lang),
                    t("stratum_status", lang),
                ],
                rows,
                [False, True, True, False],
            )
        )
    else:
        parts.append(
            f"<p><b>{escape(t('not_estimated', lang))}</b>: "
            f"{escape(layout['estimate_reason'] or '')}</p>"
        )
    parts.append("</section>")

    # sources
    parts.append(f"<section><h2>{escape(t('sources', lang))}</h2>")
    parts.append(
        h.table(
            [
                t("source", lang),
                t("src_records", lang),
                t("src_units", lang) if data.linked else t("src_records", lang),
                t("src_only", lang),
            ],
            [(escape(s), h.num(a), h.num(b), h.num(c)) for s, a, b, c in layout["sources"]],
            [False, True, True, True],
        )
    )
    if data.linked and layout["overlap"]:
        parts.append(f'<p class="meta">{escape(t("overlap", lang))}</p>')
        parts.append(
            overlap_chart(
                layout["overlap"][:15],
                data.sources,
                href=h.href,
                threshold=thr,
                rtl=rtl,
                title=t("overlap", lang),
            )
        )
    parts.append("</section>")

    if layout["incidents"]:
        parts.append(f"<section><h2>{escape(t('incidents', lang))}</h2>")
        parts.append(
            h.table(
                ["", ""], [(escape(lbl), h.num(f)) for lbl, f in layout["incidents"]], [False, True]
            )
        )
        parts.append("</section>")

    parts.append(f"<section><h2>{escape(t('quality', lang))}</h2>")
    parts.append(
        h.table(["", ""], [(escape(lbl), h.num(f)) for lbl, f in layout["quality"]], [False, True])
    )
    parts.append("</section>")
    parts.append(
        f'<footer>tawthiq · <span data-role="label">{escape(book.report_id)}</span></footer>'
    )

    dir_attr = "rtl" if rtl else "ltr"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{dir_attr}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(t('title', lang))} · {escape(book.report_id)}</title>"
        f"<style>{CSS}</style></head><body>" + "".join(parts) + "</body></html>\n"
    )


# --- building -----------------------------------------------------------------------------------


def write_pdf(html: str, pdf: Path, base_url: Path) -> None:
    """Render the HTML to PDF with WeasyPrint (raises ConfigError when it is not installed)."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except ImportError as err:  # pragma: no cover - depends on the machine
        raise ConfigError(f"PDF output needs WeasyPrint and Pango ({err})") from None
    pdf.parent.mkdir(parents=True, exist_ok=True)
    weasyprint.HTML(string=html, base_url=str(base_url)).write_pdf(str(pdf))


def build_report(
    engine: Engine,
    out: Path,
    options: ReportOptions | None = None,
    *,
    pdf: Path | None = None,
) -> ReportResult:
    """Compute, store and render a report: ``out`` (HTML), its citation CSVs and ``pdf``."""
    options = options or ReportOptions()
    report_id = new_report_id("R", options.params())
    with engine.connect() as conn:
        data = load_dataset(conn)
    book, layout = compute_figures(data, options, report_id)
    for f in book.figures.values():
        f.query["report"] = options.params()
    with engine.begin() as conn:
        book.save(conn)

    out.parent.mkdir(parents=True, exist_ok=True)
    cite_dir = out.parent / f"{out.stem}-citations"
    by_id = {int(r["id"]): r for r in data.records}
    thr = options.shown_threshold

    def csv_ok(fig: Figure) -> bool:
        return not fig.suppressed(thr)

    n_csv = 0
    for f in book.figures.values():
        if not csv_ok(f):
            continue
        rows = [{"role": "counted", **_public_fields(by_id[i])} for i in f.refs.get("records", [])]
        rows += [
            {"role": "possible", **_public_fields(by_id[i])} for i in f.refs.get("possible", [])
        ]
        extra = [("raw_row", f"{a}:{b}") for a, b in f.refs.get("raw_rows", [])]
        extra += [("review_pair", str(p)) for p in f.refs.get("review_pairs", [])]
        extra += [("incident", str(i)) for i in f.refs.get("incidents", [])]
        write_citation_csv(
            cite_dir / f"{f.figure_id}.csv", f.figure_id, rows, public=options.public, extra=extra
        )
        n_csv += 1
    generated = datetime.now(UTC)
    html = render_html(book, layout, data, options, cite_dir.name, generated, csv_ok)
    out.write_text(html, encoding="utf-8")
    if pdf is not None:
        write_pdf(html, pdf, out.parent)
    note = (
        "estimated"
        if "estimate.total" in book.figures
        else f"not estimated: {layout['estimate_reason']}"
    )
    return ReportResult(report_id, out, pdf, cite_dir, data.unit_name, book.figures, note, n_csv)


def write_demo_reports(
    engine: Engine, out_dir: Path, *, pdf: bool = True, method: str = "lcmcr"
) -> dict[str, Path]:
    """The demo's reports: English and Arabic HTML (+ PDF) and a public English edition.

    Returns name → path (``report``, ``report_pdf``, ``report_ar``, ``report_ar_pdf``,
    ``report_public``); PDFs are skipped (not an error) when WeasyPrint is not installed.
    """
    outputs: dict[str, Path] = {}
    try:
        import weasyprint  # noqa: F401

        can_pdf = pdf
    except ImportError:  # pragma: no cover - depends on the machine
        can_pdf = False
    for name, opts in (
        ("report", ReportOptions(lang="en", method=method)),
        ("report_ar", ReportOptions(lang="ar", method=method)),
        ("report_public", ReportOptions(lang="en", public=True, method=method)),
    ):
        html = out_dir / f"{name.replace('_', '-')}.html"
        pdf_path = html.with_suffix(".pdf") if can_pdf and name != "report_public" else None
        r = build_report(engine, html, opts, pdf=pdf_path)
        outputs[name] = r.html
        if r.pdf is not None:
            outputs[f"{name}_pdf"] = r.pdf
    return outputs


def _public_fields(rec: dict[str, Any]) -> dict[str, Any]:
    from tawthiq.report.figures import CITATION_COLUMNS

    return {c: rec.get(c) for c in CITATION_COLUMNS[2:]}
