"""The words of reports: English keys here, Arabic in the gettext catalogue.

Every text of a report is looked up by a short key (``t("by_gov", lang)``). The English text is
written here, once; its Arabic translation lives in the shared Arabic catalogue
``web/locales/ar/LC_MESSAGES/tawthiq.po`` with the English text as ``msgid`` — the one place
where translators edit Arabic for the web app, the command line and reports alike. A test
requires a translation for every key (``tests/report/test_report_i18n.py``), so a new English
text without Arabic fails there, not silently in an Arabic report.
"""

from __future__ import annotations

from enum import StrEnum

from tawthiq.model.vocab import Cause, Grade, Party, Sex, Status, label
from tawthiq.report.maps import governorates
from tawthiq.web.i18n import gettext_for

__all__ = [
    "ENGLISH",
    "category_label",
    "governorate_label",
    "status_label",
    "t",
    "translate",
    "untranslated",
    "verdict_label",
]

#: key → the English text (the catalogue's msgid).
ENGLISH: dict[str, str] = {
    "title": "Documented deaths",
    "period": "Period",
    "all_dates": "all dates in the store",
    "generated": "Generated",
    "report_id": "Report",
    "unit_persons": (
        "Counts are unique persons: records of the same person on several lists were "
        "linked (record linkage) and the person is counted once."
    ),
    "unit_records": (
        "Counts are records, not persons: the records have not been linked (tawthiq "
        "link), so a person recorded by two lists is counted twice."
    ),
    "citations": (
        "Every number links to a CSV of the records behind it; `tawthiq explain "
        "FIGURE_ID` lists them from the workspace. Ranges (a–b) count deaths whose date "
        "or age is known only imprecisely: a for sure, b at most."
    ),
    "public_note": (
        "Public edition: counts between 1 and {t} are shown as <{t}; no names, contacts "
        "or other restricted fields are included."
    ),
    "total": "Total documented deaths",
    "total_range_note": "The higher figure adds deaths whose recorded date may fall in the period.",
    "civilians": "of whom recorded as civilians",
    "by_month": "Deaths by month",
    "by_year": "Deaths by year",
    "year": "Year",
    "deaths": "Deaths",
    "by_gov": "Deaths by governorate",
    "governorate": "Governorate",
    "by_perp": "Deaths by perpetrator (as recorded)",
    "by_cause": "Deaths by cause",
    "by_sex": "Deaths by sex",
    "by_age": "Deaths by age group",
    "age.child": "children (under 18)",
    "age.adult": "adults (18–59)",
    "age.elderly": "elderly (60 and over)",
    "unknown": "not recorded",
    "estimate": "Observed and estimated deaths",
    "estimate_intro": (
        "Multiple systems estimation (MSE) estimates how many deaths no list recorded "
        "from how the lists overlap. The headline is the figure tawthiq estimate prints, "
        "made as it says; the table estimates each governorate on its own, and their sum is "
        "a figure of its own, not the headline. Intervals are {level} intervals."
    ),
    "headline": "Headline estimate",
    "how": "how it was made",
    "breakdown": "By governorate (each estimated on its own; small ones pooled)",
    "strata_sum": "Sum of the governorate estimates",
    "estimate_observed": "Documented persons in the estimate",
    "no_breakdown": "No breakdown by governorate",
    "observed": "Documented",
    "estimated": "Estimate (interval)",
    "method": "Method",
    "stratum_status": "Status of the estimate",
    "all": "All governorates",
    "not_estimated": "Not estimated",
    "pooled": "small strata pooled",
    "status.estimated": "estimated",
    "status.pooled": "in the pooled stratum",
    "status.observed only": "documented only",
    "sources": "Sources and their overlap",
    "source": "Source",
    "src_records": "Records",
    "src_units": "Persons",
    "src_only": "Only on this list",
    "overlap": "Persons by the combination of lists that recorded them",
    "incidents": "Incidents",
    "inc_total": "Incidents reported",
    "inc_civilians": "Civilians reported killed (min–max across reports)",
    "inc_health": "Attacks on health care",
    "grade": "Grade",
    "quality": "Data quality",
    "dq.records": "Records in the period",
    "dq.unresolved_place": "Records with a place that could not be resolved to a governorate",
    "dq.no_place": "Records with no place",
    "dq.no_date": "Records with no date of death",
    "dq.imprecise_date": "Records dated only to the month, year or a range",
    "dq.rejected": "Rejected rows (all imports)",
    "dq.backlog": "Record pairs awaiting review (latest link run)",
    "dq.unlinked": "Records not in any person (imported after linkage)",
    "figure": "figure",
    "inc_reports": "Incident reports (not yet reconciled)",
    "inc_not_reconciled": (
        "These incident reports have not been reconciled into incidents yet (tawthiq "
        "incidents reconcile): grades are computed by reconciliation."
    ),
    "inc_overridden": "of which the grade was set by a reviewer",
    "inc_unreconciled": (
        "Incident reports not in these incidents (imported after the last reconciliation: "
        "tawthiq incidents reconcile)"
    ),
    "not_graded": "not graded",
    "lists": "Victim lists",
    "incident_sources": "Incident sources (reports of incidents, not lists of victims)",
    "src_reports": "Incident reports",
    "shared": "on two or more lists",
    "no_lists": "No victim list in the store.",
    # why a report has no estimate (the estimator's own errors stay as it words them)
    "reason.not_linked": (
        "records are not linked into persons (run tawthiq link first); MSE needs persons"
    ),
    "reason.off": "estimation switched off (--method none)",
    "reason.one_list": (
        "multiple systems estimation needs two or more lists; the persons of this period are "
        "on one list or none"
    ),
    # verdicts of claim checks (tawthiq check --lang ar)
    "verdict.supported": "supported",
    "verdict.contradicted": "contradicted",
    "verdict.undetermined": "undetermined",
}


