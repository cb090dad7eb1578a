"""Charts for reports: bars whose every number is a cited figure.

Each bar (and its value) is wrapped in ``<a data-figure="ID" href="...csv">`` so the number and
the shape both lead to the records behind them; axis and category labels carry
``data-role="label"``. Charts with words (bars by category, the lists' overlap) are HTML tables:
WeasyPrint draws SVG text left to right without shaping, so Arabic labels in SVG came out
reversed in the PDF. Only the month chart is SVG (its labels are years), mirrored for Arabic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from tawthiq.report.figures import Figure

__all__ = ["hbar_html", "month_chart", "overlap_html"]

BAR = "#b2182b"
BAR_LIGHT = "#f4a582"
FONT = 'font-family="DejaVu Sans, Noto Sans Arabic, Arial, sans-serif"'

Href = Callable[[Figure], str | None]


def _open_link(fig: Figure, href: Href) -> str:
    target = href(fig)
    link = f' href="{escape(target)}"' if target else ""
    return f'<a data-figure="{escape(fig.figure_id)}"{link}>'


def hbar_html(rows: Sequence[tuple[str, Figure]], *, href: Href, threshold: int = 0) -> str:
    """Horizontal bars as an HTML table (text is laid out by the browser, so Arabic labels are
    shaped and ordered right in HTML and in WeasyPrint's PDF, where SVG text is not)."""
    if not rows:
        return ""
    top = max((0 if f.suppressed(threshold) else f.high for _, f in rows), default=0) or 1
    out = ['<table class="bars"><tbody>']
    for label, fig in rows:
        hidden = fig.suppressed(threshold)
        lo = 0.0 if hidden else 100 * fig.low / top
        hi = 0.0 if hidden else 100 * fig.high / top
        target = href(fig)
        link = f' href="{escape(target)}"' if target else ""
        out.append(
            f'<tr><td class="lbl" data-role="label">{escape(label)}</td><td class="bar">'
            f'<span class="b" style="width:{max(lo, 0.3):.1f}%"></span>'
            + (f'<span class="b2" style="width:{hi - lo:.1f}%"></span>' if hi > lo else "")
            + f'</td><td class="n"><a data-figure="{escape(fig.figure_id)}"{link}>'
            f"{escape(fig.text(threshold))}</a></td></tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def month_chart(
    rows: Sequence[tuple[str, Figure]],
    *,
    href: Href,
    threshold: int = 0,
    rtl: bool = False,
    width: int = 660,
    height: int = 200,
    title: str = "",
) -> str:
    """Vertical bars by month (labels ``YYYY-MM``); the year is written under each January."""
    if not rows:
        return ""
    left, bottom, top_pad = 8, 22, 8
    plot_w = width - 2 * left
    plot_h = height - bottom - top_pad
    top = max((0 if f.suppressed(threshold) else f.high for _, f in rows), default=0) or 1
    step = plot_w / len(rows)
    bw = max(step * 0.8, 0.8)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" {FONT} '
        'font-size="10">',
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - left}" '
        f'y2="{top_pad + plot_h}" stroke="#999999" stroke-width="0.6"/>',
    ]
    for i, (label, fig) in enumerate(rows):
        pos = left + i * step + (step - bw) / 2
        xx = width - pos - bw if rtl else pos
        hidden = fig.suppressed(threshold)
        lo = 0.0 if hidden else fig.low
        hi = 0.0 if hidden else fig.high
        h_lo = plot_h * lo / top
        h_hi = plot_h * hi / top
        base = top_pad + plot_h
        parts.append(_open_link(fig, href))
        parts.append(f"<title>{escape(label)}: {escape(fig.text(threshold))}</title>")
        if h_hi > h_lo:
            parts.append(
                f'<rect x="{xx:.1f}" y="{base - h_hi:.1f}" width="{bw:.1f}" '
                f'height="{h_hi - h_lo:.1f}" fill="{BAR_LIGHT}"/>'
            )
        parts.append(
            f'<rect x="{xx:.1f}" y="{base - h_lo:.1f}" width="{bw:.1f}" height="{h_lo:.1f}" '
            f'fill="{BAR}"/></a>'
        )
        if label.endswith("-01") or i == 0:
            # right to left, a year is written leftwards from its first bar, so it stays inside
            anchor, tx = ("end", xx + bw) if rtl else ("start", xx)
            parts.append(
                f'<text data-role="label" x="{tx:.1f}" y="{height - 6}" direction="ltr" '
                f'text-anchor="{anchor}" font-size="9">{escape(label[:4])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def overlap_html(
    rows: Sequence[tuple[frozenset[str], Figure]],
    lists: Sequence[str],
    *,
    href: Href,
    threshold: int = 0,
) -> str:
    """Which lists recorded whom, as an HTML table: one column per list (its name in the head),
    one row per combination of lists (a filled dot for each list in it), a bar and the number.

    HTML rather than SVG so that list names in Arabic are shaped and ordered by the browser and
    by Pango in the PDF (WeasyPrint draws SVG text left to right, unshaped).
    """
    if not rows:
        return ""
    top = max((0 if f.suppressed(threshold) else f.high for _, f in rows), default=0) or 1
    head = "".join(f'<th class="list" data-role="label">{escape(n)}</th>' for n in lists)
    out = [f'<table class="overlap"><thead><tr>{head}<th></th><th></th></tr></thead><tbody>']
    for combo, fig in rows:
        dots = "".join(f'<td class="dot">{"●" if n in combo else "○"}</td>' for n in lists)
        width = 0.0 if fig.suppressed(threshold) else 100 * fig.high / top
        target = href(fig)
        link = f' href="{escape(target)}"' if target else ""
        out.append(
            f'<tr>{dots}<td class="bar"><span class="b" style="width:{max(width, 0.3):.1f}%">'
            f'</span></td><td class="n"><a data-figure="{escape(fig.figure_id)}"{link}>'
            f"{escape(fig.text(threshold))}</a></td></tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)
