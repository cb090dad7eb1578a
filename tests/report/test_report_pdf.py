"""A report true to its data, read back from the PDF (issue 17, item 2).

A simulated world's victim lists plus an incident-only source (an Airwars-style export),
reconciled, with one grade set by a reviewer. The PDF's text is extracted page by page
(pypdf): every page has text (no blank page), the incident source is listed as such and not as
a victim list, grades are the reconciled ones (and the override), and Arabic words of charts and
the map legend come out in reading order — WeasyPrint draws SVG text left to right without
shaping, which is how the map legend's title came out reversed before it became HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from report_world import import_and_link, make_world

from tawthiq.config import DATABASE_URL_ENV, Workspace, init_workspace
from tawthiq.incidents import list_incidents, override_grade, reconcile_workspace
from tawthiq.ingest import import_file
from tawthiq.report.build import ReportOptions, build_report
from tawthiq.report.i18n import t
from tawthiq.store import open_store

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

AIRWARS = Path(__file__).parents[1] / "ingest" / "data" / "airwars_style_sample.csv"


@pytest.fixture(scope="module")
def world_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(DATABASE_URL_ENV, raising=False)
        root = tmp_path_factory.mktemp("pdf")
        world = make_world(root / "lists", people=400, seed=8)
        ws, _ = init_workspace(root / "ws")
        engine = open_store(ws)
        try:
            import_and_link(engine, world, root / "lists")
            import_file(engine, AIRWARS, "Airwars")
            reconcile_workspace(engine, run_by="test")
            first = list_incidents(engine)[0]["id"]
            override_grade(engine, first, "weak", note="test: a reviewer's grade", run_by="test")
        finally:
            engine.dispose()
        yield ws


#: what a page shows even when it is blank: the page number ("3 / 5"), and the report's own
#: footer line ("tawthiq · R…") when it was pushed alone onto a last page
FOOTERS = re.compile(r"\s*(tawthiq · R[0-9a-f]{10}|R[0-9a-f]{10} · tawthiq)?\s*\d+ / \d+\s*$")


def _pages(pdf: Path) -> list[str]:
    """Each page's text without what a blank page shows too (its footers)."""
    return [FOOTERS.sub("", p.extract_text() or "") for p in pypdf.PdfReader(str(pdf)).pages]


def test_the_footer_never_stands_alone_on_a_last_page(tmp_path: Path) -> None:
    """Tables of 35 to 40 rows end a page around the footer, and used to leave it alone on
    a page of its own (at 37 and 38 rows) — the blank last page of the issue."""
    import weasyprint

    from tawthiq.report.render import _css

    for n in range(35, 41):
        rows = "".join(f"<tr><td>row</td><td>{i}</td></tr>" for i in range(n))
        html = (
            f"<html><head><style>{_css()}</style></head><body><section class=long><h2>Q</h2>"
            f"<table><tbody>{rows}</tbody></table></section>"
            "<footer>tawthiq · <span>R0123456789</span></footer></body></html>"
        )
        weasyprint.HTML(string=html).write_pdf(tmp_path / "f.pdf")
        pages = _pages(tmp_path / "f.pdf")
        assert all(p.strip() for p in pages), f"{n} rows: a page with only the footer"


def _report(ws: Workspace, out: Path, lang: str) -> tuple[list[str], str]:
    engine = open_store(ws)
    try:
        r = build_report(
            engine, out / f"r-{lang}.html", ReportOptions(lang=lang, method="none"),
            pdf=out / f"r-{lang}.pdf",
        )  # fmt: skip
    finally:
        engine.dispose()
    assert r.pdf is not None
    return _pages(r.pdf), r.html.read_text(encoding="utf-8")


@pytest.mark.slow
def test_english_pdf_lists_sources_by_kind_and_reconciled_grades(
    world_ws: Workspace, tmp_path: Path
) -> None:
    pages, html = _report(world_ws, tmp_path, "en")
    blank = [i + 1 for i, text in enumerate(pages) if not text.strip()]
    assert blank == [], f"blank pages {blank} of {len(pages)}"
    text = "\n".join(pages)
    # sources by kind: the monitor is an incident source, not a list with 0 records
    lists_part = text.split("Victim lists", 1)[1].split("Incident sources", 1)[0]
    assert "Airwars" not in lists_part
    assert "list_A" in lists_part
    incident_part = text.split("Incident sources", 1)[1]
    assert re.search(r"Airwars\s+\d+", incident_part)
    # grades are the reconciled ones and the reviewer's override; none "not graded"
    engine = open_store(world_ws)
    try:
        grades = {i["grade"] for i in list_incidents(engine)}
    finally:
        engine.dispose()
    assert None not in grades and "weak" in grades
    for g in grades:
        assert 'data-figure="R' in html and f".incidents.grade.{g}" in html
    assert "Grade: not graded" not in text and "Grade: not recorded" not in text
    assert "of which the grade was set by a reviewer" in text


@pytest.mark.slow
def test_arabic_pdf_has_no_blank_page_and_legend_text_in_reading_order(
    world_ws: Workspace, tmp_path: Path
) -> None:
    pages, _ = _report(world_ws, tmp_path, "ar")
    blank = [i + 1 for i, text in enumerate(pages) if not text.strip()]
    assert blank == [], f"blank pages {blank} of {len(pages)}"
    text = "\n".join(pages)
    legend = t("deaths", "ar")  # the map legend's title
    by_gov = t("by_gov", "ar")
    assert legend in text and by_gov in text
    # reversed (visual-order, unshaped) Arabic is what SVG text gave: none of it may remain
    for words in (legend, by_gov, t("incident_sources", "ar"), t("lists", "ar")):
        for word in words.split():
            if len(word) > 2 and word != word[::-1]:
                assert word[::-1] not in text, f"{word!r} came out reversed"
    # every governorate name on the page reads in order (the map's tooltips are not text)
    assert "حلب" in text and "إدلب" in text
