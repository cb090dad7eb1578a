"""Claim check: is "over 200 people killed in Idlib, Aleppo and Homs between 2016-11-15 and
2016-11-21" supported by the documented deaths?

A claim is a comparison (``>``, ``>=``, ``<``, ``<=`` or ``~`` "about", within 10 %), a number,
governorates and a period. :func:`parse_claim` reads the common English and Arabic phrasings
(digits in either script, "over / more than / at least / about / fewer than", أكثر من، ما لا يقل
عن، نحو، أقل من; governorate names through the gazetteer; ISO dates, "15 November 2016",
"November 2016", "between 15 and 21 November 2016", Arabic and Levantine month names, years) and
says what it understood and what it could not place.

:func:`check_claim` counts the deaths in scope as a range — deaths certainly in the period (low)
and those whose imprecise date may fall in it (high) — and, where the records are linked and the
lists allow it, bounds the truth with multiple systems estimation: an estimate per governorate
over all the data, whose coverage (documented / estimated) is assumed to hold within the claim's
period. The verdict:

* a claim "more than N" is *supported* when the documented count alone exceeds N, and
  *contradicted* when even the estimate's upper bound does not;
* "fewer than N" is contradicted when the documented count reaches N, supported when the
  estimate's upper bound stays below N;
* "about N" (±10 %) is contradicted when the documented count alone exceeds it or the
  estimate's upper bound falls short of it, supported when the documented range meets it;
* anything else — or a period or place with no data at all — is *undetermined*.

Documented counts are a floor: without an estimate, a claim of *more* deaths than documented is
never called contradicted. Every check is stored like a report's figures, so ``tawthiq explain``
lists the records behind its counts.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine

from tawthiq.errors import InputError
from tawthiq.report.data import Counted, Dataset, load_dataset
from tawthiq.report.estimate import estimate_units
from tawthiq.report.figures import Figure, FigureBook, new_report_id
from tawthiq.report.maps import governorates

__all__ = ["CheckResult", "Claim", "check_claim", "parse_claim", "parse_count", "resolve_places"]

COMPARATORS = (">", ">=", "<", "<=", "~")
ABOUT = 0.10

_EN_COMPARATORS: tuple[tuple[str, str], ...] = (
    (r"no (?:fewer|less) than", ">="),
    (r"not (?:fewer|less) than", ">="),
    (r"at least", ">="),
    (r"a minimum of", ">="),
    (r"no more than", "<="),
    (r"at most", "<="),
    (r"up to", "<="),
    (r"more than", ">"),
    (r"over", ">"),
    (r"above", ">"),
    (r"in excess of", ">"),
    (r"upwards of", ">"),
    (r"fewer than", "<"),
    (r"less than", "<"),
    (r"under", "<"),
    (r"below", "<"),
    (r"about", "~"),
    (r"around", "~"),
    (r"approximately", "~"),
    (r"nearly", "~"),
    (r"almost", "~"),
    (r"roughly", "~"),
    (r"some", "~"),
)
_AR_COMPARATORS: tuple[tuple[str, str], ...] = (
    ("ما لا يقل عن", ">="),
    ("لا يقل عن", ">="),
    ("على الأقل", ">="),
    ("على الاقل", ">="),
    ("ما يزيد عن", ">"),
    ("ما يزيد على", ">"),
    ("أكثر من", ">"),
    ("اكثر من", ">"),
    ("يزيد عن", ">"),
    ("يزيد على", ">"),
    ("فوق", ">"),
    ("أقل من", "<"),
    ("اقل من", "<"),
    ("ما لا يزيد عن", "<="),
    ("حتى", "<="),
    ("حوالي", "~"),
    ("حوالى", "~"),
    ("نحو", "~"),
    ("قرابة", "~"),
    ("ما يقارب", "~"),
    ("زهاء", "~"),
)
_WORDS = {">": "more than", ">=": "at least", "<": "fewer than", "<=": "at most", "~": "about"}

_MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    _MONTHS[calendar.month_name[_i].lower()] = _i
    _MONTHS[calendar.month_abbr[_i].lower()] = _i
_MONTHS["sept"] = 9
for _i, _names in enumerate(
    (
        ("يناير", "كانون الثاني", "جانفي"),
        ("فبراير", "شباط", "فيفري"),
        ("مارس", "آذار", "اذار"),
        ("أبريل", "ابريل", "نيسان", "أفريل"),
        ("مايو", "أيار", "ايار", "ماي"),
        ("يونيو", "حزيران", "جوان"),
        ("يوليو", "تموز", "جويلية"),
        ("أغسطس", "اغسطس", "آب", "اب", "أوت"),
        ("سبتمبر", "أيلول", "ايلول"),
        ("أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول"),
        ("نوفمبر", "تشرين الثاني"),
        ("ديسمبر", "كانون الأول", "كانون الاول"),
    ),
    start=1,
):
    for _n in _names:
        _MONTHS[_n] = _i
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_SEP = r"(?:-|–|—|to|and|until|till|through|و|إلى|الى|حتى)"
_B = r"(?<![\w])"  # word start (works for Arabic letters too)
_E = r"(?![\w])"


@dataclass(frozen=True)
class Claim:
    """What a claim says: comparison, number, governorates (P-codes) and period."""

    comparator: str
    number: int
    places: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    text: str | None = None
    notes: tuple[str, ...] = ()

    def understood(self) -> str:
        names = governorates()
        where = (
            ", ".join(names[p][0] if p in names else p for p in self.places)
            if self.places
            else "all of Syria (no governorate named)"
        )
        when = (
            f"between {self.start} and {self.end}"
            if self.start and self.end
            else f"from {self.start}"
            if self.start
            else f"until {self.end}"
            if self.end
            else "at any date"
        )
        return f"{_WORDS[self.comparator]} {self.number:,} deaths in {where}, {when}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "comparator": self.comparator,
            "number": self.number,
            "places": list(self.places),
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "understood": self.understood(),
            "notes": list(self.notes),
        }


def _ascii_digits(text: str) -> str:
    return text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٬", "01234567890123456789,"))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _find_dates(text: str) -> tuple[list[tuple[date, date]], str]:
    """Date expressions in ``text`` as (earliest, latest), and the text without them."""
    found: list[tuple[date, date]] = []
    patterns: list[tuple[str, Any]] = [
        # 15-21 November 2016, between 15 and 21 تشرين الثاني 2016
        (
            rf"{_B}(\d{{1,2}})\s*{_SEP}\s*(\d{{1,2}})\s+({_MONTH_RE}),?\s+(\d{{4}}){_E}",
            lambda m: (
                _safe_date(int(m[4]), _MONTHS[m[3].lower()], int(m[1])),
                _safe_date(int(m[4]), _MONTHS[m[3].lower()], int(m[2])),
            ),
        ),
        (
            r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)",
            lambda m: (_safe_date(int(m[1]), int(m[2]), int(m[3])),) * 2,
        ),
        (
            r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)",
            lambda m: (_safe_date(int(m[3]), int(m[2]), int(m[1])),) * 2,
        ),
        (
            rf"{_B}(\d{{1,2}})\s+({_MONTH_RE}),?\s+(\d{{4}}){_E}",
            lambda m: (_safe_date(int(m[3]), _MONTHS[m[2].lower()], int(m[1])),) * 2,
        ),
        (
            rf"{_B}({_MONTH_RE})\s+(\d{{1,2}}),?\s+(\d{{4}}){_E}",
            lambda m: (_safe_date(int(m[3]), _MONTHS[m[1].lower()], int(m[2])),) * 2,
        ),
        (
            rf"{_B}({_MONTH_RE}),?\s+(\d{{4}}){_E}",
            lambda m: (
                _safe_date(int(m[2]), _MONTHS[m[1].lower()], 1),
                _month_end(int(m[2]), _MONTHS[m[1].lower()]),
            ),
        ),
        (
            r"(?<!\d)(\d{4})-(\d{2})(?![\d-])",
            lambda m: (
                _safe_date(int(m[1]), int(m[2]), 1),
                _month_end(int(m[1]), int(m[2])) if 1 <= int(m[2]) <= 12 else None,
            ),
        ),
        (
            r"(?<![\d,.])((?:19|20)\d{2})(?![\d,.])",
            lambda m: (date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)),
        ),
    ]
    rest = text
    for pattern, make in patterns:
        while True:
            m = re.search(pattern, rest, flags=re.IGNORECASE)
            if m is None:
                break
            a, b = make(m)
            if a is not None and b is not None:
                found.append((min(a, b), max(a, b)))
            rest = rest[: m.start()] + " ; " + rest[m.end() :]
    return found, rest


def _find_places(text: str) -> tuple[list[str], list[str]]:
    """Governorate P-codes named in ``text`` (gazetteer names, longest first) and the rest."""
    from tawthiq.normalize import gazetteer
    from tawthiq.normalize.places import PlaceLevel

    gaz = gazetteer()
    names = governorates()
    direct: dict[str, str] = {}
    for pc, (en, ar) in names.items():
        direct[en.lower()] = pc
        direct[ar] = pc
    words = re.findall(r"[\w'’\-]+", text)
    found: list[str] = []
    i = 0

    def look(phrase: str) -> str | None:
        if phrase.lower() in direct:
            return direct[phrase.lower()]
        exact = gaz.lookup(phrase)[0] if phrase.strip() else ()
        govs = [p.pcode for p in exact if p.level == PlaceLevel.GOVERNORATE]
        return govs[0] if len(govs) == 1 else None

    while i < len(words):
        hit = None
        for n in (3, 2, 1):
            if i + n > len(words):
                continue
            phrase = " ".join(words[i : i + n])
            if phrase.isdigit():
                continue
            found_pc = look(phrase)
            if found_pc is None and phrase.startswith(("و", "ب", "ف")) and len(phrase) > 3:
                found_pc = look(phrase[1:])
            if found_pc is not None:
                hit = (found_pc, n)
                break
        if hit is not None:
            if hit[0] not in found:
                found.append(hit[0])
            i += hit[1]
        else:
            i += 1
    return found, []


def resolve_places(names: list[str]) -> tuple[str, ...]:
    """Governorate P-codes for names or P-codes (``--places``); raises InputError if unknown."""
    known = governorates()
    out: list[str] = []
    for name in (n.strip() for n in names):
        if not name:
            continue
        if name.upper() in known:
            pc: str | None = name.upper()
        else:
            found, _ = _find_places(name)
            pc = found[0] if len(found) == 1 else None
        if pc is None:
            raise InputError(
                f"--places: {name!r} is not a governorate in the gazetteer", field="places"
            )
        if pc not in out:
            out.append(pc)
    return tuple(out)


def _find_comparator(text: str) -> str:
    low = text.lower()
    best: tuple[int, str] | None = None
    for phrase, op in _EN_COMPARATORS:
        m = re.search(rf"\b{phrase}\b\s*\d", low)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), op)
    for phrase, op in _AR_COMPARATORS:
        m = re.search(rf"{re.escape(phrase)}\s*\d", low)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), op)
    return best[1] if best else "~"


def parse_count(text: str) -> tuple[str, int]:
    """``">200"``, ``">=200"``, ``"~200"``, ``"200"`` (about), ``"<50"`` → (comparator, number)."""
    m = re.fullmatch(r"\s*(>=|<=|>|<|~|=)?\s*([\d,]+)\s*", _ascii_digits(text))
    if m is None:
        raise InputError(
            f"--count {text!r}: write a comparison and a number, e.g. '>200'", field="count"
        )
    op = m[1] or "~"
    return ("~" if op == "=" else op), int(m[2].replace(",", ""))


def parse_claim(text: str) -> Claim:
    """Read a free-text claim (English or Arabic); raises InputError when no number is found."""
    clean = _ascii_digits(text)
    spans, rest = _find_dates(clean)
    notes: list[str] = []
    m = re.search(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?![\d.])", rest)
    if m is None:
        raise InputError(f"no number of deaths found in the claim {text!r}", field="claim")
    number = int(m[1].replace(",", ""))
    comparator = _find_comparator(rest)
    places, _ = _find_places(rest)
    if not places:
        notes.append("no governorate recognised: the claim is checked for all of Syria")
    start = min((a for a, _ in spans), default=None)
    end = max((b for _, b in spans), default=None)
    if not spans:
        notes.append("no date recognised: the claim is checked over all dates")
    return Claim(comparator, number, tuple(places), start, end, text, tuple(notes))


@dataclass
class CheckResult:
    """The answer to a claim: documented range, estimate, verdict and the figures cited."""

    claim: Claim
    unit: str
    documented_min: int
    documented_max: int
    estimate: dict[str, Any] | None
    estimate_note: str | None
    verdict: str  # "supported", "contradicted", "undetermined"
    reasons: list[str]
    figures: dict[str, Figure] = field(default_factory=dict)
    check_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "check_id": self.check_id,
            "claim": self.claim.to_dict(),
            "unit": self.unit,
            "documented": {"min": self.documented_min, "max": self.documented_max},
            "estimate": self.estimate,
            "estimate_note": self.estimate_note,
            "verdict": self.verdict,
            "reasons": self.reasons,
            "figures": {k: f.figure_id for k, f in self.figures.items()},
        }


def _data_span(data: Dataset) -> tuple[date, date] | None:
    firsts = [u.date_earliest for u in data.units if u.date_earliest is not None]
    lasts = [u.date_latest for u in data.units if u.date_latest is not None]
    if not firsts or not lasts:
        return None
    return min(firsts), max(lasts)


def _scaled_estimate(
    data: Dataset, by_place: dict[str | None, Counted], method: str, seed: int | None
) -> tuple[dict[str, Any] | None, str | None]:
    """Estimate for the claim's scope: coverage of each governorate's MSE applied to its count."""
    if not data.linked:
        return None, "records are not linked into persons (tawthiq link), so there is no MSE"
    outcome = estimate_units(data.units, data.sources, method, seed)
    if outcome.result is None:
        return None, outcome.reason
    res = outcome.result
    coverage: dict[Any, tuple[float, float, float]] = {}
    pooled = None
    for row in res.rows:
        if row.result is not None and row.observed > 0:
            r = row.result
            if r.upper is None or r.lower is None:
                continue
            ratios = (r.estimate / row.observed, r.lower / row.observed, r.upper / row.observed)
            if row.key == ("(pooled sparse strata)",):
                pooled = ratios
            else:
                coverage[row.key[0]] = ratios
    pooled_keys = {row.key[0] for row in res.rows if row.status == "pooled"}
    est = lo = hi = 0.0
    for place, counted in by_place.items():
        ratio = coverage.get(place)
        if ratio is None and place in pooled_keys:
            ratio = pooled
        if ratio is None:
            if counted.high == 0:
                continue
            return None, f"no estimate for governorate {place or '(not recorded)'}"
        est += counted.low * ratio[0]
        lo += counted.low * ratio[1]
        hi += counted.high * ratio[2]
    return (
        {
            "estimate": est,
            "lower": math.floor(lo),
            "upper": math.ceil(hi),
            "level": float(res.level),
            "method": f"{res.method} MSE per governorate over all dates; each governorate's "
            "coverage (documented / estimated) applied to the claim's period",
        },
        None,
    )


def _verdict(claim: Claim, lo: int, hi: int, upper: float | None) -> tuple[str, list[str]]:
    n, op = claim.number, claim.comparator
    est = f"the estimate's upper bound {upper:,.0f}" if upper is not None else None
    if op in (">", ">="):
        ok = lo > n if op == ">" else lo >= n
        if ok:
            return "supported", [f"{lo:,} deaths are documented, {_WORDS[op]} {n:,}"]
        if upper is not None and (upper <= n if op == ">" else upper < n):
            return "contradicted", [
                f"only {lo:,}–{hi:,} deaths are documented and {est} is not {_WORDS[op]} {n:,}"
            ]
        why = [f"{lo:,}–{hi:,} deaths are documented, not {_WORDS[op]} {n:,}"]
        why.append(
            f"{est} allows it"
            if upper is not None
            else "without an estimate, documented "
            "counts are only a floor: more deaths may have gone unrecorded"
        )
        return "undetermined", why
    if op in ("<", "<="):
        if lo >= n if op == "<" else lo > n:
            return "contradicted", [f"{lo:,} deaths are documented, not {_WORDS[op]} {n:,}"]
        if upper is not None and (upper < n if op == "<" else upper <= n):
            return "supported", [f"{lo:,}–{hi:,} documented and {est} is {_WORDS[op]} {n:,}"]
        return "undetermined", [
            f"{lo:,}–{hi:,} deaths are documented; unrecorded deaths could bring the total to "
            f"{n:,} or more"
        ]
    a, b = n * (1 - ABOUT), n * (1 + ABOUT)
    if lo > b:
        return "contradicted", [f"{lo:,} deaths are documented, well over about {n:,}"]
    if upper is not None and upper < a:
        return "contradicted", [
            f"{lo:,}–{hi:,} deaths are documented and {est} is below about {n:,}"
        ]
    if hi >= a:
        return "supported", [f"{lo:,}–{hi:,} deaths are documented, about {n:,}"]
    return "undetermined", [
        f"{lo:,}–{hi:,} deaths are documented, fewer than about {n:,}; "
        + (f"{est} allows it" if upper is not None else "unrecorded deaths may make up the rest")
    ]


def check_claim(
    engine: Engine,
    claim: Claim | str,
    *,
    method: str = "loglinear",
    seed: int | None = None,
    store: bool = True,
) -> CheckResult:
    """Check a claim against the store; its figures are stored for ``tawthiq explain``."""
    if isinstance(claim, str):
        claim = parse_claim(claim)
    if claim.comparator not in COMPARATORS:
        raise InputError(f"unknown comparison {claim.comparator!r}", field="count")
    with engine.connect() as conn:
        data = load_dataset(conn)
    unit = data.unit_name
    check_id = new_report_id("C", claim.to_dict())
    book = FigureBook(check_id)
    places = set(claim.places)
    in_place = [u for u in data.units if not places or u.admin1 in places]
    start, end = claim.start, claim.end
    sure = tuple(u for u in in_place if u.within(start, end))
    maybe = tuple(
        u
        for u in in_place
        if not u.within(start, end) and u.overlaps(start, end) and u.date_earliest is not None
    )
    counted = Counted(sure, maybe)
    query = {
        "claim": claim.to_dict(),
        "unit": unit,
        "places": sorted(places),
        "period": {
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
        },
    }
    refs: dict[str, list[Any]] = {"records": counted.record_ids}
    if maybe:
        refs["possible"] = counted.possible_record_ids
    book.add(
        Figure(
            "documented",
            "documented deaths in the claim's scope",
            "range" if maybe else "count",
            {"min": counted.low, "max": counted.high} if maybe else {"count": counted.low},
            query,
            refs,
        )
    )
    reasons: list[str] = []
    span = _data_span(data)
    outside = (
        span is None
        or (start is not None and start > span[1])
        or (end is not None and end < span[0])
    )
    estimate: dict[str, Any] | None = None
    note: str | None = None
    if outside:
        verdict = "undetermined"
        cover = f"{span[0]} to {span[1]}" if span else "no dated records"
        reasons.append(f"the claim's period lies outside the data (records cover {cover})")
        note = "no estimate outside the data"
    else:
        by_place: dict[str | None, Counted] = {}
        for u in in_place:
            if u.within(start, end):
                c = by_place.get(u.admin1, Counted(()))
                by_place[u.admin1] = Counted((*c.certain, u), c.possible)
            elif u.overlaps(start, end) and u.date_earliest is not None:
                c = by_place.get(u.admin1, Counted(()))
                by_place[u.admin1] = Counted(c.certain, (*c.possible, u))
        if counted.high == 0:
            estimate, note = None, "no documented death in the claim's scope: nothing to scale"
        else:
            estimate, note = _scaled_estimate(data, by_place, method, seed)
        if estimate is not None:
            book.add(
                Figure(
                    "estimate",
                    "estimated deaths in the claim's scope",
                    "estimate",
                    {**estimate, "observed": counted.low},
                    {**query, "method": estimate["method"]},
                    {"records": counted.record_ids},
                )
            )
        verdict, why = _verdict(
            claim, counted.low, counted.high, estimate["upper"] if estimate else None
        )
        reasons.extend(why)
        if not places and claim.text is not None:
            reasons.append("no governorate was recognised in the claim: all of Syria was counted")
    if store:
        with engine.begin() as conn:
            book.save(conn)
    return CheckResult(
        claim,
        unit,
        counted.low,
        counted.high,
        estimate,
        note,
        verdict,
        reasons,
        dict(book.figures),
        check_id,
    )
