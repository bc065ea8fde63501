"""Feedback for one submission, in `data/marts/feedback/<submission_id>/`:

- `summary.md` and `summary.html`: a short human summary (the HTML is self-contained: no
  scripts, no external resources, every text escaped);
- `report.json`: everything, cell by cell;
- `annotated.xlsx`: a copy of the values sent, each used cell green and each unused cell red,
  with a comment saying how it was read or why not (see annotated.py).

Headings and the advice for a rejected file are in the submission's language (the language its
labels were written in, else the country's; words from schemas/lang/, see words.py); reasons given by the
readers are in English. Nothing here may raise: feedback is written during the run, and a
failure to write one file must not stop the others (it is logged, without values)."""

from __future__ import annotations

import html
import json
import logging
import re
from collections import namedtuple

from ctip.feedback import jsontext
from ctip.feedback.columns import column as frame_column
from ctip.feedback.problems import detail, group_problems, kind_of, suggested_mapping
from ctip.feedback.withdrawn import withdrawn_rows
from ctip.feedback.words import advice_text, how_to_mapping, known_language, phrases
from ctip.stage.submission import SubmissionResult

log = logging.getLogger(__name__)

MAX_LISTED = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def feedback_language(result: SubmissionResult) -> str:
    """The language of the submission's labels, else the country's, else English."""
    if known_language(result.language):
        return result.language
    iso3 = result.submission.get("country_iso3")
    if iso3:
        try:
            from ctip.region import member

            m = member(iso3)
            if m is not None and known_language(m.language):
                return m.language
        except Exception:  # the region file is configuration; feedback must not depend on it
            pass
    return "en"


def advice(result: SubmissionResult, lang: str) -> str | None:
    """What the sender should do, in `lang`: what was removed as personal data (if anything), then the
    advice for the rejection reason; None when there is neither."""
    text = advice_text(result.reason_code, lang)
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
    out = []
    for n, key in ((sub["n_observations"], "stored"), (sub["n_quarantined"], "unused"), (result.n_not_available, "na")):
        out.append((str(n), p.get(f"{key}_one", p[key]) if str(n) == "1" else p[key]))
    gone = len(getattr(result, "withdrawn", None) or [])
    if gone:  # earlier figures this file withdrew: the public files changed (attack4 I-H)
        out.append((str(gone), p["withdrawn_one"] if gone == 1 else p["withdrawn"]))
    return out


def status_words(status: str, p: dict) -> tuple[str, str | None]:
    """The status in the sender's words, and the code in brackets only when those words differ
    from it ('partly accepted (partial)', but 'rejected' once)."""
    shown = p.get(status, status)
    return shown, (None if shown == status else status)


_COUNT_STORED = re.compile(r"^\d+ figures? stored(?:; |$)")


def details(result: SubmissionResult) -> str:
    """The submission's message without the personal-data explanation the advice already gives
    (the message starts with it): said once, under 'What to do'; and without its count of stored
    figures, which the status block gives in the sender's language (an English '3 figures stored'
    stood under a Spanish, French or Dutch status block: attack3 H-K)."""
    message = str(result.submission.get("message") or "")
    if getattr(result, "privacy", None):
        from ctip.intake.privacy import explain

        said = explain(result.privacy)
        if message.startswith(said):
            message = message[len(said) :].strip()
    return _COUNT_STORED.sub("", message, count=1).strip()


def no_problems(result: SubmissionResult, p: dict) -> str:
    """What the problems section says when no cell was set aside: on a rejected file, that the
    file was rejected as a whole (the reason is above), not that nothing was wrong."""
    return p["none_rejected"] if result.submission.get("status") == "rejected" else p["none"]


def _missing(value: object) -> bool:
    if value is None or value.__class__ is int:  # the usual cases, without pandas
        return value is None
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return value is None


# The last submission's figure rows: the Markdown and the HTML summary list the same rows in turn.
# One tuple, replaced whole (result, its observations, language, rows).
_last_figures: tuple = (None, None, None, None)


def _figure_rows(result: SubmissionResult, lang: str) -> list[tuple[str, str, str, str, str, str]]:
    """Every stored figure: (label as written, indicator, breakdown, year, value, cell), in the
    submission's language (names from the schema)."""
    global _last_figures
    last = _last_figures
    if last[0] is result and last[1] is result.observations and last[2] == lang:
        return last[3]
    rows = _compute_figure_rows(result, lang)
    _last_figures = (result, result.observations, lang, rows)
    return rows


