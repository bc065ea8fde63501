"""Police annual crime bulletins: the trafficking table shares its sheet with murder, larceny and
drug tables that use the same generic words. Only the trafficking table is truth.

Judgement calls (kept out of the truth on purpose, a missed figure being acceptable):
- "Reports received" / "Aangiften" / "Denuncias": complaints, not recorded or investigated cases.
- "Persons screened" / "Potential victims referred": not identified victims.
- "Human smuggling" / "Tráfico ilícito de migrantes": another offence than trafficking in persons.
- "Sometidas a la justicia" / "déférées au parquet": handed to the prosecutor, who has not yet
  decided to prosecute; neither arrested-and-investigated only nor prosecuted for sure."""

from __future__ import annotations

from .kit import CI, PC, PI, PP, Doc, V, o, rng
from .noise import drugs_table, larceny_table, murder_table
from .tables import sex_columns_table, years_table


def jam_bulletin() -> Doc:
    d = Doc("jam_police_bulletin_2022", "JAM", "JCF_Annual_Crime_Statistics_2022.xlsx", "police_bulletin", "en")
    r = rng(d.name)
    g = d.sheet("Major Crimes 2022")
    g.add("JAMAICA CONSTABULARY FORCE")
    g.add("Statistics and Information Management Unit (SIMU)")
    g.add("Annual Crime Statistics Bulletin – January to December 2022")
    g.blank()
    murder_table(g, r, "en", "JAM", 2022, "Table 1. ")
    g.blank(2)
    larceny_table(g, r, "en", "JAM", 2022, "Table 2. ")
    g.blank(2)
    g.add("Table 3. Trafficking in Persons – Counter-Trafficking in Persons Unit (C-TIP)")
    specs = [
        ("Trafficking cases recorded", CI, {}, None),
        ("Persons arrested", PI, {}, None),
        ("Persons charged with TIP offences", PP, {}, 1),
        ("Victims rescued", V, {}, None),
        ("  of whom female", V, {"sex": "female"}, 3),
        ("  of whom children (under 18)", V, {"age": "child"}, 3),
    ]
    years_table(g, r, specs, (2021, 2022), extra=["% change"], marks={("Persons arrested", 2022): "{v}*"})
    g.add("* includes two persons arrested on warrants issued in 2021")
    g.add("Source: JCF C-TIP Unit. Percentages computed on unrounded figures.")
    return d


def tto_bulletin() -> Doc:
    d = Doc("tto_police_bulletin_2023", "TTO", "TTPS_crime_report_2023.xlsx", "police_bulletin", "en")
    r = rng(d.name)
    g = d.sheet("Sheet1")
    g.add("TRINIDAD AND TOBAGO POLICE SERVICE – CRIME AND PROBLEM ANALYSIS BRANCH")
    g.add("Serious Crimes Report 2023")
    g.blank()
    g.add("Counter Trafficking Unit (CTU): persons by sex, 2023")
    sex_columns_table(
        g, r, [("Victims identified", V, {}), ("Suspects arrested", PI, {}), ("Persons charged", PP, {})], 2023, ("Female", "Male", "Total"), first="CTU 2023"
    )
    g.blank()
    murder_table(g, r, "en", "TTO", 2023, "Table 2: ")
    g.blank()
    drugs_table(g, r, "en", (2022, 2023), "Table 3: ")
    return d


def bhs_bulletin() -> Doc:
    """Offences by type in rows: only the trafficking-in-persons row, never smuggling or drugs."""
    d = Doc("bhs_police_offences_2022", "BHS", "RBPF_annual_report_tables_2022.xls", "police_bulletin", "en")
    r = rng(d.name)
    g = d.sheet("Offences")
    g.add("ROYAL BAHAMAS POLICE FORCE")
    g.add("Selected offences known to the police, 2022")
    g.add("Offence", "Recorded", "Cleared up", "Persons arrested", "Persons charged", "Clear-up rate (%)")
    for label in ("Murder", "Attempted murder", "Armed robbery", "Housebreaking", "Dangerous drugs (trafficking)", "Human smuggling"):
        a = r.randint(5, 400)
        g.add(label, a, r.randint(0, a), r.randint(0, a), r.randint(0, a), round(r.uniform(5, 80), 1))
    rec, arr = r.randint(2, 12), r.randint(1, 9)
    ch = r.randint(0, arr)
    g.add("Trafficking in persons", o(rec, CI, 2022), r.randint(0, rec), o(arr, PI, 2022), o(ch, PP, 2022), round(100 * r.randint(0, rec) / rec, 1))
    g.add("Firearm trafficking", *[r.randint(1, 60) for _ in range(4)], 31.5)
    g.add("Total", *[r.randint(900, 3000) for _ in range(4)], 41.0)
    g.blank()
    larceny_table(g, r, "en", "BHS", 2022)
    return d


