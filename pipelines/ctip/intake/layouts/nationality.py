"""A country's table of victims by nationality (citizenship): one row per country of citizenship,
one column per year (or a single column, the year in the title, sheet or file name).

The title names the table ("Víctimas identificadas por nacionalidad", "Victimes par nationalité",
"Slachtoffers naar nationaliteit"): a word for citizenship from schemas/dimensions.yaml and an
indicator (victims detected when the title only says "victims"). Each country row becomes a flow
(fact_flow, relation citizenship; the partner resolved through schemas/partner_names.csv). The
country's own row and 'unknown' are also the reported national / unknown figures, and the
table's total row is the reported total; the foreign rows are never summed into a figure."""

from __future__ import annotations

import re

from ctip.intake.layouts.base import Detection
from ctip.intake.layouts.cellkinds import FIGURE_KINDS, classify
from ctip.intake.layouts.headers import as_year, year_in_text
from ctip.intake.read import SheetGrid, cell_ref
from ctip.intake.readings import CellReading, ReadContext, SheetOutcome
from ctip.intake.values import parse_count
from ctip.schema import load_schema
from ctip.vocabulary.normalise import normalise
from ctip.vocabulary.partners import COUNTRY, GROUP, NATIONALS, NOT_A_PARTNER, UNKNOWN, resolve_partner

CONFIDENCE = 0.95  # above the cross tables: a title about nationality and a column of countries
MIN_COUNTRIES = 2
TOP_ROWS = 12
LABEL_COLUMNS = 3
FLOW_DIMENSIONS = ("sex", "age_group", "exploitation")  # the breakdowns a flow keeps (harmonise.flows)


# The stems of the schema last asked about (load_schema is cached: the same object every time);
# they were built again for every word of every title cell.
_stems: tuple = (None, ())


def _citizenship_words() -> tuple[str, ...]:
    global _stems
    schema = load_schema()
    if _stems[0] is not schema:
        dim = schema.dimensions["citizenship"]
        _stems = (schema, tuple({normalise(w) for words in dim.synonyms.values() for w in words}))
    return _stems[1]


def _mentions_citizenship(text: object) -> bool:
    words = normalise(text).split()
    stems = _citizenship_words()
    # 'nacionalidades', 'nationalities': a word that starts with the dimension's name
    return any(w.startswith(stems) for w in words)


def _title(sheet: SheetGrid, before: int) -> str:
    cells = [str(v) for row in sheet.rows[:before] for v in row if isinstance(v, str) and v.strip()]
    return " ".join(cells)


def detect(sheet: SheetGrid, ctx: ReadContext, forced: bool = False) -> Detection | None:
    """A nationality detection when a title or the sheet name speaks of citizenship (unless `forced`) and
    a label column holds enough country names; the header row above gives the year columns."""
    rows = sheet.rows
    top = min(TOP_ROWS, sheet.n_rows)
    if not forced and not (_mentions_citizenship(sheet.name) or any(_mentions_citizenship(v) for row in rows[:top] for v in row if isinstance(v, str))):
        return None
    best = None
    for c in range(min(LABEL_COLUMNS, max((len(r) for r in rows), default=0))):
        found = [(r, resolve_partner(row[c], ctx.country_iso3)) for r, row in enumerate(rows) if c < len(row) and isinstance(row[c], str)]
        countries = [(r, p) for r, p in found if p is not None and p.kind in (COUNTRY, NATIONALS)]
        if len(countries) >= MIN_COUNTRIES and (best is None or len(countries) > best[1]):
            best = (c, len(countries), countries[0][0])
    if best is None:
        return None
    label_col, _, first = best
    header_row = next(
        (r for r in range(first - 1, -1, -1) if any(_header_text(v) for i, v in enumerate(rows[r]) if i != label_col)),
        None,
    )
    years = {i: as_year(v) for i, v in enumerate(rows[header_row]) if i != label_col and as_year(v)} if header_row is not None else {}
    if header_row is not None:
        # Rows between the header and the first known country hold figures only beside their label
        # (the header is the nearest row above with text): a nationality the partner names do not
        # know ('Barbadian,10'), read and quarantined with the reason, never part of the title (H-E).
        first = header_row + 1
    if not forced and _another_table(rows, header_row if header_row is not None else first - 1, first):
        return None  # the sheet holds another table too: the readers that split tables read it
    breakdowns = _breakdown_columns(rows[header_row], label_col, ctx) if header_row is not None and not years else {}
    return Detection(
        "nationality",
        CONFIDENCE,
        header_row if header_row is not None else first - 1,
        {"label": label_col},
        {"years": years, "first": first, "breakdowns": breakdowns},
    )


