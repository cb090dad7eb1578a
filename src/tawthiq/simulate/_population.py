"""The true population: incidents and the people they killed.

Deaths come in incidents, as in real documentation: many victims share a date, a place, a cause
and a perpetrator. Incidents are drawn until N deaths are reached; their kind sets the size
distribution (negative binomial above 1), the causes, who may be blamed (only parties active on
that date), whether attribution is contested, whether a hospital was hit, and who the victims are
(women, children, elderly, combatants). Victims of one incident are often of one household: they
share a family name and, for siblings, a father.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from tawthiq.errors import InputError
from tawthiq.model.vocab import Cause, Party, Status
from tawthiq.simulate._names import NameInventory
from tawthiq.simulate._places import Places
from tawthiq.simulate._scenario import IncidentKind, Scenario

__all__ = ["PARTY_ACTIVE_FROM", "Population", "draw_population"]

PARTY_ACTIVE_FROM: dict[str, date] = {
    Party.RUSSIA: date(2015, 9, 30),
    Party.RUSSIA_OR_SYRIAN_GOVERNMENT: date(2015, 9, 30),
    Party.US_LED_COALITION: date(2014, 9, 23),
    Party.TURKEY: date(2016, 8, 24),
    Party.ISIS: date(2013, 4, 9),
    Party.SDF_YPG: date(2012, 7, 19),
}
"""Dates from which each party is known to have carried out attacks in Syria."""

PARTY_REGIONS: dict[str, frozenset[str]] = {
    Party.US_LED_COALITION: frozenset({"Aleppo", "Ar-Raqqa", "Deir-ez-Zor", "Al-Hasakeh", "Idleb"}),
    Party.TURKEY: frozenset({"Aleppo", "Al-Hasakeh", "Ar-Raqqa", "Idleb"}),
    Party.SDF_YPG: frozenset({"Aleppo", "Al-Hasakeh", "Ar-Raqqa", "Deir-ez-Zor"}),
    Party.ISIS: frozenset(
        {
            "Aleppo",
            "Ar-Raqqa",
            "Deir-ez-Zor",
            "Al-Hasakeh",
            "Homs",
            "Hama",
            "Idleb",
            "Rural Damascus",
            "Damascus",
            "Dar'a",
            "As-Sweida",
        }
    ),
}
"""Governorates where each party attacked; parties not listed attacked anywhere."""

PARTIES: tuple[str, ...] = tuple(Party)
CAUSES: tuple[str, ...] = tuple(Cause)
AGE_GROUPS = ("child", "adult", "elderly")
_EPOCH = date(1970, 1, 1)

Ints = np.ndarray[Any, np.dtype[np.int64]]
Floats = np.ndarray[Any, np.dtype[np.float64]]
Bools = np.ndarray[Any, np.dtype[np.bool_]]


def _days(d: date) -> int:
    return (d - _EPOCH).days


def categorical(rng: np.random.Generator, weights: Floats) -> Ints:
    """One draw per row of a (rows, categories) weight matrix; rows need a positive sum."""
    cum = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cum[:, -1]
    idx = (cum <= u[:, None]).sum(axis=1)
    return np.asarray(np.minimum(idx, weights.shape[1] - 1), dtype=np.int64)


@dataclass(frozen=True, eq=False)
class Population:
    """The incidents and the people of a world (one row per true death)."""

    incidents: pd.DataFrame
    """incident_id, kind, date, pcode, governorate, cause, perpetrator, contested_with, hospital,
    deaths."""
    people: pd.DataFrame
    """person_id, incident_id, date (days since 1970), year, community (row in Places), pcode,
    gov (index), governorate, sex, age, age_group, status, cause, perpetrator, contested_with,
    hospital, visibility, household and the name ids given/father/grandfather/family/mother."""


def _year_weights(scenario: Scenario, kind: IncidentKind) -> tuple[Ints, Floats]:
    first = max(scenario.start.year, kind.years[0])
    last = min(scenario.end.year, kind.years[1])
    years = np.arange(first, last + 1, dtype=np.int64)
    if scenario.years:
        w = np.array([scenario.years.get(int(y), 0.0) for y in years], dtype=np.float64)
    else:
        w = np.array(
            [
                (
                    min(scenario.end, date(int(y), 12, 31))
                    - max(scenario.start, date(int(y), 1, 1))
                ).days
                + 1
                for y in years
            ],
            dtype=np.float64,
        )
    if len(years) == 0 or w.sum() <= 0:
        raise InputError(
            f"incident kind {kind.name!r} has no year with deaths inside its years "
            f"{kind.years[0]}-{kind.years[1]}",
            field=f"incidents.{kind.name}.years",
        )
    return years, w / w.sum()


def _community_probabilities(scenario: Scenario, places: Places) -> Floats:
    """Probability of each community within its governorate."""
    base = np.where(places.is_centre, scenario.centre_weight, 1.0)
    hot = np.zeros(len(places.pcode))
    for code, share in scenario.hotspots.items():
        hot[places.by_pcode[code]] = share
    p = np.zeros(len(places.pcode))
    for g in range(len(places.governorates_en)):
        members = places.gov == g
        hot_total = hot[members].sum()
        rest = members & (hot == 0)
        rest_total = base[rest].sum()
        if rest_total > 0:
            p[rest] = base[rest] / rest_total * max(0.0, 1.0 - hot_total)
        p[members & (hot > 0)] = hot[members & (hot > 0)]
        total = p[members].sum()
        if total > 0:
            p[members] /= total
    return p


def draw_population(
    scenario: Scenario, names: NameInventory, places: Places, rng: np.random.Generator
) -> Population:
    """Draw incidents until ``scenario.people`` deaths, then the people themselves."""
    n_people = scenario.people
    kinds = scenario.incidents
    share = np.array([k.share for k in kinds])
    mean = np.array([k.mean_size for k in kinds])
    per_incident = share / mean
    per_incident = per_incident / per_incident.sum()
    mean_size = float((per_incident * mean).sum())

    # --- incident kinds and sizes, in batches until N deaths ---------------------------------
    kind_parts: list[Ints] = []
    size_parts: list[Ints] = []
    total = 0
    while total < n_people:
        batch = int(np.ceil(1.2 * (n_people - total) / mean_size)) + 16
        k = rng.choice(len(kinds), size=batch, p=per_incident).astype(np.int64)
        m, r = mean[k] - 1.0, np.array([kinds[int(i)].dispersion for i in k])
        extra = np.zeros(batch, dtype=np.int64)
        big = m > 0
        if big.any():
            extra[big] = rng.negative_binomial(r[big], r[big] / (r[big] + m[big]))
        sizes = 1 + extra
        kind_parts.append(k)
        size_parts.append(sizes)
        total += int(sizes.sum())
    kind_idx = np.concatenate(kind_parts)
    sizes = np.concatenate(size_parts)
    cum = np.cumsum(sizes)
    n_inc = int(np.searchsorted(cum, n_people) + 1)
    kind_idx, sizes = kind_idx[:n_inc], sizes[:n_inc].copy()
    sizes[-1] -= int(cum[n_inc - 1] - n_people)

    # --- when: year by scenario weights within the kind's years, day uniform in the year -----
    day = np.zeros(n_inc, dtype=np.int64)
    start, end = _days(scenario.start), _days(scenario.end)
    for j, kind in enumerate(kinds):
        sel = np.flatnonzero(kind_idx == j)
        if len(sel) == 0:
            continue
        years, w = _year_weights(scenario, kind)
        y = years[rng.choice(len(years), size=len(sel), p=w)]
        lo = np.array([max(start, _days(date(int(v), 1, 1))) for v in years])
        hi = np.array([min(end, _days(date(int(v), 12, 31))) for v in years])
        pos = np.searchsorted(years, y)
        day[sel] = lo[pos] + np.floor(rng.random(len(sel)) * (hi[pos] - lo[pos] + 1)).astype(
            np.int64
        )

    # --- where: governorate, then community within it -----------------------------------------
    n_gov = len(places.governorates_en)
    if scenario.governorates:
        gw = np.array([scenario.governorates.get(g, 0.0) for g in places.governorates_en])
    else:
        gw = np.ones(n_gov)
    gov = rng.choice(n_gov, size=n_inc, p=gw / gw.sum()).astype(np.int64)
    cp = _community_probabilities(scenario, places)
    community = np.zeros(n_inc, dtype=np.int64)
    for g in range(n_gov):
        sel = np.flatnonzero(gov == g)
        if len(sel) == 0:
            continue
        members = np.flatnonzero(places.gov == g)
        community[sel] = members[rng.choice(len(members), size=len(sel), p=cp[members])]

    # --- who: perpetrator among parties active on the day; contested; cause; hospital ---------
    active_from = np.array(
        [_days(PARTY_ACTIVE_FROM.get(p, date(2011, 1, 1))) for p in PARTIES], dtype=np.int64
    )
    weights = np.zeros((n_inc, len(PARTIES)))
    cause_w = np.zeros((n_inc, len(CAUSES)))
    kind_contested = np.array([k.contested for k in kinds])
    kind_hospital = np.array([k.hospital for k in kinds])
    for j, kind in enumerate(kinds):
        sel = kind_idx == j
        weights[sel] = [kind.perpetrators.get(p, 0.0) for p in PARTIES]
        cause_w[sel] = [kind.causes.get(c, 0.0) for c in CAUSES]
    region = np.array(
        [
            [p not in PARTY_REGIONS or g in PARTY_REGIONS[p] for p in PARTIES]
            for g in places.governorates_en
        ],
        dtype=bool,
    )
    weights = weights * (day[:, None] >= active_from[None, :]) * region[gov]
    unknown = PARTIES.index(Party.UNKNOWN)
    none_active = weights.sum(axis=1) <= 0
    weights[none_active, unknown] = 1.0
    party_a = categorical(rng, weights)
    second = weights.copy()
    second[np.arange(n_inc), party_a] = 0.0
    can_contest = second.sum(axis=1) > 0
    second[~can_contest, unknown] = 1.0
    party_b_draw = categorical(rng, second)
    contested = (rng.random(n_inc) < kind_contested[kind_idx]) & can_contest
    party_b = np.where(contested, party_b_draw, -1)
    cause = categorical(rng, cause_w)
    # Barrel bombs are dropped from Syrian government helicopters; other parties' air attacks
    # are airstrikes.
    barrel = cause == CAUSES.index(Cause.BARREL_BOMB)
    gov_party = PARTIES.index(Party.SYRIAN_GOVERNMENT)
    cause[barrel & (party_a != gov_party)] = CAUSES.index(Cause.AIRSTRIKE)
    hospital = rng.random(n_inc) < kind_hospital[kind_idx]

    # --- the people -----------------------------------------------------------------------------
    inc = np.repeat(np.arange(n_inc, dtype=np.int64), sizes)
    pk = kind_idx[inc]
    children = np.array([k.children for k in kinds])[pk]
    elderly = np.array([k.elderly for k in kinds])[pk]
    u = rng.random(n_people)
    group = np.where(u < children, 0, np.where(u < children + elderly, 2, 1)).astype(np.int64)
    female_adult = np.array([k.female for k in kinds])[pk]
    p_female = np.where(group == 1, female_adult, 0.5)
    female = rng.random(n_people) < p_female
    age = np.where(
        group == 0,
        np.floor(rng.random(n_people) * 18),
        np.where(
            group == 1,
            18 + np.floor(rng.beta(1.6, 2.8, n_people) * 42),
            60 + np.floor(rng.beta(1.2, 3.0, n_people) * 31),
        ),
    ).astype(np.int64)
    combatant_rate = np.array([k.combatants for k in kinds])[pk]
    combatant = (group == 1) & ~female & (rng.random(n_people) < combatant_rate)
    vis_p = np.array(scenario.visibility) / sum(scenario.visibility)
    visibility = rng.choice(len(vis_p), size=n_people, p=vis_p).astype(np.int64)

    # households: a victim joins the previous victim's household (same incident) or starts one
    same_incident = np.zeros(n_people, dtype=bool)
    same_incident[1:] = inc[1:] == inc[:-1]
    join = same_incident & (rng.random(n_people) < scenario.household_rate)
    household = np.cumsum(~join) - 1
    n_hh = int(household[-1]) + 1
    male_ids, male_p = names.ids("male"), names.probabilities("male")
    female_ids, female_p = names.ids("female"), names.probabilities("female")
    family_ids, family_p = names.ids("family"), names.probabilities("family")
    hh_family = rng.choice(family_ids, size=n_hh, p=family_p)
    hh_father = rng.choice(male_ids, size=n_hh, p=male_p)
    hh_grandfather = rng.choice(male_ids, size=n_hh, p=male_p)
    hh_mother = rng.choice(female_ids, size=n_hh, p=female_p)
    own_father = rng.choice(male_ids, size=n_people, p=male_p)
    own_grandfather = rng.choice(male_ids, size=n_people, p=male_p)
    own_mother = rng.choice(female_ids, size=n_people, p=female_p)
    sibling = rng.random(n_people) < scenario.sibling_rate
    given = np.where(
        female,
        rng.choice(female_ids, size=n_people, p=female_p),
        rng.choice(male_ids, size=n_people, p=male_p),
    )
    father = np.where(sibling, hh_father[household], own_father)
    grandfather = np.where(sibling, hh_grandfather[household], own_grandfather)
    mother = np.where(sibling, hh_mother[household], own_mother)
    family = hh_family[household]
    person_id = rng.permutation(n_people).astype(np.int64) + 1

    pdays = day[inc]
    years = (pdays.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970).astype(
        np.int64
    )
    party_names = np.array(PARTIES, dtype=object)
    cause_names = np.array(CAUSES, dtype=object)
    pb_names = np.where(party_b >= 0, party_names[np.maximum(party_b, 0)], "")
    gov_en = np.array(places.governorates_en, dtype=object)
    people = pd.DataFrame(
        {
            "person_id": person_id,
            "incident_id": inc + 1,
            "date": pdays,
            "year": years,
            "community": community[inc],
            "pcode": places.pcode[community[inc]],
            "gov": gov[inc],
            "governorate": gov_en[gov[inc]],
            "sex": np.where(female, "female", "male").astype(object),
            "age": age,
            "age_group": np.array(AGE_GROUPS, dtype=object)[group],
            "status": np.where(combatant, str(Status.COMBATANT), str(Status.CIVILIAN)).astype(
                object
            ),
            "cause": cause_names[cause[inc]],
            "perpetrator": party_names[party_a[inc]],
            "contested_with": pb_names[inc],
            "hospital": hospital[inc],
            "visibility": visibility,
            "household": household,
            "given": given,
            "father": father,
            "grandfather": grandfather,
            "family": family,
            "mother": mother,
        }
    )
    incidents = pd.DataFrame(
        {
            "incident_id": np.arange(1, n_inc + 1, dtype=np.int64),
            "kind": np.array([k.name for k in kinds], dtype=object)[kind_idx],
            "date": np.datetime_as_string(day.astype("datetime64[D]")).astype(object),
            "pcode": places.pcode[community],
            "governorate": gov_en[gov],
            "cause": cause_names[cause],
            "perpetrator": party_names[party_a],
            "contested_with": pb_names,
            "hospital": hospital,
            "deaths": sizes,
        }
    )
    return Population(incidents=incidents, people=people)
