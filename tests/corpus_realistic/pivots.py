"""Excel pivot-table exports, as analysts copy them out of a case-management extract: report filter
rows on top, "Sum of ..." / "Row Labels" / "Column Labels", compact form (nested items in one
column, subtotals on the parent's row), tabular form ("2021 Total" rows), "Grand Total".

Judgement calls kept out of the truth:
- "Grand Total" over years, and an indicator's subtotal when years are nested under it: sums over
  years, not a year's figure.
- "(blank)" items: records with no value for the field; not "unknown" unless the sender says so."""

from __future__ import annotations

from .kit import CI, PC, PI, PP, Doc, V, o, rng

WORDS = {
    "en": ("Row Labels", "Column Labels", "Grand Total", "Sum of {}", "Total", "(blank)"),
    "es": ("Etiquetas de fila", "Etiquetas de columna", "Total general", "Suma de {}", "Total", "(en blanco)"),
    "fr": ("Étiquettes de lignes", "Étiquettes de colonnes", "Total général", "Somme de {}", "Total", "(vide)"),
    "nl": ("Rijlabels", "Kolomlabels", "Eindtotaal", "Som van {}", "Totaal", "(leeg)"),
}


def _compact_year_expl_sex(
    d: Doc, lang: str, indicator_label: str, field: str, years: tuple[int, ...], forms: list[tuple[str, str]], sexes: tuple[str, str], filter_row: tuple | None
) -> None:
    """Years as parent items, forms of exploitation nested; sexes across; subtotals on the year row."""
    rl, cl, gt, sum_of, _, _ = WORDS[lang]
    r = rng(d.name)
    g = d.sheet("Pivot")
    if filter_row:
        g.add(*filter_row)
        g.blank()
    g.add(sum_of.format(field), cl)
    g.add(rl, sexes[0], sexes[1], gt)
    grand = [0, 0]
    for y in years:
        cells = [[r.randint(0, 9), r.randint(0, 5)] for _ in forms]
        f, m = sum(c[0] for c in cells), sum(c[1] for c in cells)
        grand = [grand[0] + f, grand[1] + m]
        g.add(str(y), o(f, V, y, "female"), o(m, V, y, "male"), o(f + m, V, y))
        for (label, expl), (a, b) in zip(forms, cells):
            g.add(label, o(a, V, y, "female", expl=expl), o(b, V, y, "male", expl=expl), o(a + b, V, y, expl=expl))
    g.add(gt, grand[0], grand[1], sum(grand))
    _ = indicator_label


def jam_pivot_compact() -> Doc:
    d = Doc("jam_pivot_victims_2021_2022", "JAM", "victims_pivot_export.xlsx", "pivot_export", "en")
    _compact_year_expl_sex(
        d,
        "en",
        "Victims",
        "Count of victims",
        (2021, 2022),
        [("Sexual exploitation", "sexual"), ("Forced labour", "labour")],
        ("Female", "Male"),
        ("Status", "Confirmed victim"),
    )
    return d


def dom_pivot_compact() -> Doc:
    d = Doc("dom_tabla_dinamica_victimas", "DOM", "tabla_dinamica_victimas_2020-2022.xlsx", "pivot_export", "es")
    _compact_year_expl_sex(
        d,
        "es",
        "Víctimas",
        "Víctimas identificadas",
        (2020, 2021, 2022),
        [("Explotación sexual", "sexual"), ("Trabajo forzoso", "labour"), ("Otras formas de explotación", "other")],
        ("Femenino", "Masculino"),
        ("Tipo de caso", "Trata de personas"),
    )
    return d


def hti_pivot_compact() -> Doc:
    d = Doc("hti_tableau_croise_victimes", "HTI", "TCD_victimes_2022.ods", "pivot_export", "fr")
    _compact_year_expl_sex(
        d,
        "fr",
        "Victimes",
        "Nombre de victimes",
        (2021, 2022),
        [("Exploitation sexuelle", "sexual"), ("Travail forcé", "labour")],
        ("Féminin", "Masculin"),
        ("Infraction", "Traite des personnes"),
    )
    return d


