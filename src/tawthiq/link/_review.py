"""The review queue: the uncertain links whose answer would change a person, likeliest first.

Every scored pair in the review band is uncertain, but most answers would change nothing: on a
million-record world 123,260 undecided pairs fell in the band (12 % of records), most of them
between records that other, confident links already hold together, or several pairs asking one
question (do these two groups of records make one person?). So the queue asks each question
once, and only where an answer is likely to change something:

1. **Pieces.** Records joined by confident links (probability at or above the band's top, or a
   reviewer's "same"), inside the persons this run made, form pieces: what no answer about one
   uncertain pair would take apart.
2. **Questions.** An undecided band pair whose two records lie in one piece asks nothing. The
   others ask whether their two pieces are one person; of the band pairs between the same two
   pieces, the most probable one is asked (the others are the same question, less clearly put),
   and of the pieces uncertain links tie together, only as many questions as a maximum
   spanning forest has links (most probable first): were every answer "same", the others
   would follow; a "different" reopens them at the next run.
3. **Change.** The chance, as the model puts it, that an answer changes a person: p for a
   pair the run kept apart (a "same" joins them), 1 − p for a pair it linked (a "different"
   splits them). Questions below ``review_min_change`` are not asked. On the million-record
   world the truth bore this out for pairs kept apart (p 0.2–0.5: 24–39 % were one person)
   and showed linked pairs to be surer than p says (p 0.5–0.9: 5–13 % were two people).
4. **Order.** Likeliest change first (``priority``), then the most records moved (``records``,
   the two pieces'). Weighting the chance by the records moved, tried first, put large,
   well-linked families at the top: 58 of its first 1,000 answers changed a person, against
   467 in this order.

Pairs a hard constraint forbids are never asked (no answer could join them), nor decided ones.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

__all__ = ["QUESTION_COLUMNS", "question_reason", "review_questions"]

Ints = np.ndarray[Any, np.dtype[np.int64]]
Floats = np.ndarray[Any, np.dtype[np.float64]]
Bools = np.ndarray[Any, np.dtype[np.bool_]]

QUESTION_COLUMNS = (
    "uid_l",
    "uid_r",
    "probability",
    "weight",
    "same_cluster",
    "records",
    "priority",
)


def review_questions(
    n: int,
    left: Ints,
    right: Ints,
    probability: Floats,
    weight: Floats,
    labels: Ints,
    *,
    band: tuple[float, float],
    asked: Bools,
    must: tuple[Ints, Ints],
    min_change: float = 0.0,
) -> pd.DataFrame:
    """The review queue over scored pairs (``left``, ``right`` uids, ``left < right``).

    ``asked``: which pairs may be asked at all (in the band is checked here; decided and
    forbidden pairs are already False). ``labels``: the cluster of every record. ``must``:
    reviewer "same" pairs. ``min_change``: the least chance that an answer changes a person.
    Returns ``QUESTION_COLUMNS``, highest ``priority`` (that chance) first.
    """
    low, high = band
    if n == 0 or not len(left):
        return pd.DataFrame({c: [] for c in QUESTION_COLUMNS})
    together = labels[left] == labels[right]
    sure = (probability >= high) & together
    src = np.concatenate([left[sure], must[0]])
    dst = np.concatenate([right[sure], must[1]])
    graph = coo_matrix((np.ones(len(src), np.int8), (src, dst)), shape=(n, n)).tocsr()
    _, piece = connected_components(graph, directed=False)
    piece = piece.astype(np.int64)
    size = np.bincount(piece)

    change = np.where(together, 1.0 - probability, probability)
    candidate = asked & (probability >= low) & (probability < high) & (change >= min_change)
    candidate &= piece[left] != piece[right]
    idx = np.flatnonzero(candidate)
    if not len(idx):
        return pd.DataFrame({c: [] for c in QUESTION_COLUMNS})
    pa, pb = piece[left[idx]], piece[right[idx]]
    frame = pd.DataFrame(
        {
            "uid_l": left[idx],
            "uid_r": right[idx],
            "probability": probability[idx],
            "weight": weight[idx],
            "same_cluster": together[idx],
            "records": size[pa] + size[pb],
            "lo": np.minimum(pa, pb),
            "hi": np.maximum(pa, pb),
        }
    )
    frame = frame.sort_values(["probability", "uid_l", "uid_r"], ascending=[False, True, True])
    frame = frame.drop_duplicates(["lo", "hi"], keep="first")
    frame = frame[_spanning_forest(frame["lo"].to_numpy(), frame["hi"].to_numpy())]
    p = frame["probability"].to_numpy()
    frame["priority"] = np.where(frame["same_cluster"].to_numpy(), 1.0 - p, p)
    frame = frame.sort_values(
        ["priority", "records", "uid_l", "uid_r"], ascending=[False, False, True, True]
    )
    return frame.loc[:, list(QUESTION_COLUMNS)].reset_index(drop=True)


def _spanning_forest(lo: Ints, hi: Ints) -> Bools:
    """Which edges (already most probable first) form a maximum spanning forest over pieces.

    Pieces that uncertain links tie together need one question fewer than there are pieces:
    if every answer is "same", the other links between them are answered by transitivity, and
    a "different" reopens them at the next run. Kruskal's rule, most probable link first.
    """
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    keep = np.zeros(len(lo), bool)
    for i, (a, b) in enumerate(zip(lo.tolist(), hi.tolist(), strict=True)):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
            keep[i] = True
    return keep


def question_reason(same_person: bool, records: int | None) -> str:
    """What an answer would do, in words (``review list``): a "different" answer splits a pair
    this run linked, a "same" answer joins a pair it kept apart."""
    if records is None:
        return "(older run)"
    return f"split {records} records" if same_person else f"join {records} records"
