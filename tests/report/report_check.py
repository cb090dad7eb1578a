"""Checks shared by the report tests: every number of a report's HTML is a cited figure, and
the figure's explanation (``tawthiq explain``) accounts for exactly that number.

``check_report`` takes a function that explains one figure id as ``Explanation.to_dict()`` —
the command line (``explain --json``) in the acceptance tests, the library call in the property
test, where hundreds of reports are checked.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from tawthiq.report.build import ReportResult

NUMBER = re.compile(r"\d")

Explain = Callable[[str], dict[str, Any]]


class Figures(HTMLParser):
    """Collects each data-figure element's text, and digits found outside any of them."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None, bool]] = []  # tag, figure id, exempt
        self.figures: dict[str, list[str]] = {}
        self.hrefs: dict[str, str | None] = {}
        self.loose: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        fid = a.get("data-figure")
        exempt = a.get("data-role") in ("label", "scale") or tag in ("time", "style", "title")
        if tag == "title" and not any(f for _, f, _ in self.stack):
            exempt = True  # the document title
        elif tag == "title":
            exempt = False
        self.stack.append((tag, fid, exempt))
        if fid is not None:
            self.figures.setdefault(fid, [])
            self.hrefs[fid] = a.get("href")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            t, _, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        fid = next((f for _, f, _ in reversed(self.stack) if f is not None), None)
        if fid is not None:
            self.figures[fid].append(data)
        elif NUMBER.search(data) and not any(e for _, _, e in self.stack):
            self.loose.append(data.strip())


def parse(path: Path) -> Figures:
    p = Figures()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def ints(text: str) -> list[int]:
    return [int(x.replace(",", "")) for x in re.findall(r"\d[\d,]*", text)]


def check_report(r: ReportResult, explain: Explain) -> int:
    """Assert every number is cited and explained; returns how many figures were checked."""
    parsed = parse(r.html)
    assert parsed.loose == [], f"numbers without a citation: {parsed.loose[:10]}"
    assert set(parsed.figures) == {f.figure_id for f in r.figures.values()}
    checked = 0
    for fid, texts in parsed.figures.items():
        shown = " ".join(texts)
        e = explain(fid)
        assert e["figure_id"] == fid
        value = e["value"]
        records = e["records"]
        assert all(x["source"] != "(record no longer in the store)" for x in records), fid
        counted = [x for x in records if x["role"] == "counted"]
        possible = [x for x in records if x["role"] == "possible"]
        unit = e["query"].get("unit")

        def units(rows: list[dict[str, Any]], unit: object = unit) -> set[object]:
            if unit == "records":
                return {x["id"] for x in rows}
            return {x["person_id"] if x["person_id"] is not None else f"r{x['id']}" for x in rows}

        numbers = ints(shown.split(":")[-1] if e["kind"] != "estimate" else shown)
        if e["kind"] == "count":
            cited = (
                len(e["raw_rows"])
                + len(e["review_pairs"])
                + len(e["incidents"])
                + len(e.get("reconciled_incidents", []))
                + len(units(counted))
            )
            assert value["count"] == cited, fid
            assert numbers[-1] == cited, (fid, shown)
        elif e["kind"] == "range":
            if e["incidents"] or e.get("reconciled_incidents"):
                # sums of reported casualty ranges, not a count of rows
                assert numbers[-2:] == [value["min"], value["max"]] or (
                    value["min"] == value["max"] and numbers[-1] == value["min"]
                ), (fid, shown)
                checked += 1
                continue
            lo = len(units(counted))
            hi = lo + len(units(possible) - units(counted))
            assert (value["min"], value["max"]) == (lo, hi), fid
            assert numbers[-2:] == [lo, hi] or (lo == hi and numbers[-1] == lo), (fid, shown)
        else:
            assert e["kind"] == "estimate"
            assert value["observed"] == len(units(counted)), fid
            assert value["method"] in shown
            bounds = [value["estimate"], value["lower"], value["upper"]]
            expected = [round(x) for x in bounds if x is not None]
            assert numbers[: len(expected)] == expected, shown
        # the linked CSV lists exactly the cited records
        href = parsed.hrefs[fid]
        assert href is not None
        from urllib.parse import unquote

        with (r.html.parent / unquote(href)).open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        ids = sorted(int(x["id"]) for x in rows if x["role"] in ("counted", "possible"))
        assert ids == sorted(int(x["id"]) for x in records), fid
        checked += 1
    return checked
