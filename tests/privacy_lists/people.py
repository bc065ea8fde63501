"""Synthetic persons for the disguised lists: made-up name combinations (invented surnames, never a
real person), document numbers, birth dates, e-mails and phones in the shapes each country uses.

Every person is derived from a seed, so the planted strings are known without writing any file."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

FIRST = {
    "en": ["Shanequa", "Devaughn", "Tamoya", "Kerone", "Alysha", "Jovanni", "Rushelle", "Odane", "Keisha-Ann",
           "Tevin", "Shamoya", "Davion"],
    "es": ["Yohanny", "Ramfis", "Yokasta", "Wilkin", "Nairobi", "Anyelo", "Yanelis", "Osvaldo", "Dilenia",
           "Yunior", "Mileidy", "Eulogio"],
    "fr": ["Wideline", "Jean-Robert", "Mirlande", "Wilner", "Fabiola", "Ketsia", "Dieuseul", "Nadège", "Lovely",
           "Wisner", "Guerda", "Stevenson"],
    "nl": ["Raïsa", "Djoeneid", "Sharmila", "Romario", "Chanella", "Naresh", "Jurgen", "Sunaina", "Ricardo",
           "Ginelva", "Orlando", "Zuleika"],
}
# Surnames invented or altered, combined at random with first names: no real person. They are
# distinctive enough to be searched for alone.
LAST = {
    "en": ["Quillbrook", "Marchbanton", "Ebbersley", "Thwaitmore", "Calloway-Pryne", "Dunstraith", "Hollisworth",
           "Pennigale", "Farquarston", "Brindlecott", "Ashgrovely", "Mortlebury"],
    "es": ["Quintavela", "Berrotarín", "Almánzarez", "Tavarelo", "Guzmarín", "Pimentello", "Sosavedra",
           "Mejíabal", "Ureñaroz", "Taverasco", "Peraltomé", "Caminerov"],
    "fr": ["Jean-Baptistin", "Désirmaux", "Pierrevalles", "Célestimond", "Duvalière", "Bellegardin", "Saint-Fleurac",
           "Joachimeau", "Dorvilmont", "Alexandrou-Pétit", "Casimirot", "Thélusmar"],
    "nl": ["Kromodihardjo-Vanes", "Sewnaraindath", "Pinasbrook", "Doelwijtkamp", "Ramdinsingh-Oe",
           "Karsowidjaja", "Van Ommerlaan", "Tjon-A-Kwiet", "Bouterstraat", "Wongsorejdo", "Hardjodikromo-Lie",
           "Abendanonck"],
}


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
        return {"dmy": f"{d.day:02d}/{d.month:02d}/{d.year}", "mdy": f"{d.month:02d}/{d.day:02d}/{d.year}",
                "iso": d.isoformat(), "dmy-": f"{d.day:02d}-{d.month:02d}-{d.year}"}[style]


def people(seed: str, lang: str, n: int, country: str) -> list[Person]:
    r = random.Random(seed)
    firsts = r.sample(FIRST[lang], n if n <= len(FIRST[lang]) else len(FIRST[lang]))
    lasts = r.sample(LAST[lang], len(firsts))
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
    codes = {"JAM": "876", "TTO": "868", "BHS": "242", "BRB": "246", "GUY": "592", "LCA": "758", "ATG": "268",
             "DOM": "809", "CUB": "53", "HTI": "509", "SUR": "597", "CUW": "5999", "ABW": "297", "SXM": "721"}
    cc = codes.get(country, "1")
    if country in ("DOM", "JAM", "TTO", "BHS", "BRB", "LCA", "ATG", "SXM"):
        return f"({cc}) {r.randint(200, 999)}-{r.randint(1000, 9999)}"
    return f"+{cc} {r.randint(100, 999)} {r.randint(1000, 9999)}"
