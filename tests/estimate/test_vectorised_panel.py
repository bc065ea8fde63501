"""The panel's crossed sums and the regional sums, computed without a Python call per group (issue
13: they were ~2 s of every estimates step), give exactly what the per-group forms they replace
gave: those forms are written out here as the reference, on random cells built to hit every case
(complete and incomplete breakdowns, parts outside the required set, NaN draws, non-members)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctip.estimate import crossed
from ctip.estimate.crossed import SERIES_KEY, _parts_of_a_total, apply_crossed, crossed_sums
from ctip.estimate.estimates import DRAW_COLUMNS, Draws, _long_draws
from ctip.estimate.panel import series_keys
from ctip.estimate.regional import KEYS, _simulated_sums, _summed_draws
from ctip.schema import DIMENSIONS, load_schema

TOTAL = load_schema().total_code


def _reference_sums(cells: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """crossed_sums as it was: the parts of each group gathered in a frozenset."""
    required = _parts_of_a_total()
    known = set(map(tuple, series[["indicator", "sex", "exploitation"]].to_numpy()))
    out = []
    for dim in DIMENSIONS:
        finer = cells[cells[dim] != TOTAL].copy()
        finer[dim] = TOTAL
        at_series = (finer["age_group"] == TOTAL) & (finer["citizenship"] == TOTAL)
        at_series &= pd.Series([k in known for k in map(tuple, finer[["indicator", "sex", "exploitation"]].to_numpy())], index=finer.index, dtype=bool)
        finer = finer[at_series]
        if finer.empty:
            continue
        finer["part"] = cells.loc[finer.index, dim]
        finer["numeric"] = finer["status"] == "reported"
        sums = finer.groupby(SERIES_KEY, sort=True).agg(
            floor=("lo", "sum"), top=("hi", "sum"), numeric=("numeric", "all"), parts=("part", lambda p: frozenset(p))
        )
        every_part = sums["parts"].map(lambda p: set(required.get(dim, ())) <= p and bool(required.get(dim)))
        sums["ceiling"] = np.where(every_part, sums["top"], np.inf)
        sums["exact"] = np.where(sums["numeric"] & every_part, sums["floor"], np.nan)
        sums["dimension"] = dim
        out.append(sums.reset_index()[[*SERIES_KEY, "dimension", "floor", "ceiling", "exact"]])
    return pd.concat(out, ignore_index=True)


def _random_cells(seed: int) -> pd.DataFrame:
    """Fact cells with intervals (as panel._cells makes them): crossed with each dimension, some
    breakdowns complete, some missing a required part, some with a suppressed part."""
    rng = np.random.default_rng(seed)
    schema = load_schema()
    rows = []
    for country in ("AAA", "BBB", "CCC"):
        for year in (2015, 2016, 2017):
            for indicator in ("victims_detected", "persons_investigated"):
                for dim in ("age_group", "citizenship", "sex", "exploitation"):
                    codes = [c for c in schema.dimensions[dim].codes if c != TOTAL]
                    for code in rng.choice(codes, size=rng.integers(1, len(codes) + 1), replace=False):
                        suppressed = rng.random() < 0.2
                        value = float(rng.integers(0, 30))
                        row = {
                            "country_iso3": country,
                            "year": year,
                            "indicator": indicator,
                            "sex": TOTAL,
                            "age_group": TOTAL,
                            "exploitation": TOTAL,
                            "citizenship": TOTAL,
                        }
                        row[dim] = str(code)
                        row.update(lo=0.0 if suppressed else value, hi=4.0 if suppressed else value, status="suppressed" if suppressed else "reported")
                        rows.append(row)
    return pd.DataFrame(rows)


def test_crossed_sums_as_the_per_group_form():
    series = series_keys()
    for seed in range(6):
        cells = _random_cells(seed)
        new, old = crossed_sums(cells, series), _reference_sums(cells, series)
        pd.testing.assert_frame_equal(new, old, check_exact=True)
        assert new["exact"].notna().any() and new["exact"].isna().any()  # both cases met
        ceilinged = np.isfinite(new["ceiling"]) & new["exact"].isna()
        assert ceilinged.any() and (new.loc[ceilinged, "ceiling"] > new.loc[ceilinged, "floor"]).all()  # a censored part caps


def test_exact_dimensions_as_the_per_group_form():
    series = series_keys()
    for seed in range(6):
        cells = _random_cells(seed)
        sums = crossed_sums(cells, series)
        by_cell = sums.groupby(SERIES_KEY, sort=False).agg(floor=("floor", "max")).reset_index()
        old = sums.groupby(SERIES_KEY, sort=False)["dimension"].agg(lambda d: ",".join(sorted(d[sums.loc[d.index, "exact"].notna()])))
        assert crossed._exact_dimensions(sums, by_cell) == old.tolist()
    assert any("," in d for d in old)  # a cell given by two dimensions at once


def test_apply_crossed_names_each_dimension_once_sorted():
    panel = pd.DataFrame(
        {
            "country_iso3": ["AAA", "AAA"],
            "year": [2015, 2016],
            "indicator": ["victims_detected"] * 2,
            "sex": ["female", "female"],
            "exploitation": [TOTAL, TOTAL],
        }
    ).assign(lo=0.0, hi=np.inf, status="missing")
    sums = pd.DataFrame(
        {
            "country_iso3": ["AAA"] * 3,
            "year": [2015, 2015, 2016],
            "indicator": ["victims_detected"] * 3,
            "sex": ["female"] * 3,
            "exploitation": [TOTAL] * 3,
            "dimension": ["citizenship", "age_group", "age_group"],
            "floor": [17.0, 17.0, 5.0],
            "ceiling": [17.0, 17.0, np.inf],
            "exact": [17.0, 17.0, np.nan],
        }
    )
    out = apply_crossed(panel, sums, pd.Series([False, False]))
    assert out["derived_from"].tolist() == ["age_group,citizenship", ""]
    assert out["known_status"].tolist() == ["reported", "missing"] and out["known_lo"].tolist() == [17.0, 5.0]


def test_summed_draws_as_the_groupby_over_long_draws():
    rng = np.random.default_rng(3)
    keys = pd.MultiIndex.from_product(
        [["AAA", "BBB", "CCC", "XXX"], [2015, 2016, 2017], ["victims_detected", "cases_investigated"], ["female", TOTAL], [TOTAL]], names=DRAW_COLUMNS[:5]
    ).to_frame(index=False)
    keys = keys.sample(frac=1.0, random_state=1).reset_index(drop=True)  # groups not contiguous
    values = rng.poisson(7.0, (len(keys), 50)).astype(float)
    values[5] = np.nan  # a member without an estimate: its group is unknown
    members = ["AAA", "BBB", "CCC"]  # XXX is not a member
    # the same rows; their order differs (the long draws' keys are categories in order of appearance)
    new = _summed_draws(Draws(keys, values), members).sort_values(KEYS, ignore_index=True)
    old = _simulated_sums(_long_draws(keys, values), members).sort_values(KEYS, ignore_index=True)
    pd.testing.assert_frame_equal(new, old, check_exact=True)
    assert new["estimate"].isna().sum() == 1
