"""Each layout reader on small sheets built in memory, with the figures they must and must not store."""

from __future__ import annotations

import pandas as pd

from ctip.harmonise.observations import harmonise_readings
from ctip.intake.extract import extract_workbook
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext
from ctip.schema import load_schema
from ctip.vocabulary.labels import LabelIndex, default_index


def read(
    rows,
    name="Data",
    merged=None,
    kind="worksheet",
    file_name="",
    year_hint=None,
    layout=None,
    labels: LabelIndex | None = None,
    ignore_rows=None,
    ignore_sheets=(),
    folder="JAM",
):
    """Figures stored from one sheet: {(indicator, year, sex, age, exploitation, citizenship): value}, the
    quarantined cells {cell: reason}, and the layout chosen."""
    sheet = SheetGrid(name, [list(r) for r in rows], merged or [], kind)
    ctx = ReadContext(
        folder,
        labels or default_index(),
        year_hint=year_hint,
        file_name=file_name,
        layout=layout or {},
        ignore_rows=ignore_rows or {},
        ignore_sheets=tuple(ignore_sheets),
    )
    out = extract_workbook([sheet], ctx)[0]
    obs, q, _ = harmonise_readings(out.readings + out.unread_cells, folder, "test", "test.xlsx")
    stored = {
        (r.indicator, int(r.year), r.sex, r.age_group, r.exploitation, r.citizenship): (None if pd.isna(r.value) else int(r.value)) for r in obs.itertuples()
    }
    return stored, dict(zip(q["source_cell"], q["reason"])), out


def k(indicator, year, sex="total", age="total", expl="total", cit="total"):
    return (indicator, year, sex, age, expl, cit)


# -- long ---------------------------------------------------------------------------------------


def test_long_table_below_a_banner_with_breakdown_columns():
    stored, q, out = read(
        [
            ["Ministry of National Security"],
            [],
            ["Indicator", "Year", "Sex", "Age group", "Value", "Notes"],
            ["Victims identified", 2022, "Female", "Under 18", 3, None],
            ["Victims identified", 2022, "Male", None, "12", "provisional"],
            ["Victims identified (female)", 2022, "Male", None, 5, None],
            ["Total", 2022, None, None, 40, None],
            ["Hotline calls", 2022, None, None, 311, None],
            [],
            ["Source: NATFATIP"],
        ]
    )
    assert out.layout == "long"
    assert stored == {k("victims_detected", 2022, "female", "child"): 3, k("victims_detected", 2022, "male"): 12}
    assert set(q) == {"E6", "E7", "E8"}  # contradiction, a total of indicators, a non-indicator
    assert "contradicts" in q["E6"] and "not one of the network's indicators" in q["E8"]


def test_long_table_year_from_the_title_in_french():
    stored, q, out = read(
        [
            ["Statistiques 2021"],
            ["Indicateur", "Sexe", "Valeur"],
            ["Victimes identifiées", "Femmes", 4],
            ["Personnes condamnées", "Total", 1],
        ]
    )
    assert stored == {k("victims_detected", 2021, "female"): 4, k("persons_convicted", 2021): 1}


# -- wide by year -------------------------------------------------------------------------------


def test_wide_years_blocks_of_which_and_grand_total():
    stored, q, out = read(
        [
            ["Indicator", 2021, 2022],
            ["1. Victims identified", None, None],
            ["   a) Female", 3, 4],
            ["   b) Male", 2, 1],
            ["   Total", 5, 5],
            ["2. Persons prosecuted", 6, 7],
            ["   of which: women", 2, 3],
            ["Total", 11, 12],
            [],
            ["Source: police."],
        ]
    )
    assert out.layout == "wide_years"
    assert stored == {
        k("victims_detected", 2021, "female"): 3,
        k("victims_detected", 2022, "female"): 4,
        k("victims_detected", 2021, "male"): 2,
        k("victims_detected", 2022, "male"): 1,
        k("victims_detected", 2021): 5,
        k("victims_detected", 2022): 5,
        k("persons_prosecuted", 2021): 6,
        k("persons_prosecuted", 2022): 7,
        k("persons_prosecuted", 2021, "female", "adult"): 2,
        k("persons_prosecuted", 2022, "female", "adult"): 3,
    }
    assert set(q) == {"B8", "C8"}


