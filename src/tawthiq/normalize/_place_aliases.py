"""Spellings of Syrian places that the gazetteer does not carry, mapped to their P-codes.

The OCHA and Syrian Archive tables give one English and one Arabic name per place. Victim lists
and reports use others: older transliterations (Idlib, Deir ez-Zor, Hamah, Hims, Halab), French
ones (Alep, Damas), the Arabic-English forms of news agencies (Rif Dimashq, Dar'a, Raqqa), and
English descriptions (Rural Damascus, Damascus countryside). Each alias here was written by
hand and checked against the P-code's own names in ``tawthiq/data/gazetteer``; an alias is an
*exact* spelling (after the usual normalisation), never a pattern.

Regions that are not administrative units (the Eastern and Western Ghouta) map to the smallest
unit that certainly contains them, the governorate, and say so in ``REGION_NOTES``.
"""

from __future__ import annotations

__all__ = ["ALIASES", "REGION_NOTES"]

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
    # towns whose everyday spellings the gazetteer lacks (checked against the C-codes; a name
    # that several communities share, like Douma or Madaya, is deliberately *not* here)
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
    "C2429": ("Zabadani", "Al-Zabadani", "Az-Zabadani"),
    "C3987": ("Khan Shaykhun", "Khan Sheikhoun", "Khan Shaykhoun", "Khan Sheikhun"),
    "C4068": ("Kafranbel", "Kafr Nabl", "Kafrnabel", "Kafr Nbel", "Kafranbil", "كفرنبل"),
    "C2889": ("Palmyra", "Tadmur"),
    "C1946": ("Kobani", "Kobane", "Kobanî", "كوباني"),
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
}
