"""Validation rules: totals against their parts, duplicate keys, and plain reasons for the contract.

The vectorised `flag_inconsistent_totals` is compared with a row-by-row reference on seeded random
frames; the reference is the rule as written in the docs, not the code."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ctip.harmonise.observations import OBSERVATION_COLUMNS, QUARANTINE_COLUMNS
from ctip.schema import DIMENSIONS, KEY_COLUMNS, load_schema
from ctip.validate.observation_schema import observation_schema, reason_for
from ctip.validate.rules import (
    INCONSISTENT,
    MAX_CELLS_LISTED,
    check_contract,
    check_duplicates,
    flag_inconsistent_totals,
    validate_observations,
)


def _frame(rows: list[dict]) -> pd.DataFrame:
    base = {
        "country_iso3": "TTO",
        "year": 2019,
        "indicator": "victims_detected",
        **{d: "total" for d in DIMENSIONS},
        "value": None,
        "flag": None,
        "submission_id": "sub1",
        "source_file": "TTO/2019.xlsx",
        "source_sheet": "Victims",
    }
    df = pd.DataFrame([{**base, "source_cell": f"B{i + 2}", **r} for i, r in enumerate(rows)], columns=OBSERVATION_COLUMNS)
    df["value"] = df["value"].astype("Int64")
    df["year"] = pd.to_numeric(df["year"], errors="coerce").astype("Int64")
    return df


def _random_frame(rng: np.random.Generator, n: int, missing_keys: bool = False) -> pd.DataFrame:
    def pick(options):
        return [options[i] for i in rng.integers(0, len(options), n)]

    suppressed = rng.random(n) < 0.2
    values = rng.integers(0, 15, n).astype(object)
    values[suppressed] = None
    df = pd.DataFrame(
        {
            "country_iso3": pick(["TTO", "JAM"]),
            "year": pick([2019, 2020]),
            "indicator": pick(["victims_detected", "persons_prosecuted"]),
            "sex": pick(["total", "female", "male"]),
            "age_group": pick(["total", "adult", "child"]),
            "exploitation": pick(["total", "sexual", "labour"]),
            "citizenship": pick(["total", "national"]),
            "value": pd.array(values, dtype="Int64"),
            "flag": np.where(suppressed, "suppressed", None),
            "submission_id": "sub1",
            "source_file": "f.xlsx",
            "source_sheet": "S",
            "source_cell": [f"B{i + 2}" for i in range(n)],
        }
    )[OBSERVATION_COLUMNS]
    df["year"] = df["year"].astype("Int64")
    if missing_keys:
        for col in ("sex", "year", "indicator"):
            df.loc[rng.random(n) < 0.05, col] = pd.NA if col == "year" else None
    return df


def _reference_flags(obs: pd.DataFrame) -> list:
    """Row by row: along each dimension (and each pair of dimensions), the rows sharing every other
    key column are a total and its parts; if a total with a value is smaller than its parts (a suppressed part counts as 0,
    the lowest value of UNODC's `<5`),
    that total and every row of the group with a value are flagged. A missing key joins no group."""
    rows = obs.to_dict("records")
    missing = [{c for c in KEY_COLUMNS if pd.isna(r[c])} for r in rows]
    flagged = set()
    # along one dimension, and along two at once (the cells broken down by both are parts too)
    breakdowns = [(d,) for d in DIMENSIONS] + [(a, b) for i, a in enumerate(DIMENSIONS) for b in DIMENSIONS[i + 1 :]]
    for dims in breakdowns:
        others = [c for c in KEY_COLUMNS if c not in dims]
        for i, total in enumerate(rows):
            # a `<5` total holds at most 4 (the default range of a suppressed count)
            ceiling = 4 if pd.isna(total["value"]) and total["flag"] == "suppressed" else total["value"]
            if any(total[d] != "total" for d in dims) or pd.isna(ceiling) or missing[i] & set(others):
                continue
            group = [j for j, r in enumerate(rows) if not missing[j] & set(others) and all(r[c] == total[c] for c in others)]
            parts = [j for j in group if all(rows[j][d] != "total" for d in dims)]
            if parts and sum(0 if pd.isna(rows[j]["value"]) else rows[j]["value"] for j in parts) > ceiling:
                flagged.update(j for j in group if not pd.isna(rows[j]["value"]))
    return [INCONSISTENT if i in flagged else r["flag"] for i, r in enumerate(rows)]


def _flags(df: pd.DataFrame) -> list:
    return [None if pd.isna(f) else f for f in df["flag"]]


# --- totals against parts ---------------------------------------------------------------------


def test_tto_2019_adult_above_total_flags_both():
    obs = _frame(
        [
            {"value": 7},
            {"age_group": "adult", "value": 8},
            {"age_group": "child", "value": None, "flag": "suppressed"},
            {"sex": "female", "value": 3},
            {"sex": "male", "value": 4},
        ]
    )
    good, quarantine = validate_observations(obs)
    assert quarantine.empty
    assert _flags(good) == [INCONSISTENT, INCONSISTENT, "suppressed", None, None]


def test_consistent_totals_are_left_alone():
    obs = _frame(
        [
            {"value": 10},
            {"sex": "female", "value": 4},
            {"sex": "male", "value": None, "flag": "suppressed"},
            {"age_group": "adult", "value": 9},
        ]
    )
    assert _flags(flag_inconsistent_totals(obs)) == [None, None, "suppressed", None]


def test_a_suppressed_part_may_be_zero():
    """Cuba 2012 in GLOTIP: female 13, male `<5`, total 13 is consistent (the `<5` is 0)."""
    obs = _frame(
        [
            {"value": 13},
            {"sex": "female", "value": 13},
            {"sex": "male", "value": None, "flag": "suppressed"},
        ]
    )
    assert _flags(flag_inconsistent_totals(obs)) == [None, None, "suppressed"]
    above = _frame([{"value": 12}, {"sex": "female", "value": 13}, {"sex": "male", "value": None, "flag": "suppressed"}])
    assert _flags(flag_inconsistent_totals(above)) == [INCONSISTENT, INCONSISTENT, "suppressed"]


def test_a_suppressed_total_below_its_reported_parts():
    """attack5 J-H: KNA female 7, male `<5`, total `<5`: a `<5` total holds at most 4, so a part of
    7 contradicts it; GUY 2010 in GLOTIP: total `<5`, female 5. A part of 4 does not."""
    obs = _frame(
        [
            {"value": None, "flag": "suppressed"},
            {"sex": "female", "value": 7},
            {"sex": "male", "value": None, "flag": "suppressed"},
        ]
    )
    assert _flags(flag_inconsistent_totals(obs)) == ["suppressed", INCONSISTENT, "suppressed"]
    five = _frame([{"value": None, "flag": "suppressed"}, {"sex": "female", "value": 5}])
    assert _flags(flag_inconsistent_totals(five)) == ["suppressed", INCONSISTENT]
    four = _frame([{"value": None, "flag": "suppressed"}, {"sex": "female", "value": 4}])
    assert _flags(flag_inconsistent_totals(four)) == ["suppressed", None]
    # a total with no value and no `<5` flag says nothing
    unknown = _frame([{"value": None}, {"sex": "female", "value": 7}])
    assert _flags(flag_inconsistent_totals(unknown)) == [None, None]


def test_a_source_whose_suppressed_means_one_to_four(monkeypatch):
    """schemas/estimation.yaml `suppressed.by_source`: for TTO a `<5` is at least 1."""
    import ctip.validate.censoring as censoring

    monkeypatch.setattr(censoring, "suppressed_settings", lambda: ((0, 4), {"TTO": (1, 4)}))
    obs = _frame(
        [
            {"value": 4},
            {"sex": "female", "value": 4},
            {"sex": "male", "value": None, "flag": "suppressed"},
        ]
    )
    assert _flags(flag_inconsistent_totals(obs)) == [INCONSISTENT, INCONSISTENT, "suppressed"]
    other = obs.assign(country_iso3="JAM", source_file="JAM/2019.xlsx")
    assert _flags(flag_inconsistent_totals(other)) == [None, None, "suppressed"]


def test_no_totals_or_no_parts_and_empty_frame():
    only_parts = _frame([{"sex": "female", "value": 4}, {"sex": "male", "value": 9}])
    assert _flags(flag_inconsistent_totals(only_parts)) == [None, None]
    only_total = _frame([{"value": 1}])
    assert _flags(flag_inconsistent_totals(only_total)) == [None]
    empty = _frame([]).iloc[0:0]
    assert flag_inconsistent_totals(empty).empty


def test_input_frame_is_not_modified():
    obs = _frame([{"value": 1}, {"sex": "female", "value": 5}])
    before = obs.copy()
    flag_inconsistent_totals(obs)
    pd.testing.assert_frame_equal(obs, before)


@pytest.mark.parametrize("seed", range(40))
def test_flags_match_reference_on_random_frames(seed):
    rng = np.random.default_rng(seed)
    obs = _random_frame(rng, int(rng.integers(1, 80)), missing_keys=seed % 4 == 3)
    if seed % 3 == 0:  # an index that is neither 0..n-1 nor sorted
        obs.index = rng.permutation(len(obs)) + 100
    got = flag_inconsistent_totals(obs)
    assert _flags(got) == [None if pd.isna(f) else f for f in _reference_flags(obs)]
    pd.testing.assert_frame_equal(got.drop(columns="flag"), obs.drop(columns="flag"))
    assert list(got.index) == list(obs.index)


# --- duplicate keys ---------------------------------------------------------------------------


def _reference_duplicates(obs: pd.DataFrame) -> tuple[list[int], list[int]]:
    """(kept positions, dropped positions): an identical repeat keeps the first; conflicting values
    drop the whole group."""
    keys = [tuple(r) for r in obs[list(KEY_COLUMNS)].astype("string").fillna("<NA>").itertuples(index=False)]
    values = ["<suppressed>" if pd.isna(v) else str(v) for v in obs["value"]]
    dropped = set()
    for i, k in enumerate(keys):
        group = [j for j, kk in enumerate(keys) if kk == k]
        if len(group) == 1:
            continue
        if len({values[j] for j in group}) == 1:
            dropped.update(group[1:])
        else:
            dropped.update(group)
    return [i for i in range(len(obs)) if i not in dropped], sorted(dropped)


@pytest.mark.parametrize("seed", range(20))
def test_duplicates_match_reference_on_random_frames(seed):
    rng = np.random.default_rng(1000 + seed)
    obs = _random_frame(rng, int(rng.integers(1, 60)))
    kept, dropped = _reference_duplicates(obs)
    good, quarantine = check_duplicates(obs)
    assert list(good.index) == list(obs.index[kept])
    assert sorted(quarantine["source_cell"]) == sorted(obs["source_cell"].iloc[dropped])
    assert list(quarantine.columns) == QUARANTINE_COLUMNS


def test_identical_repeat_keeps_the_first():
    obs = _frame([{"value": 5}, {"value": 5}, {"value": 5}])
    good, quarantine = check_duplicates(obs)
    assert list(good["source_cell"]) == ["B2"]
    assert list(quarantine["reason"]) == ["repeats the same figure given in Victims!B2"] * 2


def test_conflicting_values_name_a_few_cells_only():
    small = _frame([{"value": 5}, {"value": 6}])
    _, q = check_duplicates(small)
    assert list(q["reason"]) == ["the same figure is given with different values in Victims!B2, Victims!B3; none is stored"] * 2

    n = 200
    big = _frame([{"value": i} for i in range(n)])
    good, q = check_duplicates(big)
    assert good.empty and len(q) == n
    listed = ", ".join(f"Victims!B{i + 2}" for i in range(MAX_CELLS_LISTED))
    expected = f"the same figure is given with different values in {listed} and {n - MAX_CELLS_LISTED} more; none is stored"
    assert set(q["reason"]) == {expected}
    assert MAX_CELLS_LISTED <= 5


# --- the pandera contract: every failure reads plainly ----------------------------------------

_SCHEMA = load_schema()
_PLAIN = {
    "year_range": f"the year is outside {_SCHEMA.first_year}–{_SCHEMA.last_year} (got 1990)",
    "negative": "a count cannot be negative (got -3)",
    "indicator": "the indicator is not one of the schema's codes",
    "country": "the country is not a member of the region (CMC) (got FRA)",
    "suppressed_only_null": "a value is missing but the cell is not marked as suppressed",
    "year_missing": "the year is missing",
    "country_missing": "the country is missing",
    **{f"{d}_code": f"the {d} is not one of the schema's codes" for d in DIMENSIONS},
}
_BREAK = {
    "year_range": {"year": 1990},
    "negative": {"value": -3},
    "indicator": {"indicator": "victims_found"},
    "country": {"country_iso3": "FRA"},
    "suppressed_only_null": {"value": None, "flag": None},
    "year_missing": {"year": None},
    "country_missing": {"country_iso3": None},
    **{f"{d}_code": {d: "nonsense"} for d in DIMENSIONS},
}


@pytest.mark.parametrize("case", sorted(_PLAIN))
def test_each_contract_failure_has_its_plain_reason(case):
    obs = _frame([{"value": 3}, {"sex": "female", "value": 2, **_BREAK[case]}])
    good, quarantine = check_contract(obs)
    assert list(good["source_cell"]) == ["B2"]
    assert list(quarantine["reason"]) == [_PLAIN[case]]


def test_several_failures_in_one_row_are_listed_once_each():
    obs = _frame([{"value": -1, "year": 1990, "age_group": "elderly"}])
    _, quarantine = check_contract(obs)
    reasons = quarantine["reason"].iloc[0].split("; ")
    assert len(reasons) == len(set(reasons)) == 3


def test_every_schema_check_has_a_plain_reason():
    schema = observation_schema()
    named = [(col.checks, name) for name, col in schema.columns.items()] + [(schema.checks, None)]
    checks = [(check.name, column) for group, column in named for check in group]
    assert len(checks) >= 9
    for name, column in checks:
        reason = reason_for(name, column)
        assert reason != name and reason.startswith(("the ", "a ")), (name, reason)


@pytest.mark.parametrize(
    ("builtin", "column", "named"),
    [
        ("in_range", "year", "year_in_range"),
        ("isin", "country_iso3", "country_in_region"),
        ("isin", "indicator", "indicator_code"),
        ("isin", "exploitation", "exploitation_code"),
        ("greater_than_or_equal_to", "value", "value_non_negative"),
    ],
)
def test_pandera_builtin_names_read_as_our_checks(builtin, column, named):
    assert reason_for(builtin, column) == reason_for(named)
    assert builtin not in reason_for(builtin, column)


def test_reason_for_without_column_is_unchanged():
    assert reason_for("year_in_range") == f"the year is outside {_SCHEMA.first_year}–{_SCHEMA.last_year}"
    assert reason_for("sex_code") == "the sex is not one of the schema's codes"
    assert reason_for("something_else") == "something_else"


def test_parts_broken_down_by_two_dimensions_are_checked_against_the_total():
    """Finding G-J: female children 6 + female adults 6 beside a total of 10, no one-way female
    figure: the cells broken down by sex and age are parts of the total too."""
    obs = _frame([{"value": 10}, {"sex": "female", "age_group": "child", "value": 6}, {"sex": "female", "age_group": "adult", "value": 6}])
    assert _flags(flag_inconsistent_totals(obs)) == [INCONSISTENT] * 3
    fits = _frame([{"value": 20}, {"sex": "female", "age_group": "child", "value": 8}, {"sex": "female", "age_group": "adult", "value": 9}])
    assert _flags(flag_inconsistent_totals(fits)) == [None] * 3
