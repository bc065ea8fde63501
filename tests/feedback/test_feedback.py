"""Feedback to the sender in data/marts/feedback/<submission_id>/: the annotated copy (green cells
with their canonical key, red cells with the reason), report.json, summary.md and a
self-contained, escaped summary.html, in the submission's language; `ctip check FILE` prints the
same summary and writes the same folder as a run."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from ctip import pipeline
from ctip.cli import main
from ctip.feedback import write as write_mod
from ctip.intake.discover import describe_file
from ctip.stage.submission import ingest_submission
from tests.hostile.hostile_files import encrypted_workbook


def write_rows(path: Path, rows: list[list[object]], sheet: str = "Data") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


LONG = [
    ["Indicator", "Year", "Sex", "Age", "Value"],
    ["Victims identified", 2021, "Female", "Children", 12],
    ["Victims identified", 2021, "Male", "Children", 3],
    ["Budget of the task force", 2021, "Total", "Total", 1500],
    ["Victims identified", 2020, "Total", "Total", -4],
]


def _feedback(marts: Path, result) -> Path:
    return marts / "feedback" / result.submission["submission_id"]


def test_the_annotated_copy_marks_each_cell_green_with_its_key_or_red_with_its_reason(project_dirs):
    write_rows(project_dirs["raw"] / "JAM" / "long.xlsx", LONG)
    (result,) = pipeline.stage_all(pipeline.discover())
    assert result.status == "partial"
    wb = openpyxl.load_workbook(_feedback(project_dirs["marts"], result) / "annotated.xlsx")
    assert wb.sheetnames == ["Feedback", "Data"]
    ws = wb["Data"]
    # Values as sent, numbers as numbers.
    assert [c.value for c in ws[1]] == LONG[0]
    assert ws["E2"].value == 12 and ws["A2"].value == "Victims identified"
    green, red = "00C6EFCE", "00FFC7CE"
    assert ws["E2"].fill.fgColor.rgb == green
    assert ws["E2"].comment.text == "victims_detected · 2021 · female · child · total · total = 12"
    assert ws["E3"].fill.fgColor.rgb == green
    assert ws["E3"].comment.text == "victims_detected · 2021 · male · child · total · total = 3"
    assert ws["E4"].fill.fgColor.rgb == red and "matches no indicator" in ws["E4"].comment.text
    assert ws["E5"].fill.fgColor.rgb == red and "negative" in ws["E5"].comment.text
    assert ws["A2"].comment is None and ws["A2"].fill.fill_type is None
    # The first sheet explains the colours and repeats the status.
    first = [[c.value for c in row] for row in wb["Feedback"].iter_rows()]
    assert ["Status", "partly accepted"] in first
    assert any(row[1] == "stored as a figure (see the comment)" for row in first if len(row) > 1)
    # Never the sender's file re-saved: no macros, no external links, no formulas.
    with zipfile.ZipFile(_feedback(project_dirs["marts"], result) / "annotated.xlsx") as z:
        names = z.namelist()
    assert not any("vbaProject" in n or "externalLink" in n for n in names)


def test_report_json_holds_every_cell_and_summary_html_is_self_contained_and_escaped(project_dirs):
    nasty_sheet = "<img src=x onerror=alert(1)>"
    rows = [r[:] for r in LONG]
    rows.append(["<script>alert('x')</script>", 2021, "Total", "Total", 7])
    write_rows(project_dirs["raw"] / "JAM" / "nasty.xlsx", rows, sheet=nasty_sheet)
    (result,) = pipeline.stage_all(pipeline.discover())
    folder = _feedback(project_dirs["marts"], result)
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert report["submission"]["status"] == "partial"
    assert len(report["observations"]) == 2 and len(report["quarantine"]) == 3
    assert {q["source_cell"] for q in report["quarantine"]} == {"E4", "E5", "E6"}
    page = (folder / "summary.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'lang="en"' in page
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for external in ("http://", "https://", 'src="', "href=", "@import", "url("):
        assert external not in page, external
    md = (folder / "summary.md").read_text(encoding="utf-8")
    assert "<script>" not in md and "\\<script\\>" in md
    # The annotated copy keeps the sheet, its (valid) name and the text, inert.
    wb = openpyxl.load_workbook(folder / "annotated.xlsx")
    assert wb.sheetnames == ["Feedback", nasty_sheet]
    assert wb[nasty_sheet]["A6"].value == "<script>alert('x')</script>"


def test_feedback_is_in_the_submission_language(project_dirs):
    raw = project_dirs["raw"]
    write_rows(
        raw / "DOM" / "datos.xlsx",
        [["Indicador", "Año", "Sexo", "Valor"], ["Víctimas identificadas", 2021, "Mujeres", 9], ["Víctimas identificadas", 2021, "Hombres", 4]],
        sheet="Datos",
    )
    (raw / "HTI" / "vide.xlsx").parent.mkdir(parents=True)
    (raw / "HTI" / "vide.xlsx").write_bytes(b"")
    (raw / "SUR").mkdir()
    (raw / "SUR" / "beveiligd.xlsx").write_bytes(encrypted_workbook())
    results = {r.submission["source_file"]: r for r in pipeline.stage_all(pipeline.discover())}
    marts = project_dirs["marts"]

    es = _feedback(marts, results["DOM/datos.xlsx"])
    assert results["DOM/datos.xlsx"].status == "accepted"
    md = (es / "summary.md").read_text(encoding="utf-8")
    assert "**Estado: aceptado**" in md and "cifras registradas" in md
    assert 'lang="es"' in (es / "summary.html").read_text(encoding="utf-8")
    assert openpyxl.load_workbook(es / "annotated.xlsx").sheetnames == ["Resultado", "Datos"]

    fr = (_feedback(marts, results["HTI/vide.xlsx"]) / "summary.md").read_text(encoding="utf-8")
    assert "Statut: rejeté" in fr and "Le fichier est vide" in fr
    nl = (_feedback(marts, results["SUR/beveiligd.xlsx"]) / "summary.md").read_text(encoding="utf-8")
    assert "afgewezen" in nl and "wachtwoord" in nl


def test_ctip_check_prints_the_summary_and_writes_the_folder_a_run_writes(project_dirs, capsys):
    path = write_rows(project_dirs["raw"] / "JAM" / "long.xlsx", LONG)
    assert main(["check", str(path)]) == 1  # partly accepted
    printed = capsys.readouterr().out
    sid = describe_file(path, project_dirs["raw"]).submission_id
    folder = project_dirs["marts"] / "feedback" / sid
    checked = {name: (folder / name).read_bytes() for name in ("summary.md", "summary.html", "report.json")}
    assert printed.startswith(checked["summary.md"].decode("utf-8"))
    assert f"feedback written to {folder}" in printed
    assert (folder / "annotated.xlsx").exists()
    assert not project_dirs["warehouse"].exists()
    # A run writes the very same feedback, but for when the file was received: a check is not an
    # arrival (it goes by the file's time), the run records the arrival (intake/arrivals.py).
    pipeline.stage_all(pipeline.discover())

    def same_but_arrival(files: dict[str, bytes]) -> dict:
        report = json.loads(files["report.json"])
        assert report["submission"].pop("received_at")
        return {**files, "report.json": report}

    assert same_but_arrival({name: (folder / name).read_bytes() for name in checked}) == same_but_arrival(checked)


def test_ctip_check_exit_codes(project_dirs, capsys):
    raw = project_dirs["raw"]
    good = write_rows(raw / "JAM" / "good.xlsx", LONG[:3])
    (raw / "JAM" / "empty.csv").write_bytes(b"")
    (raw / "JAM" / "locked.xlsx").write_bytes(encrypted_workbook())
    assert main(["check", str(good)]) == 0
    assert main(["check", str(raw / "JAM" / "empty.csv")]) == 1
    assert main(["check", str(raw / "JAM" / "locked.xlsx")]) == 1
    out = capsys.readouterr().out
    assert "**Status: accepted**" in out and "The file is empty" in out and "password" in out
    assert main(["check", str(raw / "JAM" / "missing.xlsx")]) == 2


def test_feedback_never_raises_and_a_failed_copy_leaves_the_summary(project_dirs, monkeypatch):
    path = write_rows(project_dirs["raw"] / "JAM" / "long.xlsx", LONG)
    result = ingest_submission(describe_file(path, project_dirs["raw"]))
    folder = project_dirs["marts"] / "feedback" / "x"
    folder.mkdir(parents=True)
    (folder / "annotated.xlsx").write_bytes(b"stale copy of an earlier version")

    def broken(*args, **kwargs):
        raise RuntimeError("disk trouble")

    monkeypatch.setattr("ctip.feedback.write.write_annotated", broken)
    write_mod.write_feedback(result, folder)
    assert (folder / "summary.md").exists() and (folder / "report.json").exists()
    assert not (folder / "annotated.xlsx").exists()  # never a stale copy
    assert result.grids is None  # the cells are released once feedback is written


@pytest.mark.parametrize("bad", ["x\x00y\x1b[31m", "\u202egnp.exe", "a\nb|c"])
def test_control_and_direction_characters_never_reach_the_summaries(project_dirs, bad):
    path = project_dirs["raw"] / "JAM" / "t.csv"
    path.parent.mkdir(parents=True)
    path.write_text(f'Indicator,Year,Value\n"Label {bad}",2021,3\n', encoding="utf-8")
    (result,) = pipeline.stage_all(pipeline.discover())
    folder = _feedback(project_dirs["marts"], result)
    for name in ("summary.md", "summary.html"):
        text = (folder / name).read_text(encoding="utf-8")
        assert not any(ch in text for ch in "\x00\x1b\u202e"), name
