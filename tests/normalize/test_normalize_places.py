"""Place resolution: real spellings to the right P-code, checked against the gazetteer files.

Every expected P-code below was looked up by hand in the shipped CSVs, and the table also names
the unit as the CSV does, so a typo in a code fails here and not silently in the resolver.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tawthiq.normalize import PlaceLevel, PlaceStatus, gazetteer, resolve_place

GOV, DIS, SUB, COM, NEI = (
    PlaceLevel.GOVERNORATE,
    PlaceLevel.DISTRICT,
    PlaceLevel.SUBDISTRICT,
    PlaceLevel.COMMUNITY,
    PlaceLevel.NEIGHBOURHOOD,
)

# (text, governorate hint, expected P-code, level, the unit's English name in the CSV)
TABLE: list[tuple[str, str | None, str, PlaceLevel, str]] = [
    # governorates in their common spellings
    ("Idlib", None, "SY07", GOV, "Idleb"),
    ("Idleb", None, "SY07", GOV, "Idleb"),
    ("Edlib", None, "SY07", GOV, "Idleb"),
    ("إدلب", None, "SY07", GOV, "Idleb"),
    ("ادلب", None, "SY07", GOV, "Idleb"),
    ("Deir ez-Zor", None, "SY09", GOV, "Deir-ez-Zor"),
    ("Deir-ez-Zor", None, "SY09", GOV, "Deir-ez-Zor"),
    ("Deir Ezzor", None, "SY09", GOV, "Deir-ez-Zor"),
    ("دير الزور", None, "SY09", GOV, "Deir-ez-Zor"),
    ("Rif Dimashq", None, "SY03", GOV, "Rural Damascus"),
    ("Rural Damascus", None, "SY03", GOV, "Rural Damascus"),
    ("ريف دمشق", None, "SY03", GOV, "Rural Damascus"),
    ("Aleppo", None, "SY02", GOV, "Aleppo"),
    ("Halab", None, "SY02", GOV, "Aleppo"),
    ("حلب", None, "SY02", GOV, "Aleppo"),
    ("Hama", None, "SY05", GOV, "Hama"),
    ("Hamah", None, "SY05", GOV, "Hama"),
    ("حماة", None, "SY05", GOV, "Hama"),
    ("Homs", None, "SY04", GOV, "Homs"),
    ("Hims", None, "SY04", GOV, "Homs"),
    ("Daraa", None, "SY12", GOV, "Dar'a"),
    ("Dara'a", None, "SY12", GOV, "Dar'a"),
    ("درعا", None, "SY12", GOV, "Dar'a"),
    ("Raqqa", None, "SY11", GOV, "Ar-Raqqa"),
    ("Ar-Raqqa", None, "SY11", GOV, "Ar-Raqqa"),
    ("Hasakeh", None, "SY08", GOV, "Al-Hasakeh"),
    ("Al-Hasakah", None, "SY08", GOV, "Al-Hasakeh"),
    ("Latakia", None, "SY06", GOV, "Lattakia"),
    ("Tartus", None, "SY10", GOV, "Tartous"),
    ("Damascus", None, "SY01", GOV, "Damascus"),
    # the two Madayas, Douma, Darayya, Moadamiyeh
    ("Madaya", "Idlib", "C6593", COM, "Madaya (Heish)"),
    ("Madaya", "Rural Damascus", "C2450", COM, "Madaya (Madaya)"),
    ("Madaya", "SY03", "C2450", COM, "Madaya (Madaya)"),
    ("Madaya, Rif Dimashq", None, "C2450", COM, "Madaya (Madaya)"),
    ("مضايا - ريف دمشق", None, "C2450", COM, "Madaya (Madaya)"),
    ("مضايا، إدلب", None, "C6593", COM, "Madaya (Heish)"),
    ("Douma", "Rif Dimashq", "C2338", COM, "Duma (Duma)"),
    # the town of the Duma district, not the villages Duma in Hama and As-Sweida (issue 14:
    # this was "ambiguous" before the district-seat rule)
    ("Douma", None, "C2338", COM, "Duma (Duma)"),
    ("Douma, Rural Damascus", None, "C2338", COM, "Duma (Duma)"),
    ("دوما، ريف دمشق", None, "C2338", COM, "Duma (Duma)"),
    ("Darayya", None, "C2498", COM, "Darayya"),
    ("Daraya", None, "C2498", COM, "Darayya"),
    ("داريا", None, "C2498", COM, "Darayya"),
    ("Moadamiyeh", None, "C2499", COM, "Madamiyet Elsham"),
    ("معضمية الشام", None, "C2499", COM, "Madamiyet Elsham"),
    # East Ghouta towns
    ("Harasta", None, "C2342", COM, "Harasta"),
    ("حرستا", None, "C2342", COM, "Harasta"),
    ("Arbin", None, "C2321", COM, "Arbin"),
    ("عربين", None, "C2321", COM, "Arbin"),
    ("Zamalka", None, "C2320", COM, "Zamalka"),
    ("زملكا", None, "C2320", COM, "Zamalka"),
    ("Kafr Batna", None, "C2319", COM, "Kafr Batna"),
    ("كفربطنا", None, "C2319", COM, "Kafr Batna"),
    ("Saqba", None, "C2314", COM, "Saqba"),
    ("سقبا", None, "C2314", COM, "Saqba"),
    ("Hamouria", None, "C2316", COM, "Hammura"),
    ("Hamouriyeh", None, "C2316", COM, "Hammura"),
    ("حمورية", None, "C2316", COM, "Hammura"),
    ("Ein Tarma", None, "C2315", COM, "Ein Terma"),
    ("عين ترما", None, "C2315", COM, "Ein Terma"),
    ("Misraba", None, "C2344", COM, "Misraba"),
    ("Beit Sawa", None, "C2318", COM, "Beit Sawa"),
    ("Jobar", None, "C1001", COM, "Damascus"),
    ("Jobar, Damascus", None, "C1001", COM, "Damascus"),
    # other towns in the news
    ("Zabadani", None, "C2429", COM, "Az-Zabdani"),
    ("Khan Sheikhoun", None, "C3987", COM, "Khan Shaykun"),
    ("Kafranbel", None, "C4068", COM, "Kafr Nobol"),
    ("Saraqib", None, "C3916", COM, "Saraqab"),
    ("Jisr al-Shughur", None, "C4199", COM, "Jisr-Ash-Shugur"),
    ("Qamishli", None, "C4564", COM, "Quamishli"),
    ("القامشلي", None, "C4564", COM, "Quamishli"),
    ("Yarmouk Camp", None, "C1002", COM, "Yarmuk (Damascus)"),
    ("مدينة حلب", None, "C1007", COM, "Aleppo"),
    ("Aleppo", "Aleppo", "C1007", COM, "Aleppo"),
    # issue 14: towns whose district and sub-district share their name, everyday spellings
    ("Manbij", None, "C1767", COM, "Menbij"),
    ("Menbij", None, "C1767", COM, "Menbij"),
    ("منبج", None, "C1767", COM, "Menbij"),
    ("Manbij city", None, "C1767", COM, "Menbij"),
    ("Al-Qusayr", None, "C2733", COM, "Al-Qusayr (Al Quasir)"),
    ("Qusayr", None, "C2733", COM, "Al-Qusayr (Al Quasir)"),
    ("Al Qusayr", "Homs", "C2733", COM, "Al-Qusayr (Al Quasir)"),
    ("القصير", None, "C2733", COM, "Al-Qusayr (Al Quasir)"),
    ("Qusair", None, "C2733", COM, "Al-Qusayr (Al Quasir)"),
    ("Zabadani", "Rif Dimashq", "C2429", COM, "Az-Zabdani"),
    ("الزبداني", None, "C2429", COM, "Az-Zabdani"),
    ("Afrin", None, "C1366", COM, "Afrin (Afrin)"),
    ("عفرين", "حلب", "C1366", COM, "Afrin (Afrin)"),
    ("Dana", "Idleb", "C4126", COM, "Dana (Dana)"),
    ("Dana", "Idlib", "C4126", COM, "Dana (Dana)"),
    ("Dana, Idleb", None, "C4126", COM, "Dana (Dana)"),
    ("الدانا، إدلب", None, "C4126", COM, "Dana (Dana)"),
    ("Izaz", None, "C1564", COM, "Azaz"),
    ("Azaz", None, "C1564", COM, "Azaz"),
    ("A'zaz", None, "C1564", COM, "Azaz"),
    ("اعزاز", None, "C1564", COM, "Azaz"),
    ("Mleha", None, "C2308", COM, "Maliha"),
    ("Mleiha", "Rural Damascus", "C2308", COM, "Maliha"),
    ("Al-Mliha", None, "C2308", COM, "Maliha"),
    ("المليحة", None, "C2308", COM, "Maliha"),
    ("Kobani", None, "C1946", COM, "Ain Al Arab"),
    ("Kobane", "Aleppo", "C1946", COM, "Ain Al Arab"),
    ("Ain al-Arab", None, "C1946", COM, "Ain Al Arab"),
    ("عين العرب", None, "C1946", COM, "Ain Al Arab"),
    ("كوباني", None, "C1946", COM, "Ain Al Arab"),
    ("Idlib city", None, "C3871", COM, "Idleb"),
    ("Idleb City", "Idleb", "C3871", COM, "Idleb"),
    ("مدينة إدلب", None, "C3871", COM, "Idleb"),
    ("Idlib", "Idlib", "C3871", COM, "Idleb"),
    ("Aleppo city", None, "C1007", COM, "Aleppo"),
    ("City of Aleppo", None, "C1007", COM, "Aleppo"),
    ("Hama city", None, "C2987", COM, "Hama"),
    ("Deir ez-Zor city", None, "C5086", COM, "Deir-Ez-Zor"),
    ("Manbij district", None, "SY0205", DIS, "Menbij"),
    ("Az-Zabadani nahiyah", None, "SY030700", SUB, "Az-Zabdani"),
    # the Houla plain: read as Taldou, its main town (with a note naming the plain)
    ("Houla", None, "C2541", COM, "Taldu"),
    ("Al-Houla", "Homs", "C2541", COM, "Taldu"),
    ("Hula", None, "C2541", COM, "Taldu"),
    ("الحولة", None, "C2541", COM, "Taldu"),
    # the Homs city quarter al-Waer (community C2528 Homs)
    ("Al-Waer", None, "N0246", NEI, "Wa'er"),
    ("Waer", "Homs", "N0246", NEI, "Wa'er"),
    ("Al-Waar", None, "N0246", NEI, "Wa'er"),
    ("El Waer", None, "N0246", NEI, "Wa'er"),
    ("الوعر", None, "N0246", NEI, "Wa'er"),
    ("حي الوعر", "حمص", "N0246", NEI, "Wa'er"),
    # OCHA writes the article joined (Elasafir): lists write it apart
    ("Deir al-Asafir", None, "C2309", COM, "Deir Elasafir"),
    ("Khan al-Shih", None, "C2466", COM, "Khan Elshih"),
    # a Syrian Archive name part that names the district is not a name of the village
    ("اللاذقية", "اللاذقية", "C3480", COM, "Lattakia"),
    ("جبلة", None, "C3585", COM, "Jablah"),
    ("Deir Hanna / Lattakia", None, "C3499", COM, "Deir Hanna / Lattakia"),
    # Aleppo neighbourhoods
    ("Sheikh Maqsoud", None, "N0123", NEI, "Ash-Sheikh Maqsoud"),
    ("الشيخ مقصود", None, "N0123", NEI, "Ash-Sheikh Maqsoud"),
    ("Salah al-Din, Aleppo", None, "N0214", NEI, "Salah Ad-Deen"),
    ("صلاح الدين", None, "N0214", NEI, "Salah Ad-Deen"),
    ("Bustan al-Qasr", None, "N0204", NEI, "Bustan Al-Qaser"),
    ("بستان القصر", None, "N0204", NEI, "Bustan Al-Qaser"),
    ("Hanano, Aleppo", None, "N0129", NEI, "Hanano"),
    ("Karm al-Jabal", None, "N0152", NEI, "Karm Al-Jabal"),
    ("حي الشعار، حلب", None, "N0156", NEI, "Sha'aar"),
    ("Sukkari", None, "N0219", NEI, "As-Sukkari"),
    ("الأنصاري، حلب", None, "N0195", NEI, "Al-Ansari"),
    ("Ashrafiyeh", "Aleppo", "N0128", NEI, "Ashrafiyeh"),
    # Damascus neighbourhoods
    ("Bab Touma", None, "N0049", NEI, "Bab Touma"),
    ("باب توما", None, "N0049", NEI, "Bab Touma"),
    ("Qaboun", None, "N0007", NEI, "Qaboun"),
    ("القابون", None, "N0007", NEI, "Qaboun"),
    ("Tadamon", None, "N0092", NEI, "Tadamon"),
    ("التضامن", None, "N0092", NEI, "Tadamon"),
    ("Baramkeh", None, "N0058", NEI, "Baramkeh"),
    ("Masakin Barza", None, "N0008", NEI, "Masakin Barza"),
    ("Ansari, Damascus", None, "N0062", NEI, "Ansari"),
    ("Hameidiyyeh", "Damascus", "N0045", NEI, "Hameidiyyeh"),
    ("Mazzeh 86", None, "N0053", NEI, "Mazzeh 86"),
    # P-codes given as text
    ("SY0302", None, "SY0302", DIS, "Duma"),
    ("SY030200", None, "SY030200", SUB, "Duma"),
    ("c2338", None, "C2338", COM, "Duma (Duma)"),
]


@cache
def csv_names() -> dict[str, str]:
    """P-code → English name, read straight from the shipped CSV files (not the index)."""

    def rows(name: str) -> list[dict[str, str]]:
        data = resources.files("tawthiq").joinpath("data", "gazetteer", name).read_text("utf-8")
        return list(csv.DictReader(io.StringIO(data)))

    names: dict[str, str] = {}
    for level in (1, 2, 3):
        for r in rows(f"syr_admin{level}.csv"):
            names[r[f"adm{level}_pcode"]] = r[f"adm{level}_name"]
    for r in rows("syrianarchive_locations.csv"):
        if r["pcode_level"] == "community":
            names[r["pcode"]] = r["name_en"]
    for r in rows("syr_neighborhoods.csv"):
        names[r["neighbor_2"]] = r["neighborho"]
    return names


def test_the_table_has_at_least_60_spellings_and_its_codes_exist() -> None:
    assert len(TABLE) >= 60
    assert sum(1 for row in TABLE if any("\u0600" <= c <= "\u06ff" for c in row[0])) >= 25
    for text, _, pcode, _, name in TABLE:
        assert csv_names().get(pcode) == name, (text, pcode)


@pytest.mark.parametrize(("text", "governorate", "pcode", "level", "name"), TABLE)
def test_resolves(
    text: str, governorate: str | None, pcode: str, level: PlaceLevel, name: str
) -> None:
    result = resolve_place(text, governorate=governorate)
    assert result.status is PlaceStatus.RESOLVED, (result.problem, result.candidates)
    assert result.pcode == pcode
    assert result.precision is level
    assert result.place is not None and result.place.name_en == name


@pytest.mark.parametrize(
    ("text", "governorate", "expected"),
    [
        ("Madaya", None, {"C2450", "C6593"}),
        ("مضايا", None, {"C2450", "C6593"}),
        ("Midan", None, {"C1001", "N0138"}),  # Damascus quarter, Aleppo neighbourhood
        ("جوبر", None, {"C1001", "C2504"}),  # Damascus quarter, Homs village
        ("Ansari", None, {"N0062"}),
        ("Hameidiyyeh", None, {"N0045", "N0150"}),
        ("Madaya", "Narnia", {"C2450", "C6593"}),  # an unknown hint is not used
    ],
)
def test_ambiguous_places_list_their_candidates(
    text: str, governorate: str | None, expected: set[str]
) -> None:
    result = resolve_place(text, governorate=governorate)
    assert result.status is PlaceStatus.AMBIGUOUS
    assert result.place is None and result.pcode is None
    assert expected <= {p.pcode for p in result.candidates}
    assert result.problem


def test_unknown_hint_is_reported() -> None:
    assert resolve_place("Madaya", governorate="Narnia").warnings


@pytest.mark.parametrize("text", ["Atlantis", "Xyzzy", "SY9999", "N9999"])
def test_unresolved(text: str) -> None:
    result = resolve_place(text)
    assert result.status is PlaceStatus.UNRESOLVED
    assert result.place is None and result.problem


def test_a_place_outside_the_given_governorate_is_unresolved_with_candidates() -> None:
    result = resolve_place("Madaya", governorate="Aleppo")
    assert result.status is PlaceStatus.UNRESOLVED
    assert {"C2450", "C6593"} <= {p.pcode for p in result.candidates}


def test_empty() -> None:
    for value in (None, "", "  "):
        assert resolve_place(value).status is PlaceStatus.EMPTY


def test_level_restricts_a_governorate_column() -> None:
    assert resolve_place("Quneitra").status is PlaceStatus.AMBIGUOUS  # villages share the name
    assert resolve_place("Quneitra", level=GOV).pcode == "SY14"
    assert resolve_place("Sweida", level=GOV).pcode == "SY13"


def test_countryside_and_regions_widen_to_the_governorate_and_say_so() -> None:
    for text, pcode in (("ريف حلب الشمالي", "SY02"), ("Idlib countryside", "SY07")):
        result = resolve_place(text)
        assert result.pcode == pcode and result.warnings
    ghouta = resolve_place("Eastern Ghouta")
    assert ghouta.pcode == "SY03" and ghouta.warnings


def test_the_governorate_hint_turns_a_governorate_name_into_its_city() -> None:
    # the expected reading of a file's place "Aleppo" beside governorate "Aleppo": no warning
    # (issue 14: it was raised on most rows of real files)
    for place, governorate, city in (
        ("Aleppo", "Aleppo", "C1007"),
        ("Homs", "حمص", "C2528"),
        ("Idlib", "SY07", "C3871"),
        ("Deir ez-Zor", "Deir-ez-Zor", "C5086"),
    ):
        result = resolve_place(place, governorate=governorate)
        assert result.pcode == city and not result.warnings, (place, result.warnings)


def test_a_governorate_beside_an_unrecognised_place_stays_the_governorate() -> None:
    result = resolve_place("IDLIB : Xyzzyville", governorate="Idleb")
    assert result.pcode == "SY07" and result.warnings
    assert resolve_place("ريف إدلب", governorate="إدلب").pcode == "SY07"  # not its district


def test_acceptance_names_resolve_to_communities() -> None:
    """Issue 14 item 5: each resolves to a community P-code (al-Waer through its quarter)."""
    expected = {
        "Manbij": "C1767",
        "Al-Qusayr": "C2733",
        "Zabadani": "C2429",
        "Afrin": "C1366",
        "Dana, Idleb": "C4126",
        "Izaz": "C1564",
        "Azaz": "C1564",
        "Mleha": "C2308",
        "Kobani": "C1946",
        "Ain al-Arab": "C1946",
        "Idlib city": "C3871",
        "Al-Waer": "C2528",
    }
    for text, community in expected.items():
        place = resolve_place(text).place
        assert place is not None, text
        assert (place.community or place.pcode) == community, text
        assert place.level in (COM, NEI)


def test_a_district_seat_outranks_namesakes_quietly() -> None:
    result = resolve_place("Qusayr")
    assert result.pcode == "C2733"
    # the namesakes stay among the candidates; the expected reading is no warning
    assert {"C4572", "C6017"} <= {p.pcode for p in result.candidates}
    assert not result.warnings
    hinted = resolve_place("Qusayr", governorate="Homs")
    assert hinted.pcode == "C2733" and not hinted.warnings  # nothing left aside


def test_a_subdistrict_seat_outranks_namesakes_only_in_its_governorate() -> None:
    # Madaya (Rural Damascus) is only a sub-district seat: the Idleb village keeps it ambiguous
    assert resolve_place("Madaya").status is PlaceStatus.AMBIGUOUS
    # both Danas are in Idleb: the seat of the Dana sub-district wins, the other stays listed
    dana = resolve_place("Dana")
    assert dana.pcode == "C4126" and "C3965" in {p.pcode for p in dana.candidates}


def test_designators_ask_for_a_level() -> None:
    assert resolve_place("Manbij district").pcode == "SY0205"
    assert resolve_place("ناحية الزبداني").pcode == "SY030700"
    assert resolve_place("Idlib governorate").pcode == "SY07"


def test_skeleton_only_matches_are_flagged() -> None:
    for text, pcode in (("Zamelka", "C2320"), ("Harista", "C2342")):
        result = resolve_place(text)  # no spelling matches, the consonants do
        assert result.pcode == pcode
        assert any("skeleton" in w for w in result.warnings)
    assert not resolve_place("Zamalka").warnings


def test_resolved_places_carry_their_admin_codes() -> None:
    place = resolve_place("Douma", governorate="Rif Dimashq").place
    assert place is not None
    assert (place.admin1, place.admin2, place.admin3) == ("SY03", "SY0302", "SY030200")
    assert place.within("SY03") and not place.within("SY07")


def test_gazetteer_is_loaded_once_and_complete() -> None:
    gaz = gazetteer()
    assert gaz is gazetteer()
    assert len(gaz) > 6000
    assert gaz.get("sy07") is not None and gaz.get("nope") is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.one_of(st.none(), st.text(max_size=15)))
def test_never_raises_and_explains(text: str, governorate: str | None) -> None:
    result = resolve_place(text, governorate=governorate)
    if result.status is PlaceStatus.RESOLVED:
        assert result.place is not None and result.place in result.candidates
    elif result.status is not PlaceStatus.EMPTY:
        assert result.problem
