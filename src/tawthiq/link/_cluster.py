"""Clustering scored pairs into persons, without letting one bad link chain two people together.

Connected components at a threshold are fast and right most of the time, but a single wrong
link above the threshold merges two whole clusters (HRDAG's "chaining"). So:

1. Reviewer decisions first: "same" pairs are joined (unless that would put a "different" pair
   together: a "not the same person" decision is never overridden), "different" pairs never.
2. Connected components over the pairs at or above the threshold.
3. A component is *suspicious* if it is larger than ``max_cluster_size``, if fewer than
   ``min_density`` of its record pairs are linked (a chain, not a clique; components of 3+), or
   if it holds a "different" pair. Pairs inside a suspicious component that blocking never
   generated can be scored by a callback, so that the second pass sees every pair.
4. Suspicious components are re-clustered by average linkage: start from single records (and
   "same" groups), repeatedly merge the two groups whose mean match probability over all their
   record pairs is highest, while it is at least ``recluster_threshold``, the merged group is
   no larger than ``max_cluster_size`` and no "different" pair would be joined. One link
   between two groups of five has a mean of 1/25: they stay apart.

The hard constraints (``link._constraints``: sexes, given names within one incident,
relations, placeholders) join in at steps 3 and 4: a component whose records conflict is
suspicious, and average linkage never merges two groups that conflict. Pairs that break a
constraint on their own have been given probability 0 by the caller.

Everything here is plain arrays in, plain arrays out.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from tawthiq.link._constraints import Constraints, GroupAttributes

__all__ = ["Clustering", "cluster_pairs"]

Ints = np.ndarray[Any, np.dtype[np.int64]]
Floats = np.ndarray[Any, np.dtype[np.float64]]
Rescore = Callable[[Ints, Ints], tuple[Ints, Ints, Floats]]
"""Score chosen pairs: (left, right) → (left, right, probability) for those it could score."""

MAX_RESCORE_COMPONENT = 120
"""Components up to this size get all their missing pairs scored before re-clustering."""


@dataclass(frozen=True)
class Clustering:
    """Cluster of every record, and what the anti-chaining pass did."""

    labels: Ints
    """Cluster number per record, 0..k-1, numbered in order of each cluster's first record."""
    best: Floats
    """Highest match probability from the record to another record of its cluster (NaN when
    the record is alone)."""
    components: int
    """Connected components at the threshold (before the second pass)."""
    suspicious: int
    """Components re-clustered by the second pass."""
    rescored_pairs: int
    """Pairs inside suspicious components scored because blocking had not generated them."""
    decisions_same: int
    """'Same' decisions applied."""
    decisions_different: int
    """'Different' decisions (all are applied)."""
    conflicts: int
    """'Same' decisions not applied because they would join a 'different' pair."""
    constrained: int = 0
    """Components suspicious because their records broke a hard constraint."""


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = np.arange(n, dtype=np.int64)

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = int(parent[root])
        while parent[x] != root:
            parent[x], x = root, int(parent[x])
        return root


def _pair_keys(left: Ints, right: Ints, n: int) -> Ints:
    lo, hi = np.minimum(left, right), np.maximum(left, right)
    out: Ints = lo * np.int64(n) + hi
    return out


def _must_groups(
    n: int, must: tuple[Ints, Ints], cannot: tuple[Ints, Ints]
) -> tuple[dict[int, set[int]], int, int]:
    """Union "same" pairs unless that joins a "different" pair; returns groups (root → members)
    of size ≥ 2, the number applied and the number refused."""
    uf = _UnionFind(n)
    members: dict[int, set[int]] = {}
    forbidden: dict[int, set[int]] = {}
    for a, b in zip(cannot[0].tolist(), cannot[1].tolist(), strict=True):
        forbidden.setdefault(a, set()).add(b)
        forbidden.setdefault(b, set()).add(a)
    applied = refused = 0
    for a, b in zip(must[0].tolist(), must[1].tolist(), strict=True):
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            applied += 1
            continue
        ga, gb = members.get(ra, {ra}), members.get(rb, {rb})
        if any(forbidden.get(x, set()) & gb for x in ga):
            refused += 1
            continue
        uf.parent[rb] = ra
        members[ra] = ga | gb
        members.pop(rb, None)
        applied += 1
    return members, applied, refused


