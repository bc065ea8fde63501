"""The pandera contract of harmonised observations: the types of schemas/tables.yaml's
fact_observation (ctip.contracts) with the business rules of schemas/*.yaml on top.

Validation runs in two phases: intake has already parsed every cell (and recorded what it could
not parse); here pandera checks the typed columns, lazily, so every problem is reported at once.
Coercion is off on purpose: on pandas 3 it would hide other failures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ctip.contracts import PANDAS_DTYPES, key, pandera_schema, table
from ctip.region import member_codes
from ctip.schema import DIMENSIONS, load_schema

if TYPE_CHECKING:
    import pandera.pandas as pa

# The columns the contract checks: the key, the value and its flag (lineage is the stage's own).
CHECKED = (*key("fact_observation"), "value", "flag")

# Plain-language reasons for each check, keyed by the check's name.
REASONS = {
    "indicator_code": "the indicator is not one of the schema's codes",
    "country_in_region": "the country is not a member of the region (CMC)",
    "year_in_range": "the year is outside {first}–{last}",
    "value_non_negative": "a count cannot be negative",
    "suppressed_only_null": "a value is missing but the cell is not marked as suppressed",
}


def observation_schema() -> pa.DataFrameSchema:
    """The pandera schema for observations: the fact_observation contract's types, plus the business
    rules (member, year range, codes, value >= 0; a NULL value only when flagged suppressed)."""
    import pandera.pandas as pa  # imported when needed: a clean file never needs it (see `holds`)

    schema = load_schema()
    # Types and nullability from the fact_observation contract (schemas/tables.yaml); the business
    # rules below on top, for the CHECKED columns.
    contract = pandera_schema("fact_observation").columns
    checks = {
        "country_iso3": [pa.Check.isin(member_codes(), name="country_in_region", error="country_in_region")],
        "year": [pa.Check.in_range(schema.first_year, schema.last_year, name="year_in_range", error="year_in_range")],
        "indicator": [pa.Check.isin(list(schema.indicators), name="indicator_code", error="indicator_code")],
        **{d: [pa.Check.isin(schema.codes(d), name=f"{d}_code", error=f"{d}_code")] for d in DIMENSIONS},
        "value": [pa.Check.ge(0, name="value_non_negative", error="value_non_negative")],
        "flag": [],
    }
    assert tuple(checks) == CHECKED
    columns = {name: contract[name].set_checks(rules) for name, rules in checks.items()}
    return pa.DataFrameSchema(
        columns,
        checks=[
            pa.Check(
                lambda df: df["value"].notna() | (df["flag"] == "suppressed"),
                name="suppressed_only_null",
                error="suppressed_only_null",
            )
        ],
        strict=False,
        coerce=False,
    )


def _strings(col: pd.Series, nullable: bool) -> pd.Series | None:
    """The column's values if pandera's `str` column (coerce off) would accept them, else None."""
    if col.dtype == object:
        present = col.dropna()
        if not all(type(v) is str for v in present.tolist()):
            return None
    elif not isinstance(col.dtype, pd.StringDtype):
        return None
    if not nullable and col.isna().any():
        return None
    return col


def _typed(obs: pd.DataFrame) -> bool:
    """Whether the checked columns have the contract's dtypes and nullability, as pandera (coerce
    off) would see them: text as `str`, counts and years as Int64 (ctip.contracts.PANDAS_DTYPES)."""
    for column in table("fact_observation").columns.values():
        if column.name not in CHECKED:
            continue
        if column.name not in obs.columns:
            return False
        col, dtype = obs[column.name], PANDAS_DTYPES[column.type]
        if dtype is str:
            if _strings(col, column.nullable) is None:
                return False
        elif str(col.dtype) != dtype or (not column.nullable and col.isna().any()):
            return False
    return True


def holds(obs: pd.DataFrame) -> bool:
    """True only when `observation_schema()` would accept `obs`: the same rules, checked with plain
    vectorised pandas, without importing pandera (a third of `ctip check`'s start-up). Strict on
    purpose: anything unusual (another dtype, an element of another type) answers False, and the
    caller lets pandera decide and name the failures."""
    if not _typed(obs):
        return False
    schema = load_schema()
    allowed = {"country_iso3": member_codes(), "indicator": list(schema.indicators), **{d: schema.codes(d) for d in DIMENSIONS}}
    for name, codes in allowed.items():
        if not obs[name].isin(codes).all():
            return False
    year, value, flag = obs["year"], obs["value"], obs["flag"]
    if not year.between(schema.first_year, schema.last_year).all():
        return False
    if (value.dropna() < 0).any():
        return False
    return bool((value.notna() | (flag == "suppressed").fillna(False)).all())


# pandera's own names for its built-in checks (reported when a check is not named) and for its
# column properties: the column tells which of our checks, or which reason, is meant.
_BUILTIN = ("isin", "in_range", "greater_than_or_equal_to")
_NAMED_CHECK = {
    "country_iso3": "country_in_region",
    "year": "year_in_range",
    "indicator": "indicator_code",
    "value": "value_non_negative",
    **{d: f"{d}_code" for d in DIMENSIONS},
}
_MISSING = {
    "country_iso3": "the country is missing",
    "year": "the year is missing",
    "indicator": "the indicator is missing",
}


def reason_for(check: str, column: str | None = None) -> str:
    """The plain-language reason for a failed check; `column` (pandera's failure case column) lets
    pandera's own names — 'in_range', 'isin', 'not_nullable' — read plainly too."""
    schema = load_schema()
    if check in _BUILTIN and column in _NAMED_CHECK:
        check = _NAMED_CHECK[column]
    if check == "not_nullable" and column:
        return _MISSING.get(column, f"the {column} is missing")
    if check.endswith("_code") and check not in REASONS:
        return f"the {check.removesuffix('_code')} is not one of the schema's codes"
    return REASONS.get(check, check).format(first=schema.first_year, last=schema.last_year)
