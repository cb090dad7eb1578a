"""Inline SVG charts for reports: bars whose every number is a cited figure.

Each bar (and its value) is wrapped in ``<a data-figure="ID" href="...csv">`` so the number and
the shape both lead to the records behind them; axis and category labels carry
``data-role="label"``. Charts are drawn left-to-right for English and mirrored for Arabic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from tawthiq.report.figures import Figure

__all__ = ["hbar_chart", "hbar_html", "month_chart", "overlap_chart"]

BAR = "#b2182b"
BAR_LIGHT = "#f4a582"
FONT = 'font-family="DejaVu Sans, Noto Sans Arabic, Arial, sans-serif"'

Href = Callable[[Figure], str | None]


def _open_link(fig: Figure, href: Href) -> str:
    target = href(fig)
    link = f' href="{escape(target)}"' if target else ""
    return f'<a data-figure="{escape(fig.figure_id)}"{link}>'


def hbar_chart(
    rows: Sequence[tuple[str, Figure]],
    *,
    href: Href,
    threshold: int = 0,
    rtl: bool = False,
    width: int = 640,
    title: str = "",
) -> str:
    """Horizontal bars, one per (label, figure); ranges drawn solid to min, light to max."""
    if not rows:
        return ""
    label_w = 240
    value_w = 110
    bar_w = width - label_w - value_w - 10
    row_h = 22
    height = row_h * len(rows) + 8
    top = max((f.high for _, f in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" {FONT} '
        'font-size="12">'
    ]

    def x(pos: float, w: float = 0) -> float:
        return width - pos - w if rtl else pos

    for i, (label, fig) in enumerate(rows):
        y = 4 + i * row_h
        hidden = fig.suppressed(threshold)
        lo = 0.0 if hidden else fig.low
        hi = 0.0 if hidden else fig.high
        w_lo = bar_w * lo / top
        w_hi = bar_w * hi / top
        anchor = "end" if not rtl else "start"
        parts.append(
            f'<text data-role="label" x="{x(label_w - 8):.1f}" y="{y + 15}" '
            f'text-anchor="{anchor}">{escape(label)}</text>'
        )
        parts.append(_open_link(fig, href))
        parts.append(f"<title>{escape(label)}: {escape(fig.text(threshold))}</title>")
        if w_hi > w_lo:
            parts.append(
                f'<rect x="{x(label_w + w_lo, w_hi - w_lo):.1f}" y="{y + 3}" '
                f'width="{w_hi - w_lo:.1f}" height="{row_h - 6}" fill="{BAR_LIGHT}"/>'
            )
        parts.append(
            f'<rect x="{x(label_w, w_lo):.1f}" y="{y + 3}" width="{max(w_lo, 0.5):.1f}" '
            f'height="{row_h - 6}" fill="{BAR}"/>'
        )
        tx = label_w + max(w_hi, 1) + 6
        parts.append(
            f'<text x="{x(tx):.1f}" y="{y + 15}" text-anchor="{"start" if not rtl else "end"}">'
            f"{escape(fig.text(threshold))}</text></a>"
        )
    parts.append("</svg>")
    return "".join(parts)


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


def overlap_chart(
    rows: Sequence[tuple[frozenset[str], Figure]],
    lists: Sequence[str],
    *,
    href: Href,
    threshold: int = 0,
    rtl: bool = False,
    width: int = 640,
    title: str = "",
) -> str:
    """Which lists recorded whom: one row per combination of lists (dots), bar = people."""
    if not rows:
        return ""
    dot_w = 26
    grid_w = dot_w * len(lists) + 10
    value_w = 80
    bar_w = width - grid_w - value_w
    row_h = 20
    head = 48
    height = head + row_h * len(rows) + 6
    top = max((f.high for _, f in rows), default=0) or 1

    def x(pos: float, w: float = 0) -> float:
        return width - pos - w if rtl else pos

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" {FONT} '
        'font-size="10">'
    ]
    for j, name in enumerate(lists):
        cx = x(dot_w * j + dot_w / 2)
        parts.append(
            f'<text data-role="label" x="{cx:.1f}" y="{head - 8}" text-anchor="start" '
            f'transform="rotate(-45 {cx:.1f} {head - 8})">{escape(name)}</text>'
        )
    for i, (combo, fig) in enumerate(rows):
        y = head + i * row_h
        for j, name in enumerate(lists):
            on = name in combo
            parts.append(
                f'<circle cx="{x(dot_w * j + dot_w / 2):.1f}" cy="{y + row_h / 2:.1f}" r="5" '
                f'fill="{"#333333" if on else "#dddddd"}"/>'
            )
        hidden = fig.suppressed(threshold)
        w = bar_w * (0 if hidden else fig.high) / top
        parts.append(_open_link(fig, href))
        label = " + ".join(n for n in lists if n in combo)
        parts.append(f"<title>{escape(label)}: {escape(fig.text(threshold))}</title>")
        parts.append(
            f'<rect x="{x(grid_w, w):.1f}" y="{y + 3}" width="{max(w, 0.5):.1f}" '
            f'height="{row_h - 6}" fill="{BAR}"/>'
        )
        parts.append(
            f'<text x="{x(grid_w + w + 5):.1f}" y="{y + 14}" '
            f'text-anchor="{"start" if not rtl else "end"}">{escape(fig.text(threshold))}'
            "</text></a>"
        )
    parts.append("</svg>")
    return "".join(parts)
