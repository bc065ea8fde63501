"""Synthetic persons for the disguised lists: made-up name combinations (invented surnames, never a
real person), document numbers, birth dates, e-mails and phones in the shapes each country uses.

Every person is derived from a seed, so the planted strings are known without writing any file."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

FIRST = {
    "en": ["Shanequa", "Devaughn", "Tamoya", "Kerone", "Alysha", "Jovanni", "Rushelle", "Odane", "Keisha-Ann", "Tevin", "Shamoya", "Davion"],
    "es": ["Yohanny", "Ramfis", "Yokasta", "Wilkin", "Nairobi", "Anyelo", "Yanelis", "Osvaldo", "Dilenia", "Yunior", "Mileidy", "Eulogio"],
    "fr": ["Wideline", "Jean-Robert", "Mirlande", "Wilner", "Fabiola", "Ketsia", "Dieuseul", "Nadège", "Lovely", "Wisner", "Guerda", "Stevenson"],
    "nl": ["Raïsa", "Djoeneid", "Sharmila", "Romario", "Chanella", "Naresh", "Jurgen", "Sunaina", "Ricardo", "Ginelva", "Orlando", "Zuleika"],
}
# Surnames are invented: a first part and a second part joined (Quill+brook), so they belong to no
# real family and are distinctive enough to be searched for alone. Each case takes its own slice
# of the shuffled combinations, so a leaked string names the case it came from.
PARTS = {
    "en": (
        ["Quill", "Marsh", "Ebber", "Thwait", "Dun", "Holl", "Penni", "Farqu", "Brindle", "Ash", "Mortle", "Calla"],
        ["brook", "banton", "sley", "more", "straith", "isworth", "gale", "arston", "cott", "grovely", "bury", "wyne"],
    ),
    "es": (
        ["Quinta", "Berro", "Almán", "Tavare", "Guzma", "Pimen", "Sosa", "Mejía", "Ureña", "Tave", "Peral", "Cami"],
        ["vela", "tarín", "zarez", "lo", "rín", "tello", "vedra", "bal", "roz", "rasco", "tomé", "nerov"],
    ),
    "fr": (
        ["Jean", "Désir", "Pierre", "Céles", "Duva", "Belle", "Fleur", "Joachi", "Dorvil", "Alexan", "Casi", "Thélus"],
        ["baptistin", "maux", "valles", "timond", "lière", "gardin", "ac", "meau", "mont", "drou", "mirot", "mar"],
    ),
    "nl": (
        ["Kromo", "Sewna", "Pinas", "Doelwijt", "Ramdin", "Karso", "Ommer", "Tjon", "Bouter", "Wongso", "Hardjo", "Abenda"],
        ["dihardjo", "raindath", "brook", "kamp", "singhoe", "widjaja", "laan", "akwiet", "straat", "rejdo", "kromolie", "nonck"],
    ),
}


def surnames(lang: str) -> list[str]:
    """Every invented surname of a language, in one fixed shuffled order."""
    first, second = PARTS[lang]
    out = [a + b for a in first for b in second]
    random.Random(f"surnames-{lang}").shuffle(out)
    return out


MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    birth: date
    doc: str  # passport or national ID number
    email: str
    phone: str
    sex: str  # F / M, as a list would hold it

    def birth_as(self, style: str) -> str:
        d = self.birth
        return {
            "dmy": f"{d.day:02d}/{d.month:02d}/{d.year}",
            "mdy": f"{d.month:02d}/{d.day:02d}/{d.year}",
            "iso": d.isoformat(),
            "dmy-": f"{d.day:02d}-{d.month:02d}-{d.year}",
            "fr-text": f"{d.day} {MOIS[d.month - 1]} {d.year}",
        }[style]


def people(seed: str, lang: str, n: int, country: str, slot: int = 0) -> list[Person]:
    """n persons; `slot` is where this list's surnames start in the language's shuffled surnames."""
    r = random.Random(seed)
    firsts = r.sample(FIRST[lang], min(n, len(FIRST[lang])))
    lasts = surnames(lang)[slot : slot + len(firsts)]
    out = []
    for first, last in zip(firsts, lasts):
        birth = date(r.randint(1975, 2009), r.randint(1, 12), r.randint(1, 28))
        doc = _document(r, country)
        handle = (first.split("-")[0] + "." + last.replace(" ", "").replace("-", "")).lower()
        handle = handle.translate(str.maketrans("áéíóúèëïüç", "aeiouaeiuc"))
        email = f"{handle}{r.randint(10, 99)}@{r.choice(['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com'])}"
        phone = _phone(r, country)
        out.append(Person(first, last, birth, doc, email, phone, r.choice("FM")))
    return out


def _document(r: random.Random, country: str) -> str:
    if country == "DOM":  # cédula: 3-7-1 digits
        return f"{r.randint(1, 402):03d}-{r.randint(0, 9999999):07d}-{r.randint(0, 9)}"
    if country == "CUB":  # carné de identidad: 11 digits
        return f"{r.randint(75, 99):02d}{r.randint(1, 12):02d}{r.randint(1, 28):02d}{r.randint(10000, 99999)}"
    if country == "HTI":  # NIF-like
        return f"{r.randint(0, 999):03d}-{r.randint(0, 999):03d}-{r.randint(0, 999):03d}-{r.randint(0, 9)}"
    letters = "ABCDEFGHJKLMNPRSTVWXYZ"
    return f"{r.choice(letters)}{r.choice(letters)}{r.randint(1000000, 9999999)}"


def _phone(r: random.Random, country: str) -> str:
    codes = {
        "JAM": "876",
        "TTO": "868",
        "BHS": "242",
        "BRB": "246",
        "GUY": "592",
        "LCA": "758",
        "ATG": "268",
        "DOM": "809",
        "CUB": "53",
        "HTI": "509",
        "SUR": "597",
        "CUW": "5999",
        "ABW": "297",
        "SXM": "721",
    }
    cc = codes.get(country, "1")
    if country in ("DOM", "JAM", "TTO", "BHS", "BRB", "LCA", "ATG", "SXM"):
        return f"({cc}) {r.randint(200, 999)}-{r.randint(1000, 9999)}"
    return f"+{cc} {r.randint(100, 999)} {r.randint(1000, 9999)}"
