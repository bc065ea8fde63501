"""A synthetic drop folder at scale: countries x files of mixed layouts, formats and languages.

Each file is a national submission as ministries send them: a long table (one figure per row,
columns for indicator, year and breakdowns) or a wide table by year (indicators and their
breakdowns as rows, years as columns, a title above), in xlsx, xls, ods or csv (UTF-8, UTF-8
with BOM or Windows-1252; comma or semicolon), in the country's language or in English, with
the odd statistical marker ('..', '<5', '-'). Deterministic for a given seed.

    python -m bench.corpus OUT_DIR [--countries 25] [--files 20]
"""

from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass
from pathlib import Path

# The 23 members (schemas/region.csv) with their language; two more folders name members in
# another language, as analysts do, to reach 25 folders.
MEMBERS = [
    ("ABW", "nl"),
    ("AIA", "en"),
    ("ATG", "en"),
    ("BHS", "en"),
    ("BLZ", "en"),
    ("BRB", "en"),
    ("CUB", "es"),
    ("CUW", "nl"),
    ("CYM", "en"),
    ("DMA", "en"),
    ("DOM", "es"),
    ("GRD", "en"),
    ("GUY", "en"),
    ("HTI", "fr"),
    ("JAM", "en"),
    ("KNA", "en"),
    ("LCA", "en"),
    ("MSR", "en"),
    ("SUR", "nl"),
    ("SXM", "nl"),
    ("TCA", "en"),
    ("TTO", "en"),
    ("VCT", "en"),
]
EXTRA_FOLDERS = [("República Dominicana", "DOM", "es"), ("Haïti", "HTI", "fr"), ("Curaçao", "CUW", "nl"), ("Trinidad and Tobago", "TTO", "en")]
FORMATS = ("xlsx", "xls", "ods", "csv")

INDICATORS = {
    "victims_detected": {"en": "Victims identified", "es": "Víctimas identificadas", "fr": "Victimes identifiées", "nl": "Geïdentificeerde slachtoffers"},
    "victims_assisted": {"en": "Victims assisted", "es": "Víctimas asistidas", "fr": "Victimes assistées", "nl": "Ondersteunde slachtoffers"},
    "cases_investigated": {"en": "Cases investigated", "es": "Casos investigados", "fr": "Affaires instruites", "nl": "Onderzochte zaken"},
    "persons_investigated": {"en": "Persons investigated", "es": "Personas investigadas", "fr": "Personnes mises en cause", "nl": "Onderzochte verdachten"},
    "persons_prosecuted": {"en": "Persons prosecuted", "es": "Personas procesadas", "fr": "Personnes poursuivies", "nl": "Vervolgde verdachten"},
    "persons_convicted": {"en": "Persons convicted", "es": "Personas condenadas", "fr": "Personnes condamnées", "nl": "Veroordeelde personen"},
}
# Breakdowns each indicator is given by (one dimension at a time, the others total).
BREAKDOWNS = {
    "victims_detected": ("sex", "age_group", "exploitation"),
    "victims_assisted": ("sex", "age_group"),
    "cases_investigated": (),
    "persons_investigated": ("sex",),
    "persons_prosecuted": ("sex",),
    "persons_convicted": ("sex", "age_group"),
}
CODES = {
    "sex": {
        "female": {"en": "Female", "es": "Mujeres", "fr": "Femmes", "nl": "Vrouwen"},
        "male": {"en": "Male", "es": "Hombres", "fr": "Hommes", "nl": "Mannen"},
    },
    "age_group": {
        "child": {"en": "Children", "es": "Niños", "fr": "Enfants", "nl": "Kinderen"},
        "adult": {"en": "Adults", "es": "Adultos", "fr": "Adultes", "nl": "Volwassenen"},
    },
    "exploitation": {
        "sexual": {"en": "Sexual exploitation", "es": "Explotación sexual", "fr": "Exploitation sexuelle", "nl": "Seksuele uitbuiting"},
        "labour": {"en": "Forced labour", "es": "Trabajo forzoso", "fr": "Travail forcé", "nl": "Arbeidsuitbuiting"},
        "other": {
            "en": "Other forms of exploitation",
            "es": "Otras formas de explotación",
            "fr": "Autres formes d'exploitation",
            "nl": "Andere vormen van uitbuiting",
        },
    },
}
TOTAL = {"en": "Total", "es": "Total", "fr": "Total", "nl": "Totaal"}
HEADERS = {
    "indicator": {"en": "Indicator", "es": "Indicador", "fr": "Indicateur", "nl": "Indicator"},
    "year": {"en": "Year", "es": "Año", "fr": "Année", "nl": "Jaar"},
    "sex": {"en": "Sex", "es": "Sexo", "fr": "Sexe", "nl": "Geslacht"},
    "age_group": {"en": "Age group", "es": "Grupo de edad", "fr": "Groupe d'âge", "nl": "Leeftijdsgroep"},
    "exploitation": {"en": "Form of exploitation", "es": "Forma de explotación", "fr": "Forme d'exploitation", "nl": "Vorm van uitbuiting"},
    "value": {"en": "Value", "es": "Valor", "fr": "Valeur", "nl": "Waarde"},
}
TITLE = {
    "en": "Trafficking in persons statistics",
    "es": "Estadísticas de trata de personas",
    "fr": "Statistiques de la traite des personnes",
    "nl": "Statistieken mensenhandel",
}
OF_WHICH = {"en": "of which", "es": "de las cuales", "fr": "dont", "nl": "waarvan"}


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    format: str
    layout: str
    language: str
    delimiter: str = ","
    encoding: str = "utf-8"


