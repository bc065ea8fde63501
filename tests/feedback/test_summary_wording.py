"""The summary says each thing once and in the right number: a status whose words are its code is
not repeated in brackets, the personal-data explanation is given under 'What to do' only, one
figure is 'figure', and a rejected file with no cell set aside is not told 'No problems found'.
Also finding F-C: a row of figures marked '(provisional)' is read, not rejected unexplained."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from ctip.feedback.summary import summary_html, summary_markdown
from ctip.feedback.words import phrases
from ctip.intake.discover import describe_file
from ctip.stage.submission import ingest_submission


def _write(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _ingest(tmp_path: Path, name: str, sheets: dict[str, list[list[object]]]):
    path = _write(tmp_path / "JAM" / name, sheets)
    return ingest_submission(describe_file(path, tmp_path))


def test_provisional_figures_are_read_with_their_mark(tmp_path):
    r = _ingest(tmp_path, "provisional.xlsx", {"Data": [["Indicator", "2019", "2020"], ["Victims identified", "12 (provisional)", "14 (prov.)"]]})
    assert r.status == "accepted"
    got = sorted(zip(r.observations["year"].tolist(), r.observations["value"].tolist()))
    assert got == [(2019, 12), (2020, 14)]
    notes = " ".join(n for s in r.sheets for n in s["notes"])
    assert "(provisional)" in notes and "(prov.)" in notes  # the marks are kept for the sender


def test_a_rejected_file_is_not_told_no_problems_and_its_status_is_said_once(tmp_path):
    r = _ingest(tmp_path, "unreadable.xlsx", {"Data": [["Indicator", "2019"], ["Victims identified", "see the annex"]]})
    assert r.status == "rejected" and len(r.quarantine) == 0
    p = phrases("en")
    md, html = summary_markdown(r), summary_html(r)
    assert f"**{p['status']}: {p['rejected']}**\n" in md and "(rejected)" not in md and "(rejected)" not in html
    for text in (md, html):
        assert p["none"] not in text and p["none_rejected"] in text


def test_a_partial_file_says_its_code_the_privacy_advice_once_and_one_figure(tmp_path):
    r = _ingest(
        tmp_path,
        "list.xlsx",
        {
            "Cases": [
                ["Case", "Victim name", "Sex", "Age"],
                [1, "Zorabella Quintanilla-Vexx", "Female", 17],
                [2, "Maribeth Okonkwo-Draskovic", "Female", 24],
                [3, "Teodoro Xylander Pumphrey", "Male", 31],
            ],
            "Summary": [["Indicator", "2020"], ["Victims identified", 3]],
        },
    )
    assert r.status == "partial" and r.privacy and len(r.observations) == 1
    p = phrases("en")
    md, html = summary_markdown(r), summary_html(r)
    assert f"**{p['status']}: {p['partial']}** (partial)" in md
    assert f"- 1 {p['stored_one']}\n" in md and f"<li>1 {p['stored_one']}</li>" in html
    removed = "Removed as personal data"
    assert md.count(removed) == 1 and html.count(removed) == 1


def test_a_number_with_other_words_in_brackets_is_reported_when_no_table_is_recognised(tmp_path):
    """Finding F-C: the sender is told which cells were the problem, by cell and row label."""
    r = _ingest(tmp_path, "see_note.xlsx", {"Data": [["Indicator", "2019", "2020"], ["Victims identified", "12 (see note)", "14 (see note)"]]})
    assert r.status == "rejected" and len(r.observations) == 0
    q = r.quarantine
    assert sorted(q["source_cell"]) == ["B2", "C2"] and set(q["raw_label"]) == {"Victims identified"}
    assert all("'1" in reason and "is not a count" in reason for reason in q["reason"])
    md = summary_markdown(r)
    assert "12 (see note)" in md and phrases("en")["none_rejected"] not in md and "- 2 cells not used" in md


def test_a_spanish_summary_has_no_english_count_line(tmp_path):
    """attack3 H-K: '3 figures stored' (the run log's English message) stood under a Spanish status
    block that already says '3 cifras registradas'."""
    path = _write(
        tmp_path / "DOM" / "trata.xlsx", {"Datos": [["Indicador", "2020", "2021"], ["Víctimas identificadas", 7, 9], ["Personas procesadas", 3 + 2, 6]]}
    )
    r = ingest_submission(describe_file(path, tmp_path))
    assert r.status == "accepted" and len(r.observations) == 4
    for text in (summary_markdown(r), summary_html(r)):
        assert "figures stored" not in text and "figure stored" not in text
        assert "cifras registradas" in text
