"""K-M, wrong number: a table titled for trafficking in persons AND another crime ("Trafficking in
persons and smuggling of migrants, 2022", "Tráfico ilícito de migrantes y trata de personas 2022",
"Mensenhandel en mensensmokkel 2022") whose row labels name no offence ("Persons prosecuted") may
count both crimes together: its figures are set aside with the reason. A row naming trafficking is
stored, one naming the other crime is set aside as about it, and a sub-table's header naming one
offence ("Mensenhandel" above its rows) speaks for its rows. A body's name ("Comisión
Interinstitucional contra la Trata de Personas y el Tráfico Ilícito de Migrantes", "Taskforce
Mensenhandel en Mensensmokkel"), words in brackets, or a title leaving the other crime out
("excluding smuggling of migrants") do not make a table count both. Sheets are built here with
known figures."""

from __future__ import annotations

import pytest

from tests.intake.test_layouts import k, read


@pytest.mark.parametrize(
    "title,label",
    [
        ("Trafficking in persons and smuggling of migrants, 2022", "Persons prosecuted"),
        ("Tráfico ilícito de migrantes y trata de personas 2022", "Personas procesadas"),
        ("Traite des personnes et trafic illicite de migrants 2022", "Personnes poursuivies"),
        ("Mensenhandel en mensensmokkel 2022", "Vervolgde personen"),
        ("Trafficking in persons / smuggling of migrants 2022", "Persons prosecuted"),
    ],
)
def test_a_joint_title_over_rows_naming_no_offence_sets_them_aside(title, label):
    stored, q, _ = read([[title], ["", "Female", "Male", "Total"], [label, 6, 30, 36]])
    assert stored == {}, (title, stored)
    assert all("counts trafficking in persons and" in q[c] and "do not say which" in q[c] for c in ("B3", "C3", "D3")), q


def test_rows_naming_an_offence_decide_under_a_joint_title():
    stored, q, _ = read(
        [
            ["Trafficking in persons and smuggling of migrants, 2022"],
            ["", "Total"],
            ["Persons prosecuted", 36],
            ["Persons prosecuted for trafficking in persons", 12],
            ["Persons prosecuted for smuggling of migrants", 24],
        ]
    )
    assert stored == {k("persons_prosecuted", 2022): 12}, stored
    assert "do not say which" in q["B3"] and "not trafficking in persons" in q["B5"], q


def test_a_sub_table_header_names_the_offence_of_its_rows():
    stored, q, _ = read(
        [
            ["3.2 Mensenhandel en mensensmokkel 2023"],
            ["Mensenhandel", "Vrouwen", "Mannen", "Totaal"],
            ["Geïdentificeerde slachtoffers", 12, 10, 22],
            ["Mensensmokkel", "Vrouwen", "Mannen", "Totaal"],
            ["Aangehouden verdachten", 3, 11, 14],
        ],
        folder="ABW",
    )
    assert stored == {k("victims_detected", 2023, "female"): 12, k("victims_detected", 2023, "male"): 10, k("victims_detected", 2023): 22}, (stored, q)


@pytest.mark.parametrize(
    "banner",
    [
        "Comisión Interinstitucional contra la Trata de Personas y el Tráfico Ilícito de Migrantes (CITIM)",
        "Ingevuld door: Taskforce Mensenhandel en Mensensmokkel",
        "Trafficking in persons 2022 (excluding smuggling of migrants)",
        "Trafficking in persons 2022 (Unit Trafficking / Smuggling)",
    ],
)
def test_a_body_brackets_or_a_negation_leave_the_table_about_trafficking(banner):
    stored, q, _ = read([[banner], ["Trafficking in persons, 2022"], ["", "Total"], ["Persons prosecuted", 36]])
    assert stored == {k("persons_prosecuted", 2022): 36}, (banner, stored, q)
