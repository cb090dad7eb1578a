"""``tawthiq report``: a self-contained HTML report (and PDF) whose every number is cited.

The report counts units (persons when linked, else records; see ``report.data``) in a period,
by month, governorate (with a map), perpetrator, cause, sex and age group; compares what was
documented with a multiple systems estimate per governorate; lists the sources by kind (victim
lists and how they overlap; incident sources and their reports), reconciled incidents with
their grades, and the state of the data. Every number is a
:class:`~tawthiq.report.figures.Figure` stored in ``report_figures``; in the HTML it is a link
``<a data-figure="ID" href="<stem>-citations/ID.csv">`` to a CSV of the records behind it.

The work is split by stage: ``sections`` computes the figures (one function per section),
``render`` fills the Jinja2 template ``templates/report.html``, and this module stores the
figures, writes the citation CSVs, the HTML and the PDF.

``--public`` hides counts below a threshold (shown as ``<5``) and writes only public fields to
the citation CSVs (``tawthiq.model.sensitivity``); hidden counts get no CSV at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tawthiq.errors import ConfigError
from tawthiq.report.data import load_dataset, load_incidents
from tawthiq.report.estimate import EstimateOutcome, estimate_units
from tawthiq.report.figures import Figure, new_report_id, write_citation_csv
from tawthiq.report.options import DEFAULT_THRESHOLD, ReportOptions
from tawthiq.report.render import render_html
from tawthiq.report.sections import Layout, compute_figures

__all__ = [
    "DEFAULT_THRESHOLD",
    "EstimateOutcome",
    "Layout",
    "ReportOptions",
    "ReportResult",
    "build_report",
    "compute_figures",
    "estimate_units",
    "render_html",
    "write_demo_reports",
    "write_pdf",
]


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
    on_step: Callable[[int, int, str], None] = lambda _i, _n, _what: None,
) -> ReportResult:
    """Compute, store and render a report: ``out`` (HTML), its citation CSVs and ``pdf``.

    ``on_step(i, n, what)`` is told as each of its steps begins (for a progress line)."""
    options = options or ReportOptions()
    steps = ["reading the store", "computing the figures", "writing the citations", "writing"]
    if pdf is not None:
        steps.append("writing the PDF")

    def begin(i: int) -> None:
        on_step(i + 1, len(steps), steps[i])

    report_id = new_report_id("R", options.params())
    begin(0)
    with engine.connect() as conn:
        data = load_dataset(conn)
    load_incidents(engine, data)
    begin(1)
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
    begin(2)
    for f in book.figures.values():
        if not csv_ok(f):
            continue
        rows = [{"role": "counted", **_public_fields(by_id[i])} for i in f.refs.get("records", [])]
        rows += [
            {"role": "possible", **_public_fields(by_id[i])} for i in f.refs.get("possible", [])
        ]
        extra = [("raw_row", f"{a}:{b}") for a, b in f.refs.get("raw_rows", [])]
        extra += [("review_pair", str(p)) for p in f.refs.get("review_pairs", [])]
        extra += [("incident_report", str(i)) for i in f.refs.get("incidents", [])]
        extra += [("incident", str(i)) for i in f.refs.get("reconciled_incidents", [])]
        write_citation_csv(
            cite_dir / f"{f.figure_id}.csv", f.figure_id, rows, public=options.public, extra=extra
        )
        n_csv += 1
    generated = datetime.now(UTC)
    begin(3)
    html = render_html(book, layout, data, options, cite_dir.name, generated, csv_ok)
    out.write_text(html, encoding="utf-8")
    if pdf is not None:
        begin(4)
        write_pdf(html, pdf, out.parent)
    note = "estimated" if layout.estimate.total else f"not estimated: {layout.estimate.reason}"
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
