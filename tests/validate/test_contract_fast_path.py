"""`holds`, the pandera-free test of the observation contract, never lets through what pandera
would refuse: on every single-rule breach and on seeded random mixes, `holds(df)` implies that
`observation_schema().validate(df)` passes; and it does accept the usual, clean frame."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest

from ctip.harmonise.observations import OBSERVATION_COLUMNS
from ctip.schema import DIMENSIONS, load_schema
from ctip.validate.observation_schema import holds, observation_schema
from ctip.validate.rules import check_contract


def _clean(n: int = 6) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "country_iso3": ["TTO", "JAM"] * (n // 2),
            "year": [2019, 2020] * (n // 2),
            "indicator": "victims_detected",
            **{d: "total" for d in DIMENSIONS},
            "value": list(range(n)),
            "flag": None,
            "submission_id": "s",
            "source_file": "f.xlsx",
            "source_sheet": "S",
            "source_cell": [f"B{i}" for i in range(n)],
        },
        columns=OBSERVATION_COLUMNS,
    )
    df["year"] = df["year"].astype("Int64")
    df["value"] = df["value"].astype("Int64")
    return df


def _pandera_passes(df: pd.DataFrame) -> bool:
    try:
        observation_schema().validate(df, lazy=True)
        return True
    except (pa.errors.SchemaErrors, pa.errors.SchemaError):
        return False


def _set(df: pd.DataFrame, col: str, value, dtype=None) -> pd.DataFrame:
    out = df.copy()
    if dtype is not None:
        out[col] = out[col].astype(dtype)
    out.loc[1, col] = value
    return out


BREACHES = {
    "unknown country": lambda d: _set(d, "country_iso3", "USA"),
    "missing country": lambda d: _set(d, "country_iso3", None),
    "year in the future": lambda d: _set(d, "year", load_schema().last_year + 1),
    "year before the series": lambda d: _set(d, "year", load_schema().first_year - 1),
    "missing year": lambda d: _set(d, "year", pd.NA),
    "unknown indicator": lambda d: _set(d, "indicator", "budget"),
    "unknown dimension code": lambda d: _set(d, DIMENSIONS[0], "not-a-code"),
    "a number in a code column": lambda d: _set(d, "indicator", 7, dtype=object),
    "negative value": lambda d: _set(d, "value", -1),
    "missing value, not suppressed": lambda d: _set(d, "value", pd.NA),
    "flag not a string": lambda d: _set(d, "flag", 3, dtype=object),
    "no flag column": lambda d: d.drop(columns=["flag"]),
}


# Not what the harmoniser makes: `holds` says no and leaves them to pandera, as before it existed.
UNUSUAL = {
    "year as int64": lambda d: d.assign(year=d["year"].astype("int64")),
    "value as float": lambda d: d.assign(value=d["value"].astype("float64")),
}


@pytest.mark.parametrize("name", sorted(UNUSUAL))
def test_unusual_dtypes_are_left_to_pandera(name):
    df = UNUSUAL[name](_clean())
    assert not holds(df)
    good, bad = check_contract(df)
    assert len(good) + len(bad) == len(df)


def test_the_clean_frame_holds_and_pandera_agrees():
    df = _clean()
    assert holds(df) and _pandera_passes(df)
    suppressed = _set(_set(df, "value", pd.NA), "flag", "suppressed")
    assert holds(suppressed) and _pandera_passes(suppressed)
    as_str = df.astype({c: "str" for c in ("country_iso3", "indicator", *DIMENSIONS)})
    assert holds(as_str) and _pandera_passes(as_str)
    flag_string = df.assign(flag=df["flag"].astype("string"))  # pandas' string dtype, with NA
    assert holds(flag_string) and _pandera_passes(flag_string)


@pytest.mark.parametrize("breach", sorted(BREACHES))
def test_every_breach_is_left_to_pandera(breach):
    df = BREACHES[breach](_clean())
    assert not _pandera_passes(df), "the breach must be one pandera refuses"
    assert not holds(df)
    if "flag" in df.columns:  # and pandera then names the bad row
        good, bad = check_contract(df)
        assert len(bad) >= 1 and len(good) + len(bad) == len(df)


def test_random_mixes_never_pass_what_pandera_refuses():
    rng = np.random.default_rng(13)
    names = sorted(BREACHES)
    for _ in range(60):
        df = _clean(8)
        for name in rng.choice(names, size=int(rng.integers(0, 3)), replace=False):
            try:
                df = BREACHES[name](df)
            except (KeyError, ValueError, TypeError):
                continue
        if holds(df):
            assert _pandera_passes(df)
