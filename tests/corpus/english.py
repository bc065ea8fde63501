"""Fixture builders for members writing in English (and the precision traps in English)."""

from __future__ import annotations

from pathlib import Path

from .fixtures import NA, NIL, SUP, Book, Fixture, Raw, Series, key
from .indicators import CI, PC, PI, PP, A, V, sex_split
from .writers import Formula


def jam_long_template(raw: Path) -> Fixture:
    """Long table under a three-row banner, header on row 5, a notes column, noise rows."""
    b = Book(
        "jam_long_template",
        "JAM",
        "jam_tip_submission_2023.xlsx",
        "JAM",
        ("long", "banner", "header_not_first_row", "en", "xlsx", "total_row_quarantined", "not_indicator"),
    )
    s = b.sheet("Submission")
    s.row("Government of Jamaica")
    s.row("Ministry of National Security – National Taskforce Against Trafficking in Persons (NATFATIP)")
    s.row("Annual data submission to the CMC statistics network")
    s.blank()
    s.row("Indicator", "Year", "Sex", "Age group", "Value", "Notes")
    n = Series(1)
    for year in (2021, 2022):
        f, m, t = sex_split(n)
        for sex_label, sex, v in (("Female", "female", f), ("Male", "male", m), ("Both sexes", "total", t)):
            r = s.row("Victims identified", year, sex_label, "All ages")
            s.put(r, 4, v, key(V, year, sex))
        c = n(0, 9)
        r = s.row("Victims identified", year, "Both sexes", "Under 18")
        s.put(r, 4, c, key(V, year, age="child"))
        r = s.row("Victims identified", year, "Both sexes", "18 and over")
        s.put(r, 4, t - c, key(V, year, age="adult"))
        for label, ind in (("Persons prosecuted", PP), ("Persons convicted", PC), ("Cases investigated", CI)):
            r = s.row(label, year, None, None)
            s.put(r, 4, n(1, 12), key(ind, year))
    # values as text and markers in a long table
    r = s.row("Victims assisted", 2022, "Female", None)
    s.put(r, 4, Raw("14", 14), key(A, 2022, "female"))
    r = s.row("Victims assisted", 2022, "Male", None)
    s.put(r, 4, Raw("x", SUP), key(A, 2022, "male"))
    s.rows[r].append("suppressed: fewer than 5")
    r = s.row("Victims assisted", 2021, "Male", None)
    s.put(r, 4, Raw("n/a", NA), key(A, 2021, "male"))
    r = s.row("Hotline calls", 2022, None, None)
    s.noise(r, 4, 154)
    r = s.row("Total", 2022, None, None)
    s.noise(r, 4, 301)
    s.blank(2)
    s.row("Prepared by the NATFATIP Secretariat. Figures for 2022 are provisional.")
    return b.save(raw)


def tto_two_row_header(raw: Path) -> Fixture:
    """Years merged over Female / Male / Total; a trailing Total over both years is not stored."""
    b = Book("tto_two_row_header", "TTO", "tto_ctu_statistics.xlsx", "TTO", ("wide_years", "two_row_header", "merged", "total_column", "en", "xlsx"))
    s = b.sheet("TIP Statistics")
    s.row("Counter Trafficking Unit – Ministry of National Security")
    s.blank()
    s.row(None, 2021, None, None, 2022, None, None, None)
    s.merge("B3:D3")
    s.merge("E3:G3")
    s.row("Indicator", "Female", "Male", "Total", "Female", "Male", "Total", "Total")
    n = Series(6)
    for label, ind in (("Victims identified", V), ("Victims assisted", A), ("Persons prosecuted", PP), ("Persons convicted", PC)):
        r = s.row(label)
        grand = 0
        for j, year in enumerate((2021, 2022)):
            f, m, t = sex_split(n, 0, 15)
            s.put(r, 1 + 3 * j, f, key(ind, year, "female"))
            s.put(r, 2 + 3 * j, m, key(ind, year, "male"))
            s.put(r, 3 + 3 * j, t, key(ind, year))
            grand += t
        s.put(r, 7, grand, None)
    return b.save(raw)


