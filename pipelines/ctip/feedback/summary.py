"""Feedback for one submission, in `data/marts/feedback/<submission_id>/`:

- `summary.md` and `summary.html`: a short human summary (the HTML is self-contained: no
  scripts, no external resources, every text escaped);
- `report.json`: everything, cell by cell;
- `annotated.xlsx`: a copy of the values sent, each used cell green and each unused cell red,
  with a comment saying how it was read or why not (see annotated.py).

Headings and the advice for a rejected file are in the submission's language (the language its
labels were written in, else the country's), where a translation exists; reasons given by the
readers are in English. Nothing here may raise: feedback is written during the run, and a
failure to write one file must not stop the others (it is logged, without values)."""

from __future__ import annotations

import html
import json
import logging
import re

from ctip.feedback.problems import HOW_TO_MAPPING, detail, group_problems, kind_of, suggested_mapping
from ctip.stage.submission import SubmissionResult

log = logging.getLogger(__name__)

# Headings in the submission's language, where a translation exists.
PHRASES = {
    "en": {"figures": "Figures stored", "indicator": "indicator", "breakdown": "breakdown", "year": "year",
           "grouped": "What was not used, most important first", "all_cells": "Cell by cell",
           "how_mapping": "Labels that matched no indicator",
           "title": "Submission", "status": "Status", "stored": "figures stored", "unused": "cells not used",
           "na": "cells marked not available", "problems": "Problems", "none": "No problems found.",
           "accepted": "accepted", "partial": "partly accepted", "rejected": "rejected", "sheets": "Sheets",
           "country": "country", "several": "several (UNODC export)", "details": "Details",
           "what_to_do": "What to do", "sheet": "sheet", "cell": "cell", "label": "label", "value": "value",
           "reason": "reason", "layout": "layout", "cells_read": "cells read", "notes": "notes",
           "more": "… and {n} more in report.json",
           "annotated": "Annotated copy",
           "annotated_text": "annotated.xlsx is a copy of the values you sent: green cells were stored (the comment "
                             "shows how each was read), red cells were not used (the comment says why).",
           "feedback_sheet": "Feedback", "file": "File", "legend_ok": "stored as a figure (see the comment)",
           "legend_bad": "not used (the comment says why)", "capped": "Only the first {n} rows of this sheet are shown."},
    "es": {"figures": "Cifras registradas", "indicator": "indicador", "breakdown": "desglose", "year": "año",
           "grouped": "Lo que no se utilizó, lo más importante primero", "all_cells": "Celda por celda",
           "how_mapping": "Etiquetas que no corresponden a ningún indicador",
           "title": "Envío", "status": "Estado", "stored": "cifras registradas", "unused": "celdas no utilizadas",
           "na": "celdas marcadas como no disponibles", "problems": "Problemas", "none": "No se encontraron problemas.",
           "accepted": "aceptado", "partial": "aceptado en parte", "rejected": "rechazado", "sheets": "Hojas",
           "country": "país", "several": "varios (exportación de UNODC)", "details": "Detalles",
           "what_to_do": "Qué hacer", "sheet": "hoja", "cell": "celda", "label": "etiqueta", "value": "valor",
           "reason": "motivo", "layout": "formato", "cells_read": "celdas leídas", "notes": "notas",
           "more": "… y {n} más en report.json",
           "annotated": "Copia anotada",
           "annotated_text": "annotated.xlsx es una copia de los valores enviados: las celdas verdes se registraron (el "
                             "comentario muestra cómo se leyó cada una), las rojas no se utilizaron (el comentario dice por qué).",
           "feedback_sheet": "Resultado", "file": "Archivo", "legend_ok": "registrada como cifra (ver el comentario)",
           "legend_bad": "no utilizada (el comentario dice por qué)",
           "capped": "Solo se muestran las primeras {n} filas de esta hoja."},
    "fr": {"figures": "Chiffres enregistrés", "indicator": "indicateur", "breakdown": "ventilation", "year": "année",
           "grouped": "Ce qui n'a pas été utilisé, le plus important d'abord", "all_cells": "Cellule par cellule",
           "how_mapping": "Libellés sans indicateur correspondant",
           "title": "Envoi", "status": "Statut", "stored": "chiffres enregistrés", "unused": "cellules non utilisées",
           "na": "cellules marquées non disponibles", "problems": "Problèmes", "none": "Aucun problème.",
           "accepted": "accepté", "partial": "accepté en partie", "rejected": "rejeté", "sheets": "Feuilles",
           "country": "pays", "several": "plusieurs (export de l'ONUDC)", "details": "Détails",
           "what_to_do": "Que faire", "sheet": "feuille", "cell": "cellule", "label": "libellé", "value": "valeur",
           "reason": "raison", "layout": "disposition", "cells_read": "cellules lues", "notes": "remarques",
           "more": "… et {n} de plus dans report.json",
           "annotated": "Copie annotée",
           "annotated_text": "annotated.xlsx est une copie des valeurs envoyées : les cellules vertes ont été enregistrées "
                             "(le commentaire montre comment chacune a été lue), les rouges n'ont pas été utilisées "
                             "(le commentaire dit pourquoi).",
           "feedback_sheet": "Retour", "file": "Fichier", "legend_ok": "enregistrée comme chiffre (voir le commentaire)",
           "legend_bad": "non utilisée (le commentaire dit pourquoi)",
           "capped": "Seules les {n} premières lignes de cette feuille sont reproduites."},
    "nl": {"figures": "Opgeslagen cijfers", "indicator": "indicator", "breakdown": "uitsplitsing", "year": "jaar",
           "grouped": "Wat niet gebruikt is, het belangrijkste eerst", "all_cells": "Cel voor cel",
           "how_mapping": "Labels zonder bijpassende indicator",
           "title": "Inzending", "status": "Status", "stored": "cijfers opgeslagen", "unused": "cellen niet gebruikt",
           "na": "cellen gemarkeerd als niet beschikbaar", "problems": "Problemen", "none": "Geen problemen gevonden.",
           "accepted": "aanvaard", "partial": "gedeeltelijk aanvaard", "rejected": "afgewezen", "sheets": "Bladen",
           "country": "land", "several": "meerdere (UNODC-export)", "details": "Details",
           "what_to_do": "Wat te doen", "sheet": "blad", "cell": "cel", "label": "label", "value": "waarde",
           "reason": "reden", "layout": "indeling", "cells_read": "cellen gelezen", "notes": "opmerkingen",
           "more": "… en nog {n} in report.json",
           "annotated": "Geannoteerde kopie",
           "annotated_text": "annotated.xlsx is een kopie van de verzonden waarden: groene cellen zijn opgeslagen (de "
                             "opmerking toont hoe elke cel gelezen is), rode cellen zijn niet gebruikt (de opmerking zegt waarom).",
           "feedback_sheet": "Terugkoppeling", "file": "Bestand", "legend_ok": "opgeslagen als cijfer (zie de opmerking)",
           "legend_bad": "niet gebruikt (de opmerking zegt waarom)",
           "capped": "Alleen de eerste {n} rijen van dit blad worden getoond."},
}

