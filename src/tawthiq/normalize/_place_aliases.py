"""Spellings of Syrian places that the gazetteer does not carry, mapped to their P-codes.

The OCHA and Syrian Archive tables give one English and one Arabic name per place. Victim lists
and reports use others: older transliterations (Idlib, Deir ez-Zor, Hamah, Hims, Halab), French
ones (Alep, Damas), the Arabic-English forms of news agencies (Rif Dimashq, Dar'a, Raqqa), and
English descriptions (Rural Damascus, Damascus countryside). Each alias here was written by
hand and checked against the P-code's own names in ``tawthiq/data/gazetteer``; an alias is an
*exact* spelling (after the usual normalisation), never a pattern.

An alias of a governorate or district (or sub-district) also names the units and the town it is
named after, as the resolver finds them in the gazetteer: "Manbij" under SY0205 names the
district, the Menbij sub-district SY020500 and the town C1767, so that "Manbij" is the town,
"Manbij district" the district and "Manbij city" the town again.

Regions that are not administrative units map to the smallest unit that certainly contains
them and say so in ``REGION_NOTES``: the Eastern and Western Ghouta (the governorate), the
Houla plain (the Taldu sub-district). A region key has a "/" and names only that unit.

``NOT_NAMES`` removes names that a source gives a place but that, checked by hand, belong to
another: the Syrian Archive's old label "حمص : الوعر" (Homs: al-Waer) sits on Rawdet al-Waer, a
village of Tall Kalakh 20 km west of Homs, while the al-Waer of the lists is the Homs city
quarter N0246.
"""

from __future__ import annotations

__all__ = ["ALIASES", "NOT_NAMES", "REGION_NOTES"]

