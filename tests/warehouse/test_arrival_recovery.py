"""The arrival order survives a damaged or lost ledger (finding G-G) and files being moved (G-I).

Each test drops generated workbooks with known figures: an original, then a correction that
arrives later with an older modification time (as from a zip). The correction must stay published
whatever happens to the ledger or to the folder names, since nobody re-sent the original."""

from __future__ import annotations

import datetime as dt
import logging
import shutil

from ctip.intake.arrivals import read_ledger, record_arrivals
from ctip.intake.discover import list_submission_files
from tests.submissions_factory import write_wide
from tests.warehouse.test_arrival_order import DAY, NOV_2026, _published, _run


def _original_then_correction(raw, folder: str = "DOM"):
    """150 (modified on the 25th), then a correction 140 received later but modified on the 15th."""
    write_wide(raw / folder / "trata_2019.xlsx", {"Victims identified": {2019: 150}}, mtime=NOV_2026 + 10 * DAY)
    _run()
    write_wide(raw / folder / "corregido.xlsx", {"Victims identified": {2019: 140}}, mtime=NOV_2026)
    _run()


def test_damaged_ledger_is_set_aside_and_arrivals_recovered(project_dirs, caplog):
    """G-G: half a ledger (a full disk, half a copy) is kept aside and said; the arrivals come back
    from the published warehouse, so the correction stays published."""
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    _original_then_correction(raw)
    assert _published(project_dirs, "DOM", 2019) == (140, "DOM/corregido.xlsx")
    ledger = marts / "arrivals" / "ledger.json"
    before = read_ledger(marts)
    text = ledger.read_text(encoding="utf-8")
    ledger.write_text(text[: len(text) // 2], encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="ctip.intake.arrivals"):
        _run()
    assert _published(project_dirs, "DOM", 2019) == (140, "DOM/corregido.xlsx")
    (aside,) = (marts / "arrivals").glob("ledger.json.damaged-*")
    assert aside.read_text(encoding="utf-8") == text[: len(text) // 2]
    assert any("could not be read" in r.getMessage() and aside.name in r.getMessage() for r in caplog.records)
    assert {k: v["arrived_at"] for k, v in read_ledger(marts).items()} == {k: v["arrived_at"] for k, v in before.items()}


def test_marts_restored_without_arrivals_keeps_the_order(project_dirs):
    """G-G: a marts folder restored without `arrivals/` (the warehouse was there): same order."""
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    _original_then_correction(raw)
    before = read_ledger(marts)
    shutil.rmtree(marts / "arrivals")
    _run()
    assert _published(project_dirs, "DOM", 2019) == (140, "DOM/corregido.xlsx")
    assert {k: v["arrived_at"] for k, v in read_ledger(marts).items()} == {k: v["arrived_at"] for k, v in before.items()}


def test_moves_keep_their_arrival(project_dirs):
    """G-I: the country folder renamed (both documented spellings), a file moved into a sub-folder,
    a file renamed: nothing was re-sent, the correction stays published."""
    raw = project_dirs["raw"]
    _original_then_correction(raw, "Dominican Republic")
    assert _published(project_dirs, "DOM", 2019) == (140, "Dominican Republic/corregido.xlsx")
    (raw / "Dominican Republic").rename(raw / "DOM")
    _run()
    assert _published(project_dirs, "DOM", 2019) == (140, "DOM/corregido.xlsx")
    (raw / "DOM" / "2019").mkdir()
    (raw / "DOM" / "trata_2019.xlsx").rename(raw / "DOM" / "2019" / "trata_2019_v1.xlsx")
    _run()
    assert _published(project_dirs, "DOM", 2019) == (140, "DOM/corregido.xlsx")
    # A true copy of the original beside it (F-H) is still a re-sending: the original stands again.
    shutil.copy2(raw / "DOM" / "2019" / "trata_2019_v1.xlsx", raw / "DOM" / "trata_2019 (reenviado).xlsx")
    _run()
    assert _published(project_dirs, "DOM", 2019) == (150, "DOM/2019/trata_2019_v1.xlsx")


def test_ledger_moves_and_copies(project_dirs):
    """The ledger alone: a move keeps the arrival (also moved to another country spelling); a copy
    beside the original, or the same bytes moved to another country's folder, arrive now."""
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    t0 = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
    write_wide(raw / "Jamaica" / "x.xlsx", {"Victims identified": {2019: 1}})
    (first,) = record_arrivals(list_submission_files(raw), root=marts, now=t0)
    (raw / "Jamaica").rename(raw / "JAM")
    (moved,) = record_arrivals(list_submission_files(raw), root=marts, now=t0 + dt.timedelta(hours=1))
    assert moved.relative == "JAM/x.xlsx" and moved.arrived_at == first.arrived_at
    shutil.copy2(raw / "JAM" / "x.xlsx", raw / "JAM" / "y.xlsx")
    kept, copy = record_arrivals(list_submission_files(raw), root=marts, now=t0 + dt.timedelta(hours=2))
    assert kept.arrived_at == first.arrived_at and copy.arrived_at == "2026-12-01T02:00:00.000000+00:00"
    # Both moved at once: each keeps one of the arrivals (the earliest to the first name).
    (raw / "JAM").rename(raw / "Jamaica")
    a, b = record_arrivals(list_submission_files(raw), root=marts, now=t0 + dt.timedelta(hours=3))
    assert (a.arrived_at, b.arrived_at) == (first.arrived_at, copy.arrived_at)
    # Another country's folder: another submission, which arrives now.
    (raw / "BRB").mkdir()
    (raw / "Jamaica" / "y.xlsx").rename(raw / "BRB" / "y.xlsx")
    other, _ = record_arrivals(list_submission_files(raw), root=marts, now=t0 + dt.timedelta(hours=4))
    assert other.relative == "BRB/y.xlsx" and other.arrived_at == "2026-12-01T04:00:00.000000+00:00"
