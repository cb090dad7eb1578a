"""Commands of the incidents stage: ``tawthiq incidents import|reconcile|list|show|grade|
review|decide|merge|split|aggregate|facilities|export``.

Output shows counts, places, parties and source names; never victims' names.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from tawthiq.cli._common import console, fail, handle_errors
from tawthiq.cli.workspace import opened_store, print_import_summary

__all__ = ["incidents_app", "register"]

incidents_app = typer.Typer(
    help="Incidents: import reports, reconcile them, grade, attribute, export.",
    no_args_is_help=True,
)


class ReportFormat(StrEnum):
    report = "report"
    acled = "acled"
    ucdp = "ucdp"
    airwars = "airwars"
    shcc = "shcc"
    hxl = "hxl"


class GradeChoice(StrEnum):
    confirmed = "confirmed"
    fair = "fair"
    weak = "weak"
    contested = "contested"
    discounted = "discounted"


class PairDecision(StrEnum):
    same = "same"
    different = "different"


def _out(text: str) -> None:
    console.print(text, highlight=False, markup=False)


@incidents_app.command("import")
@handle_errors
def import_cmd(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Incident reports (CSV/XLSX).", show_default=False)],
    source: Annotated[str, typer.Option("--source", "-s", help="Who reported them.")],
    fmt: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help="report (default when the header fits) or an export."),
    ] = None,
) -> None:
    """Import source reports of incidents (one row per report, every row kept)."""
    from tawthiq.ingest import import_file
    from tawthiq.ingest._csvfile import read_csv_rows
    from tawthiq.ingest.incidents import import_report_file, is_report_header

    if not file.is_file():
        raise fail(f"{file}: no such file")
    chosen = fmt.value if fmt else None
    if chosen is None and file.suffix.lower() not in {".xlsx", ".xls", ".xlsm", ".ods"}:
        header, _ = read_csv_rows(file, "utf-8")
        chosen = "report" if is_report_header(header) else None
    with opened_store(ctx) as (_, engine):
        if chosen == "report":
            summary = import_report_file(engine, file, source)
        else:
            summary = import_file(engine, file, source, fmt=chosen)
            if summary.kind != "incidents":
                raise fail(
                    f"{file}: read as a victim list, not incident reports; use tawthiq import"
                )
    print_import_summary(summary)


@incidents_app.command("reconcile")
@handle_errors
def reconcile_cmd(
    ctx: typer.Context,
    threshold: Annotated[
        float, typer.Option("--threshold", min=0.0, max=1.0, help="Score that links two reports.")
    ] = 0.7,
    review_low: Annotated[
        float, typer.Option("--review-low", min=0.0, max=1.0, help="Lower end of the review band.")
    ] = 0.5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Group reports of the same event into incidents; reconcile, grade, link victims."""
    from tawthiq.incidents import ClusterSettings, reconcile_workspace

    try:
        settings = ClusterSettings(threshold=threshold, review_low=review_low)
    except ValueError as err:
        raise fail(str(err)) from None
    with opened_store(ctx) as (_, engine):
        s = reconcile_workspace(engine, settings)
    if as_json:
        typer.echo(json.dumps(s.to_dict(), indent=2))
        return
    _out(
        f"{s.reports:,} reports → {s.incidents:,} incidents ({s.multi_source:,} reported by "
        f"more than one source); {s.merges} merged, {s.splits} split, {s.retired} retired"
    )
    _out(
        f"pairs scored {s.pairs_scored:,}; review queue {s.review_pairs:,} "
        f"(tawthiq incidents review); kept apart (same source) {s.refused_same_source:,}"
    )
    _out("grades: " + ", ".join(f"{g} {n:,}" for g, n in s.grades.items()))
    _out(
        f"health facilities attacked {s.facilities:,} ({s.facility_attacks:,} attacks); "
        f"victim records linked {s.victims_linked:,} ({s.victims_ambiguous:,} ambiguous, "
        "left unlinked)"
    )


