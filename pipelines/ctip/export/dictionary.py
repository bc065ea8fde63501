"""The data dictionary, generated from schemas/tables.yaml, indicators.yaml and dimensions.yaml
(through ctip.contracts and ctip.schema) and the SDMX structure files, so it cannot drift
from the tables it describes.

    python -m ctip.export.dictionary docs/data_dictionary.md"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from ctip import contracts
from ctip.export.suppression import SMALL, WITHHELD_FLAG, WITHHELD_NOTE
from ctip.schema import LANGUAGES, load_schema

SDMX_FILE = "sdg_16_2_2_sdmx.csv"
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "nl": "Dutch"}

# What the SDMX file puts in each column (the column set itself comes from the structure files).
SDMX_COLUMN_NOTES = {
    "STRUCTURE": "`datastructure`: the rows are defined by a data structure definition (SDMX-CSV 2.0).",
    "STRUCTURE_ID": "`IAEG-SDGs:SDG(1.4)`, the SDG data structure definition version 1.4.",
    "ACTION": "`I` (information).",
    "FREQ": "`A` (annual).",
    "REPORTING_TYPE": "`N` (national figures).",
    "SERIES": "VC_HTF_DETV (all forms of exploitation), VC_HTF_DETVSX (sexual), VC_HTF_DETVFL (forced labour), VC_HTF_DETVOP (other); per 100,000 population: the same codes ending in R (not in the 1.4 code list; schemas/sdmx/extension_codes.csv).",
    "REF_AREA": "UN M49 code of the member (dim_country.m49).",
    "SEX": "F, M, _T (total), _U (unknown).",
    "AGE": "Y0T17 (children), Y_GE18 (adults), _T (total), _U (unknown).",
    "TIME_PERIOD": "Reference year.",
    "OBS_VALUE": "The number of victims, or the rate per 100,000 population; empty when withheld.",
    "OBS_STATUS": "A normal value; Q withheld (small count or complementary suppression); E estimated.",
    "UNIT_MULT": "`0` (units).",
    "UNIT_MEASURE": "NUMBER for counts, PER_100000_POP for rates.",
    "NATURE": "C country data (reported); E estimated, M modelled (mart_estimates).",
    "COMMENT_OBS": "Why a value is withheld, or the estimation method.",
    "UPPER_BOUND": "Upper end of the 95% interval of an estimate.",
    "LOWER_BOUND": "Lower end of the 95% interval of an estimate.",
}


# Where a column means something narrower in the public exports than in the warehouse.
EXPORT_NOTES: dict[tuple[str, str], str] = {
    ("fact_observation", "value"): "Public exports: NULL also for complementary suppression.",
    ("fact_observation", "flag"): "Public exports: `suppressed` marks every withheld cell, small or complementary.",
    ("mart_country_year", "total_suppressed"): "Public exports: whether the total is withheld.",
    ("mart_country_year", "per_100k"): "Public exports: NULL when the total is withheld.",
    ("mart_coverage", "total_suppressed"): "Public exports: whether the total is withheld.",
    ("mart_regional_year", "n_countries_with_value"): "Public exports: members whose total is published.",
    ("mart_regional_year", "n_countries_suppressed"): "Public exports: members whose total is withheld.",
    ("mart_regional_year", "reported_sum"): "Public exports: sum of the published totals only.",
    ("mart_regional_year", "reported_sum_min"): "Public exports: reported_sum (a withheld small total may be 0).",
    ("mart_regional_year", "reported_sum_max"): "Public exports: reported_sum plus 4 per withheld total (NULL if a total was withheld as a complement).",
}


def _cell(text) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _table_section(spec: contracts.Table, exported: bool, public_files: bool = False) -> list[str]:
    name = spec.name
    lines = [f"### `{name}`", "", _cell(spec.description), ""]
    facts = [f"group: {spec.group}", f"public: {'yes' if spec.public else 'no (internal only)'}"]
    if spec.key:
        facts.append("key: " + ", ".join(f"`{k}`" for k in spec.key))
    if exported:
        facts.append(f"files: `{name}.csv`, `{name}.parquet`")
    lines += ["; ".join(facts), "", "| Column | Type | Description |", "|---|---|---|"]
    internal = set(spec.internal_columns)
    for col in spec.columns.values():
        desc = col.description
        if col.name in internal:
            if public_files:
                continue  # not in the public files
            desc = f"{desc} Internal only: not in the public exports (a file or sheet may be named after a person)."
        note = EXPORT_NOTES.get((name, col.name)) if spec.public else None
        kind = col.type if col.nullable else f"{col.type} not null"
        lines.append(f"| `{col.name}` | {kind} | {_cell(desc)}{' ' + _cell(note) if note else ''} |")
    return [*lines, ""]


def _sdmx_section() -> list[str]:
    from ctip.export.sdmx import load_structure

    structure = load_structure()
    names = dict(zip(structure.components["component"], structure.components["name"]))
    lines = [
        f"### `{SDMX_FILE}`",
        "",
        "SDG indicator 16.2.2 (detected victims of trafficking in persons) as SDMX-CSV 2.0 for the IAEG-SDGs "
        "SDG data structure definition 1.4, from the public (suppressed) tables. One row per series, member, "
        "sex, age and year; citizenship total only. Columns in the DSD's order.",
        "",
        "| Column | Description |",
        "|---|---|",
    ]
    for column in structure.columns():
        note = SDMX_COLUMN_NOTES.get(column, "`_T` (no breakdown).")
        title = names.get(column, "")
        lines.append(f"| `{column}` | {_cell((title + ': ' if title else '') + note)} |")
    return [*lines, ""]


def _codes_sections() -> list[str]:
    schema = load_schema()
    langs = " | ".join(LANGUAGE_NAMES.get(lang, lang) for lang in LANGUAGES)
    lines = [
        "## Codes",
        "",
        "### Indicators",
        "",
        f"| Code | Unit | {langs} | Dimensions | SDMX series | Definition |",
        "|---|---|" + "---|" * len(LANGUAGES) + "---|---|---|",
    ]
    for ind in schema.indicators.values():
        names = " | ".join(_cell(ind.names.get(lang, "")) for lang in LANGUAGES)
        lines.append(f"| `{ind.code}` | {ind.unit} | {names} | {', '.join(ind.dimensions) or '—'} | {ind.sdmx_series or '—'} | {_cell(ind.definition)} |")
    lines.append("")
    for dim in schema.dimensions.values():
        lines += [
            f"### Dimension `{dim.name}` ({_cell(dim.names.get('en', dim.name))})",
            "",
            f"| Code | {langs} | SDMX |",
            "|---|" + "---|" * len(LANGUAGES) + "---|",
        ]
        for code in dim.codes.values():
            names = " | ".join(_cell(code.names.get(lang, "")) for lang in LANGUAGES)
            lines.append(f"| `{code.code}` | {names} | {code.sdmx or '—'} |")
        lines.append("")
    return lines


DISCLOSURE = f"""## Disclosure control in the public exports

