"""Write the submission template: an instructions sheet and a long data sheet whose indicator and
dimension cells have dropdown lists (Excel data validation) in the country's language.

Every label comes from schemas/ (names and words in lang/<language>.yaml), so a filled template reads back through the ordinary long
table reader with nothing lost (tested as a round trip)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ctip.region import member
from ctip.schema import DIMENSIONS, FALLBACK, LANGUAGES, load_schema, words

# The order of the instruction lines under the title (words in schemas/lang/<language>.yaml, template:).
INSTRUCTION_LINES = ("fill", "total", "counts", "personal", "save")


@lru_cache(maxsize=1)
def _header_names() -> dict[str, dict[str, str]]:
    spec = {lang: words(lang, "headers") for lang in LANGUAGES}
    return {role: {lang: spec[lang][role]["name"] for lang in LANGUAGES} for role in spec[FALLBACK]}


def parse_years(text: str) -> list[int]:
    """The years of `--years` ("2022-2024", "2022–2024" or "2023"), first to last inclusive; anything
    else, or a range running backwards, stops the command with a plain message."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–:]\s*(\d{4}))?\s*", text)
    if not m:
        raise SystemExit(f"--years must look like 2022-2024 or 2023, not {text!r}")
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if last < first:
        raise SystemExit("--years: the last year comes before the first")
    return list(range(first, last + 1))


def template_rows(years: list[int], lang: str) -> list[list[object]]:
    """The data sheet's rows for `years`, labels in `lang`: per year and indicator, the total row and one
    row per part of each dimension the indicator breaks down by (schema template_parts); value and
    notes are left blank for the sender."""
    schema = load_schema()
    rows = []
    for year in years:
        for ind in schema.indicators.values():
            base = {d: schema.total_code for d in DIMENSIONS}
            combos = [dict(base)]
            for dim, codes in schema.template_parts.items():
                if dim in ind.dimensions:
                    combos += [{**base, dim: c} for c in codes]
            for combo in combos:
                rows.append([ind.names[lang]] + [schema.dimensions[d].codes[combo[d]].names[lang] for d in DIMENSIONS] + [year, None, None])
    return rows


def write_template(iso3: str, years: list[int], output: Path, language: str | None = None) -> Path:
    """Write the template for member `iso3` to `output` and return the path: instructions, data sheet
    with dropdowns, hidden lists sheet. Language defaults to the member's; a non-member or a language
    with no schemas/lang file stops the command (SystemExit) rather than writing a half-labelled file."""
    schema = load_schema()
    m = member(iso3)
    if m is None:
        raise SystemExit(f"{iso3} is not a member of the region (schemas/region.csv)")
    lang = language or m.language
    if lang not in LANGUAGES:
        raise SystemExit(f"no words for language {lang!r}: add schemas/lang/{lang}.yaml (languages: {', '.join(LANGUAGES)})")
    names = _header_names()
    text = words(lang, "template")
    s_instr, s_data, s_lists = (text["sheets"][k] for k in ("instructions", "data", "lists"))
    wb = Workbook()
    ws = wb.active
    ws.title = s_instr
    ws["A1"] = f"{text['instructions']['title']} — {m.names.get(lang, m.names['en'])} ({iso3})"
    ws["A1"].font = Font(bold=True, size=14)
    for i, key in enumerate(INSTRUCTION_LINES, start=3):
        ws.cell(row=i, column=1, value=text["instructions"][key].format(iso3=iso3))
    row = len(INSTRUCTION_LINES) + 1 + 3
    ws.cell(row=row, column=1, value=names["indicator"][lang]).font = Font(bold=True)
    for ind in schema.indicators.values():
        row += 1
        ws.cell(row=row, column=1, value=f"{ind.names[lang]}: {ind.definition}" if lang == "en" else ind.names[lang])
    ws.column_dimensions["A"].width = 120

    data = wb.create_sheet(s_data)
    header = (
        [names["indicator"][lang]] + [schema.dimensions[d].names[lang] for d in DIMENSIONS] + [names["year"][lang], names["value"][lang], names["notes"][lang]]
    )
    data.append(header)
    for cell in data[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True)
    for r in template_rows(years, lang):
        data.append(r)
    data.freeze_panes = "A2"
    for col, width in zip("ABCDEFGH", (32, 14, 24, 30, 16, 8, 10, 30)):
        data.column_dimensions[col].width = width

    lists = wb.create_sheet(s_lists)
    columns = [[ind.names[lang] for ind in schema.indicators.values()]] + [[c.names[lang] for c in schema.dimensions[d].codes.values()] for d in DIMENSIONS]
    for c, values in enumerate(columns, start=1):
        for r, v in enumerate(values, start=1):
            lists.cell(row=r, column=c, value=v)
    lists.sheet_state = "hidden"
    last = data.max_row + 500  # room for rows the analyst adds
    for c, values in enumerate(columns, start=1):
        letter = "ABCDE"[c - 1]
        dv = DataValidation(
            type="list",
            formula1=f"'{s_lists}'!${letter}$1:${letter}${len(values)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=header[c - 1],
            error=header[c - 1],
        )
        data.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}{last}")
    years_dv = DataValidation(type="whole", operator="between", formula1=str(schema.first_year), formula2=str(schema.last_year), allow_blank=True)
    data.add_data_validation(years_dv)
    years_dv.add(f"F2:F{last}")
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    wb.save(output)
    return output
