"""Linkage on a workspace's store: read records and decisions, link, store persons and the run.

These are the functions behind ``tawthiq link``, ``tawthiq review`` and ``tawthiq export
persons``. Reads and writes go through :mod:`tawthiq.store.linkage`; a run's persons replace the
previous ones in one transaction, so a failed run leaves the last good persons in place (and its
``link_runs`` row unfinished).
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from tawthiq import csvsafe
from tawthiq.errors import InputError
from tawthiq.link._pipeline import DECISION_KINDS, link_records
from tawthiq.link._result import LinkResult
from tawthiq.link._settings import LinkSettings
from tawthiq.store import linkage as db

__all__ = [
    "PERSON_EXPORT_COLUMNS",
    "Decided",
    "PairView",
    "WorkspaceLink",
    "current_user",
    "decide_pair",
    "export_persons",
    "link_workspace",
    "review_list",
    "review_show",
]

PERSON_EXPORT_COLUMNS: tuple[str, ...] = ("person_id", "source", "record_id")


def current_user() -> str:
    """Who runs this: ``TAWTHIQ_USER`` if set, else the operating-system user."""
    env = os.environ.get("TAWTHIQ_USER")
    if env:
        return env
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


@dataclass(frozen=True)
class WorkspaceLink:
    """A stored link run: its number, persons stored and the full result."""

    run_id: int
    persons: int
    result: LinkResult


def link_workspace(
    engine: Engine,
    settings: LinkSettings | None = None,
    *,
    run_by: str | None = None,
    on_step: Callable[[str], None] | None = None,
) -> WorkspaceLink:
    """Link every record of the store, respecting reviewer decisions, and store the persons.

    The run (settings, trained model, diagnostics with the number of comparisons, counts) is
    recorded in ``link_runs``; memberships with their match probabilities replace the previous
    persons; the uncertain pairs become the run's review queue.
    """
    cfg = settings if settings is not None else LinkSettings()
    with engine.connect() as conn:
        records = db.records_for_linkage(conn)
        decisions = db.review_decisions(conn)
    if records.empty:
        raise InputError("the workspace has no records; import lists first (tawthiq import)")
    user = run_by or current_user()
    with engine.begin() as conn:
        run_id = db.start_link_run(conn, backend=cfg.backend, settings=cfg.to_dict(), run_by=user)
    result = link_records(records, cfg, decisions=decisions, on_step=on_step)
    with engine.begin() as conn:
        persons = db.replace_persons(conn, run_id, result.clusters, result.review)
        db.finish_link_run(
            conn,
            run_id,
            model=dict(result.model),
            diagnostics=result.diagnostics.to_dict(),
            records=result.diagnostics.records,
            persons=persons,
        )
    return WorkspaceLink(run_id, persons, result)


def export_persons(engine: Engine, out: Path) -> int:
    """Write ``person_id,source,record_id`` for every linked record; returns the row count."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with engine.connect() as conn, out.open("w", encoding="utf-8", newline="") as fh:
        w = csvsafe.writer(fh, lineterminator="\n")
        w.writerow(PERSON_EXPORT_COLUMNS)
        for row in db.iter_person_rows(conn):
            w.writerow(row)
            n += 1
    return n


# --- review --------------------------------------------------------------------------------


def review_list(
    engine: Engine, *, include_decided: bool = False, limit: int | None = None
) -> tuple[dict[str, Any] | None, pd.DataFrame]:
    """The latest link run (or None) and its review pairs (``db.REVIEW_QUEUE_COLUMNS``) with
    both records' source and record id (``source_l, record_id_l, source_r, record_id_r``)."""
    with engine.connect() as conn:
        run = db.latest_link_run(conn)
        queue = db.review_queue(conn, include_decided=include_decided, limit=limit)
        views = db.record_views(conn, [*queue["record_l"].tolist(), *queue["record_r"].tolist()])
    for side in ("l", "r"):
        ids = queue[f"record_{side}"].tolist()
        queue[f"source_{side}"] = [views[i].source for i in ids]
        queue[f"record_id_{side}"] = [views[i].record_id for i in ids]
    return run, queue


@dataclass(frozen=True)
class PairView:
    """Two records side by side, with what the model and the reviewers said about them."""

    pair_id: int | None
    probability: float | None
    match_weight: float | None
    left: db.RecordView
    right: db.RecordView
    decision: dict[str, Any] | None

    @property
    def same_person(self) -> bool:
        return self.left.person_id is not None and self.left.person_id == self.right.person_id


def _record_ref(conn: Any, ref: str) -> int:
    """Store id of ``SOURCE:RECORD_ID`` (the first ``:`` that names an existing record)."""
    parts = ref.split(":")
    for i in range(1, len(parts)):
        found = db.find_record(conn, ":".join(parts[:i]), ":".join(parts[i:]))
        if found is not None:
            return found
    raise InputError(f"no record {ref!r}; write records as SOURCE:RECORD_ID")


def review_show(
    engine: Engine, pair_id: int | None = None, *, left: str | None = None, right: str | None = None
) -> PairView:
    """A review pair by number, or any two records given as ``SOURCE:RECORD_ID``."""
    with engine.connect() as conn:
        pair = _pair(conn, pair_id, left, right)
        a, b = int(pair["record_l"]), int(pair["record_r"])
        views = db.record_views(conn, [a, b])
        decision = db.get_decision(conn, a, b)
    return PairView(
        pair.get("pair_id"),
        pair.get("probability"),
        pair.get("match_weight"),
        views[a],
        views[b],
        decision,
    )


def _pair(conn: Any, pair_id: int | None, left: str | None, right: str | None) -> dict[str, Any]:
    if pair_id is not None:
        if left is not None or right is not None:
            raise InputError("give a review pair number or two records, not both")
        pair = db.review_pair(conn, pair_id)
        if pair is None:
            raise InputError(f"no review pair {pair_id}; see tawthiq review list")
        return pair
    if left is None or right is None:
        raise InputError("give a review pair number, or both records as SOURCE:RECORD_ID")
    a, b = _record_ref(conn, left), _record_ref(conn, right)
    if a == b:
        raise InputError("the two records are the same record")
    return {"record_l": min(a, b), "record_r": max(a, b)}


@dataclass(frozen=True)
class Decided:
    """A stored decision and the one it replaced."""

    record_l: int
    record_r: int
    decision: str
    previous: str | None


def decide_pair(
    engine: Engine,
    decision: str,
    pair_id: int | None = None,
    *,
    left: str | None = None,
    right: str | None = None,
    decided_by: str | None = None,
    note: str | None = None,
) -> Decided:
    """Store a reviewer decision (``same``, ``different``, ``unsure``) on a pair, audited.

    The next ``link`` run respects it: "different" pairs are never put in one person, "same"
    pairs are joined (unless that would join a "different" pair) and serve as training labels.
    """
    kind = decision.strip().lower()
    if kind not in DECISION_KINDS:
        raise InputError(f"decision must be one of {', '.join(DECISION_KINDS)} (got {decision!r})")
    with engine.begin() as conn:
        pair = _pair(conn, pair_id, left, right)
        a, b = int(pair["record_l"]), int(pair["record_r"])
        previous = db.set_decision(
            conn, a, b, kind, decided_by=decided_by or current_user(), note=note
        )
    return Decided(a, b, kind, previous)
