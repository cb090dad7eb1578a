"""Each recording-noise process happens at about its configured rate.

Every rate is measured from the written records against the true person (never from the
simulator's own counters), on the default scenario's 20,000-death world with four lists. The
tolerance is four binomial standard deviations: a process that is off, always on or wired to the
wrong rate fails.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from tawthiq.simulate import World
from tawthiq.simulate._names import ARABIC_PROCESSES, TATWEEL, NameInventory

LISTS = ("list_A", "list_B", "list_C", "list_D")
Measure = tuple[int, int]


def _arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _record_is_arabic(frame: pd.DataFrame) -> np.ndarray:
    names = np.where(frame["given_name"] != "", frame["given_name"], frame["full_name"])
    return np.array([_arabic(x) for x in names])


def assert_rate(applied: int, eligible: int, rate: float, what: str) -> None:
    expected = eligible * rate
    sd = math.sqrt(eligible * rate * (1 - rate))
    assert abs(applied - expected) <= 4 * sd + 1, (
        f"{what}: {applied} of {eligible} ({applied / max(eligible, 1):.4f}), "
        f"configured rate {rate}"
    )


def _split(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["given_name"] != ""]


def _arabic_tokens(frame: pd.DataFrame) -> list[tuple[str, int]]:
    """(recorded token, true name id) of the split name columns of Arabic records."""
    out: list[tuple[str, int]] = []
    split = _split(frame)
    split = split[_record_is_arabic(split)]
    for col, true in (("given_name", "true_given"), ("father_name", "true_father")):
        sel = split[split[col] != ""]
        out += list(zip(sel[col], sel[true].astype(int), strict=True))
    sel = split[split["family_name"] != ""]
    out += list(zip(sel["family_name"], sel["true_family"].astype(int), strict=True))
    return out


def _arabic_measure(process: str) -> Callable[[pd.DataFrame, NameInventory], Measure]:
    bit = ARABIC_PROCESSES.index(process)

    def changed(rec: str, canon: str) -> bool | None:
        if process == "hamza":
            return not any(ch in rec for ch in "أإآ")
        if process == "ta_marbuta":
            return "ة" not in rec
        if process == "alif_maqsura":
            if " " in canon:
                return None  # measured on one-word names only
            return rec.replace(TATWEEL, "")[-1] != canon[-1]
        if process == "al_prefix":
            return not rec.startswith("ال")
        if process == "compound_space":
            return rec.count(" ") < canon.count(" ")
        if process == "tatweel":
            return TATWEEL in rec
        raise AssertionError(process)

    def measure(frame: pd.DataFrame, names: NameInventory) -> Measure:
        applied = eligible = 0
        for rec, name_id in _arabic_tokens(frame):
            if not names.applicable[name_id] >> bit & 1:
                continue
            hit = changed(rec, str(names.arabic[name_id]))
            if hit is None:
                continue
            eligible += 1
            applied += bool(hit)
        return applied, eligible

    return measure


def _latin_variant(frame: pd.DataFrame, names: NameInventory) -> Measure:
    split = _split(frame)
    split = split[~_record_is_arabic(split)]
    tokens = pd.concat(
        [
            pd.DataFrame({"token": split[c], "name": split[t]})
            for c, t in (
                ("given_name", "true_given"),
                ("father_name", "true_father"),
                ("family_name", "true_family"),
            )
        ]
    )
    tokens = tokens[tokens["token"] != ""]
    counts = tokens.groupby("name")["token"].agg(["size", lambda s: s.value_counts().iloc[0]])
    counts.columns = ["size", "mode"]
    frequent = counts[counts["size"] >= 30]
    return int((frequent["size"] - frequent["mode"]).sum()), int(frequent["size"].sum())


def _count(mask: pd.Series | np.ndarray, base: pd.Series | np.ndarray | None = None) -> Measure:
    m = np.asarray(mask, dtype=bool)
    b = np.ones(len(m), dtype=bool) if base is None else np.asarray(base, dtype=bool)
    return int((m & b).sum()), int(b.sum())


def _date_shift(frame: pd.DataFrame, names: NameInventory) -> Measure:
    day_precision = frame["date_of_death"].str.len() == 10
    true = np.datetime_as_string(frame["true_date"].to_numpy().astype("datetime64[D]"))
    return _count(frame["date_of_death"] != true, day_precision)


def _place_governorate(frame: pd.DataFrame, names: NameInventory) -> Measure:
    from tawthiq.simulate._places import load_places

    places = load_places()
    comm = frame["true_community"].to_numpy()
    gov = frame["true_gov"].to_numpy()
    gov_en = np.array(places.governorates_en, dtype=object)[gov]
    gov_ar = np.array(places.governorates_ar, dtype=object)[gov]
    distinct = (places.name_en[comm] != gov_en) & (places.name_ar[comm] != gov_ar)
    return _count(frame["place_of_death"] == frame["governorate"], distinct)


def _other_language(frame: pd.DataFrame, names: NameInventory) -> Measure:
    gov_ar = np.array([_arabic(x) for x in frame["governorate"]])
    return _count(gov_ar != _record_is_arabic(frame))


def _age_off(frame: pd.DataFrame, names: NameInventory) -> Measure:
    known = frame["age"] != ""
    ages = pd.to_numeric(frame["age"].where(known, "-100")).to_numpy()
    return _count(np.abs(ages - frame["true_age"].to_numpy()) == 1, known)


MEASURES: dict[str, Callable[[pd.DataFrame, NameInventory], Measure]] = {
    **{p: _arabic_measure(p) for p in ARABIC_PROCESSES},
    "latin_variant": _latin_variant,
    "full_name_only": lambda f, n: _count(f["given_name"] == ""),
    "missing_father": lambda f, n: _count(f["father_name"] == "", f["given_name"] != ""),
    "missing_family": lambda f, n: _count(f["family_name"] == "", f["given_name"] != ""),
    "mother_name": lambda f, n: _count(f["mother_name"] != ""),
    "date_shift": _date_shift,
    "month_only": lambda f, n: _count(f["date_of_death"].str.len() == 7),
    "place_governorate": _place_governorate,
    "place_other_language": _other_language,
    "pcode": lambda f, n: _count(f["pcode"] != ""),
    "age_missing": lambda f, n: _count(f["age"] == ""),
    "age_off_by_one": _age_off,
    "sex_missing": lambda f, n: _count(f["sex"] == ""),
    "cause_missing": lambda f, n: _count(f["cause"] == ""),
    "perpetrator_missing": lambda f, n: _count(f["perpetrator"] == ""),
}
EXACT = ("full_name_only", "mother_name", "month_only", "pcode", "age_missing", "sex_missing")
"""Processes whose measurement counts exactly what the simulator drew (all records)."""


@pytest.mark.parametrize("source", LISTS)
@pytest.mark.parametrize("process", sorted(MEASURES))
def test_noise_rate_matches_scenario(
    world: World,
    joined: dict[str, pd.DataFrame],
    names: NameInventory,
    source: str,
    process: str,
) -> None:
    spec = next(s for s in world.scenario.lists if s.source == source)
    rate = getattr(spec.noise, process)
    applied, eligible = MEASURES[process](joined[source], names)
    if spec.script == "latin" and process in ARABIC_PROCESSES:
        assert eligible == 0
        return
    if spec.script == "arabic" and process == "latin_variant":
        assert eligible == 0
        return
    assert eligible > 0, f"{source} {process}: nothing to measure"
    assert_rate(applied, eligible, rate, f"{source} {process}")
    if process in EXACT:
        counted = world.noise[source][process]
        assert (counted.applied, counted.eligible) == (applied, eligible)


@pytest.mark.parametrize("source", LISTS)
def test_within_list_duplicates(world: World, source: str) -> None:
    frame = world.records[source]
    spec = next(s for s in world.scenario.lists if s.source == source)
    persons = frame["person_id"].nunique()
    extra = len(frame) - persons
    assert frame["person_id"].value_counts().max() <= 2
    assert_rate(extra, persons, spec.noise.duplicates, f"{source} duplicates")
    assert 0.02 <= spec.noise.duplicates <= 0.05  # the default lists' 2-5 %


def test_every_configured_process_happens(world: World) -> None:
    """Each process with a positive rate in some list was realised there."""
    for spec in world.scenario.lists:
        for process, count in world.noise[spec.source].items():
            if getattr(spec.noise, process) > 0 and count.eligible > 100:
                assert count.applied > 0, (spec.source, process)
            if getattr(spec.noise, process) == 0:
                assert count.applied == 0, (spec.source, process)


def test_lists_differ_in_noise_as_configured(joined: dict[str, pd.DataFrame]) -> None:
    """List D is configured with over 3x list A's month-only rate and twice its share of
    missing fathers; the records show it."""
    a, d = joined["list_A"], joined["list_D"]
    month = [(f["date_of_death"].str.len() == 7).mean() for f in (a, d)]
    assert month[1] > 2 * month[0]
    father = [(_split(f)["father_name"] == "").mean() for f in (a, d)]
    assert father[1] > 1.5 * father[0]