def test_a_total_after_breakdowns_of_several_blocks_must_add_up():
    stored, q, _ = read(
        [
            ["Indicator", 2021],
            ["Victims identified"],
            ["Female", 3],
            ["Male", 2],
            ["Persons prosecuted"],
            ["Female", 1],
            ["Male", 1],
            ["Total", 7],  # 3+2+1+1: a total of both indicators, not of persons prosecuted
        ]
    )
    assert "B8" in q and k("persons_prosecuted", 2021) not in stored
    stored, q, _ = read(
        [
            ["Indicator", 2021],
            ["Victims identified"],
            ["Female", 3],
            ["Male", 2],
            ["Total", 5],
            ["Persons prosecuted"],
            ["Female", 1],
            ["Male", 1],
            ["Total", 2],
        ]
    )
    assert stored[k("victims_detected", 2021)] == 5 and stored[k("persons_prosecuted", 2021)] == 2 and not q


def test_two_row_header_years_over_sex_with_a_trailing_total():
    rows = [
        [None, 2021, None, None, 2022, None, None, None],
        ["Indicator", "Female", "Male", "Total", "Female", "Male", "Total", "Total"],
        ["Victims identified", 1, 2, 3, 4, 5, 9, 12],
    ]
    expected = {
        k("victims_detected", 2021, "female"): 1,
        k("victims_detected", 2021, "male"): 2,
        k("victims_detected", 2021): 3,
        k("victims_detected", 2022, "female"): 4,
        k("victims_detected", 2022, "male"): 5,
        k("victims_detected", 2022): 9,
    }
    merged = [((0, 1), (0, 3)), ((0, 4), (0, 6))]
    for m in (merged, []):  # with merged ranges, and without (spans inferred)
        stored, q, out = read(rows, merged=m)
        assert out.layout == "wide_years"
        assert stored == expected
        assert set(q) == {"H3"} and "total over years" in q["H3"]


def test_group_headers_centred_over_their_columns_without_merging():
    # attack6 K-Y: '2021' in C and '2022' in F, the middle of each Female | Male | Total group (Excel's
    # 'Center Across Selection'): each year covers the group holding it, never the next group's Female
    rows = [
        ["Victims identified"],
        [None, None, 2021, None, None, 2022, None, None],
        [None, "Female", "Male", "Total", "Female", "Male", "Total", "Total"],
        ["Sexual exploitation", 5, 1, 6, 7, 2, 9, 15],
    ]
    stored, q, _ = read(rows)
    assert stored == {
        k("victims_detected", 2021, "female", expl="sexual"): 5,
        k("victims_detected", 2021, "male", expl="sexual"): 1,
        k("victims_detected", 2021, expl="sexual"): 6,
        k("victims_detected", 2022, "female", expl="sexual"): 7,
        k("victims_detected", 2022, "male", expl="sexual"): 2,
        k("victims_detected", 2022, expl="sexual"): 9,
    }
    assert set(q) == {"H4"} and "total over years" in q["H4"]
    # the same with indicators centred over their groups
    stored, q, _ = read(
        [
            ["Trafficking 2022"],
            [None, None, "Victims identified", None, None, "Persons prosecuted", None],
            [None, "Female", "Male", "Total", "Female", "Male", "Total"],
            ["Jamaica", 12, 1, 13, 7, 2, 9],
        ]
    )
    assert stored == {
        k("victims_detected", 2022, "female"): 12,
        k("victims_detected", 2022, "male"): 1,
        k("victims_detected", 2022): 13,
        k("persons_prosecuted", 2022, "female"): 7,
        k("persons_prosecuted", 2022, "male"): 2,
        k("persons_prosecuted", 2022): 9,
    }


