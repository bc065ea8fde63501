"""UNODC's GLOTIP data export: two banner rows, then a long table with 13 fixed columns.

Mapping to the schema (the indicators' `glotip:` names in schemas/indicators.yaml):
- Dimension 'Total' and 'by form of exploitation' map directly (persons prosecuted and convicted
  are broken down by form of exploitation too); sex 'Other' is the code `other`.
- 'by citizenship' and 'by country of repatriation' are flows (fact_flow): the category is the
  partner country, resolved through schemas/partner_names.csv ('Nationals' is the detecting
  country itself; groups such as 'Abroad' keep their label). A flow is read when either side is
  a member, so the export's reports of members' citizens found in other countries are kept too.
- A citizenship row of a member is also a fact_observation figure where that is reported, not
  derived: the member itself (or 'Nationals') is `national`, 'Unknown' is `unknown`, and one
  foreign country is `foreign` only when it is the only foreign citizenship given for that key
  (several would have to be summed: a derived figure, so they are flows only).
- Aggregate rows (CAR, CAS, ...) are not country observations; a composite of countries
  ('Aruba/Curacao') that holds a member goes to quarantine: it cannot be given to one country."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ctip.intake.layouts.base import Detection
from ctip.intake.layouts.row_notes import unit_problem
from ctip.intake.read import SheetGrid, cell_ref
from ctip.intake.readings import CellReading, ReadContext, SheetOutcome
from ctip.region import member_codes
from ctip.schema import load_schema
from ctip.vocabulary.normalise import normalise
from ctip.vocabulary.partners import COUNTRY, GROUP, NATIONALS, NOT_A_PARTNER, UNKNOWN, Partner, resolve_partner

REQUIRED = ("iso3_code", "indicator", "dimension", "category", "sex", "age", "year", "txtvalue")
OPTIONAL = ("unit_of_measurement",)  # 'Counts' in the export; a rate or a share is no count (K-K)


def _by_glotip_label(dimension: str) -> dict[str, str]:
    """GLOTIP's label of each code of a dimension -> the code (schemas/dimensions.yaml `glotip`)."""
    return {c.glotip: code for code, c in load_schema().dimensions[dimension].codes.items() if c.glotip}


SEX, AGE, EXPLOITATION = (_by_glotip_label(d) for d in ("sex", "age_group", "exploitation"))
RELATIONS = {"by citizenship": "citizenship", "by country of repatriation": "repatriated_to"}
PARTNER_WORD = {"citizenship": "citizenship", "repatriated_to": "country of repatriation"}


def detect(sheet: SheetGrid, ctx: ReadContext, forced: bool = False) -> Detection | None:
    """A GLOTIP detection (confidence 1.0) when one of the top 10 rows holds every required GLOTIP column."""
    for r in range(min(10, sheet.n_rows)):
        header = [normalise(v).replace(" ", "_") for v in sheet.rows[r]]
        if all(col in header for col in REQUIRED):
            optional = {col: header.index(col) for col in OPTIONAL if col in header}
            return Detection("glotip", 1.0, r, {col: header.index(col) for col in REQUIRED} | optional)
    return None


def _indicator_by_glotip_name() -> dict[str, str]:
    return {ind.glotip: code for code, ind in load_schema().indicators.items() if ind.glotip}


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """ISO3 codes a detecting country may have (aggregates such as CAR are not among them)."""
    from ctip.vocabulary.partners import dim_partner

    return frozenset(dim_partner()["partner_iso3"])


def _composite_members(code: str, members: set[str]) -> list[str]:
    """'Aruba/Curacao' -> the members it joins (ABW, CUW)."""
    if "/" not in code:
        return []
    parts = [resolve_partner(p) for p in code.split("/")]
    return [p.iso3 for p in parts if p is not None and p.kind == COUNTRY and p.iso3 in members]


def extract(sheet: SheetGrid, det: Detection, ctx: ReadContext) -> SheetOutcome:
    """Readings of the members' rows, and of other countries' rows about members' citizens (as flows);
    a row for several countries together is kept with a problem, and rows involving no member are
    only counted in a note."""
    col = det.columns
    members = set(member_codes())
    out = SheetOutcome(sheet.name, "glotip")
    mine, abroad, composite, skipped = [], [], [], 0
    for r in range(det.header_row + 1, sheet.n_rows):
        row = sheet.rows[r]
        iso3 = str(row[col["iso3_code"]] or "")
        dim = str(row[col["dimension"]] or "")
        if iso3 in members:
            mine.append((r, row))
            continue
        relation = RELATIONS.get(dim)
        partner = resolve_partner(row[col["category"]], iso3) if relation else None
        if partner is not None and partner.kind == COUNTRY and partner.iso3 in members and iso3 in _countries():
            abroad.append((r, row, partner))  # members' citizens found elsewhere: figures no member reports
        elif _composite_members(iso3, members):
            composite.append((r, row))
        else:
            skipped += 1
    if skipped:
        out.notes.append(f"{skipped:,} rows of countries and aggregates that involve no member were not read")
    if abroad:
        out.notes.append(f"{len(abroad):,} rows of other countries about members' citizens were read as flows")
    rows = _Rows(sheet, col, _indicator_by_glotip_name())
    for r, row in composite:
        reading = rows.reading(r, row)
        reading.problem = (
            f"'{row[col['iso3_code']]}' joins {' and '.join(_composite_members(str(row[col['iso3_code']]), members))}: "
            "a figure for several countries together cannot be given to one of them"
        )
        out.readings.append(reading)
    for r, row, partner in abroad:
        out.readings.append(rows.flow(r, row, str(row[col["iso3_code"]]), partner))
    out.readings.extend(_member_readings(mine, rows))
    return out