def _split(rng: random.Random, total: int, n: int) -> list[int]:
    """n parts summing to at most total."""
    cuts = sorted(rng.randint(0, total) for _ in range(n - 1))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, total])]
    return [max(0, p - (rng.random() < 0.2)) for p in parts]


def _marked(rng: random.Random, value: int) -> object:
    """A part as sent: now and then not available ('..'), suppressed ('<5') or nil ('-')."""
    r = rng.random()
    if r < 0.03:
        return ".."
    if r < 0.05 and 0 < value < 5:
        return "<5"
    if value == 0 and r < 0.5:
        return "-"
    return value


def _figures(rng: random.Random, years: list[int]) -> list[tuple[str, dict[str, str], int, object]]:
    """(indicator, breakdown {dim: code}, year, value) for every figure of a file: totals, and
    parts by one dimension at a time that never exceed their total."""
    out = []
    for ind, dims in BREAKDOWNS.items():
        for year in years:
            total = rng.randint(0, 60)
            out.append((ind, {}, year, total))
            for dim in dims:
                for code, part in zip(CODES[dim], _split(rng, total, len(CODES[dim]))):
                    out.append((ind, {dim: code}, year, _marked(rng, part)))
    return out


def long_rows(rng: random.Random, lang: str, years: list[int]) -> list[list[object]]:
    dims = ("sex", "age_group", "exploitation")
    rows: list[list[object]] = [[HEADERS[h][lang] for h in ("indicator", "year", *dims, "value")]]
    for ind, breakdown, year, value in _figures(rng, years):
        rows.append([INDICATORS[ind][lang], year, *[CODES[d][breakdown[d]][lang] if d in breakdown else TOTAL[lang] for d in dims], value])
    return rows