def test_centred_group_headers_over_uneven_groups_are_set_aside():
    # attack6 K-Y: groups that do not repeat one pattern cannot be told apart: nothing under the
    # centred years is stored (2021's label must not reach the 2022 Female column)
    stored, q, _ = read(
        [
            ["Victims identified"],
            [None, None, 2021, None, None, 2022],
            [None, "Female", "Male", "Total", "Female", "Male"],
            ["Sexual exploitation", 5, 1, 6, 7, 2],
        ]
    )
    assert stored == {}
    assert set(q) == {"B4", "C4", "D4", "E4", "F4"}
    assert "centred" in q["E4"] and "centred" in q["F4"]


def test_left_aligned_groups_after_a_leading_total_are_read_as_before():
    stored, q, _ = read(
        [
            ["Victims identified"],
            [None, None, 2021, None, None, 2022, None, None],
            [None, "Total", "Female", "Male", "Total", "Female", "Male", "Total"],
            ["Sexual exploitation", 15, 5, 1, 6, 7, 2, 9],
        ]
    )
    assert stored[k("victims_detected", 2021, "female", expl="sexual")] == 5
    assert stored[k("victims_detected", 2022, "female", expl="sexual")] == 7
    assert len(stored) == 6 and set(q) == {"B4"}


def test_flattened_two_row_header():
    stored, _, _ = read(
        [
            ["Indicator", "2021 Female", "2021 Male", "2022 Female"],
            ["Persons convicted", 1, 2, 3],
        ]
    )
    assert stored == {k("persons_convicted", 2021, "female"): 1, k("persons_convicted", 2021, "male"): 2, k("persons_convicted", 2022, "female"): 3}


def test_block_per_indicator_with_repeated_headers():
    stored, q, _ = read(
        [
            ["Victims identified"],
            ["Sex", 2021, 2022],
            ["Female", 1, 2],
            ["Male", 3, 4],
            ["Total", 4, 6],
            [],
            ["Persons convicted"],
            ["Sex", 2021, 2022],
            ["Female", 0, 1],
            ["Male", 1, 1],
            ["Total", 1, 2],
        ]
    )
    assert stored[k("victims_detected", 2022)] == 6 and stored[k("persons_convicted", 2022, "male")] == 1
    assert len(stored) == 12 and not q


def test_indicator_merged_down_with_a_sex_column():
    stored, q, _ = read(
        [["Indicator", "Sex", 2021], ["Victims assisted", "Female", 2], [None, "Male", 3], [None, "Total", 5]],
        merged=[((1, 0), (3, 0))],
    )
    assert stored == {k("victims_assisted", 2021, "female"): 2, k("victims_assisted", 2021, "male"): 3, k("victims_assisted", 2021): 5}


def test_indicator_merged_down_in_a_long_table():
    # attack6 K-V: 'Victims identified' merged over its Female and Male rows names both rows
    stored, q, out = read(
        [
            ["Victims 2022"],
            ["Indicator", "Sex", "Value"],
            ["Victims identified", "Female", 12],
            [None, "Male", 3],
            ["Persons prosecuted", "Female", 1],
            [None, "Male", 5],
        ],
        merged=[((2, 0), (3, 0)), ((4, 0), (5, 0))],
    )
    assert out.layout == "long" and not q
    assert stored == {
        k("victims_detected", 2022, "female"): 12,
        k("victims_detected", 2022, "male"): 3,
        k("persons_prosecuted", 2022, "female"): 1,
        k("persons_prosecuted", 2022, "male"): 5,
    }


def test_total_column_over_years_is_not_stored():
    stored, q, _ = read([["Indicador", 2020, 2021, "Total"], ["Víctimas asistidas", 1, 2, 3]])
    assert stored == {k("victims_assisted", 2020): 1, k("victims_assisted", 2021): 2}
    assert set(q) == {"D2"}


# -- wide by breakdown --------------------------------------------------------------------------


