"""Pairwise linkage scores on tiny hand-made clusterings, and against brute force."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tawthiq.errors import InputError
from tawthiq.link.evaluate import LinkageEvaluation, evaluate_linkage

# Truth: person 1 = a1, a2, b1; person 2 = b2, c1; person 3 = c2.  True pairs: 3 + 1 + 0 = 4.
TRUTH = pd.DataFrame(
    {
        "source": ["A", "A", "B", "B", "C", "C"],
        "record_id": ["a1", "a2", "b1", "b2", "c1", "c2"],
        "person_id": ["1", "1", "1", "2", "2", "3"],
    }
)


def clusters(assignment: dict[str, str]) -> pd.DataFrame:
    rows = [
        (assignment[r], s, r)
        for s, r in zip(TRUTH["source"], TRUTH["record_id"], strict=True)
        if r in assignment
    ]
    return pd.DataFrame(rows, columns=["person_id", "source", "record_id"])


def test_perfect_linkage() -> None:
    res = evaluate_linkage(TRUTH, TRUTH)
    assert (res.precision, res.recall, res.f1) == (1.0, 1.0, 1.0)
    assert (res.records, res.true_persons, res.predicted_persons) == (6, 3, 3)
    assert res.true_pairs == res.predicted_pairs == res.correct_pairs == 4


def test_hand_computed_example() -> None:
    # X = a1, a2 (1 pair, correct); Y = b1, b2, c1 (3 pairs: b2-c1 correct); Z = c2.
    pred = clusters({"a1": "X", "a2": "X", "b1": "Y", "b2": "Y", "c1": "Y", "c2": "Z"})
    res = evaluate_linkage(pred, TRUTH)
    assert (res.predicted_pairs, res.correct_pairs, res.true_pairs) == (4, 2, 4)
    assert res.precision == pytest.approx(0.5)
    assert res.recall == pytest.approx(0.5)
    assert res.f1 == pytest.approx(0.5)
    assert res.predicted_persons == 3


def test_everything_merged() -> None:
    pred = clusters(dict.fromkeys(TRUTH["record_id"], "all"))
    res = evaluate_linkage(pred, TRUTH)
    assert (res.predicted_pairs, res.correct_pairs) == (15, 4)
    assert res.precision == pytest.approx(4 / 15)
    assert res.recall == 1.0
    assert res.f1 == pytest.approx(8 / 19)  # 2 * (4/15) * 1 / (4/15 + 1)
    assert res.predicted_persons == 1


def test_nothing_linked() -> None:
    pred = clusters({r: r for r in TRUTH["record_id"]})
    res = evaluate_linkage(pred, TRUTH)
    assert res.predicted_pairs == 0 and res.correct_pairs == 0
    assert res.precision == 1.0  # no false merges
    assert res.recall == 0.0 and res.f1 == 0.0
    assert res.predicted_persons == 6


def test_split_and_merge_mix() -> None:
    # P = a1, b2 (wrong pair); Q = a2, b1 (correct); R = c1, c2 (wrong).
    pred = clusters({"a1": "P", "b2": "P", "a2": "Q", "b1": "Q", "c1": "R", "c2": "R"})
    res = evaluate_linkage(pred, TRUTH)
    assert (res.predicted_pairs, res.correct_pairs) == (3, 1)
    assert res.precision == pytest.approx(1 / 3)
    assert res.recall == pytest.approx(1 / 4)
    assert res.f1 == pytest.approx(2 * (1 / 3) * (1 / 4) / (1 / 3 + 1 / 4))


def test_missing_records_are_singletons() -> None:
    full = clusters({"a1": "X", "a2": "X", "b1": "Y", "b2": "Y", "c1": "Y", "c2": "Z"})
    part = full[full["record_id"] != "c2"]
    a, b = evaluate_linkage(full, TRUTH), evaluate_linkage(part, TRUTH)
    assert b.unmatched_records == 1 and a.unmatched_records == 0
    assert (a.precision, a.recall, a.predicted_persons) == (b.precision, b.recall, 3)


def test_labels_and_order_do_not_matter() -> None:
    pred = clusters({"a1": "X", "a2": "X", "b1": "Y", "b2": "Y", "c1": "Y", "c2": "Z"})
    relabelled = pred.assign(person_id=pred["person_id"].map({"X": "9", "Y": "1", "Z": "5"}))
    shuffled = relabelled.sample(frac=1.0, random_state=3)[["record_id", "source", "person_id"]]
    assert evaluate_linkage(shuffled, TRUTH) == evaluate_linkage(pred, TRUTH)


def test_same_record_id_in_two_sources_are_different_records() -> None:
    truth = pd.DataFrame({"source": ["A", "B"], "record_id": ["1", "1"], "person_id": ["p", "q"]})
    pred = truth.assign(person_id=["x", "x"])
    res = evaluate_linkage(pred, truth)
    assert (res.records, res.predicted_pairs, res.correct_pairs) == (2, 1, 0)


def test_errors() -> None:
    extra = pd.concat(
        [TRUTH, pd.DataFrame({"source": ["Z"], "record_id": ["z1"], "person_id": ["9"]})]
    )
    with pytest.raises(InputError, match="not in the truth"):
        evaluate_linkage(extra, TRUTH)
    with pytest.raises(InputError, match="more than once"):
        evaluate_linkage(pd.concat([TRUTH, TRUTH.iloc[:1]]), TRUTH)
    with pytest.raises(InputError) as info:
        evaluate_linkage(TRUTH.drop(columns="source"), TRUTH)
    assert info.value.field == "source"


def test_reads_csv_files(tmp_path: Path) -> None:
    pred = clusters({"a1": "X", "a2": "X", "b1": "Y", "b2": "Y", "c1": "Y", "c2": "Z"})
    pred.to_csv(tmp_path / "persons.csv", index=False)
    TRUTH.to_csv(tmp_path / "truth.csv", index=False)
    res = evaluate_linkage(tmp_path / "persons.csv", str(tmp_path / "truth.csv"))
    assert res.f1 == pytest.approx(0.5)
    assert isinstance(res, LinkageEvaluation) and res.to_dict()["correct_pairs"] == 2
    with pytest.raises(InputError, match="not found"):
        evaluate_linkage(tmp_path / "nope.csv", TRUTH)


def _brute_force(pred: pd.DataFrame, truth: pd.DataFrame) -> tuple[int, int, int]:
    t = {(s, r): p for s, r, p in zip(truth.source, truth.record_id, truth.person_id, strict=True)}
    q = {(s, r): p for s, r, p in zip(pred.source, pred.record_id, pred.person_id, strict=True)}
    keys = sorted(t)
    true_pairs = pred_pairs = correct = 0
    for x, y in itertools.combinations(keys, 2):
        same_t, same_p = t[x] == t[y], q[x] == q[y]
        true_pairs += same_t
        pred_pairs += same_p
        correct += same_t and same_p
    return true_pairs, pred_pairs, correct


@pytest.mark.parametrize("seed", range(5))
def test_matches_brute_force_pair_enumeration(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 300
    truth = pd.DataFrame(
        {
            "source": rng.choice(["A", "B", "C"], n),
            "record_id": [f"r{i}" for i in range(n)],
            "person_id": rng.integers(0, 120, n).astype(str),
        }
    )
    # a noisy prediction: mostly the truth, with random splits and merges
    noisy = np.where(rng.random(n) < 0.2, rng.integers(0, 150, n), truth["person_id"].astype(int))
    pred = truth.assign(person_id=[f"c{x}" for x in noisy])
    res = evaluate_linkage(pred, truth)
    assert (res.true_pairs, res.predicted_pairs, res.correct_pairs) == _brute_force(pred, truth)


@pytest.mark.slow
def test_a_million_records_quickly() -> None:
    """Merging persons 2k and 2k+1 (sizes a, b ~ Poisson(2.5)) adds a*b wrong pairs to the
    C(a,2) + C(b,2) right ones: E = 6.25 each, so precision is about 1/2."""
    rng = np.random.default_rng(0)
    n = 1_000_000
    person = rng.integers(0, 400_000, n)
    truth = pd.DataFrame(
        {
            "source": np.array(["A", "B", "C", "D"])[rng.integers(0, 4, n)],
            "record_id": np.arange(n).astype(str),
            "person_id": person.astype(str),
        }
    )
    pred = truth.assign(person_id=(person // 2).astype(str))  # merges pairs of persons
    res = evaluate_linkage(pred, truth)
    assert res.records == n and res.recall == 1.0
    assert res.precision == pytest.approx(0.5, abs=0.01)
    assert res.true_persons == len(set(person)) and res.predicted_persons == len(set(person // 2))
