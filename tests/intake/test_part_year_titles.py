"""G-C, wrong numbers: a table whose title (or a note above it, its sheet's or file's name) says it
covers part of a year ("January to June 2023", "first quarter 2022", "enero a junio de 2023",
"premier semestre 2023", "2023 (up to 30 September)", "januari t/m juni 2023") holds no yearly count:
its figures are set aside with the reason, never stored under the title's year. A title naming the
whole year ("January to December 2023", "Enero–diciembre 2023", "as at 31 December") still gives
the year. Tables are generated here with random figures, so the truth is known."""

from __future__ import annotations

import random

import pytest

from ctip.harmonise.observations import harmonise_readings
from ctip.intake.extract import extract_workbook
from ctip.intake.layouts.periods import part_of_year
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext
from ctip.vocabulary.labels import default_index
from tests.intake.test_layouts import k, read

PART = {
    "en": [
        "Victims identified, January to June 2023",
        "Trafficking statistics, first quarter 2023",
        "Victims identified 2023 (up to 30 September)",
        "Q1 2023",
        "H1 2023",
        "Year to date 2023",
        "Victims identified as of June 30, 2023",
        "Half-year report 2023",
        "1 January to 30 June 2023",
    ],
    "es": [
        "Víctimas identificadas, enero a junio de 2023",
        "Primer semestre 2023",
        "Datos al 30 de junio de 2023",
        "Julio-Diciembre 2023",
        "Víctimas identificadas en lo que va del año 2023",
    ],
    "fr": ["Victimes identifiées, premier semestre 2023", "Données au 30 juin 2023", "Victimes, janvier à septembre 2023", "3e trimestre 2023"],
    "nl": ["Slachtoffers januari t/m juni 2023", "Eerste kwartaal 2023", "Slachtoffers, stand per 30 juni 2023", "van januari tot en met juni 2023"],
}
WHOLE = [
    "Trafficking statistics 2023",
    "Enero–diciembre 2023",
    "January to December 2023",
    "Jan-Dec 2023",
    "as at 31 December 2023",
    "Victims 2023 (data as at 31 March 2024)",
    "Q1-Q4 2023",
    "Victims identified by quarter, 2023",
    "janvier à décembre 2023",
    "januari t/m december 2023",
    "Statistics for the year ended 31 December 2023",
    "Victims identified (Jan 1 - Dec 31, 2023)",
    "Ministry of National Security, 1 Oceana Drive, Kingston",
    "Trafficking in Persons (Prevention) Act 2007",
    "Updated 15 March 2024",
    "Datos al 31 de diciembre de 2023",
    "Víctimas por trimestre, 2023",
    "Victims who may be trafficked, 2023",
]
LABELS = {"en": ("Sex", "Female", "Male"), "es": ("Sexo", "Mujeres", "Hombres"), "fr": ("Sexe", "Femmes", "Hommes"), "nl": ("Geslacht", "Vrouwen", "Mannen")}
VICTIMS = {"en": "Victims identified", "es": "Víctimas identificadas", "fr": "Victimes identifiées", "nl": "Geïdentificeerde slachtoffers"}


@pytest.mark.parametrize("text", [t for ts in PART.values() for t in ts])
def test_words_naming_part_of_a_year(text):
    assert part_of_year(text), text


@pytest.mark.parametrize("text", WHOLE)
def test_words_naming_the_whole_year_or_nothing(text):
    assert part_of_year(text) is None, (text, part_of_year(text))


def _table(title: str, lang: str, seed: int):
    rnd = random.Random(seed)
    head, female, male = LABELS[lang]
    f, m = rnd.randint(1, 40), rnd.randint(1, 40)
    rows = [[title], [head, VICTIMS[lang]], [female, f], [male, m], ["Total", f + m]]
    truth = {k("victims_detected", 2023, "female"): f, k("victims_detected", 2023, "male"): m, k("victims_detected", 2023): f + m}
    return rows, truth


@pytest.mark.parametrize("lang,title", [(lang, t) for lang, ts in PART.items() for t in ts if "2023" in t])
def test_a_part_year_title_stores_nothing(lang, title):
    rows, _ = _table(title, lang, seed=len(title))
    stored, q, _ = read(rows)
    assert stored == {}, (title, stored)
    assert {"B3", "B4", "B5"} <= set(q)
    assert all("part of a year" in q[c] for c in ("B3", "B4", "B5")), q


@pytest.mark.parametrize(
    "title", ["Trafficking statistics 2023", "January to December 2023", "Enero–diciembre 2023", "Victims identified, as at 31 December 2023"]
)
def test_a_whole_year_title_still_gives_the_year(title):
    rows, truth = _table(title, "en", seed=len(title))
    stored, q, _ = read(rows)
    assert stored == truth, q


def test_a_part_year_sheet_or_file_name_stores_nothing():
    rows, truth = _table("Victims identified 2023", "en", seed=7)
    assert read(rows, name="Jan-Jun 2023")[0] == {}
    assert read(rows, file_name="JAM/tip_q1_2023.csv")[0] == {}
    assert read(rows, name="2023", file_name="JAM/tip_2023.csv")[0] == truth


def test_a_banner_naming_a_half_year_covers_every_table_below_it():
    rows = [
        ["Ministry of National Security: trafficking in persons, January to June 2023"],
        [],
        ["Table 1: Victims identified"],
        ["Sex", "Victims"],
        ["Female", 4],
        ["Male", 5],
        [],
        ["Table 2: Persons prosecuted"],
        ["Sex", "Persons"],
        ["Female", 1],
        ["Male", 2],
    ]
    stored, q, _ = read(rows)
    assert stored == {}, stored
    assert sum("part of a year" in r for r in q.values()) == 4, q


def test_mapping_tables_can_say_the_table_is_the_whole_year():
    rows, truth = _table("Victims identified, year to date 2023", "en", seed=3)
    sheet = SheetGrid("Data", [list(r) for r in rows], [], "worksheet")
    ctx = ReadContext("JAM", default_index(), tables={"year to date": {"use": True}})
    out = extract_workbook([sheet], ctx)[0]
    obs, _, _ = harmonise_readings(out.readings + out.unread_cells, "JAM", "test", "test.xlsx")
    assert len(obs) == 3 and sorted(obs["value"]) == sorted(truth.values())


@pytest.mark.parametrize(
    "text",
    [
        "Victims identified 2022 (to end-June)",
        "provisional figures to end of June",
        "Victims 2022, end of September",
        "Víctimas 2022 (hasta fines de junio)",
        "Victimes 2022 (fin juin)",
        "Slachtoffers 2022 (tot eind juni)",
    ],
)
def test_to_the_end_of_a_month_is_part_of_a_year(text):
    """attack6 K-Z: 'to end of June', 'to end-June' were read as the whole year."""
    assert part_of_year(text)


@pytest.mark.parametrize("text", ["Victims 2022 (to end of December)", "Victims identified 2022", "Weekend December 2022"])
def test_to_the_end_of_december_is_the_whole_year(text):
    assert part_of_year(text) is None
