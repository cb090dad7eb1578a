"""With all noise switched off, records are the truth exactly; switches act one at a time."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from tawthiq.model.vocab import Cause, Party, Sex, parse
from tawthiq.simulate import NoiseRates, Scenario, World, default_scenario, simulate
from tawthiq.simulate._names import NameInventory
from tawthiq.simulate._places import Places
from tawthiq.simulate._scenario import NOISE_KEYS

ZERO = NoiseRates(**dict.fromkeys(NOISE_KEYS, 0.0))


def with_noise(scenario: Scenario, noise: NoiseRates) -> Scenario:
    return replace(scenario, lists=tuple(replace(s, noise=noise) for s in scenario.lists))


def joined(world: World, source: str) -> pd.DataFrame:
    truth = world.people.add_prefix("true_").rename(columns={"true_person_id": "person_id"})
    return world.records[source].merge(truth, on="person_id", validate="many_to_one")


@pytest.fixture(scope="module")
def clean() -> World:
    return simulate(with_noise(default_scenario(), ZERO), people=4000, lists=3, seed=11)


def test_clean_arabic_list_is_the_truth(clean: World, names: NameInventory, places: Places) -> None:
    f = joined(clean, "list_A")
    assert len(f) == f["person_id"].nunique()  # no duplicates
    assert (f["full_name"] == "").all() and (f["mother_name"] == "").all()
    for col, true in (
        ("given_name", "true_given"),
        ("father_name", "true_father"),
        ("family_name", "true_family"),
    ):
        assert (f[col].to_numpy() == names.arabic[f[true].to_numpy()]).all(), col
    iso = np.datetime_as_string(f["true_date"].to_numpy().astype("datetime64[D]"))
    assert (f["date_of_death"].to_numpy() == iso).all()
    assert (f["place_of_death"].to_numpy() == places.name_ar[f["true_community"]]).all()
    gov_ar = np.array(places.governorates_ar, dtype=object)[f["true_gov"]]
    assert (f["governorate"].to_numpy() == gov_ar).all()
    assert (f["age"] == f["true_age"].astype(str)).all()
    assert (f["pcode"] == "").all()
    assert [parse(Sex, s) for s in f["sex"]] == list(f["true_sex"])
    assert [parse(Cause, c) for c in f["cause"]] == list(f["true_cause"])
    perp = [str(parse(Party, p)) for p in f["perpetrator"]]
    for got, a, b in zip(perp, f["true_perpetrator"], f["true_contested_with"], strict=True):
        allowed = {a} if not b else {a, b, str(Party.RUSSIA_OR_SYRIAN_GOVERNMENT)}
        assert got in allowed


def test_clean_latin_list_uses_one_house_spelling(clean: World, names: NameInventory) -> None:
    f = joined(clean, "list_B")
    for col, true in (("given_name", "true_given"), ("family_name", "true_family")):
        for name_id, spellings in f.groupby(true)[col]:
            assert spellings.nunique() == 1
            assert spellings.iloc[0] in names.latin(int(name_id))
    assert not f["place_of_death"].str.contains("[\u0600-\u06ff]").any()


def test_grandfather_appears_in_full_name_at_its_rate(names: NameInventory) -> None:
    noise = replace(ZERO, grandfather=0.3, full_name_only=1.0)
    world = simulate(with_noise(default_scenario(), noise), people=6000, lists=1, seed=5)
    f = joined(world, "list_A")
    ar = names.arabic
    three = [
        " ".join((ar[g], ar[fa], ar[fm]))
        for g, fa, fm in zip(f["true_given"], f["true_father"], f["true_family"], strict=True)
    ]
    four = [
        " ".join((ar[g], ar[fa], ar[gf], ar[fm]))
        for g, fa, gf, fm in zip(
            f["true_given"], f["true_father"], f["true_grandfather"], f["true_family"], strict=True
        )
    ]
    with_gf = np.array(f["full_name"]) == np.array(four, dtype=object)
    without = np.array(f["full_name"]) == np.array(three, dtype=object)
    assert (with_gf | without).all()
    n, k = len(f), int(with_gf.sum())
    assert abs(k - 0.3 * n) <= 4 * np.sqrt(n * 0.3 * 0.7)


def test_mixed_list_writes_both_scripts(world: World) -> None:
    spec = world.scenario.lists[2]
    assert spec.script == "mixed"
    f = world.records[spec.source]
    names = np.where(f["given_name"] != "", f["given_name"], f["full_name"])
    arabic = np.array([any("\u0600" <= ch <= "\u06ff" for ch in x) for x in names])
    n = len(f)
    assert abs(arabic.sum() - spec.arabic_share * n) <= 4 * np.sqrt(n * 0.24)


def test_noise_switches_are_independent() -> None:
    """Turning on one process changes only the column it is about."""
    base = simulate(with_noise(default_scenario(), ZERO), people=3000, lists=1, seed=2)
    noisy = simulate(
        with_noise(default_scenario(), replace(ZERO, month_only=0.5)), people=3000, lists=1, seed=2
    )
    a, b = base.records["list_A"], noisy.records["list_A"]
    assert (a["person_id"].to_numpy() == b["person_id"].to_numpy()).all()
    changed = [c for c in a.columns if not (a[c].to_numpy() == b[c].to_numpy()).all()]
    assert changed == ["date_of_death"]
    assert 0.4 < (b["date_of_death"].str.len() == 7).mean() < 0.6