def _average_linkage(
    nodes: list[int],
    weight: dict[tuple[int, int], float],
    start: list[set[int]],
    forbidden: set[tuple[int, int]],
    *,
    threshold: float,
    max_size: int,
    constraints: Constraints | None = None,
) -> list[set[int]]:
    """Greedy average-linkage agglomeration with a size cap, cannot-link pairs and the hard
    constraints between groups."""
    group_of: dict[int, int] = {}
    groups: dict[int, set[int]] = {}
    for gid, g in enumerate(start):
        groups[gid] = set(g)
        for x in g:
            group_of[x] = gid
    next_id = len(start)
    for x in nodes:
        if x not in group_of:
            groups[next_id] = {x}
            group_of[x] = next_id
            next_id += 1
    # Sum of probabilities between groups (pairs never scored count as 0).
    link: dict[int, dict[int, float]] = {g: {} for g in groups}
    for (a, b), p in weight.items():
        ga, gb = group_of[a], group_of[b]
        if ga != gb:
            link[ga][gb] = link[ga].get(gb, 0.0) + p
            link[gb][ga] = link[gb].get(ga, 0.0) + p
    attrs: dict[int, GroupAttributes] = {}
    if constraints is not None:
        attrs = {g: constraints.attributes(members) for g, members in groups.items()}
    banned: dict[int, set[int]] = {g: set() for g in groups}
    for a, b in forbidden:
        ga, gb = group_of[a], group_of[b]
        banned[ga].add(gb)
        banned[gb].add(ga)

    heap: list[tuple[float, int, int]] = []

    def push(ga: int, gb: int) -> None:
        total = link[ga].get(gb, 0.0)
        mean = total / (len(groups[ga]) * len(groups[gb]))
        fits = len(groups[ga]) + len(groups[gb]) <= max_size
        if mean >= threshold and gb not in banned[ga] and fits:
            if constraints is not None and constraints.conflict(attrs[ga], attrs[gb]):
                return
            heapq.heappush(heap, (-mean, min(ga, gb), max(ga, gb)))

    for ga in list(groups):
        for gb in link[ga]:
            if ga < gb:
                push(ga, gb)
    while heap:
        _, ga, gb = heapq.heappop(heap)
        if ga not in groups or gb not in groups:
            continue  # stale: one side was merged away
        gid = next_id
        next_id += 1
        groups[gid] = groups.pop(ga) | groups.pop(gb)
        if constraints is not None:
            attrs[gid] = attrs.pop(ga).merged(attrs.pop(gb))
        la, lb = link.pop(ga), link.pop(gb)
        merged: dict[int, float] = {}
        for other, total in (*la.items(), *lb.items()):
            if other in (ga, gb):
                continue
            merged[other] = merged.get(other, 0.0) + total
        link[gid] = merged
        banned[gid] = (banned.pop(ga) | banned.pop(gb)) - {ga, gb}
        for other, total in merged.items():
            link[other].pop(ga, None)
            link[other].pop(gb, None)
            link[other][gid] = total
        for other in banned[gid]:
            banned[other].discard(ga)
            banned[other].discard(gb)
            banned[other].add(gid)
        for other in merged:
            push(gid, other)
    return list(groups.values())


