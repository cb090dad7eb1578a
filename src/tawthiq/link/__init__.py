"""Record linkage: victim records of many lists → persons, with a review queue.

The stage runs in five steps (``LINK_STEPS``): *features* (names as cross-script keys and
normalised spellings, dates of death as day intervals, places on the gazetteer hierarchy, ages
as intervals, sex), *blocking* (SQL rules on those features generate the candidate pairs, near
linear in the number of records), *training* (Splink 5: u by random sampling, m by EM, then from
reviewer "same" decisions when there are enough), *scoring* (every candidate pair gets a match
probability; the prior is estimated from them) and *clustering* (connected components at the
threshold, then a second, average-linkage pass inside components that look like chains, so that
one bad link cannot merge two people; reviewer decisions are constraints: "different" is never
overridden).

Input contract (``INPUT_COLUMNS``; only ``record_key`` and ``source`` are required): one row per
victim record with ``record_key`` (unique), ``source``, ``record_id``, the name columns
(``full_name`` or ``given_name``/``father_name``/``family_name``), ``sex``, ``age_min``/
``age_max``, ``date_earliest``/``date_latest``/``date_precision``, ``place_text``,
``governorate_text``, ``pcode``, ``admin1_pcode``. The store's
:func:`tawthiq.store.linkage.records_for_linkage` returns exactly this table, and
:func:`read_canonical_lists` builds it from canonical CSV files (simulated worlds).

```python
from tawthiq.link import LinkSettings, link_records, read_canonical_lists
from tawthiq.link.evaluate import evaluate_linkage

records = read_canonical_lists({"list_A": "w/list_A.csv", "list_B": "w/list_B.csv"})
result = link_records(records, LinkSettings(threshold=0.5))
result.clusters        # record_key, source, record_id, cluster_id, cluster_size, match_probability
result.review          # uncertain pairs for reviewers
result.diagnostics     # counts (comparisons, clusters, ...) and timings, never record content
evaluate_linkage(result.persons(), "w/truth.csv").f1
```

On a workspace, :func:`link_workspace` reads the store, links and stores persons, memberships,
the review queue and the run; :func:`review_list`, :func:`review_show` and :func:`decide_pair`
serve the review queue, :func:`export_persons` writes ``person_id,source,record_id``.

Nothing in this package logs or prints a name (``review_show`` returns the two records so that
a reviewer can compare them: that is its purpose).
"""

from __future__ import annotations

from tawthiq.link._canonical import read_canonical_lists, records_from_canonical
from tawthiq.link._cluster import Clustering, cluster_pairs
from tawthiq.link._comparisons import COMPARISON_NAMES
from tawthiq.link._features import FEATURE_COLUMNS, INPUT_COLUMNS, check_records, features
from tawthiq.link._pipeline import DECISION_KINDS, LINK_STEPS, link_records
from tawthiq.link._result import (
    CLUSTER_COLUMNS,
    DECISION_COLUMNS,
    REVIEW_COLUMNS,
    LinkDiagnostics,
    LinkResult,
    RuleCount,
)
from tawthiq.link._settings import (
    BACKENDS,
    DEFAULT_BLOCKING_RULES,
    DEFAULT_EM_BLOCKING_RULES,
    LinkSettings,
)
from tawthiq.link._workspace import (
    PERSON_EXPORT_COLUMNS,
    Decided,
    PairView,
    WorkspaceLink,
    decide_pair,
    export_persons,
    link_workspace,
    review_list,
    review_show,
)
from tawthiq.link.evaluate import LinkageEvaluation, evaluate_linkage

__all__ = [
    "BACKENDS",
    "CLUSTER_COLUMNS",
    "COMPARISON_NAMES",
    "DECISION_COLUMNS",
    "DECISION_KINDS",
    "DEFAULT_BLOCKING_RULES",
    "DEFAULT_EM_BLOCKING_RULES",
    "FEATURE_COLUMNS",
    "INPUT_COLUMNS",
    "LINK_STEPS",
    "PERSON_EXPORT_COLUMNS",
    "REVIEW_COLUMNS",
    "Clustering",
    "Decided",
    "LinkDiagnostics",
    "LinkResult",
    "LinkSettings",
    "LinkageEvaluation",
    "PairView",
    "RuleCount",
    "WorkspaceLink",
    "check_records",
    "cluster_pairs",
    "decide_pair",
    "evaluate_linkage",
    "export_persons",
    "features",
    "link_records",
    "link_workspace",
    "read_canonical_lists",
    "records_from_canonical",
    "review_list",
    "review_show",
]