The public files never contain a count from {SMALL[0]} to {SMALL[1]}: such a cell is published with
`value` empty and `flag` = `{WITHHELD_FLAG}`. So is every *complementary* cell withheld so that a small
count cannot be worked out from a total and its other parts. Both carry the same flag on purpose: telling
them apart would narrow the small ones down. (In the internal warehouse, `{WITHHELD_FLAG}` means only a
count from 1 to 4 the source did not publish; the warehouse keeps every value it received.)

* fact_observation: along each dimension, a total and its parts form a relation (and across two or
  more dimensions at once: "girls, women, boys, men" add up to the total with no female or child
  figure between them); in every relation with
  exactly one withheld cell, the smallest other cell is withheld too, until no relation has exactly one;
  a final check solves all relations together and withholds more where a combination would still reveal
  a small count; then a bounds audit (linear programming, HiGHS) withholds more until no small count can
  be narrowed below 0–4 by the relations, counts being at least 0 and withheld small counts at most 4,
  together with every earlier release (a cell published by any of them is known; see `release_cells`). A country's total is chosen last: it is withheld when it is itself small, or when no
  other cell can protect a small count (then `reported_sum_max` of its regional row is empty).
* mart_country_year and mart_coverage repeat the public fact_observation (`per_100k` is empty when the
  total is withheld; `total_suppressed` says the total is withheld).
