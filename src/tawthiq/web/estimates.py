"""Observed vs estimated deaths for the dashboard, computed once per link run in the background.

Why a cache: an LCMCR estimate takes seconds to minutes, far too long for a page load, but it
only changes when the persons change, that is after a new ``tawthiq link`` run. The first
dashboard view after a run starts the computation in a thread and says so; later views show
the result. The method is the workspace default (LCMCR), as ``tawthiq estimate`` uses.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from tawthiq.errors import TawthiqError

__all__ = ["EstimateCache", "EstimateView"]


@dataclass(frozen=True)
class EstimateView:
    state: str  # "none" (no link run), "pending", "ready" or "failed"
    run_id: int | None = None
    observed: int | None = None
    estimate: int | None = None
    lower: int | None = None
    upper: int | None = None
    method: str | None = None
    message: str | None = None


class EstimateCache:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._views: dict[int, EstimateView] = {}

    def current(self) -> EstimateView:
        from tawthiq.store.linkage import latest_link_run

        with self._engine.connect() as conn:
            run: dict[str, Any] | None = latest_link_run(conn)
        if run is None:
            return EstimateView("none")
        run_id = int(run["id"])
        with self._lock:
            view = self._views.get(run_id)
            if view is None:
                view = EstimateView("pending", run_id)
                self._views = {run_id: view}  # older runs are stale
                threading.Thread(target=self._compute, args=(run_id,), daemon=True).start()
        return view

    def _compute(self, run_id: int) -> None:
        from tawthiq.estimate import estimate_workspace

        try:
            r = estimate_workspace(self._engine)
            view = EstimateView(
                "ready",
                run_id,
                int(r.observed),
                round(float(r.estimate)),
                round(float(r.lower)),
                round(float(r.upper)),
                str(r.method),
            )
        except (TawthiqError, ValueError, ArithmeticError) as err:
            view = EstimateView("failed", run_id, message=str(err))
        with self._lock:
            if run_id in self._views:
                self._views[run_id] = view
