"""The words of reports and claim checks, in English and Arabic."""

from __future__ import annotations

from enum import StrEnum

from tawthiq.model.vocab import Cause, Grade, Party, Sex, Status, label
from tawthiq.report.maps import governorates

__all__ = ["TEXT", "category_label", "governorate_label", "t"]

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Documented deaths", "ar": "الوفيات الموثقة"},
    "period": {"en": "Period", "ar": "الفترة"},
    "all_dates": {"en": "all dates in the store", "ar": "كل التواريخ المسجلة"},
    "generated": {"en": "Generated", "ar": "أُنشئ في"},
    "report_id": {"en": "Report", "ar": "التقرير"},
    "unit_persons": {
        "en": "Counts are unique persons: records of the same person on several lists were "
        "linked (record linkage) and the person is counted once.",
        "ar": "الأعداد أشخاص فريدون: رُبطت سجلات الشخص نفسه في عدة قوائم (ربط السجلات) ويُعدّ "
        "الشخص مرة واحدة.",
    },
    "unit_records": {
        "en": "Counts are records, not persons: the records have not been linked "
        "(tawthiq link), so a person recorded by two lists is counted twice.",
        "ar": "الأعداد سجلات لا أشخاص: لم تُربط السجلات بعد (tawthiq link)، فالشخص المسجل في "
        "قائمتين يُعدّ مرتين.",
    },
    "citations": {
        "en": "Every number links to a CSV of the records behind it; "
        "`tawthiq explain FIGURE_ID` lists them from the workspace. Ranges (a–b) count "
        "deaths whose date or age is known only imprecisely: a for sure, b at most.",
        "ar": "كل رقم مرتبط بملف CSV بالسجلات التي يستند إليها، ويعرضها الأمر "
        "`tawthiq explain FIGURE_ID` من مساحة العمل. النطاقات (أ–ب) تعدّ وفيات تاريخها أو عمرها "
        "غير دقيق: أ على الأقل، ب على الأكثر.",
    },
    "public_note": {
        "en": "Public edition: counts between 1 and {t} are shown as <{t}; no names, contacts "
        "or other restricted fields are included.",
        "ar": "نسخة للنشر: الأعداد بين 1 و{t} تظهر بصيغة <{t}؛ ولا تتضمن أسماء أو بيانات اتصال "
        "أو حقولاً مقيدة.",
    },
    "total": {"en": "Documented deaths", "ar": "مجموع الوفيات الموثقة"},
    "total_range_note": {
        "en": "The higher figure adds deaths whose recorded date may fall in the period.",
        "ar": "الرقم الأعلى يضيف وفيات قد يقع تاريخها المسجل ضمن الفترة.",
    },
    "civilians": {"en": "of whom recorded as civilians", "ar": "منهم مدنيون بحسب التسجيل"},
    "by_month": {"en": "Deaths by month", "ar": "الوفيات حسب الشهر"},
    "by_year": {"en": "Deaths by year", "ar": "الوفيات حسب السنة"},
    "year": {"en": "Year", "ar": "السنة"},
    "deaths": {"en": "Deaths", "ar": "الوفيات"},
    "by_gov": {"en": "Deaths by governorate", "ar": "الوفيات حسب المحافظة"},
    "governorate": {"en": "Governorate", "ar": "المحافظة"},
    "by_perp": {"en": "Deaths by perpetrator (as recorded)", "ar": "الوفيات حسب الجهة الفاعلة"},
    "by_cause": {"en": "Deaths by cause", "ar": "الوفيات حسب السبب"},
    "by_sex": {"en": "Deaths by sex", "ar": "الوفيات حسب الجنس"},
    "by_age": {"en": "Deaths by age group", "ar": "الوفيات حسب الفئة العمرية"},
    "age.child": {"en": "children (under 18)", "ar": "أطفال (دون 18)"},
    "age.adult": {"en": "adults (18–59)", "ar": "بالغون (18–59)"},
    "age.elderly": {"en": "elderly (60 and over)", "ar": "مسنّون (60 فأكثر)"},
    "unknown": {"en": "not recorded", "ar": "غير مسجل"},
    "estimate": {"en": "Observed and estimated deaths", "ar": "الوفيات الموثقة والمقدّرة"},
    "estimate_intro": {
        "en": "Multiple systems estimation (MSE) estimates how many deaths no list recorded "
        "from how the lists overlap; it is estimated per governorate and added up. "
        "Intervals are {level} intervals.",
        "ar": "يقدّر أسلوب تقدير الأنظمة المتعددة عدد الوفيات التي لم تسجلها أي قائمة انطلاقاً "
        "من تداخل القوائم؛ ويُقدَّر لكل محافظة ثم تُجمع التقديرات. الفترات فترات {level}.",
    },
    "observed": {"en": "Documented", "ar": "موثق"},
    "estimated": {"en": "Estimate (interval)", "ar": "التقدير (الفترة)"},
    "method": {"en": "Method", "ar": "الطريقة"},
    "stratum_status": {"en": "Status", "ar": "الحالة"},
    "all": {"en": "All governorates", "ar": "كل المحافظات"},
    "not_estimated": {"en": "Not estimated", "ar": "لم يُقدَّر"},
    "pooled": {"en": "small strata pooled", "ar": "طبقات صغيرة مجمّعة"},
    "status.estimated": {"en": "estimated", "ar": "مقدّر"},
    "status.pooled": {"en": "in the pooled stratum", "ar": "ضمن الطبقة المجمّعة"},
    "status.observed only": {"en": "documented only", "ar": "موثق فقط"},
    "sources": {"en": "Sources and their overlap", "ar": "المصادر وتداخلها"},
    "source": {"en": "Source", "ar": "المصدر"},
    "src_records": {"en": "Records", "ar": "السجلات"},
    "src_units": {"en": "Persons", "ar": "الأشخاص"},
    "src_only": {"en": "Only on this list", "ar": "في هذه القائمة فقط"},
    "overlap": {
        "en": "Persons by the combination of lists that recorded them",
        "ar": "الأشخاص حسب مجموعة القوائم التي سجلتهم",
    },
    "incidents": {"en": "Incidents", "ar": "الحوادث"},
    "inc_total": {"en": "Incidents reported", "ar": "الحوادث المبلغ عنها"},
    "inc_civilians": {
        "en": "Civilians reported killed (min–max across reports)",
        "ar": "المدنيون القتلى المبلغ عنهم (الأدنى–الأعلى)",
    },
    "inc_health": {"en": "Attacks on health care", "ar": "الهجمات على الرعاية الصحية"},
    "grade": {"en": "Grade", "ar": "التصنيف"},
    "quality": {"en": "Data quality", "ar": "جودة البيانات"},
    "dq.records": {"en": "Records in the period", "ar": "السجلات في الفترة"},
    "dq.unresolved_place": {
        "en": "Records with a place that could not be resolved to a governorate",
        "ar": "سجلات بمكان تعذّر ربطه بمحافظة",
    },
    "dq.no_place": {"en": "Records with no place", "ar": "سجلات بلا مكان"},
    "dq.no_date": {"en": "Records with no date of death", "ar": "سجلات بلا تاريخ وفاة"},
    "dq.imprecise_date": {
        "en": "Records dated only to the month, year or a range",
        "ar": "سجلات تاريخها بالشهر أو السنة أو نطاق فقط",
    },
    "dq.rejected": {"en": "Rejected rows (all imports)", "ar": "صفوف مرفوضة (كل الاستيرادات)"},
    "dq.backlog": {
        "en": "Record pairs awaiting review (latest link run)",
        "ar": "أزواج سجلات بانتظار المراجعة (آخر ربط)",
    },
    "dq.unlinked": {
        "en": "Records not in any person (imported after linkage)",
        "ar": "سجلات خارج أي شخص (استوردت بعد الربط)",
    },
    "figure": {"en": "figure", "ar": "الرقم"},
}


def t(key: str, lang: str) -> str:
    return TEXT[key]["ar" if lang == "ar" else "en"]


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
    if pcode is None:
        return t("unknown", lang)
    names = governorates().get(pcode)
    if names is None:
        return pcode
    return names[1] if lang == "ar" else names[0]
