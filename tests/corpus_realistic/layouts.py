"""Layouts that carry the year or the indicator outside the cell's own row and column: one block per
year, merged two-level headers, monthly tables with a yearly total; and the reports of social
services, labour inspection and immigration.

Judgement calls kept out of the truth:
- Months and quarters: never summed into a year (only a written yearly total is the figure).
- "Referrals received", "repatriated", "calls to the hotline", "workplaces inspected": not indicators.
- "Presumed / suspected victims": not identified victims."""

from __future__ import annotations

from .kit import CI, PC, PI, PP, A, Doc, V, o, rng

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "es": ["Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre", "Octubre", "Noviembre", "Diciembre"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    "nl": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
}


# --- one block per year -------------------------------------------------------------------------


def kna_year_blocks() -> Doc:
    d = Doc("kna_year_blocks_2020_2022", "KNA", "TIP figures by year.xlsx", "year_blocks", "en")
    r = rng(d.name)
    g = d.sheet("Figures")
    g.add("St. Kitts and Nevis — trafficking in persons figures")
    for y in (2020, 2021, 2022):
        g.blank()
        g.add(str(y))
        g.add("", "Female", "Male", "Total")
        for label, ind in (("Victims identified", V), ("Persons arrested", PI)):
            f, m = r.randint(0, 4), r.randint(0, 4)
            g.add(label, o(f, ind, y, "female"), o(m, ind, y, "male"), o(f + m, ind, y))
    return d


def cym_year_blocks_side_by_side() -> Doc:
    """Blocks side by side: 2021 in A:D, 2022 in F:I, the year as a merged title above each."""
    d = Doc("cym_year_blocks_side", "CYM", "RCIPS_TIP_2021_2022.xlsx", "year_blocks", "en")
    r = rng(d.name)
    g = d.sheet("TIP")
    g.add("Royal Cayman Islands Police Service — Human trafficking figures")
    g.blank()
    g.add("Year 2021", None, None, None, None, "Year 2022", None, None, None)
    g.merge("A3:D3")
    g.merge("F3:I3")
    g.add("", "Women", "Men", "Total", None, "", "Women", "Men", "Total")
    for label, ind in (("Victims", V), ("Suspects arrested", PI), ("Suspects charged", PP)):
        row = [label]
        for y in (2021, 2022):
            f, m = r.randint(0, 5), r.randint(0, 5)
            row += [o(f, ind, y, "female"), o(m, ind, y, "male"), o(f + m, ind, y)]
            if y == 2021:
                row += [None, label]
        g.add(*row)
    return d


def hti_blocs_annee() -> Doc:
    d = Doc("hti_blocs_annee_2019_2021", "HTI", "IBESR_enfants_victimes_2019-2021.xlsx", "year_blocks", "fr")
    r = rng(d.name)
    g = d.sheet("Enfants")
    g.add("Institut du bien-être social et de recherches (IBESR)")
    g.add("Enfants victimes de traite identifiés et pris en charge")
    for y in (2019, 2020, 2021):
        g.blank()
        g.add(f"Année {y}")
        g.add("", "Filles", "Garçons", "Total")
        f, m = r.randint(5, 40), r.randint(5, 40)
        g.add("Enfants victimes identifiés", o(f, V, y, "female", "child"), o(m, V, y, "male", "child"), o(f + m, V, y, age="child"))
        a, b = r.randint(0, f), r.randint(0, m)
        g.add("Enfants pris en charge", o(a, A, y, "female", "child"), o(b, A, y, "male", "child"), o(a + b, A, y, age="child"))
    return d


def dom_bloques_anio() -> Doc:
    d = Doc("dom_bloques_anio_2021_2022", "DOM", "CONANI_trata_nna_2021_2022.ods", "year_blocks", "es")
    r = rng(d.name)
    g = d.sheet("NNA")
    g.add("Consejo Nacional para la Niñez y la Adolescencia (CONANI)")
    for y in (2021, 2022):
        g.blank()
        g.add(f"Año {y}")
        g.add("Indicador", "Niñas", "Niños", "Total")
        f, m = r.randint(2, 20), r.randint(2, 20)
        g.add("NNA víctimas de trata atendidos", o(f, A, y, "female", "child"), o(m, A, y, "male", "child"), o(f + m, A, y, age="child"))
        g.add("Porcentaje del total", f"{round(100 * f / (f + m))}%", f"{round(100 * m / (f + m))}%", "100%")
    return d


