"""One entry point for every estimator, with an optional cache keyed by the table's content."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path

from tawthiq.estimate._captures import CaptureTable, TableLike, as_capture_table
from tawthiq.estimate._config import LCMCRConfig, LoglinearConfig
from tawthiq.estimate._lcmcr import fit_lcmcr
from tawthiq.estimate._loglinear import fit_loglinear
from tawthiq.estimate._results import MSEResult

__all__ = ["cache_key", "fit"]

EstimatorConfig = LoglinearConfig | LCMCRConfig


def _method(config: EstimatorConfig) -> str:
    return "lcmcr" if isinstance(config, LCMCRConfig) else "loglinear"


def cache_key(table: CaptureTable, config: EstimatorConfig) -> str:
    """Hash of the neutrally renamed, sorted table plus the method and every setting."""
    payload = {
        "table": table.canonical_key(),
        "method": _method(config),
        "config": config.to_dict(),
        "version": 1,
    }
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()


def fit(
    table: CaptureTable | TableLike,
    config: EstimatorConfig | None = None,
    *,
    cache_dir: str | Path | None = None,
) -> MSEResult:
    """Estimate the total number of people from a capture-history table.

    ``config`` chooses the estimator: ``LoglinearConfig`` (default: BIC model search) or
    ``LCMCRConfig``. With ``cache_dir``, results are stored as JSON under
    ``cache_dir/ab/<hash>.json`` (verdata's layout) and reused when the same table — whatever
    its list names — is estimated with the same settings; ``diagnostics["cached"]`` says so.
    """
    captures = as_capture_table(table)
    config = config if config is not None else LoglinearConfig()
    if cache_dir is None:
        return _run(captures, config)
    key = cache_key(captures, config)
    path = Path(cache_dir) / key[:2] / f"{key}.json"
    if path.is_file():
        try:
            stored = MSEResult.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError):
            stored = None
        if stored is not None:
            # same content, maybe other list names: report this table's names, position by position
            return dataclasses.replace(
                stored,
                lists=captures.drop_empty_lists().lists,
                diagnostics={**stored.diagnostics, "cached": True},
            )
    result = _run(captures, config)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result.to_dict(draws=True, top_models=len(result.models) or 10))
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return result


def _run(captures: CaptureTable, config: EstimatorConfig) -> MSEResult:
    if isinstance(config, LCMCRConfig):
        return fit_lcmcr(captures, config)
    return fit_loglinear(captures, config)