@incidents_app.command("list")
@handle_errors
def list_cmd(
    ctx: typer.Context,
    grade: Annotated[GradeChoice | None, typer.Option("--grade", help="Only this grade.")] = None,
    contested: Annotated[
        bool, typer.Option("--contested", help="Only contested attributions.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List reconciled incidents: date, place, type, killed (range), attribution, grade."""
    from tawthiq.incidents import list_incidents

    with opened_store(ctx) as (_, engine):
        rows = list_incidents(
            engine, grade=grade.value if grade else None, contested=True if contested else None
        )
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    _out(
        f"{'id':>5} {'date':<10} {'place':<8} {'type':<13} {'killed':>9} {'grade':<10} attribution"
    )
    for r in rows:
        _out(
            f"{r['id']:>5} {r['date'] or '?':<10} {r['pcode'] or '?':<8} "
            f"{(r['incident_type'] or '?')[:13]:<13} {r['killed']['text']:>9} "
            f"{(r['grade'] or '?') + ('*' if r['overridden'] else ''):<10} "
            f"{r['attribution_label']}"
        )
    _out(f"{len(rows):,} incidents (* grade set by a reviewer)")


def _print_detail(d: dict[str, Any]) -> None:
    when = d["date"] + (f" to {d['date_latest']}" if d["date_latest"] != d["date"] else "")
    _out(
        f"incident {d['id']} ({d['status']}): {when} ({d['date_precision']})"
        + (f", {d['time']}" if d["time"] else "")
    )
    _out(
        f"place: {d['place'] or '?'} ({d['pcode'] or 'no P-code'}, governorate "
        f"{d['admin1_pcode'] or '?'})"
    )
    _out(
        f"type: {d['incident_type'] or '?'}; target: {d['target_type'] or '?'}"
        + (f"; weapon: {d['weapon']}" if d["weapon"] else "")
    )
    k = d["killed"]
    _out(
        f"civilians killed: {k['text']} (range across {d['sources']} sources: lowest minimum, "
        "highest maximum)"
    )
    _out(f"best figure: {d['best'] if d['best'] is not None else '?'} — rule: {d['best_rule']}")
    inj = d["injured"]
    if inj["min"] is not None or inj["max"] is not None:
        _out(f"injured: {inj['min']}–{inj['max']}")
    for who in ("children", "women", "men"):
        r = d[who]
        if r["min"] is not None:
            _out(
                f"  {who} killed: "
                + (f"{r['min']}" if r["min"] == r["max"] else f"{r['min']}–{r['max']}")
            )
    _out(f"named victims: {d['victims_vs_reports']}")
    grade = d["grade"]
    if d["override"]:
        o = d["override"]
        _out(
            f"grade: {grade} (set by {o['by']} on {o['at']}: {o['note']}); computed: "
            f"{d['computed_grade']}"
        )
    else:
        _out(f"grade: {grade}")
    for reason in d["grade_reasons"]:
        _out(f"  because: {reason}")
    for g in d.get("source_grades") or []:
        status = f", {g['status'].replace('_', ' ')} strike" if g.get("status") else ""
        _out(f"  {g['source']}'s own grade: {g.get('grade') or 'none'}{status}")
    if d["deaths_all"]["text"] != "not reported":
        _out(f"all deaths (civilians or not; not added to civilians): {d['deaths_all']['text']}")
    for c in d.get("counts") or []:
        _out(f"{c['label']}: {c['text']}")
    contested = d["contested"] and "contested" not in d["attribution_label"]
    _out(f"attribution: {d['attribution_label']}" + (" (contested)" if contested else ""))
    for b in d["belligerents"]:
        kr = b["killed"]
        rng = (
            "?"
            if kr["min"] is None
            else (f"{kr['min']}" if kr["min"] == kr["max"] else f"{kr['min']}–{kr['max']}")
        )
        _out(
            f"  {b['label']}: {b['assessment']} ({b['sources']} source"
            f"{'s' if b['sources'] != 1 else ''}; killed {rng}; {b['reason']})"
        )
    if d["facility"]:
        f = d["facility"]
        _out(
            f"health facility: {f['name']} ({f['type']}{', sensitive' if f['sensitive'] else ''});"
            f" PHR: {f['phr_category']}; WHO SSA: {f['who_ssa_type']}"
        )
    _out("sources and their claims:")
    for r in d["reports"]:
        score = f"; link score {r['score']:.2f}" if r["score"] is not None else ""
        killed = (
            f"civilians killed {r['killed']['text']}"
            if r["counts_civilians"]
            else "civilians killed not reported"
        )
        if r["deaths_all"]["text"] != "not reported":
            killed += f"; all deaths {r['deaths_all']['text']}"
        others = "".join(f"; {k} {v['text']}" for k, v in r["counts"].items())
        _out(
            f"  [{r['report_id']}] {r['source']} {r['source_incident_id']}: {r['date']}, "
            f"{r['place'] or '?'}, {r['incident_type'] or '?'}; {killed}{others}; "
            f"belligerent: {r['belligerent'] or '—'}"
            + (f" ({r['assessment']})" if r["assessment"] else "")
            + (f"; source grade {r['source_grade']}" if r["source_grade"] else "")
            + (f"; strike status {r['source_status']}" if r["source_status"] else "")
            + score
        )


@incidents_app.command("show")
@handle_errors
def show_cmd(
    ctx: typer.Context,
    incident: Annotated[int, typer.Argument(help="Incident id (tawthiq incidents list).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One incident: range, best figure and rule, grade and reasons, claims, sources, victims."""
    from tawthiq.incidents import incident_detail

    with opened_store(ctx) as (_, engine):
        d = incident_detail(engine, incident)
    if as_json:
        typer.echo(json.dumps(d, indent=2, ensure_ascii=False, default=str))
        return
    _print_detail(d)


@incidents_app.command("grade")
@handle_errors
def grade_cmd(
    ctx: typer.Context,
    incident: Annotated[int, typer.Argument(help="Incident id.")],
    set_grade: Annotated[
        GradeChoice | None, typer.Option("--set", help="Override the computed grade.")
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the override.")] = False,
    note: Annotated[str | None, typer.Option("--note", help="Why (required to change).")] = None,
) -> None:
    """Show an incident's grade and reasons, or override it with a note (audited)."""
    from tawthiq.incidents import incident_detail, override_grade

    if set_grade is not None and clear:
        raise fail("use either --set or --clear")
    with opened_store(ctx) as (_, engine):
        if set_grade is None and not clear:
            d = incident_detail(engine, incident)
        else:
            d = override_grade(
                engine, incident, set_grade.value if set_grade else None, note=note or ""
            )
    _out(f"incident {incident}: grade {d['grade']} (computed: {d['computed_grade']})")
    for reason in d["grade_reasons"]:
        _out(f"  because: {reason}")
    for g in d.get("source_grades") or []:
        status = f", {g['status'].replace('_', ' ')} strike" if g.get("status") else ""
        _out(f"  {g['source']}'s own grade: {g.get('grade') or 'none'}{status}")
    if d["deaths_all"]["text"] != "not reported":
        _out(f"all deaths (civilians or not; not added to civilians): {d['deaths_all']['text']}")
    for c in d.get("counts") or []:
        _out(f"{c['label']}: {c['text']}")
    if d["override"]:
        _out(f"  override by {d['override']['by']}: {d['override']['note']}")


@incidents_app.command("review")
@handle_errors
def review_cmd(
    ctx: typer.Context, limit: Annotated[int, typer.Option("--limit", min=1)] = 50
) -> None:
    """Pairs of reports that may describe one event, for a reviewer to decide."""
    from tawthiq.incidents import review_queue

    with opened_store(ctx) as (_, engine):
        rows = review_queue(engine)
    for r in rows[:limit]:
        _out(
            f"reports {r['report_l']} and {r['report_r']}: score {r['score']:.2f} — "
            + "; ".join(r["reasons"] or [])
        )
    _out(f"{len(rows):,} pairs to review (tawthiq incidents decide LEFT RIGHT same|different)")


@incidents_app.command("decide")
@handle_errors
def decide_cmd(
    ctx: typer.Context,
    left: Annotated[int, typer.Argument(help="Report id.")],
    right: Annotated[int, typer.Argument(help="Report id.")],
    decision: Annotated[PairDecision, typer.Argument(help="same or different.")],
    note: Annotated[str | None, typer.Option("--note")] = None,
) -> None:
    """Decide whether two reports are one event; re-reconciles (audited)."""
    from tawthiq.incidents import decide_reports, reconcile_workspace

    with opened_store(ctx) as (_, engine):
        decide_reports(engine, left, right, decision.value, note=note)
        s = reconcile_workspace(engine)
    _out(f"recorded: reports {left} and {right} are {decision.value}; {s.incidents:,} incidents")


@incidents_app.command("merge")
@handle_errors
def merge_cmd(
    ctx: typer.Context,
    first: Annotated[int, typer.Argument(help="Incident id.")],
    second: Annotated[int, typer.Argument(help="Incident id.")],
    note: Annotated[str, typer.Option("--note", help="Why they are one event.")],
) -> None:
    """Merge two incidents into one (a reviewer decision, audited)."""
    from tawthiq.incidents import merge_incidents

    with opened_store(ctx) as (_, engine):
        s = merge_incidents(engine, first, second, note=note)
    _out(f"merged incidents {first} and {second}; {s.incidents:,} incidents")


@incidents_app.command("split")
@handle_errors
def split_cmd(
    ctx: typer.Context,
    incident: Annotated[int, typer.Argument(help="Incident id.")],
    report: Annotated[int, typer.Option("--report", help="Report to take out of it.")],
    note: Annotated[str, typer.Option("--note", help="Why it is another event.")],
) -> None:
    """Take a report out of an incident (a reviewer decision, audited)."""
    from tawthiq.incidents import split_report

    with opened_store(ctx) as (_, engine):
        s = split_report(engine, incident, report, note=note)
    _out(f"report {report} taken out of incident {incident}; {s.incidents:,} incidents")


@incidents_app.command("aggregate")
@handle_errors
def aggregate_cmd(
    ctx: typer.Context,
    by: Annotated[
        str, typer.Option("--by", help="belligerent, period and/or governorate, comma-separated.")
    ] = "belligerent",
    period: Annotated[str, typer.Option("--period", help="year or month.")] = "year",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Civilian deaths by belligerent, period or governorate, as ranges; contested kept apart;
    all-death counts (ACLED fatalities) shown apart, never added to civilians."""
    from tawthiq.incidents import incident_aggregates

    keys = tuple(k.strip() for k in by.split(",") if k.strip())
    with opened_store(ctx) as (_, engine):
        try:
            rows = incident_aggregates(engine, keys, period=period)
        except ValueError as err:
            raise fail(str(err)) from None
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in rows], indent=2, ensure_ascii=False))
        return
    for r in rows:
        _out(
            f"{r.label}: civilians killed {r.killed} in {r.incidents:,} "
            f"incident{'s' if r.incidents != 1 else ''}"
            + (" (contested attribution)" if r.contested else "")
            + (f"; {r.unreported} without a civilian count" if r.unreported else "")
            + (
                f"; all deaths, civilians or not (sources counting everyone; not added): "
                f"{r.deaths_all}"
                if r.deaths_all.known
                else ""
            )
        )


@incidents_app.command("facilities")
@handle_errors
def facilities_cmd(ctx: typer.Context) -> None:
    """Health facilities attacked (each once) and attacks on them (each once)."""
    from tawthiq.incidents import facility_summary

    with opened_store(ctx) as (_, engine):
        s = facility_summary(engine)
    _out(
        f"{s['facilities_attacked']:,} facilities attacked; {s['attacks']:,} attacks; "
        f"{s['facilities_attacked_more_than_once']:,} attacked more than once"
    )
    counts = s.get("health_care_counts") or {}
    if counts:
        _out("health care harmed (sum over incidents; WHO SSA type):")
    for c in counts.values():
        high = "?" if c["max"] is None else f"{c['max']:,}"
        total = f"{c['min']:,}" if c["max"] == c["min"] else f"{c['min']:,}–{high}"
        _out(
            f"  {c['label']}: {total} in {c['incidents']:,} "
            f"incident{'s' if c['incidents'] != 1 else ''} ({c['who_ssa_type']})"
        )


@incidents_app.command("export")
@handle_errors
def export_cmd(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="CSV file to write.")],
    public: Annotated[
        bool, typer.Option("--public", help="Withhold sensitive fields (WHO SSA practice).")
    ] = False,
) -> None:
    """Export reconciled incidents as CSV (full, or public with withheld fields)."""
    from tawthiq.incidents import export_incidents

    with opened_store(ctx) as (_, engine):
        n = export_incidents(engine, out, public=public)
    _out(
        f"wrote {n:,} incidents to {out}"
        + (" (public: sensitive fields withheld)" if public else "")
    )


def register(app: typer.Typer) -> None:
    """Add this area's commands to app."""
    app.add_typer(incidents_app, name="incidents")
