"""National trafficking reports (statistical annexes), nationality tables and tables by province,
parish or district.

Judgement calls kept out of the truth:
- Rows for single foreign nationalities (Venezuelan, Haitian...): no code for them; summing them into
  "foreign" would be deriving. Only a written "foreign nationals" subtotal is stored.
- Rows for provinces / parishes / districts / regions: sub-national; only the national total is the
  country's figure (summing places would be deriving too).
- "Domestic servitude", "forced begging": the form of exploitation is not one of the network's codes
  without a judgement (labour? other?), so those rows are left out.
- Cumulative columns ("2018–2022", "Total 2019-2023") and shares ("%") are never a year's figure."""

from __future__ import annotations

from .kit import CI, PC, PI, PP, A, Doc, V, o, rng
from .noise import PLACES
from .tables import crosstab, years_table


def guy_national_report() -> Doc:
    d = Doc("guy_ministry_tip_report_2022", "GUY", "MoHA_TIP_Annual_Report_2022_Annex.xlsx", "national_report", "en")
    r = rng(d.name)
    g = d.sheet("Annex")
    g.add("Ministerial Task Force on Trafficking in Persons — Annual Report 2022")
    g.add("Statistical annex")
    g.blank()
    g.add("Table A.1  Victims identified by sex and age group, 2022")
    crosstab(
        g,
        r,
        V,
        2022,
        [("Adults (18 and over)", {"age": "adult"}), ("Children (under 18)", {"age": "child"})],
        [("Female", {"sex": "female"}), ("Male", {"sex": "male"})],
        "Total",
        "Total",
    )
    g.blank()
    g.add("Table A.2  Victims by form of exploitation, 2020–2022")
    specs = [("Sexual exploitation", V, {"expl": "sexual"}, None), ("Forced labour", V, {"expl": "labour"}, None), ("Domestic servitude", None, {}, None)]
    years_table(g, r, specs, (2020, 2021), header=("Form of exploitation",), extra=["Change 2020-2021 (%)"])
    g.blank()
    g.add("Table A.3  Criminal justice response")
    specs = [("Investigations opened", CI, {}, None), ("Persons arrested", PI, {}, None), ("Persons charged", PP, {}, 1), ("Persons convicted", PC, {}, 2)]
    vals = years_table(g, r, specs, (2020, 2021, 2022), header=("",))
    g.add("Cumulative 2020–2022", "", "", sum(vals[3]))
    g.blank()
    g.add("Table A.4  Victims supported at the shelter (Help & Shelter / Ministry of Human Services)")
    g.add("", "2022")
    a = r.randint(5, 30)
    g.add("Victims assisted (shelter or services)", o(a, A, 2022))
    g.add("Average stay (days)", round(r.uniform(20, 90), 1))
    return d


def jam_national_report() -> Doc:
    d = Doc("jam_natfatip_report_2021", "JAM", "NATFATIP_annual_report_2021_tables.xlsx", "national_report", "en")
    r = rng(d.name)
    g1 = d.sheet("Victims")
    g1.add("National Task Force Against Trafficking in Persons (NATFATIP)")
    g1.add("Annual Report 2021 – Victims")
    g1.blank()
    g1.add("Victims of trafficking identified, by sex and form of exploitation, 2021")
    crosstab(
        g1,
        r,
        V,
        2021,
        [("Sexual exploitation", {"expl": "sexual"}), ("Labour exploitation", {"expl": "labour"}), ("Other forms", {"expl": "other"})],
        [("Women/girls", {"sex": "female"}), ("Men/boys", {"sex": "male"})],
        "All forms",
        "Both sexes",
        corner="Type of exploitation",
    )
    g2 = d.sheet("Justice")
    g2.add("NATFATIP Annual Report 2021 – Law enforcement and prosecution")
    g2.add("Indicator", "2019", "2020", "2021")
    prev = [40, 40, 40]
    for label, ind in (
        ("TIP investigations", CI),
        ("Persons arrested for TIP", PI),
        ("Persons charged (trafficking offences)", PP),
        ("Persons convicted of TIP", PC),
    ):
        vals = [r.randint(0, p) for p in prev]  # each stage below the one before, as in real series
        prev = vals
        g2.add(label, *[o(str(v), ind, y, value=v) for v, y in zip(vals, (2019, 2020, 2021))])  # numbers as text
    g2.add("Conviction rate (%)", "12.5", "8.0", "20.0")
    g3 = d.sheet("Notes")
    g3.add("Figures for 2019 and 2020 were revised in 2021.")
    return d


