"""attack3 H-O: with no arrival ledger and no published warehouse (a first run, or data/marts rebuilt
on a new server from a copy of data/raw), files of one country arriving together are ordered by
their modification time, which a copy keeps: a correction zipped before the file it corrects loses.
The run says so loudly, naming the countries, so that an operator restores arrivals/."""

from __future__ import annotations

import logging
import os

from ctip.intake.arrivals import record_arrivals
from ctip.intake.discover import list_submission_files


def _drop(raw, country: str, name: str, value: int, mtime: float) -> None:
    path = raw / country / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Indicator,2021\nVictims identified,{value}\n", encoding="utf-8")
    os.utime(path, (mtime, mtime))


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and "no arrival ledger" in r.getMessage()]


def test_a_fresh_marts_folder_says_the_order_is_unknown(tmp_path, caplog):
    raw, marts = tmp_path / "raw", tmp_path / "marts"
    _drop(raw, "JAM", "tip_2021.csv", 20, 1_700_000_000)
    _drop(raw, "JAM", "tip_2021_corrected.csv", 22, 1_600_000_000)  # zipped earlier
    _drop(raw, "BRB", "tip_2021.csv", 7, 1_700_000_000)
    with caplog.at_level(logging.WARNING, logger="ctip.intake.arrivals"):
        record_arrivals(list_submission_files(raw), root=marts, warehouse=marts / "warehouse.duckdb")
    (said,) = _warnings(caplog)
    assert "several for JAM;" in said and "BRB" not in said and "modification times decide" in said
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="ctip.intake.arrivals"):  # the ledger now holds the order
        record_arrivals(list_submission_files(raw), root=marts, warehouse=marts / "warehouse.duckdb")
    assert not _warnings(caplog)


def test_one_file_per_country_needs_no_order(tmp_path, caplog):
    raw, marts = tmp_path / "raw", tmp_path / "marts"
    _drop(raw, "JAM", "tip_2021.csv", 20, 1_700_000_000)
    _drop(raw, "BRB", "tip_2021.csv", 7, 1_700_000_000)
    with caplog.at_level(logging.WARNING, logger="ctip.intake.arrivals"):
        record_arrivals(list_submission_files(raw), root=marts, warehouse=marts / "warehouse.duckdb")
    assert not _warnings(caplog)
