"""The linkage stage from end to end: features → blocking → training → scoring → clustering."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from tawthiq.errors import InputError
from tawthiq.link._cluster import cluster_pairs
from tawthiq.link._constraints import Constraints, record_constraints
from tawthiq.link._features import check_records, features
from tawthiq.link._model import Pairs, SplinkRun, estimate_prior, probabilities
from tawthiq.link._result import (
    CLUSTER_COLUMNS,
    DECISION_COLUMNS,
    REVIEW_COLUMNS,
    LinkDiagnostics,
    LinkResult,
    RuleCount,
)
from tawthiq.link._review import review_questions
from tawthiq.link._settings import LinkSettings

__all__ = ["DECISION_KINDS", "LINK_STEPS", "link_records"]

LINK_STEPS: tuple[str, ...] = ("features", "blocking", "training", "scoring", "clustering")
"""The steps :func:`link_records` reports to ``on_step``, in order (training is skipped, but
still reported, when a model is given)."""

Ints = np.ndarray[Any, np.dtype[np.int64]]
DECISION_KINDS: tuple[str, ...] = ("same", "different", "unsure")
"""Reviewer decisions: "same" joins two records, "different" keeps them apart whatever the
model says, "unsure" is recorded (the pair leaves the queue) but does not constrain linkage."""

_SAME = {"same", "match", "same person"}
_DIFFERENT = {"different", "non-match", "not same", "different person"}
_UNSURE = {"unsure", "unknown", "skip"}


def _decisions(
    decisions: Any, index: Mapping[Any, int]
) -> tuple[tuple[Ints, Ints], tuple[Ints, Ints], int, set[int]]:
    """Reviewer decisions as uid pairs: (same, different, unknown-record count, decided keys).

    A pair with both decisions counts as different: "not the same person" is never overridden.
    "Unsure" decisions constrain nothing but are decided (they leave the review queue).
    """
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64))
    if decisions is None:
        return empty, empty, 0, set()
    frame = decisions if isinstance(decisions, pd.DataFrame) else decisions.to_pandas()
    for col in DECISION_COLUMNS:
        if col not in frame.columns:
            raise InputError(f"decisions: missing column {col!r}", field=col)
    kinds = frame["decision"].astype(str).str.strip().str.lower()
    bad = ~(kinds.isin(_SAME) | kinds.isin(_DIFFERENT) | kinds.isin(_UNSURE))
    if bad.any():
        raise InputError(
            f"decisions: {int(bad.sum())} decision(s) are not one of "
            f"{', '.join(DECISION_KINDS)}, e.g. {frame['decision'][bad].iloc[0]!r}",
            field="decision",
        )
    left = frame["record_key_l"].map(index)
    right = frame["record_key_r"].map(index)
    known = left.notna() & right.notna()
    unknown = int((~known).sum())
    lo = np.minimum(left[known], right[known]).astype(np.int64).to_numpy()
    hi = np.maximum(left[known], right[known]).astype(np.int64).to_numpy()
    kind = kinds[known].to_numpy()
    n = max(len(index), 1)
    keys = lo * n + hi
    diff_keys = set(keys[np.isin(kind, list(_DIFFERENT))].tolist())
    is_same = np.isin(kind, list(_SAME)) & ~np.isin(keys, list(diff_keys)) & (lo != hi)
    is_diff = np.isin(keys, list(diff_keys)) & (lo != hi)
    same_keys = np.unique(keys[is_same])
    diff_u = np.unique(keys[is_diff])
    return (
        (same_keys // n, same_keys % n),
        (diff_u // n, diff_u % n),
        unknown,
        set(keys[lo != hi].tolist()),  # every decided pair, "unsure" too, leaves the queue
    )


def _quantiles(sizes: Ints) -> dict[str, float]:
    if not len(sizes):
        return {"50%": 0.0, "90%": 0.0, "99%": 0.0, "max": 0.0}
    q = np.quantile(sizes, [0.5, 0.9, 0.99])
    return {"50%": float(q[0]), "90%": float(q[1]), "99%": float(q[2]), "max": float(sizes.max())}


def _model_dict(model: Mapping[str, Any] | str | None) -> Mapping[str, Any] | None:
    if model is None or isinstance(model, Mapping):
        return model
    try:
        data = json.loads(model)
    except json.JSONDecodeError as err:
        raise InputError(f"model is not valid JSON: {err}", field="model") from None
    if not isinstance(data, dict):
        raise InputError("model JSON must be an object", field="model")
    return data


def link_records(
    records: Any,
    settings: LinkSettings | None = None,
    *,
    decisions: Any = None,
    model: Mapping[str, Any] | str | None = None,
    on_step: Callable[[str], None] | None = None,
) -> LinkResult:
    """Link victim records into persons (see the package docstring for the table contracts).

    Args:
        records: victim records (pandas DataFrame or pyarrow Table), one row per record.
        settings: link settings (defaults: ``LinkSettings()``).
        decisions: reviewer decisions (``record_key_l, record_key_r, decision``); "same" pairs
            are joined and, when there are enough, used as training labels; "different" pairs
            are never put in one cluster. Pairs naming unknown records are ignored (counted).
        model: a Splink model from an earlier run (``LinkResult.model`` or its JSON): no
            training, the same parameters and prior.
        on_step: called with each name of ``LINK_STEPS`` as the step starts (progress bars).
    """
    cfg = settings if settings is not None else LinkSettings()
    given_model = _model_dict(model)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    clock = [started]

    def step(name: str) -> None:
        if on_step is not None:
            on_step(name)

    def done(name: str) -> None:
        now = time.perf_counter()
        seconds[name] = round(now - clock[0], 3)
        clock[0] = now

    step("features")
    frame = check_records(records)
    feats = features(frame)
    n = len(frame)
    constraints = record_constraints(feats) if cfg.hard_constraints else Constraints.none(n)
    index = {k: i for i, k in enumerate(frame["record_key"].tolist())}
    same, different, unknown, decided = _decisions(decisions, index)
    done("features")

    run: SplinkRun | None = None
    counts: list[int] = [0] * len(cfg.blocking_rules)
    labels_used = em_skipped = 0
    pairs = Pairs.empty()
    extra: list[Pairs] = []
    prior = float(given_model["probability_two_random_records_match"]) if given_model else 0.0
    try:
        step("blocking")
        if n >= 2:
            run = SplinkRun(feats, cfg, given_model)
            counts = run.count_candidates()
        done("blocking")

        step("training")
        if run is not None and given_model is None:
            labels_used, em_skipped = run.train(
                list(zip(same[0].tolist(), same[1].tolist(), strict=True))
            )
        done("training")

        step("scoring")
        if run is not None:
            pairs = run.predict()
            if given_model is None:
                start = run.prior
                bits = pairs.match_weight - math.log2(start / (1 - start))
                prior = estimate_prior(bits, n, start)
                run.set_prior(prior)
                weight = bits + math.log2(prior / (1 - prior))
                pairs = Pairs(pairs.uid_l, pairs.uid_r, weight, pairs.match_key)
        done("scoring")

        step("clustering")

        def rescore(left: Ints, right: Ints) -> tuple[Ints, Ints, np.ndarray[Any, Any]]:
            if run is None:
                return left[:0], right[:0], np.zeros(0)
            got = run.score(left, right)
            extra.append(got)
            p = probabilities(got.match_weight)
            p[constraints.forbidden(got.uid_l, got.uid_r)] = 0.0
            return got.uid_l, got.uid_r, p

        prob = probabilities(pairs.match_weight)
        vetoed = constraints.forbidden(pairs.uid_l, pairs.uid_r)
        prob[vetoed] = 0.0
        result = cluster_pairs(
            n,
            pairs.uid_l,
            pairs.uid_r,
            prob,
            threshold=cfg.threshold,
            max_cluster_size=cfg.max_cluster_size,
            min_density=cfg.min_density,
            recluster_threshold=cfg.recluster_threshold,
            must_link=same,
            cannot_link=different,
            rescore=rescore,
            constraints=constraints if cfg.hard_constraints else None,
        )
        model_out: dict[str, Any] = run.model() if run is not None else {}
    finally:
        if run is not None:
            run.close()

    keys = frame["record_key"].to_numpy(dtype=object)
    labels = result.labels
    sizes = np.bincount(labels) if n else np.zeros(0, np.int64)
    clusters = pd.DataFrame(
        {
            "record_key": frame["record_key"].to_numpy(),
            "source": frame["source"].astype(str).to_numpy(),
            "record_id": frame["record_id"].astype(object).to_numpy(),
            "cluster_id": (labels + 1).astype(np.int64),
            "cluster_size": sizes[labels].astype(np.int64) if n else np.zeros(0, np.int64),
            "match_probability": pd.Series(result.best).astype("Float64").to_numpy(),
        }
    ).loc[:, list(CLUSTER_COLUMNS)]

    every = [pairs, *extra]
    all_l = np.concatenate([p.uid_l for p in every])
    all_r = np.concatenate([p.uid_r for p in every])
    all_w = np.concatenate([p.match_weight for p in every])
    all_p = probabilities(all_w)
    low, high = cfg.review_band
    # A pair a hard constraint forbids is not asked about: no decision could join it.
    askable = ~constraints.forbidden(all_l, all_r)
    if decided:
        askable &= ~np.isin(all_l * max(n, 1) + all_r, list(decided))
    band_pairs = int(((all_p >= low) & (all_p < high) & askable).sum())
    questions = review_questions(
        n,
        all_l,
        all_r,
        all_p,
        all_w,
        labels,
        band=cfg.review_band,
        asked=askable,
        must=same,
        min_change=cfg.review_min_change,
    )
    q_l = questions["uid_l"].to_numpy(dtype=np.int64)
    q_r = questions["uid_r"].to_numpy(dtype=np.int64)
    review = pd.DataFrame(
        {
            "record_key_l": keys[q_l],
            "record_key_r": keys[q_r],
            "match_probability": questions["probability"].to_numpy(dtype=np.float64),
            "match_weight": questions["weight"].to_numpy(dtype=np.float64),
            "same_cluster": questions["same_cluster"].to_numpy(dtype=bool),
            "records": questions["records"].to_numpy(dtype=np.int64),
            "priority": questions["priority"].to_numpy(dtype=np.float64),
        }
    ).loc[:, list(REVIEW_COLUMNS)]
    done("clustering")
    seconds["total"] = round(time.perf_counter() - started, 3)

    diagnostics = LinkDiagnostics(
        records=n,
        sources=int(frame["source"].nunique()),
        backend=cfg.backend,
        comparisons=int(sum(counts)),
        comparisons_per_rule=tuple(
            RuleCount(rule, c) for rule, c in zip(cfg.blocking_rules, counts, strict=True)
        ),
        pairs_above_threshold=int((prob >= cfg.threshold).sum()),
        review_pairs=len(review),
        band_pairs=band_pairs,
        clusters=len(sizes),
        singletons=int((sizes == 1).sum()),
        cluster_size_quantiles=_quantiles(sizes),
        components=result.components,
        suspicious_components=result.suspicious,
        rescored_pairs=result.rescored_pairs,
        prior=prior,
        trained=given_model is None and run is not None,
        labels_used=labels_used,
        em_sessions_skipped=em_skipped,
        constrained_pairs=int(vetoed.sum()),
        constrained_components=result.constrained,
        placeholders=int(constraints.placeholder.sum()),
        relational=int((constraints.relation > 0).sum()),
        decisions_same=result.decisions_same,
        decisions_different=result.decisions_different,
        decisions_conflicting=result.conflicts,
        decisions_unknown_records=unknown,
        seconds=seconds,
    )
    if model_out:
        model_out["probability_two_random_records_match"] = prior
    return LinkResult(
        clusters=clusters.reset_index(drop=True),
        review=review,
        diagnostics=diagnostics,
        model=model_out,
        settings=cfg,
    )
