"""The command line: template round trip, check exit codes, run with --strict."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import openpyxl
import pytest

from ctip.cli import main
from tests.submissions_factory import write_wide


def fill_template(path, value_of_row=lambda r: (r * 7) % 50):
    wb = openpyxl.load_workbook(path)
    data = wb.worksheets[1]
    n = 0
    for r in range(2, data.max_row + 1):
        data.cell(r, 7).value = value_of_row(r)
        n += 1
    wb.save(path)
    return n


@pytest.mark.parametrize("iso3,lang_sheet", [("JAM", "Data"), ("DOM", "Datos"), ("HTI", "Données"), ("SUR", "Gegevens")])
def test_filled_template_round_trips_with_nothing_lost(project_dirs, capsys, iso3, lang_sheet):
    path = project_dirs["raw"] / iso3 / "template.xlsx"
    assert main(["template", "--country", iso3, "--years", "2022-2024", "-o", str(path)]) == 0
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[1] == lang_sheet and wb.worksheets[1].data_validations.dataValidation
    n = fill_template(path)
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "accepted" in out
    assert main(["run"]) == 0
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        assert con.execute("select count(*) from fact_observation").fetchone()[0] == n
        # Row 2 is the first indicator's total for 2022: value (2*7)%50 = 14.
        assert (
            con.execute(
                "select value from fact_observation where indicator='victims_detected' and year=2022 and sex='total' "
                "and age_group='total' and exploitation='total' and citizenship='total'"
            ).fetchone()[0]
            == 14
        )


def test_check_exits_1_on_errors_and_touches_no_warehouse(project_dirs, capsys):
    path = write_wide(project_dirs["raw"] / "JAM" / "bad.xlsx", {"Victims identified": {2020: -3, 2021: 4}, "Budget": {2020: 1000}})
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "negative" in out and "partial" in out
    assert not project_dirs["warehouse"].exists()


def test_check_needs_a_country(project_dirs, capsys):
    # A loose file outside any country folder (and outside the drop folder).
    path = write_wide(project_dirs["root"] / "loose.xlsx", {"Victims identified": {2020: 3}})
    assert main(["check", str(path)]) == 1
    assert "the country is unknown" in capsys.readouterr().out
    assert main(["check", str(path), "--country", "GUY"]) == 0
    # The feedback goes to the test's own marts folder, never to data/marts/feedback.
    written = list((project_dirs["marts"] / "feedback").glob("*/summary.md"))
    assert len(written) == 2  # the country is part of a submission's id: one folder per check


def test_run_strict_exits_1_when_a_submission_is_rejected(project_dirs):
    write_wide(project_dirs["raw"] / "JAM" / "good.xlsx", {"Victims identified": {2020: 3}})
    (project_dirs["raw"] / "JAM" / "empty.xlsx").write_bytes(b"")
    assert main(["run"]) == 0
    assert main(["run", "--strict"]) == 1


def test_ctip_entry_point_is_installed():
    out = subprocess.run([sys.executable, "-m", "ctip.cli", "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("run", "check", "template", "ui"):
        assert command in out