def tto_nationality() -> Doc:
    d = Doc("tto_ctu_victims_nationality_2022", "TTO", "CTU_victims_by_nationality_2022.xlsx", "nationality", "en")
    r = rng(d.name)
    g = d.sheet("Nationality")
    g.add("Counter Trafficking Unit — Ministry of National Security")
    g.add("Victims of trafficking in persons by nationality and sex, 2022")
    g.add("Nationality", "Female", "Male", "Total")
    nat_f, nat_m = r.randint(0, 5), r.randint(0, 3)
    g.add(
        "Trinidad and Tobago nationals",
        o(nat_f, V, 2022, sex="female", cit="national"),
        o(nat_m, V, 2022, sex="male", cit="national"),
        o(nat_f + nat_m, V, 2022, cit="national"),
    )
    ff, fm = 0, 0
    for c in ("Venezuela", "Colombia", "Dominican Republic", "Guyana", "Cuba"):
        a, b = r.randint(0, 12), r.randint(0, 4)
        ff, fm = ff + a, fm + b
        g.add(c, a, b, a + b)
    g.add("Total", o(nat_f + ff, V, 2022, sex="female"), o(nat_m + fm, V, 2022, sex="male"), o(nat_f + ff + nat_m + fm, V, 2022))
    g.add("Share of foreign nationals (%)", "", "", round(100 * (ff + fm) / max(1, nat_f + ff + nat_m + fm), 1))
    return d


def atg_nationality() -> Doc:
    d = Doc("atg_tip_victims_nationality_2019_2021", "ATG", "TIP victims nationality 2019-2021.xls", "nationality", "en")
    r = rng(d.name)
    g = d.sheet("Table 4")
    g.add("Office of National Drug and Money Laundering Control Policy / TIP Committee")
    g.add("Table 4: Victims identified, by citizenship, 2019–2021")
    g.add("Citizenship", 2019, 2020, 2021, "2019–2021")
    nat = [r.randint(0, 3) for _ in range(3)]
    g.add("Antigua and Barbuda nationals", *[o(v, V, y, cit="national") for v, y in zip(nat, (2019, 2020, 2021))], sum(nat))
    foreign = [r.randint(2, 15) for _ in range(3)]
    g.add("Non-nationals", *[o(v, V, y, cit="foreign") for v, y in zip(foreign, (2019, 2020, 2021))], sum(foreign))
    g.add("   of which Jamaican", *[r.randint(0, v) for v in foreign], "")
    g.add("   of which Dominican Republic", *[0 for _ in foreign], "")
    g.add("All victims", *[o(a + b, V, y) for a, b, y in zip(nat, foreign, (2019, 2020, 2021))], sum(nat) + sum(foreign))
    return d


def sur_nationality() -> Doc:
    d = Doc("sur_slachtoffers_nationaliteit_2021", "SUR", "slachtoffers_naar_nationaliteit_2021.ods", "nationality", "nl")
    r = rng(d.name)
    g = d.sheet("Tabel 5")
    g.add("Ministerie van Justitie en Politie — Werkgroep Mensenhandel")
    g.add("Tabel 5. Geïdentificeerde slachtoffers van mensenhandel naar nationaliteit en geslacht, 2021")
    g.add("Nationaliteit", "Vrouwen", "Mannen", "Totaal")
    a, b = r.randint(0, 8), r.randint(0, 8)
    g.add("Surinaamse nationaliteit", o(a, V, 2021, sex="female", cit="national"), o(b, V, 2021, sex="male", cit="national"), o(a + b, V, 2021, cit="national"))
    fa, fb = 0, 0
    rows = []
    for c in ("Guyanese", "Venezolaanse", "Haïtiaanse", "Braziliaanse", "Chinese"):
        x, y = r.randint(0, 6), r.randint(0, 6)
        fa, fb = fa + x, fb + y
        rows.append((f"{c} nationaliteit", x, y, x + y))
    g.add("Vreemdelingen", o(fa, V, 2021, sex="female", cit="foreign"), o(fb, V, 2021, sex="male", cit="foreign"), o(fa + fb, V, 2021, cit="foreign"))
    for row in rows:
        g.add(*row, at=0)
    g.add("Totaal", o(a + fa, V, 2021, sex="female"), o(b + fb, V, 2021, sex="male"), o(a + b + fa + fb, V, 2021))
    return d


