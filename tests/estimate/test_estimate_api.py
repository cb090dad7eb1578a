"""The public surface of tawthiq.estimate: exports, the fit dispatcher, results and the cache."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import tawthiq.estimate as estimate
from tawthiq.estimate import (
    LCMCRConfig,
    LoglinearConfig,
    MSEResult,
    capture_table,
    fit,
)

EXPECTED_EXPORTS = {
    "CLOSEDP_MODELS",
    "DEFAULT_SEED",
    "CaptureTable",
    "LCMCRConfig",
    "LoglinearConfig",
    "MSEResult",
    "STRATUM_FIELDS",
    "WORKSPACE_LCMCR",
    "ModelFit",
    "StratifiedResult",
    "StratumEstimate",
    "capture_histories",
    "capture_table",
    "closedp_table",
    "estimate_strata",
    "estimate_workspace",
    "fit",
    "fit_lcmcr",
    "fit_loglinear",
    "fit_model",
    "model_search",
    "profile_interval",
    "read_capture_csv",
    "workspace_captures",
    # issue 17: the scope check, the one headline, the capture-table export
    "RECORD_COLUMNS",
    "SCOPE_FIELDS",
    "Coverage",
    "Headline",
    "ScopeError",
    "check_coverage",
    "estimate_records",
    "headline",
    "headline_estimate",
    "workspace_records",
    "write_capture_table",
}


def test_exports() -> None:
    assert set(estimate.__all__) == EXPECTED_EXPORTS
    for name in estimate.__all__:
        assert hasattr(estimate, name), name


def test_fit_accepts_plain_tables(kosovo_columns: dict[str, list[int]]) -> None:
    result = fit(kosovo_columns)  # default: log-linear search by BIC
    assert isinstance(result, MSEResult)
    assert result.method == "loglinear"
    assert result.observed == 4400
    assert result.unobserved == pytest.approx(result.estimate - 4400)


def test_results_are_frozen(kosovo_columns: dict[str, list[int]]) -> None:
    result = fit(kosovo_columns, LoglinearConfig(model="Mt"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.estimate = 1.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        LCMCRConfig().K = 3  # type: ignore[misc]


def test_loglinear_json_fields(kosovo_columns: dict[str, list[int]]) -> None:
    out = fit(kosovo_columns).to_dict()
    for key in (
        "method",
        "model",
        "observed",
        "estimate",
        "lower",
        "upper",
        "se",
        "aic",
        "bic",
        "deviance",
        "df",
        "seconds",
    ):
        assert key in out, key
    text = json.dumps(out)
    assert "NaN" not in text and "Infinity" not in text
    back = MSEResult.from_dict(json.loads(text))
    assert back.model == out["model"]
    assert back.estimate == out["estimate"]


def test_cache_hits_same_content_under_other_names(
    tmp_path: Path, kosovo_columns: dict[str, list[int]]
) -> None:
    config = LCMCRConfig(K=4, burn_in=200, samples=50, thin=2, warmup=20, seed=9)
    first = fit(kosovo_columns, config, cache_dir=tmp_path)
    assert "cached" not in first.diagnostics
    files = list(tmp_path.rglob("*.json"))
    assert len(files) == 1 and files[0].parent.name == files[0].stem[:2]
    renamed = {("list_" + k if k != "count" else k): v for k, v in kosovo_columns.items()}
    second = fit(capture_table(renamed), config, cache_dir=tmp_path)
    assert second.diagnostics.get("cached") is True
    assert second.lists == tuple("list_" + n for n in ("EXH", "ABA", "OSCE", "HRW"))
    assert second.estimate == first.estimate
    assert second.draws is not None and first.draws is not None
    assert list(second.draws) == list(first.draws)
    # another setting is another key
    third = fit(kosovo_columns, dataclasses.replace(config, seed=10), cache_dir=tmp_path)
    assert "cached" not in third.diagnostics
    assert len(list(tmp_path.rglob("*.json"))) == 2