def _compute_figure_rows(result: SubmissionResult, lang: str) -> list[tuple[str, str, str, str, str, str]]:
    from ctip.schema import DIMENSIONS, load_schema

    schema = load_schema()
    obs = result.observations
    if obs is None or len(obs) == 0:
        return []
    labels = getattr(result, "labels", None) or {}
    head = obs if len(obs) <= MAX_LISTED else obs.head(MAX_LISTED)  # a small frame's columns are read once for all feedback
    n = len(head)

    def column(name: str, default: object) -> list:  # column by column: a row at a time costs pandas' overhead per row
        return frame_column(head, name) if name in head.columns else [default] * n

    indicators, years, values, sheets, cells = (column(c, None) for c in ("indicator", "year", "value", "source_sheet", "source_cell"))
    flags = column("flag", None)
    dims = [(schema.dimensions.get(d), column(d, schema.total_code)) for d in DIMENSIONS]
    names: dict[tuple, str] = {}  # (dimension, code) -> name, once per submission
    rows = []
    for i in range(n):
        code_ind = indicators[i]
        ind = schema.indicators.get(code_ind)
        ind_name = ind.names.get(lang, ind.names.get("en", code_ind)) if ind else str(code_ind)
        parts = []
        for dim, codes in dims:
            code = codes[i]
            if code and code != schema.total_code:
                key = (id(dim), code)
                if key not in names:
                    val = dim.codes.get(code) if dim else None
                    names[key] = val.names.get(lang, val.names.get("en", code)) if val else str(code)
                parts.append(names[key])
        value = "" if _missing(values[i]) else str(int(values[i]))
        if flags[i] == "suppressed":
            value = "<5"
        rows.append((labels.get((sheets[i], cells[i]), "—"), ind_name, ", ".join(parts) or "—", str(years[i]), value, f"{sheets[i]}!{cells[i]}"))
    return rows