def test_wide_by_sex_year_from_title_sheet_or_file():
    rows = [["Indicateur", "Femmes", "Hommes", "Total"], ["Victimes identifiées", 1, 2, 3]]

    def expected(y):
        return {k("victims_detected", y, "female"): 1, k("victims_detected", y, "male"): 2, k("victims_detected", y): 3}

    assert read([["Statistiques – année 2022"]] + rows)[0] == expected(2022)
    assert read(rows, name="Année 2021")[0] == expected(2021)
    stored, _, out = read(rows, file_name="HTI/donnees_2020.xlsx")
    assert out.layout == "wide_dims" and stored == expected(2020)
    # a date in the file name is the day it was sent, not the year of the figures
    stored, q, _ = read(rows, file_name="HTI/envoi_2024-03-15.xlsx")
    assert stored == {} and len(q) == 3
    # a title naming several years names none
    stored, q, _ = read([["Rapport 2019-2023"]] + rows, file_name="HTI/donnees_2020.xlsx")
    assert stored == {} and "several years" in next(iter(q.values()))
    # the title and the sheet name disagree: nothing is guessed
    stored, q, _ = read([["Statistiques 2022"]] + rows, name="2021")
    assert stored == {}


def test_grand_total_row_under_indicators():
    stored, q, _ = read(
        [["Indicator", "Female", "Male", "Total"], ["Victims identified", 1, 2, 3], ["Persons prosecuted", 1, 1, 2], ["Total", 2, 3, 5]], name="2022"
    )
    assert len(stored) == 6 and set(q) == {"B4", "C4", "D4"}


def test_girls_boys_women_men_and_spanish_context():
    stored, _, _ = read([["Indicador", "Niñas", "Niños", "Mujeres", "Hombres", "Total"], ["Víctimas identificadas", 1, 2, 3, 4, 10]], name="2023")
    assert stored == {
        k("victims_detected", 2023, "female", "child"): 1,
        k("victims_detected", 2023, "male", "child"): 2,
        k("victims_detected", 2023, "female", "adult"): 3,
        k("victims_detected", 2023, "male", "adult"): 4,
        k("victims_detected", 2023): 10,
    }
    # alone, Mujeres and Niños keep their plain meaning
    stored, _, _ = read([["Indicador", "Mujeres", "Hombres", "Niños", "Adultos"], ["Víctimas identificadas", 1, 2, 1, 2]], name="2023")
    assert k("victims_detected", 2023, "female") in stored and k("victims_detected", 2023, age="child") in stored


def test_h_and_m_letters_and_unknown_beside_sex():
    stored, _, _ = read([["INDICADOR", "H", "M", "TOTAL"], ["PERSONAS PROCESADAS", 1, 2, 3]], name="2021")
    assert stored[k("persons_prosecuted", 2021, "male")] == 1 and stored[k("persons_prosecuted", 2021, "female")] == 2
    stored, _, _ = read([["Indicator", "F", "M"], ["Persons prosecuted", 1, 2]], name="2021")
    assert stored[k("persons_prosecuted", 2021, "male")] == 2
    stored, q, _ = read([["Indicator", "Vrouwen", "Mannen", "Onbekend", "Totaal"], ["Vervolgde verdachten", 1, 2, 1, 4]], name="2021")
    assert stored[k("persons_prosecuted", 2021, "unknown")] == 1 and not q


def test_other_beside_sex_is_not_a_form_of_exploitation():
    stored, q, _ = read([["Indicator", "Female", "Male", "Other", "Total"], ["Victims identified", 1, 2, 1, 4]], name="2021")
    assert set(q) == {"D2"} and len(stored) == 3


def test_indicator_and_year_from_the_title_with_total_row_and_column():
    stored, q, out = read(
        [
            ["Victims identified by form of exploitation and sex, 2023"],
            ["Form of exploitation", "Female", "Male", "Total"],
            ["Sexual exploitation", 1, 0, 1],
            ["Forced labour", 2, 3, 5],
            ["Total", 3, 3, 6],
        ]
    )
    assert out.layout == "wide_dims" and not q
    assert stored[k("victims_detected", 2023, "male", expl="labour")] == 3
    assert stored[k("victims_detected", 2023, "female")] == 3 and stored[k("victims_detected", 2023)] == 6


