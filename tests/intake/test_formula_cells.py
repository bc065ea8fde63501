"""Formula cells without a computed value (workbooks written by scripts) are quarantined with the
reason, never dropped silently nor read as the 0 a writer put there (attack2 G-K).

The workbooks are written here: openpyxl (formulas, no cached value, `fullCalcOnLoad`), an
xlsxwriter-like copy (cached value 0, `fullCalcOnLoad`, no calcChain: what xlsxwriter writes; it is
not a dependency) and an Excel-like copy (real cached values, a calcChain, no `fullCalcOnLoad`)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ctip.check import check_submission
from ctip.intake.read import read_file

ROWS = [
    ["Indicator", "Sex", "2021", "2022"],
    ["Victims identified", "Female", 12, 14],
    ["Victims identified", "Male", 8, 9],
    ["Victims identified", "Total", "=SUM(C2:C3)", "=SUM(D2:D3)"],
]
TRUE_TOTALS = {2021: 20, 2022: 23}


ROWS_ES = [
    ["Indicador", "Sexo", "2021", "2022"],
    ["Víctimas identificadas", "Mujeres", 12, 14],
    ["Víctimas identificadas", "Hombres", 8, 9],
    ["Víctimas identificadas", "Total", "=SUM(C2:C3)", "=SUM(D2:D3)"],
]


def _openpyxl_book(path: Path, rows: list = ROWS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _rewrite(src: Path, dst: Path, sheet=None, workbook=None, extra: dict | None = None) -> Path:
    """A copy of `src` with its worksheet / workbook XML rewritten and parts added."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if sheet and name.startswith("xl/worksheets/"):
                data = sheet(data)
            if workbook and name == "xl/workbook.xml":
                data = workbook(data)
            zout.writestr(name, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def _xlsxwriter_like(tmp: Path, dst: Path) -> Path:
    """xlsxwriter's default: the formula with a cached 0, to be computed when Excel opens it."""
    src = _openpyxl_book(tmp / "src.xlsx")
    return _rewrite(src, dst, sheet=lambda d: re.sub(rb"<f>(.*?)</f><v\s*/?>(</v>)?", rb"<f>\1</f><v>0</v>", d))


def _excel_like(tmp: Path, dst: Path) -> Path:
    """As Excel saves it: the true totals cached, a calculation chain, no fullCalcOnLoad."""
    src = _openpyxl_book(tmp / "src.xlsx")
    values = iter([TRUE_TOTALS[2021], TRUE_TOTALS[2022]])
    chain = b'<?xml version="1.0"?><calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="C4" i="1"/><c r="D4"/></calcChain>'
    return _rewrite(
        src,
        dst,
        sheet=lambda d: re.sub(rb"<f>(.*?)</f><v\s*/?>(</v>)?", lambda m: b"<f>" + m.group(1) + b"</f><v>%d</v>" % next(values), d),
        workbook=lambda d: d.replace(b' fullCalcOnLoad="1"', b""),
        extra={"xl/calcChain.xml": chain},
    )


def _check(path: Path, tmp: Path, lang_country: str = "JAM"):
    result, folder = check_submission(path, country=lang_country, out_dir=tmp / "feedback")
    return result, folder


def _totals(result) -> dict[int, int]:
    obs = result.observations
    tot = obs[(obs["sex"] == "total") & (obs["indicator"] == "victims_detected")]
    return {int(y): int(v) for y, v in zip(tot["year"], tot["value"])}


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
def test_uncomputed_formulas_are_quarantined_never_dropped_nor_zero(tmp_path, writer):
    path = tmp_path / "raw" / "JAM" / f"{writer}.xlsx"
    path.parent.mkdir(parents=True)
    if writer == "openpyxl":
        _openpyxl_book(path)
    else:
        _xlsxwriter_like(tmp_path, path)
    result, folder = _check(path, tmp_path)
    assert _totals(result) == {}  # neither dropped into nothing nor stored as 0
    assert len(result.observations) == 4  # the four figures typed in are stored
    q = result.quarantine
    formula_rows = q[q["reason"].str.startswith("formula without a computed value")]
    assert sorted(formula_rows["source_cell"]) == ["C4", "D4"]
    assert result.status == "partial"
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    assert "C4" in summary and "never computed" in summary
    annotated = openpyxl.load_workbook(folder / "annotated.xlsx")
    data = annotated["Data"] if "Data" in annotated.sheetnames else annotated.worksheets[0]
    assert data["C4"].comment is not None and "formula" in data["C4"].comment.text.lower()


def test_the_sender_is_told_in_their_language(tmp_path):
    path = tmp_path / "raw" / "DOM" / "formulas.xlsx"
    path.parent.mkdir(parents=True)
    _openpyxl_book(path, ROWS_ES)
    _, folder = _check(path, tmp_path, "DOM")
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    assert "fórmula cuyo valor nunca se calculó" in summary


def test_computed_formulas_are_read_as_their_values(tmp_path):
    path = tmp_path / "raw" / "JAM" / "excel.xlsx"
    path.parent.mkdir(parents=True)
    _excel_like(tmp_path, path)
    result, _ = _check(path, tmp_path)
    assert _totals(result) == TRUE_TOTALS
    assert not result.quarantine["reason"].str.startswith("formula").any()
    assert result.status == "accepted"


def test_a_workbook_without_formulas_reads_as_before(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in ROWS[:3]:
        ws.append(row)
    wb.save(tmp_path / "plain.xlsx")
    rows = read_file(tmp_path / "plain.xlsx").sheets[0].rows
    assert rows[1] == ["Victims identified", "Female", 12, 14]
    assert all(type(v) is not str or not v.startswith("=") for r in rows for v in r)


def test_a_script_that_cached_true_values_is_read(tmp_path):
    """A script that wrote the values it computed (openpyxl + cached values, still fullCalcOnLoad):
    a non-zero cached value was computed by someone and is kept."""
    path = tmp_path / "raw" / "JAM" / "cached.xlsx"
    path.parent.mkdir(parents=True)
    src = _openpyxl_book(tmp_path / "src.xlsx")
    values = iter([TRUE_TOTALS[2021], TRUE_TOTALS[2022]])
    _rewrite(src, path, sheet=lambda d: re.sub(rb"<f>(.*?)</f><v\s*/?>(</v>)?", lambda m: b"<f>" + m.group(1) + b"</f><v>%d</v>" % next(values), d))
    result, _ = _check(path, tmp_path)
    assert _totals(result) == TRUE_TOTALS


def test_a_zero_total_of_zeros_is_a_true_zero(tmp_path):
    """xlsxwriter's cached 0 is right when every cell the formula adds up is 0 or blank."""
    rows = [r[:] for r in ROWS]
    rows[1][2:] = [0, 5]
    rows[2][2:] = [None, 9]
    src = tmp_path / "src0.xlsx"
    _openpyxl_book(src, rows)
    path = tmp_path / "raw" / "JAM" / "zeros.xlsx"
    path.parent.mkdir(parents=True)
    _rewrite(src, path, sheet=lambda d: re.sub(rb"<f>(.*?)</f><v\s*/?>(</v>)?", rb"<f>\1</f><v>0</v>", d))
    result, _ = _check(path, tmp_path)
    assert _totals(result) == {2021: 0}  # C4 = SUM(0, blank) = 0 is stored; D4 = SUM(5, 9) cached 0 is not
    q = result.quarantine
    assert list(q.loc[q["reason"].str.startswith("formula"), "source_cell"]) == ["D4"]
