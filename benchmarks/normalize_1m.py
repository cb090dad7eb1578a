"""Normalise 1,000,000 simulated victim records and report the time and peak memory.

Each record has what an import hands to ``tawthiq.normalize`` per row: a full name (Arabic, or
a Latin transliteration, with titles, compounds and lineage markers now and then), a date of
death in one of a dozen shapes, an age, a place with or without its governorate, and sex,
status, cause and perpetrator text. Records are generated here from the Arabic name lists in
``../shared/data/names/akhateeb_arabic_names`` (falling back to a short built-in list) and the
shipped gazetteer; the full simulator is built elsewhere.

    .venv/bin/python benchmarks/normalize_1m.py [--rows 1000000] [--workers 1] [--seed 11]

Generation is timed apart from normalisation. Caches start empty in every worker. No names
are printed, only counts.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from tawthiq.normalize import (
    PlaceLevel,
    gazetteer,
    normalize_name,
    parse_age,
    parse_cause,
    parse_date,
    parse_party,
    parse_sex,
    parse_status,
    resolve_place,
)

NAMES = Path(__file__).resolve().parents[2] / "shared/data/names/akhateeb_arabic_names"
CHUNK = 20_000

_FALLBACK_AR = ["محمد", "أحمد", "علي", "حسن", "حسين", "خالد", "عمر", "يوسف", "إبراهيم", "مصطفى"]
_FALLBACK_LA = ["Mohammad", "Ahmad", "Ali", "Hassan", "Hussein", "Khaled", "Omar", "Youssef"]
_MONTHS_AR = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
]
_MONTHS_EG = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]
_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_SEX = ["ذكر", "أنثى", "male", "female", "M", "F", "ذكر", "ذكر", ""]
_STATUS = ["مدني", "civilian", "مدنية", "combatant", "عسكري", "", "unknown"]
_CAUSE = [
    "قصف جوي",
    "airstrike",
    "برميل متفجر",
    "shelling",
    "قصف مدفعي",
    "إطلاق نار",
    "قنص",
    "تحت التعذيب",
    "غارة جوية",
    "chemical",
    "حصار",
    "explosion",
    "",
    "غير معروف",
]
_PARTY = [
    "قوات النظام",
    "regime",
    "Russian forces",
    "الطيران الروسي",
    "داعش",
    "ISIS",
    "coalition",
    "قسد",
    "فصائل المعارضة",
    "Russia or Syrian government",
    "",
    "مجهول",
]
_TITLES_AR = ["الشهيد", "الطفل", "الحاج", "الشاب"]


def _lines(name: str, fallback: list[str]) -> list[str]:
    path = NAMES / name
    if not path.exists():
        return fallback
    return [
        line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()
    ]


class Generator:
    """Synthetic rows from name lists and the gazetteer; deterministic per (seed, chunk)."""

    def __init__(self) -> None:
        self.male = _lines("male-first--names-in-arabic.txt", _FALLBACK_AR)
        self.female = _lines("female-first-names-in-arabic.txt", _FALLBACK_AR)
        self.family = _lines("last-names-in-arabic.txt", _FALLBACK_AR)
        self.latin = _lines("Most-Popular-Arabic-FirstNames.txt", _FALLBACK_LA)
        self.latin_family = _lines("Most-Popular-Arabic-LastNames.txt", _FALLBACK_LA)
        gaz = gazetteer()
        places = [p for p in gaz.places.values() if p.level is not PlaceLevel.GOVERNORATE]
        govs = {p.pcode: p for p in gaz.places.values() if p.level is PlaceLevel.GOVERNORATE}
        self.places = [
            (p.name_ar, p.name_en.split(" (")[0], govs[p.admin1].name_ar, govs[p.admin1].name_en)
            for p in places
            if p.admin1 in govs
        ]

    def name(self, rng: random.Random) -> str:
        if rng.random() < 0.7:
            first = rng.choice(self.male if rng.random() < 0.7 else self.female)
            parts = [first, rng.choice(self.male), rng.choice(self.male), rng.choice(self.family)]
            if rng.random() < 0.3:
                parts.pop(2)
            if rng.random() < 0.1:
                parts.insert(0, rng.choice(_TITLES_AR))
            if rng.random() < 0.05:
                parts.insert(1, "بن")
            return " ".join(parts)
        first, father = rng.choice(self.latin), rng.choice(self.latin)
        family = rng.choice(self.latin_family)
        article = rng.choice(["", "Al-", "al ", "El-"])
        return f"{first} {father} {article}{family}"

    def when(self, rng: random.Random) -> tuple[str, str | None]:
        day = date(2011, 3, 15) + timedelta(days=rng.randrange(5000))
        r = rng.random()
        if r < 0.35:
            return day.isoformat(), None
        if r < 0.55:
            return f"{day.day:02d}/{day.month:02d}/{day.year}", "dmy"
        if r < 0.60:
            return f"{day.day}/{day.month}/{day.year}", None
        if r < 0.67:
            return f"{day.day} {_MONTHS_AR[day.month - 1]} {day.year}", None
        if r < 0.70:
            return f"{day.day} {_MONTHS_EG[day.month - 1]} {day.year}", None
        if r < 0.75:
            return f"{_MONTHS_EN[day.month - 1]} {day.day}, {day.year}", None
        if r < 0.82:
            return f"{day.year}-{day.month:02d}", None
        if r < 0.86:
            return str(day.year), None
        if r < 0.90:
            return day.isoformat().translate(_AR_DIGITS), None
        if r < 0.95:
            return str((day - date(1899, 12, 30)).days), None
        end = day + timedelta(days=rng.randrange(1, 20))
        return f"{day.isoformat()}/{end.isoformat()}", None

    def age(self, rng: random.Random) -> str:
        r = rng.random()
        if r < 0.6:
            return str(rng.randrange(1, 90))
        if r < 0.65:
            return f"{rng.randrange(1, 12)} months"
        if r < 0.7:
            return f"{rng.randrange(1, 12)} أشهر".translate(_AR_DIGITS)
        if r < 0.75:
            low = rng.randrange(0, 80, 5)
            return f"{low}-{low + 15}"
        if r < 0.85:
            return rng.choice(["طفل", "طفلة", "رضيع", "شاب", "مسن", "child", "adult", "elderly"])
        if r < 0.9:
            return f"0.{rng.randrange(1, 10)}"
        return ""

    def place(self, rng: random.Random) -> tuple[str, str | None]:
        name_ar, name_en, gov_ar, gov_en = rng.choice(self.places)
        r = rng.random()
        if r < 0.35:
            return name_ar, gov_ar
        if r < 0.55:
            return name_en, gov_en
        if r < 0.75:
            return f"{name_ar}، {gov_ar}", None
        if r < 0.85:
            return f"{name_en}, {gov_en}", None
        return (name_ar if rng.random() < 0.5 else name_en), None

    def rows(self, seed: int, chunk: int, n: int) -> Iterator[tuple[str | None, ...]]:
        rng = random.Random(seed * 1_000_003 + chunk)
        for _ in range(n):
            when, order = self.when(rng)
            place, governorate = self.place(rng)
            yield (
                self.name(rng),
                when,
                order,
                self.age(rng),
                place,
                governorate,
                rng.choice(_SEX),
                rng.choice(_STATUS),
                rng.choice(_CAUSE),
                rng.choice(_PARTY),
            )


def run_chunks(args: tuple[int, list[int], int]) -> tuple[float, float, float, int, Counter[str]]:
    """Generate and normalise some chunks.

    Returns (generation s, normalisation wall s, normalisation CPU s, rows, counts). CPU time
    is what the code costs; wall time also counts waiting for a core on a shared machine.
    """
    seed, chunks, rows_per_chunk = args
    gen = Generator()
    generating = normalising = normalising_cpu = 0.0
    counts: Counter[str] = Counter()
    done = 0
    for chunk in chunks:
        t0 = time.perf_counter()
        batch = list(gen.rows(seed, chunk, rows_per_chunk))
        t1 = time.perf_counter()
        c1 = time.process_time()
        for name, when, order, age, place, gov, sex, status, cause, party in batch:
            n = normalize_name(name)
            d = parse_date(when, order)  # type: ignore[arg-type]
            a = parse_age(age)
            p = resolve_place(place, governorate=gov)
            counts["name_key" if n.key else "name_nokey"] += 1
            counts[f"date_{d.status}"] += 1
            counts[f"age_{a.status}"] += 1
            counts[f"place_{p.status}"] += 1
            counts["sex" if parse_sex(sex) else "sex_none"] += 1
            counts["status" if parse_status(status) else "status_none"] += 1
            counts["cause" if parse_cause(cause) else "cause_none"] += 1
            counts["party" if parse_party(party) else "party_none"] += 1
        normalising_cpu += time.process_time() - c1
        generating += t1 - t0
        normalising += time.perf_counter() - t1
        done += len(batch)
    return generating, normalising, normalising_cpu, done, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    n_chunks = max(1, args.rows // CHUNK)
    per_chunk = args.rows // n_chunks
    plan = [list(range(w, n_chunks, args.workers)) for w in range(args.workers)]
    load_before = os.getloadavg()[0]
    wall = time.perf_counter()
    if args.workers == 1:
        results = [run_chunks((args.seed, plan[0], per_chunk))]
    else:
        with ProcessPoolExecutor(args.workers) as pool:
            results = list(pool.map(run_chunks, [(args.seed, p, per_chunk) for p in plan]))
    load_before = os.getloadavg()[0]
    wall = time.perf_counter() - wall
    rows = sum(r[3] for r in results)
    counts: Counter[str] = Counter()
    for r in results:
        counts.update(r[4])
    normalising = max(r[1] for r in results)
    normalising_cpu = max(r[2] for r in results)
    generating = max(r[0] for r in results)
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"cpu: {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    print(f"rows: {rows:,}  workers: {args.workers}")
    print(
        f"normalisation time: {normalising:.1f} s wall, {normalising_cpu:.1f} s CPU"
        " (slowest worker)"
    )
    print(f"throughput: {rows / normalising_cpu:,.0f} rows per CPU-second")
    print(f"generation time: {generating:.1f} s; wall time incl. generation: {wall:.1f} s")
    print(f"peak memory (max RSS of one process): {max(peak_self, peak_children):.0f} MB")
    print(f"load average before/after: {load_before:.2f} / {os.getloadavg()[0]:.2f}")
    for key in sorted(counts):
        print(f"  {key}: {counts[key] / rows:.1%}")


if __name__ == "__main__":
    main()