def guy_bulletin() -> Doc:
    d = Doc("guy_police_bulletin_2021", "GUY", "GPF Crime Statistics 2021.xlsx", "police_bulletin", "en")
    r = rng(d.name)
    g = d.sheet("Crime Stats")
    g.add("GUYANA POLICE FORCE — CRIME STATISTICS 2020 AND 2021")
    g.blank()
    drugs_table(g, r, "en", (2020, 2021), "1. ")
    g.blank()
    g.add("2. Trafficking in Persons (TIP) Unit")
    specs = [
        ("Reports received", None, {}, None),
        ("Investigations launched", CI, {}, None),
        ("Persons arrested", PI, {}, None),
        ("Charged", PP, {}, 2),
        ("Victims", V, {}, None),
        ("- Females", V, {"sex": "female"}, 4),
        ("- Males", V, {"sex": "male", "_rest": True}, 4),
        ("Persons screened", None, {}, None),
    ]
    years_table(g, r, specs, (2020, 2021), header=("Category",), marks={("Charged", 2020): "Nil"})
    g.add("Note: 'Reports received' includes hotline tips that were not substantiated.")
    g.blank()
    murder_table(g, r, "en", "GUY", 2021, "3. ")
    return d


def brb_bulletin() -> Doc:
    d = Doc("brb_police_bulletin_2020", "BRB", "rbpf_crime_stats_2020.csv", "police_bulletin", "en")
    r = rng(d.name)
    g = d.sheet("csv")
    g.add("Royal Barbados Police Force - Annual Statistical Digest 2020")
    g.add("")
    larceny_table(g, r, "en", "BRB", 2020, "Table 4 - ")
    g.add("")
    g.add("Table 5 - Trafficking in Persons and related offences")
    specs = [
        ("Number of TIP cases investigated", CI, {}, None),
        ("Suspects arrested", PI, {}, None),
        ("Suspects charged", PP, {}, 1),
        ("Offenders convicted", PC, {}, 2),
        ("Victims identified", V, {}, None),
        ("  Women and girls", V, {"sex": "female"}, 4),
    ]
    years_table(g, r, specs, (2019, 2020), header=("Indicator",), marks={("Offenders convicted", 2019): "Nil"}, extra=["% change"])
    g.add("")
    murder_table(g, r, "en", "BRB", 2020, "Table 6 - ")
    return d


def lca_bulletin() -> Doc:
    d = Doc("lca_police_bulletin_2022", "LCA", "RSLPF_Annual_Report_2022.ods", "police_bulletin", "en")
    r = rng(d.name)
    g = d.sheet("Statistics")
    g.add("ROYAL SAINT LUCIA POLICE FORCE — ANNUAL REPORT 2022 — STATISTICAL APPENDIX")
    murder_table(g, r, "en", "LCA", 2022, "A1 ")
    g.blank()
    g.add("A2 Human trafficking (Counter-Trafficking Act, 2010)")
    sex_columns_table(
        g, r, [("Persons arrested", PI, {}), ("Persons charged", PP, {}), ("Victims (confirmed)", V, {})], 2022, ("F", "M", "Total"), first="2022"
    )
    g.blank()
    larceny_table(g, r, "en", "LCA", 2022, "A3 ")
    return d


def blz_bulletin() -> Doc:
    d = Doc("blz_police_bulletin_2023", "BLZ", "BPD_CrimeStats_2023_final.xlsx", "police_bulletin", "en")
    r = rng(d.name)
    g = d.sheet("Annual")
    g.add("Belize Police Department")
    g.add("Joint Intelligence Coordinating Centre — Crime statistics 2023")
    g.blank()
    murder_table(g, r, "en", "BLZ", 2023)
    g.blank()
    larceny_table(g, r, "en", "BLZ", 2023)
    g.blank()
    g.add("Trafficking in Persons (Prohibition) Act — offences and victims")
    specs = [
        ("Offences recorded", CI, {}, None),
        ("Arrests", PI, {}, None),
        ("Victims identified", V, {}, None),
        ("of which minors", V, {"age": "child"}, 2),
        ("of which adults", V, {"age": "adult", "_rest": True}, 2),
    ]
    years_table(g, r, specs, (2021, 2022, 2023), header=("",), marks={("Arrests", 2023): "{v} (a)"}, extra=["Rate per 100,000 pop. (2023)"])
    g.add("(a) Provisional.")
    g.add("Rates per 100,000 population use the 2023 mid-year estimate.")
    return d