def summary_markdown(result: SubmissionResult, annotated: bool = False) -> str:
    """The feedback summary in the sender's language, as Markdown: status, counts, advice, each sheet's
    layout and notes, the figures read (the first MAX_LISTED) and the cells set aside. Every text the
    sender wrote is escaped for a Markdown table cell."""
    sub = result.submission
    lang = feedback_language(result)
    p = phrases(lang)
    lines = [
        f"# {p['title']} {sub['submission_id']}: {_md_cell(sub['source_file'])}",
        "",
        f"**{p['status']}: {status_words(sub['status'], p)[0]}**" + (f" ({code})" if (code := status_words(sub["status"], p)[1]) else ""),
        "",
        *[f"- {n} {what}" for n, what in _counts(result, p)],
        f"- {p['country']}: {sub['country_iso3'] or p['several']}",
        "",
    ]
    tip = advice(result, lang)
    if tip:
        lines += [f"## {p['what_to_do']}", "", _md_cell(tip), ""]
    if details(result):
        lines += [_md_cell(details(result)), ""]
    gone = withdrawn_rows(result, lang)
    if gone:
        lines += [
            f"## {p['withdrawn_heading']}",
            "",
            _md_cell(p["withdrawn_text"]),
            "",
            f"| {p['indicator']} | {p['breakdown']} | {p['year']} | {p['withdrawn_value']} | {p['withdrawn_file']} |",
            "|---|---|---|---|---|",
        ]
        lines += [f"| {_md_cell(a)} | {_md_cell(b)} | {c} | {d} | {_md_cell(f, 120)} |" for a, b, c, d, f in gone[:MAX_LISTED]]
        lines.append("")
    if result.sheets:
        lines += [f"## {p['sheets']}", "", f"| {p['sheet']} | {p['layout']} | {p['cells_read']} | {p['notes']} |", "|---|---|---|---|"]
        for s in result.sheets:
            lines.append(f"| {_md_cell(s['sheet'], 60)} | {s['layout'] or '—'} | {s['n_readings']} | {_md_cell('; '.join(s['notes']), 300)} |")
        lines.append("")
    figures = _figure_rows(result, lang)
    if figures:
        lines += [
            f"## {p['figures']}",
            "",
            f"| {p['label']} | {p['indicator']} | {p['breakdown']} | {p['year']} | {p['value']} | {p['cell']} |",
            "|---|---|---|---|---|---|",
        ]
        lines += [f"| {_md_cell(a, 80)} → | {_md_cell(b)} | {_md_cell(c)} | {d} | {e_} | {_md_cell(f, 70)} |" for a, b, c, d, e_, f in figures]
        if len(result.observations) > MAX_LISTED:
            lines.append("\n" + p["more"].format(n=len(result.observations) - MAX_LISTED))
        lines.append("")
    lines += [f"## {p['problems']}", ""]
    q = result.quarantine
    if len(q) == 0:
        lines.append(no_problems(result, p))
    else:
        lines += [f"### {p['grouped']}", ""]
        lines += [f"{i}. {_md_cell(g.text)} ({p['example']} {_md_cell(g.example, 90)})" for i, g in enumerate(group_problems(q, lang), 1)]
        if suggested_mapping(q, sub["source_file"]):
            lines += ["", f"### {p['how_mapping']}", "", _md_cell(how_to_mapping(lang))]
        lines += ["", f"### {p['all_cells']}", ""]
        lines += [f"| {p['sheet']} | {p['cell']} | {p['label']} | {p['value']} | {p['reason']} |", "|---|---|---|---|---|"]
        for row in _ordered_rows(q):
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
    p = phrases(lang)

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
        f'<p>{e(p["status"])}: <span class="status {status}">{e(status_words(sub["status"], p)[0])}</span>'
        + (f" ({e(code)})" if (code := status_words(sub["status"], p)[1]) else "")
        + "</p>",
        "<ul>",
        *[f"<li>{e(n)} {e(what)}</li>" for n, what in _counts(result, p)],
        f"<li>{e(p['country'])}: {e(sub['country_iso3'] or p['several'])}</li>",
        "</ul>",
    ]
    tip = advice(result, lang)
    if tip:
        out += [f"<h2>{e(p['what_to_do'])}</h2>", f'<p class="advice">{e(tip)}</p>']
    if details(result):
        out += [f"<h2>{e(p['details'])}</h2>", f"<p>{e(details(result))}</p>"]
    gone = withdrawn_rows(result, lang)
    if gone:
        out += [
            f"<h2>{e(p['withdrawn_heading'])}</h2>",
            f'<p class="advice">{e(p["withdrawn_text"])}</p>',
            "<table><thead><tr>",
            *[f"<th>{e(p[k])}</th>" for k in ("indicator", "breakdown", "year", "withdrawn_value", "withdrawn_file")],
            "</tr></thead><tbody>",
        ]
        out += [f"<tr><td>{e(a)}</td><td>{e(b)}</td><td>{e(c)}</td><td>{e(d)}</td><td>{e(f, 120)}</td></tr>" for a, b, c, d, f in gone[:MAX_LISTED]]
        out.append("</tbody></table>")
    if result.sheets:
        out += [
            f"<h2>{e(p['sheets'])}</h2>",
            "<table><thead><tr>",
            *[f"<th>{e(p[k])}</th>" for k in ("sheet", "layout", "cells_read", "notes")],
            "</tr></thead><tbody>",
        ]
        for s in result.sheets:
            out.append(
                f"<tr><td>{e(s['sheet'], 60)}</td><td>{e(s['layout'] or '—')}</td><td>{e(s['n_readings'])}</td><td>{e('; '.join(s['notes']), 300)}</td></tr>"
            )
        out.append("</tbody></table>")
    figures = _figure_rows(result, lang)
    if figures:
        out += [
            f"<h2>{e(p['figures'])}</h2>",
            "<table><thead><tr>",
            *[f"<th>{e(p[k])}</th>" for k in ("label", "indicator", "breakdown", "year", "value", "cell")],
            "</tr></thead><tbody>",
        ]
        out += [
            f"<tr><td>{e(a, 80)} →</td><td>{e(b)}</td><td>{e(c)}</td><td>{e(d)}</td><td>{e(v)}</td><td>{e(f, 70)}</td></tr>" for a, b, c, d, v, f in figures
        ]
        out.append("</tbody></table>")
    out.append(f"<h2>{e(p['problems'])}</h2>")
    q = result.quarantine
    if len(q) == 0:
        out.append(f"<p>{e(no_problems(result, p))}</p>")
    else:
        out += [f"<h3>{e(p['grouped'])}</h3>", "<ol>"]
        out += [f"<li>{e(g.text)} ({e(p['example'])} {e(g.example, 90)})</li>" for g in group_problems(q, lang)]
        out.append("</ol>")
        if suggested_mapping(q, sub["source_file"]):
            out += [f"<h3>{e(p['how_mapping'])}</h3>", f"<p>{e(how_to_mapping(lang))}</p>"]
        out += [
            f"<h3>{e(p['all_cells'])}</h3>",
            "<table><thead><tr>",
            *[f"<th>{e(p[k])}</th>" for k in ("sheet", "cell", "label", "value", "reason")],
            "</tr></thead><tbody>",
        ]
        for row in _ordered_rows(q):
            out.append(
                f"<tr><td>{e(row.source_sheet, 60)}</td><td>{e(row.source_cell)}</td><td>{e(row.raw_label, 80)}</td>"
                f"<td>{e(row.raw_value, 30)}</td><td>{e(detail(kind_of(str(row.reason))[0], lang, str(row.reason)), 300)}</td></tr>"
            )
        out.append("</tbody></table>")
        if len(q) > MAX_LISTED:
            out.append(f"<p>{e(p['more'].format(n=len(q) - MAX_LISTED))}</p>")
    if annotated:
        out += [
            f"<h2>{e(p['annotated'])}</h2>",
            f"<p>{e(p['annotated_text'])}</p>",
            f'<p><span class="ok">&nbsp;&nbsp;&nbsp;&nbsp;</span> {e(p["legend_ok"])} &nbsp; '
            f'<span class="bad">&nbsp;&nbsp;&nbsp;&nbsp;</span> {e(p["legend_bad"])}</p>',
        ]
    out.append("</body></html>")
    return "\n".join(out) + "\n"


