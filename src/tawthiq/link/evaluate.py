"""Score a linkage against the truth: pairwise precision, recall and F1, and cluster counts.

A linkage is a clustering of records into persons: a table ``person_id, source, record_id`` (the
``tawthiq export persons`` format). The simulator's ``truth.csv`` is the same table for the true
persons. Two records form a *pair* when they are in the same cluster; precision is the share of
predicted pairs that are true pairs, recall the share of true pairs that were predicted.

Pairs are counted from cluster sizes, never enumerated: a cluster of n records holds n(n-1)/2
pairs, and the correctly predicted pairs are the pairs within each cell of the contingency table
of (true person, predicted person). This is linear in the number of records, so a million-record
evaluation takes seconds.

Conventions: with no predicted pairs, precision is 1 (nothing was wrongly merged); with no true
pairs, recall is 1 (nothing was missed); F1 is 0 when precision and recall are both 0. Records of
the truth missing from the prediction count as unlinked singletons and are reported; a predicted
record absent from the truth is an error (the two tables do not describe the same lists).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tawthiq.errors import InputError

__all__ = ["CLUSTER_COLUMNS", "LinkageEvaluation", "evaluate_linkage", "read_clusters"]

CLUSTER_COLUMNS = ("person_id", "source", "record_id")

Ints = np.ndarray[Any, np.dtype[np.int64]]


@dataclass(frozen=True)
class LinkageEvaluation:
    """Pairwise scores and cluster counts of a predicted clustering against the truth."""

    records: int
    """Records in the truth."""
    true_persons: int
    predicted_persons: int
    """Predicted clusters (records missing from the prediction count as singletons)."""
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    """Pairs that are both predicted and true."""
    precision: float
    recall: float
    f1: float
    unmatched_records: int
    """Truth records absent from the prediction (scored as singletons)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_clusters(path: str | Path) -> pd.DataFrame:
    """Read a ``person_id, source, record_id`` CSV; every value is kept as text."""
    p = Path(path)
    try:
        frame = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", file=str(p)) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise InputError(f"not a readable CSV: {err}", file=str(p)) from None
    return _checked(frame, str(p))


def _checked(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    for col in CLUSTER_COLUMNS:
        if col not in frame.columns:
            raise InputError(f"missing column {col!r}", file=name, field=col)
    out = frame.loc[:, list(CLUSTER_COLUMNS)].astype(str)
    dup = out.duplicated(["source", "record_id"])
    if dup.any():
        first = out.loc[dup].iloc[0]
        raise InputError(
            f"{int(dup.sum())} record(s) appear more than once, "
            f"e.g. source {first['source']!r} record {first['record_id']!r}",
            file=name,
            field="record_id",
        )
    return out


def _pairs(sizes: Ints) -> int:
    return int((sizes * (sizes - 1) // 2).sum())


def evaluate_linkage(
    predicted: pd.DataFrame | str | Path, truth: pd.DataFrame | str | Path
) -> LinkageEvaluation:
    """Compare a predicted clustering with the truth (tables or CSV paths)."""
    pred = (
        read_clusters(predicted)
        if isinstance(predicted, str | Path)
        else _checked(predicted, "predicted")
    )
    true = read_clusters(truth) if isinstance(truth, str | Path) else _checked(truth, "truth")
    merged = true.merge(
        pred,
        on=["source", "record_id"],
        how="outer",
        suffixes=("_true", "_pred"),
        indicator=True,
        sort=False,
    )
    extra = merged["_merge"] == "right_only"
    if extra.any():
        first = merged.loc[extra].iloc[0]
        raise InputError(
            f"{int(extra.sum())} predicted record(s) are not in the truth, "
            f"e.g. source {first['source']!r} record {first['record_id']!r}",
            field="record_id",
        )
    missing = (merged["_merge"] == "left_only").to_numpy()
    n = len(merged)
    t_codes = pd.factorize(merged["person_id_true"], sort=False)[0].astype(np.int64)
    p_codes = pd.factorize(merged["person_id_pred"], sort=False, use_na_sentinel=True)[0]
    p_codes = p_codes.astype(np.int64)
    # Missing predictions become singletons with fresh cluster codes.
    next_code = int(p_codes.max()) + 1 if (p_codes >= 0).any() else 0
    p_codes[missing] = next_code + np.arange(int(missing.sum()), dtype=np.int64)

    true_sizes = np.bincount(t_codes).astype(np.int64) if n else np.zeros(0, np.int64)
    pred_sizes = np.bincount(p_codes).astype(np.int64) if n else np.zeros(0, np.int64)
    width = int(p_codes.max()) + 1 if n else 1
    _, cell_sizes = np.unique(t_codes * width + p_codes, return_counts=True)
    true_pairs = _pairs(true_sizes)
    pred_pairs = _pairs(pred_sizes)
    correct = _pairs(cell_sizes.astype(np.int64))
    precision = correct / pred_pairs if pred_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return LinkageEvaluation(
        records=n,
        true_persons=int((true_sizes > 0).sum()),
        predicted_persons=int((pred_sizes > 0).sum()),
        true_pairs=true_pairs,
        predicted_pairs=pred_pairs,
        correct_pairs=correct,
        precision=float(precision),
        recall=float(recall),
        f1=float(f1),
        unmatched_records=int(missing.sum()),
    )
