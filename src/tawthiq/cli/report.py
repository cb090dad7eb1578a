"""Report commands: report (HTML/PDF with cited figures), explain (a figure's records), check."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tawthiq.cli._common import console, fail, handle_errors, step_status
from tawthiq.cli.workspace import opened_store

__all__ = ["register"]


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} {value!r}: use YYYY-MM-DD") from None


@handle_errors
def report_cmd(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")],
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Also write this PDF.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="ar or en.")] = "en",
    public: Annotated[
        bool,
        typer.Option("--public", help="Public edition: small counts as <N, public fields only."),
    ] = False,
    threshold: Annotated[
        int, typer.Option("--threshold", help="Smallest count shown in a public report.")
    ] = 5,
    method: Annotated[
        str, typer.Option("--method", help="Estimation: lcmcr, loglinear or none.")
    ] = "lcmcr",
) -> None:
    """A self-contained HTML report (and PDF) in which every number cites its records."""
    from tawthiq.report.build import ReportOptions, build_report

    options = ReportOptions(
        lang=lang,
        start=_date(start, "--from"),
        end=_date(end, "--to"),
        public=public,
        threshold=threshold,
        method=method,
    )
    with opened_store(ctx) as (_, engine), step_status() as on_step:
        r = build_report(engine, out, options, pdf=pdf, on_step=on_step)
    console.print(
        f"report {r.report_id}: {r.total.text(options.shown_threshold)} documented deaths "
        f"({r.unit}); {len(r.figures)} figures cited ({r.csv_files} CSV files in "
        f"{r.citations}); estimate: {r.estimate_note}",
        markup=False,
        highlight=False,
    )
    console.print(f"→ {r.html}" + (f", {r.pdf}" if r.pdf else ""), markup=False, highlight=False)


@handle_errors
def explain_cmd(
    ctx: typer.Context,
    figure_id: Annotated[str, typer.Argument(help="A figure id from a report or a check.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    csv_out: Annotated[
        Path | None, typer.Option("--csv", help="Write the cited records to this CSV.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Records to print (0: all).")] = 50,
) -> None:
    """The query and the exact records behind a figure (public fields; never names)."""
    from tawthiq.report.figures import explain, write_citation_csv

    with opened_store(ctx) as (_, engine):
        e = explain(engine, figure_id)
    if csv_out is not None:
        write_citation_csv(csv_out, e.figure_id, e.records)
    if as_json:
        typer.echo(json.dumps(e.to_dict(), ensure_ascii=False, indent=2, default=str))
        return
    console.print(f"{e.figure_id}: {e.label}", markup=False, highlight=False)
    console.print(f"value: {json.dumps(e.value, ensure_ascii=False)}", markup=False)
    console.print(
        f"query: {json.dumps(e.query, ensure_ascii=False, default=str)}",
        markup=False,
        highlight=False,
    )
    counted = sum(1 for r in e.records if r["role"] == "counted")
    possible = len(e.records) - counted
    console.print(
        f"cites {counted} records ({e.persons} distinct persons/records counted)"
        + (f", {possible} possible" if possible else "")
        + (f", {len(e.raw_rows)} raw rows" if e.raw_rows else "")
        + (f", {len(e.review_pairs)} review pairs" if e.review_pairs else "")
        + (f", {len(e.incidents)} incident reports" if e.incidents else "")
        + (
            f", {len(e.reconciled_incidents)} reconciled incidents"
            if e.reconciled_incidents
            else ""
        ),
        markup=False,
        highlight=False,
    )
    cols = [
        "role",
        "id",
        "source",
        "source_record_id",
        "person_id",
        "date_earliest",
        "admin1_pcode",
    ]
    t = Table(*cols)
    shown = e.records if limit <= 0 else e.records[:limit]
    for r in shown:
        t.add_row(*("" if r.get(c) is None else str(r.get(c)) for c in cols))
    if shown:
        console.print(t)
    if len(shown) < len(e.records):
        console.print(f"… {len(e.records) - len(shown)} more (--limit 0 or --csv FILE)")
    for run, row in e.raw_rows[: limit or None]:
        console.print(f"raw row: import run {run}, row {row}", markup=False)
    for p in e.review_pairs[: limit or None]:
        console.print(f"review pair {p}", markup=False)
    if e.incidents:
        console.print(
            "incident reports: " + ", ".join(str(i) for i in e.incidents[: limit or None])
        )
    if e.reconciled_incidents:
        shown_ids = e.reconciled_incidents[: limit or None]
        console.print(
            "incidents (tawthiq incidents show ID): " + ", ".join(str(i) for i in shown_ids)
        )


@handle_errors
def check_cmd(
    ctx: typer.Context,
    claim: Annotated[
        str | None, typer.Argument(help='A claim, e.g. "over 200 killed in Idlib in 2016".')
    ] = None,
    count: Annotated[
        str | None, typer.Option("--count", help="Structured form: '>200', '>=200', '~200', '<50'.")
    ] = None,
    places: Annotated[
        str | None,
        typer.Option("--places", help="Governorates, comma-separated (names or P-codes)."),
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD).")] = None,
    method: Annotated[
        str, typer.Option("--method", help="loglinear, lcmcr or none.")
    ] = "loglinear",
    lang: Annotated[str, typer.Option("--lang", help="Language of the verdict: en or ar.")] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check a claim against the documented deaths (and the estimate where there is one)."""
    from tawthiq.report.claims import Claim, check_claim, parse_claim, parse_count, resolve_places
    from tawthiq.report.i18n import verdict_label

    if (claim is None) == (count is None):
        raise fail('give a claim in words or --count (e.g. --count ">200" --places Idlib)')
    if claim is not None:
        parsed = parse_claim(claim)
    else:
        assert count is not None
        op, n = parse_count(count)
        parsed = Claim(
            op,
            n,
            resolve_places(places.split(",")) if places else (),
            _date(start, "--from"),
            _date(end, "--to"),
        )
    with opened_store(ctx) as (_, engine):
        r = check_claim(engine, parsed, method=method)
    if as_json:
        typer.echo(json.dumps(r.to_dict(), ensure_ascii=False, indent=2, default=str))
        return

    def say(text: str) -> None:
        console.print(text, markup=False, highlight=False)

    say(f"understood: {parsed.understood()}")
    for note in parsed.notes:
        say(f"  note: {note}")
    doc = r.figures["documented"]
    say(f"documented: {doc.text()} {r.unit}  [{doc.figure_id}]")
    if r.estimate is not None:
        est = r.figures["estimate"]
        say(
            f"estimate: {est.text()} at {r.estimate['level']:.0%}  [{est.figure_id}]\n"
            f"  method: {r.estimate['method']}"
        )
    else:
        say(f"estimate: none ({r.estimate_note})")
    verdict = r.verdict + (f" ({verdict_label(r.verdict, lang)})" if lang == "ar" else "")
    say(f"verdict: {verdict}")
    for why in r.reasons:
        say(f"  {why}")
    say(f"records: tawthiq explain {doc.figure_id}")


def register(app: typer.Typer) -> None:
    app.command("report")(report_cmd)
    app.command("explain")(explain_cmd)
    app.command("check")(check_cmd)