* mart_regional_year adds up the *published* country totals only: `reported_sum` never includes a
  withheld value, and `reported_sum_min` / `reported_sum_max` count each withheld total as 0 and 4.
  These sums therefore differ from the internal warehouse's when a country reported a small total.
* mart_estimates (when present): the estimates are computed from the facts as published here (a withheld
  small count as `<5`, a complement as not reported), so re-running the public model cannot recover a
  withheld count. A reported (`C`) row is withheld with its fact cell, the estimate of a withheld cell
  with it, and so is every estimate computed from a withheld value (estimate, interval and note:
  "{WITHHELD_NOTE}").
  Such an estimate is kept underivable like a small count: estimates add up (total = female + male =
  sexual + labour + other), so where its published parts would give it back, one more part is withheld.
* mart_regional_estimates (when present): a regional estimate that adds up a withheld member figure
  (a count, an estimate computed from one, or a complement) is withheld, with `publishable` false; the
  regional parts add up to the regional total, so where they would give a withheld one back, one more
  regional part is withheld.
  An estimate for a cell the *source* suppressed (nature E, conditional on 1 to 4) is published: nobody
  knows that cell's value, so the estimate cannot give it away.
* mart_hidden_victims (when present): an observed count from 1 to 4, a row whose capture-history cells
  (victims seen on exactly one combination of lists, internal) hold a count from 1 to 4 (the observed
  count and the estimate give the cells back), or a member and year whose victims total is withheld
  (or was not reported while a part of it is withheld: the observed count would stand for it),
  is withheld with its estimate, intervals and warnings.
* sdg_16_2_2_sdmx.csv is built from the public tables above: a withheld value is OBS_STATUS `Q` with
  no OBS_VALUE, and so is its rate per 100,000 population.
* `submission_id` in the public files is a keyed hash (HMAC-SHA256, 16 hex digits) of the warehouse's
  submission id, the same for a submission in every table and release: the warehouse's id hashes the
  file's bytes, which would confirm a guessed file and so a withheld value.
* A public table that the disclosure rules do not know yet is not exported (`write_exports` reports it
  under `skipped`) until its rules are added to `ctip/export/suppression.py`.
* Every text cell of every CSV that could start a spreadsheet formula (`=`, `+`, `-`, `@`, tab, carriage
  return) is prefixed with a single quote.
"""


def data_dictionary(tables: Iterable[str] | None = None, exported: bool = False) -> str:
    """Markdown for the given tables (default: every table of schemas/tables.yaml), the SDMX file
    and the code lists."""
    specs = contracts.tables()
    names = list(specs) if tables is None else [t for t in specs if t in set(tables)]
    scope = "the public exports" if exported else "the warehouse and its public exports"
    lines = [
        "# ctip data dictionary",
        "",
        f"Tables, columns and codes of {scope}. Generated from `schemas/tables.yaml`, `schemas/indicators.yaml`, "
        "`schemas/dimensions.yaml` and `schemas/sdmx/` by `ctip.export.dictionary`: do not edit by hand. "
        "Types are DuckDB's, as in the warehouse; the CSV files carry the same values as text.",
        "",
        "## Tables",
        "",
    ]
    for name in names:
        lines += _table_section(specs[name], exported or specs[name].public, public_files=exported)
    lines += ["## Files", "", *_sdmx_section()]
    lines += _codes_sections()
    lines += [DISCLOSURE]
    return "\n".join(lines).rstrip() + "\n"


def write_data_dictionary(path: Path, tables: Iterable[str] | None = None, exported: bool = False) -> Path:
    """Write `data_dictionary`'s Markdown to `path` (its folder created if needed) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data_dictionary(tables, exported), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """`python -m ctip.export.dictionary [PATH]`: write the dictionary (default docs/data_dictionary.md).
    An argparse front, so `--help` prints usage instead of becoming a file named `--help`."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m ctip.export.dictionary", description="Write the warehouse's data dictionary (Markdown).")
    parser.add_argument("path", nargs="?", default="docs/data_dictionary.md", help="where to write it (default: %(default)s)")
    args = parser.parse_args(argv)
    print(write_data_dictionary(Path(args.path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
