"""Questionnaires filled in by a ministry: a question in one cell, its answer in another, "of whom"
sub-questions, small breakdown grids inside the form, yes/no and free-text answers.

Judgement calls kept out of the truth:
- Answers "not available", "unknown", "see attached", free text and yes/no: no figure.
- A question asking for a figure "since 2015" or "in the last five years": cumulative.
- "Potential / presumed victims screened": not identified victims."""

from __future__ import annotations

from .kit import CI, PC, PI, PP, A, Doc, V, o, rng


def brb_questionnaire() -> Doc:
    d = Doc("brb_cmc_questionnaire_2022", "BRB", "CMC_TIP_data_questionnaire_Barbados_2022.xlsx", "questionnaire", "en")
    r = rng(d.name)
    g = d.sheet("Questionnaire")
    g.add("CMC data collection on trafficking in persons — questionnaire")
    g.add("Country:", "Barbados")
    g.add("Reporting period:", "1 January – 31 December 2022")
    g.add("Completed by:", "Ministry of Home Affairs and Information")
    g.blank()
    g.add("No.", "Question", "", "Answer")
    v = r.randint(4, 20)
    f = r.randint(0, v)
    c = r.randint(0, v)
    g.add("1", "How many victims of trafficking in persons were identified by the authorities during the reporting period?", "", o(v, V, 2022))
    g.add("1.1", "   of whom female", "", o(f, V, 2022, sex="female"))
    g.add("1.2", "   of whom male", "", o(v - f, V, 2022, sex="male"))
    g.add("1.3", "   of whom children (under 18 years)", "", o(c, V, 2022, age="child"))
    g.add("2", "Were victims offered shelter?", "", "Yes")
    g.add("3", "How many victims received assistance (shelter, medical, counselling, legal aid)?", "", o(r.randint(0, v), A, 2022))
    g.add("4", "How many persons were arrested or otherwise investigated for trafficking offences?", "", o(r.randint(0, 8), PI, 2022))
    g.add("5", "How many persons were prosecuted (charged) for trafficking offences?", "", o(r.randint(0, 5), PP, 2022))
    g.add("6", "How many persons were convicted of trafficking offences?", "", o("0", PC, 2022, value=0))
    g.add("7", "How many victims have been identified since the Act came into force (2016)?", "", r.randint(20, 60))
    g.add("8", "How many potential victims were screened by immigration officers?", "", r.randint(20, 200))
    return d


def grd_questionnaire() -> Doc:
    """Answers two columns to the right of the question, sub-questions lettered."""
    d = Doc("grd_questionnaire_2021", "GRD", "Grenada TIP questionnaire 2021 (final).xlsx", "questionnaire", "en")
    r = rng(d.name)
    g = d.sheet("Section B")
    g.add("SECTION B — CRIMINAL JUSTICE RESPONSE (calendar year 2021)")
    g.blank()
    a = r.randint(1, 9)
    g.add("B1. Number of trafficking cases (offences) recorded by the police", None, None, o(a, CI, 2021))
    g.add("B2. Number of persons arrested for trafficking in persons", None, None, o(r.randint(0, 6), PI, 2021))
    p = r.randint(0, 5)
    g.add("B3. Number of persons against whom proceedings were instituted", None, None, o(p, PP, 2021))
    g.add("     (a) of these, how many were women?", None, None, o(min(p, 1), PP, 2021, sex="female"))
    g.add("     (b) of these, how many were non-nationals?", None, None, o("Nil", PP, 2021, cit="foreign", value=0))
    g.add("B4. Number of persons convicted", None, None, "Not available")
    g.add("B5. Comments", None, None, "Two matters carried over from 2020 are before the High Court.")
    g2 = d.sheet("Section C")
    g2.add("SECTION C — VICTIMS (calendar year 2021)")
    g2.add("C1. Please give the number of victims identified, by sex and age:")
    g2.add("", "Female", "Male", "Total")
    fa, ma, fc, mc = (r.randint(0, 4) for _ in range(4))
    g2.add("Adults (18+)", o(fa, V, 2021, "female", "adult"), o(ma, V, 2021, "male", "adult"), o(fa + ma, V, 2021, age="adult"))
    g2.add("Children", o(fc, V, 2021, "female", "child"), o(mc, V, 2021, "male", "child"), o(fc + mc, V, 2021, age="child"))
    g2.add("Total", o(fa + fc, V, 2021, "female"), o(ma + mc, V, 2021, "male"), o(fa + ma + fc + mc, V, 2021))
    g2.add("C2. Forms of exploitation (tick all that apply)", "Sexual ☑", "Labour ☑", "Other ☐")
    return d


