"""Stratified estimation: building capture histories per stratum, sparse strata, totals."""

from __future__ import annotations

import math

import numpy as np
import pytest
from estimate_fixtures import KOSOVO, MY_3LIST

from tawthiq.errors import EstimationError
from tawthiq.estimate import (
    LCMCRConfig,
    LoglinearConfig,
    capture_histories,
    capture_table,
    estimate_strata,
    fit,
)

LISTS4 = ("A", "B", "C", "D")
LISTS3 = ("A", "B", "C")


def _long_records(
    rows: list[tuple[int, ...]], lists: tuple[str, ...], region: str, start: int
) -> tuple[list[dict[str, str]], int]:
    """One record per (person, list) from aggregated rows: what `export persons` gives."""
    records = []
    pid = start
    for row in rows:
        for _ in range(row[-1]):
            pid += 1
            for j, name in enumerate(lists):
                if row[j]:
                    records.append({"person_id": f"p{pid}", "source": name, "region": region})
    return records, pid


@pytest.fixture(scope="module")
def two_regions() -> list[dict[str, str]]:
    north, last = _long_records(KOSOVO, LISTS4, "north", 0)
    south, _ = _long_records([(*r[:3], 0, r[3]) for r in MY_3LIST], LISTS4, "south", last)
    return north + south


def test_capture_histories_from_records(two_regions: list[dict[str, str]]) -> None:
    tables, notes = capture_histories(two_regions, strata=["region"])
    assert set(tables) == {("north",), ("south",)}
    north, south = tables[("north",)], tables[("south",)]
    assert north.lists == south.lists == LISTS4
    assert north.observed == 4400
    assert south.observed == 626
    assert south.list_totals()["D"] == 0
    assert notes == []


def test_capture_histories_wide_with_counts() -> None:
    cols = {
        "region": ["x", "x", "y"],
        "A": [1, 0, 1],
        "B": [1, 1, 0],
        "count": [3, 4, 5],
    }
    tables, _ = capture_histories(cols, strata=["region"])
    assert tables[("x",)].observed == 7
    assert tables[("y",)].observed == 5
    assert tables[("x",)].lists == ("A", "B")


def test_loglinear_total_is_sum_with_delta_method(two_regions: list[dict[str, str]]) -> None:
    config = LoglinearConfig(model="Mt")
    result = estimate_strata(two_regions, strata=["region"], config=config, min_lists=3)
    by_region = {row.key: row for row in result.rows}
    north = fit(capture_table(_columns(KOSOVO, LISTS4)), config)
    south = fit(capture_table(_columns(MY_3LIST, LISTS3)), config)
    assert by_region[("north",)].status == "estimated"
    assert by_region[("south",)].lists_with_records == 3
    assert result.estimate == pytest.approx(north.estimate + south.estimate, rel=1e-9)
    assert north.se is not None and south.se is not None
    assert result.se == pytest.approx(math.hypot(north.se, south.se), rel=1e-9)
    assert result.observed == 4400 + 626
    assert result.lower < result.estimate < result.upper
    assert any("list(s) with no records dropped: D" in w for w in result.warnings)


def test_lcmcr_total_sums_draws(two_regions: list[dict[str, str]]) -> None:
    config = LCMCRConfig(K=5, burn_in=500, samples=100, thin=2, warmup=50, seed=4)
    result = estimate_strata(two_regions, strata=["region"], config=config)
    parts = [row.result for row in result.rows if row.result is not None]
    assert len(parts) == 2
    assert result.draws is not None
    summed = sum(p.draws for p in parts if p.draws is not None)
    assert np.array_equal(result.draws, summed)
    assert result.estimate == pytest.approx(float(np.median(summed)))
    seeds = {p.seed for p in parts}
    assert len(seeds) == 2  # each stratum has its own recorded stream


def _columns(rows: list[tuple[int, ...]], lists: tuple[str, ...]) -> dict[str, list[int]]:
    cols = {name: [r[j] for r in rows] for j, name in enumerate(lists)}
    cols["count"] = [r[-1] for r in rows]
    return cols


@pytest.fixture
def with_sparse(two_regions: list[dict[str, str]]) -> list[dict[str, str]]:
    # a third region where only two lists recorded anybody
    extra = []
    for i in range(40):
        extra.append({"person_id": f"e{i}", "source": "A", "region": "east"})
        if i % 4 == 0:
            extra.append({"person_id": f"e{i}", "source": "B", "region": "east"})
    return two_regions + extra


def test_sparse_stratum_added_as_observed(with_sparse: list[dict[str, str]]) -> None:
    result = estimate_strata(
        with_sparse, strata=["region"], config=LoglinearConfig(model="Mt"), sparse="observed"
    )
    east = next(r for r in result.rows if r.key == ("east",))
    assert east.status == "observed only"
    assert east.result is None
    assert "only 2 list(s)" in (east.reason or "")
    estimated = sum(r.result.estimate for r in result.rows if r.result is not None)
    assert result.estimate == pytest.approx(estimated + 40)
    assert any("too sparse" in w and "east" in w for w in result.warnings)


