"""H-H: a table beside another whose value column is headed by a word naming nothing ('Number',
'Número', 'Nombre', 'Aantal'; its indicator is in its own title) is split off like any table side
by side: both are read on their own, never glued into one ('2019 | Form')."""

from __future__ import annotations

import pytest

from tests.intake.test_layouts import k, read

V = "victims_detected"

WORDS = {
    "en": (
        "Table 2. Persons prosecuted and convicted",
        "Year",
        "Prosecuted",
        "Convicted",
        "Table 3. Victims identified by form of exploitation, 2021",
        "Form",
        "Number",
        ["Sexual exploitation", "Forced labour", "Other", "Total"],
    ),
    "es": (
        "Cuadro 2. Personas procesadas y condenadas",
        "Año",
        "Procesadas",
        "Condenadas",
        "Cuadro 3. Víctimas por forma de explotación, 2021",
        "Forma",
        "Número",
        ["Explotación sexual", "Trabajo forzoso", "Otras", "Total"],
    ),
    "fr": (
        "Tableau 2. Personnes poursuivies et condamnées",
        "Année",
        "Poursuivies",
        "Condamnées",
        "Tableau 3. Victimes par forme d'exploitation, 2021",
        "Forme",
        "Nombre",
        ["Exploitation sexuelle", "Travail forcé", "Autres", "Total"],
    ),
    "nl": (
        "Tabel 2. Vervolgde en veroordeelde personen",
        "Jaar",
        "Vervolgd",
        "Veroordeeld",
        "Tabel 3. Slachtoffers naar vorm van uitbuiting, 2021",
        "Vorm",
        "Aantal",
        ["Seksuele uitbuiting", "Dwangarbeid", "Overige", "Totaal"],
    ),
}


def _sheet(t2, year, pros, conv, t3, form, num, kinds):
    rows = [[t2, None, None, None, t3, None], [year, pros, conv, None, form, num]]
    left = [(2019, 10, 4), (2020, 12, 3), (2021, 9, 5), (None, None, None)]
    for (y, p, c), kind, v in zip(left, kinds, [28, 9, 4, 41]):
        rows.append([y, p, c, None, kind, v])
    return rows


@pytest.mark.parametrize("lang", WORDS)
def test_a_table_headed_number_beside_another_is_read_on_its_own(lang):
    stored, q, out = read(_sheet(*WORDS[lang]), name="Stats")
    assert q == {}, q
    assert {key: v for key, v in stored.items() if key[0] == V} == {
        k(V, 2021, expl="sexual"): 28,
        k(V, 2021, expl="labour"): 9,
        k(V, 2021, expl="other"): 4,
        k(V, 2021): 41,
    }, stored
    assert stored[k("persons_prosecuted", 2019)] == 10 and stored[k("persons_convicted", 2021)] == 5, stored


def test_a_notes_column_after_a_gap_is_no_second_table():
    stored, q, _ = read(
        [
            ["Trafficking in persons"],
            ["Indicator", 2020, 2021, None, "Remarks"],
            ["Victims identified", 4, 6, None, "police only"],
            ["Persons prosecuted", 2, 3, None, "provisional"],
        ]
    )
    assert stored == {k(V, 2020): 4, k(V, 2021): 6, k("persons_prosecuted", 2020): 2, k("persons_prosecuted", 2021): 3}, (stored, q)