def dom_nacionalidad() -> Doc:
    d = Doc(
        "dom_victimas_nacionalidad_2023",
        "DOM",
        "victimas_trata_nacionalidad_2023.csv",
        "nationality",
        "es",
        text_options={"delimiter": ";", "encoding": "utf-8-sig"},
    )
    r = rng(d.name)
    g = d.sheet("csv")
    g.add("Procuraduría General de la República - Procuraduría Especializada contra el Tráfico Ilícito de Migrantes y la Trata de Personas (PETT)")
    g.add("Víctimas de trata de personas identificadas según nacionalidad, año 2023")
    g.add("Nacionalidad", "Mujeres", "Hombres", "Total", "%")
    a, b = r.randint(5, 30), r.randint(0, 10)
    tot = a + b
    g.add("Dominicana", o(a, V, 2023, sex="female", cit="national"), o(b, V, 2023, sex="male", cit="national"), o(a + b, V, 2023, cit="national"), "")
    fa, fb = 0, 0
    for c in ("Venezolana", "Haitiana", "Colombiana", "Otras nacionalidades"):
        x, y = r.randint(0, 12), r.randint(0, 4)
        fa, fb = fa + x, fb + y
        g.add(c, x, y, x + y, "")
    g.add("Total general", o(a + fa, V, 2023, sex="female"), o(b + fb, V, 2023, sex="male"), o(tot + fa + fb, V, 2023), "100,0")
    return d


def dom_provincias() -> Doc:
    d = Doc("dom_pett_provincias_2022", "DOM", "PETT_casos_por_provincia_2022.xlsx", "subnational", "es")
    r = rng(d.name)
    g = d.sheet("Provincias")
    g.add("PROCURADURÍA GENERAL DE LA REPÚBLICA")
    g.add("Trata de personas: casos, imputados y víctimas por provincia, enero-diciembre 2022")
    g.add("Provincia", "Casos investigados", "Personas imputadas", "Víctimas")
    sums = [0, 0, 0]
    for p in PLACES["DOM"]:
        row = [r.randint(0, 9), r.randint(0, 6), r.randint(0, 15)]
        sums = [a + b for a, b in zip(sums, row)]
        g.add(p, *row)
    # "Personas imputadas": in the Dominican procedure a person is "imputado" from the first act of
    # investigation against them until the formal accusation: investigated or prosecuted? Left out.
    g.add("Total nacional", o(sums[0], CI, 2022), sums[1], o(sums[2], V, 2022))
    g.add("Fuente: PETT, sistema de gestión de casos.")
    return d


def cub_provincias() -> Doc:
    d = Doc("cub_provincias_2020", "CUB", "trata_por_provincias_2020.xls", "subnational", "es")
    r = rng(d.name)
    g = d.sheet("2020")
    g.add("República de Cuba — Informe nacional sobre prevención y enfrentamiento a la trata de personas, 2020")
    g.add("Tabla 3. Víctimas y personas sancionadas por provincia")
    g.add("Provincia", "Víctimas", "Personas sancionadas")
    sv, sp = 0, 0
    for p in PLACES["CUB"] + ["Isla de la Juventud (municipio especial)"]:
        a, b = r.randint(0, 6), r.randint(0, 4)
        sv, sp = sv + a, sp + b
        g.add(p, a, b)
    g.add("Cuba", o(sv, V, 2020), o(sp, PC, 2020))
    return d


def jam_parishes() -> Doc:
    d = Doc("jam_parish_tip_2023", "JAM", "TIP by parish 2023.xlsx", "subnational", "en")
    r = rng(d.name)
    g = d.sheet("Parish")
    g.add("Jamaica Constabulary Force – C-TIP Unit")
    g.add("Trafficking in persons: victims and persons arrested by parish, 2023")
    g.add("Parish", "Victims", "Persons arrested")
    sv, sp = 0, 0
    for p in (
        "Kingston",
        "St. Andrew",
        "St. Thomas",
        "Portland",
        "St. Mary",
        "St. Ann",
        "Trelawny",
        "St. James",
        "Hanover",
        "Westmoreland",
        "St. Elizabeth",
        "Manchester",
        "Clarendon",
        "St. Catherine",
    ):
        a, b = r.randint(0, 5), r.randint(0, 3)
        sv, sp = sv + a, sp + b
        g.add(p, a, b)
    g.add("Island total", o(sv, V, 2023), o(sp, PI, 2023))
    return d


