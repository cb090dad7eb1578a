"""Multiple systems estimation: how many people did no list record?

Input is a capture-history table (one 0/1 column per list, optional ``count``); output is an
``MSEResult`` with the estimate, its interval and the figures needed to judge it.

    from tawthiq.estimate import fit, read_capture_csv, LCMCRConfig
    table = read_capture_csv("kosovo.csv")
    fit(table)                                # log-linear, models ranked by BIC
    fit(table, LCMCRConfig(K=15, seed=1))     # Bayesian latent-class model (LCMCR)

Estimators: log-linear models as in Rcapture (``closedp_table``, ``model_search``,
``profile_interval``) and the latent-class model of Manrique-Vallier (2016). Stratified
estimation (``estimate_strata``) builds one table per stratum and adds the estimates up;
``estimate_workspace`` does it for the linked persons of a workspace (``tawthiq estimate``),
after checking that the lists cover the same deaths (``check_coverage``); ``headline`` and
``headline_estimate`` give the one figure the console, the demo and the report state, with
how it was made; ``write_capture_table`` writes the table ``tawthiq mse`` reads.
See docs/estimation.md for assumptions and how to read the output.
"""

from tawthiq.estimate._captures import (
    CaptureTable,
    capture_table,
    read_capture_csv,
)
from tawthiq.estimate._config import DEFAULT_SEED, LCMCRConfig, LoglinearConfig
from tawthiq.estimate._coverage import SCOPE_FIELDS, Coverage, ScopeError, check_coverage
from tawthiq.estimate._export import write_capture_table
from tawthiq.estimate._fit import fit
from tawthiq.estimate._headline import Headline, headline, headline_estimate
from tawthiq.estimate._lcmcr import fit_lcmcr
from tawthiq.estimate._loglinear import (
    CLOSEDP_MODELS,
    closedp_table,
    fit_loglinear,
    fit_model,
    model_search,
    profile_interval,
)
from tawthiq.estimate._results import ModelFit, MSEResult
from tawthiq.estimate._strata import (
    StratifiedResult,
    StratumEstimate,
    capture_histories,
    estimate_strata,
)
from tawthiq.estimate._workspace import (
    RECORD_COLUMNS,
    STRATUM_FIELDS,
    WORKSPACE_LCMCR,
    estimate_records,
    estimate_workspace,
    workspace_captures,
    workspace_records,
)

__all__ = [
    "CLOSEDP_MODELS",
    "DEFAULT_SEED",
    "RECORD_COLUMNS",
    "SCOPE_FIELDS",
    "STRATUM_FIELDS",
    "WORKSPACE_LCMCR",
    "CaptureTable",
    "Coverage",
    "Headline",
    "LCMCRConfig",
    "LoglinearConfig",
    "MSEResult",
    "ModelFit",
    "ScopeError",
    "StratifiedResult",
    "StratumEstimate",
    "capture_histories",
    "capture_table",
    "check_coverage",
    "closedp_table",
    "estimate_records",
    "estimate_strata",
    "estimate_workspace",
    "fit",
    "fit_lcmcr",
    "fit_loglinear",
    "fit_model",
    "headline",
    "headline_estimate",
    "model_search",
    "profile_interval",
    "read_capture_csv",
    "workspace_captures",
    "workspace_records",
    "write_capture_table",
]
