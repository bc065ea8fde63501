"""The shared indicator schema, loaded from `schemas/*.yaml`.

This module is the only reader of the indicator and dimension files: the pandera model, the label
matcher, the submission template and the data dictionary all ask it, so they cannot drift apart.
The tables' contracts (schemas/tables.yaml) have their own reader, ctip.contracts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ctip.contracts import key
from ctip.paths import SCHEMAS_DIR
from ctip.yamlio import parse_yaml

LANGUAGES = ("en", "es", "fr", "nl")
DIMENSIONS = ("sex", "age_group", "exploitation", "citizenship")
KEY_COLUMNS = tuple(key("fact_observation"))  # schemas/tables.yaml: the country, year, indicator and DIMENSIONS


@dataclass(frozen=True)
class Indicator:
    code: str
    unit: str
    definition: str
    dimensions: tuple[str, ...]
    names: dict[str, str]
    synonyms: dict[str, tuple[str, ...]]
    sdmx_series: str | None = None
    glotip: str | None = None


@dataclass(frozen=True)
class DimensionCode:
    code: str
    names: dict[str, str]
    synonyms: dict[str, tuple[str, ...]]
    sdmx: str | None = None


@dataclass(frozen=True)
class Dimension:
    name: str
    names: dict[str, str]
    synonyms: dict[str, tuple[str, ...]]
    codes: dict[str, DimensionCode]


@dataclass(frozen=True)
class Compound:
    """A label that fixes several dimensions at once: 'girls' is female and child."""

    name: str
    sets: dict[str, str]
    synonyms: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Schema:
    indicators: dict[str, Indicator]
    dimensions: dict[str, Dimension]
    compounds: dict[str, Compound]
    not_indicators: dict[str, tuple[str, ...]]
    markers: dict[str, tuple[str, ...]]
    first_year: int
    source_dir: Path = field(compare=False)
    # Codes by role (dimensions.yaml `roles`, indicators.yaml `roles`): code that needs "the total
    # code" or "the headline indicator" asks for the role and never writes the code itself.
    code_roles: dict[str, str] = field(default_factory=dict)
    indicator_roles: dict[str, object] = field(default_factory=dict)
    country_year_columns: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def last_year(self) -> int:
        return dt.date.today().year

    def codes(self, dimension: str) -> tuple[str, ...]:
        return tuple(self.dimensions[dimension].codes)

    def code(self, role: str) -> str:
        """The dimension code of a role (`total`, `unknown`, `other`, `national`, `foreign`)."""
        return self.code_roles[role]

    @property
    def total_code(self) -> str:
        """The code of a dimension not broken down (every dimension has it)."""
        return self.code_roles["total"]

    def role(self, name: str):
        """An indicator role: `headline`, `hidden` (a code), `chain` (codes in order), `breakdowns`
        ({indicator: {dimension: (part codes)}})."""
        return self.indicator_roles[name]

    @property
    def total_cell(self) -> dict[str, str]:
        """Every dimension at its total code: the cell of an indicator's total."""
        return {d: self.total_code for d in DIMENSIONS}

    def applies(self, indicator: str, dimension: str) -> bool:
        """Whether an indicator is broken down by a dimension (else the dimension is always `total`)."""
        return dimension in self.indicators[indicator].dimensions


def _tuple_map(raw: dict | None) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(str(s) for s in (raw or {}).get(lang, [])) for lang in LANGUAGES}


@lru_cache(maxsize=4)
def load_schema(directory: Path | None = None) -> Schema:
    directory = Path(directory or SCHEMAS_DIR)
    ind = parse_yaml((directory / "indicators.yaml").read_text(encoding="utf-8"))
    dim = parse_yaml((directory / "dimensions.yaml").read_text(encoding="utf-8"))
    indicators = {
        code: Indicator(
            code=code,
            unit=spec["unit"],
            definition=" ".join(spec["definition"].split()),
            dimensions=tuple(spec.get("dimensions", [])),
            names=dict(spec["names"]),
            synonyms=_tuple_map(spec.get("synonyms")),
            sdmx_series=spec.get("sdmx_series"),
            glotip=spec.get("glotip"),
        )
        for code, spec in ind["indicators"].items()
    }
    dimensions = {
        name: Dimension(
            name=name,
            names=dict(spec["names"]),
            synonyms=_tuple_map(spec.get("synonyms")),
            codes={
                code: DimensionCode(code, dict(c["names"]), _tuple_map(c.get("synonyms")), c.get("sdmx"))
                for code, c in spec["codes"].items()
            },
        )
        for name, spec in dim["dimensions"].items()
    }
    compounds = {
        name: Compound(name, dict(spec["set"]), _tuple_map(spec.get("synonyms")))
        for name, spec in dim.get("compounds", {}).items()
    }
    code_roles = {role: str(code) for role, code in dim["roles"].items()}
    for role, code in code_roles.items():
        if not any(code in d.codes for d in dimensions.values()):
            raise ValueError(f"dimensions.yaml roles: {role} is {code!r}, a code of no dimension")
    for d in dimensions.values():
        if code_roles["total"] not in d.codes:
            raise ValueError(f"dimensions.yaml: dimension {d.name} has no {code_roles['total']!r} code")
    country_year_columns = {col: {str(d): str(c) for d, c in cell.items()}
                            for col, cell in dim["country_year_columns"].items()}
    roles = ind["roles"]
    indicator_roles: dict[str, object] = {
        "headline": str(roles["headline"]),
        "hidden": str(roles["hidden"]),
        "chain": tuple(str(i) for i in roles["chain"]),
        "breakdowns": {ind_code: {d: tuple(str(c) for c in parts) for d, parts in fams.items()}
                       for ind_code, fams in roles["breakdowns"].items()},
    }
    for ind_code in (indicator_roles["headline"], indicator_roles["hidden"], *indicator_roles["chain"],
                     *indicator_roles["breakdowns"]):
        if ind_code not in indicators:
            raise ValueError(f"indicators.yaml roles: {ind_code!r} is not an indicator")
    return Schema(
        indicators=indicators,
        dimensions=dimensions,
        compounds=compounds,
        not_indicators=_tuple_map(ind.get("not_indicators")),
        markers={k: tuple(str(v) for v in vals) for k, vals in dim["markers"].items()},
        first_year=int(dim["years"]["first"]),
        source_dir=directory,
        code_roles=code_roles,
        indicator_roles=indicator_roles,
        country_year_columns=country_year_columns,
    )