def test_year_column_written_once_per_group():
    stored, _, _ = read(
        [
            ["Jaar", "Indicator", "Vrouwen", "Mannen"],
            [2021, "Vervolgde verdachten", 1, 2],
            [None, "Veroordeelde personen", 0, 1],
            [2022, "Vervolgde verdachten", 3, 4],
        ],
        merged=[((1, 0), (2, 0))],
    )
    assert stored[k("persons_convicted", 2021, "male")] == 1 and stored[k("persons_prosecuted", 2022, "male")] == 4


# -- transposed ---------------------------------------------------------------------------------


def test_transposed_with_total_row_over_years():
    stored, q, out = read(
        [
            ["Año", "Víctimas identificadas", "Personas condenadas"],
            [2021, 4, 1],
            [2022, 5, "-"],
            ["Total", 9, 1],
        ]
    )
    assert out.layout == "transposed"
    assert stored == {k("victims_detected", 2021): 4, k("victims_detected", 2022): 5, k("persons_convicted", 2021): 1, k("persons_convicted", 2022): 0}
    assert set(q) == {"B4", "C4"}


def test_transposed_two_row_header_merged():
    stored, q, out = read(
        [["Year", "Victims identified", None, None], [None, "Female", "Male", "Total"], [2022, 1, 2, 3]],
        merged=[((0, 0), (1, 0)), ((0, 1), (0, 3))],
    )
    assert out.layout == "transposed"
    assert stored == {k("victims_detected", 2022, "female"): 1, k("victims_detected", 2022, "male"): 2, k("victims_detected", 2022): 3}


def test_total_column_beside_indicators_is_not_stored():
    stored, q, _ = read([["Year", "Victims identified", "Persons prosecuted", "Total"], [2022, 1, 2, 3]])
    assert len(stored) == 2 and set(q) == {"D2"}


# -- list without header ------------------------------------------------------------------------


def test_headerless_list():
    stored, q, out = read([["Victims identified", 4], ["Persons convicted", 1], ["Budget", 1000]], file_name="GUY/GUY_2021.csv", folder="GUY")
    assert out.layout == "label_list"
    assert stored == {k("victims_detected", 2021): 4, k("persons_convicted", 2021): 1} and set(q) == {"B3"}


# -- sheets that are not read -------------------------------------------------------------------


def test_sheets_not_read():
    rows = [["Indicator", "Female"], ["Victims identified", 1]]
    assert read(rows, name="2022", kind="hidden")[2].notes[0].startswith("hidden sheet")
    assert read([], name="Chart1", kind="chart")[2].notes == ["chart sheet: ignored"]
    assert read([["Notes"], [1, "Figures for 2022 are provisional."]], name="Notas")[0] == {}
    stored, q, out = read([["Ministry"], ["Some text", 12]], name="Cover")
    assert stored == {} and set(q) == {"B2"}  # no table: the figure is reported, not guessed


def test_layout_named_by_mapping_reads_a_table_below_long_notes():
    rows = [[f"Note {i}"] for i in range(50)] + [["Indicator", 2021], ["Victims identified", 3], ["Persons convicted", 1]]
    stored, q, out = read(rows)
    assert stored == {} and out.layout is None and set(q) == {"B52", "B53"}
    stored, q, out = read(rows, layout={"Data": "wide_years"})
    assert stored == {k("victims_detected", 2021): 3, k("persons_convicted", 2021): 1}
    assert read(rows, layout={"*": "none"})[2].notes == ["ignored as the mapping file asks"]


def test_ignored_rows_and_sheets_and_mapped_labels():
    labels = LabelIndex(load_schema(), extra={"TIP victims (police)": "victims_detected", "Rescued persons": "ignore"})
    rows = [["Item", 2021], ["TIP victims (police)", 3], ["Victims identified (draft)", 9], ["Rescued persons", 2]]
    stored, q, _ = read(rows, labels=labels, ignore_rows={"data": [3]})
    assert stored == {k("victims_detected", 2021): 3}
    assert set(q) == {"B4"} and "not one of the network's indicators" in q["B4"]
    assert read(rows, ignore_sheets=["DATA"])[2].notes == ["ignored as the mapping file asks"]