def dma_questionnaire() -> Doc:
    d = Doc("dma_questionnaire_2020", "DMA", "Dominica_CMC_return_2020.ods", "questionnaire", "en")
    r = rng(d.name)
    g = d.sheet("Return")
    g.add("Commonwealth of Dominica — return to the CMC TIP data network")
    g.add("Year of reference", 2020)
    g.blank()
    g.add("Item", "Response", "Remarks")
    g.add("Victims identified (total)", o("1", V, 2020, value=1), "one Venezuelan woman")
    g.add("of which foreign nationals", o("1", V, 2020, cit="foreign", value=1), "")
    g.add("Victims assisted", o("1", A, 2020, value=1), "referred to the Ministry of Social Services")
    g.add("Persons investigated", o("None", PI, 2020, value=0), "")
    g.add("Persons prosecuted", o("None", PP, 2020, value=0), "")
    g.add("Persons convicted", o("None", PC, 2020, value=0), "")
    g.add("Is a national action plan in force?", "No", "draft 2021–2023 under review")
    _ = r
    return d


def cub_cuestionario() -> Doc:
    d = Doc("cub_cuestionario_2022", "CUB", "cuestionario_CMC_Cuba_2022.xlsx", "questionnaire", "es")
    r = rng(d.name)
    g = d.sheet("Cuestionario")
    g.add("CUESTIONARIO SOBRE TRATA DE PERSONAS — Año de referencia: 2022")
    g.add("Institución que responde: Fiscalía General de la República")
    g.blank()
    g.add("Pregunta", "", "Respuesta")
    v = r.randint(5, 25)
    m = r.randint(0, v)
    g.add("1. ¿Cuántas víctimas de trata de personas fueron identificadas en el año?", "", o(v, V, 2022))
    g.add("   1.a De ellas, ¿cuántas eran mujeres?", "", o(m, V, 2022, sex="female"))
    g.add("   1.b De ellas, ¿cuántas eran niñas, niños o adolescentes?", "", o(r.randint(0, v), V, 2022, age="child"))
    g.add("   1.c De ellas, ¿cuántas eran de nacionalidad cubana?", "", o(v, V, 2022, cit="national"))
    g.add("2. ¿Cuántas personas fueron procesadas penalmente por trata?", "", o(r.randint(1, 15), PP, 2022))
    g.add("3. ¿Cuántas personas fueron sancionadas (condenadas)?", "", o(r.randint(1, 12), PC, 2022))
    g.add("4. ¿Cuántas víctimas recibieron atención y protección?", "", o(v, A, 2022))
    g.add("5. ¿Existe una línea telefónica de ayuda?", "", "Sí")
    g.add("6. Número de víctimas identificadas desde 2013", "", r.randint(100, 300))
    return d


def hti_questionnaire() -> Doc:
    d = Doc("hti_questionnaire_2021", "HTI", "questionnaire_traite_Haiti_2021.xlsx", "questionnaire", "fr")
    r = rng(d.name)
    g = d.sheet("Questionnaire 2021")
    g.add("QUESTIONNAIRE — DONNÉES SUR LA TRAITE DES PERSONNES")
    g.add("Période couverte : année civile 2021")
    g.blank()
    g.add("Question", "Réponse", "Observations")
    v = r.randint(10, 60)
    g.add("Q1. Nombre de victimes de la traite identifiées", o(v, V, 2021), "BPM, IBESR, DCPJ")
    g.add("Q1a. dont femmes et filles", o(r.randint(0, v), V, 2021, sex="female"), "")
    g.add("Q1b. dont mineurs (moins de 18 ans)", o(r.randint(0, v), V, 2021, age="child"), "")
    g.add("Q1c. dont ressortissants étrangers", o("Néant", V, 2021, cit="foreign", value=0), "")
    g.add("Q2. Nombre de victimes ayant bénéficié d'une assistance", o(r.randint(0, v), A, 2021), "")
    g.add("Q3. Nombre de personnes interpellées pour traite", o(r.randint(0, 20), PI, 2021), "")
    g.add("Q4. Nombre de personnes condamnées", "Données non disponibles", "")
    g.add("Q5. Existe-t-il un plan d'action national ?", "Oui", "2015-2017, en révision")
    return d