def atg_bulletin() -> Doc:
    d = Doc("atg_police_bulletin_2021", "ATG", "RPFAB crime statistics 2021.xlsx", "police_bulletin", "en")
    r = rng(d.name)
    g = d.sheet("2021")
    g.add("Royal Police Force of Antigua and Barbuda – Criminal Investigations Department")
    g.add("Crime statistics for the year 2021")
    g.blank()
    g.add("Serious crimes", "Reported", "Solved", "Arrests")
    for label in ("Murder", "Manslaughter", "Rape", "Robbery", "Burglary"):
        a = r.randint(3, 200)
        g.add(label, a, r.randint(0, a), r.randint(0, a))
    g.add("Total", 712, 304, 280)
    g.blank()
    g.add("Trafficking in persons – Trafficking in Persons (Prevention) Act 2010")
    g.add("", "Female", "Male", "Total")
    f, m = r.randint(0, 9), r.randint(0, 9)
    g.add("Victims identified", o(f, V, 2021, sex="female"), o(m, V, 2021, sex="male"), o(f + m, V, 2021))
    g.add(
        "Victims identified – minors",
        o(0 if f == 0 else 1, V, 2021, sex="female", age="child"),
        o("Nil", V, 2021, sex="male", age="child", value=0),
        o(0 if f == 0 else 1, V, 2021, age="child"),
    )
    a = r.randint(1, 6)
    g.add("Persons charged", "", "", o(a, PP, 2021))
    return d


def vct_bulletin() -> Doc:
    d = Doc("vct_police_bulletin_2022", "VCT", "RSVGPF_stats_2022.xlsx", "police_bulletin", "en")
    r = rng(d.name)
    g = d.sheet("Crime 2022")
    g.add("ROYAL SAINT VINCENT AND THE GRENADINES POLICE FORCE")
    g.add("Quarterly and annual statistics, 2022")
    g.add("Offence", "Q1", "Q2", "Q3", "Q4", "Year 2022")
    for label in ("Murder", "Wounding", "Burglary", "Theft", "Drug trafficking"):
        q = [r.randint(1, 50) for _ in range(4)]
        g.add(label, *q, sum(q))
    q = [r.randint(0, 3) for _ in range(4)]
    g.add("Trafficking in persons (offences recorded)", *q, o(sum(q), CI, 2022))
    q = [r.randint(0, 2) for _ in range(4)]
    g.add("Trafficking in persons (persons arrested)", *q, o(sum(q), PI, 2022))
    g.add("Note: quarters are not figures for the year; the year column is the annual count.")
    return d


def dom_bulletin() -> Doc:
    d = Doc("dom_policia_boletin_2022", "DOM", "PN_boletin_estadistico_2022.xlsx", "police_bulletin", "es")
    r = rng(d.name)
    g = d.sheet("Boletín")
    g.add("POLICÍA NACIONAL — DIRECCIÓN CENTRAL DE PLANIFICACIÓN Y DESARROLLO")
    g.add("Boletín estadístico anual 2022")
    g.blank()
    murder_table(g, r, "es", "DOM", 2022, "Cuadro 1. ")
    g.blank()
    g.add("Cuadro 2. Trata de personas: casos, detenidos y víctimas")
    specs = [
        ("Denuncias recibidas", None, {}, None),
        ("Casos investigados", CI, {}, None),
        ("Personas detenidas", PI, {}, None),
        ("Personas sometidas a la justicia", None, {}, 2),
        ("Víctimas rescatadas", V, {}, None),
        ("de las cuales, mujeres", V, {"sex": "female"}, 4),
        ("de las cuales, menores de edad", V, {"age": "child"}, 4),
    ]
    years_table(g, r, specs, (2021, 2022), header=("Concepto",), extra=["Var. %"], high=60, marks={("Víctimas rescatadas", 2021): "{v}¹"})
    g.add("¹ Cifra revisada.")
    g.blank()
    drugs_table(g, r, "es", (2021, 2022), "Cuadro 3. ")
    g.blank()
    larceny_table(g, r, "es", "DOM", 2022, "Cuadro 4. ")
    return d