_Problem = namedtuple("_Problem", "source_sheet source_cell raw_label raw_value reason")


def _ordered_rows(q) -> list[_Problem]:
    """The first MAX_LISTED quarantine rows, the most important kinds of problem first (a stable
    sort keeps cell order); from the columns as lists, without sorting a frame."""
    ranks = [kind_of(str(r))[1] for r in frame_column(q, "reason")]
    order = sorted(range(len(ranks)), key=ranks.__getitem__)[:MAX_LISTED]
    cols = [frame_column(q, c) for c in _Problem._fields]
    return [_Problem(*(col[i] for col in cols)) for i in order]


MAX_REPORT_ROWS = 50_000  # per list; the warehouse's quarantine table has every row


def _text(value: object) -> str:
    if value.__class__ is str:  # the usual case first
        return value
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if isinstance(value, float) and value != value:
        return ""
    return str(value)


def _records(frame, limit: int) -> list[dict]:
    """Rows as {column: text} ('' for missing), as `astype("string").fillna("")` would give."""
    head = frame if len(frame) <= limit else frame.head(limit)
    columns = [str(c) for c in head.columns]
    values = [[_text(v) for v in frame_column(head, c)] for c in head.columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


def report_json(result: SubmissionResult) -> dict:
    """The machine-readable report: the submission record, languages, notes and the observation and
    quarantine rows, each list cut at MAX_REPORT_ROWS with a note saying so."""
    report = {
        "submission": result.submission,
        "language": result.language,
        "feedback_language": feedback_language(result),
        "reason_code": result.reason_code,
        "file_notes": result.file_notes,
        "n_not_available": result.n_not_available,
        # earlier figures this file withdrew by marking them not available: no longer published
        "withdrawn": [{k: _text(v) for k, v in r.items()} for r in (getattr(result, "withdrawn", None) or [])],
        "sheets": result.sheets,
        "observations": _records(result.observations, MAX_REPORT_ROWS),
        "quarantine": _records(result.quarantine, MAX_REPORT_ROWS),
    }
    for name, frame in (("observations", result.observations), ("quarantine", result.quarantine)):
        if len(frame) > MAX_REPORT_ROWS:
            report[f"{name}_truncated"] = f"the first {MAX_REPORT_ROWS:,} of {len(frame):,} rows"
    return report


def report_json_text(result: SubmissionResult) -> str:
    """`report_json` as JSON text (non-ASCII kept); over 5,000 rows it is written on one line, since
    indenting makes a large report several times bigger."""
    big = len(result.observations) + len(result.quarantine) > 5_000
    if big:
        return json.dumps(report_json(result), indent=None, ensure_ascii=False, default=str)
    return jsontext.dumps(report_json(result), indent=1)  # the text json.dumps(indent=1) gives, faster
