"""Issue 8: documents shaped like those ministries publish. A police bulletin with a murder table
and a larceny table on the same sheet as the trafficking table, in the four languages: no figure
of the other tables reaches the observations (what fact_observation is built from), and the
trafficking table is read in full."""

from __future__ import annotations

import openpyxl
import pytest

from ctip.intake.discover import describe_file
from ctip.stage.submission import ingest_submission
from tests.intake.test_layouts import k, read

BULLETINS = {
    "en": {
        "folder": "JAM",
        "banner": "Jamaica Constabulary Force - Annual Crime Statistics 2022",
        "murder": (
            "Table 1: Murders by division",
            ["Division", "Reports", "Victims", "Arrests", "Persons charged"],
            ["Kingston Central", "St. Andrew South", "St. Catherine North"],
        ),
        "larceny": ("Table 2: Larceny by parish", ["Parish", "Reports", "Arrests", "Victims"], ["Kingston", "St. Ann", "Portland"]),
        "tip": (
            "Table 3: Trafficking in persons",
            ["", "Female", "Male", "Total"],
            ["Victims identified", "Persons arrested", "Persons charged", "Persons convicted"],
        ),
        "total": "Total",
        "rate": "Murder rate per 100,000 population",
    },
    "es": {
        "folder": "DOM",
        "banner": "Policía Nacional - Boletín estadístico anual 2022",
        "murder": (
            "Cuadro 1: Homicidios por provincia",
            ["Provincia", "Denuncias", "Víctimas", "Detenidos", "Procesados"],
            ["Santo Domingo", "Santiago", "La Vega"],
        ),
        "larceny": ("Cuadro 2: Robos por región", ["Región", "Denuncias", "Detenidos", "Víctimas"], ["Norte", "Sur", "Este"]),
        "tip": (
            "Cuadro 3: Trata de personas",
            ["", "Mujeres", "Hombres", "Total"],
            ["Víctimas identificadas", "Personas detenidas", "Personas procesadas", "Personas condenadas"],
        ),
        "total": "Total nacional",
        "rate": "Tasa de homicidios por 100 000 habitantes",
    },
    "fr": {
        "folder": "HTI",
        "banner": "Police nationale - Bulletin statistique annuel 2022",
        "murder": (
            "Tableau 1 : Homicides par département",
            ["Département", "Plaintes", "Victimes", "Personnes arrêtées", "Poursuivis"],
            ["Ouest", "Nord", "Artibonite"],
        ),
        "larceny": ("Tableau 2 : Vols par commune", ["Commune", "Plaintes", "Personnes arrêtées", "Victimes"], ["Delmas", "Pétion-Ville", "Cap-Haïtien"]),
        "tip": (
            "Tableau 3 : Traite des personnes",
            ["", "Femmes", "Hommes", "Total"],
            ["Victimes identifiées", "Personnes arrêtées", "Personnes poursuivies", "Personnes condamnées"],
        ),
        "total": "Ensemble du pays",
        "rate": "Taux d'homicides pour 100 000 habitants",
    },
    "nl": {
        "folder": "SUR",
        "banner": "Korps Politie Suriname - Jaarlijkse criminaliteitscijfers 2022",
        "murder": (
            "Tabel 1: Moord en doodslag per district",
            ["District", "Aangiften", "Slachtoffers", "Aangehouden", "Vervolgd"],
            ["Paramaribo", "Wanica", "Nickerie"],
        ),
        "larceny": ("Tabel 2: Diefstal per ressort", ["Ressort", "Aangiften", "Aangehouden", "Slachtoffers"], ["Blauwgrond", "Latour", "Pontbuiten"]),
        "tip": ("Tabel 3: Mensenhandel", ["", "Vrouwen", "Mannen", "Totaal"], ["Geïdentificeerde slachtoffers", "Aangehouden", "Vervolgd", "Veroordeeld"]),
        "total": "Totaal landelijk",
        "rate": "Moordcijfer per 100 000 inwoners",
    },
}
TIP_INDICATORS = ["victims_detected", "persons_investigated", "persons_prosecuted", "persons_convicted"]


