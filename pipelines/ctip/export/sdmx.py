"""SDG indicator 16.2.2 as SDMX-CSV, and its validation against the SDG DSD's code lists.

Format: SDMX-CSV 2.0 (the SDMX 3.0 CSV data message). The first three columns identify the
structure: `STRUCTURE` = `datastructure`, `STRUCTURE_ID` = `IAEG-SDGs:SDG(1.4)` (the DSD
itself: the 1.4 structure file defines no dataflow, and a dataflow id would be invented), and
`ACTION` = `I` (information). Then every dimension of the DSD in the DSD's order (FREQ,
REPORTING_TYPE, SERIES, REF_AREA, SEX, AGE, the nine dimensions 16.2.2 does not break down by
at `_T`, TIME_PERIOD), the measure OBS_VALUE and the attributes used, in the DSD's order.

Content, from the *public* (suppressed) tables only:

* SERIES: VC_HTF_DETV (all forms), VC_HTF_DETVSX / VC_HTF_DETVFL / VC_HTF_DETVOP (the form of
  exploitation is in the series code, from schemas/dimensions.yaml); REF_AREA: the member's
  UN M49 code; SEX F/M/_T/_U; AGE Y0T17/Y_GE18/_T/_U; REPORTING_TYPE N; FREQ A; UNIT_MULT 0.
  Only citizenship `total` (the DSD has no citizenship dimension).
* A reported value: NATURE C, OBS_STATUS A. A withheld value (small count or complementary
  suppression): OBS_VALUE empty, OBS_STATUS Q ("missing value; suppressed"), NATURE C.
  Where no reported value is published but mart_estimates publishes an estimate (nature E or
  M), the estimate is given instead, with OBS_STATUS E, LOWER_BOUND/UPPER_BOUND (95%) and the
  method in COMMENT_OBS. A withheld estimate (no reported value published either) is a row too:
  OBS_VALUE empty, OBS_STATUS Q, its NATURE (E or M), so "withheld" is told from "no row".
* Per 100,000 population (UNIT_MEASURE PER_100000_POP): VC_HTF_DETVR, VC_HTF_DETVSXR,
  VC_HTF_DETVFLR, VC_HTF_DETVOPR, for SEX _T and AGE _T only (the warehouse holds total
  population only), from the count above and ref_population. These codes are not in the 1.4
  code list: they are validated against schemas/sdmx/extension_codes.csv (see SOURCE.md there).
* Regional rows are not exported: the CMC region is not an M49 area (it spans the Caribbean,
  Belize, Guyana and Suriname), so no REF_AREA code fits it."""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ctip.export.holdback_words import held_back_flag, held_back_words
from ctip.export.public_csv import write_csv
from ctip.export.suppression import TOTAL, WITHHELD_NOTE
from ctip.paths import SCHEMAS_DIR
from ctip.safety import is_formula_like
from ctip.schema import load_schema

SDMX_DIR = SCHEMAS_DIR / "sdmx"
STRUCTURE_COLUMNS = ("STRUCTURE", "STRUCTURE_ID", "ACTION")
STRUCTURE = "datastructure"
ACTIONS = ("I", "A", "R", "D")
# Attributes the export fills, in the DSD's order (see dsd_components.csv).
ATTRIBUTES = ("OBS_STATUS", "UNIT_MULT", "UNIT_MEASURE", "NATURE", "COMMENT_OBS", "UPPER_BOUND", "LOWER_BOUND")
NO_BREAKDOWN = "_T"
STATUS_NORMAL, STATUS_SUPPRESSED, STATUS_ESTIMATED = "A", "Q", "E"
WITHHELD_COMMENT = "withheld: a count from 1 to 4, or a complementary cell"
WITHHELD_ESTIMATE_COMMENT = "withheld: an estimate computed from a withheld count, or one that would let it be derived"
MISSING_STATUSES = ("Q", "O", "M", "L", "H")  # OBS_STATUS codes that allow an empty OBS_VALUE