def _figures(row: list) -> bool:
    return any(isinstance(v, (int, float, str)) and not isinstance(v, bool) and as_year(v) is None and parse_count(v).kind in FIGURE_KINDS for v in row)


def _another_table(rows: list[list], header_row: int, first: int) -> bool:
    """Figures above the header, or below the blank row that ends the nationality rows: this reader
    reads one table of the whole sheet, so it would read another table's rows as nationalities."""
    if any(_figures(row) for row in rows[: max(header_row, 0)]):
        return True
    r = first
    while r < len(rows) and any(v is not None and not (isinstance(v, str) and not v.strip()) for v in rows[r]):
        r += 1
    return any(_figures(row) for row in rows[r:])


def _breakdown_columns(header: list, label_col: int, ctx: ReadContext) -> dict[int, dict[str, str]]:
    """Value columns headed by a breakdown ('Female | Male | Total', 'Niñas | Niños'): column ->
    its breakdown (a total column: none). Empty unless every headed column is one (H-F)."""
    if ctx.labels is None:
        return {}
    out: dict[int, dict[str, str]] = {}
    for i, v in enumerate(header):
        if i == label_col or v is None or (isinstance(v, str) and not v.strip()):
            continue
        lab = classify(v, ctx.labels)
        if lab is None or lab.kind not in ("dims", "total") or lab.problem or lab.candidates:
            return {}
        dims = {k: code for k, code in lab.dims if k in FLOW_DIMENSIONS}
        if len(dims) != len(lab.dims):
            return {}  # a citizenship or another breakdown over the columns: not this layout
        out[i] = dims
    return out if len(out) >= 2 else {}


def _header_text(value: object) -> bool:
    """A cell a header row holds (a year, a word), not a figure: a figure written as text ('10' in a
    CSV) makes its row a data row, whose label must never become part of the title (H-E)."""
    if as_year(value):
        return True
    return isinstance(value, str) and bool(value.strip()) and parse_count(value).kind not in FIGURE_KINDS


def _indicator(ctx: ReadContext, text: str) -> str | None:
    named = ctx.labels.indicators_mentioned(text) if ctx.labels is not None else set()
    if len(named) == 1:
        return named.pop()
    return None