def tto_pivot_indicator_years() -> Doc:
    """Indicators as parent items with years nested: the parent row holds a sum over years."""
    d = Doc("tto_pivot_indicator_year", "TTO", "ctu_case_extract_pivot.xlsx", "pivot_export", "en")
    r = rng(d.name)
    g = d.sheet("Sheet2")
    g.add("Offence", "Trafficking in persons (TIPA s.16)")
    g.blank()
    g.add("Row Labels", "Sum of Persons")
    grand = 0
    for label, ind in (("Arrested", PI), ("Charged", PP), ("Convicted", PC)):
        vals = {y: r.randint(0, 12) for y in (2020, 2021, 2022)}
        grand += sum(vals.values())
        g.add(label, sum(vals.values()))  # over three years: not a figure
        for y, v in vals.items():
            g.add(str(y), o(v, ind, y))
    g.add("Grand Total", grand)
    return d


def sur_pivot_tabular() -> Doc:
    """Tabular form, item labels not repeated, '2021 Totaal' rows."""
    d = Doc("sur_draaitabel_verdachten", "SUR", "draaitabel_verdachten_mensenhandel.xlsx", "pivot_export", "nl")
    r = rng(d.name)
    g = d.sheet("Draaitabel")
    g.add("Delict", "Mensenhandel")
    g.blank()
    g.add("Som van Aantal", "", "Fase", "", "")
    g.add("Jaar", "Geslacht", "Aangehouden", "Vervolgd", "Eindtotaal")
    grand = [0, 0]
    for y in (2021, 2022):
        tot = [0, 0]
        for i, (label, sex) in enumerate((("Man", "male"), ("Vrouw", "female"))):
            a = r.randint(1, 9)
            b = r.randint(0, a)
            tot = [tot[0] + a, tot[1] + b]
            g.add(str(y) if i == 0 else None, label, o(a, PI, y, sex), o(b, PP, y, sex), a + b)
        g.add(f"{y} Totaal", None, o(tot[0], PI, y), o(tot[1], PP, y), sum(tot))
        grand = [grand[0] + tot[0], grand[1] + tot[1]]
    # the "Eindtotaal" row is over years and the column adds arrested and prosecuted persons: no figure
    g.add("Eindtotaal", None, grand[0], grand[1], sum(grand))
    return d


def dom_pivot_csv() -> Doc:
    """A pivot table saved as CSV: the formatting is gone, the blank parent cells stay."""
    d = Doc("dom_pivot_csv_2023", "DOM", "casos_trata_2023_dinamica.csv", "pivot_export", "es", text_options={"delimiter": ",", "encoding": "cp1252"})
    r = rng(d.name)
    g = d.sheet("csv")
    g.add("Año", "2023")
    g.add("")
    g.add("Suma de Cantidad", "Etiquetas de columna")
    g.add("Etiquetas de fila", "Casos investigados", "Personas detenidas", "Total general")
    tot = [0, 0]
    for prov in ("Distrito Nacional", "La Altagracia", "Puerto Plata", "Santiago", "(en blanco)"):
        a, b = r.randint(0, 9), r.randint(0, 6)
        tot = [tot[0] + a, tot[1] + b]
        g.add(prov, a, b, a + b)
    g.add("Total general", o(tot[0], CI, 2023), o(tot[1], PI, 2023), sum(tot))
    # the row "Total general" is over every province (the report filter is the year): national;
    # the column "Total general" adds cases and persons: never a figure
    return d


def bhs_pivot_two_filters() -> Doc:
    d = Doc("bhs_pivot_victims_age", "BHS", "TIP_victims_pivot_2022.xlsx", "pivot_export", "en")
    r = rng(d.name)
    g = d.sheet("Pivot")
    g.add("Year", "2022")
    g.add("Status", "Victim (certified)")
    g.blank()
    g.add("Count of Victim ID", "Column Labels")
    g.add("Row Labels", "Adult", "Minor", "Grand Total")
    tot = [0, 0]
    for label, sex in (("Female", "female"), ("Male", "male")):
        a, c = r.randint(0, 8), r.randint(0, 4)
        tot = [tot[0] + a, tot[1] + c]
        g.add(label, o(a, V, 2022, sex, "adult"), o(c, V, 2022, sex, "child"), o(a + c, V, 2022, sex))
    g.add("Grand Total", o(tot[0], V, 2022, age="adult"), o(tot[1], V, 2022, age="child"), o(sum(tot), V, 2022))
    # here "Grand Total" is over sexes within the one filtered year: the year's total, a figure.
    return d


BUILDERS = [jam_pivot_compact, dom_pivot_compact, hti_pivot_compact, tto_pivot_indicator_years, sur_pivot_tabular, dom_pivot_csv, bhs_pivot_two_filters]
