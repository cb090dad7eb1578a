"""Hard constraints of clustering: sexes, given names in one incident, relations, placeholders.

Simulated names only. Each rule is checked where it acts: on a pair alone
(``Constraints.forbidden``), through a chain in clustering (``cluster_pairs``), and end to end
(``link_records``) on records a plain model links.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from tawthiq.link import LinkSettings, cluster_pairs, features, link_records
from tawthiq.link._constraints import Constraints, clearly_different, record_constraints
from tawthiq.normalize import normalize_name

INT = np.int64


def _different(a: str, b: str) -> bool:
    x, y = normalize_name(a).as_column_part(), normalize_name(b).as_column_part()
    assert x[0] and x[1] and y[0] and y[1]
    return clearly_different(x[0], x[1], y[0], y[1])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ahmad", "Mahmoud"),  # keys HMD / MHMD, one letter apart
        ("Mohammad", "Mahmoud"),  # both MHMD
        ("محمد", "محمود"),
        ("Hasan", "Hussein"),  # both HSN
        ("حسن", "Hussein"),
        ("Omar", "Amer"),  # both MR
        ("Khaled", "Yasser"),
        ("Xyzab", "Qwertu"),  # not in the inventory: keys far apart
    ],
)
def test_clearly_different_given_names(a: str, b: str) -> None:
    assert _different(a, b)
    assert _different(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mohammad", "محمد"),  # one name, two scripts
        ("Mohamad", "Mohammed"),
        ("حسين", "Hussein"),
        ("Khaled", "Khalid"),
        ("محمد خير", "Mohammad"),  # a compound and its first part
        ("عبد الرحمن", "عبدو"),  # a pet form
        ("فاطمة", "فطوم"),
        ("Mohammed", "Mohamid"),  # a typo the inventory does not know
        ("Abdulrahman", "Abd al-Rahman"),
    ],
)
def test_not_clearly_different_given_names(a: str, b: str) -> None:
    assert not _different(a, b)
    assert not _different(b, a)


def _records(rows: list[dict[str, Any]]) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    out.insert(0, "record_key", [f"r{i}" for i in range(len(out))])
    if "source" not in out:
        out["source"] = "A"
    out["record_id"] = out["record_key"]
    return out


def _constraints(rows: list[dict[str, Any]]) -> Constraints:
    return record_constraints(features(_records(rows)))


def test_pairs_that_break_a_constraint_alone() -> None:
    day = {"date_earliest": "2016-05-02", "pcode": "C1007"}
    c = _constraints(
        [
            {"given_name": "Ahmad", "family_name": "Sim", "sex": "male", **day},  # 0
            {"given_name": "Ahmad", "family_name": "Sim", "sex": "female", **day},  # 1
            {"given_name": "Mahmoud", "family_name": "Sim", **day},  # 2
            {"given_name": "Ahmad", "family_name": "Sim", **day},  # 3
            {"full_name": "wife of Ahmad Sim", **day},  # 4
            {"full_name": "زوجة أحمد سيم", **day},  # 5
            {"full_name": "Unidentified 3", **day},  # 6
            {"given_name": "Mahmoud", "family_name": "Sim", "date_earliest": "2016-05-09"},  # 7
        ]
    )
    left = np.array([0, 0, 2, 4, 4, 6, 3, 2], INT)
    right = np.array([3, 1, 3, 5, 3, 3, 0, 7], INT)
    assert c.forbidden(left, right).tolist() == [
        False,  # same name, one incident
        True,  # male and female
        True,  # Mahmoud and Ahmad in one incident
        False,  # wife of Ahmad Sim, in both scripts: same relation and anchor
        True,  # a relational record and a plain one
        True,  # a placeholder
        False,
        False,  # Mahmoud and Ahmad on different days: for the model to weigh
    ]
    assert c.sex[[4, 5]].tolist() == [2, 2]  # "wife of" says female


def test_a_man_and_a_woman_are_not_chained_through_a_record_of_unknown_sex() -> None:
    c = _constraints(
        [
            {"given_name": "Nour", "family_name": "Sim", "sex": "male"},
            {"given_name": "Nour", "family_name": "Sim"},
            {"given_name": "Nour", "family_name": "Sim", "sex": "female"},
        ]
    )
    left, right = np.array([0, 1], INT), np.array([1, 2], INT)
    prob = np.array([0.99, 0.98])
    kwargs: dict[str, Any] = {
        "threshold": 0.5,
        "max_cluster_size": 12,
        "min_density": 0.0,  # a chain alone is not re-clustered
        "recluster_threshold": 0.5,
    }
    plain = cluster_pairs(3, left, right, prob, **kwargs)
    assert len(set(plain.labels.tolist())) == 1  # chained without the constraint
    held = cluster_pairs(3, left, right, prob, constraints=c, **kwargs)
    assert held.labels.tolist() == [0, 0, 1]  # the closer pair wins, the woman stays apart
    assert held.constrained == 1
    assert held.constrained == 1


def test_siblings_of_one_incident_are_not_chained_through_a_record_without_a_place() -> None:
    day = {"date_earliest": "2016-05-02", "pcode": "C1007", "family_name": "Sim"}
    c = _constraints(
        [
            {"given_name": "Mohammad", **day},
            {"given_name": "Mohammad", "family_name": "Sim", "date_earliest": "2016-05-02"},
            {"given_name": "Mahmoud", **day},
        ]
    )
    assert c.event[0] == c.event[2] >= 0 and c.event[1] == -1
    left, right = np.array([0, 1], INT), np.array([1, 2], INT)
    prob = np.array([0.97, 0.96])
    got = cluster_pairs(
        3,
        left,
        right,
        prob,
        threshold=0.5,
        max_cluster_size=12,
        min_density=0.0,  # the chain alone would not be re-clustered
        recluster_threshold=0.5,
        constraints=c,
    )
    assert got.labels[0] != got.labels[2]
    assert got.constrained == 1


def _family_world(n_families: int = 40) -> pd.DataFrame:
    """Two lists (Arabic, Latin) of families killed together: two brothers and a sister per
    family, plus a "wife of" record and two placeholders per incident."""
    rows: list[dict[str, Any]] = []
    brothers = [("محمد", "Mohammad"), ("محمود", "Mahmoud"), ("حسن", "Hasan"), ("حسين", "Hussein")]
    sisters = [("فاطمة", "Fatima"), ("خديجة", "Khadija")]
    fathers = [("أحمد", "Ahmad"), ("خالد", "Khaled"), ("عمر", "Omar"), ("يوسف", "Youssef")]
    families = [("الحلبي", "al-Halabi"), ("الخطيب", "al-Khatib"), ("المصري", "al-Masri")]
    places = ["C1007", "C1010", "C2041", "C4121", "C1946"]
    for f in range(n_families):
        father = fathers[f % len(fathers)]
        family = families[f % len(families)]
        day = f"2015-{1 + f % 12:02d}-{1 + f % 27:02d}"
        place = places[f % len(places)]
        b1, b2 = brothers[(f % 2) * 2], brothers[(f % 2) * 2 + 1]
        people = [(b1, "male"), (b2, "male"), (sisters[f % 2], "female")]
        for script, source in ((0, "ar"), (1, "la")):
            for i, (name, sex) in enumerate(people):
                rows.append(
                    {
                        "source": source,
                        "truth": f"f{f}p{i}",
                        "given_name": name[script],
                        "father_name": father[script],
                        "family_name": family[script],
                        "sex": sex if script == 0 else "",  # the Latin list leaves sex blank
                        "date_earliest": day,
                        "pcode": place,
                    }
                )
            wife = (
                f"زوجة {father[0]} {family[0]}"
                if script == 0
                else f"wife of {father[1]} {family[1]}"
            )
            rows.append(
                {"source": source, "truth": f"f{f}w", "full_name": wife, "date_earliest": day}
                | {"pcode": place}
            )
            for k, unnamed in enumerate(("مجهول الهوية", "Unidentified")):
                rows.append(
                    {
                        "source": source,
                        "truth": f"f{f}u{script}{k}",
                        "full_name": unnamed,
                        "date_earliest": day,
                        "pcode": place,
                    }
                )
    return _records(rows)


@pytest.mark.slow
def test_families_of_one_incident_link_person_by_person() -> None:
    records = _family_world()
    result = link_records(records.drop(columns="truth"), LinkSettings(u_max_pairs=100_000))
    joined = result.clusters.merge(records[["record_key", "truth", "sex"]], on="record_key")
    by_cluster = joined.groupby("cluster_id")
    # never a man and a woman, never two true people, in one person
    assert by_cluster["truth"].nunique().max() == 1
    sexes = joined[joined["sex"] != ""].groupby("cluster_id")["sex"].nunique()
    assert sexes.max() == 1
    # every named person and every "wife of" found across the two scripts
    named = joined[~joined["truth"].str.contains("u")]
    assert (named.groupby("truth")["cluster_id"].nunique() == 1).all()
    # placeholders stay alone
    unnamed = joined[joined["truth"].str.contains("u")]
    assert (unnamed["cluster_size"] == 1).all()
    d = result.diagnostics
    assert d.placeholders == len(unnamed) and d.relational == 2 * 40


@pytest.mark.slow
def test_a_reviewer_may_join_two_placeholders() -> None:
    records = _family_world(6).drop(columns="truth")
    unnamed = records[records["full_name"].isin(["مجهول الهوية", "Unidentified"])]
    a, b = unnamed["record_key"].iloc[0], unnamed["record_key"].iloc[1]
    decisions = pd.DataFrame({"record_key_l": [a], "record_key_r": [b], "decision": ["same"]})
    result = link_records(records, LinkSettings(u_max_pairs=50_000), decisions=decisions)
    clusters = result.clusters.set_index("record_key")["cluster_id"]
    assert clusters[a] == clusters[b]
    assert not result.review["record_key_l"].isin(unnamed["record_key"]).any()


def test_constraints_can_be_turned_off() -> None:
    with pytest.raises(Exception, match="hard_constraints"):
        LinkSettings(hard_constraints="yes")  # type: ignore[arg-type]
    assert LinkSettings.from_toml(LinkSettings(hard_constraints=False).to_toml()) == LinkSettings(
        hard_constraints=False
    )
