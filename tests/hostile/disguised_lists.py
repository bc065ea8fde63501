"""Lists of people in disguise, as a careless sender would send them, each with planted strings
that must never be found in any output (names, document numbers, e-mails, phones, birth dates).

Built from code with known truth: `build_all(raw)` writes them under raw/<country>/ and returns
{file: (planted strings, number of aggregate figures the file also holds)}."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook

FIRST = ["Quillon", "Zephyrine", "Marisol", "Anouk", "Baptiste", "Ludivine", "Joris", "Yolanda", "Teodoro", "Ninke"]
LAST = ["Zyxwarbler", "Plonkett", "Vrijdaghs", "Quenelleau", "Mbaraqui", "Oxtoby", "Ferrandiz", "Kwaadsteniet", "Dubrovskaja", "Halloransen"]


def people(n: int, seed: int) -> list[dict]:
    out = []
    for i in range(n):
        k = (seed * 7 + i * 3) % len(FIRST)
        j = (seed * 5 + i) % len(LAST)
        out.append(
            {
                "first": FIRST[k],
                "last": LAST[j],
                "name": f"{FIRST[k]} {LAST[j]}",
                "passport": f"P{'QXZ'[i % 3]}{7700000 + seed * 1000 + i * 37}",
                "dob": dt.date(1960 + (seed * 3 + i * 7) % 45, 1 + i % 12, 1 + (i * 5) % 28),
                "email": f"{FIRST[k].lower()}.{LAST[j].lower()}{seed}{i}@mailbox.example",
                "phone": f"+1 868 55{seed % 10} {1000 + i * 13:04d}",
                "sex": "F" if i % 2 == 0 else "M",
                "age": 14 + (i * 5 + seed) % 40,
            }
        )
    return out


def planted(ps: list[dict]) -> list[str]:
    out = []
    for p in ps:
        out += [p["last"], p["passport"], p["email"], p["phone"], p["dob"].strftime("%d/%m/%Y")]
    return out


def _save(wb: Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def french_nom_prenom(raw: Path) -> tuple[Path, list[str], int]:
    ps = people(6, 1)
    wb = Workbook()
    ws = wb.active
    ws.title = "Victimes"
    ws.append(["Nom", "Prénom", "Sexe", "Âge", "Nationalité"])
    for p in ps:
        ws.append([p["last"].upper(), p["first"], p["sex"], p["age"], "Haïti"])
    return _save(wb, raw / "HTI" / "liste_2022.xlsx"), [p["last"].upper() for p in ps] + [p["first"] for p in ps[:1]], 0


def dutch_naam_two_rows_down(raw: Path) -> tuple[Path, list[str], int]:
    ps = people(5, 2)
    wb = Workbook()
    ws = wb.active
    ws.title = "Overzicht"
    ws.append(["Overzicht geïdentificeerde personen 2022"])
    ws.append([])
    ws.append(["Naam", "Geboortedatum", "Paspoort"])
    for p in ps:
        ws.append([p["name"], p["dob"], p["passport"]])
    return _save(wb, raw / "SUR" / "overzicht_2022.xlsx"), planted(ps)[:1] + [p["passport"] for p in ps], 0


def spanish_csv(raw: Path) -> tuple[Path, list[str], int]:
    ps = people(6, 3)
    path = raw / "DOM" / "registro_2023.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Nombre y apellido", "Edad", "Sexo", "Nacionalidad", "Teléfono"])
        for p in ps:
            w.writerow([p["name"], p["age"], "Mujer" if p["sex"] == "F" else "Hombre", "Venezuela", p["phone"]])
    return path, [p["last"] for p in ps] + [p["phone"] for p in ps], 0


def victim_id_birth(raw: Path) -> tuple[Path, list[str], int]:
    ps = people(5, 4)
    wb = Workbook()
    ws = wb.active
    ws.append(["Victim", "ID", "Birth"])
    for p in ps:
        ws.append([p["name"], p["passport"], p["dob"].strftime("%d/%m/%Y")])
    return _save(wb, raw / "JAM" / "register.xlsx"), planted(ps), 0


def transposed(raw: Path) -> tuple[Path, list[str], int]:
    ps = people(4, 5)
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", *[p["name"] for p in ps]])
    ws.append(["Passport", *[p["passport"] for p in ps]])
    ws.append(["Date of birth", *[p["dob"] for p in ps]])
    ws.append(["Contact", *[p["email"] for p in ps]])
    return _save(wb, raw / "TTO" / "cases_transposed.xlsx"), [x for p in ps for x in (p["last"], p["passport"], p["email"])], 0


def names_as_row_labels(raw: Path) -> tuple[Path, list[str], int]:
    ps = people(5, 6)
    wb = Workbook()
    ws = wb.active
    ws.append(["", 2021, 2022])
    for i, p in enumerate(ps):
        ws.append([p["name"], i % 3, (i + 1) % 4])
    return _save(wb, raw / "GUY" / "by_person.xlsx"), [p["last"] for p in ps], 0


def list_below_figures(raw: Path, n_rows: int = 5000) -> tuple[Path, list[str], int]:
    ps = people(6, 7)
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Indicator", "Year", "Sex", "Value"])
    labels = ["Victims identified", "Cases investigated", "Persons prosecuted", "Persons convicted"]
    sexes = ["Female", "Male", "Total"]
    k = 0
    for year in range(2010, 2025):
        for label in labels:
            for sex in sexes:
                ws.append([label, year, sex, 10 + (k % 17)])
                k += 1
    while k < n_rows:  # notes rows, as long sheets have, to push the list down
        ws.append([f"Note {k}", None, None, None])
        k += 1
    ws.append([])
    ws.append([])
    ws.append(["Full name", "Passport no.", "E-mail"])
    for p in ps:
        ws.append([p["name"], p["passport"], p["email"]])
    # 15 years x (3 indicators by sex + cases_investigated total; cases by sex go to quarantine)
    return _save(wb, raw / "BRB" / "long_with_list.xlsx"), [x for p in ps for x in (p["last"], p["passport"], p["email"])], 15 * 10


def vague_headers(raw: Path) -> tuple[Path, list[str], int]:
    ps = people(6, 8)
    wb = Workbook()
    ws = wb.active
    ws.append(["Field 1", "Field 2", "Field 3", "Info"])
    for i, p in enumerate(ps):
        ws.append([i + 1, p["email"], p["dob"], "follow-up"])
    return _save(wb, raw / "BHS" / "export.xlsx"), [p["email"] for p in ps] + [p["email"].split("@")[0] for p in ps], 0


def one_row_per_person(raw: Path) -> tuple[Path, list[str], int]:
    """No names at all: a case number, sex, age and nationality per person."""
    ps = people(8, 9)
    wb = Workbook()
    ws = wb.active
    ws.append(["Case", "Sex", "Age", "Nationality", "Exploitation"])
    for i, p in enumerate(ps):
        ws.append([f"C-{2022}-{i + 1:03d}", p["sex"], p["age"], "Venezuela", "Sexual"])
    return _save(wb, raw / "LCA" / "cases.xlsx"), [], 0


def list_beside_figures(raw: Path) -> tuple[Path, list[str], int]:
    """Aggregate figures in A:C, a list of people in F:H of the same rows."""
    ps = people(5, 10)
    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    rows = [
        ["Indicator", 2021, 2022],
        ["Victims identified", 12, 15],
        ["Cases investigated", 7, 9],
        ["Persons prosecuted", 5, 6],
        ["Persons convicted", 3, 2],
        [None, None, None],
    ]
    rows[0] += [None, None, "Name", "Passport", "Born"]
    for i, p in enumerate(ps):
        rows[i + 1] += [None, None, p["name"], p["passport"], p["dob"]]
    for r in rows:
        ws.append(r)
    return _save(wb, raw / "KNA" / "summary_2021_2022.xlsx"), [x for p in ps for x in (p["last"], p["passport"])], 8


BUILDERS = [
    french_nom_prenom,
    dutch_naam_two_rows_down,
    spanish_csv,
    victim_id_birth,
    transposed,
    names_as_row_labels,
    list_below_figures,
    vague_headers,
    one_row_per_person,
    list_beside_figures,
]


def build_all(raw: Path) -> dict[str, tuple[list[str], int]]:
    out = {}
    for build in BUILDERS:
        path, strings, n_figures = build(Path(raw))
        out[path.relative_to(raw).as_posix()] = (strings, n_figures)
    return out
