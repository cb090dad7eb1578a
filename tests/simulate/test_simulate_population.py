"""The true population: incidents, dates, real places, parties, victims."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from tawthiq.model.vocab import Cause, Party, Status
from tawthiq.simulate import World
from tawthiq.simulate._places import Places
from tawthiq.simulate._population import PARTY_ACTIVE_FROM, PARTY_REGIONS


def _days(d: date) -> int:
    return (d - date(1970, 1, 1)).days


def test_size_and_dates(world: World) -> None:
    people = world.people
    assert len(people) == 20000
    assert sorted(people["person_id"]) == list(range(1, 20001))
    assert people["date"].min() >= _days(date(2011, 3, 15))
    assert people["date"].max() <= _days(date(2019, 12, 31))
    by_year = people["year"].value_counts()
    assert by_year.idxmax() in (2012, 2013)
    assert by_year[2013] > 5 * by_year[2011]


def test_incidents_cluster_victims(world: World) -> None:
    inc, people = world.incidents, world.people
    assert inc["deaths"].sum() == len(people)
    grouped = people.groupby("incident_id")
    for col in ("date", "pcode", "cause", "perpetrator", "contested_with", "hospital"):
        assert (grouped[col].nunique() == 1).all(), col
    assert (inc["deaths"] >= 10).sum() > 50
    shared = people["incident_id"].map(people["incident_id"].value_counts())
    assert (shared > 1).mean() > 0.5  # most victims share their date and place with others
    assert set(inc["kind"]) == {
        "airstrike",
        "shelling",
        "ground_attack",
        "chemical",
        "siege",
        "detention",
    }
    chem = inc[inc["kind"] == "chemical"]
    assert chem["date"].str[:4].astype(int).between(2013, 2018).all()
    assert (chem["deaths"].mean()) > 5 * inc["deaths"].mean()


def test_places_are_real_communities(world: World, places: Places) -> None:
    people = world.people
    idx = people["pcode"].map(places.by_pcode)
    assert idx.notna().all()
    gov = np.array(places.governorates_en, dtype=object)[places.gov[idx.astype(int)]]
    assert (gov == people["governorate"].to_numpy()).all()
    top5 = list(people["governorate"].value_counts().index[:5])
    heavy = {"Aleppo", "Rural Damascus", "Idleb", "Homs", "Deir-ez-Zor", "Dar'a", "Hama"}
    assert set(top5) <= heavy and top5[0] == "Aleppo"
    assert people["pcode"].value_counts().index[0] == "C1007"  # Aleppo city
    assert people["pcode"].nunique() > 1000


def test_perpetrators_active_when_and_where(world: World) -> None:
    inc = world.incidents
    days = pd.to_datetime(inc["date"]).dt.date
    for party, start in PARTY_ACTIVE_FROM.items():
        for col in ("perpetrator", "contested_with"):
            sel = inc[col] == party
            assert (days[sel] >= start).all(), (party, col)
    for party, govs in PARTY_REGIONS.items():
        assert inc.loc[inc["perpetrator"] == party, "governorate"].isin(govs).all()
    assert set(inc["perpetrator"]) <= {str(p) for p in Party}
    assert (inc["perpetrator"] == Party.RUSSIA).sum() > 0
    contested = inc[inc["contested_with"] != ""]
    assert 0.03 < len(contested) / len(inc) < 0.3
    assert (contested["contested_with"] != contested["perpetrator"]).all()
    assert inc["hospital"].sum() > 0
    barrel = inc["cause"] == Cause.BARREL_BOMB
    assert (inc.loc[barrel, "perpetrator"] == Party.SYRIAN_GOVERNMENT).all()


def test_victims(world: World) -> None:
    p = world.people
    assert set(p["cause"]) <= {str(c) for c in Cause}
    assert set(p["status"]) == {str(Status.CIVILIAN), str(Status.COMBATANT)}
    child, elderly = p["age_group"] == "child", p["age_group"] == "elderly"
    assert (p.loc[child, "age"] < 18).all() and (p.loc[elderly, "age"] >= 60).all()
    assert 0.1 < child.mean() < 0.3 and 0.03 < elderly.mean() < 0.15
    assert 0.2 < (p["sex"] == "female").mean() < 0.45
    combatants = p[p["status"] == Status.COMBATANT]
    assert (combatants["sex"] == "male").all() and (combatants["age_group"] == "adult").all()
    detention = p[p["cause"].isin(["detention", "torture"])]
    assert (detention["sex"] == "male").mean() > 0.9
    assert sorted(p["visibility"].unique()) == [0, 1, 2]
