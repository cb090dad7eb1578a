"""Who may see and do what: roles, clearance, and the sensitivity of each field.

Why one module: leaks happen where rules are scattered. Every page, JSON response, export and
search of the web app passes records through :func:`visible_fields`, and every query filters
records by :func:`clearance`; nothing renders a record any other way.

Sensitivity levels, from least to most protected: ``public`` (may be published), ``restricted``
(the documentation team), ``confidential`` (administrators only). A user sees a record when its
level is within their clearance, and of that record only the fields whose level is within it.

=========== ============ ==========================================================
role        clearance    may
=========== ============ ==========================================================
admin       confidential everything, including managing users
analyst     restricted   read, review linkage pairs, run analyses, add and verify evidence
documenter  restricted   read, import lists, review linkage pairs, add evidence
viewer      public       read public records and dashboards
public      public       dashboards only (aggregate counts)
=========== ============ ==========================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "FIELD_LEVELS",
    "LEVELS",
    "ROLES",
    "can",
    "clearance",
    "may_see",
    "visible_fields",
]

LEVELS = ("public", "restricted", "confidential")
ROLES = ("admin", "analyst", "documenter", "viewer", "public")

_CLEARANCE = {
    "admin": "confidential",
    "analyst": "restricted",
    "documenter": "restricted",
    "viewer": "public",
    "public": "public",
}
_ACTIONS = {
    "admin": {
        "read",
        "search_names",
        "review",
        "import",
        "manage_users",
        "analyse",
        "evidence",
        "verify",
    },
    "analyst": {"read", "search_names", "review", "analyse", "evidence", "verify"},
    "documenter": {"read", "search_names", "review", "import", "evidence"},
    "viewer": {"read"},
    "public": set(),
}

# The level of each field of a victim record. Names identify people: restricted. Notes and the
# verbatim raw row can hold witnesses' words and contacts: confidential. Unlisted fields are
# treated as confidential, so a new column is protected until someone decides otherwise.
FIELD_LEVELS: dict[str, str] = {
    "id": "public",
    "source": "public",
    "source_record_id": "public",
    "sex": "public",
    "age_min": "public",
    "age_max": "public",
    "age_group": "public",
    "date_earliest": "public",
    "date_latest": "public",
    "date_precision": "public",
    "place_text": "public",
    "governorate_text": "public",
    "admin1_pcode": "public",
    "pcode": "public",
    "place_precision": "public",
    "cause": "public",
    "perpetrator": "public",
    "status": "public",
    "sensitivity": "public",
    "person_id": "public",
    "record_id": "public",
    "age_text": "public",
    "date_text": "public",
    "full_name": "restricted",
    "given_name": "restricted",
    "father_name": "restricted",
    "family_name": "restricted",
    "source_url": "restricted",
    "mother_name": "confidential",
    "notes": "confidential",
    "raw": "confidential",
}


def clearance(role: str) -> str:
    return _CLEARANCE.get(role, "public")


def can(role: str, action: str) -> bool:
    return action in _ACTIONS.get(role, set())


def may_see(role: str, level: str) -> bool:
    """Whether ``role`` may see something of sensitivity ``level`` (unknown: confidential)."""
    wanted = LEVELS.index(level) if level in LEVELS else len(LEVELS) - 1
    return wanted <= LEVELS.index(clearance(role))


def visible_fields(role: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """The record with every field the role may not see removed (not blanked: removed)."""
    return {
        name: value
        for name, value in record.items()
        if may_see(role, FIELD_LEVELS.get(name, "confidential"))
    }