def cub_bulletin() -> Doc:
    d = Doc("cub_minint_anuario_2021", "CUB", "anuario_delitos_2021.ods", "police_bulletin", "es")
    r = rng(d.name)
    g = d.sheet("Delitos")
    g.add("MINISTERIO DEL INTERIOR — Anuario de delitos seleccionados")
    g.add("Delito", "Hechos registrados", "Personas detenidas", "Personas procesadas")
    for label in ("Asesinato", "Robo con violencia", "Hurto", "Tráfico de drogas", "Tráfico ilícito de migrantes"):
        a = r.randint(10, 600)
        g.add(label, a, r.randint(0, a), r.randint(0, a))
    rec, det = r.randint(3, 15), r.randint(2, 12)
    g.add("Trata de personas", o(rec, CI, 2021), o(det, PI, 2021), o(r.randint(0, det), PP, 2021))
    g.add("Total", 12893, 6711, 4120)
    g.add("Año de referencia: 2021")
    return d


def hti_bulletin() -> Doc:
    d = Doc("hti_pnh_bulletin_2022", "HTI", "PNH_bulletin_statistique_2022.xlsx", "police_bulletin", "fr")
    r = rng(d.name)
    g = d.sheet("Bulletin 2022")
    g.add("POLICE NATIONALE D'HAÏTI — Direction centrale de la police judiciaire")
    g.add("Bulletin statistique annuel 2022")
    g.blank()
    murder_table(g, r, "fr", "HTI", 2022, "Tableau 1 : ")
    g.blank()
    g.add("Tableau 2 : Traite des personnes — Brigade de protection des mineurs (BPM) et DCPJ")
    specs = [
        ("Affaires enregistrées", CI, {}, None),
        ("Personnes interpellées", PI, {}, None),
        ("Personnes déférées au parquet", None, {}, 1),
        ("Victimes identifiées", V, {}, None),
        ("dont mineurs", V, {"age": "child"}, 3),
        ("dont filles", V, {"sex": "female", "age": "child"}, 4),
    ]
    years_table(g, r, specs, (2021, 2022), extra=["Évolution (%)"], marks={("Personnes interpellées", 2021): "Néant"})
    g.add("Déférées au parquet : la saisine du parquet n'est pas encore une poursuite.")
    g.blank()
    larceny_table(g, r, "fr", "HTI", 2022, "Tableau 3 : ")
    return d


def hti_bulletin_csv() -> Doc:
    d = Doc("hti_dcpj_bulletin_2020_csv", "HTI", "dcpj_statistiques_2020.csv", "police_bulletin", "fr", text_options={"delimiter": ";", "encoding": "cp1252"})
    r = rng(d.name)
    g = d.sheet("csv")
    g.add("Direction centrale de la police judiciaire - statistiques 2020")
    g.add("Infraction", "Faits constatés", "Personnes gardées à vue", "Personnes inculpées")
    for label in ("Homicide volontaire", "Enlèvement contre rançon", "Vol à main armée", "Trafic de stupéfiants"):
        a = r.randint(20, 500)
        g.add(label, a, r.randint(0, a), r.randint(0, a))
    a, b = r.randint(2, 10), r.randint(1, 8)
    g.add("Traite des personnes", o(a, CI, 2020), o(b, PI, 2020), o(r.randint(0, b), PP, 2020))
    g.add("Trafic illicite de migrants", 14, 9, 3)
    return d


