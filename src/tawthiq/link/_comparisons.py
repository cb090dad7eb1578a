"""The comparisons of the linkage model, named and ordered, as Splink settings.

Every condition is written over the feature columns (``_features``) in SQL that DuckDB and Spark
read the same way (integer day numbers, ``greatest``, ``abs``); string similarity goes through
Splink's own Jaro-Winkler levels, which Splink writes for each backend.

Comparisons (levels in order, first that holds wins):

* ``given``, ``father``, ``family``: null; same name (same spelling, or same cross-script key
  across scripts); same key as a Latin spelling variant; same key as different Arabic spellings
  (Arabic spelling noise is normalised away, so محمد ~ محمود sharing the skeleton MHMD are
  different names) (all with a term-frequency adjustment on the key: agreeing on محمد counts
  less than on a rare name); for the father, "= the other's grandfather" (compound given
  names); for the family, "= the other's father" (two-part names);
  Jaro-Winkler ≥ 0.9 on spelling or key; ≥ 0.8 on spelling or ≥ 0.7 on key; else. For the given
  name, "else" has a fixed, tiny m (``LinkSettings.given_name_mismatch_m``).
* ``event``: the date of death and the place together, because they are not independent: the
  people of one attack share both, so a pair agreeing on day *and* place is less surprising
  than the product of the two agreements says. Dates are intervals (a month-only date covers
  its days), places a hierarchy (community > district > governorate). "Same day, same
  community" has a term-frequency adjustment on the event (day + community).
* ``age``: null; intervals overlap; at most 1 year apart; at most 5; else.
* ``sex``: null; same; different.
* ``source``: same list; different lists. Lists repeat a person rarely (a few percent) but
  record whole families from one incident, so a pair inside one list is less likely a match
  than a pair across lists; EM learns by how much.
"""

from __future__ import annotations

from typing import Any

import splink.blocking_rule_library as brl
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from tawthiq.link._settings import LinkSettings

__all__ = ["COMPARISON_NAMES", "comparisons", "splink_settings"]

COMPARISON_NAMES = ("given", "father", "family", "event", "age", "sex", "source")

_DATE_NULL = "(date_lo_l IS NULL OR date_lo_r IS NULL)"
_PLACE_NULL = "(place_admin1_l IS NULL OR place_admin1_r IS NULL)"
_SAME_DAY = "(date_lo_l = date_hi_l AND date_lo_r = date_hi_r AND date_lo_l = date_lo_r)"
_NARROW = "(date_hi_l - date_lo_l <= 31 AND date_hi_r - date_lo_r <= 31)"
_OVERLAP = "(date_lo_l <= date_hi_r AND date_lo_r <= date_hi_l)"
_GAP = "greatest(date_lo_l - date_hi_r, date_lo_r - date_hi_l)"
_COMMUNITY = "place_community_l = place_community_r"
_DISTRICT = "place_admin2_l = place_admin2_r"
_GOVERNORATE = "place_admin1_l = place_admin1_r"
_AGE_OVERLAP = "(age_lo_l <= age_hi_r AND age_lo_r <= age_hi_l)"
_AGE_GAP = "greatest(age_lo_l - age_hi_r, age_lo_r - age_hi_l)"


def _level(sql: str, label: str, m: float, u: float, **extra: Any) -> ComparisonLevelCreator:
    # Starting values; EM and u sampling replace them where the data show the level. A level
    # the data never show (year-only dates in a world of exact days) keeps its starting value
    # rather than Splink's default.
    return cll.CustomLevel(sql, label).configure(m_probability=m, u_probability=u, **extra)


def _null(sql: str) -> ComparisonLevelCreator:
    return cll.CustomLevel(sql, "null").configure(is_null_level=True)