def cuw_vragenlijst() -> Doc:
    d = Doc("cuw_vragenlijst_2023", "CUW", "vragenlijst_mensenhandel_Curacao_2023.xls", "questionnaire", "nl")
    r = rng(d.name)
    g = d.sheet("Vragenlijst")
    g.add("VRAGENLIJST MENSENHANDEL — verslagjaar 2023")
    g.add("Ingevuld door: Openbaar Ministerie Curaçao / Taskforce Mensenhandel en Mensensmokkel")
    g.blank()
    g.add("Nr.", "Vraag", "Antwoord")
    v = r.randint(3, 20)
    f = r.randint(0, v)
    g.add("1", "Hoeveel slachtoffers van mensenhandel zijn in het verslagjaar geïdentificeerd?", o(v, V, 2023))
    g.add("1a", "Van wie vrouwen", o(f, V, 2023, sex="female"))
    g.add("1b", "Van wie mannen", o(v - f, V, 2023, sex="male"))
    g.add("1c", "Van wie met de Nederlandse nationaliteit", o(r.randint(0, 2), V, 2023, cit="national"))
    g.add("2", "Hoeveel verdachten zijn aangehouden?", o(r.randint(0, 9), PI, 2023))
    g.add("3", "Hoeveel verdachten zijn vervolgd (gedagvaard)?", o(r.randint(0, 6), PP, 2023))
    g.add("4", "Hoeveel personen zijn veroordeeld?", o("Geen", PC, 2023, value=0))
    g.add("5", "Hoeveel slachtoffers zijn opgevangen of begeleid?", o(r.randint(0, v), A, 2023))
    g.add("6", "Opmerkingen", "Cijfers 2023 zijn voorlopig.")
    return d


def dom_cuestionario_grid() -> Doc:
    """The form asks for grids: the question above, the grid below it."""
    d = Doc("dom_cuestionario_2021", "DOM", "Cuestionario_datos_trata_RD_2021.xlsx", "questionnaire", "es")
    r = rng(d.name)
    g = d.sheet("Formulario")
    g.add("Formulario de recolección de datos sobre trata de personas")
    g.add("País: República Dominicana", "", "Año: 2021")
    g.blank()
    g.add("Pregunta 1. Indique el número de víctimas identificadas según sexo y tipo de explotación:")
    g.add("Tipo de explotación", "Mujeres", "Hombres", "Total")
    tot_f, tot_m = 0, 0
    for label, expl in (("Explotación sexual", "sexual"), ("Trabajos o servicios forzosos", "labour"), ("Otros fines", "other")):
        f, m = r.randint(0, 20), r.randint(0, 8)
        tot_f, tot_m = tot_f + f, tot_m + m
        g.add(label, o(f, V, 2021, "female", expl=expl), o(m, V, 2021, "male", expl=expl), o(f + m, V, 2021, expl=expl))
    g.add("Total", o(tot_f, V, 2021, "female"), o(tot_m, V, 2021, "male"), o(tot_f + tot_m, V, 2021))
    g.blank()
    g.add("Pregunta 2. Indique el número de personas según etapa del proceso penal:")
    g.add("Etapa", "Número de personas")
    g.add("Arrestadas / detenidas", o(r.randint(5, 40), PI, 2021))
    g.add("Con acusación formal", o(r.randint(2, 20), PP, 2021))
    g.add("Condenadas", o(r.randint(0, 10), PC, 2021))
    g.add("Pregunta 3. ¿Cuántas de las personas condenadas eran extranjeras?", "No disponible")
    return d


BUILDERS = [brb_questionnaire, grd_questionnaire, dma_questionnaire, cub_cuestionario, hti_questionnaire, cuw_vragenlijst, dom_cuestionario_grid]
