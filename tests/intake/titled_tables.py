"""A long table (Indicator | Value) of two indicators under a title, in each language, with random
figures: the tables of the title tests (financial years, other offences). The truth is returned
with the rows."""

from __future__ import annotations

import random

from tests.intake.test_layouts import k

# label of each language -> indicator it is read as
ROWS = {
    "en": [("Victims identified", "victims_detected"), ("Persons prosecuted", "persons_prosecuted")],
    "es": [("Víctimas identificadas", "victims_detected"), ("Personas procesadas", "persons_prosecuted")],
    "fr": [("Victimes identifiées", "victims_detected"), ("Personnes poursuivies", "persons_prosecuted")],
    "nl": [("Geïdentificeerde slachtoffers", "victims_detected"), ("Vervolgde personen", "persons_prosecuted")],
}
HEAD = {"en": ("Indicator", "Value"), "es": ("Indicador", "Valor"), "fr": ("Indicateur", "Valeur"), "nl": ("Indicator", "Aantal")}


def titled_table(title: str | None, lang: str, seed: int, year: int) -> tuple[list[list[object]], dict]:
    """(rows, truth): the title row (none when `title` is None), the header, one row per indicator;
    truth maps each indicator's key for `year` to its figure."""
    rnd = random.Random(seed)
    rows: list[list[object]] = ([[title]] if title else []) + [list(HEAD[lang])]
    truth = {}
    for label, indicator in ROWS[lang]:
        v = rnd.randint(1, 90)
        rows.append([label, v])
        truth[k(indicator, year)] = v
    return rows, truth
