"""Clustering: connected components, anti-chaining second pass, reviewer constraints."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tawthiq.link import cluster_pairs

Ints = np.ndarray[Any, np.dtype[np.int64]]


def arr(values: list[int]) -> Ints:
    return np.array(values, dtype=np.int64)


def clique(nodes: list[int], p: float) -> list[tuple[int, int, float]]:
    return [(a, b, p) for a, b in itertools.combinations(nodes, 2)]


def run(n: int, edges: list[tuple[int, int, float]], **kw: Any) -> Any:
    left = arr([e[0] for e in edges])
    right = arr([e[1] for e in edges])
    prob = np.array([e[2] for e in edges], dtype=np.float64)
    opts: dict[str, Any] = {
        "threshold": 0.5,
        "max_cluster_size": 12,
        "min_density": 1.0,
        "recluster_threshold": 0.5,
    }
    opts.update(kw)
    return cluster_pairs(n, left, right, prob, **opts)


def same(labels: Ints, a: int, b: int) -> bool:
    return bool(labels[a] == labels[b])


def test_components_at_threshold_and_numbering() -> None:
    res = run(6, [(0, 1, 0.99), (2, 3, 0.4), (4, 5, 0.8)])
    assert res.labels.tolist() == [0, 0, 1, 2, 3, 3]  # numbered by first record
    assert res.components == 4
    assert res.suspicious == 0
    assert res.best[0] == pytest.approx(0.99) and np.isnan(res.best[2])


def test_one_bad_link_does_not_chain_two_families() -> None:
    # two cliques of five joined by a single link above the threshold
    edges = clique([0, 1, 2, 3, 4], 0.99) + clique([5, 6, 7, 8, 9], 0.99) + [(4, 5, 0.7)]
    plain = run(10, edges, min_density=0.0)  # connected components only
    assert same(plain.labels, 0, 9)
    res = run(10, edges)
    assert res.suspicious == 1
    assert len(set(res.labels[:5].tolist())) == 1
    assert len(set(res.labels[5:].tolist())) == 1
    assert not same(res.labels, 0, 9)


def test_chain_is_split_but_clique_kept() -> None:
    # a path 0-1-2 with 0-2 scored low: average linkage keeps the strongest pair
    res = run(3, [(0, 1, 0.95), (1, 2, 0.6), (0, 2, 0.05)])
    assert same(res.labels, 0, 1) and not same(res.labels, 1, 2)
    full = run(3, clique([0, 1, 2], 0.9))
    assert len(set(full.labels.tolist())) == 1 and full.suspicious == 0


def test_missing_pairs_are_rescored() -> None:
    calls: list[tuple[list[int], list[int]]] = []

    def rescore(left: Ints, right: Ints) -> tuple[Ints, Ints, np.ndarray[Any, Any]]:
        calls.append((left.tolist(), right.tolist()))
        return left, right, np.full(len(left), 0.9)

    res = run(3, [(0, 1, 0.95), (1, 2, 0.95)], rescore=rescore)
    assert calls == [([0], [2])]
    assert res.rescored_pairs == 1
    assert len(set(res.labels.tolist())) == 1  # the third pair scored high: one person


def test_size_cap() -> None:
    res = run(8, clique(list(range(8)), 0.99), max_cluster_size=4)
    sizes = np.bincount(res.labels)
    assert sizes.max() <= 4 and sizes.sum() == 8


def test_different_decision_is_never_overridden() -> None:
    edges = [(0, 1, 0.999), (1, 2, 0.999), (0, 2, 0.999)]
    res = run(3, edges, cannot_link=(arr([0]), arr([1])))
    assert not same(res.labels, 0, 1)
    assert res.decisions_different == 1
    # and a "same" decision that would join the pair is refused
    res2 = run(
        3, [(0, 2, 0.1)], must_link=(arr([0, 1]), arr([2, 2])), cannot_link=(arr([0]), arr([1]))
    )
    assert not same(res2.labels, 0, 1)
    assert res2.decisions_same == 1 and res2.conflicts == 1


def test_same_decision_joins_unscored_records() -> None:
    res = run(4, [], must_link=(arr([0]), arr([3])))
    assert same(res.labels, 0, 3) and not same(res.labels, 0, 1)
    assert res.best[0] == 1.0 and res.best[3] == 1.0


@settings(max_examples=50, deadline=None)
@given(
    st.integers(min_value=2, max_value=15).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.floats(0.0, 1.0)).filter(
                    lambda e: e[0] != e[1]
                ),
                max_size=40,
            ),
            st.lists(
                st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(
                    lambda e: e[0] != e[1]
                ),
                max_size=4,
            ),
        )
    )
)
def test_invariants(case: tuple[int, list[tuple[int, int, float]], list[tuple[int, int]]]) -> None:
    n, edges, cannot = case
    res = run(
        n,
        edges,
        max_cluster_size=4,
        cannot_link=(arr([c[0] for c in cannot]), arr([c[1] for c in cannot])),
    )
    labels = res.labels
    assert len(labels) == n
    assert sorted(set(labels.tolist())) == list(range(len(set(labels.tolist()))))
    for a, b in cannot:
        assert labels[a] != labels[b]
    # a cluster larger than the cap only ever comes from connected components, never from
    # the second pass; with density 1.0 and cap 4 every over-size component is re-clustered
    assert np.bincount(labels).max() <= max(4, 1)


def test_review_asks_each_question_once_likeliest_change_first() -> None:
    from tawthiq.link._review import question_reason, review_questions

    # pieces: {0,1,2} (confident links), {3}, {4}, {5,6}; labels: 0-3 one person, 4, 5-6
    left = np.array([0, 1, 0, 2, 0, 3, 1, 5], np.int64)
    right = np.array([1, 2, 2, 3, 3, 4, 4, 6], np.int64)
    prob = np.array([0.95, 0.97, 0.5, 0.6, 0.8, 0.3, 0.45, 0.99])
    labels = np.array([0, 0, 0, 0, 1, 2, 2], np.int64)
    asked = np.ones(len(left), bool)
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64))

    def ask(min_change: float = 0.0) -> Any:
        return review_questions(
            7,
            left,
            right,
            prob,
            prob,
            labels,
            band=(0.2, 0.9),
            asked=asked,
            must=empty,
            min_change=min_change,
        )

    q = ask()
    pairs = list(zip(q["uid_l"].tolist(), q["uid_r"].tolist(), strict=True))
    # (0,2) lies inside a confident piece: nothing to ask. {0,1,2}–{3} is asked once, by its
    # most probable pair (0,3); of the three links tying {0,1,2}, {3} and {4} together, the two
    # most probable make a spanning tree: {3}–{4} (p 0.3) would follow from the other answers.
    assert set(pairs) == {(0, 3), (1, 4)}
    records = dict(zip(pairs, q["records"].tolist(), strict=True))
    assert records == {(0, 3): 4, (1, 4): 4}
    # the chance an answer changes a person: (1,4) kept apart, p 0.45; (0,3) linked, 1 - 0.8
    assert pairs == [(1, 4), (0, 3)]
    assert np.allclose(q["priority"], [0.45, 0.2])
    assert q["same_cluster"].tolist() == [False, True]
    # at least a 30 % chance: (0,3) (0.2) is not asked; {0,1,2}–{3} is asked through (2,3),
    # linked at p 0.6 (a 40 % chance that "different" splits it)
    q = ask(0.3)
    assert list(zip(q["uid_l"], q["uid_r"], strict=True)) == [(1, 4), (2, 3)]
    # a decided or forbidden pair is never asked: then {3}–{4} is needed
    asked[6] = False
    assert set(zip(ask()["uid_l"], ask()["uid_r"], strict=True)) == {(0, 3), (3, 4)}
    assert question_reason(True, 4) == "split 4 records"
    assert question_reason(False, 2) == "join 2 records"