def bhs_blocks_repeated_header(raw: Path) -> Fixture:
    """A block per indicator, each with its own header row, in an .xlsm workbook."""
    b = Book(
        "bhs_blocks_repeated_header",
        "BHS",
        "bhs_tip_2021_2023.xlsm",
        "BHS",
        ("block_per_indicator", "repeated_header", "title_indicator", "total_row", "en", "xlsm"),
    )
    s = b.sheet("Blocks")
    s.row("The Bahamas – Trafficking in Persons Inter-Ministerial Committee")
    s.blank()
    n = Series(7)
    for label, ind in (("Victims identified", V), ("Persons prosecuted", PP), ("Persons convicted", PC)):
        s.row(label)
        s.row("Sex", 2021, 2022, 2023)
        parts = {}
        for sex_label, sex in (("Female", "female"), ("Male", "male")):
            r = s.row(sex_label)
            for j, year in enumerate((2021, 2022, 2023)):
                v = n(0, 12)
                parts[year] = parts.get(year, 0) + v
                s.put(r, 1 + j, v, key(ind, year, sex))
        r = s.row("Total")
        for j, year in enumerate((2021, 2022, 2023)):
            s.put(r, 1 + j, parts[year], key(ind, year))
        s.blank()
    return b.save(raw)


def guy_of_which(raw: Path) -> Fixture:
    """'of which' rows under a total: girls, women, forms of exploitation, foreign nationals."""
    b = Book("guy_of_which", "GUY", "guyana_ctip_2020-2022.xlsx", "GUY", ("wide_years", "of_which", "compounds", "en", "xlsx"))
    s = b.sheet("C-TIP")
    s.row("Ministry of Home Affairs – Counter-Trafficking in Persons Unit")
    s.row("Indicator", 2020, 2021, 2022)
    n = Series(8)
    for label, ind, subs in (
        (
            "Victims identified",
            V,
            (
                ("of which: girls", {"sex": "female", "age": "child"}),
                ("of which: women", {"sex": "female", "age": "adult"}),
                ("of which: sexual exploitation", {"expl": "sexual"}),
                ("of which: forced labour", {"expl": "labour"}),
                ("of which: foreign nationals", {"cit": "foreign"}),
            ),
        ),
        ("Victims assisted", A, (("  thereof children", {"age": "child"}),)),
        ("Persons investigated", PI, ()),
        ("Persons prosecuted", PP, (("of which: women", {"sex": "female", "age": "adult"}),)),
        ("Persons convicted", PC, ()),
    ):
        r = s.row(label)
        totals = {}
        for j, year in enumerate((2020, 2021, 2022)):
            totals[year] = n(20, 60)
            s.put(r, 1 + j, totals[year], key(ind, year))
        for sub_label, dims in subs:
            r = s.row(sub_label)
            for j, year in enumerate((2020, 2021, 2022)):
                s.put(r, 1 + j, n(0, totals[year] // 3), key(ind, year, **dims))
    return b.save(raw)


def blz_dims_in_labels(raw: Path) -> Fixture:
    """The breakdown written in the label: '(female)', '– girls', 'Female victims assisted'."""
    b = Book("blz_dims_in_labels", "BLZ", "belize_atips_council.xlsx", "BLZ", ("wide_years", "dimension_in_label", "en", "xlsx"))
    s = b.sheet("Statistics")
    s.row("Anti-Trafficking in Persons Council (ATIPS) – Belize")
    s.blank()
    s.row("Indicator", 2021, 2022, 2023)
    n = Series(9)
    years = (2021, 2022, 2023)
    fem = {y: n(3, 10) for y in years}
    mal = {y: n(3, 10) for y in years}
    rows = (
        ("Victims identified (female)", V, {"sex": "female"}, fem),
        ("Victims identified (male)", V, {"sex": "male"}, mal),
        ("Victims identified – girls", V, {"sex": "female", "age": "child"}, {y: n(0, fem[y]) for y in years}),
        ("Victims identified – boys", V, {"sex": "male", "age": "child"}, {y: n(0, mal[y]) for y in years}),
        ("Victims identified (total)", V, {}, {y: fem[y] + mal[y] for y in years}),
        ("Female victims assisted", A, {"sex": "female"}, {y: n(0, 5) for y in years}),
        ("Male victims assisted", A, {"sex": "male"}, {y: n(0, 5) for y in years}),
        ("Persons prosecuted (male)", PP, {"sex": "male"}, {y: n(0, 5) for y in years}),
        ("Persons prosecuted (female)", PP, {"sex": "female"}, {y: n(0, 5) for y in years}),
        ("Persons convicted, adults", PC, {"age": "adult"}, {y: n(0, 5) for y in years}),
    )
    for label, ind, dims, values in rows:
        r = s.row(label)
        for j, year in enumerate(years):
            s.put(r, 1 + j, values[year], key(ind, year, **dims))
    return b.save(raw)


def lca_csv_year_in_filename(raw: Path) -> Fixture:
    """Wide by sex, no year anywhere but the file name; UTF-8 csv with commas."""
    b = Book(
        "lca_csv_year_in_filename",
        "LCA",
        "LCA_TIP_statistics_2022.csv",
        "LCA",
        ("wide_dims", "year_in_file_name", "total_column", "en", "csv", "utf-8"),
        delimiter=",",
        encoding="utf-8",
    )
    s = b.sheet("LCA_TIP_statistics_2022")
    s.row("Indicator", "Female", "Male", "Total")
    n = Series(12)
    for label, ind in (("Victims identified", V), ("Victims assisted", A), ("Persons investigated", PI), ("Persons prosecuted", PP), ("Persons convicted", PC)):
        r = s.row(label)
        f, m, t = sex_split(n, 0, 9)
        s.put(r, 1, f, key(ind, 2022, "female"))
        s.put(r, 2, m, key(ind, 2022, "male"))
        s.put(r, 3, t, key(ind, 2022))
    r = s.row("Cases investigated", None, None)
    s.put(r, 3, 7, key(CI, 2022))
    return b.save(raw)


def kna_totals_rows_and_columns(raw: Path) -> Fixture:
    """Forms of exploitation by sex, Total row and column, indicator and year only in the title."""
    b = Book(
        "kna_totals_rows_and_columns",
        "KNA",
        "kna_victims.xlsx",
        "KNA",
        ("wide_dims", "title_indicator", "year_in_title", "total_row", "total_column", "en", "xlsx"),
    )
    s = b.sheet("Table 1")
    s.row("Federation of St Kitts and Nevis – Ministry of National Security")
    s.row("Victims identified by form of exploitation and sex, 2023")
    s.row("Form of exploitation", "Female", "Male", "Total")
    n = Series(14)
    col_totals = [0, 0]
    for label, expl in (("Sexual exploitation", "sexual"), ("Forced labour", "labour"), ("Other forms of exploitation", "other")):
        r = s.row(label)
        f, m, t = sex_split(n, 0, 8)
        col_totals[0] += f
        col_totals[1] += m
        s.put(r, 1, f, key(V, 2023, "female", expl=expl))
        s.put(r, 2, m, key(V, 2023, "male", expl=expl))
        s.put(r, 3, t, key(V, 2023, expl=expl))
    r = s.row("Total")
    s.put(r, 1, col_totals[0], key(V, 2023, "female"))
    s.put(r, 2, col_totals[1], key(V, 2023, "male"))
    s.put(r, 3, sum(col_totals), key(V, 2023))
    s.blank()
    s.row("Source: Royal St Kitts and Nevis Police Force, TIP Unit.")
    return b.save(raw)


def atg_values_and_formulas(raw: Path) -> Fixture:
    """Counts as numbers and text, thousands separators, every marker, formulas with cached values."""
    b = Book("atg_values_and_formulas", "ATG", "atg_tip_figures.xlsx", "ATG", ("values", "markers", "thousands", "formulas", "en", "xlsx"))
    s = b.sheet("Sex 2022")
    s.row("Antigua and Barbuda – Trafficking in Persons Prevention Committee")
    s.row("Figures for 2022")
    s.row("Indicator", "Female", "Male", "Total")
    n = Series(15)
    for label, ind in (("Victims identified", V), ("Victims assisted", A), ("Persons prosecuted", PP)):
        r = s.row(label)
        f, m, t = sex_split(n, 1, 9)
        s.put(r, 1, f, key(ind, 2022, "female"))
        s.put(r, 2, Raw(str(m), m), key(ind, 2022, "male"))
        s.put(r, 3, Formula(f"=SUM(B{r + 1}:C{r + 1})", t), key(ind, 2022))
    v = b.sheet("Series")
    v.row("Antigua and Barbuda – figures as recorded by each agency")
    years = list(range(2010, 2022))
    v.row("Indicator", *years)
    cells = {
        "Victims identified": (
            V,
            [
                3,
                Raw("7", 7),
                Raw("1,234", 1234),
                Raw("1.234", 1234),
                Raw("1 234", 1234),
                Raw("1\u00a0234", 1234),
                Raw(" 12 ", 12),
                Raw("12.0", 12),
                5.0,
                Raw("1,204.00", 1204),
                Raw("0", 0),
                Raw("2,005", 2005),
            ],
        ),
        "Victims assisted": (
            A,
            [
                Raw("..", NA),
                Raw("n/a", NA),
                Raw("N/D", NA),
                Raw("s.o.", NA),
                Raw("nd", NA),
                Raw("-", NIL),
                Raw("–", NIL),
                Raw("—", NIL),
                Raw("<5", SUP),
                Raw("x", SUP),
                Raw("c", SUP),
                Raw("X", SUP),
            ],
        ),
        "Persons convicted": (
            PC,
            [Raw("N/A", NA), Raw("...", NA), Raw("< 5", SUP), Raw("C", SUP), 2, 1, 0, Raw("--", NIL), Raw("S.O.", NA), Raw("ND", NA), 4, 3],
        ),
    }
    for label, (ind, vals) in cells.items():
        r = v.row(label)
        for j, (year, val) in enumerate(zip(years, vals)):
            v.put(r, 1 + j, val, key(ind, year))
    r = v.row("Persons prosecuted")
    for j, year in enumerate(years):
        # "12*": a footnote mark after a number is set apart and the number stored (issue 8).
        val = [Raw("12*", 12), Raw("3.5", None), Raw("-2", None)][j] if j < 3 else n(0, 5)
        if 0 < j < 3:
            v.noise(r, 1 + j, val.text)
        else:
            v.put(r, 1 + j, val, key(PP, year))
    return b.save(raw)


def vct_tab_utf16(raw: Path) -> Fixture:
    """Tab-delimited text in UTF-16 (Excel's 'Unicode text'), wide by year under a title."""
    b = Book("vct_tab_utf16", "VCT", "vct_tip_data.txt", "VCT", ("wide_years", "en", "txt", "tab", "utf-16"), delimiter="\t", encoding="utf-16")
    s = b.sheet("vct_tip_data")
    s.row("St Vincent and the Grenadines – Anti-Trafficking in Persons Unit")
    s.row("Indicator", 2020, 2021, 2022)
    n = Series(16)
    for label, ind in (
        ("Victims identified", V),
        ("Persons investigated", PI),
        ("Persons prosecuted", PP),
        ("Persons convicted", PC),
        ("Cases investigated", CI),
    ):
        r = s.row(label)
        for j, year in enumerate((2020, 2021, 2022)):
            s.put(r, 1 + j, n(0, 9), key(ind, year))
    return b.save(raw)


def grd_mapping_overrides(raw: Path) -> Fixture:
    """mapping.yaml: labels to codes (and to 'ignore'), an ignored sheet, an ignored row."""
    b = Book("grd_mapping_overrides", "GRD", "grenada_rgpf_2022.xlsx", "GRD", ("mapping", "wide_years", "en", "xlsx"))
    s = b.sheet("Data")
    s.row("Royal Grenada Police Force – Special Victims Unit")
    s.row("Item", 2021, 2022)
    n = Series(20)
    for label, ind, dims in (
        ("TIP victims (police)", V, {}),
        ("Female victims (police)", V, {"sex": "female"}),
        ("Matters before the court", PP, {}),
        ("Persons convicted", PC, {}),
    ):
        r = s.row(label)
        for j, year in enumerate((2021, 2022)):
            s.put(r, 1 + j, n(2, 9) if not dims else n(0, 2), key(ind, year, **dims))
    r = s.row("Rescued persons")
    s.noise(r, 1, 4)
    s.noise(r, 2, 6)
    ignored_row = s.row("Victims identified (preliminary)", 99, 98)  # replaced by the police figures above
    scratch = b.sheet("Scratch")
    scratch.row("Indicator", 2022)
    scratch.row("Victims identified", 999)
    b.mapping = (
        "labels:\n"
        '  "TIP victims (police)": victims_detected\n'
        '  "Female victims (police)": "victims_detected, sex:female"\n'
        '  "Matters before the court": persons_prosecuted\n'
        '  "Rescued persons": ignore\n'
        "ignore_sheets: [scratch]\n"
        f"ignore_rows:\n  Data: [{ignored_row + 1}]\n"
    )
    return b.save(raw)


def msr_mapping_layout(raw: Path) -> Fixture:
    """A table below 45 lines of notes: found only because mapping.yaml names its layout."""
    b = Book("msr_mapping_layout", "MSR", "montserrat_tip.xlsx", "MSR", ("mapping", "layout_override", "wide_years", "en", "xlsx"))
    s = b.sheet("Data")
    s.row("Government of Montserrat – Office of the Deputy Governor")
    for i in range(45):
        s.row(f"Note {i + 1}: definitions and sources used by the reporting agencies (see annex).")
    s.row("Indicator", 2021, 2022)
    n = Series(21)
    for label, ind in (("Victims identified", V), ("Persons prosecuted", PP)):
        r = s.row(label)
        for j, year in enumerate((2021, 2022)):
            s.put(r, 1 + j, n(0, 4), key(ind, year))
    b.mapping = "layout:\n  Data: wide_years\n"
    return b.save(raw)


def tca_noise_and_ambiguity(raw: Path) -> Fixture:
    """Rows that must never be stored: two indicators in one label, non-indicators, rates, a grand total."""
    b = Book("tca_noise_and_ambiguity", "TCA", "tci_statistics.xlsx", "TCA", ("precision", "not_indicator", "ambiguous_label", "grand_total", "en", "xlsx"))
    s = b.sheet("Statistics")
    s.row("Turks and Caicos Islands – Anti-Trafficking in Persons Committee")
    s.row("Indicator", 2022, 2023)
    n = Series(22)
    for label, ind in (("Victims identified", V), ("Persons prosecuted", PP), ("Persons convicted", PC)):
        r = s.row(label)
        for j, year in enumerate((2022, 2023)):
            s.put(r, 1 + j, n(0, 9), key(ind, year))
    for label in (
        "Victims identified/assisted",
        "Traffickers",
        "Budget (USD)",
        "Victims repatriated",
        "Persons prosecuted and convicted",
        "Officials trained",
        "Victims identified (%)",
        "Hotline calls",
        "Awareness campaigns",
        "Victims identified / assisted",
        "Persons arrested or charged",
    ):
        r = s.row(label)
        s.noise(r, 1, n(1, 50))
        s.noise(r, 2, n(1, 50))
    r = s.row("Total")
    s.noise(r, 1, 77)
    s.noise(r, 2, 88)
    return b.save(raw)


def brb_fuzzy_typos(raw: Path) -> Fixture:
    """Misspelt labels repaired by fuzzy matching, and one it must refuse (close to two indicators)."""
    b = Book("brb_fuzzy_typos", "BRB", "barbados_tip_2022.csv", "BRB", ("fuzzy", "wide_dims", "en", "csv"), delimiter=",", encoding="utf-8")
    s = b.sheet("barbados_tip_2022")
    s.row("Indicator", "Female", "Male", "Total")
    n = Series(23)
    for label, ind in (("Victims identifed", V), ("Persons prosecutd", PP), ("Persons convictd", PC), ("Victms assisted", A)):
        r = s.row(label)
        f, m, t = sex_split(n, 0, 6)
        s.put(r, 1, f, key(ind, 2022, "female"))
        s.put(r, 2, m, key(ind, 2022, "male"))
        s.put(r, 3, t, key(ind, 2022))
    r = s.row("victims prodected")
    for c in (1, 2, 3):
        s.noise(r, c, 3)
    return b.save(raw)


def dma_transposed_two_row(raw: Path) -> Fixture:
    """Years as rows; indicators merged over Female / Male / Total columns."""
    b = Book("dma_transposed_two_row", "DMA", "dominica_series.xlsx", "DMA", ("transposed", "two_row_header", "merged", "en", "xlsx"))
    s = b.sheet("Series")
    s.row("Year", "Victims identified", None, None, "Persons prosecuted", None, None)
    s.merge("A1:A2")
    s.merge("B1:D1")
    s.merge("E1:G1")
    s.row(None, "Female", "Male", "Total", "Female", "Male", "Total")
    n = Series(24)
    for year in range(2019, 2023):
        r = s.row(year)
        for j, ind in enumerate((V, PP)):
            f, m, t = sex_split(n, 0, 5)
            s.put(r, 1 + 3 * j, f, key(ind, year, "female"))
            s.put(r, 2 + 3 * j, m, key(ind, year, "male"))
            s.put(r, 3 + 3 * j, t, key(ind, year))
    return b.save(raw)


def aia_offset_table(raw: Path) -> Fixture:
    """A table that starts in column C, year in a 'Reporting period' line, footnotes below."""
    b = Book("aia_offset_table", "AIA", "anguilla_rapf.xlsx", "AIA", ("wide_dims", "offset", "year_in_title", "footnotes", "en", "xlsx"))
    s = b.sheet("RAPF")
    s.blank()
    s.row("Royal Anguilla Police Force", at=2)
    s.row("Reporting period: January – December 2022", at=2)
    s.blank(2)
    s.row("Indicator", "Female", "Male", "Total", at=2)
    n = Series(26)
    for label, ind in (("Victims identified*", V), ("Persons investigated", PI), ("Persons prosecuted", PP)):
        r = s.row(label, at=2)
        f, m, t = sex_split(n, 0, 4)
        s.put(r, 3, f, key(ind, 2022, "female"))
        s.put(r, 4, m, key(ind, 2022, "male"))
        s.put(r, 5, t, key(ind, 2022))
    s.blank()
    s.row("* Includes presumed victims referred by NGOs.", at=2)
    s.row("Source: RAPF Criminal Investigation Department, 15 March 2023.", at=2)
    return b.save(raw)


def cym_vertical_merge_blocks(raw: Path) -> Fixture:
    """Indicator merged down column A, sex in column B, years across."""
    b = Book("cym_vertical_merge_blocks", "CYM", "cayman_tip_2020_2022.xlsx", "CYM", ("wide_years", "merged", "block_per_indicator", "total_row", "en", "xlsx"))
    s = b.sheet("TIP")
    s.row("Cayman Islands – Anti-Human Trafficking Unit")
    s.row("Indicator", "Sex", 2020, 2021, 2022)
    n = Series(27)
    for label, ind in (("Victims identified", V), ("Victims assisted", A), ("Persons prosecuted", PP)):
        totals = {}
        first = None
        for sex_label, sex in (("Female", "female"), ("Male", "male")):
            r = s.row(label if first is None else None, sex_label)
            first = r if first is None else first
            for j, year in enumerate((2020, 2021, 2022)):
                v = n(0, 6)
                totals[year] = totals.get(year, 0) + v
                s.put(r, 2 + j, v, key(ind, year, sex))
        r = s.row(None, "Total")
        for j, year in enumerate((2020, 2021, 2022)):
            s.put(r, 2 + j, totals[year], key(ind, year))
        s.merge(f"A{first + 1}:A{r + 1}")
    return b.save(raw)


def jam_grand_total_after_blocks(raw: Path) -> Fixture:
    """Blocks with breakdowns but no totals of their own, then a Total row over all of them."""
    b = Book("jam_grand_total_after_blocks", "JAM", "jam_breakdown_2021_2022.xlsx", "JAM", ("precision", "grand_total", "block_per_indicator", "en", "xlsx"))
    s = b.sheet("Breakdown")
    s.row("Indicator", 2021, 2022)
    n = Series(32)
    grand = {2021: 0, 2022: 0}
    for label, ind in (("Victims identified", V), ("Persons prosecuted", PP)):
        s.row(label)
        for sex_label, sex in (("Female", "female"), ("Male", "male")):
            r = s.row(sex_label)
            for j, year in enumerate((2021, 2022)):
                v = n(1, 9)
                grand[year] += v
                s.put(r, 1 + j, v, key(ind, year, sex))
    r = s.row("Total")
    s.noise(r, 1, grand[2021])
    s.noise(r, 2, grand[2022])
    return b.save(raw)


def lca_hidden_and_chart(raw: Path) -> Fixture:
    """A data sheet beside a hidden lookup sheet and a chart sheet, neither of which is read."""
    b = Book(
        "lca_hidden_and_chart", "LCA", "saint_lucia_2023_workbook.xlsx", "LCA", ("several_sheets", "hidden_sheet", "chart_sheet", "wide_dims", "en", "xlsx")
    )
    s = b.sheet("Data 2023")
    s.row("Indicator", "Female", "Male", "Total")
    n = Series(33)
    for label, ind in (("Victims identified", V), ("Persons prosecuted", PP)):
        r = s.row(label)
        f, m, t = sex_split(n, 0, 5)
        s.put(r, 1, f, key(ind, 2023, "female"))
        s.put(r, 2, m, key(ind, 2023, "male"))
        s.put(r, 3, t, key(ind, 2023))
    h = b.sheet("Lookup", hidden=True)
    h.row("Indicator", "Female", "Male", "Total")
    h.row("Victims identified", 99, 99, 198)
    b.sheet("Chart1", chart=True)
    return b.save(raw)


def tto_parallel_breakdowns(raw: Path) -> Fixture:
    """Sex, age and citizenship side by side in one header row; the year in the sheet name."""
    b = Book("tto_parallel_breakdowns", "TTO", "tto_victims_by_group.xlsx", "TTO", ("wide_dims", "year_in_sheet_name", "citizenship", "age", "en", "xlsx"))
    s = b.sheet("2023")
    s.row("Indicator", "Female", "Male", "Children", "Adults", "Nationals", "Foreigners", "Total")
    n = Series(34)
    for label, ind in (("Victims identified", V), ("Victims assisted", A), ("Persons prosecuted", PP)):
        r = s.row(label)
        f, m, t = sex_split(n, 0, 9)
        c = n(0, t)
        nat = n(0, t)
        for col, (v, dims) in enumerate(
            (
                (f, {"sex": "female"}),
                (m, {"sex": "male"}),
                (c, {"age": "child"}),
                (t - c, {"age": "adult"}),
                (nat, {"cit": "national"}),
                (t - nat, {"cit": "foreign"}),
                (t, {}),
            ),
            start=1,
        ):
            s.put(r, col, v, key(ind, 2023, **dims))
    return b.save(raw)


def guy_headerless_list(raw: Path) -> Fixture:
    """No header at all: labels beside one column of figures; the year from the file name."""
    b = Book("guy_headerless_list", "GUY", "GUY_annual_2021.csv", "GUY", ("label_list", "year_in_file_name", "en", "csv"), delimiter=",", encoding="utf-8")
    s = b.sheet("GUY_annual_2021")
    s.row("Guyana – annual TIP figures")
    n = Series(35)
    for label, ind in (("Victims identified", V), ("Victims assisted", A), ("Persons prosecuted", PP), ("Persons convicted", PC)):
        r = s.row(label)
        s.put(r, 1, n(1, 40), key(ind, 2021))
    return b.save(raw)


def tto_title_several_years(raw: Path) -> Fixture:
    """A table without a year under a title naming five years: the year is not guessed."""
    b = Book("tto_title_several_years", "TTO", "tto_summary_2022.xlsx", "TTO", ("precision", "no_year", "en", "xlsx"))
    s = b.sheet("Summary 2019-2023")
    s.row("Trafficking in persons: summary statistics 2019–2023")
    s.row("Indicator", "Female", "Male", "Total")
    n = Series(41)
    for label in ("Victims identified", "Persons convicted"):
        r = s.row(label)
        f, m = n(0, 30), n(0, 30)
        for c, v in enumerate((f, m, f + m), start=1):
            s.noise(r, c, v)
    return b.save(raw)
