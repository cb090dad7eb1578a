"""The shipped name inventory: Syrian frequency skew, Latin spellings, Arabic variants."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from tawthiq.simulate import World
from tawthiq.simulate._names import ARABIC_PROCESSES, TATWEEL, NameInventory


def _id(names: NameInventory, kind: str, arabic: str) -> int:
    hits = np.flatnonzero((names.kind == kind) & (names.arabic == arabic))
    assert len(hits) == 1, (kind, arabic)
    return int(hits[0])


def test_inventory_size_and_kinds(names: NameInventory) -> None:
    kinds = Counter(str(k) for k in names.kind)
    assert kinds["male"] >= 200 and kinds["female"] >= 100 and kinds["family"] >= 100
    pairs = list(zip(names.kind, names.arabic, strict=True))
    assert len(pairs) == len(set(pairs))


def test_every_name_has_several_latin_spellings(names: NameInventory) -> None:
    for i in range(len(names)):
        spellings = names.latin(i)
        assert len(spellings) >= 2, names.arabic[i]
        assert len(set(spellings)) == len(spellings)
        assert all(s.isascii() and s.strip() == s and s for s in spellings)


@pytest.mark.parametrize(
    ("kind", "arabic", "expected"),
    [
        ("male", "محمد", {"Mohammad", "Muhammad", "Mohamed", "Mohammed"}),
        ("male", "عبد الرحمن", {"Abd al-Rahman", "Abdulrahman", "Abdel Rahman"}),
        ("male", "عبد الله", {"Abdullah", "Abdallah", "Abd Allah"}),
        ("female", "فاطمة", {"Fatima", "Fatma"}),
        ("family", "الحلبي", {"al-Halabi", "Halabi", "Al Halabi"}),
        ("family", "الشامي", {"ash-Shami", "al-Shami"}),
    ],
)
def test_known_spellings(names: NameInventory, kind: str, arabic: str, expected: set[str]) -> None:
    assert expected <= set(names.latin(_id(names, kind, arabic)))


@pytest.mark.parametrize(
    ("kind", "arabic", "process", "variant"),
    [
        ("male", "أحمد", "hamza", "احمد"),
        ("male", "إبراهيم", "hamza", "ابراهيم"),
        ("female", "آمنة", "hamza", "امنة"),
        ("female", "فاطمة", "ta_marbuta", "فاطمه"),
        ("male", "مصطفى", "alif_maqsura", "مصطفي"),
        ("male", "علي", "alif_maqsura", "على"),
        ("family", "الحلبي", "al_prefix", "حلبي"),
        ("male", "عبد الله", "compound_space", "عبدالله"),
        ("male", "نور الدين", "compound_space", "نورالدين"),
        ("family", "العبد الله", "compound_space", "العبدالله"),
    ],
)
def test_arabic_variants(
    names: NameInventory, kind: str, arabic: str, process: str, variant: str
) -> None:
    i = _id(names, kind, arabic)
    bit = ARABIC_PROCESSES.index(process)
    assert names.applicable[i] >> bit & 1
    assert names.arabic_variants[i, 1 << bit] == variant
    assert names.arabic_variants[i, 0] == arabic


def test_processes_only_where_they_apply(names: NameInventory) -> None:
    muhammad = _id(names, "male", "محمد")
    assert names.applicable[muhammad] == 1 << ARABIC_PROCESSES.index("tatweel")
    with_tatweel = names.arabic_variants[muhammad, 1 << ARABIC_PROCESSES.index("tatweel")]
    assert TATWEEL in with_tatweel and with_tatweel.replace(TATWEEL, "") == "محمد"
    # al_prefix never applies to given names
    male = names.ids("male")
    assert not (names.applicable[male] >> ARABIC_PROCESSES.index("al_prefix") & 1).any()


def test_frequency_skew_in_a_world(world: World, names: NameInventory) -> None:
    """Many Mohammads, then Ahmad, Ali, Abdullah...: the skew of Syrian lists."""
    male = world.people[world.people["sex"] == "male"]
    top = Counter(str(names.arabic[i]) for i in male["given"]).most_common(6)
    share = top[0][1] / len(male)
    assert top[0][0] == "محمد" and 0.08 < share < 0.2
    assert {"أحمد", "علي", "عبد الله"} <= {name for name, _ in top}
    female = world.people[world.people["sex"] == "female"]
    assert Counter(str(names.arabic[i]) for i in female["given"]).most_common(1)[0][0] == "فاطمة"
    fathers = Counter(str(names.arabic[i]) for i in world.people["father"])
    assert fathers.most_common(1)[0][0] == "محمد"
    assert all(names.kind[i] == "female" for i in female["given"])
    assert all(names.kind[i] == "male" for i in world.people["father"])
    assert all(names.kind[i] == "family" for i in world.people["family"])


def test_households_share_family_names(world: World) -> None:
    people = world.people
    sizes = people.groupby("household")["family"].agg(["size", "nunique"])
    assert (sizes["nunique"] == 1).all()
    assert (sizes["size"] > 1).mean() > 0.1
    assert (people.groupby("household")["incident_id"].nunique() == 1).all()
