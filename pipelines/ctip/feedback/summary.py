"""The human summary and the JSON report of one submission."""

from __future__ import annotations

import json
from pathlib import Path

from ctip.intake.submission import SubmissionResult

# Headings in the submission's language, where a translation exists.
PHRASES = {
    "en": {"title": "Submission", "status": "Status", "stored": "figures stored", "unused": "cells not used",
           "na": "cells marked not available", "problems": "Problems", "none": "No problems found.",
           "accepted": "accepted", "partial": "partly accepted", "rejected": "rejected", "sheets": "Sheets"},
    "es": {"title": "Envío", "status": "Estado", "stored": "cifras registradas", "unused": "celdas no utilizadas",
           "na": "celdas marcadas como no disponibles", "problems": "Problemas", "none": "No se encontraron problemas.",
           "accepted": "aceptado", "partial": "aceptado en parte", "rejected": "rechazado", "sheets": "Hojas"},
    "fr": {"title": "Envoi", "status": "Statut", "stored": "chiffres enregistrés", "unused": "cellules non utilisées",
           "na": "cellules marquées non disponibles", "problems": "Problèmes", "none": "Aucun problème.",
           "accepted": "accepté", "partial": "accepté en partie", "rejected": "rejeté", "sheets": "Feuilles"},
    "nl": {"title": "Inzending", "status": "Status", "stored": "cijfers opgeslagen", "unused": "cellen niet gebruikt",
           "na": "cellen gemarkeerd als niet beschikbaar", "problems": "Problemen", "none": "Geen problemen gevonden.",
           "accepted": "aanvaard", "partial": "gedeeltelijk aanvaard", "rejected": "afgewezen", "sheets": "Bladen"},
}
MAX_LISTED = 200


def _md_cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def summary_markdown(result: SubmissionResult) -> str:
    sub = result.submission
    p = PHRASES.get(result.language or "en", PHRASES["en"])
    lines = [
        f"# {p['title']} {sub['submission_id']}: {_md_cell(sub['source_file'])}",
        "",
        f"**{p['status']}: {p.get(sub['status'], sub['status'])}** ({sub['status']})",
        "",
        f"- {sub['n_observations']} {p['stored']}",
        f"- {sub['n_quarantined']} {p['unused']}",
        f"- {result.n_not_available} {p['na']}",
        f"- country: {sub['country_iso3'] or 'several (UNODC export)'}",
        "",
        _md_cell(sub["message"]),
        "",
    ]
    if result.sheets:
        lines += [f"## {p['sheets']}", "", "| sheet | layout | cells read | notes |", "|---|---|---|---|"]
        for s in result.sheets:
            lines.append(f"| {_md_cell(s['sheet'])} | {s['layout'] or '—'} | {s['n_readings']} | {_md_cell('; '.join(s['notes']))} |")
        lines.append("")
    lines += [f"## {p['problems']}", ""]
    q = result.quarantine
    if len(q) == 0:
        lines.append(p["none"])
    else:
        lines += ["| sheet | cell | label | value | reason |", "|---|---|---|---|---|"]
        for row in q.head(MAX_LISTED).itertuples(index=False):
            lines.append(
                f"| {_md_cell(row.source_sheet)} | {row.source_cell} | {_md_cell(row.raw_label)[:80]} | "
                f"{_md_cell(row.raw_value)[:30]} | {_md_cell(row.reason)} |"
            )
        if len(q) > MAX_LISTED:
            lines.append(f"\n… and {len(q) - MAX_LISTED} more in report.json")
    return "\n".join(lines) + "\n"


def report_json(result: SubmissionResult) -> dict:
    return {
        "submission": result.submission,
        "language": result.language,
        "n_not_available": result.n_not_available,
        "sheets": result.sheets,
        "observations": result.observations.astype("string").fillna("").to_dict(orient="records"),
        "quarantine": result.quarantine.astype("string").fillna("").to_dict(orient="records"),
    }


def write_feedback(result: SubmissionResult, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summary.md").write_text(summary_markdown(result), encoding="utf-8")
    (folder / "report.json").write_text(json.dumps(report_json(result), indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    return folder