def test_several_sheets_of_different_kinds():
    ctx = ReadContext("DOM", default_index(), file_name="DOM/informe_2022.xlsx")
    sheets = [
        SheetGrid("Portada", [["Informe anual 2022"], ["Fecha: 15 de marzo de 2023"]]),
        SheetGrid(
            "Víctimas",
            [
                ["Víctimas identificadas según forma de explotación"],
                ["Forma", 2021, 2022],
                ["Explotación sexual", 1, 2],
                ["Trabajo forzoso", 3, 4],
                ["Total", 4, 6],
            ],
        ),
        SheetGrid("Procesos", [["Año", "Personas procesadas"], [2021, 5], [2022, 6]]),
        SheetGrid("Gráfico", [], kind="chart"),
    ]
    layouts = [o.layout for o in extract_workbook(sheets, ctx)]
    assert layouts == [None, "wide_years", "transposed", None]


def test_three_row_header_without_merged_cells():
    stored, q, out = read(
        [
            [None, "Victims identified", None, None, None, "Persons convicted", None],
            [None, 2021, None, 2022, None, 2021, None],
            ["Sex", "Female", "Male", "Female", "Male", "Female", "Male"],
            ["Total", 1, 2, 3, 4, 5, 6],
        ]
    )
    assert out.layout == "wide_years" and not q
    assert stored == {
        k("victims_detected", 2021, "female"): 1,
        k("victims_detected", 2021, "male"): 2,
        k("victims_detected", 2022, "female"): 3,
        k("victims_detected", 2022, "male"): 4,
        k("persons_convicted", 2021, "female"): 5,
        k("persons_convicted", 2021, "male"): 6,
    }


def test_other_repeated_under_each_year_is_still_not_read():
    stored, q, _ = read(
        [
            [None, 2021, None, None, 2022, None, None],
            ["Indicator", "Female", "Male", "Other", "Female", "Male", "Other"],
            ["Victims identified", 1, 2, 1, 3, 4, 1],
        ]
    )
    assert len(stored) == 4 and set(q) == {"D3", "G3"}


def test_numbering_column_and_breakdowns_in_indicator_columns():
    stored, q, out = read(
        [
            ["No.", "Indicator", 2022],
            [1, "Victims identified", 4],
            [2, "Persons prosecuted", 2],
        ]
    )
    assert stored == {k("victims_detected", 2022): 4, k("persons_prosecuted", 2022): 2} and not q
    stored, q, out = read([["Year", "Victims identified (female)", "Victims identified (male)"], [2022, 1, 2]])
    assert out.layout == "transposed"
    assert stored == {k("victims_detected", 2022, "female"): 1, k("victims_detected", 2022, "male"): 2}


def test_prose_across_the_table_is_not_read():
    stored, q, _ = read(
        [
            ["Indicator", 2021, 2022],
            ["Victims identified", 1, 2],
            [None, "Figures revised in March", "see note"],
        ]
    )
    assert stored == {k("victims_detected", 2021): 1, k("victims_detected", 2022): 2} and not q


def test_two_tables_side_by_side_are_read_apart():
    stored, q, out = read(
        [
            ["Indicator", 2021, 2022, None, "Indicator", 2023],
            ["Victims identified", 1, 2, None, "Persons prosecuted", 7],
            ["Persons convicted", 0, 1, None, "Victims assisted", 5],
        ]
    )
    assert stored == {
        k("victims_detected", 2021): 1,
        k("victims_detected", 2022): 2,
        k("persons_convicted", 2021): 0,
        k("persons_convicted", 2022): 1,
        k("persons_prosecuted", 2023): 7,
        k("victims_assisted", 2023): 5,
    }
    assert not q
