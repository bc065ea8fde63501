"""A withheld estimate is an SDMX row with OBS_STATUS Q and no OBS_VALUE, as the data dictionary
says, not a missing row (attack3 H-K item 4: JAM 2019 `_T` was absent while F and M were Q rows, so
a reader could not tell "withheld" from "no row")."""

from __future__ import annotations

import pandas as pd

from ctip.export.holdback_words import held_back_words
from ctip.export.sdmx import build_sdmx, validate_sdmx_csv, write_sdmx_csv
from ctip.export.suppression import WITHHELD_NOTE
from ctip.schema import KEY_COLUMNS


def _public() -> dict[str, pd.DataFrame]:
    fact = pd.DataFrame(
        [("JAM", 2019, "victims_detected", s, "total", "total", "total", pd.NA, "suppressed") for s in ("female", "male")],
        columns=[*KEY_COLUMNS, "value", "flag"],
    )
    fact["value"] = pd.array(fact["value"], dtype="Int64")
    # total: withheld (computed from a withheld count); BRB female: held back; BRB male: never made
    est = pd.DataFrame(
        [
            ("JAM", 2019, "victims_detected", "total", "total", "total", "total", None, None, None, "E", "m", WITHHELD_NOTE),
            ("BRB", 2019, "victims_detected", "female", "total", "total", "total", None, None, None, "M", "m", held_back_words()["estimate_note"]),
            ("BRB", 2019, "victims_detected", "male", "total", "total", "total", None, None, None, "M", "m", None),
            ("BRB", 2019, "victims_detected", "total", "total", "total", "total", 12.5, 8.0, 18.0, "M", "m", None),
        ],
        columns=[*KEY_COLUMNS, "estimate", "lower_95", "upper_95", "nature", "method", "note"],
    )
    countries = pd.DataFrame({"country_iso3": ["JAM", "BRB"], "m49": [388, 52]})
    population = pd.DataFrame({"iso3": ["JAM", "BRB"], "year": [2019, 2019], "population": [2_900_000.0, 287_000.0]})
    return {"fact_observation": fact, "mart_estimates": est, "dim_country": countries, "ref_population": population}


def test_withheld_estimates_are_q_rows(tmp_path):
    sdmx = build_sdmx(_public())
    counts = sdmx[sdmx["SERIES"] == "VC_HTF_DETV"].set_index(["REF_AREA", "SEX"])
    jam_total = counts.loc[("388", "_T")]
    assert jam_total["OBS_STATUS"] == "Q" and jam_total["OBS_VALUE"] == "" and jam_total["NATURE"] == "E"
    assert counts.loc[("388", "F"), "OBS_STATUS"] == "Q"
    brb_female = counts.loc[("52", "F")]
    assert brb_female["OBS_STATUS"] == "Q" and brb_female["OBS_VALUE"] == ""
    assert ("52", "M") not in counts.index  # an estimate never made has no row
    assert counts.loc[("52", "_T"), "OBS_STATUS"] == "E"
    # the rate of a withheld total is withheld with it
    rates = sdmx[(sdmx["SERIES"] == "VC_HTF_DETVR") & (sdmx["REF_AREA"] == "388")]
    assert rates["OBS_STATUS"].tolist() == ["Q"] and rates["OBS_VALUE"].tolist() == [""]
    path = write_sdmx_csv(sdmx, tmp_path / "sdg.csv")
    assert validate_sdmx_csv(path) == []