def _name(part: str, mismatch_m: float, close_m: float = 0.0) -> cl.CustomComparison:
    norm, key = f"{part}_norm", f"{part}_key"
    extra: list[Any] = []
    if part == "father":
        # A compound given name (محمد خير) parsed as given + father shifts the real father
        # into the grandfather's place.
        extra.append(
            _level(
                "father_key_l = grandfather_key_r OR father_key_r = grandfather_key_l",
                "father's name = the other's grandfather's name (compound given name)",
                0.02,
                0.01,
            )
        )
    if part == "family":
        # "Ahmad Khaled" with no family name parses as given + family; the other record may
        # have Khaled as the father's name.
        extra.append(
            _level(
                "(family_key_l = father_key_r AND father_key_l IS NULL) "
                "OR (family_key_r = father_key_l AND father_key_r IS NULL)",
                "family name = the other's father's name (two-part name)",
                0.02,
                0.01,
            )
        )
    tf = {
        "tf_adjustment_column": key,
        "tf_adjustment_weight": 1.0,
        "disable_tf_exact_match_detection": True,
    }
    similar = cll.Or(cll.JaroWinklerLevel(norm, 0.9), cll.JaroWinklerLevel(key, 0.9))
    close = cll.Or(cll.JaroWinklerLevel(norm, 0.8), cll.JaroWinklerLevel(key, 0.7))
    if mismatch_m > 0:
        other = cll.ElseLevel().configure(
            m_probability=mismatch_m, u_probability=0.9, fix_m_probability=True
        )
    else:
        other = cll.ElseLevel().configure(m_probability=0.05, u_probability=0.9)
    return cl.CustomComparison(
        output_column_name=part,
        comparison_description=f"{part} name: spelling, cross-script key, similarity",
        comparison_levels=[
            _null(f"{key}_l IS NULL OR {key}_r IS NULL"),
            # One level for "the same name": written the same way, or the same key in two
            # scripts. Kept apart, their m probabilities depend on the mix of scripts in the
            # workspace: with one Arabic and one Latin list, EM learns that matches never
            # share a spelling and within-list duplicates become impossible.
            _level(
                f"{norm}_l = {norm}_r "
                f"OR ({key}_l = {key}_r AND (script_l <> script_r OR script_l = 'mixed'))",
                "same name (same spelling, or same key across scripts)",
                0.65,
                0.01,
                **tf,
            ),
            _level(
                f"{key}_l = {key}_r AND script_l = 'la'",
                "same key, Latin spelling variant",
                0.2,
                0.005,
                **tf,
            ),
            _level(f"{key}_l = {key}_r", "same key, different Arabic spelling", 0.01, 0.005, **tf),
            similar.configure(label_for_charts="similar (JW ≥ 0.9)", m_probability=0.05),
            close.configure(
                label_for_charts="close (JW ≥ 0.8/0.7)",
                m_probability=close_m if close_m > 0 else 0.03,
                fix_m_probability=close_m > 0,
            ),
            *extra,
            other,
        ],
    )


def _event() -> cl.CustomComparison:
    close_date = f"({_SAME_DAY} OR ({_OVERLAP} AND {_NARROW}) OR {_GAP} <= 3)"
    return cl.CustomComparison(
        output_column_name="event",
        comparison_description="date of death (with precision) and place (with hierarchy)",
        comparison_levels=[
            _null(f"{_DATE_NULL} AND {_PLACE_NULL}"),
            _level(
                f"{_SAME_DAY} AND {_COMMUNITY}",
                "same day, same community",
                0.55,
                1e-5,
                tf_adjustment_column="event_key",
                tf_adjustment_weight=1.0,
                disable_tf_exact_match_detection=True,
            ),
            _level(f"{_SAME_DAY} AND {_DISTRICT}", "same day, same district", 0.05, 2e-5),
            _level(f"{_SAME_DAY} AND {_GOVERNORATE}", "same day, same governorate", 0.1, 1e-4),
            _level(
                f"{_OVERLAP} AND {_NARROW} AND {_COMMUNITY}",
                "compatible dates (month), same community",
                0.05,
                5e-5,
            ),
            _level(
                f"{_OVERLAP} AND {_NARROW} AND {_GOVERNORATE}",
                "compatible dates (month), same governorate",
                0.02,
                3e-4,
            ),
            _level(f"{_GAP} <= 3 AND {_COMMUNITY}", "within 3 days, same community", 0.05, 1e-4),
            _level(
                f"{_GAP} <= 3 AND {_GOVERNORATE}", "within 3 days, same governorate", 0.02, 5e-4
            ),
            _level(f"{close_date} AND {_PLACE_NULL}", "close dates, place unknown", 0.02, 2e-3),
            _level(close_date, "close dates, other governorate", 0.005, 2e-3),
            _level(f"{_DATE_NULL} AND {_COMMUNITY}", "date unknown, same community", 0.01, 0.02),
            _level(
                f"{_DATE_NULL} AND {_GOVERNORATE}", "date unknown, same governorate", 0.005, 0.1
            ),
            _level(
                f"{_OVERLAP} AND {_GOVERNORATE}",
                "overlapping wide dates, same governorate",
                0.02,
                0.02,
            ),
            _level(
                f"{_GAP} <= 31 AND {_GOVERNORATE}", "within a month, same governorate", 0.02, 0.02
            ),
            _level(f"{_GAP} <= 31 OR {_OVERLAP}", "within a month", 0.01, 0.02),
            cll.ElseLevel().configure(m_probability=0.03, u_probability=0.8),
        ],
    )