def hti_departements() -> Doc:
    d = Doc("hti_cnlts_departements_2021", "HTI", "CNLTS_victimes_par_departement_2021.ods", "subnational", "fr")
    r = rng(d.name)
    g = d.sheet("Départements")
    g.add("Comité national de lutte contre la traite des personnes (CNLTS)")
    g.add("Victimes identifiées par département et par sexe, 2021")
    g.add("Département", "Femmes", "Hommes", "Total")
    sf, sm = 0, 0
    for p in PLACES["HTI"] + ["Sud-Est", "Nippes", "Nord-Ouest"]:
        a, b = r.randint(0, 9), r.randint(0, 5)
        sf, sm = sf + a, sm + b
        g.add(p, a, b, a + b)
    g.add("Ensemble du pays", o(sf, V, 2021, sex="female"), o(sm, V, 2021, sex="male"), o(sf + sm, V, 2021))
    return d


def sur_districten() -> Doc:
    d = Doc("sur_districten_2023", "SUR", "mensenhandel_per_district_2023.xlsx", "subnational", "nl")
    r = rng(d.name)
    g = d.sheet("Districten")
    g.add("Korps Politie Suriname — Unit Mensenhandel")
    g.add("Mensenhandel per district, 2023")
    g.add("District", "Geregistreerde zaken", "Aangehouden verdachten", "Slachtoffers")
    s = [0, 0, 0]
    for p in PLACES["SUR"]:
        row = [r.randint(0, 4), r.randint(0, 4), r.randint(0, 7)]
        s = [a + b for a, b in zip(s, row)]
        g.add(p, *row)
    g.add("Totaal landelijk", o(s[0], CI, 2023), o(s[1], PI, 2023), o(s[2], V, 2023))
    g.add("Aandeel Paramaribo (%)", 41.2, 38.0, 55.5)
    return d


def tto_divisions() -> Doc:
    d = Doc("tto_divisions_2021", "TTO", "TIP_offences_by_division_2021.csv", "subnational", "en")
    r = rng(d.name)
    g = d.sheet("csv")
    g.add("Trafficking in persons offences by police division, 2021")
    g.add("Division", "Offences recorded by the CTU", "Suspects arrested", "Victims")
    s = [0, 0, 0]
    for p in PLACES["TTO"]:
        row = [r.randint(0, 4), r.randint(0, 3), r.randint(0, 6)]
        s = [a + b for a, b in zip(s, row)]
        g.add(p, *row)
    g.add("Trinidad and Tobago", o(s[0], CI, 2021), o(s[1], PI, 2021), o(s[2], V, 2021))
    return d


def hti_rapport_national() -> Doc:
    d = Doc("hti_cnlts_rapport_2022", "HTI", "CNLTS_rapport_annuel_2022_tableaux.xlsx", "national_report", "fr")
    r = rng(d.name)
    g = d.sheet("Tableaux")
    g.add("RÉPUBLIQUE D'HAÏTI — Comité national de lutte contre la traite des personnes")
    g.add("Rapport annuel 2022 — annexe statistique")
    g.blank()
    g.add("Tableau 1. Victimes identifiées selon la forme d'exploitation et le sexe, 2022")
    crosstab(
        g,
        r,
        V,
        2022,
        [
            ("Exploitation sexuelle", {"expl": "sexual"}),
            ("Travail forcé", {"expl": "labour"}),
            ("Autres formes d'exploitation", {"expl": "other"}),
            ("Non précisé", {"expl": "unknown"}),
        ],
        [("Femmes", {"sex": "female"}), ("Hommes", {"sex": "male"})],
        "Ensemble",
        "Total",
    )
    g.blank()
    g.add("Tableau 2. Réponse pénale")
    specs = [("Dossiers ouverts", CI, {}, None), ("Personnes poursuivies", PP, {}, None), ("Personnes condamnées", PC, {}, 1)]
    years_table(g, r, specs, (2021, 2022), marks={("Personnes condamnées", 2021): "Néant"}, high=12)
    g.blank()
    g.add("Tableau 3. Victimes prises en charge par l'IBESR, 2022")
    f, m = r.randint(0, 20), r.randint(0, 20)
    g.add("", "Filles", "Garçons", "Total mineurs")
    g.add("Enfants victimes pris en charge", o(f, A, 2022, sex="female", age="child"), o(m, A, 2022, sex="male", age="child"), o(f + m, A, 2022, age="child"))
    return d


