"""What went wrong in a submission, grouped and ordered for the sender, in their language, and a
ready-to-edit `mapping.suggested.yaml` for the labels that matched nothing.

Readers write one reason per cell. A sender needs the pattern: "12 cells by month: months are not
indicators, the yearly total was used", with the most important problems first (a clash, a table
set aside as not about trafficking, labels that matched nothing), not 400 rows in cell order."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

# kind -> (importance: lower first, pattern on the English reason, sentence per language with {n})
KINDS: list[tuple[str, int, re.Pattern, dict[str, str]]] = [
    ("clash", 1, re.compile(r"same figure is given .*different values|given \d[\d,]* times with different"), {
        "en": "{n} cells give the same figure with different values: none of them was stored",
        "es": "{n} celdas dan la misma cifra con valores distintos: no se registró ninguna",
        "fr": "{n} cellules donnent le même chiffre avec des valeurs différentes : aucune n'a été enregistrée",
        "nl": "{n} cellen geven hetzelfde cijfer met verschillende waarden: geen ervan is opgeslagen"}),
    ("not_trafficking", 2, re.compile(r"not trafficking in persons|does not say it is about trafficking"), {
        "en": "{n} cells are in tables or rows about other crimes (not trafficking in persons): set aside, never stored",
        "es": "{n} celdas están en cuadros o filas sobre otros delitos (no trata de personas): apartadas, nunca registradas",
        "fr": "{n} cellules sont dans des tableaux ou lignes sur d'autres infractions (pas la traite) : écartées, jamais enregistrées",
        "nl": "{n} cellen staan in tabellen of rijen over andere misdrijven (geen mensenhandel): terzijde gelegd, nooit opgeslagen"}),
    ("unknown_label", 3, re.compile(r"matches no indicator|is not a known dimension value|not a known value|names several indicators"), {
        "en": "{n} cells have a label that matches no indicator: see mapping.suggested.yaml to say what they are",
        "es": "{n} celdas tienen una etiqueta que no corresponde a ningún indicador: vea mapping.suggested.yaml para indicar qué son",
        "fr": "{n} cellules ont un libellé qui ne correspond à aucun indicateur : voir mapping.suggested.yaml pour dire ce qu'elles sont",
        "nl": "{n} cellen hebben een label dat bij geen indicator past: zie mapping.suggested.yaml om te zeggen wat ze zijn"}),
    ("no_year", 4, re.compile(r"no year|several years|names \d{4} but the sheet"), {
        "en": "{n} cells have no certain year: state the year in the title or in mapping.yaml (tables: year)",
        "es": "{n} celdas no tienen un año seguro: indique el año en el título o en mapping.yaml (tables: year)",
        "fr": "{n} cellules n'ont pas d'année certaine : indiquez l'année dans le titre ou dans mapping.yaml (tables: year)",
        "nl": "{n} cellen hebben geen zeker jaar: vermeld het jaar in de titel of in mapping.yaml (tables: year)"}),
    ("place", 5, re.compile(r"place inside the country"), {
        "en": "{n} cells are figures for provinces, districts, parishes or islands: set aside, only the national total is stored",
        "es": "{n} celdas son cifras por provincia, distrito o región: apartadas, solo se registra el total nacional",
        "fr": "{n} cellules sont des chiffres par département, commune ou île : écartées, seul le total national est enregistré",
        "nl": "{n} cellen zijn cijfers per district, ressort of eiland: terzijde gelegd, alleen het landelijk totaal is opgeslagen"}),
    ("nationality", 6, re.compile(r"one nationality"), {
        "en": "{n} cells are figures for single nationalities: set aside (nationals, foreigners and the total are stored)",
        "es": "{n} celdas son cifras por nacionalidad: apartadas (se registran nacionales, extranjeros y el total)",
        "fr": "{n} cellules sont des chiffres par nationalité : écartées (nationaux, étrangers et total sont enregistrés)",
        "nl": "{n} cellen zijn cijfers per nationaliteit: terzijde gelegd (eigen onderdanen, buitenlanders en totaal worden opgeslagen)"}),
    ("total", 7, re.compile(r"total|adds up"), {
        "en": "{n} cells are totals of several indicators, years or other categories: not stored",
        "es": "{n} celdas son totales de varios indicadores, años u otras categorías: no se registran",
        "fr": "{n} cellules sont des totaux de plusieurs indicateurs, années ou autres catégories : non enregistrées",
        "nl": "{n} cellen zijn totalen van meerdere indicatoren, jaren of andere categorieën: niet opgeslagen"}),
    ("month", 8, re.compile(r"month or quarter"), {
        "en": "{n} cells are monthly or quarterly figures: months are not indicators, the yearly total was used where given",
        "es": "{n} celdas son cifras mensuales o trimestrales: los meses no son indicadores, se usó el total anual si existe",
        "fr": "{n} cellules sont des chiffres mensuels ou trimestriels : les mois ne sont pas des indicateurs, le total annuel a été utilisé",
        "nl": "{n} cellen zijn maand- of kwartaalcijfers: maanden zijn geen indicatoren, het jaartotaal is gebruikt waar gegeven"}),
    ("fiscal", 9, re.compile(r"financial year or a range"), {
        "en": "{n} cells are for a financial year or a range of years, not one calendar year: set aside",
        "es": "{n} celdas son de un año fiscal o de varios años, no de un año calendario: apartadas",
        "fr": "{n} cellules portent sur un exercice ou plusieurs années, pas une année civile : écartées",
        "nl": "{n} cellen gaan over een boekjaar of meerdere jaren, niet één kalenderjaar: terzijde gelegd"}),
    ("rate", 10, re.compile(r"percentage|rate"), {
        "en": "{n} cells are percentages, rates or changes, not counts: not stored",
        "es": "{n} celdas son porcentajes, tasas o variaciones, no conteos: no se registran",
        "fr": "{n} cellules sont des pourcentages, taux ou variations, pas des effectifs : non enregistrées",
        "nl": "{n} cellen zijn percentages, ratio's of veranderingen, geen aantallen: niet opgeslagen"}),
    ("not_count", 11, re.compile(r"not a count|whole number|negative|yes/no"), {
        "en": "{n} cells hold something other than a count (text, decimals, negative numbers)",
        "es": "{n} celdas contienen algo que no es un conteo (texto, decimales, negativos)",
        "fr": "{n} cellules contiennent autre chose qu'un effectif (texte, décimales, négatifs)",
        "nl": "{n} cellen bevatten iets anders dan een aantal (tekst, decimalen, negatieve getallen)"}),
    ("not_indicator", 12, re.compile(r"not one of the network's indicators|names a breakdown, not an indicator"), {
        "en": "{n} cells are figures the network does not collect: not stored",
        "es": "{n} celdas son cifras que la red no recopila: no se registran",
        "fr": "{n} cellules sont des chiffres que le réseau ne collecte pas : non enregistrées",
        "nl": "{n} cellen zijn cijfers die het netwerk niet verzamelt: niet opgeslagen"}),
    ("mapping", 13, re.compile(r"mapping file asks"), {
        "en": "{n} cells were left out as mapping.yaml asks",
        "es": "{n} celdas se dejaron de lado como pide mapping.yaml",
        "fr": "{n} cellules ont été laissées de côté comme le demande mapping.yaml",
        "nl": "{n} cellen zijn weggelaten zoals mapping.yaml vraagt"}),
    ("future", 14, re.compile(r"in the future|first year of the series"), {
        "en": "{n} cells are for years outside the series: not stored",
        "es": "{n} celdas son de años fuera de la serie: no se registran",
        "fr": "{n} cellules portent sur des années hors de la série : non enregistrées",
        "nl": "{n} cellen gaan over jaren buiten de reeks: niet opgeslagen"}),
]
OTHER = {"en": "{n} cells not used for other reasons (listed below)", "es": "{n} celdas no utilizadas por otros motivos (ver abajo)",
         "fr": "{n} cellules non utilisées pour d'autres raisons (voir ci-dessous)", "nl": "{n} cellen niet gebruikt om andere redenen (zie hieronder)"}
HOW_TO_MAPPING = {
    "en": "Some labels matched no indicator. mapping.suggested.yaml (in this feedback folder) lists them with the closest "
          "indicators: check each line, write the right indicator (or ignore), save it as mapping.yaml in your country's "
          "folder next to the file, and send the file again.",
    "es": "Algunas etiquetas no corresponden a ningún indicador. mapping.suggested.yaml (en esta carpeta) las lista con los "
          "indicadores más cercanos: revise cada línea, escriba el indicador correcto (o ignore), guárdelo como mapping.yaml "
          "en la carpeta de su país junto al archivo y vuelva a enviarlo.",
    "fr": "Certains libellés ne correspondent à aucun indicateur. mapping.suggested.yaml (dans ce dossier) les liste avec les "
          "indicateurs les plus proches : vérifiez chaque ligne, écrivez le bon indicateur (ou ignore), enregistrez-le sous "
          "mapping.yaml dans le dossier de votre pays à côté du fichier, et renvoyez le fichier.",
    "nl": "Sommige labels passen bij geen indicator. mapping.suggested.yaml (in deze map) somt ze op met de dichtstbijzijnde "
          "indicatoren: controleer elke regel, schrijf de juiste indicator (of ignore), sla het op als mapping.yaml in de map "
          "van uw land naast het bestand, en stuur het bestand opnieuw.",
}


@dataclass
class ProblemGroup:
    kind: str
    rank: int
    n: int
    text: str  # the sentence in the submission's language
    example: str  # one cell and its label, as written


def kind_of(reason: str) -> tuple[str, int]:
    for kind, rank, pattern, _ in KINDS:
        if pattern.search(reason):
            return kind, rank
    return "other", 99


def sentence(kind: str, lang: str, n: int) -> str:
    for k, _, _, texts in KINDS:
        if k == kind:
            return texts.get(lang, texts["en"]).format(n=n)
    return OTHER.get(lang, OTHER["en"]).format(n=n)


def group_problems(quarantine: pd.DataFrame, lang: str) -> list[ProblemGroup]:
    """Quarantine rows grouped by kind of problem, the most important first."""
    if quarantine is None or len(quarantine) == 0:
        return []
    groups: dict[str, ProblemGroup] = {}
    for reason, sheet, cell, label in zip(quarantine["reason"].astype(str), quarantine["source_sheet"].astype(str),
                                          quarantine["source_cell"].astype(str), quarantine["raw_label"].astype(str)):
        kind, rank = kind_of(reason)
        g = groups.get(kind)
        if g is None:
            groups[kind] = ProblemGroup(kind, rank, 1, "", f"{sheet}!{cell} '{label.split(' | ')[0][:60]}'")
        else:
            g.n += 1
    out = sorted(groups.values(), key=lambda g: (g.rank, -g.n))
    for g in out:
        g.text = sentence(g.kind, lang, g.n)
    return out


_QUOTED_LABEL = re.compile(r"^'(.*)' matches no indicator")
_CLOSEST = re.compile(r"([a-z_]+) \('([^']*)', (\d+)%\)")


def suggested_mapping(quarantine: pd.DataFrame, source_file: str) -> str | None:
    """YAML for the labels that matched nothing, each with its closest indicators as comments.
    The target written is 'ignore' (safe to copy as is); the sender replaces it with the right one."""
    if quarantine is None or len(quarantine) == 0:
        return None
    seen: dict[str, list[str]] = {}
    for reason in quarantine["reason"].astype(str):
        m = _QUOTED_LABEL.match(reason)
        if not m or m.group(1) in seen:
            continue
        closest = [f"{code} (like '{term}', {score}%)" for code, term, score in _CLOSEST.findall(reason)]
        seen[m.group(1)] = closest
        if len(seen) >= 200:
            break
    if not seen:
        return None
    lines = [
        "# mapping.suggested.yaml: labels of this file that matched no indicator of the network.",
        f"# File: {_yaml_comment(source_file)}",
        "# To use it: for each label, replace 'ignore' with the indicator it counts (one of: victims_detected,",
        "# victims_assisted, cases_investigated, persons_investigated, persons_prosecuted, persons_convicted),",
        "# with breakdown values if the label carries them (\"victims_detected, sex:female\"), or keep 'ignore'",
        "# when it is not one of them. Save it as mapping.yaml in the country's folder next to the file (add",
        "# these lines to an existing mapping.yaml), and send the file again.",
        "labels:",
    ]
    for label, closest in seen.items():
        lines.append(f"  {_yaml_string(label)}: ignore" + (f"   # closest: {_yaml_comment(', '.join(closest))}" if closest else ""))
    return "\n".join(lines) + "\n"


def detail(kind: str, lang: str, reason: str) -> str:
    """One cell's reason in the submission's language (English keeps the reader's exact words)."""
    if lang == "en" or kind == "other":
        return reason
    text = re.sub(r"^\{n\} \S+ ", "", next((t.get(lang, t["en"]) for k, _, _, t in KINDS if k == kind), "{n} x "))
    return text[:1].upper() + text[1:]


def _yaml_string(text: str) -> str:
    s = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", "?", " ".join(str(text).split()))[:200]
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml_comment(text: str) -> str:
    return " ".join(str(text).replace("#", " ").split())[:300]