# What to do, by kind of rejection (SubmissionResult.reason_code), in each language.
ADVICE = {
    "personal_data": {
        "en": "This file seems to contain personal data about individuals (for example names, dates of birth, passport "
              "or ID numbers, phone numbers, e-mail or home addresses). To protect victims, nothing from it was stored. "
              "Please send aggregate counts only — for example the number of victims identified by year, sex and age "
              "group — using the submission template, and delete this file from the drop folder.",
        "es": "Este archivo parece contener datos personales de individuos (por ejemplo nombres, fechas de nacimiento, "
              "números de pasaporte o de identidad, teléfonos, correos electrónicos o domicilios). Para proteger a las "
              "víctimas, no se registró nada de él. Envíe solo conteos agregados — por ejemplo el número de víctimas "
              "identificadas por año, sexo y grupo de edad — con la plantilla de envío, y borre este archivo de la "
              "carpeta de entrega.",
        "fr": "Ce fichier semble contenir des données personnelles sur des individus (par exemple noms, dates de naissance, "
              "numéros de passeport ou d'identité, téléphones, adresses électroniques ou postales). Pour protéger les "
              "victimes, rien n'en a été enregistré. N'envoyez que des effectifs agrégés — par exemple le nombre de "
              "victimes identifiées par année, sexe et groupe d'âge — avec le modèle de transmission, et supprimez ce "
              "fichier du dossier de dépôt.",
        "nl": "Dit bestand lijkt persoonsgegevens over individuen te bevatten (bijvoorbeeld namen, geboortedata, paspoort- "
              "of ID-nummers, telefoonnummers, e-mail- of woonadressen). Om slachtoffers te beschermen is er niets uit "
              "opgeslagen. Stuur alleen geaggregeerde aantallen — bijvoorbeeld het aantal geïdentificeerde slachtoffers "
              "per jaar, geslacht en leeftijdsgroep — met het aanleversjabloon, en verwijder dit bestand uit de aanlevermap.",
    },
    "encrypted": {
        "en": "The workbook is protected by a password, so it cannot be read. Please remove the password and send it again.",
        "es": "El libro está protegido con contraseña y no puede leerse. Quite la contraseña y vuelva a enviarlo.",
        "fr": "Le classeur est protégé par un mot de passe et ne peut pas être lu. Retirez le mot de passe et envoyez-le à nouveau.",
        "nl": "De werkmap is met een wachtwoord beveiligd en kan niet worden gelezen. Verwijder het wachtwoord en stuur hem opnieuw.",
    },
    "empty": {
        "en": "The file is empty. It may not have finished copying; please send it again.",
        "es": "El archivo está vacío. Puede que no se haya terminado de copiar; vuelva a enviarlo.",
        "fr": "Le fichier est vide. Sa copie n'était peut-être pas terminée ; veuillez l'envoyer à nouveau.",
        "nl": "Het bestand is leeg. Het kopiëren was misschien nog niet klaar; stuur het opnieuw.",
    },
    "corrupt": {
        "en": "The file is damaged or incomplete and could not be opened. Please save it again from Excel or LibreOffice and send the new copy.",
        "es": "El archivo está dañado o incompleto y no pudo abrirse. Guárdelo de nuevo desde Excel o LibreOffice y envíe la nueva copia.",
        "fr": "Le fichier est endommagé ou incomplet et n'a pas pu être ouvert. Enregistrez-le à nouveau depuis Excel ou "
              "LibreOffice et envoyez la nouvelle copie.",
        "nl": "Het bestand is beschadigd of onvolledig en kon niet worden geopend. Sla het opnieuw op vanuit Excel of LibreOffice en stuur de nieuwe kopie.",
    },
    "wrong_format": {
        "en": "The file is not a spreadsheet the network can read. Please send an Excel (.xlsx, .xls), OpenDocument (.ods) or CSV file.",
        "es": "El archivo no es una hoja de cálculo que la red pueda leer. Envíe un archivo Excel (.xlsx, .xls), OpenDocument (.ods) o CSV.",
        "fr": "Le fichier n'est pas un tableur que le réseau sait lire. Envoyez un fichier Excel (.xlsx, .xls), OpenDocument (.ods) ou CSV.",
        "nl": "Het bestand is geen spreadsheet die het netwerk kan lezen. Stuur een Excel- (.xlsx, .xls), OpenDocument- (.ods) of CSV-bestand.",
    },
    "too_large": {
        "en": "The file is far larger than a statistics workbook should be and was not opened. Please send only the tables with the aggregate figures.",
        "es": "El archivo es mucho más grande de lo que debe ser un libro de estadísticas y no se abrió. Envíe solo las tablas con las cifras agregadas.",
        "fr": "Le fichier est bien plus volumineux qu'un classeur de statistiques et n'a pas été ouvert. N'envoyez que les tableaux des chiffres agrégés.",
        "nl": "Het bestand is veel groter dan een statistiekwerkmap hoort te zijn en is niet geopend. Stuur alleen de tabellen met de geaggregeerde cijfers.",
    },
    "encoding": {
        "en": "The text file uses a character encoding that could not be recognised. Please save it as 'CSV UTF-8' and send it again.",
        "es": "El archivo de texto usa una codificación de caracteres que no se pudo reconocer. Guárdelo como «CSV UTF-8» y vuelva a enviarlo.",
        "fr": "Le fichier texte utilise un encodage de caractères non reconnu. Enregistrez-le au format « CSV UTF-8 » et envoyez-le à nouveau.",
        "nl": "Het tekstbestand gebruikt een tekencodering die niet herkend werd. Sla het op als 'CSV UTF-8' en stuur het opnieuw.",
    },
    "not_member": {
        "en": "The folder names a country that is not a member of the network; its figures are not stored.",
        "es": "La carpeta nombra un país que no es miembro de la red; sus cifras no se registran.",
        "fr": "Le dossier désigne un pays qui n'est pas membre du réseau ; ses chiffres ne sont pas enregistrés.",
        "nl": "De map noemt een land dat geen lid van het netwerk is; de cijfers worden niet opgeslagen.",
    },
    "link": {
        "en": "The drop folder holds a link instead of the file. Please copy the file itself into the folder.",
        "es": "La carpeta de entrega contiene un enlace en lugar del archivo. Copie el propio archivo en la carpeta.",
        "fr": "Le dossier de dépôt contient un lien au lieu du fichier. Copiez le fichier lui-même dans le dossier.",
        "nl": "De aanlevermap bevat een koppeling in plaats van het bestand. Kopieer het bestand zelf naar de map.",
    },
    "folder": {
        "en": "The file is not in a folder named after a member country (for example data/raw/JAM/).",
        "es": "El archivo no está en una carpeta con el nombre de un país miembro (por ejemplo data/raw/DOM/).",
        "fr": "Le fichier n'est pas dans un dossier portant le nom d'un pays membre (par exemple data/raw/HTI/).",
        "nl": "Het bestand staat niet in een map met de naam van een lidland (bijvoorbeeld data/raw/SUR/).",
    },
    "run_budget": {
        "en": "Many files arrived at once; this one will be read by the next run. There is nothing to do.",
        "es": "Llegaron muchos archivos a la vez; este se leerá en la próxima ejecución. No hay nada que hacer.",
        "fr": "Beaucoup de fichiers sont arrivés en même temps ; celui-ci sera lu lors du prochain traitement. Il n'y a rien à faire.",
        "nl": "Er kwamen veel bestanden tegelijk binnen; dit bestand wordt bij de volgende verwerking gelezen. U hoeft niets te doen.",
    },
    "duplicate": {
        "en": "The same file was already sent for this country under another name; its figures are taken in once.",
        "es": "El mismo archivo ya se envió para este país con otro nombre; sus cifras se registran una sola vez.",
        "fr": "Le même fichier a déjà été envoyé pour ce pays sous un autre nom ; ses chiffres ne sont comptés qu'une fois.",
        "nl": "Hetzelfde bestand is al onder een andere naam voor dit land gestuurd; de cijfers worden één keer opgenomen.",
    },
    "error": {
        "en": "The file could not be processed because of an internal error; please contact the network's analyst.",
        "es": "El archivo no pudo procesarse por un error interno; contacte al analista de la red.",
        "fr": "Le fichier n'a pas pu être traité à cause d'une erreur interne ; contactez l'analyste du réseau.",
        "nl": "Het bestand kon door een interne fout niet worden verwerkt; neem contact op met de analist van het netwerk.",
    },
}
_ADVICE_ALIASES = {"zip_bomb": "too_large", "link_outside": "link", "link_broken": "link", "not_a_file": "link",
                   "unknown_folder": "folder", "no_folder": "folder", "unreadable": "corrupt"}
