"""Report sections about sources and incidents.

Sources are listed by kind: victim lists (records, units, units only on that list, how the
lists overlap, units on two or more lists) and incident sources (their reports). Incidents are
the reconciled ones with their effective grade — computed by reconciliation or set by a
reviewer — and before any reconciliation only the reports are counted, with a note saying so.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from tawthiq.report.data import Counted, Unit
from tawthiq.report.figures import Figure
from tawthiq.report.i18n import category_label, t
from tawthiq.report.keys import Encoded, combo_part, figure_key
from tawthiq.report.options import ReportOptions
from tawthiq.report.scope import Scope

__all__ = ["HEALTH_TARGETS", "incidents", "sources"]

#: target types of reconciled incidents that count as attacks on health care
HEALTH_TARGETS = ("hospital", "health", "medical", "health_care", "health_facility")


def sources(
    s: Scope,
) -> tuple[
    list[tuple[str, Figure, Figure, Figure]],
    list[tuple[str, Figure]],
    list[tuple[frozenset[str], Figure]],
    Figure | None,
]:
    """Victim lists (records, units, units only on it), incident sources (their reports), the
    overlap of the lists (units by combination of lists) and the units on two or more lists."""
    lists: list[tuple[str, Figure, Figure, Figure]] = []
    for name in s.data.sources:
        recs = [r for u in s.units for r in u.records if r["source"] == name]
        units_s = [u for u in s.units if name in u.sources]
        only = [u for u in units_s if u.sources == frozenset({name})]
        f_rec = s.rows(
            figure_key("source", name, "records"),
            f"records from {name}",
            sorted(int(r["id"]) for r in recs),
            {**s.base, "unit": "records", "source": name},
            "records",
        )
        f_units = s.count(
            figure_key("source", name, "units"),
            f"{s.unit} recorded by {name}",
            Counted(tuple(units_s)),
            {"source": name},
        )
        f_only = s.count(
            figure_key("source", name, "only"),
            f"{s.unit} recorded only by {name}",
            Counted(tuple(only)),
            {"only_source": name},
        )
        lists.append((name, f_rec, f_units, f_only))
    reports = [r for r in s.data.incident_reports if _dated_in(r, s.options)]
    incident_sources: list[tuple[str, Figure]] = []
    for name in s.data.incident_sources:
        ids = [int(r["id"]) for r in reports if r["source"] == name]
        incident_sources.append(
            (
                name,
                s.rows(
                    figure_key("incident_source", name, "reports"),
                    f"incident reports from {name}",
                    ids,
                    {"period": s.period, "unit": "incident reports", "source": name},
                    "incidents",
                ),
            )
        )
    combos: dict[frozenset[str], list[Unit]] = {}
    for u in s.units if s.data.linked else ():  # unlinked records overlap nobody by definition
        combos.setdefault(u.sources, []).append(u)
    overlap: list[tuple[frozenset[str], Figure]] = []
    for combo, us in sorted(combos.items(), key=lambda kv: (-len(kv[1]), sorted(kv[0]))):
        label = "+".join(sorted(combo))
        fig = s.count(
            figure_key("overlap", Encoded(combo_part(combo))),
            f"{s.unit} recorded by exactly {label}",
            Counted(tuple(us)),
            {"lists": sorted(combo)},
        )
        overlap.append((combo, fig))
    shared = None
    if s.data.linked and len(s.data.sources) >= 2:
        on_two = [u for u in s.units if len(u.sources) >= 2]
        shared = s.count(
            "lists.shared",
            f"{s.unit} recorded by two or more lists",
            Counted(tuple(on_two)),
            {"lists": ">= 2"},
        )
    return lists, incident_sources, overlap, shared


# --- incidents ------------------------------------------------------------------------------


def _dated_in(row: dict[str, Any], options: ReportOptions) -> bool:
    """Whether an incident (report) dated ``date_earliest``..``date_latest`` lies in the period."""
    start, end = options.start, options.end
    if start is None and end is None:
        return True
    a = _as_date(row.get("date_earliest"))
    b = _as_date(row.get("date_latest")) or a
    if a is None or b is None:
        return False
    return (start is None or a >= start) and (end is None or b <= end)


def _as_date(value: object) -> date | None:
    """A stored date, or one given as ISO text (``list_incidents`` gives text)."""
    if isinstance(value, str):
        return date.fromisoformat(value)
    return value if isinstance(value, date) else None


def incidents(s: Scope) -> tuple[list[tuple[str, Figure]], str | None]:
    """Reconciled incidents in the period: how many, civilians killed (a range), attacks on
    health care, and how many have each grade (the reconciled grade or a reviewer's override).

    Reports that were never reconciled are counted, and the note says to reconcile them: a
    grade is computed by reconciliation, so it is not shown as "not recorded" before that.
    """
    lang = s.options.lang
    data = s.data
    if not data.incidents and not data.incident_reports:
        return [], None
    q = {"period": s.period, "unit": "reconciled incidents"}
    rows: list[tuple[str, Figure]] = []
    if not data.incidents:
        reports = [int(r["id"]) for r in data.incident_reports if _dated_in(r, s.options)]
        fig = s.rows(
            "incidents.reports",
            "incident reports (not reconciled)",
            reports,
            {"period": s.period, "unit": "incident reports"},
            "incidents",
        )
        return [(t("inc_reports", lang), fig)], t("inc_not_reconciled", lang)
    inc = [
        {"date_earliest": i["date"], "date_latest": i["date_latest"], **i} for i in data.incidents
    ]
    inc = [i for i in inc if _dated_in(i, s.options)]
    ref = "reconciled_incidents"
    rows.append(
        (
            t("inc_total", lang),
            s.rows("incidents.total", "reconciled incidents", [i["id"] for i in inc], q, ref),
        )
    )
    with_count = [
        i for i in inc if i["killed"]["min"] is not None or i["killed"]["max"] is not None
    ]
    lo = sum(int(_first(i["killed"]["min"], i["killed"]["max"])) for i in with_count)
    hi = sum(int(_first(i["killed"]["max"], i["killed"]["min"])) for i in with_count)
    rows.append(
        (
            t("inc_civilians", lang),
            s.book.add(
                Figure(
                    "incidents.civilians",
                    "civilians reported killed in reconciled incidents",
                    "range",
                    {"min": lo, "max": hi},
                    {**q, "sum": "killed min..max (civilians) of each incident"},
                    {ref: [i["id"] for i in with_count]},
                )
            ),
        )
    )
    health = [i["id"] for i in inc if (i["target_type"] or "") in HEALTH_TARGETS]
    rows.append(
        (
            t("inc_health", lang),
            s.rows(
                "incidents.health",
                "attacks on health care",
                health,
                {**q, "target_type": list(HEALTH_TARGETS)},
                ref,
            ),
        )
    )
    grades = Counter(i["grade"] for i in inc)
    for g in sorted(grades, key=lambda x: (x is None, str(x))):
        ids = [i["id"] for i in inc if i["grade"] == g]
        label = t("not_graded", lang) if g is None else _grade_label(g, lang)
        rows.append(
            (
                f"{t('grade', lang)}: {label}",
                s.rows(
                    figure_key("incidents", "grade", g),
                    f"incidents graded {g if g is not None else '(not graded)'}",
                    ids,
                    {**q, "grade": g, "grade_from": "reconciliation or reviewer override"},
                    ref,
                ),
            )
        )
    later = [
        int(r["id"])
        for r in data.incident_reports
        if r.get("reconciled_id") is None and _dated_in(r, s.options)
    ]
    if later:
        rows.append(
            (
                t("inc_unreconciled", lang),
                s.rows(
                    "incidents.unreconciled",
                    "incident reports in no reconciled incident (imported after reconciling)",
                    later,
                    {"period": s.period, "unit": "incident reports"},
                    "incidents",
                ),
            )
        )
    overridden = [i["id"] for i in inc if i.get("overridden")]
    if overridden:
        rows.append(
            (
                t("inc_overridden", lang),
                s.rows(
                    "incidents.overridden",
                    "incidents whose grade a reviewer set",
                    overridden,
                    {**q, "grade_from": "reviewer override"},
                    ref,
                ),
            )
        )
    return rows, None


def _first(a: int | None, b: int | None) -> int:
    return a if a is not None else (b or 0)


def _grade_label(code: str, lang: str) -> str:
    return category_label("grade", code, lang)
