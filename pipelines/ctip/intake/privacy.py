"""Refuse case-level personal data before any value is stored.

The network collects aggregate counts only. A sheet that lists people (names, dates of birth,
passport or ID numbers, phone numbers, e-mail addresses, home addresses) is recognised from its
column headers in English, Spanish, French and Dutch and/or from the shape of its values, and the
whole file is rejected before its cells are read into observations, quarantine, staging,
feedback or logs. What is said about it names only the kinds of columns found (our words, never
the sender's), and sheets by position: a sheet may be named after a person.

Precision matters too: an aggregate table with a contact e-mail in its title block, or a single
"prepared by" row with a name and an e-mail, is not case-level data and passes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ctip.harmonise.normalise import normalise
from ctip.intake.read import SheetGrid

HEADER_SCAN_ROWS = 5000  # rows searched for a header row (a case list may follow a summary table)
VALUE_SCAN_ROWS = 5000  # rows whose values are checked for e-mails, phone numbers, dates of birth
MAX_HEADER_CHARS = 60
MIN_PEOPLE = 2  # data rows under a header before a sheet counts as a list of people

CATEGORY_WORDS = {
    "name": "names",
    "birth_date": "dates of birth",
    "id_number": "passport or ID numbers",
    "phone": "phone numbers",
    "email": "e-mail addresses",
    "address": "home addresses",
}
STRONG = {"birth_date", "id_number", "phone", "email"}

# Normalised header terms (see ctip.harmonise.normalise): whole phrases that name a category.
_PHRASES: dict[str, set[str]] = {
    "email": {
        "email", "e-mail", "e mail", "email address", "e-mail address", "mail", "correo", "correo electronico",
        "direccion de correo", "direccion de correo electronico", "courriel", "adresse electronique", "adresse e-mail",
        "adresse email", "mel", "e-mailadres", "emailadres", "e-mail adres", "mailadres",
    },
    "phone": {
        "phone", "phone number", "telephone", "telephone number", "tel", "tel no", "mobile", "mobile number",
        "cell", "cell phone", "cellphone", "contact number", "whatsapp", "telefono", "numero de telefono",
        "celular", "movil", "numero de telephone", "portable", "telefoon", "telefoonnummer", "mobiel",
        "mobiel nummer", "gsm", "gsm nummer",
    },
    "id_number": {
        "passport", "passport number", "passport no", "passport nr", "id number", "id no", "id nr", "id card",
        "national id", "national id number", "identity card", "identity number", "identification number",
        "national identification number", "social security number", "ssn", "nin", "nis", "nib", "trn",
        "taxpayer registration number", "driver's licence", "drivers licence", "driver's license", "drivers license",
        "pasaporte", "numero de pasaporte", "no de pasaporte", "cedula", "cedula de identidad", "numero de cedula",
        "dni", "documento de identidad", "numero de documento", "numero de identidad", "carnet de identidad",
        "passeport", "numero de passeport", "no de passeport", "carte d'identite", "numero d'identite",
        "piece d'identite", "numero de securite sociale", "paspoort", "paspoortnummer", "id-nummer", "id nummer",
        "identiteitskaart", "identiteitsbewijs", "bsn", "burgerservicenummer", "sedula", "persoonsnummer",
        "id-kaart", "id kaart",
    },
    "birth_date": {
        "date of birth", "birth date", "birthdate", "dob", "d o b", "born", "born on", "fecha de nacimiento",
        "fecha nacimiento", "f nacimiento", "fecha de nac", "date de naissance", "ne le", "nee le", "ne e le",
        "geboortedatum", "geboren", "geboren op", "geb datum",
    },
    "address": {
        "address", "home address", "street address", "residential address", "postal address", "street",
        "direccion", "domicilio", "direccion de domicilio", "direccion de residencia", "calle", "adresse",
        "adresse postale", "domicile", "adresse du domicile", "rue", "adres", "woonadres", "straat",
        "straatnaam", "huisadres", "postal code", "zip code", "codigo postal", "code postal", "postcode",
    },
    "name": {
        "name", "names", "full name", "first name", "first names", "last name", "surname", "surnames",
        "given name", "given names", "family name", "middle name", "victim name", "victim's name",
        "name of victim", "name of the victim", "suspect name", "name of suspect", "offender name",
        "person name", "nombre", "nombres", "apellido", "apellidos", "nombre completo", "nombre y apellido",
        "nombres y apellidos", "primer nombre", "segundo nombre", "primer apellido", "segundo apellido",
        "nombre de la victima", "nom", "prenom", "prenoms", "nom de famille", "nom complet", "nom et prenom",
        "nom prenom", "nom de la victime", "naam", "voornaam", "voornamen", "achternaam", "familienaam",
        "volledige naam", "naam slachtoffer", "roepnaam", "alias",
    },
}
# Words that name a strong category wherever they appear in a short header ("Victim passport no.").
_WORDS: dict[str, set[str]] = {
    "email": {"email", "e-mail", "courriel", "emailadres", "e-mailadres"},
    "phone": {"telephone", "telefono", "telefoon", "telefoonnummer", "cellphone", "whatsapp"},
    "id_number": {"passport", "pasaporte", "passeport", "paspoort", "paspoortnummer", "cedula", "sedula",
                  "burgerservicenummer", "identiteitskaart"},
    "birth_date": {"birthdate", "geboortedatum", "nacimiento", "naissance"},
    "name": {"surname", "surnames", "apellido", "apellidos", "prenom", "prenoms", "voornaam", "voornamen", "achternaam"},
}

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[A-Za-z]{2,24}$")
_PHONE = re.compile(r"^(?=(?:\D*\d){7,15}\D*$)\+?[\d\s().\-/]{7,24}$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[ .,\u00a0]\d{3})+$")
_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$|^(\d{4})-(\d{1,2})-(\d{1,2})")
_ID = re.compile(r"^(?=.*\d.*\d.*\d)[A-Za-z0-9][A-Za-z0-9\- ]{4,19}$")


@dataclass
class Finding:
    sheet_position: int  # 1-based position of the sheet in the file
    n_sheets: int
    categories: list[str]
    how: str  # "column headers" | "cell contents"


def header_category(text: object) -> str | None:
    """The personal-data category a column header names, if any."""
    if not isinstance(text, str) or not text or len(text) > MAX_HEADER_CHARS:
        return None
    h = normalise(text).replace("#", "").strip()
    if not h:
        return None
    for cat, phrases in _PHRASES.items():
        if h in phrases:
            return cat
    tokens = h.split()
    if len(tokens) <= 6:
        for cat, words in _WORDS.items():
            if any(t in words for t in tokens):
                return cat
    return None


def _is_email(v: object) -> bool:
    return isinstance(v, str) and "@" in v and bool(_EMAIL.match(v))


def _is_phone(v: object) -> bool:
    if isinstance(v, str):
        s = v.strip()
        if not s or not (s[0].isdigit() or s[0] in "+("):
            return False
        if _THOUSANDS.match(s) or not any(ch in s for ch in " -().+/"):
            return False
        return bool(_PHONE.match(s))
    return False


def _as_date(v: object) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str) and 6 <= len(v) <= 19:
        m = _DATE.match(v.strip())
        if m:
            try:
                if m.group(4):
                    return dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
                year = int(m.group(3))
                year = year + (1900 if year > 30 else 2000) if year < 100 else year
                a, b = int(m.group(1)), int(m.group(2))
                day, month = (a, b) if b <= 12 else (b, a)
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None


def _matches(cat: str, v: object) -> bool:
    """Whether a value has the shape of the category (for strong categories)."""
    if v is None:
        return False
    if cat == "email":
        return _is_email(v)
    if cat == "phone":
        return _is_phone(v) or (isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 1_000_000)
    if cat == "birth_date":
        d = _as_date(v)
        return d is not None and 1900 <= d.year <= dt.date.today().year
    if cat == "id_number":
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return v >= 10_000
        return isinstance(v, str) and bool(_ID.match(v.strip()))
    return True


def _header_finding(sheet: SheetGrid) -> set[str]:
    rows = sheet.rows
    n = len(rows)
    cache: dict[str, str | None] = {}
    for r in range(min(n, HEADER_SCAN_ROWS)):
        found: dict[int, str] = {}
        for c, v in enumerate(rows[r]):
            if v.__class__ is str and len(v) <= MAX_HEADER_CHARS:
                cat = cache.get(v, "?")
                if cat == "?":
                    cat = cache[v] = header_category(v)
                if cat:
                    found[c] = cat
        if not found:
            continue
        below = range(r + 1, min(n, r + 1 + 200))
        # Rows below (before a blank row) with values in the category columns: people listed.
        filled_rows = 0
        strong_hits: dict[str, int] = {}
        for rr in below:
            row = rows[rr]
            if not any(v is not None for v in row):
                break
            filled = {found[c] for c in found if c < len(row) and row[c] is not None}
            if len(filled) >= 2:
                filled_rows += 1
            for c, cat in found.items():
                if cat in STRONG and c < len(row) and _matches(cat, row[c]):
                    strong_hits[cat] = strong_hits.get(cat, 0) + 1
        cats = set(found.values())
        if len(cats) >= 2 and filled_rows >= MIN_PEOPLE:
            return cats
        strong = {cat for cat, k in strong_hits.items() if k >= MIN_PEOPLE}
        if strong:
            return cats
    return set()


def _value_finding(sheet: SheetGrid) -> set[str]:
    counts: dict[tuple[int, str], int] = {}
    birth_years: dict[int, list[int]] = {}
    this_year = dt.date.today().year
    for row in sheet.rows[:VALUE_SCAN_ROWS]:
        for c, v in enumerate(row):
            if v is None:
                continue
            if v.__class__ is str:
                if "@" in v:
                    if _is_email(v):
                        counts[(c, "email")] = counts.get((c, "email"), 0) + 1
                    continue
                if v[:1].isdigit() or v[:1] in "+(":
                    if _is_phone(v):
                        counts[(c, "phone")] = counts.get((c, "phone"), 0) + 1
                        continue
                    d = _as_date(v)
                    if d is not None and 1920 <= d.year <= this_year - 1:
                        birth_years.setdefault(c, []).append(d.year)
            elif isinstance(v, (dt.date, dt.datetime)):
                if 1920 <= v.year <= this_year - 1:
                    birth_years.setdefault(c, []).append(v.year)
    cats = {}
    for (c, cat), k in counts.items():
        cats[cat] = max(cats.get(cat, 0), k)
    for c, years in birth_years.items():
        if len(years) >= 5 and max(years) - min(years) >= 10:
            cats["birth_date"] = max(cats.get("birth_date", 0), len(years))
    strong3 = {cat for cat, k in cats.items() if k >= 3}
    if len(strong3) >= 2:
        return strong3
    if cats.get("email", 0) >= 10 or cats.get("phone", 0) >= 10:
        return {cat for cat in ("email", "phone") if cats.get(cat, 0) >= 10}
    return set()


def scan_sheets(sheets: list[SheetGrid]) -> list[Finding]:
    """Sheets that look like lists of people. Empty when the file holds no personal data."""
    findings = []
    for i, sheet in enumerate(sheets, 1):
        if not sheet.rows:
            continue
        cats = _header_finding(sheet)
        how = "column headers"
        if not cats:
            cats = _value_finding(sheet)
            how = "cell contents"
        if cats:
            order = list(CATEGORY_WORDS)
            findings.append(Finding(i, len(sheets), sorted(cats, key=order.index), how))
    return findings


def explain(findings: list[Finding]) -> str:
    """The reason given to the sender (English; feedback translates the advice). No values."""
    parts = []
    for f in findings[:5]:
        kinds = ", ".join(CATEGORY_WORDS[c] for c in f.categories)
        where = f"sheet {f.sheet_position} of {f.n_sheets}" if f.n_sheets > 1 else "the sheet"
        parts.append(f"{where} lists people ({kinds}, seen in its {f.how})")
    return (
        "rejected: the file looks like case-level personal data — " + "; ".join(parts) + ". "
        "No value from this file was stored. The network collects aggregate counts only: send the number of "
        "victims, cases and persons by year (and by sex, age group, form of exploitation or citizenship), for "
        "example in the template from `ctip template`, and delete this file from the drop folder."
    )
