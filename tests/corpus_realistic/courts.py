"""Court and prosecution statistics: offences in rows, court stages in columns, legal or financial
years, jurisdictions.

Judgement calls kept out of the truth:
- Matters / cases "filed", "disposed", "pending", "ingeschreven", "sentencias": counts of court
  files or judgements, not persons, and not police investigations either.
- Financial or legal years ("FY 2021/22", "2022/23"): never one calendar year.
- "Acquitted", "Absueltas", "Vrijgesproken", "Personnes jugées": not among the indicators.
- "Committed to stand trial" (preliminary enquiry): a stage between charge and trial; the persons
  were charged earlier, maybe in another year: left out."""

from __future__ import annotations

from .kit import PC, PP, Doc, o, rng
from .tables import years_table


def jam_courts() -> Doc:
    d = Doc("jam_court_statistics_2022", "JAM", "Court_Management_Services_stats_2022.xlsx", "court_statistics", "en")
    r = rng(d.name)
    g = d.sheet("Parish Courts")
    g.add("COURT MANAGEMENT SERVICES — Statistics Unit")
    g.add("Criminal matters by offence, Parish Courts, financial years")
    g.add("Offence", "FY 2021/22 filed", "FY 2021/22 disposed", "FY 2022/23 filed", "FY 2022/23 disposed")
    for label in ("Murder", "Wounding with intent", "Illegal possession of firearm", "Trafficking in persons", "Larceny"):
        g.add(label, *[r.randint(2, 300) for _ in range(4)])
    g.blank(2)
    g.add("Trafficking in Persons (Prevention, Suppression and Punishment) Act — persons, calendar year 2022")
    g.add("Stage", "Persons")
    a = r.randint(3, 14)
    g.add("Persons charged before the court", o(a, PP, 2022))
    g.add("Committed to stand trial", r.randint(0, a))
    g.add("Persons convicted", o(r.randint(0, a), PC, 2022))
    g.add("Persons acquitted / discharged", r.randint(0, 3))
    g.add("Matters pending at 31 December", r.randint(5, 30))
    return d


def tto_judiciary() -> Doc:
    d = Doc("tto_judiciary_magistracy_2021", "TTO", "Judiciary_Magistracy_Offences_2021.xlsx", "court_statistics", "en")
    r = rng(d.name)
    g = d.sheet("Indictable 2021")
    g.add("THE JUDICIARY OF TRINIDAD AND TOBAGO — Magistracy")
    g.add("Indictable offences: matters filed and persons convicted, January–December 2021")
    g.add("Offence", "Matters filed", "Matters disposed", "Persons convicted", "Conviction rate (%)")
    for label in (
        "Murder",
        "Possession of narcotics for the purpose of trafficking",
        "Robbery with aggravation",
        "Sexual offences",
        "Trafficking in persons (Trafficking in Persons Act, 2011)",
        "Smuggling of migrants",
    ):
        tip = label.startswith("Trafficking in persons")
        filed, disposed = (r.randint(3, 9), r.randint(1, 3)) if tip else (r.randint(20, 200), r.randint(10, 150))
        conv = r.randint(0, disposed)
        cell = o(conv, PC, 2021) if tip else conv
        g.add(label, filed, disposed, cell, round(100 * conv / disposed, 1))
    g.add("All indictable offences", 8123, 6510, 2211, 34.0)
    return d


def dom_poder_judicial() -> Doc:
    d = Doc("dom_poder_judicial_2022", "DOM", "PJ_estadisticas_trata_2020_2022.xlsx", "court_statistics", "es")
    r = rng(d.name)
    g = d.sheet("Trata")
    g.add("PODER JUDICIAL — División de Estadísticas")
    g.add("Casos de trata de personas (Ley 137-03) conocidos por los tribunales, 2020-2022")
    specs = [
        ("Casos ingresados", None, {}, None),
        ("Sentencias condenatorias", None, {}, None),
        ("Personas condenadas", PC, {}, None),
        ("Personas absueltas", None, {}, None),
    ]
    years_table(g, r, specs, (2020, 2021, 2022), header=("Concepto",), extra=["Var. % 2021-2022"], marks={("Personas condenadas", 2020): "Ninguno"}, high=25)
    g.add("Nota: una sentencia puede condenar a varias personas.")
    return d


def hti_tribunaux() -> Doc:
    d = Doc("hti_tribunaux_2021", "HTI", "MJSP_tribunaux_traite_2021.xls", "court_statistics", "fr")
    r = rng(d.name)
    g = d.sheet("Juridictions")
    g.add("Ministère de la Justice et de la Sécurité publique — Direction des affaires judiciaires")
    g.add("Traite des personnes (loi CL/2014-0010) : personnes poursuivies et condamnées par juridiction, 2021")
    g.add("Juridiction", "Personnes poursuivies", "Personnes jugées", "Personnes condamnées", "Personnes acquittées")
    s = [0, 0]
    for j in ("Port-au-Prince", "Croix-des-Bouquets", "Cap-Haïtien", "Fort-Liberté", "Gonaïves", "Jacmel", "Les Cayes", "Jérémie", "Hinche"):
        p = r.randint(0, 6)
        c = r.randint(0, min(p, 3))
        s = [s[0] + p, s[1] + c]
        g.add(j, p, r.randint(0, p), c, r.randint(0, 2))
    g.add("Total général (toutes juridictions)", o(s[0], PP, 2021), "", o(s[1], PC, 2021), "")
    return d


