"""A country-year-indicator is never assembled from two sources; within one source, a partial
correction keeps the older parts and the assembled figures are checked (finding F-G).

Fixtures are written here with known truth: a GLOTIP-layout export (tests.glotip_excerpt's layout)
and small national workbooks (tests.submissions_factory)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
from openpyxl import Workbook

from ctip.pipeline import build, discover, estimate, stage_all
from ctip.report.run_summary import summarise_warehouse
from ctip.warehouse.contracts import check_warehouse
from tests.glotip_excerpt import HEADER, row
from tests.submissions_factory import write_wide

JAN_2023, JAN_2024, JAN_2025 = 1_672_531_200, 1_704_067_200, 1_735_689_600
VICTIMS = "Detected trafficking victims"
# GUY in UNODC's export: 2020 (total 225 = female 58 + male 162, 5 of no stated sex), 2021 only here,
# and another indicator of 2020 that no national file touches.
GLOTIP_ROWS = [
    row("GUY", "Guyana", VICTIMS, "Total", "Total", "Total", "Total", 2020, "225"),
    row("GUY", "Guyana", VICTIMS, "Total", "Total", "Female", "Total", 2020, "58"),
    row("GUY", "Guyana", VICTIMS, "Total", "Total", "Male", "Total", 2020, "162"),
    row("GUY", "Guyana", VICTIMS, "Total", "Total", "Total", "Total", 2021, "30"),
    row("GUY", "Guyana", VICTIMS, "Total", "Total", "Female", "Total", 2021, "10"),
    row("GUY", "Guyana", VICTIMS, "Total", "Total", "Male", "Total", 2021, "20"),
    row("GUY", "Guyana", "Persons convicted", "Total", "Total", "Total", "Total", 2020, "9"),
]


def _write_glotip(path: Path, rows: list[list], mtime: float) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "data_glotip_1"
    ws.append(["UNODC", "unodc_ddds@un.org"])
    ws.append(["30/05/2023"])
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    os.utime(path, (mtime, mtime))
    return path


def _by_sex(con, iso3: str, year: int, table: str = "fact_observation", extra: str = "") -> dict[str, tuple]:
    """sex -> (value, flag, source_file[, ...extra]) of the one-way-by-sex victims figures."""
    rows = con.execute(
        f"select sex, value, flag, source_file{extra} from {table} where country_iso3=? and year=? and indicator='victims_detected' "
        "and age_group='total' and exploitation='total' and citizenship='total' order by sex",
        [iso3, year],
    ).fetchall()
    return {r[0]: tuple(r[1:]) for r in rows}


def _submission(con, source_file: str) -> str:
    return con.execute("select submission_id from submissions where source_file = ?", [source_file]).fetchone()[0]


def _mart(con, iso3: str, year: int, indicator: str = "victims_detected") -> tuple:
    return con.execute(
        "select total, female, male, has_inconsistency from mart_country_year where country_iso3=? and year=? and indicator=?",
        [iso3, year, indicator],
    ).fetchone()


def test_national_total_supersedes_the_whole_unodc_country_year(project_dirs):
    raw = project_dirs["raw"]
    write_wide(raw / "GUY" / "tip_2020.xlsx", {"Victims identified": {2020: 100}}, mtime=JAN_2024)
    # UNODC's export received later still loses to the national file, but only where that file reports.
    _write_glotip(raw / "UNODC" / "data_glotip.xlsx", GLOTIP_ROWS, mtime=JAN_2025)
    build(stage_all(discover()))
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        national, unodc = _submission(con, "GUY/tip_2020.xlsx"), _submission(con, "UNODC/data_glotip.xlsx")
        # 2020: the national figure alone; UNODC's sex split is not kept beside a total of 100.
        assert _by_sex(con, "GUY", 2020) == {"total": (100, None, "GUY/tip_2020.xlsx")}
        assert _mart(con, "GUY", 2020) == (100, None, None, False)
        superseded = _by_sex(con, "GUY", 2020, "fact_observation_history", ", change, superseded_by")
        assert superseded == {
            "female": (58, None, "UNODC/data_glotip.xlsx", "superseded", national),
            "male": (162, None, "UNODC/data_glotip.xlsx", "superseded", national),
            "total": (225, None, "UNODC/data_glotip.xlsx", "superseded", national),
        }
        # 2021 and another indicator of 2020, reported by UNODC alone: unaffected.
        assert _by_sex(con, "GUY", 2021) == {s: (v, None, "UNODC/data_glotip.xlsx") for s, v in (("female", 10), ("male", 20), ("total", 30))}
        assert _mart(con, "GUY", 2021) == (30, 10, 20, False)
        assert _mart(con, "GUY", 2020, "persons_convicted")[0] == 9
        assert con.execute("select count(*) from fact_observation_history where submission_id = ? and year <> 2020", [unodc]).fetchone()[0] == 0
        assert all(c.passed for c in check_warehouse(con)), check_warehouse(con)


def test_a_national_file_keeps_the_national_breakdown_when_unodc_is_later(project_dirs):
    """The other way round: the national source owns its country-year whole, UNODC's total is
    superseded even though no national total was sent... and UNODC's is not mixed in."""
    raw = project_dirs["raw"]
    write_wide(raw / "GUY" / "by_sex.xlsx", {"Victims identified - female": {2020: 40}, "Victims identified - male": {2020: 50}}, mtime=JAN_2024)
    _write_glotip(raw / "UNODC" / "data_glotip.xlsx", GLOTIP_ROWS, mtime=JAN_2025)
    build(stage_all(discover()))
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        assert _by_sex(con, "GUY", 2020) == {"female": (40, None, "GUY/by_sex.xlsx"), "male": (50, None, "GUY/by_sex.xlsx")}
        assert _mart(con, "GUY", 2020) == (None, 40, 50, False)
        assert all(c.passed for c in check_warehouse(con)), check_warehouse(con)