def t(key: str, lang: str) -> str:
    """The text of ``key`` in ``lang`` (``ar``: from the catalogue; English otherwise)."""
    english = ENGLISH[key]
    return gettext_for("ar")(english) if lang == "ar" else english


def translate(english: str, lang: str) -> str:
    """Any English text in ``lang``: its catalogue translation, or the text as it is (an
    estimator's error, say, that has none)."""
    return gettext_for("ar")(english) if lang == "ar" else english


def untranslated() -> list[str]:
    """Keys whose English text has no Arabic translation in the catalogue."""
    arabic = gettext_for("ar")
    return [k for k, en in ENGLISH.items() if arabic(en) == en]


def verdict_label(verdict: str, lang: str) -> str:
    """A claim check's verdict (``supported``...) in ``lang``; an unknown one as it is."""
    key = f"verdict.{verdict}"
    return t(key, lang) if key in ENGLISH else verdict


def status_label(status: str, lang: str) -> str:
    """A stratum's status (``estimated``, ``pooled``...); an unknown status as it is."""
    key = f"status.{status}"
    return t(key, lang) if key in ENGLISH else status


_VOCABS: dict[str, type[StrEnum]] = {
    "cause": Cause,
    "perpetrator": Party,
    "sex": Sex,
    "status": Status,
    "grade": Grade,
}


def category_label(field: str, code: str | None, lang: str) -> str:
    """The label of a coded value (``not recorded`` for none, the code itself if unknown)."""
    if code is None:
        return t("unknown", lang)
    vocab = _VOCABS.get(field)
    if vocab is not None:
        try:
            return label(vocab(code), lang)
        except (ValueError, KeyError):
            return code
    return code


def governorate_label(pcode: str | None, lang: str) -> str:
    """A governorate's name in ``lang`` from the shipped boundaries (the P-code if unknown)."""
    if pcode is None:
        return t("unknown", lang)
    names = governorates().get(pcode)
    if names is None:
        return pcode
    return names[1] if lang == "ar" else names[0]