def _bulletin(lang: str) -> tuple[list[list], dict, set[str]]:
    """Rows of the sheet, the trafficking figures it holds, and the cells of the other tables."""
    spec = BULLETINS[lang]
    rows: list[list] = [[spec["banner"]], []]
    other_cells: set[str] = set()

    def other_table(title, header, places, base):
        rows.append([title])
        rows.append(header)
        totals = [0] * (len(header) - 1)
        for i, place in enumerate(places):
            values = [base + 7 * i + j for j in range(len(header) - 1)]
            totals = [t + v for t, v in zip(totals, values)]
            rows.append([place, *values])
            other_cells.update(f"{chr(66 + j)}{len(rows)}" for j in range(len(values)))
        rows.append([spec["total"], *totals])
        other_cells.update(f"{chr(66 + j)}{len(rows)}" for j in range(len(totals)))
        rows.append([])

    other_table(*spec["murder"], base=11)
    other_table(*spec["larceny"], base=40)
    title, header, labels = spec["tip"]
    rows.append([title])
    rows.append(header)
    truth = {}
    for i, (label, ind) in enumerate(zip(labels, TIP_INDICATORS)):
        f, m = 3 + i, 1 + i
        rows.append([label, f, m, f + m])
        truth.update({(ind, 2022, "female"): f, (ind, 2022, "male"): m, (ind, 2022, "total"): f + m})
    rows.append([])
    rows.append([spec["rate"], 21])
    other_cells.add(f"B{len(rows)}")
    return rows, truth, other_cells