@dataclass(frozen=True)
class Structure:
    dsd: str
    components: pd.DataFrame  # dsd_components.csv
    codes: dict[str, set[str]]  # codelist -> codes (1.4 lists + extension)
    extension: dict[str, set[str]]  # codelist -> codes not in 1.4
    series_units: dict[str, str]
    rate_of: dict[str, str]  # rate series -> its count series

    @property
    def dimensions(self) -> list[str]:
        c = self.components
        return c[c["kind"] == "dimension"].sort_values("position")["component"].tolist()

    @property
    def time_dimension(self) -> str:
        return self.components.loc[self.components["kind"] == "time", "component"].iloc[0]

    @property
    def measure(self) -> str:
        return self.components.loc[self.components["kind"] == "measure", "component"].iloc[0]

    def attributes(self) -> list[str]:
        c = self.components
        return c[c["kind"] == "attribute"].sort_values("position")["component"].tolist()

    def codelist(self, component: str) -> str | None:
        return self.codelists.get(component)

    @property
    def codelists(self) -> dict[str, str]:
        c = self.components
        return {comp: cl for comp, cl in zip(c["component"], c["codelist"]) if cl}

    def columns(self) -> list[str]:
        attributes = [a for a in self.attributes() if a in ATTRIBUTES]
        return [*STRUCTURE_COLUMNS, *self.dimensions, self.time_dimension, self.measure, *attributes]


@lru_cache(maxsize=2)
def load_structure(directory: Path | None = None) -> Structure:
    """The DSD's components, code lists (1.4 plus our extension codes) and series units, read from the
    small CSV files under schemas/sdmx/ (see sdmx_structures), never from the DSD's XML."""
    directory = Path(directory or SDMX_DIR)
    read = lambda name: pd.read_csv(directory / name, dtype=str, keep_default_na=False)  # noqa: E731
    components = read("dsd_components.csv")
    components["position"] = components["position"].astype(int)
    codes: dict[str, set[str]] = {}
    for row in read("codelists.csv").itertuples(index=False):
        codes.setdefault(row.codelist, set()).add(row.code)
    extension: dict[str, set[str]] = {}
    for row in read("extension_codes.csv").itertuples(index=False):
        extension.setdefault(row.codelist, set()).add(row.code)
        codes.setdefault(row.codelist, set()).add(row.code)
    units = read("series_units.csv")
    return Structure(
        dsd=components["dsd"].iloc[0],
        components=components,
        codes=codes,
        extension=extension,
        series_units=dict(zip(units["series"], units["unit_measure"])),
        rate_of={r: c for r, c in zip(units["series"], units["count_series"]) if c},
    )


# --------------------------------------------------------------------------------------------
# Building the file
# --------------------------------------------------------------------------------------------