def cluster_pairs(
    n: int,
    left: Ints,
    right: Ints,
    probability: Floats,
    *,
    threshold: float,
    max_cluster_size: int,
    min_density: float,
    recluster_threshold: float,
    must_link: tuple[Ints, Ints] | None = None,
    cannot_link: tuple[Ints, Ints] | None = None,
    rescore: Rescore | None = None,
    constraints: Constraints | None = None,
) -> Clustering:
    """Cluster ``n`` records from scored pairs (``left[i]``, ``right[i]``, ``probability[i]``).

    ``constraints``: the hard constraints of the records; pairs that break one alone should
    already have probability 0 (``Constraints.forbidden``), here they stop chains.
    """
    empty = np.zeros(0, np.int64)
    must = must_link if must_link is not None else (empty, empty)
    cannot = cannot_link if cannot_link is not None else (empty, empty)
    left = np.asarray(left, np.int64)
    right = np.asarray(right, np.int64)
    probability = np.asarray(probability, np.float64)

    cannot_keys = _pair_keys(cannot[0], cannot[1], n) if len(cannot[0]) else empty
    groups, applied, refused = _must_groups(n, must, cannot)
    must_l: list[int] = []
    must_r: list[int] = []
    for root, members in groups.items():
        for x in members:
            if x != root:
                must_l.append(root)
                must_r.append(x)

    strong = probability >= threshold
    if len(cannot_keys):
        strong &= ~np.isin(_pair_keys(left, right, n), cannot_keys)
    src = np.concatenate([left[strong], np.array(must_l, np.int64)])
    dst = np.concatenate([right[strong], np.array(must_r, np.int64)])
    graph = coo_matrix((np.ones(len(src), np.int8), (src, dst)), shape=(n, n)).tocsr()
    n_comp, comp = connected_components(graph, directed=False)
    comp = comp.astype(np.int64)

    sizes = np.bincount(comp, minlength=n_comp)
    # Density: linked pairs (threshold edges, one per record pair) over all pairs.
    strong_keys = np.unique(_pair_keys(src, dst, n))
    edges = np.bincount(comp[strong_keys // n], minlength=n_comp)
    possible = sizes * (sizes - 1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.where(possible > 0, edges / np.maximum(possible, 1), 1.0)
    flagged = (sizes > max_cluster_size) | ((sizes >= 3) & (density < min_density))
    if len(cannot[0]):
        same = comp[cannot[0]] == comp[cannot[1]]
        flagged[comp[cannot[0]][same]] = True
    constrained = 0
    if constraints is not None and n:
        broken = constraints.conflicted(comp)
        constrained = int((broken & ~flagged).sum())
        flagged |= broken

    labels = comp.copy()
    next_label = n_comp
    rescored = 0
    pair_keys = _pair_keys(left, right, n)
    prob_all = probability
    if flagged.any():
        in_flagged = flagged[comp]
        if rescore is not None:
            extra_l, extra_r = _missing_pairs(comp, flagged, sizes, pair_keys, n)
            if len(extra_l):
                got_l, got_r, got_p = rescore(extra_l, extra_r)
                rescored = len(got_l)
                pair_keys = np.concatenate([pair_keys, _pair_keys(got_l, got_r, n)])
                prob_all = np.concatenate([prob_all, np.asarray(got_p, np.float64)])
                left = np.concatenate([left, np.minimum(got_l, got_r)])
                right = np.concatenate([right, np.maximum(got_l, got_r)])
        members_of: dict[int, list[int]] = {}
        for x in np.flatnonzero(in_flagged).tolist():
            members_of.setdefault(int(comp[x]), []).append(x)
        sel = in_flagged[left] & (comp[left] == comp[right])
        weights: dict[int, dict[tuple[int, int], float]] = {c: {} for c in members_of}
        for a, b, p in zip(
            left[sel].tolist(), right[sel].tolist(), prob_all[sel].tolist(), strict=True
        ):
            key = (a, b) if a < b else (b, a)
            w = weights[int(comp[a])]
            w[key] = max(w.get(key, 0.0), p)
        cannot_by_comp: dict[int, set[tuple[int, int]]] = {}
        for a, b in zip(cannot[0].tolist(), cannot[1].tolist(), strict=True):
            if comp[a] == comp[b] and flagged[comp[a]]:
                cannot_by_comp.setdefault(int(comp[a]), set()).add((a, b))
        root_of = {x: r for r, ms in groups.items() for x in ms}
        for c, nodes in members_of.items():
            start: dict[int, set[int]] = {}
            for x in nodes:
                r = root_of.get(x)
                if r is not None:
                    start.setdefault(r, set()).add(x)
            w = weights[c]
            for g in start.values():  # "same" decisions count as certain links
                ms = sorted(g)
                for i, a in enumerate(ms):
                    for b in ms[i + 1 :]:
                        w[(a, b)] = 1.0
            parts = _average_linkage(
                nodes,
                w,
                list(start.values()),
                cannot_by_comp.get(c, set()),
                threshold=recluster_threshold,
                max_size=max_cluster_size,
                constraints=constraints,
            )
            for part in parts:
                labels[list(part)] = next_label
                next_label += 1

    # Renumber clusters 0..k-1 in order of their first record.
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first, kind="stable")
    remap = np.empty(len(first), np.int64)
    remap[order] = np.arange(len(first), dtype=np.int64)
    final = remap[np.unique(labels, return_inverse=True)[1]].astype(np.int64)

    best = np.full(n, np.nan)
    inside = final[left] == final[right] if len(left) else np.zeros(0, bool)
    if inside.any():
        p_in = prob_all[inside]
        np.fmax.at(best, left[inside], p_in)
        np.fmax.at(best, right[inside], p_in)
    for root, members in groups.items():
        for x in members:
            if final[x] == final[root] and len(members) > 1:
                best[x] = 1.0
    return Clustering(
        labels=final,
        best=best,
        components=int(n_comp),
        suspicious=int(flagged.sum()),
        rescored_pairs=rescored,
        decisions_same=applied,
        decisions_different=len(cannot[0]),
        conflicts=refused,
        constrained=constrained,
    )


def _missing_pairs(
    comp: Ints, flagged: np.ndarray[Any, np.dtype[np.bool_]], sizes: Ints, keys: Ints, n: int
) -> tuple[Ints, Ints]:
    """All record pairs inside small suspicious components that were not scored yet."""
    targets = np.flatnonzero(flagged & (sizes <= MAX_RESCORE_COMPONENT))
    if not len(targets):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = np.argsort(comp, kind="stable")
    starts = np.searchsorted(comp[order], targets)
    out_l: list[Ints] = []
    out_r: list[Ints] = []
    for c, s0 in zip(targets.tolist(), starts.tolist(), strict=True):
        nodes = np.sort(order[s0 : s0 + int(sizes[c])])
        i, j = np.triu_indices(len(nodes), k=1)
        out_l.append(nodes[i])
        out_r.append(nodes[j])
    all_l, all_r = np.concatenate(out_l), np.concatenate(out_r)
    # Only scored pairs inside the target components can be among these: compare with those
    # alone (a million-record run has tens of millions of scored pairs, a few thousand here).
    is_target = np.zeros(len(sizes), dtype=bool)
    is_target[targets] = True
    scored_inside = keys[is_target[comp[keys // n]]]
    missing = ~np.isin(_pair_keys(all_l, all_r, n), scored_inside)
    return all_l[missing], all_r[missing]