def extract(sheet: SheetGrid, det: Detection, ctx: ReadContext) -> SheetOutcome:
    """One reading per country row and year: flows by citizenship, plus the national, unknown and total
    figures the table reports. With no year columns, one value column takes the year of the title,
    sheet or file; several value columns and no years: nothing is read, and a note says why."""
    out = SheetOutcome(sheet.name, "nationality")
    label_col = det.columns["label"]
    title = _title(sheet, det.extra["first"]) + " " + sheet.name
    indicator = _indicator(ctx, title)
    years = dict(det.extra["years"])
    breakdowns: dict[int, dict[str, str]] = det.extra.get("breakdowns") or {}
    if not years and breakdowns:  # 'Female | Male | Total': one year, from the title, sheet or file name
        year = year_in_text(title) or ctx.year_hint
        years = dict.fromkeys(breakdowns, year)
    elif not years:  # one value column, the year in the title, sheet or file name
        data = sheet.rows[det.extra["first"] :]
        width = max((len(row) for row in data), default=0)
        value_cols = [i for i in range(width) if i != label_col and any(i < len(row) and parse_count(row[i]).is_observation for row in data)]
        if len(value_cols) == 1:
            years = {value_cols[0]: year_in_text(title) or ctx.year_hint}
        else:
            # (another layout may still read the table: the note says only what this reader did not do)
            out.notes.append(
                f"not read as a table of victims by nationality: {len(value_cols)} value columns and no year in the header "
                "(that needs one value column, a column per year or a column per sex)"
            )
    schema = load_schema()
    total = schema.total_code
    for r in range(det.extra["first"], sheet.n_rows):
        row = sheet.rows[r]
        label = row[label_col] if label_col < len(row) else None
        if label is None or (isinstance(label, str) and not label.strip()):
            continue
        partner = resolve_partner(label, ctx.country_iso3)
        is_total = partner is None and normalise(label) in _total_words()
        for c, year in years.items():
            if c >= len(row) or row[c] is None or (isinstance(row[c], str) and not row[c].strip()):
                continue
            head = f" | {sheet.rows[det.header_row][c]}" if c in breakdowns else ""  # 'Female'
            reading = CellReading(sheet.name, cell_ref(r, c), row[c], f"{title.strip()[:120]} | {label}{head} | {year}")
            out.readings.append(reading)
            reading.key.update(year=year, sex=total, age_group=total, exploitation=total)
            reading.key.update(breakdowns.get(c, {}))
            if indicator is None:
                reading.problem = "the title does not name one indicator (e.g. 'Victims identified by nationality')"
                continue
            reading.key["indicator"] = indicator
            if year is None:
                reading.problem = "no year could be found for this figure"
                continue
            if is_total:
                reading.key["citizenship"] = total  # the table's own total: a reported figure
                continue
            group = _citizenship_group(label, ctx) if partner is None or partner.kind == NOT_A_PARTNER else None
            if group is not None:
                # 'Own country nationals', 'Subtotal extranjeras', 'Total': a reported figure, no flow
                reading.key["citizenship"] = group
                continue
            if partner is None:
                reading.problem = f"'{label}' is not a country in the partner names (schemas/partner_aliases.yaml)"
                continue
            if partner.kind == NOT_A_PARTNER:
                reading.problem = f"'{label}' stands where a country of citizenship should be named"
                continue
            reading.key.update(relation="citizenship", partner_iso3=partner.iso3, partner_label=str(label))
            national = partner.kind == NATIONALS or (partner.iso3 is not None and partner.iso3 == ctx.country_iso3)
            if national or partner.kind == UNKNOWN:
                # Also the reported national / unknown figure of fact_observation (not derived).
                obs = CellReading(sheet.name, reading.cell, row[c], reading.raw_label)
                obs.key.update(
                    indicator=indicator,
                    year=year,
                    sex=total,
                    age_group=total,
                    exploitation=total,
                    citizenship=schema.code("own_citizens" if national else "not_known"),
                )
                obs.key.update(breakdowns.get(c, {}))
                out.readings.append(obs)
            elif partner.kind not in (COUNTRY, GROUP):
                reading.problem = f"'{label}' could not be placed"
    return out


def _citizenship_group(label: object, ctx: ReadContext) -> str | None:
    """The citizenship group a row names (schemas/dimensions.yaml): nationals, foreigners or the total."""
    if ctx.labels is None:
        return None
    schema = load_schema()
    if ctx.labels.own_nationals(label) or ctx.labels.own_demonym(label):
        return schema.code("own_citizens")  # 'Surinaamse nationaliteit', 'Antigua and Barbuda nationals'
    # '(subtotaal)', '(subtotal)' beside 'Buitenlandse nationaliteit' only says what the row is
    value = ctx.labels.dimension_value(_BRACKETS.sub(" ", str(label)), "citizenship") or {}
    total = schema.total_code
    code = value.get("citizenship") or (total if value.get("*") == total else None)
    return code if code in (schema.code("own_citizens"), schema.code("other_citizens"), total) else None


_BRACKETS = re.compile(r"[\(\[][^\)\]]*[\)\]]")


def _total_words() -> set[str]:
    dim = load_schema().dimensions["sex"]
    return {normalise(w) for words in dim.codes[load_schema().total_code].synonyms.values() for w in words}