# --- merged two-level headers -------------------------------------------------------------------


def sur_two_level() -> Doc:
    d = Doc("sur_verdachten_slachtoffers_2019_2022", "SUR", "mensenhandel_2019-2022.xlsx", "two_level_header", "nl")
    r = rng(d.name)
    g = d.sheet("Overzicht")
    g.add("Mensenhandel in cijfers, 2019–2022")
    g.add("Jaar", "Verdachten", None, None, "Slachtoffers", None, None)
    g.merge("B2:D2")
    g.merge("E2:G2")
    g.add(None, "Aangehouden", "Vervolgd", "Veroordeeld", "Vrouw", "Man", "Totaal")
    g.merge("A2:A3")
    for y in (2019, 2020, 2021, 2022):
        a = r.randint(2, 15)
        p = r.randint(0, a)
        c = r.randint(0, p)
        f, m = r.randint(0, 12), r.randint(0, 12)
        g.add(y, o(a, PI, y), o(p, PP, y), o(c, PC, y), o(f, V, y, "female"), o(m, V, y, "male"), o(f + m, V, y))
    return d


def abw_two_level() -> Doc:
    d = Doc("abw_two_level_2022", "ABW", "TIP_SOM_cijfers_2022.xls", "two_level_header", "nl")
    r = rng(d.name)
    g = d.sheet("2022")
    g.add("Taskforce Mensenhandel en Mensensmokkel Aruba — cijfers 2022")
    g.add("", "Slachtoffers mensenhandel", None, None, None)
    g.merge("B2:E2")
    g.add("", "Seksuele uitbuiting", "Arbeidsuitbuiting", "Overige", "Totaal")
    cells = {k: (r.randint(0, 4), r.randint(0, 4)) for k in ("sexual", "labour", "other")}
    for i, (label, sex) in enumerate((("Vrouwen", "female"), ("Mannen", "male"))):
        vals = [cells[k][i] for k in ("sexual", "labour", "other")]
        g.add(label, *[o(v, V, 2022, sex, expl=k) for v, k in zip(vals, ("sexual", "labour", "other"))], o(sum(vals), V, 2022, sex))
    tot = [sum(cells[k]) for k in ("sexual", "labour", "other")]
    g.add("Totaal", *[o(v, V, 2022, expl=k) for v, k in zip(tot, ("sexual", "labour", "other"))], o(sum(tot), V, 2022))
    return d


def dom_two_level() -> Doc:
    d = Doc("dom_dos_niveles_2020_2022", "DOM", "PGR_trata_2020-2022_resumen.xlsx", "two_level_header", "es")
    r = rng(d.name)
    g = d.sheet("Resumen")
    g.add("Resumen estadístico — trata de personas")
    g.add("Año", "Víctimas identificadas", None, None, "Imputados", None)
    g.merge("B2:D2")
    g.merge("E2:F2")
    g.add(None, "Mujeres", "Hombres", "Total", "Procesados", "Condenados")
    for y in (2020, 2021, 2022):
        f, m = r.randint(10, 60), r.randint(0, 20)
        p = r.randint(3, 30)
        g.add(y, o(f, V, y, "female"), o(m, V, y, "male"), o(f + m, V, y), o(p, PP, y), o(r.randint(0, p), PC, y))
    g.add("Total 2020-2022", "", "", "", "", "")
    return d


