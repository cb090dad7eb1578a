"""Incidents: reconciling source reports, grading evidence, attributing responsibility.

Source reports (ACLED, UCDP GED, Airwars-style, HXL, tawthiq's incident-report CSV) are stored
one row each in ``incidents`` by ``tawthiq.ingest``. This stage groups the reports of one event
(``cluster``), reconciles their figures and claims (``reconcile``: range across sources, a best
figure by a stated rule, belligerents with their assessments, a contested attribution kept as
such), grades each incident on the Airwars scale with its reasons (``grade``), registers
attacked health facilities with the PHR/WHO SSA crosswalk (``healthcare``), links named victims
to incidents (``victims``), sums deaths as ranges (``aggregate``) and exports CSV, full or
public (``export``). ``reconstruct`` rebuilds incidents from victim lists alone, scored against
a simulated world's truth.

```python
from tawthiq.incidents import reconcile_workspace, list_incidents, incident_detail

summary = reconcile_workspace(engine)          # one transaction, audited
for row in list_incidents(engine):             # summaries, date order
    print(row["id"], row["killed"]["text"], row["grade"])
incident_detail(engine, 1)                     # range, best + rule, grade + reasons, claims
incident_aggregates(engine, ("belligerent", "period"))   # ranges, contested kept apart
```
"""

from __future__ import annotations

from tawthiq.incidents.aggregate import AggregateRow, IncidentFigure, aggregate
from tawthiq.incidents.cluster import Clustering, ClusterSettings, cluster_claims, compare_claims
from tawthiq.incidents.export import EXPORT_COLUMNS, export_incidents, incident_export_rows
from tawthiq.incidents.grade import GradeResult, grade_incident
from tawthiq.incidents.healthcare import CROSSWALK, WITHHELD_FIELDS, crosswalk, facility_counts
from tawthiq.incidents.model import Belligerent, Claim, Range, Reconciled, attribution_label
from tawthiq.incidents.reconcile import BEST_RULE, reconcile_claims
from tawthiq.incidents.reconstruct import (
    ReconstructionScore,
    prepare_records,
    reconstruct_incidents,
    score_reconstruction,
    workspace_records,
)
from tawthiq.incidents.workspace import (
    ReconcileSummary,
    decide_reports,
    facility_summary,
    incident_aggregates,
    incident_detail,
    incident_page,
    list_incidents,
    merge_incidents,
    override_grade,
    reconcile_workspace,
    review_queue,
    split_report,
)

__all__ = [
    "BEST_RULE",
    "CROSSWALK",
    "EXPORT_COLUMNS",
    "WITHHELD_FIELDS",
    "AggregateRow",
    "Belligerent",
    "Claim",
    "ClusterSettings",
    "Clustering",
    "GradeResult",
    "IncidentFigure",
    "Range",
    "ReconcileSummary",
    "Reconciled",
    "ReconstructionScore",
    "aggregate",
    "attribution_label",
    "cluster_claims",
    "compare_claims",
    "crosswalk",
    "decide_reports",
    "export_incidents",
    "facility_counts",
    "facility_summary",
    "grade_incident",
    "incident_aggregates",
    "incident_detail",
    "incident_export_rows",
    "incident_page",
    "list_incidents",
    "merge_incidents",
    "override_grade",
    "prepare_records",
    "reconcile_claims",
    "reconcile_workspace",
    "reconstruct_incidents",
    "review_queue",
    "score_reconstruction",
    "split_report",
    "workspace_records",
]