class _Rows:
    """Turns one row of the export into readings (the shared part of every row's key)."""

    def __init__(self, sheet: SheetGrid, col: dict[str, int], indicators: dict[str, str]):
        self.sheet, self.col, self.indicators = sheet, col, indicators

    def get(self, row, name):
        return row[self.col[name]]

    def reading(self, r: int, row) -> CellReading:
        label = " | ".join(str(self.get(row, c)) for c in ("indicator", "dimension", "category", "sex", "age"))
        vcol = self.col["txtvalue"]
        return CellReading(self.sheet.name, cell_ref(r, vcol), row[vcol], label)

    def keyed(self, r: int, row, iso3: str) -> CellReading:
        """A reading with country, indicator, year, sex and age set, or with the problem that stops it."""
        reading = self.reading(r, row)
        reading.key["country_iso3"] = iso3
        indicator = self.indicators.get(self.get(row, "indicator"))
        if indicator is None:
            reading.problem = f"GLOTIP indicator '{self.get(row, 'indicator')}' is not one of the network's indicators"
            return reading
        year = self.get(row, "year")
        reading.key["indicator"] = indicator
        reading.key["year"] = int(year) if isinstance(year, (int, float)) else year
        sex, age = SEX.get(self.get(row, "sex")), AGE.get(self.get(row, "age"))
        unit = unit_problem(self.get(row, "unit_of_measurement"), indicator) if "unit_of_measurement" in self.col else None
        if unit is not None:
            reading.problem = unit
        elif sex is None:
            reading.problem = f"sex '{self.get(row, 'sex')}' has no code in the schema"
        elif age is None:
            reading.problem = f"age '{self.get(row, 'age')}' has no code in the schema"
        else:
            total = load_schema().total_code
            reading.key.update(sex=sex, age_group=age, exploitation=total, citizenship=total)
        return reading

    def flow(self, r: int, row, iso3: str, partner: Partner | None) -> CellReading:
        reading = self.keyed(r, row, iso3)
        relation = RELATIONS[str(self.get(row, "dimension"))]
        category = self.get(row, "category")
        reading.key.pop("citizenship", None)
        reading.key.update(relation=relation, partner_label=None if category is None else str(category))
        if reading.problem:
            return reading
        word = PARTNER_WORD[relation]
        if category is None or not str(category).strip():
            reading.problem = f"the {word} is blank in the source: the figure names no partner country"
        elif partner is None:
            reading.problem = f"the {word} '{category}' is not in the partner names (schemas/partner_aliases.yaml)"
        elif partner.kind == NOT_A_PARTNER:
            reading.problem = f"'{category}' stands where the source should name a {word}: it names no country"
        else:
            reading.key["partner_iso3"] = partner.iso3
        return reading


def _member_readings(mine: list, rows: _Rows) -> list[CellReading]:
    """Rows of members: figures for fact_observation, and flows (with, for citizenship, the
    national / unknown / single foreign figure where the export reports it as such)."""
    partners = {}
    foreign = Counter()
    for r, row in mine:
        relation = RELATIONS.get(str(rows.get(row, "dimension") or ""))
        if relation is None:
            continue
        iso3 = str(rows.get(row, "iso3_code"))
        partner = resolve_partner(rows.get(row, "category"), iso3)
        partners[r] = partner
        if relation == "citizenship" and partner is not None and partner.kind in (COUNTRY, GROUP) and partner.iso3 != iso3:
            foreign[_key_base(rows, row)] += 1
    readings = []
    for r, row in mine:
        iso3 = str(rows.get(row, "iso3_code"))
        dim = str(rows.get(row, "dimension") or "")
        if dim in RELATIONS:
            flow = rows.flow(r, row, iso3, partners[r])
            readings.append(flow)
            if dim == "by citizenship" and not flow.problem:
                citizenship = _citizenship(partners[r], iso3, foreign[_key_base(rows, row)])
                if citizenship:
                    obs = rows.keyed(r, row, iso3)
                    obs.key["citizenship"] = citizenship
                    readings.append(obs)
            continue
        reading = rows.keyed(r, row, iso3)
        readings.append(reading)
        if reading.problem:
            continue
        if dim == "by form of exploitation":
            category = rows.get(row, "category")
            if category not in EXPLOITATION:
                reading.problem = f"form of exploitation '{category}' has no code in the schema"
            else:
                reading.key["exploitation"] = EXPLOITATION[category]
        elif dim != "Total":
            reading.problem = f"GLOTIP dimension '{dim}' is not known"
    return readings


def _key_base(rows: _Rows, row) -> tuple:
    return tuple(rows.get(row, c) for c in ("iso3_code", "indicator", "sex", "age", "year"))


def _citizenship(partner: Partner | None, iso3: str, n_foreign: int) -> str | None:
    """The fact_observation citizenship a flow row also reports, or None (a part of 'foreign')."""
    if partner is None:
        return None
    schema = load_schema()
    if partner.kind == NATIONALS or partner.iso3 == iso3:
        return schema.code("own_citizens")
    if partner.kind == UNKNOWN:
        return schema.code("not_known")
    if partner.kind == COUNTRY and n_foreign == 1:
        return schema.code("other_citizens")
    return None