def tto_two_level() -> Doc:
    d = Doc("tto_two_level_2023", "TTO", "CTU_statistics_2023_by_age.ods", "two_level_header", "en")
    r = rng(d.name)
    g = d.sheet("2023")
    g.add("Counter Trafficking Unit — statistics for 2023")
    g.add("", "Victims identified", None, None, "Persons charged", None, None)
    g.merge("B2:D2")
    g.merge("E2:G2")
    g.add("Age group", "Female", "Male", "Total", "Female", "Male", "Total")
    tots = [0] * 6
    for label, age in (("Adults (18 and over)", "adult"), ("Minors (under 18)", "child")):
        v = [r.randint(0, 8), r.randint(0, 8), r.randint(0, 3), r.randint(0, 3)]
        tots = [a + b for a, b in zip(tots, [v[0], v[1], v[0] + v[1], v[2], v[3], v[2] + v[3]])]
        g.add(
            label,
            o(v[0], V, 2023, "female", age),
            o(v[1], V, 2023, "male", age),
            o(v[0] + v[1], V, 2023, age=age),
            o(v[2], PP, 2023, "female", age),
            o(v[3], PP, 2023, "male", age),
            o(v[2] + v[3], PP, 2023, age=age),
        )
    g.add(
        "All ages",
        o(tots[0], V, 2023, "female"),
        o(tots[1], V, 2023, "male"),
        o(tots[2], V, 2023),
        o(tots[3], PP, 2023, "female"),
        o(tots[4], PP, 2023, "male"),
        o(tots[5], PP, 2023),
    )
    return d


# --- monthly tables -----------------------------------------------------------------------------


def _monthly_rows(d: Doc, lang: str, year: int, cols: list[tuple[str, str]], total_label: str | None, title: str) -> None:
    r = rng(d.name)
    g = d.sheet(str(year))
    g.add(title)
    g.add("", *[c for c, _ in cols])
    sums = [0] * len(cols)
    for m in MONTHS[lang]:
        vals = [r.randint(0, 4) for _ in cols]
        sums = [a + b for a, b in zip(sums, vals)]
        g.add(m, *vals)
    if total_label:
        g.add(total_label, *[o(s, ind, year) for s, (_, ind) in zip(sums, cols)])


def jam_monthly() -> Doc:
    d = Doc("jam_monthly_2023", "JAM", "CTIP_monthly_returns_2023.xlsx", "monthly", "en")
    _monthly_rows(
        d, "en", 2023, [("TIP cases opened", CI), ("Persons arrested", PI), ("Victims rescued", V)], "Total for the year", "C-TIP Unit — monthly returns, 2023"
    )
    return d


def dom_mensual() -> Doc:
    d = Doc("dom_mensual_2022", "DOM", "trata_mensual_2022.xls", "monthly", "es")
    _monthly_rows(d, "es", 2022, [("Víctimas rescatadas", V), ("Detenidos", PI)], "Total anual", "Operativos contra la trata de personas por mes, 2022")
    return d


def cuw_maandelijks() -> Doc:
    """Months across, indicators down, a 'Jaartotaal' column."""
    d = Doc("cuw_maandcijfers_2022", "CUW", "maandcijfers_mensenhandel_2022.xlsx", "monthly", "nl")
    r = rng(d.name)
    g = d.sheet("Maandcijfers")
    g.add("Meldpunt Mensenhandel Curaçao — maandcijfers 2022")
    g.add("", *MONTHS["nl"], "Jaartotaal", "Gem. per maand")
    for label, ind in (("Meldingen", None), ("Geïdentificeerde slachtoffers", V), ("Opgevangen slachtoffers", A)):
        vals = [r.randint(0, 3) for _ in range(12)]
        total = sum(vals)
        g.add(label, *vals, o(total, ind, 2022) if ind else total, round(total / 12, 2))
    return d


def hti_mensuel_sans_total() -> Doc:
    """Months without a yearly total (nothing to store from them) beside a yearly table."""
    d = Doc("hti_mensuel_2023", "HTI", "BPM_statistiques_mensuelles_2023.xlsx", "monthly", "fr")
    r = rng(d.name)
    g = d.sheet("2023")
    g.add("Brigade de protection des mineurs — interventions par mois, 2023")
    g.add("Mois", "Enfants retirés de la rue", "Victimes de traite identifiées")
    for m in MONTHS["fr"][:9]:  # the last quarter had not been entered: summing would be wrong
        g.add(m, r.randint(5, 30), r.randint(0, 6))
    g.blank()
    g.add("Bilan annuel 2023 (source : rapport annuel de la BPM)")
    g.add("Victimes de traite identifiées (enfants)", o(r.randint(40, 80), V, 2023, age="child"))
    return d