def _brb(raw: Path, correction_total: int) -> None:
    write_wide(
        raw / "BRB" / "stats_2019.xlsx",
        {"Victims identified - female": {2019: 21}, "Victims identified - male": {2019: 10}, "Victims identified": {2019: 31}},
        mtime=JAN_2023,
    )
    write_wide(raw / "BRB" / "correction_2019.xlsx", {"Victims identified": {2019: correction_total}}, mtime=JAN_2024)


def test_partial_correction_smaller_than_the_kept_parts_is_flagged(project_dirs):
    raw = project_dirs["raw"]
    _brb(raw, 20)  # female 21 alone exceeds the corrected total
    build(stage_all(discover()))
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        flag = "inconsistent_total"
        assert _by_sex(con, "BRB", 2019) == {
            "female": (21, flag, "BRB/stats_2019.xlsx"),
            "male": (10, flag, "BRB/stats_2019.xlsx"),
            "total": (20, flag, "BRB/correction_2019.xlsx"),
        }
        assert _mart(con, "BRB", 2019) == (20, 21, 10, True)
        assert _by_sex(con, "BRB", 2019, "fact_observation_history", ", superseded_by") == {
            "total": (31, None, "BRB/stats_2019.xlsx", _submission(con, "BRB/correction_2019.xlsx"))
        }
        assert all(c.passed for c in check_warehouse(con)), check_warehouse(con)
    summary = summarise_warehouse(project_dirs["warehouse"]).text
    assert "inconsistent totals: 1 country-year-indicators" in summary
    # The estimates keep the reported figure and pass its flag on, as for any inconsistent total.
    estimate(project_dirs["warehouse"])
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        reported = con.execute(
            "select estimate, nature, note from mart_estimates where country_iso3='BRB' and year=2019 and indicator='victims_detected' "
            "and sex='total' and age_group='total' and exploitation='total' and citizenship='total'"
        ).fetchone()
    assert reported[:2] == (20, "C") and "flagged inconsistent_total" in reported[2]


def test_consistent_partial_correction_is_not_flagged(project_dirs):
    raw = project_dirs["raw"]
    _brb(raw, 35)  # 21 + 10 <= 35: a correction that still adds up
    build(stage_all(discover()))
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        assert _by_sex(con, "BRB", 2019) == {
            "female": (21, None, "BRB/stats_2019.xlsx"),
            "male": (10, None, "BRB/stats_2019.xlsx"),
            "total": (35, None, "BRB/correction_2019.xlsx"),
        }
        assert _mart(con, "BRB", 2019) == (35, 21, 10, False)
    assert "inconsistent totals: 0 country-year-indicators" in summarise_warehouse(project_dirs["warehouse"]).text


def test_a_national_nationality_table_replaces_unodc_flows_of_its_country_year(project_dirs):
    """Finding G-B: the national table won GUY 2020's total but UNODC's citizenship rows stayed in
    fact_flow beside the national ones (flows of 121+ for a total of 100). The flows of a
    country-year-indicator come from its winning source too; other years keep UNODC's."""
    raw = project_dirs["raw"]
    rows = [
        *GLOTIP_ROWS,
        row("GUY", "Guyana", VICTIMS, "by citizenship", "Dominican Republic", "Total", "Total", 2020, "21"),
        row("GUY", "Guyana", VICTIMS, "by citizenship", "Cuba", "Total", "Total", 2020, "<5"),
        row("GUY", "Guyana", VICTIMS, "by citizenship", "Dominican Republic", "Total", "Total", 2021, "12"),
    ]
    _write_glotip(raw / "UNODC" / "data_glotip.xlsx", rows, mtime=JAN_2023)
    national = raw / "GUY" / "nationality_2020.csv"
    national.parent.mkdir(parents=True, exist_ok=True)
    national.write_text("Victims identified by nationality, 2020\nNationality,Victims\nGuyanese,30\nVenezuelan,60\nHaitian,10\nTotal,100\n", encoding="utf-8")
    os.utime(national, (JAN_2024, JAN_2024))
    build(stage_all(discover()))
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        flows = con.execute(
            "select year, partner_iso3, value, source_file from fact_flow where country_iso3='GUY' and relation='citizenship' order by year, partner_iso3"
        ).fetchall()
        assert flows == [
            (2020, "GUY", 30, "GUY/nationality_2020.csv"),
            (2020, "HTI", 10, "GUY/nationality_2020.csv"),
            (2020, "VEN", 60, "GUY/nationality_2020.csv"),
            (2021, "DOM", 12, "UNODC/data_glotip.xlsx"),
        ]
        assert _mart(con, "GUY", 2020)[0] == 100
        assert all(c.passed for c in check_warehouse(con)), check_warehouse(con)
