"""No silent loss: the same bytes in two countries' folders are two submissions, every file under
data/raw/ ends with a submission row, and a file still being copied is left for the next run
(and the run says so)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import duckdb
import pytest

from ctip import pipeline
from ctip.intake.discover import describe_file, list_submission_files, split_settled
from tests.hostile.hostile_files import write_wide

FIGURES = {"Victims identified": {2019: 41, 2020: 42}}


def _old(path, seconds: float = 600) -> None:
    t = time.time() - seconds
    os.utime(path, (t, t))


def test_identical_files_in_two_countries_are_two_submissions(project_dirs):
    raw = project_dirs["raw"]
    jam = write_wide(raw / "JAM" / "tip.xlsx", FIGURES)
    (raw / "TTO").mkdir()
    shutil.copyfile(jam, raw / "TTO" / "tip.xlsx")
    files = pipeline.discover()
    assert [f.relative for f in files] == ["JAM/tip.xlsx", "TTO/tip.xlsx"]
    assert files[0].sha256 == files[1].sha256 and files[0].submission_id != files[1].submission_id
    results = pipeline.stage_all(files)
    assert [r.status for r in results] == ["accepted", "accepted"]
    pipeline.build(results)
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        facts = con.execute("select country_iso3, year, value from fact_observation order by 1, 2").fetchall()
        n_sub = con.execute("select count(*) from submissions").fetchone()[0]
    assert facts == [("JAM", 2019, 41), ("JAM", 2020, 42), ("TTO", 2019, 41), ("TTO", 2020, 42)]
    assert n_sub == 2
    # Each has its own feedback folder.
    for r in results:
        assert (project_dirs["marts"] / "feedback" / r.submission["submission_id"] / "summary.md").exists()


def test_every_file_ends_with_a_submission_row(project_dirs):
    raw = project_dirs["raw"]
    a = write_wide(raw / "JAM" / "a.xlsx", FIGURES)
    shutil.copyfile(a, raw / "JAM" / "copy of a.xlsx")  # the same country twice
    for folder in ("Nowhere", "Elsewhere"):  # folders that name no country, the same bytes
        (raw / folder).mkdir()
        shutil.copyfile(a, raw / folder / "a.xlsx")
    files = pipeline.discover()
    on_disk = sorted(str(p.relative_to(raw)) for p in raw.rglob("*") if p.is_file())
    assert sorted(f.relative for f in files) == on_disk
    assert len({f.submission_id for f in files}) == len(on_disk)
    by_name = {f.relative: f for f in files}
    assert by_name["JAM/copy of a.xlsx"].problem_code == "duplicate"
    assert "the same content as 'JAM/a.xlsx'" in by_name["JAM/copy of a.xlsx"].problem
    assert by_name["Nowhere/a.xlsx"].problem_code == by_name["Elsewhere/a.xlsx"].problem_code == "unknown_folder"


def test_unodc_export_keeps_its_content_id(project_dirs):
    path = write_wide(project_dirs["raw"] / "UNODC" / "export.xlsx", FIGURES)
    sf = describe_file(path, project_dirs["raw"])
    assert sf.source_kind == "unodc" and sf.submission_id == sf.sha256[:16]


def test_files_modified_recently_or_growing_are_left_for_the_next_run(tmp_path):
    raw = tmp_path / "raw"
    old = write_wide(raw / "JAM" / "old.xlsx", FIGURES)
    _old(old)
    fresh = write_wide(raw / "JAM" / "fresh.xlsx", FIGURES)
    growing = raw / "JAM" / "growing.csv"
    growing.write_text("Indicator,Year,Value\n", encoding="utf-8")
    _old(growing, 20)  # older than the settle time, but still being written (below)
    files = list_submission_files(raw)

    def append():
        time.sleep(0.3)
        with open(growing, "a", encoding="utf-8") as f:
            f.write("Victims identified,2019,41\n")

    writer = threading.Thread(target=append)
    writer.start()
    ready, left = split_settled(files, min_age=5, wait=1.0)
    writer.join()
    assert [f.relative for f in ready] == ["JAM/old.xlsx"]
    why = {f.relative: reason for f, reason in left}
    assert set(why) == {"JAM/fresh.xlsx", "JAM/growing.csv"}
    assert "may still be being copied" in why["JAM/fresh.xlsx"] and "size changed" in why["JAM/growing.csv"]
    # Next time, once settled, they are read.
    _old(fresh)
    _old(growing)
    ready, left = split_settled(list_submission_files(raw), min_age=5, wait=1.0)
    assert sorted(f.relative for f in ready) == ["JAM/fresh.xlsx", "JAM/growing.csv", "JAM/old.xlsx"] and not left


@pytest.mark.slow
def test_ctip_run_skips_a_file_being_written_and_says_so(project_dirs, monkeypatch, capsys):
    from ctip.cli import main

    raw = project_dirs["raw"]
    _old(write_wide(raw / "JAM" / "settled.xlsx", {"Victims identified": {2018: 7}}))
    write_wide(raw / "TTO" / "copying.xlsx", {"Victims identified": {2019: 9}})  # just written
    monkeypatch.setenv("CTIP_SETTLE_SECONDS", "30")
    assert main(["run"]) == 0
    out = capsys.readouterr().out
    assert "left for the next run: TTO/copying.xlsx: modified" in out
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        assert con.execute("select source_file, value from fact_observation").fetchall() == [("JAM/settled.xlsx", 7)]


def test_a_file_modified_in_the_future_is_read_now(tmp_path, caplog):
    """Finding G-R: a file whose modification time is days ahead (the sender's clock, kept by a zip
    or `cp -p`) was left 'for the next run' until that time, its earlier version withdrawn
    meanwhile. It is read once its size holds still, and the log says the time is odd."""
    raw = tmp_path / "raw"
    ahead = write_wide(raw / "GUY" / "tip_2020.xlsx", FIGURES)
    future = time.time() + 3 * 86400
    os.utime(ahead, (future, future))
    ready, left = split_settled(list_submission_files(raw), min_age=5, wait=0.2)
    assert [f.relative for f in ready] == ["GUY/tip_2020.xlsx"] and not left
    assert "in the future" in caplog.text
    # ... and with the settle time off, as the tests and a hurried operator set it, too.
    ready, left = split_settled(list_submission_files(raw), min_age=0, wait=0.2)
    assert [f.relative for f in ready] == ["GUY/tip_2020.xlsx"] and not left


def test_names_that_are_not_utf8_are_read_as_windows_names(project_dirs):
    """Finding G-Q: unzip writes the names of a zip made on Spanish Windows as Latin-1 bytes
    ("V\\xedctimas 2021.csv", a folder "Rep\\xfablica Dominicana"). The file was rejected with a
    UnicodeEncodeError and the folder was not recognised; both are read, named as written."""
    from ctip.pipeline import build, discover, stage_all

    raw = os.fsencode(project_dirs["raw"])
    (Path(os.fsdecode(raw + b"/DOM"))).mkdir()
    Path(os.fsdecode(raw + b"/DOM/V\xedctimas 2021.csv")).write_text("Indicador,2021\nV\u00edctimas identificadas,15\n", encoding="utf-8")
    folder = Path(os.fsdecode(raw + b"/Rep\xfablica Dominicana"))
    folder.mkdir()
    (folder / "condenas.csv").write_text("Indicador,2020\nPersonas condenadas,5\n", encoding="utf-8")
    build(stage_all(discover()))
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        subs = con.execute("select source_file, status from submissions order by 1").fetchall()
        facts = con.execute("select country_iso3, year, indicator, value from fact_observation order by year").fetchall()
    assert subs == [("DOM/V\u00edctimas 2021.csv", "accepted"), ("Rep\u00fablica Dominicana/condenas.csv", "accepted")]
    assert facts == [("DOM", 2020, "persons_convicted", 5), ("DOM", 2021, "victims_detected", 15)]
