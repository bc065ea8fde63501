"""The pandera contract of harmonised observations, generated from schemas/*.yaml.

Validation runs in two phases: intake has already parsed every cell (and recorded what it could
not parse); here pandera checks the typed columns, lazily, so every problem is reported at once.
Coercion is off on purpose: on pandas 3 it would hide other failures."""

from __future__ import annotations

import pandera.pandas as pa

from ctip.region import member_codes
from ctip.schema import DIMENSIONS, load_schema

# Plain-language reasons for each check, keyed by the check's name.
REASONS = {
    "indicator_code": "the indicator is not one of the schema's codes",
    "country_in_region": "the country is not a member of the region (CMC)",
    "year_in_range": "the year is outside {first}–{last}",
    "value_non_negative": "a count cannot be negative",
    "suppressed_only_null": "a value is missing but the cell is not marked as suppressed",
}


def observation_schema() -> pa.DataFrameSchema:
    schema = load_schema()
    columns = {
        "country_iso3": pa.Column(str, pa.Check.isin(member_codes(), name="country_in_region", error="country_in_region")),
        "year": pa.Column(
            "Int64", pa.Check.in_range(schema.first_year, schema.last_year, name="year_in_range", error="year_in_range"), nullable=False
        ),
        "indicator": pa.Column(str, pa.Check.isin(list(schema.indicators), name="indicator_code", error="indicator_code")),
        **{d: pa.Column(str, pa.Check.isin(schema.codes(d), name=f"{d}_code", error=f"{d}_code")) for d in DIMENSIONS},
        "value": pa.Column("Int64", pa.Check.ge(0, name="value_non_negative", error="value_non_negative"), nullable=True),
        "flag": pa.Column(str, nullable=True),
    }
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


def reason_for(check: str) -> str:
    schema = load_schema()
    if check.endswith("_code") and check not in REASONS:
        return f"the {check.removesuffix('_code')} is not one of the schema's codes"
    return REASONS.get(check, check).format(first=schema.first_year, last=schema.last_year)