MAX_LISTED = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def feedback_language(result: SubmissionResult) -> str:
    """The language of the submission's labels, else the country's, else English."""
    if result.language in PHRASES:
        return result.language
    iso3 = result.submission.get("country_iso3")
    if iso3:
        try:
            from ctip.region import member

            m = member(iso3)
            if m is not None and m.language in PHRASES:
                return m.language
        except Exception:  # the region file is configuration; feedback must not depend on it
            pass
    return "en"


def advice(result: SubmissionResult, lang: str) -> str | None:
    code = _ADVICE_ALIASES.get(result.reason_code or "", result.reason_code)
    texts = ADVICE.get(code or "")
    text = texts.get(lang, texts["en"]) if texts else None
    if getattr(result, "privacy", None):  # which rows and columns were removed as personal data, and why
        from ctip.intake.privacy import explain

        text = explain(result.privacy, lang) + (f" {text}" if text else "")
    return text


def plain(text: object, limit: int | None = None) -> str:
    """Text for people: no control, invisible or direction-changing characters, on one line."""
    s = "" if text is None else str(text)
    s = _CONTROL.sub(lambda m: " " if m.group() in "\n\r\t" else "?", s)
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    return s


def _md_cell(text: object, limit: int | None = None) -> str:
    s = plain(text, limit)
    for ch in "\\|[]<>`":
        s = s.replace(ch, "\\" + ch)
    return s


