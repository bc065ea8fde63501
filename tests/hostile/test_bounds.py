"""Bounded inputs: a file's cells are counted from its own declarations before anything is
expanded, against a budget per file and per run; many cells set aside for one reason become one
quarantine row per range; running out of memory never ends in a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from ctip.intake import bounds
from ctip.intake.discover import describe_file
from ctip.intake.ranges import aggregate_ranges, cell_range
from ctip.intake.read import UnreadableFile, read_file
from ctip.stage.submission import ingest_submission
from tests.hostile.hostile_files import csv_grid, ods_bytes, ods_repeat_bomb, ods_table, write_wide

MEASURE = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    from ctip.intake.discover import describe_file
    from ctip.stage.submission import ingest_submission
    def peak_mb():
        # VmHWM belongs to this process's own memory map, made anew by exec; ru_maxrss would carry
        # over the forking parent's peak (pytest's, hundreds of MB late in a full run).
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    path = Path(sys.argv[1])
    t0 = time.perf_counter()
    result = ingest_submission(describe_file(path, path.parent.parent))
    seconds = time.perf_counter() - t0
    print(json.dumps({"status": result.status, "code": result.reason_code, "message": result.submission["message"],
                      "n_quarantined": len(result.quarantine), "seconds": seconds,
                      "peak_mb": peak_mb()}))
""")


def _measure(path: Path) -> dict:
    """Ingest one file in a fresh process: its time, and the process's peak memory (imports included)."""
    out = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=300, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_an_846_byte_ods_repeat_bomb_is_rejected_in_seconds(tmp_path):
    path = ods_repeat_bomb(tmp_path / "JAM" / "bomb.ods", 2000, 2000)
    assert path.stat().st_size < 900
    got = _measure(path)
    assert got["status"] == "rejected" and got["code"] == "too_large", got
    assert "4,000,000 cells" in got["message"] and "2,000 rows × 2,000 columns" in got["message"]
    assert got["n_quarantined"] == 0
    assert got["seconds"] < 5 and got["peak_mb"] < 300, got


def test_a_2_mb_csv_grid_is_rejected_in_seconds(tmp_path):
    path = csv_grid(tmp_path / "JAM" / "grid.csv", megabytes=2.0, cols=1000)
    assert 1.9e6 < path.stat().st_size < 2.2e6
    got = _measure(path)
    assert got["status"] == "rejected" and got["code"] == "too_large", got
    assert "1,000 fields" in got["message"] and "cells per file" in got["message"]
    assert got["seconds"] < 5 and got["peak_mb"] < 300, got


def test_ods_extents_count_content_not_trailing_empty_repeats():
    """LibreOffice ends every row with an empty cell repeated to column AMJ and the sheet with an
    empty row repeated to row 1,048,576: none of that is content."""
    import io
    import zipfile

    xml = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Victims identified</text:p></table:table-cell>'
        '<table:table-cell office:value-type="float" office:value="12"><text:p>12</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="1022"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="4"/>'
        '<table:table-cell table:number-columns-repeated="3" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="1017"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048571"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    with zipfile.ZipFile(io.BytesIO(ods_bytes(xml, "Stats"))) as z, z.open("content.xml") as f:
        (ext,) = bounds.ods_extents(f, 10_000_000)
    assert (ext.name, ext.rows, ext.cols) == ("Stats", 5, 7)


def test_an_ordinary_ods_with_libreoffice_padding_is_read(tmp_path):
    path = ods_table(tmp_path / "JAM" / "stats.ods", [["Indicator", 2019, 2020], ["Victims identified", 4, 9]])
    grid = read_file(path).sheets[0]
    assert grid.rows[1][:3] == ["Victims identified", 4.0, 9.0]


def test_the_file_budget_is_configurable_and_counts_every_format(tmp_path, monkeypatch):
    xlsx = write_wide(tmp_path / "JAM" / "x.xlsx", {"Victims identified": {2019: 5, 2020: 6}})  # 4 rows x 3 cols
    csv = tmp_path / "JAM" / "x.csv"
    csv.write_text("Indicator,2019,2020\nVictims identified,5,6\n", encoding="utf-8")
    ods = ods_table(tmp_path / "JAM" / "x.ods", [["Indicator", 2019, 2020], ["Victims identified", 5, 6]])
    xls = tmp_path / "JAM" / "x.xls"
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Data")
    for r, row in enumerate([["Indicator", 2019, 2020], ["Victims identified", 5, 6]]):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    book.save(str(xls))
    for path in (xlsx, csv, ods, xls):
        assert read_file(path).sheets  # within the default budget
    monkeypatch.setenv("CTIP_MAX_FILE_CELLS", "5")
    for path in (xlsx, csv, ods, xls):
        with pytest.raises(UnreadableFile, match="above the limit of 5 cells per file") as err:
            read_file(path)
        assert err.value.code == "too_large"


