"""Who may see and do what in the web app: actions per role, on top of the sensitivity policy.

What each role may *see* (levels, clearance, field levels, :func:`visible_fields`) is
``tawthiq.model.sensitivity``, shared with reports and exports, and re-exported here. Every
page, JSON response, export and search of the web app passes records through
:func:`visible_fields`, and every query filters records by :func:`clearance`; nothing renders a
record any other way.

=========== ============ ==========================================================
role        clearance    may
=========== ============ ==========================================================
admin       confidential everything, including managing users
analyst     restricted   read, edit records, review linkage pairs, run analyses, add and
                         verify evidence
documenter  restricted   read, edit records, import lists, review linkage pairs, add evidence
viewer      public       read public records and dashboards
public      public       dashboards only (aggregate counts)
=========== ============ ==========================================================
"""

from __future__ import annotations

from tawthiq.model.sensitivity import (
    FIELD_LEVELS,
    LEVELS,
    ROLES,
    clearance,
    may_see,
    visible_fields,
)

__all__ = [
    "FIELD_LEVELS",
    "LEVELS",
    "ROLES",
    "can",
    "clearance",
    "may_see",
    "visible_fields",
]

_ACTIONS = {
    "admin": {
        "read",
        "search_names",
        "edit",
        "review",
        "import",
        "manage_users",
        "analyse",
        "evidence",
        "verify",
    },
    "analyst": {"read", "search_names", "edit", "review", "analyse", "evidence", "verify"},
    "documenter": {"read", "search_names", "edit", "review", "import", "evidence"},
    "viewer": {"read"},
    "public": set(),
}


def can(role: str, action: str) -> bool:
    return action in _ACTIONS.get(role, set())
