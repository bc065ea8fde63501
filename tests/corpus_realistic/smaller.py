"""The smaller members and the remaining traps: absolute-change columns beside the years, rates per
100,000, fiscal years ("exercice 2021-2022", "FY2020"), "Nada" as zero.

Judgement calls kept out of the truth:
- "Change" (absolute difference between two years) looks like a count but is a difference.
- Haiti's fiscal year (exercice, October to September) is not a calendar year."""

from __future__ import annotations

from .kit import CI, PC, PI, PP, A, Doc, V, o, rng


def aia_police() -> Doc:
    d = Doc("aia_rapf_annual_2022", "AIA", "RAPF Annual Report 2022 - statistics.xlsx", "police_bulletin", "en")
    r = rng(d.name)
    g = d.sheet("Stats")
    g.add("Royal Anguilla Police Force — Annual Report 2022")
    g.add("Crime category", 2021, 2022, "Change", "% Change", "Rate per 100,000 (2022)")
    for label in ("Murder", "Burglary", "Theft", "Drug offences"):
        a, b = r.randint(3, 150), r.randint(3, 150)
        g.add(label, a, b, b - a, round(100 * (b - a) / a, 1), round(b / 0.159, 1))
    a, b = r.randint(0, 2), r.randint(1, 3)
    g.add("Trafficking in persons (victims identified)", o(a, V, 2021), o(b, V, 2022), b - a, "n/a", round(b / 0.159, 1))
    g.add("Trafficking in persons (persons charged)", o("Nil", PP, 2021, value=0), o(1, PP, 2022), 1, "n/a", 6.3)
    return d


def msr_return() -> Doc:
    d = Doc("msr_return_2020_2021", "MSR", "Montserrat_TIP_return.ods", "questionnaire", "en")
    r = rng(d.name)
    g = d.sheet("Return")
    g.add("Government of Montserrat — Office of the Deputy Governor")
    g.add("Trafficking in persons: return of figures")
    g.add("", "FY2020/21", "FY2021/22", "Calendar year 2021")
    g.add("Budget for victim support (XCD)", 25000, 30000, "")
    g.add("Victims identified", 1, 0, o(1, V, 2021))
    g.add("Victims assisted", 1, 0, o(1, A, 2021))
    g.add("Persons investigated", 2, 0, o(r.randint(0, 2), PI, 2021))
    g.add("Persons convicted", 0, 0, o("Nil", PC, 2021, value=0))
    return d


def tca_bulletin() -> Doc:
    d = Doc("tca_rtcips_bulletin_2022", "TCA", "RTCIPF_crime_comparison_2021_2022.csv", "police_bulletin", "en")
    r = rng(d.name)
    g = d.sheet("csv")
    g.add("Royal Turks and Caicos Islands Police Force - crime comparison 2021 v 2022")
    g.add("Offence", "2021", "2022", "Change", "% change")
    for label in ("Murder", "Shooting", "Robbery", "Burglary", "Human smuggling (irregular landings)"):
        a, b = r.randint(5, 200), r.randint(5, 200)
        g.add(label, a, b, b - a, f"{round(100 * (b - a) / a)}%")
    a, b = r.randint(1, 6), r.randint(1, 6)
    g.add("Human trafficking offences", o(a, CI, 2021), o(b, CI, 2022), b - a, f"{round(100 * (b - a) / a)}%")
    g.add("Total", 1402, 1388, -14, "-1%")
    return d


def cub_informe_nada() -> Doc:
    d = Doc("cub_informe_2023", "CUB", "informe_enfrentamiento_trata_2023.xlsx", "national_report", "es")
    r = rng(d.name)
    g = d.sheet("Datos 2023")
    g.add("INFORME NACIONAL SOBRE LA PREVENCIÓN Y EL ENFRENTAMIENTO A LA TRATA DE PERSONAS — 2023")
    g.blank()
    g.add("Indicador", "Cantidad", "Observaciones")
    v = r.randint(5, 20)
    g.add("Víctimas identificadas", o(v, V, 2023), "todas de nacionalidad cubana")
    g.add("  de ellas, menores de edad", o(r.randint(0, v), V, 2023, age="child"), "")
    g.add("  de ellas, extranjeras", o("Nada", V, 2023, cit="foreign", value=0), "")
    g.add("Víctimas que recibieron atención", o(v, A, 2023), "Centros de Orientación a la Mujer y la Familia")
    g.add("Personas sancionadas", o(r.randint(2, 12), PC, 2023), "Tribunales Provinciales Populares")
    g.add("Proporción de víctimas atendidas (%)", 100, "")
    return d


def hti_exercice_fiscal() -> Doc:
    d = Doc("hti_ibesr_exercice_2021_2022", "HTI", "IBESR_exercice_2021-2022.csv", "services", "fr", text_options={"delimiter": ";", "encoding": "utf-8"})
    r = rng(d.name)
    g = d.sheet("csv")
    g.add("IBESR - enfants victimes de traite pris en charge")
    g.add("Période", "Filles", "Garçons", "Total")
    for p in ("Exercice 2020-2021", "Exercice 2021-2022"):
        f, m = r.randint(10, 40), r.randint(10, 40)
        g.add(p, f, m, f + m)
    f, m = r.randint(10, 40), r.randint(10, 40)
    g.add("Année civile 2022", o(f, A, 2022, "female", "child"), o(m, A, 2022, "male", "child"), o(f + m, A, 2022, age="child"))
    return d


BUILDERS = [aia_police, msr_return, tca_bulletin, cub_informe_nada, hti_exercice_fiscal]