def wide_rows(rng: random.Random, lang: str, years: list[int], country: str) -> list[list[object]]:
    figures = {(ind, tuple(b.items()), year): value for ind, b, year, value in _figures(rng, years)}
    rows: list[list[object]] = [[f"{TITLE[lang]} — {country}"], [], [HEADERS["indicator"][lang], None, *years]]
    for ind, dims in BREAKDOWNS.items():
        rows.append([INDICATORS[ind][lang], None, *[figures[(ind, (), y)] for y in years]])
        for dim in dims:
            for i, code in enumerate(CODES[dim]):
                label = CODES[dim][code][lang]
                rows.append(
                    [
                        None,
                        f"{OF_WHICH[lang]}: {label.lower()}" if i == 0 and dim == "age_group" else label,
                        *[figures[(ind, ((dim, code),), y)] for y in years],
                    ]
                )
        rows.append([])
    rows += [[], [], ["Source: national task force"]]
    return rows


def write_xlsx(path: Path, rows: list[list[object]], sheet: str) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    for row in rows:
        ws.append(row)
    wb.save(path)


def write_xls(path: Path, rows: list[list[object]], sheet: str) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    wb.save(str(path))


def write_ods(path: Path, rows: list[list[object]], sheet: str) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for row in rows:
        tr = TableRow()
        for v in row:
            if v is None:
                tc = TableCell()
            elif isinstance(v, (int, float)):
                tc = TableCell(valuetype="float", value=v)
                tc.addElement(P(text=str(v)))
            else:
                tc = TableCell(valuetype="string")
                tc.addElement(P(text=str(v)))
            tr.addElement(tc)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def write_csv(path: Path, rows: list[list[object]], delimiter: str, encoding: str) -> None:
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])


def folders(n_countries: int) -> list[tuple[str, str, str]]:
    """(folder name, iso3, language) for n folders: members by ISO3, then members by name."""
    out = [(iso3, iso3, lang) for iso3, lang in MEMBERS]
    out += list(EXTRA_FOLDERS)
    if n_countries > len(out):
        raise ValueError(f"at most {len(out)} country folders")
    return out[:n_countries]


def make_file(folder: Path, iso3: str, country_lang: str, i: int, rng: random.Random, suffix: str = "") -> CorpusFile:
    fmt = FORMATS[i % len(FORMATS)]
    layout = "long" if (i // len(FORMATS)) % 2 == 0 else "wide"
    lang = "en" if i % 3 == 2 else country_lang
    last = 2004 + (i % 20)
    years = [last - 2, last - 1, last] if layout == "wide" else [last]
    rows = long_rows(rng, lang, years) if layout == "long" else wide_rows(rng, lang, years, iso3)
    sheet = {"en": "Data", "es": "Datos", "fr": "Données", "nl": "Gegevens"}[lang]
    path = folder / f"{iso3.lower()}_{layout}_{last}{suffix}.{fmt}"
    if fmt == "xlsx":
        write_xlsx(path, rows, sheet)
    elif fmt == "xls":
        write_xls(path, rows, sheet)
    elif fmt == "ods":
        write_ods(path, rows, sheet)
    else:
        delimiter = ";" if lang in ("fr", "nl", "es") else ","
        encoding = ("utf-8", "utf-8-sig", "cp1252")[i % 3]
        write_csv(path, rows, delimiter, encoding)
        return CorpusFile(path, fmt, layout, lang, delimiter, encoding)
    return CorpusFile(path, fmt, layout, lang)


def generate(root: Path, n_countries: int = 25, files_per_country: int = 20, seed: int = 2024) -> list[CorpusFile]:
    """Write the corpus under root/<country>/ and return what was written."""
    root = Path(root)
    rng = random.Random(seed)
    written = []
    for name, iso3, lang in folders(n_countries):
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        offset = 0 if name == iso3 else 7  # files in a name folder are other years' resubmissions
        for i in range(files_per_country):
            written.append(make_file(folder, iso3, lang, i + offset, rng, "" if name == iso3 else "_r"))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--countries", type=int, default=25)
    parser.add_argument("--files", type=int, default=20)
    args = parser.parse_args()
    files = generate(Path(args.out), args.countries, args.files)
    print(f"{len(files)} files written under {args.out}")


if __name__ == "__main__":
    main()