def sur_rechtspraak() -> Doc:
    d = Doc("sur_rechtspraak_2022", "SUR", "Hof_van_Justitie_strafzaken_mensenhandel_2022.xlsx", "court_statistics", "nl")
    r = rng(d.name)
    g = d.sheet("Strafzaken")
    g.add("Hof van Justitie van Suriname — Griffie, afdeling statistiek")
    g.add("Strafzaken mensenhandel (art. 334 Wetboek van Strafrecht), 2022")
    g.add("", "Ingeschreven zaken", "Veroordeelde personen", None, None, "Vrijgesproken")
    g.merge("C3:E3")
    g.add("", "", "Man", "Vrouw", "Totaal", "")
    m, f = r.randint(0, 6), r.randint(0, 3)
    g.add("Kantongerecht (eerste aanleg)", r.randint(3, 12), o(m, PC, 2022, sex="male"), o(f, PC, 2022, sex="female"), o(m + f, PC, 2022), r.randint(0, 2))
    g.add("Hof van Justitie (hoger beroep)", r.randint(0, 4), 1, 0, 1, 0)
    # appeal judgements confirm or overturn first-instance convictions: not new persons convicted
    g.add("Bron: griffie; in hoger beroep bevestigde vonnissen zijn geen nieuwe veroordelingen.")
    return d


def guy_dpp() -> Doc:
    d = Doc("guy_dpp_prosecutions_2023", "GUY", "DPP_Chambers_TIP_matters_2021-2023.ods", "court_statistics", "en")
    r = rng(d.name)
    g = d.sheet("TIP matters")
    g.add("Office of the Director of Public Prosecutions")
    g.add("Trafficking in persons matters, 2021–2023")
    specs = [("Persons charged", PP, {}, None), ("Committed for trial", None, {}, 0), ("Convicted (persons)", PC, {}, 0), ("Discharged", None, {}, None)]
    years_table(g, r, specs, (2021, 2022, 2023), header=("",), marks={("Convicted (persons)", 2021): "Nil"})
    g.blank()
    g.add("Prosecutions by financial year", "2021/22", "2022/23")
    g.add("Files received from police", 12, 17)
    return d


def blz_courts() -> Doc:
    d = Doc("blz_judiciary_2022", "BLZ", "Judiciary_annual_report_2022_tables.xls", "court_statistics", "en")
    r = rng(d.name)
    g = d.sheet("Criminal")
    g.add("Senior Courts of Belize — Annual Report 2022")
    g.add("Indictments filed, legal year", "2020/21", "2021/22")
    for label in ("Murder", "Trafficking in persons", "Commercial sexual exploitation of children", "Rape"):
        g.add(label, r.randint(0, 60), r.randint(0, 60))
    g.blank()
    g.add("Trafficking in persons, calendar year", 2021, 2022)
    a, b = r.randint(1, 8), r.randint(1, 8)
    g.add("Persons indicted", o(a, PP, 2021), o(b, PP, 2022))
    g.add("Persons found guilty", o(r.randint(0, a), PC, 2021), o(r.randint(0, b), PC, 2022))
    return d


def cub_tribunales() -> Doc:
    d = Doc("cub_tribunal_supremo_2019_2021", "CUB", "TSP_delitos_trata_2019-2021.xlsx", "court_statistics", "es")
    r = rng(d.name)
    g = d.sheet("Sancionados")
    g.add("TRIBUNAL SUPREMO POPULAR — Sala de lo Penal")
    g.add("Personas sancionadas por delitos asociados a la trata de personas")
    g.add("Delito", 2019, 2020, 2021)
    g.add("Trata de personas", *[o(v, PC, y) for v, y in zip([r.randint(5, 30) for _ in range(3)], (2019, 2020, 2021))])
    g.add("Proxenetismo", *[r.randint(5, 60) for _ in range(3)])
    g.add("Corrupción de menores", *[r.randint(5, 60) for _ in range(3)])
    g.add("Venta y tráfico de menores", *[r.randint(0, 5) for _ in range(3)])
    g.add("Total", *[r.randint(30, 90) for _ in range(3)])
    # only the trafficking row: pimping, corruption of minors and sale of minors are other offences
    # (a combined "proxenetismo y trata" row would have been left out as mixing offences)
    return d


BUILDERS = [jam_courts, tto_judiciary, dom_poder_judicial, hti_tribunaux, sur_rechtspraak, guy_dpp, blz_courts, cub_tribunales]