ALIASES: dict[str, tuple[str, ...]] = {
    # governorates
    "SY01": ("Damascus", "Dimashq", "Damas", "Sham", "Al-Sham", "الشام", "دمشق"),
    "SY02": ("Aleppo", "Halab", "Alep", "حلب", "Aleppo governorate", "Aleppo province"),
    "SY03": (
        "Rif Dimashq",
        "Rif Dimashk",
        "Reef Dimashq",
        "Rif Damascus",
        "Reef Damascus",
        "Rural Damascus",
        "Damascus Countryside",
        "Damascus Suburbs",
        "Damascus Rural",
        "Rif-Dimashq",
        "ريف دمشق",
        "ريف الشام",
    ),
    "SY04": ("Homs", "Hims", "Hums", "حمص"),
    "SY05": ("Hama", "Hamah", "Hamaa", "Hamat", "حماه", "حماة"),
    "SY06": (
        "Latakia",
        "Lattakia",
        "Lattaquié",
        "Ladhiqiyah",
        "Al-Ladhiqiyah",
        "Lazikiya",
        "اللاذقية",
    ),
    "SY07": ("Idlib", "Idleb", "Edlib", "Edleb", "Idlip", "إدلب", "ادلب"),
    "SY08": (
        "Al-Hasakeh",
        "Hasakeh",
        "Hasakah",
        "Al-Hasakah",
        "Hassakeh",
        "Hassakah",
        "Hasaka",
        "Hassaka",
        "Al-Hasaka",
        "Hasake",
        "الحسكة",
    ),
    "SY09": (
        "Deir ez-Zor",
        "Deir-ez-Zor",
        "Deir Ezzor",
        "Deir el-Zor",
        "Deir al-Zor",
        "Deir al-Zour",
        "Deir Ez Zor",
        "Deir Alzour",
        "Dayr az-Zawr",
        "Der Ezzor",
        "Deirezzor",
        "Deir Zor",
        "دير الزور",
        "ديرالزور",
    ),
    "SY10": ("Tartus", "Tartous", "Tartouss", "Tartoos", "طرطوس"),
    "SY11": ("Raqqa", "Ar-Raqqa", "Al-Raqqa", "Raqqah", "Ar-Raqqah", "Al-Raqqah", "Rakka", "الرقة"),
    "SY12": ("Daraa", "Dara'a", "Dar'a", "Deraa", "Der'a", "Daraʿa", "Dera", "درعا"),
    "SY13": (
        "Sweida",
        "As-Sweida",
        "Suwayda",
        "As-Suwayda",
        "Al-Suwayda",
        "Soueida",
        "Sweyda",
        "Swaida",  # the VDC's English interface
        "As-Swaida",
        "Suwaida",
        "السويداء",
    ),
    "SY14": ("Quneitra", "Al-Quneitra", "Qunaytirah", "Al-Qunaytirah", "Kuneitra", "القنيطرة"),
    # regions (the governorate is the smallest unit that contains them)
    "SY03/ghouta": (
        "Eastern Ghouta",
        "East Ghouta",
        "Ghouta",
        "Eastern Ghota",
        "Western Ghouta",
        "الغوطة الشرقية",
        "الغوطة الغربية",
        "الغوطة",
    ),
    # the Houla plain north-west of Homs (Taldou, Kafr Laha, Tal Dahab, Burj Qa'i, Samaalil,
    # al-Tiba al-Gharbiyah) is a region of several towns in the Taldu sub-district (the Syrian
    # Archive files "HOMS : Houla" under SY040101). Casualty lists write "Houla" for deaths in
    # Taldou, its main town and the place of the May 2012 massacre, so it reads as Taldou
    # (C2541), always with a note saying the text named the whole plain.
    "C2541/houla": (
        "Houla",
        "Hula",
        "Hawla",
        "الحولة",
        "سهل الحولة",
    ),
    # towns whose everyday spellings the gazetteer lacks (checked against the C-codes; a name
    # that several communities share, like Douma or Madaya, is deliberately *not* here).
    # District and sub-district keys name their town too (module docstring).
    "SY0203": ("Efrin", "Afrine"),  # town C1366 Afrin (Afrin)
    "SY0204": (  # town C1564 Azaz
        "Izaz",
        "I'zaz",
        "Ezaz",
        "E'zaz",
    ),
    "SY0205": ("Manbij", "Manbej", "Menbej", "Minbij", "Mambij", "Manbaj"),  # town C1767 Menbij
    "SY0206": (  # town C1946 Ain Al Arab
        "Kobani",
        "Kobane",
        "Kobanie",
        "كوباني",
        "Ayn al-Arab",
        "Ein al-Arab",
    ),
    "SY0402": (  # town C2733 Al-Qusayr (Al Quasir)
        "Qusair",
        "Quseir",
        "Qseir",
        "Kusayr",
    ),
    "SY0307": ("Zabadani", "Al-Zabadani", "Az-Zabadani", "Zabadany"),  # town C2429 Az-Zabdani
    "SY030104": (  # town C2308 Maliha (Rural Damascus), its sub-district's seat
        "Mleha",
        "Mleiha",
        "Mliha",
        "Mleeha",
        "Mlaiha",
        "Mulayha",
        "Mulayhah",
    ),
    # Homs city quarter al-Waer (N0246 Wa'er, in community C2528 Homs)
    "N0246": ("Waar", "Wa'ar", "Waeer"),
    "C2498": ("Daraya", "Daraia", "Dariya"),
    "C2499": (
        "Moadamiyeh",
        "Moadamiya",
        "Muadamiyat al-Sham",
        "Moadamiyet al-Sham",
        "Moadamiyat al-Sham",
        "Mouadamiyeh",
        "Moadamiyet Elsham",
        "المعضمية",
    ),
    "C2316": ("Hamouria", "Hamouriyeh", "Hamoria", "Hammouriyeh", "Hamuriyah", "Hamouriyah"),
    "C2315": ("Ein Tarma", "Ain Tarma", "Ayn Tarma"),
    "C3987": ("Khan Shaykhun", "Khan Sheikhoun", "Khan Shaykhoun", "Khan Sheikhun"),
    "C4068": ("Kafranbel", "Kafr Nabl", "Kafrnabel", "Kafr Nbel", "Kafranbil", "كفرنبل"),
    "C2889": ("Palmyra", "Tadmur"),
    # Damascus quarters that the OCHA list splits into several neighbourhoods (Mazzeh 86,
    # Mazzeh Basatin, ...; Joubar Sharqi and Gharbi; Barza Al Balad and Masakin Barza; Midan
    # Wastani and Rawdet Al Midan): the smallest unit containing all of them is the city.
    # (Homs has a village جوبر and Aleppo a quarter Midan: those spellings stay ambiguous.)
    "C1001": (
        "Mazzeh",
        "Mezzeh",
        "Mazzah",
        "Al-Mazzeh",
        "المزة",
        "Jobar",
        "Joubar",
        "Jowbar",
        "جوبر",
        "Midan",
        "Maidan",
        "Al-Midan",
        "الميدان",
        "Barzeh",
        "Barza",
        "Barzeh al-Balad",
        "برزة",
        "Dummar",
        "Dumar",
        "دمر",
        "Kafr Sousa",
        "Kafr Souseh",
        "Kafarsouseh",
        "Kafr Sousseh",
        "كفرسوسة",
        "كفر سوسة",
    ),
    "C1002": ("Yarmouk Camp", "Yarmuk Camp", "Yarmouk refugee camp", "مخيم اليرموك"),
}

REGION_NOTES: dict[str, str] = {
    "SY03/ghouta": "the Ghouta is not an administrative unit: resolved to Rural Damascus",
    "C2541/houla": (
        "the Houla is a plain of several towns (Taldou, Kafr Laha, Tal Dahab, Burj Qa'i) in the "
        "Taldu sub-district SY040101: read as Taldou, its main town"
    ),
}

NOT_NAMES: dict[str, tuple[str, ...]] = {
    "C2804": ("الوعر",),  # Rawdet Elwer (Tall Kalakh); al-Waer is the Homs quarter N0246
}
