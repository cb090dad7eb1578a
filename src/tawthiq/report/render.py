"""The report as HTML: a Jinja2 template (``templates/report.html``) over the computed figures.

Why a template: the page's words and structure are read and changed in one file, apart from
the counting (``report.sections``). Autoescaping is on; only the charts and the cited numbers
are inserted as markup, and they escape every text they hold themselves.

Every number goes through :meth:`Cite.num`: a link ``<a data-figure="ID" href="...csv">`` to
the CSV of the records behind it (none for a number a public edition hides). Arabic text is
never drawn as SVG text: WeasyPrint lays SVG text out left to right without shaping, which
reversed and unjoined the map legend's title. The map legend's title and the overlap chart's
list names are HTML (``charts.overlap_html``), laid out by the browser or by Pango in the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from html import escape
from importlib.resources import files
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from tawthiq.report.charts import hbar_html, month_chart, overlap_html
from tawthiq.report.data import Dataset
from tawthiq.report.figures import Figure, FigureBook
from tawthiq.report.i18n import (
    category_label,
    governorate_label,
    status_label,
    t,
    translate,
)
from tawthiq.report.maps import choropleth_svg
from tawthiq.report.options import ReportOptions
from tawthiq.report.sections import Layout

__all__ = ["Cite", "render_html"]


class Cite:
    """Links numbers to their citation CSVs (``<dir>/<figure id>.csv``)."""

    def __init__(
        self, options: ReportOptions, citations_dir: str, csv_ok: Callable[[Figure], bool]
    ):
        self.options = options
        self.dir = citations_dir
        self.csv_ok = csv_ok

    def href(self, fig: Figure) -> str | None:
        """The CSV's relative URL (figure ids are file-name safe; the URL is still quoted)."""
        if not self.csv_ok(fig):
            return None
        return f"{quote(self.dir)}/{quote(fig.figure_id)}.csv"

    def num(self, fig: Figure | None) -> Markup:
        """The figure as printed, inside its citation link (``—`` for no figure)."""
        if fig is None:
            return Markup("—")
        h = self.href(fig)
        link = f' href="{escape(h)}"' if h else ""
        fid = escape(fig.figure_id)
        text = escape(fig.text(self.options.shown_threshold))
        if fig.kind == "estimate":
            v = fig.value
            method = escape(f"{v['method']} {v.get('model') or ''}".strip())
            return Markup(
                f'<a data-figure="{fid}"{link} title="{fid}">'
                f'{text} <span class="meta">{method}</span></a>'
            )
        return Markup(f'<a data-figure="{fid}"{link} title="{fid}">{text}</a>')


@cache
def _environment() -> Environment:
    folder = files("tawthiq.report").joinpath("templates")
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def _css() -> str:
    return files("tawthiq.report").joinpath("templates", "report.css").read_text(encoding="utf-8")


def render_html(
    book: FigureBook,
    layout: Layout,
    data: Dataset,
    options: ReportOptions,
    citations_dir: str,
    generated: datetime,
    csv_ok: Callable[[Figure], bool],
) -> str:
    """The self-contained HTML report (inline CSS and charts, no script, no network)."""
    lang = options.lang
    rtl = lang == "ar"
    cite = Cite(options, citations_dir, csv_ok)
    thr = options.shown_threshold

    def tr(key: str) -> str:
        return t(key, lang)

    def bars(rows: list[tuple[Any, Figure]], fieldname: str) -> Markup:
        if fieldname == "age":
            labelled = [(tr(f"age.{k}") if k else tr("unknown"), f) for k, f in rows]
        else:
            labelled = [(category_label(fieldname, k, lang), f) for k, f in rows]
        return Markup(hbar_html(labelled, href=cite.href, threshold=thr))

    values: dict[str, float] = {}
    links: dict[str, tuple[str | None, str]] = {}
    labels: dict[str, str] = {}
    for pc, f in layout.gov:
        if pc is None:
            continue
        values[pc] = float(options.threshold) if f.suppressed(thr) else f.low
        links[pc] = (cite.href(f), f.figure_id)
        labels[pc] = f.text(thr)
    the_map = choropleth_svg(
        values,
        lang=lang,
        title=tr("by_gov"),
        width=360,
        legend_label="",
        links=links,
        labels=labels,
        legend_floor=float(thr) if thr else 1.0,
    )
    month_svg = month_chart(
        layout.months, href=cite.href, threshold=thr, rtl=rtl, title=tr("by_month")
    )
    overlap = ""
    if data.linked and layout.overlap:
        overlap = overlap_html(layout.overlap, data.sources, href=cite.href, threshold=thr)
    intro = Markup("")
    if layout.estimate.total is not None:
        level = f"{layout.estimate.total.value['level']:.0%}"
        intro = Markup.escape(tr("estimate_intro")).format(
            level=Markup('<span data-role="label">{}</span>').format(level)
        )
    return (
        _environment()
        .get_template("report.html")
        .render(
            lang=lang,
            dir="rtl" if rtl else "ltr",
            css=Markup(_css()),
            tr=tr,
            num=cite.num,
            bars=bars,
            gov_name=lambda pc: governorate_label(pc, lang),
            status_name=lambda s: status_label(s, lang),
            report_id=book.report_id,
            generated=generated.strftime("%Y-%m-%d %H:%M UTC"),
            start=options.start.isoformat() if options.start else None,
            end=options.end.isoformat() if options.end else None,
            public=options.public,
            public_note=tr("public_note").format(t=options.threshold),
            linked=data.linked,
            L=layout,
            the_map=Markup(the_map),
            month_svg=Markup(month_svg),
            overlap=Markup(overlap),
            estimate_intro=intro,
            reason=translate(layout.estimate.reason or "", lang),
            breakdown_reason=translate(layout.estimate.breakdown_reason or "", lang),
        )
    )