def _number(x: float | int | None, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return ""
    x = float(x)
    if x.is_integer():
        return str(int(x))
    return f"{round(x, digits):.{digits}f}".rstrip("0").rstrip(".")


def _series_map() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    schema = load_schema()
    indicator = {code: i.sdmx_series for code, i in schema.indicators.items() if i.sdmx_series}
    sdmx = lambda dim: {code: c.sdmx for code, c in schema.dimensions[dim].codes.items() if c.sdmx}  # noqa: E731
    return indicator, sdmx("exploitation"), sdmx("sex"), sdmx("age_group")


def build_sdmx(public: dict[str, pd.DataFrame], structure: Structure | None = None) -> pd.DataFrame:
    """The 16.2.2 observations of the public tables, one row per SDMX key, in SDMX-CSV columns."""
    structure = structure or load_structure()
    indicator_series, expl_series, sex_codes, age_codes = _series_map()
    m49 = dict(zip(public["dim_country"]["country_iso3"], public["dim_country"]["m49"].astype(int).astype(str)))
    fact = public["fact_observation"]
    scope = fact[
        fact["indicator"].isin(indicator_series)
        & fact["citizenship"].eq(TOTAL)
        & fact["sex"].isin(sex_codes)
        & fact["age_group"].isin(age_codes)
        & fact["exploitation"].isin(expl_series)
        & fact["country_iso3"].isin(m49)
    ]
    keys = ["country_iso3", "year", "indicator", "sex", "age_group", "exploitation"]
    obs: dict[tuple, dict] = {}
    # A revision held back (ctip.export.holdback): the previous release's figure, said so.
    held_flag, held_comment = held_back_flag(), held_back_words()["sdmx_comment"]
    for row in scope.itertuples(index=False):
        value = None if pd.isna(row.value) else int(row.value)
        obs[tuple(getattr(row, k) for k in keys)] = {
            "value": value,
            "status": STATUS_NORMAL if value is not None else STATUS_SUPPRESSED,
            "nature": "C",
            "lower": None,
            "upper": None,
            "comment": held_comment if isinstance(row.flag, str) and row.flag == held_flag else ("" if value is not None else WITHHELD_COMMENT),
        }
    estimates = public.get("mart_estimates")
    if estimates is not None and len(estimates):
        est = estimates[
            estimates["indicator"].isin(indicator_series)
            & estimates["citizenship"].eq(TOTAL)
            & estimates["sex"].isin(sex_codes)
            & estimates["age_group"].isin(age_codes)
            & estimates["exploitation"].isin(expl_series)
            & estimates["country_iso3"].isin(m49)
            & estimates["nature"].isin(["E", "M"])
        ]
        withheld_notes = {WITHHELD_NOTE, held_back_words()["estimate_note"]}
        for row in est.itertuples(index=False):
            key = tuple(getattr(row, k) for k in keys)
            if key in obs and obs[key]["value"] is not None:
                continue  # a published reported value wins
            if pd.isna(row.estimate):
                # A withheld estimate is a row with OBS_STATUS Q and no value, as the data
                # dictionary says, not a missing row (attack3 H-K); an estimate that was never
                # made (no note saying it is withheld) has no row.
                note = getattr(row, "note", None)
                if key not in obs and isinstance(note, str) and note in withheld_notes:
                    obs[key] = {
                        "value": None,
                        "status": STATUS_SUPPRESSED,
                        "nature": row.nature,
                        "lower": None,
                        "upper": None,
                        "comment": WITHHELD_ESTIMATE_COMMENT,
                    }
                continue
            obs[key] = {
                "value": float(row.estimate),
                "status": STATUS_ESTIMATED,
                "nature": row.nature,
                "lower": None if pd.isna(row.lower_95) else float(row.lower_95),
                "upper": None if pd.isna(row.upper_95) else float(row.upper_95),
                "comment": str(row.method) if pd.notna(row.method) else "",
            }
    pop = public.get("ref_population")
    population = {}
    if pop is not None and len(pop):
        population = {(i, int(y)): float(p) for i, y, p in zip(pop["iso3"], pop["year"], pop["population"]) if pd.notna(p)}
    count_to_rate = {c: r for r, c in structure.rate_of.items()}
    rows = []
    for (iso3, year, indicator, sex, age, expl), o in obs.items():
        series = indicator_series[indicator] if expl == TOTAL else expl_series[expl]
        base = {
            "REF_AREA": m49[iso3],
            "SEX": sex_codes[sex],
            "AGE": age_codes[age],
            "TIME_PERIOD": str(int(year)),
            "NATURE": o["nature"],
            "OBS_STATUS": o["status"],
            "COMMENT_OBS": o["comment"],
        }
        rows.append(
            {
                **base,
                "SERIES": series,
                "UNIT_MEASURE": structure.series_units[series],
                "OBS_VALUE": o["value"],
                "LOWER_BOUND": o["lower"],
                "UPPER_BOUND": o["upper"],
            }
        )
        rate_series = count_to_rate.get(series)
        p = population.get((iso3, int(year)))
        if rate_series and sex == TOTAL and age == TOTAL and p and p > 0:
            per = lambda x: None if x is None else x * 100000.0 / p  # noqa: E731
            rows.append(
                {
                    **base,
                    "SERIES": rate_series,
                    "UNIT_MEASURE": structure.series_units[rate_series],
                    "OBS_VALUE": per(o["value"]),
                    "LOWER_BOUND": per(o["lower"]),
                    "UPPER_BOUND": per(o["upper"]),
                }
            )
    frame = pd.DataFrame(rows)
    columns = structure.columns()
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["STRUCTURE"] = STRUCTURE
    frame["STRUCTURE_ID"] = structure.dsd
    frame["ACTION"] = "I"
    frame["FREQ"] = "A"
    frame["REPORTING_TYPE"] = "N"
    frame["UNIT_MULT"] = "0"
    for dim in structure.dimensions:
        if dim not in frame.columns:
            frame[dim] = NO_BREAKDOWN
    for col in ("OBS_VALUE", "LOWER_BOUND", "UPPER_BOUND"):
        frame[col] = frame[col].map(_number)
    frame = frame.sort_values(["SERIES", "REF_AREA", "SEX", "AGE", "TIME_PERIOD"], key=lambda s: s.astype(str))
    return frame[columns].astype("string").fillna("").reset_index(drop=True)


def write_sdmx_csv(frame: pd.DataFrame, path: Path) -> Path:
    """The SDMX-CSV file at `path`, through the formula-safe CSV writer (the bytes of ctip.safety.write_csv)."""
    return write_csv(frame, path)


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
_YEAR = re.compile(r"^\d{4}$")


def validate_sdmx_csv(path: Path, structure: Structure | None = None, max_problems: int = 200, known_valid: Path | None = None) -> list[str]:
    """Problems of an SDMX-CSV 2.0 file for 16.2.2 (empty list: valid): header and column order,
    structure reference, code of every coded component against the DSD 1.4 code lists plus
    schemas/sdmx/extension_codes.csv, mandatory attributes present, numbers numeric, TIME_PERIOD
    a year for FREQ A, OBS_VALUE empty only with a missing-value OBS_STATUS (Q), bounds around
    the value, the unit that goes with the series, unique keys, and no cell a spreadsheet would
    run as a formula.

    known_valid: a file this validator, with this structure, found valid (the previous export).
    Every check but the unique keys looks at one row alone, so a row found there under the same
    header is valid here too: only the other rows are checked one by one (keys: all rows)."""
    structure = structure or load_structure()
    problems: list[str] = []

    def problem(text: str) -> None:
        if len(problems) < max_problems:
            problems.append(text)

    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            return ["empty file: no header row"]
        rows = list(reader)
    valid_rows = _rows_of(known_valid, header) if known_valid is not None else set()
    dims = structure.dimensions
    known = set(structure.components["component"])
    if tuple(header[:3]) != STRUCTURE_COLUMNS:
        problem(f"header: the first columns must be {', '.join(STRUCTURE_COLUMNS)} (SDMX-CSV 2.0), found {', '.join(header[:3])}")
    components = header[3:]
    for c in components:
        if c not in known:
            problem(f"header: column {c!r} is not a component of {structure.dsd}")
    for d in [*dims, structure.time_dimension]:
        if d not in components:
            problem(f"header: dimension {d} is missing")
    order = {c: int(p) for c, p in zip(structure.components["component"], structure.components["position"])}
    kinds = dict(zip(structure.components["component"], structure.components["kind"]))
    rank = {"dimension": 0, "time": 1, "measure": 2, "attribute": 3}
    present = [c for c in components if c in order]
    if present != sorted(present, key=lambda c: (rank[kinds[c]], order[c])):
        problem("header: columns are not in the DSD's order (dimensions, TIME_PERIOD, OBS_VALUE, attributes)")
    if len(set(header)) != len(header):
        problem("header: a column appears twice")
    mandatory = structure.components[(structure.components["kind"] == "attribute") & (structure.components["assignment"] == "Mandatory")]["component"].tolist()
    for a in mandatory:
        if a not in components:
            problem(f"header: mandatory attribute {a} is missing")
    col = {c: i for i, c in enumerate(header)}
    codelists = structure.codelists
    time_dim, measure = structure.time_dimension, structure.measure
    key_columns = [*dims, time_dim]
    seen: dict[tuple, int] = {}
    key_index = [col.get(d) for d in key_columns]
    for n, row in enumerate(rows, start=2):
        if valid_rows and tuple(row) in valid_rows:
            key = tuple(row[i] if i is not None else "" for i in key_index)
            if key in seen:
                problem(f"line {n}: the same key as line {seen[key]} ({'.'.join(key)})")
            else:
                seen[key] = n
            continue
        if len(row) != len(header):
            problem(f"line {n}: {len(row)} fields, the header has {len(header)}")
            continue
        get = lambda c: row[col[c]] if c in col else ""  # noqa: E731
        for i, cell in enumerate(row):
            if is_formula_like(cell):
                problem(f"line {n}: {header[i]} {cell!r} starts like a spreadsheet formula")
        if get("STRUCTURE") != STRUCTURE:
            problem(f"line {n}: STRUCTURE must be {STRUCTURE!r}, found {get('STRUCTURE')!r}")
        if get("STRUCTURE_ID") != structure.dsd:
            problem(f"line {n}: STRUCTURE_ID must be {structure.dsd!r}, found {get('STRUCTURE_ID')!r}")
        if "ACTION" in col and get("ACTION") not in ACTIONS:
            problem(f"line {n}: ACTION {get('ACTION')!r} is not one of {', '.join(ACTIONS)}")
        for component in components:
            if component not in order:
                continue
            value = get(component)
            codelist = codelists.get(component)
            if component in key_columns:
                if value == "":
                    problem(f"line {n}: dimension {component} is empty")
                    continue
            if codelist and value != "" and value not in structure.codes.get(codelist, set()):
                problem(f"line {n}: {component} {value!r} is not in {codelist}")
        for a in mandatory:
            if a in col and get(a) == "":
                problem(f"line {n}: mandatory attribute {a} is empty")
        if get("FREQ") == "A" and not _YEAR.match(get(time_dim)):
            problem(f"line {n}: TIME_PERIOD {get(time_dim)!r} is not a year (FREQ A)")
        value = get(measure)
        for c in (measure, "LOWER_BOUND", "UPPER_BOUND"):
            if get(c) != "" and not _NUMBER.match(get(c)):
                problem(f"line {n}: {c} {get(c)!r} is not a number")
        if value == "" and get("OBS_STATUS") not in MISSING_STATUSES:
            problem(f"line {n}: OBS_VALUE is empty but OBS_STATUS is {get('OBS_STATUS')!r}, not a missing-value status (Q)")
        if value != "" and get("OBS_STATUS") in MISSING_STATUSES:
            problem(f"line {n}: OBS_STATUS {get('OBS_STATUS')} (missing value) but OBS_VALUE is {value!r}")
        if value and _NUMBER.match(value):
            v = float(value)
            if v < 0:
                problem(f"line {n}: OBS_VALUE {value} is negative")
            lo, hi = get("LOWER_BOUND"), get("UPPER_BOUND")
            if lo and _NUMBER.match(lo) and float(lo) > v + 1e-9:
                problem(f"line {n}: LOWER_BOUND {lo} is above OBS_VALUE {value}")
            if hi and _NUMBER.match(hi) and float(hi) < v - 1e-9:
                problem(f"line {n}: UPPER_BOUND {hi} is below OBS_VALUE {value}")
        series = get("SERIES")
        unit = structure.series_units.get(series)
        if unit and get("UNIT_MEASURE") and get("UNIT_MEASURE") != unit:
            problem(f"line {n}: SERIES {series} is measured in {unit}, found UNIT_MEASURE {get('UNIT_MEASURE')}")
        if series and not unit and series in structure.codes.get("CL_SERIES", set()):
            problem(f"line {n}: SERIES {series} has no unit in schemas/sdmx/series_units.csv")
        key = tuple(get(d) for d in key_columns)
        if key in seen:
            problem(f"line {n}: the same key as line {seen[key]} ({'.'.join(key)})")
        else:
            seen[key] = n
    return problems


def _rows_of(path: Path, header: list[str]) -> set[tuple[str, ...]]:
    """The rows of a CSV file with this header (nothing if unreadable or another header)."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            if next(reader, None) != header:
                return set()
            return {tuple(row) for row in reader if len(row) == len(header)}
    except (OSError, UnicodeDecodeError, csv.Error):
        return set()
