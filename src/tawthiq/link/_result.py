"""What a linkage run returns: clusters, the review queue, diagnostics and the model."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from tawthiq.link._settings import LinkSettings

__all__ = [
    "CLUSTER_COLUMNS",
    "DECISION_COLUMNS",
    "REVIEW_COLUMNS",
    "LinkDiagnostics",
    "LinkResult",
    "RuleCount",
]

CLUSTER_COLUMNS: tuple[str, ...] = (
    "record_key",
    "source",
    "record_id",
    "cluster_id",
    "cluster_size",
    "match_probability",
)
"""``LinkResult.clusters``: one row per input record, in input order. ``cluster_id`` is an
integer 1..k, numbered in order of each cluster's first record in the input;
``match_probability`` is the probability of the record's best link inside its cluster (null
for a record alone; 1.0 for a link a reviewer decided)."""

REVIEW_COLUMNS: tuple[str, ...] = (
    "record_key_l",
    "record_key_r",
    "match_probability",
    "match_weight",
    "same_cluster",
    "records",
    "priority",
)
"""``LinkResult.review``: the questions for reviewers (``link._review``): undecided band pairs
whose answer would change a person, one per link of a spanning forest over confidently linked
pieces, highest ``priority`` (the chance an answer changes a person) first, then most
``records`` (the two pieces'); ``same_cluster`` says whether this run put the two records in
one person."""

DECISION_COLUMNS: tuple[str, ...] = ("record_key_l", "record_key_r", "decision")
"""Reviewer decisions given to a run: ``decision`` is ``same`` or ``different``."""


@dataclass(frozen=True)
class RuleCount:
    """Candidate pairs a blocking rule generated beyond the rules before it."""

    rule: str
    comparisons: int


@dataclass(frozen=True)
class LinkDiagnostics:
    """Counts and timings of one run; no record content."""

    records: int
    sources: int
    backend: str
    comparisons: int
    """Candidate pairs scored (union of the blocking rules)."""
    comparisons_per_rule: tuple[RuleCount, ...]
    pairs_above_threshold: int
    review_pairs: int
    """Questions in the review queue."""
    clusters: int
    singletons: int
    cluster_size_quantiles: Mapping[str, float]
    """Cluster size at the 50/90/99th percentile and the maximum."""
    components: int
    """Connected components at the threshold, before the anti-chaining pass."""
    suspicious_components: int
    rescored_pairs: int
    prior: float
    """Probability that two random records match (λ), estimated or from the model."""
    trained: bool
    """False when the run reused a given model."""
    labels_used: int
    decisions_same: int
    decisions_different: int
    decisions_conflicting: int
    decisions_unknown_records: int
    band_pairs: int = 0
    """Undecided, allowed pairs in the review band, before the queue asks each question once."""
    em_sessions_skipped: int = 0
    """EM sessions undone because they drove an m probability to 0 (small stores)."""
    constrained_pairs: int = 0
    """Scored pairs given probability 0 by a hard constraint (``link._constraints``)."""
    constrained_components: int = 0
    """Components re-clustered because their records broke a hard constraint."""
    placeholders: int = 0
    """Records that name nobody (never linked on their name)."""
    relational: int = 0
    """Records that name the victim through a relation (wife of …, أم …)."""
    seconds: Mapping[str, float] = field(default_factory=dict)
    """Wall time per step."""

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["comparisons_per_rule"] = [asdict(r) for r in self.comparisons_per_rule]
        out["cluster_size_quantiles"] = dict(self.cluster_size_quantiles)
        out["seconds"] = dict(self.seconds)
        return out


@dataclass(frozen=True, eq=False)
class LinkResult:
    """The outcome of :func:`tawthiq.link.link_records`.

    Attributes:
        clusters: one row per record (``CLUSTER_COLUMNS``).
        review: uncertain pairs for reviewers (``REVIEW_COLUMNS``).
        diagnostics: counts and timings.
        model: the Splink model (comparisons, blocking rules, trained m/u, prior) as a
            JSON-able dict; pass it back as ``model=`` to score with the same parameters.
        settings: the settings of the run.
    """

    clusters: pd.DataFrame
    review: pd.DataFrame
    diagnostics: LinkDiagnostics
    model: Mapping[str, Any]
    settings: LinkSettings

    def persons(self) -> pd.DataFrame:
        """``person_id, source, record_id`` (text), the ``tawthiq export persons`` table."""
        c = self.clusters
        return pd.DataFrame(
            {
                "person_id": c["cluster_id"].astype(str),
                "source": c["source"].astype(str),
                "record_id": c["record_id"].astype(str),
            }
        )

    def model_json(self) -> str:
        return json.dumps(dict(self.model), ensure_ascii=False, indent=2) + "\n"

    def run_record(self) -> dict[str, Any]:
        """Settings, model and diagnostics: what to store with the run to reproduce it."""
        return {
            "settings": self.settings.to_dict(),
            "model": dict(self.model),
            "diagnostics": self.diagnostics.to_dict(),
        }