def dom_informe_nacional() -> Doc:
    d = Doc("dom_cittp_informe_2021", "DOM", "CITIM_informe_anual_2021.xlsx", "national_report", "es")
    r = rng(d.name)
    g = d.sheet("Anexo estadístico")
    g.add("Comisión Interinstitucional contra la Trata de Personas y el Tráfico Ilícito de Migrantes (CITIM)")
    g.add("Informe anual 2021 — Anexo estadístico")
    g.blank()
    g.add("Cuadro 1. Víctimas identificadas por sexo y grupo de edad")
    crosstab(
        g,
        r,
        V,
        2021,
        [("Niños, niñas y adolescentes", {"age": "child"}), ("Personas adultas", {"age": "adult"})],
        [("Femenino", {"sex": "female"}), ("Masculino", {"sex": "male"})],
        "Total",
        "Total",
        corner="Grupo de edad",
    )
    g.blank()
    g.add("Cuadro 2. Respuesta del sistema de justicia, 2019-2021")
    specs = [
        ("Casos investigados", CI, {}, None),
        ("Personas procesadas", PP, {}, None),
        ("Personas condenadas", PC, {}, 1),
        ("Sentencias absolutorias", None, {}, None),
    ]
    years_table(g, r, specs, (2019, 2020, 2021), header=("Indicador",))
    g.add("Total 2019-2021", "", "", "")
    g.blank()
    g.add("Cuadro 3. Víctimas asistidas por el CONANI y el Ministerio de la Mujer, 2021")
    g.add("Institución", "Víctimas asistidas")
    a, b = r.randint(1, 30), r.randint(1, 30)
    g.add("CONANI (menores de edad)", a)
    g.add("Ministerio de la Mujer", b)
    # the two institutions may have assisted the same person: no total is written, none is derived
    return d


def sur_rapport() -> Doc:
    d = Doc("sur_mensenhandel_rapportage_2020", "SUR", "Rapportage_mensenhandel_2020.xlsx", "national_report", "nl")
    r = rng(d.name)
    g = d.sheet("Cijfers 2020")
    g.add("Republiek Suriname — Nationale rapportage mensenhandel 2020")
    g.blank()
    g.add("1. Slachtoffers naar vorm van uitbuiting")
    specs = [
        ("Seksuele uitbuiting", V, {"expl": "sexual"}, None),
        ("Arbeidsuitbuiting", V, {"expl": "labour"}, None),
        ("Overige uitbuiting", V, {"expl": "other"}, None),
    ]
    years_table(g, r, specs, (2019, 2020), header=("Vorm",), high=10)
    g.blank()
    g.add("2. Opsporing en vervolging")
    specs = [
        ("Verdachten aangehouden", PI, {}, None),
        ("Verdachten gedagvaard", PP, {}, 0),
        ("Veroordeelde personen", PC, {}, 1),
        ("Vrijspraken", None, {}, None),
    ]
    years_table(g, r, specs, (2019, 2020), header=("",), marks={("Veroordeelde personen", 2019): "{v}*"}, high=12)
    g.add("* waarvan één in hoger beroep")
    g.blank()
    g.add("3. Opvang")
    a = r.randint(1, 15)
    g.add("Opgevangen slachtoffers 2020", o(a, A, 2020))
    return d


def kna_report() -> Doc:
    d = Doc("kna_tip_committee_2022", "KNA", "TIP_Committee_statistics_2018-2022.xlsx", "national_report", "en")
    r = rng(d.name)
    g = d.sheet("Statistics")
    g.add("Federation of St. Kitts and Nevis — National Task Force on Trafficking in Persons")
    g.add("Statistics 2018–2022")
    years = (2018, 2019, 2020, 2021, 2022)
    g.add("", *years, "Total 2018–2022")
    rows = [("Cases investigated", CI), ("Victims identified", V), ("Persons prosecuted", PP)]
    for label, ind in rows:
        vals = [r.randint(0, 4) for _ in years]
        g.add(label, *[o(v, ind, y) if v else o("None", ind, y, value=0) for v, y in zip(vals, years)], sum(vals))
    # "Convictions" counts judgements rather than persons, but no judgement means no person convicted:
    # a careful reader stores 0 persons convicted for each year.
    g.add("Convictions", *[o("None", PC, y, value=0) for y in years], "None")
    return d


BUILDERS = [
    guy_national_report,
    jam_national_report,
    tto_nationality,
    atg_nationality,
    sur_nationality,
    dom_nacionalidad,
    dom_provincias,
    cub_provincias,
    jam_parishes,
    hti_departements,
    sur_districten,
    tto_divisions,
    hti_rapport_national,
    dom_informe_nacional,
    sur_rapport,
    kna_report,
]