def sur_bulletin() -> Doc:
    d = Doc("sur_kps_jaarverslag_2022", "SUR", "KPS_jaarcijfers_criminaliteit_2022.xlsx", "police_bulletin", "nl")
    r = rng(d.name)
    g = d.sheet("Criminaliteit")
    g.add("KORPS POLITIE SURINAME — Afdeling Beleidsinformatie")
    g.add("Jaarcijfers criminaliteit 2022")
    g.blank()
    murder_table(g, r, "nl", "SUR", 2022, "Tabel 1 ")
    g.blank()
    g.add("Tabel 2 Mensenhandel (Unit Mensenhandel / Mensensmokkel)")
    specs = [
        ("Aangiften", None, {}, None),
        ("Opgestarte onderzoeken", CI, {}, None),
        ("Aangehouden", PI, {}, None),
        ("Vervolgd", PP, {}, 2),
        ("Slachtoffers", V, {}, None),
        ("waarvan vrouwen", V, {"sex": "female"}, 4),
        ("waarvan minderjarigen", V, {"age": "child"}, 4),
    ]
    years_table(g, r, specs, (2021, 2022), marks={("Vervolgd", 2021): "Geen"})
    g.add("Aangiften: meldingen bij de politie; niet elke melding leidt tot een onderzoek.")
    g.blank()
    g.add("Tabel 3 Mensensmokkel")
    g.add("", 2021, 2022)
    g.add("Aangehouden", 17, 22)
    g.add("Slachtoffers", 31, 40)
    return d


def cuw_bulletin() -> Doc:
    d = Doc("cuw_kpc_criminaliteitsbeeld_2021", "CUW", "KPC_criminaliteitsbeeld_2021.xls", "police_bulletin", "nl")
    r = rng(d.name)
    g = d.sheet("Cijfers")
    g.add("Korps Politie Curaçao — Criminaliteitsbeeld 2021")
    g.add("Delict", "Geregistreerd", "Opgehelderd", "Aangehouden verdachten")
    for label in ("Moord/doodslag", "Gewapende overval", "Inbraak", "Drugshandel", "Mensensmokkel"):
        a = r.randint(10, 500)
        g.add(label, a, r.randint(0, a), r.randint(0, a))
    a, b = r.randint(2, 9), r.randint(1, 7)
    g.add("Mensenhandel", o(a, CI, 2021), r.randint(0, a), o(b, PI, 2021))
    g.add("Totaal", 3412, 1207, 988)
    g.blank()
    larceny_table(g, r, "nl", "CUW", 2021)
    return d


def abw_bulletin() -> Doc:
    d = Doc("abw_kpa_jaarverslag_2023", "ABW", "KPA_jaarverslag_2023_bijlage.ods", "police_bulletin", "nl")
    r = rng(d.name)
    g = d.sheet("Bijlage 3")
    g.add("Korps Politie Aruba — Jaarverslag 2023 — Bijlage 3: cijfers")
    larceny_table(g, r, "nl", "ABW", 2023, "3.1 ")
    g.blank()
    g.add("3.2 Mensenhandel en mensensmokkel (TIP/SOM-unit)")
    g.add("Mensenhandel", "Vrouwen", "Mannen", "Totaal")
    f, m = r.randint(0, 12), r.randint(0, 12)
    g.add("Geïdentificeerde slachtoffers", o(f, V, 2023, sex="female"), o(m, V, 2023, sex="male"), o(f + m, V, 2023))
    f2, m2 = r.randint(0, 4), r.randint(0, 4)
    g.add("Aangehouden verdachten", o(f2, PI, 2023, sex="female"), o(m2, PI, 2023, sex="male"), o(f2 + m2, PI, 2023))
    g.add("Mensensmokkel", "Vrouwen", "Mannen", "Totaal")
    g.add("Aangehouden verdachten", 3, 11, 14)
    return d


def sxm_bulletin() -> Doc:
    d = Doc("sxm_kpsm_jaarrapport_2022", "SXM", "KPSM crime figures 2022.xlsx", "police_bulletin", "nl")
    r = rng(d.name)
    g = d.sheet("2022")
    g.add("Korps Politie Sint Maarten — Criminaliteitscijfers 2022")
    murder_table(g, r, "nl", "SXM", 2022)
    g.blank()
    g.add("Mensenhandel (art. 2:239 WvSr)", "", "", "")
    sex_columns_table(
        g, r, [("Slachtoffers", V, {}), ("Verdachten aangehouden", PI, {}), ("Verdachten vervolgd", PP, {})], 2022, ("Vrouw", "Man", "Totaal"), total_first=True
    )
    return d


BUILDERS = [
    jam_bulletin,
    tto_bulletin,
    bhs_bulletin,
    guy_bulletin,
    brb_bulletin,
    lca_bulletin,
    blz_bulletin,
    atg_bulletin,
    vct_bulletin,
    dom_bulletin,
    cub_bulletin,
    hti_bulletin,
    hti_bulletin_csv,
    sur_bulletin,
    cuw_bulletin,
    abw_bulletin,
    sxm_bulletin,
]