def _counts(result: SubmissionResult, p: dict) -> list[tuple[str, str]]:
    sub = result.submission
    return [
        (str(sub["n_observations"]), p["stored"]),
        (str(sub["n_quarantined"]), p["unused"]),
        (str(result.n_not_available), p["na"]),
    ]


def _missing(value: object) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return value is None


def _figure_rows(result: SubmissionResult, lang: str) -> list[tuple[str, str, str, str, str, str]]:
    """Every stored figure: (label as written, indicator, breakdown, year, value, cell), in the
    submission's language (names from the schema)."""
    from ctip.schema import DIMENSIONS, load_schema

    schema = load_schema()
    obs = result.observations
    if obs is None or len(obs) == 0:
        return []
    labels = getattr(result, "labels", None) or {}
    rows = []
    for r in obs.head(MAX_LISTED).itertuples(index=False):
        ind = schema.indicators.get(r.indicator)
        ind_name = ind.names.get(lang, ind.names.get("en", r.indicator)) if ind else str(r.indicator)
        parts = []
        for d in DIMENSIONS:
            code = getattr(r, d, "total")
            if code and code != "total":
                dim = schema.dimensions.get(d)
                val = dim.codes.get(code) if dim else None
                parts.append(val.names.get(lang, val.names.get("en", code)) if val else str(code))
        value = "" if _missing(r.value) else str(int(r.value))
        if getattr(r, "flag", None) == "suppressed":
            value = "<5"
        rows.append((labels.get((r.source_sheet, r.source_cell), "—"), ind_name, ", ".join(parts) or "—", str(r.year), value,
                     f"{r.source_sheet}!{r.source_cell}"))
    return rows


