"""H-K intake items: years written as Excel dates formatted `yyyy` are years (other dates are said to
be dates); one formatted empty cell far away does not make a small workbook 'too large' nor a
refused sheet 'empty'; figures for the year of the run's date are year to date, set aside; a
nationality table read by another layout is not said to be unreadable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from ctip.feedback.problems import kind_of
from ctip.harmonise.flows import harmonise_flows
from ctip.intake.discover import describe_file
from ctip.intake.read import read_file
from ctip.intake.readings import CellReading
from ctip.intake.year_dates import is_year_format
from ctip.stage.submission import _set_aside_years, ingest_submission


def _xlsx(path: Path, rows: list[list[object]], formats: dict[str, str] | None = None, far: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in rows:
        ws.append(row)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    if far:
        ws[far].fill = PatternFill("solid", fgColor="FFFF00")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _ingest(tmp_path: Path, path: Path):
    return ingest_submission(describe_file(path, tmp_path))


def _stored(result) -> dict:
    o = result.observations
    return {(int(y), i): int(v) for y, i, v in zip(o["year"], o["indicator"], o["value"])}


DATES = [["Trafficking in persons"], ["Indicator", dt.datetime(2020, 1, 1), dt.datetime(2021, 1, 1)], ["Victims identified", 22, 25]]


@pytest.mark.parametrize("fmt", ["yyyy", "YYYY", "yyyy;@", "[$-409]yyyy"])
def test_dates_shown_as_a_year_are_that_year(tmp_path, fmt):
    r = _ingest(tmp_path, _xlsx(tmp_path / "JAM" / "dates.xlsx", DATES, {"B2": fmt, "C2": fmt}))
    assert _stored(r) == {(2020, "victims_detected"): 22, (2021, "victims_detected"): 25}, r.quarantine


def test_dates_shown_as_dates_are_said_to_be_dates(tmp_path):
    r = _ingest(tmp_path, _xlsx(tmp_path / "JAM" / "dates.xlsx", DATES, {"B2": "dd/mm/yyyy", "C2": "dd/mm/yyyy"}))
    assert r.observations.empty
    reasons = set(r.quarantine["reason"])
    assert reasons and all("are dates, not years" in why and "2020, 2021" in why for why in reasons), reasons


def test_year_formats():
    assert all(is_year_format(f) for f in ["yyyy", "YYYY", "yy", "yyyy;@", "[$-409]yyyy", '"Year "yyyy'])
    assert not any(is_year_format(f) for f in ["dd/mm/yyyy", "mmm yyyy", "yyyy-mm-dd", "0", "General", "mm"])


def test_a_stray_formatted_cell_far_away_does_not_refuse_a_small_workbook(tmp_path):
    rows = [["Trafficking in persons 2021"], ["Indicator", "Value"], ["Victims identified", 14], ["Persons prosecuted", 6]]
    for far in ("XFD1048576", "DKL5000"):
        r = _ingest(tmp_path, _xlsx(tmp_path / "JAM" / f"far_{far}.xlsx", rows, far=far))
        assert r.status == "accepted", r.submission["message"]
        assert _stored(r) == {(2021, "victims_detected"): 14, (2021, "persons_prosecuted"): 6}


def test_a_sheet_refused_for_its_size_is_not_called_empty(tmp_path, monkeypatch):
    monkeypatch.setenv("CTIP_MAX_SHEET_CELLS", "6")
    rows = [["Trafficking in persons 2021"], ["Indicator", "Value"], ["Victims identified", 14], ["Persons prosecuted", 6]]
    path = _xlsx(tmp_path / "JAM" / "big.xlsx", rows)
    notes = [n for s in read_file(path).sheets for n in s.notes]
    assert any("above the limit of 6 cells" in n for n in notes), notes
    r = _ingest(tmp_path, path)
    assert r.status == "rejected"
    assert "empty sheet" not in r.submission["message"], r.submission["message"]


def _obs(years: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "country_iso3": "JAM",
            "year": years,
            "indicator": "victims_detected",
            "sex": "total",
            "age_group": "total",
            "exploitation": "total",
            "citizenship": "total",
            "value": [14] * len(years),
            "source_cell": [f"B{i}" for i in range(len(years))],
            "submission_id": "s",
            "source_file": "f.csv",
            "source_sheet": "Data",
            "raw_label": "Victims identified",
        }
    )


def test_the_year_of_the_runs_date_is_year_to_date():
    kept, q = _set_aside_years(_obs([2025, 2026]), today=dt.date(2026, 12, 2))
    assert kept["year"].tolist() == [2025]
    assert len(q) == 1 and kind_of(q["reason"].iloc[0])[0] == "ongoing_year", q["reason"].tolist()
    kept, q = _set_aside_years(_obs([2025, 2026]), today=dt.date(2027, 1, 3))  # the year is over
    assert kept["year"].tolist() == [2025, 2026] and q.empty
    kept, q = _set_aside_years(_obs([2025, 2027]), today=dt.date(2026, 12, 2))
    assert kept["year"].tolist() == [2025] and "in the future" in q["reason"].iloc[0]


def test_a_flow_of_the_runs_year_is_year_to_date():
    def reading(year):
        r = CellReading("Data", "B3", 4, f"Venezuelan | {year}")
        r.key.update(indicator="victims_detected", year=year, sex="total", age_group="total", exploitation="total")
        r.key.update(relation="citizenship", partner_iso3="VEN", partner_label="Venezuelan")
        return r

    flows, q, _ = harmonise_flows([reading(2025), reading(2026)], "JAM", "s", "f.csv", today=dt.date(2026, 12, 2))
    assert flows["year"].tolist() == [2025]
    assert len(q) == 1 and kind_of(q["reason"].iloc[0])[0] == "ongoing_year"


def test_a_file_with_this_years_column_stores_only_the_years_that_are_over(tmp_path):
    year = dt.date.today().year
    path = tmp_path / "JAM" / "current.csv"
    path.parent.mkdir(parents=True)
    path.write_text(f"Indicator,{year - 1},{year}\nVictims identified,14,9\n", encoding="utf-8")
    r = _ingest(tmp_path, path)
    assert _stored(r) == {(year - 1, "victims_detected"): 14}
    assert r.status == "partial"


def test_a_nationality_table_read_by_another_layout_is_not_said_unreadable(tmp_path):
    path = tmp_path / "JAM" / "nat.csv"
    path.parent.mkdir(parents=True)
    path.write_text(
        "Victims identified by nationality, 2021\nNationality,Victims identified,Persons prosecuted,Persons convicted\n"
        "Jamaican,5,3,1\nVenezuelan,4,2,1\nHaitian,2,1,0\nTotal,11,6,2\n",
        encoding="utf-8",
    )
    r = _ingest(tmp_path, path)
    assert _stored(r)[(2021, "victims_detected")] == 11
    notes = " ".join(n for s in r.sheets for n in s["notes"])
    assert "could not be read" not in notes, notes