def test_the_run_budget_leaves_files_for_the_next_run_uncached(project_dirs, monkeypatch):
    from ctip import pipeline

    raw = project_dirs["raw"]
    write_wide(raw / "JAM" / "a.xlsx", {"Victims identified": {2019: 5}})  # 4 rows x 2 cols = 8 cells
    write_wide(raw / "JAM" / "b.xlsx", {"Victims identified": {2020: 6}})
    monkeypatch.setenv("CTIP_MAX_RUN_CELLS", "10")
    files = pipeline.discover()
    results = pipeline.stage_all(files)
    assert [r.status for r in results] == ["accepted", "rejected"]
    assert results[1].reason_code == "run_budget" and "read by the next run" in results[1].submission["message"]
    assert not pipeline.needs_staging(files[0]) and pipeline.needs_staging(files[1])  # b is not cached
    results = pipeline.stage_all(files)  # the next run: a comes from the cache, b is read
    assert [r.status for r in results] == ["accepted", "accepted"]


def test_zip_parts_inflating_too_many_times_are_refused(tmp_path, monkeypatch):
    import zipfile

    path = write_wide(tmp_path / "JAM" / "x.xlsx", {"Victims identified": {2019: 5}})
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/media/padding.bin", b"\0" * (17 * 1024 * 1024), compress_type=zipfile.ZIP_DEFLATED)
    monkeypatch.setenv("CTIP_MAX_COMPRESSION_RATIO", "100")
    with pytest.raises(UnreadableFile, match="inflate .* times") as err:
        read_file(path)
    assert err.value.code == "zip_bomb"


def test_many_cells_with_one_reason_become_one_row_per_range():
    rows = [
        {
            "submission_id": "s",
            "source_file": "JAM/x.csv",
            "source_sheet": "Data",
            "source_cell": f"{c}{r}",
            "raw_label": None,
            "raw_value": "1",
            "reason": "this row has no label",
        }
        for r in range(2, 2002)
        for c in ("A", "B", "BXK")
    ]
    rows += [
        {
            "submission_id": "s",
            "source_file": "JAM/x.csv",
            "source_sheet": "Data",
            "source_cell": "C1",
            "raw_label": "Victims",
            "raw_value": "-3",
            "reason": "a count cannot be negative",
        }
    ]
    q = aggregate_ranges(pd.DataFrame(rows))
    assert len(q) == 2
    single, grouped = q.iloc[0], q.iloc[1]
    assert single["source_cell"] == "C1" and single["reason"] == "a count cannot be negative"
    assert grouped["source_cell"] == "A2:BXK2001" and grouped["reason"] == "6,000 cells: this row has no label"
    assert cell_range(["B2"]) == "B2" and cell_range(["A1", "Sheet!A1"]) is None


def test_a_sheet_of_label_less_figures_gives_one_quarantine_row(tmp_path):
    path = tmp_path / "JAM" / "figures.csv"
    path.parent.mkdir(parents=True)
    lines = ["Indicator,2019,2020", "Victims identified,5,6"] + [",7,8"] * 300
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ingest_submission(describe_file(path, tmp_path))
    assert len(result.observations) == 2
    ranged = [c for c in result.quarantine["source_cell"] if ":" in str(c)]
    assert len(result.quarantine) <= 3 and ranged, result.quarantine.to_dict("records")
    assert result.submission["n_quarantined"] == len(result.quarantine)


def test_running_out_of_memory_is_a_rejection_and_check_prints_a_plain_message(tmp_path, monkeypatch, capsys):
    from ctip import check
    from ctip.stage import submission

    path = write_wide(tmp_path / "JAM" / "x.xlsx", {"Victims identified": {2019: 5}})

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(submission, "_ingest", exhausted)
    result = ingest_submission(describe_file(path, tmp_path))
    assert result.status == "rejected" and result.reason_code == "too_large" and "memory ran out" in result.submission["message"]
    monkeypatch.setattr(check, "_check_file", exhausted)
    assert check.check_file(path) == 1
    err = capsys.readouterr().err
    assert "too large to check (the memory ran out)" in err and "Traceback" not in err