# --- social services, labour, immigration -------------------------------------------------------


def guy_social_services() -> Doc:
    d = Doc("guy_human_services_2022", "GUY", "MHSSS_CTIP_unit_2022.xlsx", "services", "en")
    r = rng(d.name)
    g = d.sheet("Victim services")
    g.add("Ministry of Human Services and Social Security — Counter-Trafficking in Persons Unit")
    g.add("Victim services, 2021 and 2022")
    g.add("", 2021, 2022)
    g.add("Referrals received", r.randint(20, 60), r.randint(20, 60))
    a, b = r.randint(5, 30), r.randint(5, 30)
    g.add("Victims provided with shelter and care", o(a, A, 2021), o(b, A, 2022))
    g.add("  of whom girls", o(r.randint(0, a), A, 2021, "female", "child"), o(r.randint(0, b), A, 2022, "female", "child"))
    g.add("Victims repatriated", r.randint(0, 10), r.randint(0, 10))
    g.add("Victims assisted with family reunification", r.randint(0, 5), r.randint(0, 5))
    g.add("Hotline calls", r.randint(100, 400), r.randint(100, 400))
    return d


def tto_labour() -> Doc:
    d = Doc("tto_labour_inspectorate_2022", "TTO", "labour_inspectorate_2022.csv", "services", "en")
    r = rng(d.name)
    g = d.sheet("csv")
    g.add("Ministry of Labour - Labour Inspectorate Unit and Counter Trafficking Unit - joint report 2022")
    g.add("Item", "Number")
    g.add("Workplaces inspected", r.randint(300, 900))
    g.add("Workers interviewed", r.randint(800, 3000))
    g.add("Suspected cases of forced labour referred to the CTU", r.randint(0, 9))
    # "all agencies": the country's figure, not only the inspectorate's share of it
    g.add("Victims of labour trafficking identified (all agencies)", o(r.randint(0, 5), V, 2022, expl="labour"))
    return d


def bhs_immigration() -> Doc:
    d = Doc("bhs_immigration_2023", "BHS", "Dept_Immigration_TIP_2023.xlsx", "services", "en")
    r = rng(d.name)
    g = d.sheet("2023")
    g.add("Department of Immigration — Trafficking in Persons Unit, 2023")
    g.add("", "Female", "Male", "Total")
    g.add("Persons screened for indicators of trafficking", *[r.randint(30, 90) for _ in range(3)])
    g.add("Presumed victims referred", *[r.randint(1, 9) for _ in range(3)])
    f, m = r.randint(0, 6), r.randint(0, 6)
    g.add(
        "Foreign nationals certified as victims", o(f, V, 2023, "female", cit="foreign"), o(m, V, 2023, "male", cit="foreign"), o(f + m, V, 2023, cit="foreign")
    )
    g.add("Persons refused leave to land", 412, 389, 801)
    return d


def lca_services_sexual() -> Doc:
    d = Doc("lca_human_services_2021", "LCA", "Dept_Human_Services_TIP_2021.xlsx", "services", "en")
    r = rng(d.name)
    g = d.sheet("Services")
    g.add("Department of Human Services — Support to trafficking victims, 2021")
    g.add("Form of exploitation", "Victims assisted")
    vals = {"sexual": r.randint(0, 6), "labour": r.randint(0, 6)}
    g.add("Sexual exploitation (incl. commercial sexual exploitation)", o(vals["sexual"], A, 2021, expl="sexual"))
    g.add("Forced labour / labour exploitation", o(vals["labour"], A, 2021, expl="labour"))
    g.add("Total victims assisted", o(sum(vals.values()), A, 2021))
    g.add("Average cost per victim (XCD)", 5120.5)
    return d


BUILDERS = [
    kna_year_blocks,
    cym_year_blocks_side_by_side,
    hti_blocs_annee,
    dom_bloques_anio,
    sur_two_level,
    abw_two_level,
    dom_two_level,
    tto_two_level,
    jam_monthly,
    dom_mensual,
    cuw_maandelijks,
    hti_mensuel_sans_total,
    guy_social_services,
    tto_labour,
    bhs_immigration,
    lca_services_sexual,
]