def _write(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bulletin"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize("lang", sorted(BULLETINS))
def test_police_bulletin_stores_only_the_trafficking_table(tmp_path, lang):
    rows, truth, other_cells = _bulletin(lang)
    raw = tmp_path / "raw"
    path = _write(raw / BULLETINS[lang]["folder"] / f"bulletin_{lang}.xlsx", rows)
    result = ingest_submission(describe_file(path, raw))
    obs = result.observations
    stored = {(r.indicator, int(r.year), r.sex): int(r.value) for r in obs.itertuples()}
    assert stored == truth
    assert set(obs["citizenship"]) == {"total"} and set(obs["age_group"]) == {"total"}
    # No cell of the murder or larceny tables, nor the rate, is stored ...
    assert not set(obs["source_cell"]) & other_cells
    # ... and every one of them is reported with a reason.
    q = result.quarantine
    assert other_cells <= set(q["source_cell"]), sorted(other_cells - set(q["source_cell"]))
    assert q["reason"].str.len().min() > 10


@pytest.mark.parametrize("lang", sorted(BULLETINS))
def test_other_crime_tables_without_place_rows_are_set_aside(tmp_path, lang):
    """A murder table whose rows are breakdowns the schema knows (Female / Male) is still a murder
    table: its 'Victims' are not trafficking victims."""
    spec = BULLETINS[lang]
    title, header, labels = spec["tip"]
    murder_title = spec["murder"][0]
    rows = [[spec["banner"]], [], [murder_title], header, [labels[0], 12, 30, 42], [labels[1], 5, 20, 25], [], [title], header, [labels[0], 3, 1, 4]]
    raw = tmp_path / "raw"
    path = _write(raw / spec["folder"] / "b.xlsx", rows)
    result = ingest_submission(describe_file(path, raw))
    stored = {(r.indicator, r.sex): int(r.value) for r in result.observations.itertuples()}
    assert stored == {("victims_detected", "female"): 3, ("victims_detected", "male"): 1, ("victims_detected", "total"): 4}
    set_aside = result.quarantine[result.quarantine["source_cell"].isin(["B5", "C5", "D5", "B6", "C6", "D6"])]
    assert len(set_aside) == 6 and set_aside["reason"].str.contains("not trafficking").all()


def test_untitled_table_beside_other_crime_tables_is_not_taken_for_trafficking(tmp_path):
    rows = [["Table 1: Murders 2022"], ["", "Female", "Male"], ["Victims", 20, 50], [], ["Table 2"], ["", "Female", "Male"], ["Victims", 3, 1]]
    raw = tmp_path / "raw"
    path = _write(raw / "JAM" / "crime.xlsx", rows)
    result = ingest_submission(describe_file(path, raw))
    assert result.observations.empty
    # named a trafficking return, the file's untitled tables are trafficking tables
    path = _write(raw / "JAM" / "tip_return_2022.xlsx", rows)
    result = ingest_submission(describe_file(path, raw))
    assert {(r.sex, int(r.value)) for r in result.observations.itertuples()} == {("female", 3), ("male", 1)}


# -- geography ------------------------------------------------------------------------------------


@pytest.mark.parametrize("total", ["Total nacional", "National total", "Totaal landelijk", "Ensemble du pays"])
def test_national_total_is_no_citizenship_and_provinces_are_set_aside(total):
    stored, q, _ = read(
        [
            ["Víctimas de trata identificadas, 2022"],
            ["Provincia", "Mujeres", "Hombres", "Total"],
            ["Santo Domingo", 10, 2, 12],
            ["Santiago", 5, 1, 6],
            [total, 15, 3, 18],
        ]
    )
    assert stored == {k("victims_detected", 2022, "female"): 15, k("victims_detected", 2022, "male"): 3, k("victims_detected", 2022): 18}
    assert all("place inside the country" in q[c] for c in ("B3", "C3", "D3", "B4", "C4", "D4"))


# -- labels -----------------------------------------------------------------------------------------


def test_short_labels_context_rows_brackets_nationals_and_footnotes():
    stored, q, _ = read(
        [
            ["Trafficking in persons, 2021"],
            ["Indicator", "Number"],
            ["Victims identified", "12*"],
            ["of whom female", "7 (a)"],
            ["of which children", "Nil"],
            ["Jamaican nationals", "9"],
            ["Persons charged with TIP offences", "15¹"],
            ["Victims assisted (shelter or services)", 4],
        ]
    )
    assert stored == {
        k("victims_detected", 2021): 12,
        k("victims_detected", 2021, "female"): 7,
        k("victims_detected", 2021, age="child"): 0,
        k("victims_detected", 2021, cit="national"): 9,
        k("persons_prosecuted", 2021): 15,
        k("victims_assisted", 2021): 4,
    }


@pytest.mark.parametrize(
    "rows,expected",
    [
        (
            [
                ["Mensenhandel 2022"],
                ["", "Aantal"],
                ["Aangehouden", 5],
                ["Vervolgd", 3],
                ["Veroordeeld", 2],
                ["Slachtoffers", 9],
                ["waarvan seksuele uitbuiting", 6],
            ],
            {
                k("persons_investigated", 2022): 5,
                k("persons_prosecuted", 2022): 3,
                k("persons_convicted", 2022): 2,
                k("victims_detected", 2022): 9,
                k("victims_detected", 2022, expl="sexual"): 6,
            },
        ),
        (
            [
                ["Trata de personas 2022"],
                ["", "Cantidad"],
                ["Personas sancionadas", 4],
                ["Víctimas", 10],
                ["de las cuales niñas", 3],
                ["Nacionales", 6],
                ["Extranjeros", "Ninguno"],
            ],
            {
                k("persons_convicted", 2022): 4,
                k("victims_detected", 2022): 10,
                k("victims_detected", 2022, "female", "child"): 3,
                k("victims_detected", 2022, cit="national"): 6,
                k("victims_detected", 2022, cit="foreign"): 0,
            },
        ),
        (
            [["Traite des personnes 2022"], ["", "Nombre"], ["Poursuivis", 4], ["Victimes", 10], ["dont mineurs", 3], ["Adultes (18 ans et plus)", 7]],
            {
                k("persons_prosecuted", 2022): 4,
                k("victims_detected", 2022): 10,
                k("victims_detected", 2022, age="child"): 3,
                k("victims_detected", 2022, age="adult"): 7,
            },
        ),
    ],
)
def test_labels_people_write(rows, expected):
    stored, _, _ = read(rows)
    assert stored == expected


# -- layouts ----------------------------------------------------------------------------------------


def test_one_block_per_year():
    stored, _, out = read(
        [
            ["Trafficking in persons"],
            ["2021"],
            ["", "Female", "Male"],
            ["Victims identified", 3, 1],
            ["Persons prosecuted", 2, 2],
            [],
            ["2022"],
            ["", "Female", "Male"],
            ["Victims identified", 4, 2],
            ["Persons prosecuted", 1, 0],
        ]
    )
    assert stored == {
        k("victims_detected", 2021, "female"): 3,
        k("victims_detected", 2021, "male"): 1,
        k("persons_prosecuted", 2021, "female"): 2,
        k("persons_prosecuted", 2021, "male"): 2,
        k("victims_detected", 2022, "female"): 4,
        k("victims_detected", 2022, "male"): 2,
        k("persons_prosecuted", 2022, "female"): 1,
        k("persons_prosecuted", 2022, "male"): 0,
    }


def test_pivot_table_export():
    stored, q, _ = read(
        [
            ["Sum of Count", "Column Labels"],
            ["Row Labels", "Female", "Male", "Grand Total"],
            ["2021", None, None, None],
            ["Victims identified", 3, 1, 4],
            ["Persons prosecuted", 2, 2, 4],
            ["2022", None, None, None],
            ["Victims identified", 4, 2, 6],
            ["Grand Total", 9, 5, 14],
        ],
        file_name="tip.xlsx",
    )
    assert stored == {
        k("victims_detected", 2021, "female"): 3,
        k("victims_detected", 2021, "male"): 1,
        k("victims_detected", 2021): 4,
        k("persons_prosecuted", 2021, "female"): 2,
        k("persons_prosecuted", 2021, "male"): 2,
        k("persons_prosecuted", 2021): 4,
        k("victims_detected", 2022, "female"): 4,
        k("victims_detected", 2022, "male"): 2,
        k("victims_detected", 2022): 6,
    }
    assert {"B8", "C8", "D8"} <= set(q)


def test_monthly_table_uses_the_yearly_total_and_never_adds_months():
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    stored, q, _ = read([["Victims of trafficking identified, 2022"], ["", *months, "Total"], ["Victims identified", 1, 2, 3] + [0] * 9 + [7]])
    assert stored == {k("victims_detected", 2022): 7}
    assert all("month" in q[c] for c in ("B3", "C3", "D3"))
    # Jan .. Mar only: the Total covers part of a year, not the year's figure (attack6 K-O)
    stored, q, _ = read([["Victims of trafficking identified, 2022"], ["", "Jan", "Feb", "Mar", "Total"], ["Victims identified", 1, 2, 3, 7]])
    assert stored == {} and "part of a year" in q["E3"]
    stored, q, _ = read([["Victims of trafficking identified, 2022"], ["", "January", "February"], ["Victims identified", 1, 2]])
    assert stored == {}


def test_financial_years_ranges_and_rates_are_never_counts():
    stored, q, _ = read([["Trafficking in persons"], ["", "2019/20", "FY2021", "2015-2019", "2022", "% change"], ["Victims identified", 1, 2, 3, 6, 50]])
    assert stored == {k("victims_detected", 2022): 6}
    assert {"B3", "C3", "D3", "F3"} <= set(q)
    stored, q, _ = read([["Trafficking in persons, financial year 2019/20"], ["", "Female", "Male"], ["Victims identified", 1, 2]], file_name="tip_2020.xlsx")
    assert stored == {}


def test_merged_two_level_header_names_group_and_indicator():
    stored, _, _ = read(
        [["Mensenhandel 2022"], ["", "Verdachten", None, None], ["", "Aangehouden", "Vervolgd", "Veroordeeld"], ["Mannen", 4, 3, 1], ["Vrouwen", 2, 1, 0]],
        merged=[((1, 1), (1, 3))],
    )
    assert stored == {
        k("persons_investigated", 2022, "male"): 4,
        k("persons_prosecuted", 2022, "male"): 3,
        k("persons_convicted", 2022, "male"): 1,
        k("persons_investigated", 2022, "female"): 2,
        k("persons_prosecuted", 2022, "female"): 1,
        k("persons_convicted", 2022, "female"): 0,
    }


@pytest.mark.parametrize(
    "q1,q11,q2",
    [
        (
            "1. How many victims of trafficking were identified in the reporting year?",
            "1.1 of whom female",
            "2. How many persons were prosecuted for trafficking?",
        ),
        (
            "1. ¿Cuántas víctimas de trata fueron identificadas en el año?",
            "1.1 de las cuales mujeres",
            "2. ¿Cuántas personas fueron procesadas por trata de personas?",
        ),
        (
            "1. Combien de victimes de la traite ont été identifiées au cours de l'année ?",
            "1.1 dont femmes",
            "2. Combien de personnes ont été poursuivies pour traite ?",
        ),
        ("1. Hoeveel slachtoffers van mensenhandel zijn geïdentificeerd in het verslagjaar?", "1.1 waarvan vrouwen", "2. Hoeveel verdachten zijn vervolgd?"),
    ],
)
def test_questionnaire_form(q1, q11, q2):
    stored, _, _ = read([["Questionnaire - reporting year 2022"], [], [q1, None, 14], [q11, None, 9], [q2, None, 3]])
    assert stored == {k("victims_detected", 2022): 14, k("victims_detected", 2022, "female"): 9, k("persons_prosecuted", 2022): 3}


def test_offences_table_keeps_only_the_trafficking_row():
    stored, q, _ = read(
        [["Offences 2022"], ["Offence", "Victims", "Arrests"], ["Murder", 12, 4], ["Trafficking in persons", 5, 2], ["Larceny", 100, 20], ["Total", 117, 26]]
    )
    assert stored == {k("victims_detected", 2022): 5, k("persons_investigated", 2022): 2}
    assert {"B3", "C3", "B5", "C5", "B6", "C6"} <= set(q)
    stored, q, _ = read(
        [["Serious crimes reported, 2022"], ["", "Murder", "Robbery", "Trafficking in persons", "Total"], ["Victims", 10, 20, 3, 33], ["Arrests", 5, 6, 2, 13]]
    )
    assert stored == {k("victims_detected", 2022): 3, k("persons_investigated", 2022): 2}


# -- feedback ------------------------------------------------------------------------------------------

HEADINGS = {
    "en": ("Figures stored", "other crimes"),
    "es": ("Cifras registradas", "otros delitos"),
    "fr": ("Chiffres enregistrés", "autres infractions"),
    "nl": ("Opgeslagen cijfers", "andere misdrijven"),
}


@pytest.mark.parametrize("lang", sorted(BULLETINS))
def test_summary_names_every_stored_figure_and_groups_problems_in_the_senders_language(tmp_path, lang):
    from ctip.feedback.write import write_feedback

    rows, truth, _ = _bulletin(lang)
    rows.append(["Dossiers transmis au parquet" if lang == "fr" else "Cases handed to the prosecutor", 4, 5, 9])
    raw = tmp_path / "raw"
    path = _write(raw / BULLETINS[lang]["folder"] / f"bulletin_{lang}.xlsx", rows)
    result = ingest_submission(describe_file(path, raw))
    folder = write_feedback(result, tmp_path / "feedback")
    md = (folder / "summary.md").read_text(encoding="utf-8")
    html_text = (folder / "summary.html").read_text(encoding="utf-8")
    figures_heading, other_crimes = HEADINGS[lang]
    assert figures_heading in md and figures_heading in html_text
    for r in result.observations.itertuples():
        assert f"Bulletin!{r.source_cell}" in md  # every stored figure, with its cell
    tip_labels = BULLETINS[lang]["tip"][2]
    assert all(label in md for label in tip_labels)  # ... and its label as written
    grouped = md.split("\n1. ", 1)[1].split("\n")[0]
    assert other_crimes in grouped  # the table set aside as not trafficking comes first


def test_mapping_suggested_yaml_is_ready_to_copy(tmp_path):
    from ctip.feedback.write import write_feedback
    from ctip.intake.mapping import load_mapping

    raw = tmp_path / "raw"
    rows = [
        ["Trafficking in persons 2022"],
        ["Indicator", "Number"],
        ["Victims identified", 5],
        ["Survivors placed in safe houses", 3],
        ["Persons convicted", 1],
    ]
    path = _write(raw / "JAM" / "tip.xlsx", rows)
    result = ingest_submission(describe_file(path, raw))
    folder = write_feedback(result, tmp_path / "feedback")
    text = (folder / "mapping.suggested.yaml").read_text(encoding="utf-8")
    assert '"Survivors placed in safe houses": ignore' in text and "# closest:" in text
    assert "mapping.suggested.yaml" in (folder / "summary.md").read_text(encoding="utf-8")
    # The sender fills in the indicator and copies it next to the file: the row is read.
    (raw / "JAM" / "mapping.yaml").write_text(text.replace(": ignore", ": victims_assisted"), encoding="utf-8")
    assert load_mapping(raw / "JAM").problem is None
    again = ingest_submission(describe_file(path, raw))
    assert ("victims_assisted", 3) in {(r.indicator, int(r.value)) for r in again.observations.itertuples()}
    # A file whose labels all matched leaves no suggestion behind.
    (raw / "JAM" / "mapping.yaml").unlink()
    path = _write(raw / "JAM" / "tip.xlsx", rows[:3])
    folder = write_feedback(ingest_submission(describe_file(path, raw)), tmp_path / "feedback")
    assert not (folder / "mapping.suggested.yaml").exists()


def test_summary_lists_a_suppressed_figure(tmp_path):
    from ctip.feedback.write import write_feedback

    raw = tmp_path / "raw"
    path = _write(raw / "JAM" / "t.xlsx", [["Indicator", 2021, 2022], ["Victims identified", "<5", 3]])
    folder = write_feedback(ingest_submission(describe_file(path, raw)), tmp_path / "fb")
    md = (folder / "summary.md").read_text(encoding="utf-8")
    assert "| <5 | Bulletin!B2 |" in md.replace("\\<", "<") and "Bulletin!C2" in md


def test_pivot_by_province_keeps_its_grand_total_and_offence_tables_do_not():
    stored, q, _ = read(
        [
            ["Año", "2023"],
            [],
            ["Suma de Cantidad", "Etiquetas de columna"],
            ["Etiquetas de fila", "Casos investigados", "Personas detenidas", "Total general"],
            ["Distrito Nacional", 5, 3, 8],
            ["Santiago", 8, 6, 14],
            ["Total general", 13, 9, 22],
        ],
        file_name="casos_trata_2023.xlsx",
    )
    assert stored == {k("cases_investigated", 2023): 13, k("persons_investigated", 2023): 9}
    # Rows that are offences (one of them trafficking itself): the Total adds up other crimes.
    stored, q, _ = read(
        [
            ["Personas sancionadas por delitos asociados a la trata de personas"],
            ["Delito", 2019, 2020],
            ["Trata de personas", 25, 13],
            ["Proxenetismo", 37, 50],
            ["Corrupción de menores", 42, 24],
            ["Total", 104, 87],
        ]
    )
    assert stored == {k("persons_convicted", 2019): 25, k("persons_convicted", 2020): 13}
    assert {"B6", "C6"} <= set(q)


def test_a_district_named_like_its_country_is_a_place_not_the_national_total(tmp_path):
    """Belize has a Belize District (ISO 3166-2:BZ-BZ): in a table by district, the row 'Belize' is
    one district, and only the written total is the country's figure."""
    raw = tmp_path / "raw"
    path = _write(
        raw / "BLZ" / "victims_by_district.xlsx",
        [
            ["Victims identified by district"],
            ["District", 2020, 2021],
            ["Belize", 3, 5],
            ["Cayo", 4, 6],
            ["Toledo", 5, 7],
            ["Country total", 12, 18],
        ],
    )
    result = ingest_submission(describe_file(path, raw))
    stored = {(r.indicator, int(r.year)): int(r.value) for r in result.observations.itertuples()}
    assert stored == {("victims_detected", 2020): 12, ("victims_detected", 2021): 18}