def _age() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="age",
        comparison_description="age in years, as intervals",
        comparison_levels=[
            _null("age_lo_l IS NULL OR age_lo_r IS NULL"),
            _level(_AGE_OVERLAP, "same age", 0.85, 0.02),
            _level(f"{_AGE_GAP} <= 1", "within 1 year", 0.08, 0.04),
            _level(f"{_AGE_GAP} <= 5", "within 5 years", 0.03, 0.15),
            cll.ElseLevel().configure(m_probability=0.04, u_probability=0.79),
        ],
    )


def _sex() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="sex",
        comparison_description="sex",
        comparison_levels=[
            _null("sex_l IS NULL OR sex_r IS NULL"),
            _level("sex_l = sex_r", "same sex", 0.98, 0.55),
            cll.ElseLevel().configure(m_probability=0.02, u_probability=0.45),
        ],
    )


def _source(same_list_m: float) -> cl.CustomComparison:
    if same_list_m > 0:
        # Fixed: EM cannot tell a list's rare duplicates from the families it records together,
        # and with few lists it drives this m to ~0, which forbids within-list duplicates.
        same = _level("source_l = source_r", "same list", same_list_m, 0.25, fix_m_probability=True)
        other = cll.ElseLevel().configure(
            m_probability=1 - same_list_m, u_probability=0.75, fix_m_probability=True
        )
    else:
        same = _level("source_l = source_r", "same list", 0.05, 0.25)
        other = cll.ElseLevel().configure(m_probability=0.95, u_probability=0.75)
    return cl.CustomComparison(
        output_column_name="source",
        comparison_description="same list or not",
        comparison_levels=[same, other],
    )


def comparisons(settings: LinkSettings) -> list[ComparisonCreator | dict[str, Any]]:
    """The comparisons, in ``COMPARISON_NAMES`` order."""
    return [
        _name("given", settings.given_name_mismatch_m, settings.given_name_close_m),
        _name("father", 0.0),
        _name("family", 0.0),
        _event(),
        _age(),
        _sex(),
        _source(settings.same_list_m),
    ]


def splink_settings(settings: LinkSettings, prior: float = 1e-4) -> SettingsCreator:
    """Splink settings for deduplicating the union of all lists.

    Linking and deduplicating K lists is deduplicating their union: every pair within and across
    lists is a candidate. One table keeps the record id (``uid``) a plain integer, which makes
    scoring chosen pairs and reading labels simple.
    """
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="uid",
        comparisons=comparisons(settings),
        blocking_rules_to_generate_predictions=[brl.CustomRule(r) for r in settings.blocking_rules],
        probability_two_random_records_match=prior,
        em_convergence=settings.em_convergence,
        max_iterations=settings.em_max_iterations,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
