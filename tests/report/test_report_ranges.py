"""Units, agreed values and ranges: imprecise dates and ages are counted as ranges."""

from __future__ import annotations

from datetime import date
from typing import Any

from tawthiq.report.build import ReportOptions, compute_figures
from tawthiq.report.data import Dataset, _unit
from tawthiq.report.figures import Figure


def _rec(i: int, person: int | None, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": i,
        "source": kw.pop("source", "list_A"),
        "source_record_id": str(i),
        "person_id": person,
        "sex": None,
        "age_min": None,
        "age_max": None,
        "date_earliest": None,
        "date_latest": None,
        "date_precision": None,
        "admin1_pcode": None,
        "governorate_text": None,
        "place_text": None,
        "cause": None,
        "perpetrator": None,
        "status": "civilian",
        "sensitivity": "restricted",
    }
    base.update(kw)
    return base


def _dataset(records: list[dict[str, Any]]) -> Dataset:
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        key = f"p{r['person_id']}" if r["person_id"] is not None else f"r{r['id']}"
        groups.setdefault(key, []).append(r)
    units = [_unit(k, rs) for k, rs in groups.items()]
    linked = any(r["person_id"] is not None for r in records)
    return Dataset(linked, units, records, sorted({r["source"] for r in records}))


def test_person_takes_majority_codes_and_the_most_precise_date() -> None:
    u = _unit(
        "p1",
        [
            _rec(
                1,
                1,
                admin1_pcode="SY02",
                date_earliest=date(2016, 1, 1),
                date_latest=date(2016, 12, 31),
                cause="shelling",
            ),
            _rec(
                2,
                1,
                admin1_pcode="SY02",
                date_earliest=date(2016, 11, 19),
                date_latest=date(2016, 11, 19),
                cause="airstrike",
                source="list_B",
            ),
            _rec(3, 1, admin1_pcode="SY07", cause="airstrike", source="list_C"),
        ],
    )
    assert u.admin1 == "SY02" and u.cause == "airstrike"
    assert (u.date_earliest, u.date_latest) == (date(2016, 11, 19), date(2016, 11, 19))
    assert u.sources == frozenset({"list_A", "list_B", "list_C"})


def test_month_year_and_age_ranges() -> None:
    day = {
        "date_earliest": date(2016, 11, 19),
        "date_latest": date(2016, 11, 19),
        "date_precision": "day",
    }
    year = {
        "date_earliest": date(2016, 1, 1),
        "date_latest": date(2016, 12, 31),
        "date_precision": "year",
    }
    data = _dataset(
        [
            _rec(1, 1, age_min=10.0, age_max=10.0, **day),
            _rec(2, 2, age_min=65.0, age_max=80.0, **day),
            _rec(3, 3, age_min=15.0, age_max=25.0, **year),  # child or adult; month unknown
            _rec(4, 4, **year),
            _rec(5, 4, source="list_B", **year),  # same person, second list
        ]
    )
    book, _layout = compute_figures(data, ReportOptions(method="none"), "Rtest")
    f: dict[str, Figure] = book.figures
    assert f["total"].value == {"count": 4}  # four persons, five records
    assert f["month.2016-11"].value == {"min": 2, "max": 4}
    assert f["month.2016-03"].value == {"min": 0, "max": 2}
    assert f["year.2016"].value == {"count": 4}
    assert f["age.child"].value == {"min": 1, "max": 2}
    assert f["age.adult"].value == {"min": 0, "max": 1}
    assert f["age.elderly"].value == {"count": 1}
    assert f["age.~blank"].value == {"count": 1}  # no age: the blank key
    assert f["month.2016-11"].text() == "2–4"
    assert f["overlap.list_A+list_B"].value == {"count": 1}
    assert f["source.list_A.records"].value == {"count": 4}


def test_period_total_is_a_range_and_public_cells_are_suppressed() -> None:
    year = {"date_earliest": date(2016, 1, 1), "date_latest": date(2016, 12, 31)}
    day = {"date_earliest": date(2016, 3, 2), "date_latest": date(2016, 3, 2)}
    data = _dataset([_rec(i, i, **(day if i < 8 else year)) for i in range(1, 11)])
    opts = ReportOptions(start=date(2016, 3, 1), end=date(2016, 3, 31), public=True, method="none")
    book, _ = compute_figures(data, opts, "Rtest")
    total = book.figures["total"]
    assert total.value == {"min": 7, "max": 10}
    assert total.text(opts.shown_threshold) == "7–10"
    small = Figure("x", "x", "count", {"count": 3}, {}, {})
    assert small.suppressed(5) and small.text(5) == "<5"
    assert Figure("x", "x", "count", {"count": 0}, {}, {}).text(5) == "0"
    assert Figure("x", "x", "range", {"min": 2, "max": 9}, {}, {}).text(5) == "<5–9"
