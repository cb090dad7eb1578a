"""The sensitivity policy: levels, each role's clearance, and the level of each record field.

Why in ``model``: every stage that shows or publishes records — the web app and API, reports
and their citation files, exports — must apply the same rules, and leaks happen where rules
are scattered. ``tawthiq.web.policy`` adds what each role may *do*; this module says what each
role may *see*.

Sensitivity levels, from least to most protected: ``public`` (may be published), ``restricted``
(the documentation team), ``confidential`` (administrators only). A user sees a record when its
level is within their clearance, and of that record only the fields whose level is within it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

__all__ = [
    "FIELD_LEVELS",
    "LEVELS",
    "ROLES",
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
    # the codes as the source wrote them: public like the coded values
    "sex_text": "public",
    "pcode_text": "public",
    # what a name record says besides the name: the relation and whether it names anybody
    # are public like a sex; the anchor, kunya and titles are names or parts of them
    "name_relation": "public",
    "name_placeholder": "public",
    "name_anchor": "restricted",
    "name_kunya": "restricted",
    "name_titles": "restricted",
    "full_name": "restricted",
    "given_name": "restricted",
    "father_name": "restricted",
    "family_name": "restricted",
    "source_url": "restricted",
    # the source's own words for cause, perpetrator and status: free text, so restricted
    "cause_text": "restricted",
    "perpetrator_text": "restricted",
    "status_text": "restricted",
    "mother_name": "confidential",
    "notes": "confidential",
    "raw": "confidential",
}


def clearance(role: str) -> str:
    return _CLEARANCE.get(role, "public")


def may_see(role: str, level: str) -> bool:
    """Whether ``role`` may see something of sensitivity ``level`` (unknown: confidential)."""
    wanted = LEVELS.index(level) if level in LEVELS else len(LEVELS) - 1
    return wanted <= LEVELS.index(clearance(role))


def visible_fields(role: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """The record with every field the role may not see removed (not blanked: removed)."""
    if may_see(role, LEVELS[-1]):  # cleared for everything, unlisted fields included
        return dict(record)
    shown = _listed_fields_below_top(role)
    return {name: value for name, value in record.items() if name in shown}


@cache
def _listed_fields_below_top(role: str) -> frozenset[str]:
    """The listed fields ``role`` may see (unlisted fields count as confidential)."""
    return frozenset(n for n, level in FIELD_LEVELS.items() if may_see(role, level))