def summary_markdown(result: SubmissionResult, annotated: bool = False) -> str:
    sub = result.submission
    lang = feedback_language(result)
    p = PHRASES[lang]
    lines = [
        f"# {p['title']} {sub['submission_id']}: {_md_cell(sub['source_file'])}",
        "",
        f"**{p['status']}: {p.get(sub['status'], sub['status'])}** ({sub['status']})",
        "",
        *[f"- {n} {what}" for n, what in _counts(result, p)],
        f"- {p['country']}: {sub['country_iso3'] or p['several']}",
        "",
    ]
    tip = advice(result, lang)
    if tip:
        lines += [f"## {p['what_to_do']}", "", _md_cell(tip), ""]
    lines += [_md_cell(sub["message"]), ""]
    if result.sheets:
        lines += [f"## {p['sheets']}", "", f"| {p['sheet']} | {p['layout']} | {p['cells_read']} | {p['notes']} |", "|---|---|---|---|"]
        for s in result.sheets:
            lines.append(f"| {_md_cell(s['sheet'], 60)} | {s['layout'] or '—'} | {s['n_readings']} | {_md_cell('; '.join(s['notes']), 300)} |")
        lines.append("")
    figures = _figure_rows(result, lang)
    if figures:
        lines += [f"## {p['figures']}", "",
                  f"| {p['label']} | {p['indicator']} | {p['breakdown']} | {p['year']} | {p['value']} | {p['cell']} |",
                  "|---|---|---|---|---|---|"]
        lines += [f"| {_md_cell(a, 80)} → | {_md_cell(b)} | {_md_cell(c)} | {d} | {e_} | {_md_cell(f, 70)} |"
                  for a, b, c, d, e_, f in figures]
        if len(result.observations) > MAX_LISTED:
            lines.append("\n" + p["more"].format(n=len(result.observations) - MAX_LISTED))
        lines.append("")
    lines += [f"## {p['problems']}", ""]
    q = result.quarantine
    if len(q) == 0:
        lines.append(p["none"])
    else:
        lines += [f"### {p['grouped']}", ""]
        lines += [f"{i}. {_md_cell(g.text)} (e.g. {_md_cell(g.example, 90)})" for i, g in enumerate(group_problems(q, lang), 1)]
        if suggested_mapping(q, sub["source_file"]):
            lines += ["", f"### {p['how_mapping']}", "", _md_cell(HOW_TO_MAPPING.get(lang, HOW_TO_MAPPING["en"]))]
        lines += ["", f"### {p['all_cells']}", ""]
        lines += [f"| {p['sheet']} | {p['cell']} | {p['label']} | {p['value']} | {p['reason']} |", "|---|---|---|---|---|"]
        for row in _ordered(q).head(MAX_LISTED).itertuples(index=False):
            lines.append(
                f"| {_md_cell(row.source_sheet, 60)} | {_md_cell(row.source_cell)} | {_md_cell(row.raw_label, 80)} | "
                f"{_md_cell(row.raw_value, 30)} | {_md_cell(detail(kind_of(str(row.reason))[0], lang, str(row.reason)), 300)} |"
            )
        if len(q) > MAX_LISTED:
            lines.append("\n" + p["more"].format(n=len(q) - MAX_LISTED))
    if annotated:
        lines += ["", f"## {p['annotated']}", "", p["annotated_text"]]
    return "\n".join(lines) + "\n"


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:64rem;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.4rem;word-break:break-all}h2{font-size:1.1rem;margin-top:1.6rem}
.status{display:inline-block;padding:.2rem .6rem;border-radius:.3rem;font-weight:600}
.accepted{background:#c6efce;color:#0b5020}.partial{background:#ffeb9c;color:#6b4f00}.rejected{background:#ffc7ce;color:#7a0010}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ccc;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td{word-break:break-word}.advice{border-left:4px solid #c00;padding:.4rem .8rem;background:#fff5f5}
.ok{background:#c6efce}.bad{background:#ffc7ce}
"""


def summary_html(result: SubmissionResult, annotated: bool = False) -> str:
    """The same summary as a self-contained, escaped HTML page."""
    sub = result.submission
    lang = feedback_language(result)
    p = PHRASES[lang]

    def e(text: object, limit: int | None = None) -> str:
        return html.escape(plain(text, limit), quote=True)

    status = sub["status"] if sub["status"] in ("accepted", "partial", "rejected") else "rejected"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(p['title'])} {e(sub['submission_id'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(p['title'])} {e(sub['submission_id'])}: {e(sub['source_file'])}</h1>",
        f'<p>{e(p["status"])}: <span class="status {status}">{e(p.get(sub["status"], sub["status"]))}</span> ({e(sub["status"])})</p>',
        "<ul>",
        *[f"<li>{e(n)} {e(what)}</li>" for n, what in _counts(result, p)],
        f"<li>{e(p['country'])}: {e(sub['country_iso3'] or p['several'])}</li>",
        "</ul>",
    ]
    tip = advice(result, lang)
    if tip:
        out += [f"<h2>{e(p['what_to_do'])}</h2>", f'<p class="advice">{e(tip)}</p>']
    out += [f"<h2>{e(p['details'])}</h2>", f"<p>{e(sub['message'])}</p>"]
    if result.sheets:
        out += [f"<h2>{e(p['sheets'])}</h2>", "<table><thead><tr>",
                *[f"<th>{e(p[k])}</th>" for k in ("sheet", "layout", "cells_read", "notes")], "</tr></thead><tbody>"]
        for s in result.sheets:
            out.append(
                f"<tr><td>{e(s['sheet'], 60)}</td><td>{e(s['layout'] or '—')}</td><td>{e(s['n_readings'])}</td>"
                f"<td>{e('; '.join(s['notes']), 300)}</td></tr>"
            )
        out.append("</tbody></table>")
    figures = _figure_rows(result, lang)
    if figures:
        out += [f"<h2>{e(p['figures'])}</h2>", "<table><thead><tr>",
                *[f"<th>{e(p[k])}</th>" for k in ("label", "indicator", "breakdown", "year", "value", "cell")],
                "</tr></thead><tbody>"]
        out += [f"<tr><td>{e(a, 80)} →</td><td>{e(b)}</td><td>{e(c)}</td><td>{e(d)}</td><td>{e(v)}</td><td>{e(f, 70)}</td></tr>"
                for a, b, c, d, v, f in figures]
        out.append("</tbody></table>")
    out.append(f"<h2>{e(p['problems'])}</h2>")
    q = result.quarantine
    if len(q) == 0:
        out.append(f"<p>{e(p['none'])}</p>")
    else:
        out += [f"<h3>{e(p['grouped'])}</h3>", "<ol>"]
        out += [f"<li>{e(g.text)} (e.g. {e(g.example, 90)})</li>" for g in group_problems(q, lang)]
        out.append("</ol>")
        if suggested_mapping(q, sub["source_file"]):
            out += [f"<h3>{e(p['how_mapping'])}</h3>", f"<p>{e(HOW_TO_MAPPING.get(lang, HOW_TO_MAPPING['en']))}</p>"]
        out += [f"<h3>{e(p['all_cells'])}</h3>", "<table><thead><tr>",
                *[f"<th>{e(p[k])}</th>" for k in ("sheet", "cell", "label", "value", "reason")], "</tr></thead><tbody>"]
        for row in _ordered(q).head(MAX_LISTED).itertuples(index=False):
            out.append(
                f'<tr><td>{e(row.source_sheet, 60)}</td><td>{e(row.source_cell)}</td><td>{e(row.raw_label, 80)}</td>'
                f'<td>{e(row.raw_value, 30)}</td><td>{e(detail(kind_of(str(row.reason))[0], lang, str(row.reason)), 300)}</td></tr>'
            )
        out.append("</tbody></table>")
        if len(q) > MAX_LISTED:
            out.append(f"<p>{e(p['more'].format(n=len(q) - MAX_LISTED))}</p>")
    if annotated:
        out += [f"<h2>{e(p['annotated'])}</h2>", f"<p>{e(p['annotated_text'])}</p>",
                f'<p><span class="ok">&nbsp;&nbsp;&nbsp;&nbsp;</span> {e(p["legend_ok"])} &nbsp; '
                f'<span class="bad">&nbsp;&nbsp;&nbsp;&nbsp;</span> {e(p["legend_bad"])}</p>']
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _ordered(q):
    """Quarantine rows, the most important kinds of problem first (a stable sort keeps cell order)."""
    ranks = [kind_of(str(r))[1] for r in q["reason"].tolist()]
    return q.assign(_rank=ranks).sort_values("_rank", kind="stable").drop(columns="_rank")


MAX_REPORT_ROWS = 50_000  # per list; the warehouse's quarantine table has every row


def _text(value: object) -> str:
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if isinstance(value, float) and value != value:
        return ""
    return str(value)


def _records(frame, limit: int) -> list[dict]:
    """Rows as {column: text} ('' for missing), as `astype("string").fillna("")` would give."""
    head = frame.head(limit)
    columns = [str(c) for c in head.columns]
    values = [[_text(v) for v in head[c].tolist()] for c in head.columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


def report_json(result: SubmissionResult) -> dict:
    report = {
        "submission": result.submission,
        "language": result.language,
        "feedback_language": feedback_language(result),
        "reason_code": result.reason_code,
        "file_notes": result.file_notes,
        "n_not_available": result.n_not_available,
        "sheets": result.sheets,
        "observations": _records(result.observations, MAX_REPORT_ROWS),
        "quarantine": _records(result.quarantine, MAX_REPORT_ROWS),
    }
    for name, frame in (("observations", result.observations), ("quarantine", result.quarantine)):
        if len(frame) > MAX_REPORT_ROWS:
            report[f"{name}_truncated"] = f"the first {MAX_REPORT_ROWS:,} of {len(frame):,} rows"
    return report


def report_json_text(result: SubmissionResult) -> str:
    big = len(result.observations) + len(result.quarantine) > 5_000
    return json.dumps(report_json(result), indent=None if big else 1, ensure_ascii=False, default=str)