def test_sparse_error_and_pool(with_sparse: list[dict[str, str]]) -> None:
    with pytest.raises(EstimationError, match="east"):
        estimate_strata(with_sparse, strata=["region"], sparse="error")
    pooled = estimate_strata(
        with_sparse, strata=["region"], config=LoglinearConfig(model="Mt"), sparse="pool"
    )
    statuses = {r.key: r.status for r in pooled.rows}
    assert statuses[("east",)] == "pooled"
    # the pool holds only east, still with two lists: added as observed, and said so
    assert any(r.status == "observed only" for r in pooled.rows)
    assert any("pooled" in w for w in pooled.warnings)


def test_too_few_records_is_sparse() -> None:
    records = []
    for i in range(12):
        for src in ("A", "B", "C")[: 1 + i % 3]:
            records.append({"person_id": i, "source": src, "year": 2013})
    with pytest.raises(EstimationError, match="no stratum"):
        estimate_strata(records, strata=["year"], min_records=30)


def test_conflicting_strata_are_resolved_and_reported() -> None:
    records = [
        {"person_id": 1, "source": "A", "region": "x"},
        {"person_id": 1, "source": "B", "region": "x"},
        {"person_id": 1, "source": "C", "region": "y"},
        {"person_id": 2, "source": "A", "region": "y"},
    ]
    tables, notes = capture_histories(records, strata=["region"])
    assert tables[("x",)].observed == 1
    assert tables[("y",)].observed == 1
    assert any("more than one stratum" in n for n in notes)


def test_input_errors() -> None:
    with pytest.raises(EstimationError, match="stratum column"):
        capture_histories([{"person_id": 1, "source": "A"}], strata=["region"])
    with pytest.raises(EstimationError, match="person_id"):
        capture_histories([{"source": "A", "region": "x"}], strata=["region"])
    with pytest.raises(EstimationError, match="sparse"):
        estimate_strata([{"person_id": 1, "source": "A"}], strata=[], sparse="drop")


def test_missing_stratum_value_is_filled_from_other_records() -> None:
    records = [
        {"person_id": 1, "source": "A", "region": "x", "year": None},
        {"person_id": 1, "source": "B", "region": None, "year": 2013},
        {"person_id": 2, "source": "A", "region": None, "year": None},
        {"person_id": 3, "source": "C", "region": "y", "year": 2014},
    ]
    tables, notes = capture_histories(records, strata=["region", "year"])
    assert set(tables) == {("x", 2013), (None, None), ("y", 2014)}
    assert tables[("x", 2013)].to_rows() == [{"A": 1, "B": 1, "C": 0, "count": 1}]
    assert any("missing on some records" in n for n in notes)
    assert not any("more than one stratum" in n for n in notes)


def test_warnings_are_grouped_and_long_lists_shortened() -> None:
    # 12 small regions with two lists each: every one sparse; the warning names 8 and counts
    # the rest, and the rows keep all of them
    records = []
    for r in range(12):
        for i in range(5):
            records.append({"person_id": f"{r}-{i}", "source": "A", "region": f"r{r:02d}"})
            records.append({"person_id": f"{r}-{i}", "source": "B", "region": f"r{r:02d}"})
    big, _ = _long_records(KOSOVO, LISTS4, "zz", 0)
    result = estimate_strata(
        records + big, strata=["region"], config=LoglinearConfig(model="Mt"), sparse="observed"
    )
    sparse = next(w for w in result.warnings if "too sparse" in w)
    assert sparse.startswith("12 stratum/strata too sparse")
    assert "and 4 more" in sparse and "r07" in sparse and "r08" not in sparse
    assert sum(r.status == "observed only" for r in result.rows) == 12
    assert result.estimate == pytest.approx(
        next(r.result.estimate for r in result.rows if r.result is not None) + 60
    )


def test_default_pools_sparse_strata_and_flags_small_ones(
    two_regions: list[dict[str, str]],
) -> None:
    # east (40 people) is below min_records (100): pooled, and the pool is still too small, so
    # its people are added as observed, and said so; west (150) is estimated but flagged as
    # small (< 300 observed), north (4,400) and south (626) are not
    def region(name: str, n: int) -> list[dict[str, str]]:
        return [
            {"person_id": f"{name}{i}", "source": s, "region": name}
            for i in range(n)
            for s in ("A", "B", "C")[i % 3 : 1 + (i * 7) % 4]
        ] + [{"person_id": f"{name}{i}", "source": "A", "region": name} for i in range(n)]

    result = estimate_strata(
        two_regions + region("east", 40) + region("west", 150),
        strata=["region"],
        config=LoglinearConfig(model="Mt"),
    )
    statuses = {r.label: r.status for r in result.rows}
    assert statuses["east"] == "pooled"
    assert statuses["(pooled sparse strata)"] == "observed only"
    assert statuses["west"] == "estimated"
    assert result.settings["sparse"] == "pool" and result.settings["min_records"] == 100
    small = next(w for w in result.warnings if "fewer than 300" in w)
    assert small.startswith("1 of 3 estimated strata") and "west" in small
    assert "north" not in small and "south" not in small
