"""Every earlier release is protected against, not only the last one (attack5 J-F).

Dominica 2023, victims by sex:

    release   female  male  total
    1              4    12     16    female withheld (1-4), male as its complement, total 16
    2              5    12     17    a correction of female and total; male unchanged
    3              5    12     17    an unrelated file (KNA) arrives, nothing of DMA changes

Against release 2 alone, release 3 may publish male 12 (female 5 is no small count); but male
carries release 1's public lineage id in both, so anyone holding releases 1 and 3 reads release
1's female as 16 - 12 = 4. Release 3 must keep male withheld (and one more cell of its row)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from ctip.export.releases import previous_release, read_release_cells, record_release
from ctip.export.suppression import protect
from tests.export.conftest import _row

DMA = {
    1: {"female": 4, "male": 12, "total": 16},
    2: {"female": 5, "male": 12, "total": 17},
    3: {"female": 5, "male": 12, "total": 17},
}


def _fact(release: int) -> pd.DataFrame:
    rows = [_row("DMA", 2023, "victims_detected", sex, "total", "total", "total", v, cell=f"B{i + 2}") for i, (sex, v) in enumerate(DMA[release].items())]
    rows += [_row("GRD", 2022, "victims_detected", sex, "total", "total", "total", v) for sex, v in (("female", 20), ("male", 11), ("total", 31))]
    if release >= 3:  # the unrelated file
        rows.append(_row("KNA", 2023, "victims_detected", "total", "total", "total", "total", 30))
    frame = pd.DataFrame(rows)
    frame["value"] = pd.array(frame["value"], dtype="Int64")
    frame["year"] = frame["year"].astype("int64")
    return frame


def _releases(n: int) -> tuple[list[dict], pd.DataFrame | None]:
    """Releases 1..n in order, each protected against the history recorded before it."""
    history, shown = None, []
    for release in range(1, n + 1):
        tables = {"fact_observation": _fact(release), **({"release_cells": history} if history is not None else {})}
        public = protect(tables)
        assert not public.unresolved
        fact = public.tables["fact_observation"]
        dma = fact[fact["country_iso3"].eq("DMA")]
        shown.append({s: (None if pd.isna(v) else int(v)) for s, v in zip(dma["sex"], dma["value"])})
        recorded = public.release.assign(released_at=pd.Timestamp(f"2026-0{release}-01"))
        history = recorded if history is None else pd.concat([history, recorded], ignore_index=True)
    return shown, history


def test_a_complement_of_release_1_stays_withheld_in_release_3():
    (r1, r2, r3), _ = _releases(3)
    assert r1 == {"female": None, "male": None, "total": 16}
    assert r2["male"] is None  # protected against release 1 (as before)
    assert r3["male"] is None  # ...and so is release 3 (it published 12 before the fix)
    # no pair of releases gives release 1's female: total 16 minus a male 12 published by any release
    for shown in (r1, r2, r3):
        assert shown["male"] is None or r1["total"] is None or r1["total"] - shown["male"] != 4


def test_older_releases_enter_only_with_their_revised_blocks():
    """The latest earlier release whole; an older one only with the blocks whose values no newer
    release has (Dominica's, revised), the unchanged blocks (GRD) once, what any release published
    kept."""
    _, history = _releases(2)
    assert set(history["release_key"]) and len(set(history["release_key"])) == 2
    earlier = previous_release(history, current_key="not-a-release")
    latest, oldest = history.sort_values("released_at")["release_key"].iloc[[-1, 0]]
    assert (earlier["release_key"].iloc[: (history["release_key"] == latest).sum()] == latest).all()  # latest first, whole
    old = earlier[earlier["release_key"] == oldest]
    assert set(old["country_iso3"]) == {"DMA"}  # GRD 2022 is the same in both: not repeated
    assert sorted(old["value"].astype(int)) == [4, 12, 16]
    # a cell withheld by the latest release but published by an older one with the same value is known
    hist = history.copy()
    grd_female = hist["country_iso3"].eq("GRD") & hist["sex"].eq("female")
    hist.loc[grd_female & hist["release_key"].eq(latest), "withheld"] = True
    hist.loc[grd_female & hist["release_key"].eq(oldest), "withheld"] = False
    folded = previous_release(hist, current_key="not-a-release")
    row = folded[folded["country_iso3"].eq("GRD") & folded["sex"].eq("female")]
    assert len(row) == 1 and not bool(row["withheld"].iloc[0])


def test_the_history_keeps_every_release(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create table x (a int)")
    _, history = _releases(3)
    for key in pd.unique(history["release_key"]):
        assert record_release(warehouse, history[history["release_key"] == key].reset_index(drop=True)) > 0
    kept = read_release_cells(warehouse)
    assert sorted(pd.unique(kept["release_key"])) == sorted(pd.unique(history["release_key"]))
    assert np.isin(["DMA"], kept["country_iso3"]).all()
