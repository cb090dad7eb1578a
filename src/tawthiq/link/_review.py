"""The review queue: the uncertain links whose answer would change a person, biggest change first.

Every scored pair in the review band is uncertain, but most answers would change nothing: on a
million-record world 134,772 pairs fell in the band (13.5 % of records), most of them between
records that other, confident links already hold together, or several pairs asking one question
(do these two groups of records make one person?). So the queue asks each question once:

1. **Pieces.** Records joined by confident links (probability at or above the band's top, or a
   reviewer's "same"), inside the persons this run made, form pieces: what no answer about one
   uncertain pair would take apart.
2. **Questions.** An undecided band pair whose two records lie in one piece asks nothing. The
   others ask whether their two pieces are one person; of the band pairs between the same two
   pieces, the most probable one is asked (the others are the same question, less clearly put).
3. **Order.** By how much an answer is expected to change: the records of the two pieces
   (``records``) times the uncertainty of the answer, ``1 - |2p - 1|`` (1 at p = 0.5, 0.2 at
   the band's edges). For a pair this run put in one person the change is a split if the answer
   is "different"; for a pair it kept apart, a merge if it is "same".

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
) -> pd.DataFrame:
    """The review queue over scored pairs (``left``, ``right`` uids, ``left < right``).

    ``asked``: which pairs may be asked at all (in the band is checked here; decided and
    forbidden pairs are already False). ``labels``: the cluster of every record. ``must``:
    reviewer "same" pairs. Returns ``QUESTION_COLUMNS``, highest priority first.
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

    candidate = asked & (probability >= low) & (probability < high)
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
    uncertainty = 1.0 - np.abs(2.0 * frame["probability"].to_numpy() - 1.0)
    frame["priority"] = uncertainty * frame["records"].to_numpy()
    frame = frame.sort_values(
        ["priority", "probability", "uid_l", "uid_r"], ascending=[False, False, True, True]
    )
    return frame.loc[:, list(QUESTION_COLUMNS)].reset_index(drop=True)


def question_reason(same_person: bool, records: int | None) -> str:
    """What an answer would do, in words (``review list``): a "different" answer splits a pair
    this run linked, a "same" answer joins a pair it kept apart."""
    if records is None:
        return "(older run)"
    return f"split {records} records" if same_person else f"join {records} records"
