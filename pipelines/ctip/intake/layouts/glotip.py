"""UNODC's GLOTIP data export: two banner rows, then a long table with 13 fixed columns.

Mapping to the schema (the indicators' `glotip:` names in schemas/indicators.yaml):
- Dimension 'Total' and 'by form of exploitation' map directly; 'by citizenship' maps the
  reporting country itself (or 'Nationals') to `national`, 'Unknown' to `unknown`, and another
  country to `foreign` only when it is the only foreign citizenship given for that key (several
  foreign countries would have to be summed: a derived figure, so they go to quarantine).
- 'by country of repatriation' is not one of the network's indicators.
- Sex 'Other' has no code in the schema; such rows go to quarantine.
- Aggregate rows (CAR, CAS, ..., 'Aruba/Curacao') are not country observations."""

from __future__ import annotations

from collections import Counter

from ctip.harmonise.normalise import normalise
from ctip.intake.layouts.base import Detection
from ctip.intake.read import SheetGrid, cell_ref
from ctip.intake.readings import CellReading, ReadContext, SheetOutcome
from ctip.region import country_aliases, member_codes
from ctip.schema import load_schema

REQUIRED = ("iso3_code", "indicator", "dimension", "category", "sex", "age", "year", "txtvalue")

SEX = {"Total": "total", "Female": "female", "Male": "male", "Unknown": "unknown"}
AGE = {"Total": "total", "0 to 17 years": "child", "18 years or over": "adult", "Unknown": "unknown"}
EXPLOITATION = {
    "Sexual exploitation": "sexual",
    "Forced labour": "labour",
    "Other forms of exploitation": "other",
    "Total": "total",
    "Unknown": "unknown",
}
NATIONALS = {"nationals", "ciudadanos de su pais", "ciudadanos de su pa s", "own nationals"}


def detect(sheet: SheetGrid, ctx: ReadContext, forced: bool = False) -> Detection | None:
    for r in range(min(10, sheet.n_rows)):
        header = [normalise(v).replace(" ", "_") for v in sheet.rows[r]]
        if all(col in header for col in REQUIRED):
            return Detection("glotip", 1.0, r, {col: header.index(col) for col in REQUIRED})
    return None


def _indicator_by_glotip_name() -> dict[str, str]:
    return {ind.glotip: code for code, ind in load_schema().indicators.items() if ind.glotip}


def extract(sheet: SheetGrid, det: Detection, ctx: ReadContext) -> SheetOutcome:
    col = det.columns
    members = set(member_codes())
    indicators = _indicator_by_glotip_name()
    out = SheetOutcome(sheet.name, "glotip")
    rows = [(r, sheet.rows[r]) for r in range(det.header_row + 1, sheet.n_rows)]
    # Rows of other countries are outside the network's region: counted, not read.
    mine = [(r, row) for r, row in rows if str(row[col["iso3_code"]] or "") in members]
    skipped = len(rows) - len(mine)
    if skipped:
        out.notes.append(f"{skipped:,} rows of countries and aggregates outside the region were not read")
    foreign_count = Counter()
    parsed = []
    for r, row in mine:
        iso3 = str(row[col["iso3_code"]])
        dim = str(row[col["dimension"]] or "")
        cat = str(row[col["category"]] or "")
        citizenship = None
        if dim == "by citizenship":
            citizenship = _citizenship(cat, iso3)
        key_base = (iso3, row[col["indicator"]], row[col["sex"]], row[col["age"]], row[col["year"]])
        if citizenship == "foreign":
            foreign_count[key_base] += 1
        parsed.append((r, row, iso3, dim, cat, citizenship, key_base))
    vcol = col["txtvalue"]
    for r, row, iso3, dim, cat, citizenship, key_base in parsed:
        label = " | ".join(str(row[col[c]]) for c in ("indicator", "dimension", "category", "sex", "age"))
        reading = CellReading(sheet.name, cell_ref(r, vcol), row[vcol], label)
        reading.key["country_iso3"] = iso3
        out.readings.append(reading)
        indicator = indicators.get(row[col["indicator"]])
        year = row[col["year"]]
        if indicator is None:
            reading.problem = f"GLOTIP indicator '{row[col['indicator']]}' is not one of the network's indicators"
            continue
        reading.key["indicator"] = indicator
        reading.key["year"] = int(year) if isinstance(year, (int, float)) else year
        sex, age = SEX.get(row[col["sex"]]), AGE.get(row[col["age"]])
        if sex is None:
            reading.problem = f"sex '{row[col['sex']]}' has no code in the schema (female, male, total, unknown)"
            continue
        if age is None:
            reading.problem = f"age '{row[col['age']]}' has no code in the schema"
            continue
        reading.key.update(sex=sex, age_group=age, exploitation="total", citizenship="total")
        if dim == "Total":
            pass
        elif dim == "by form of exploitation":
            if cat not in EXPLOITATION:
                reading.problem = f"form of exploitation '{cat}' has no code in the schema"
                continue
            reading.key["exploitation"] = EXPLOITATION[cat]
        elif dim == "by citizenship":
            if citizenship is None:
                reading.problem = f"citizenship '{cat}' could not be placed as national or foreign for {iso3}"
            elif citizenship == "foreign" and foreign_count[key_base] > 1:
                reading.problem = (
                    f"citizenship '{cat}' is one of {foreign_count[key_base]} foreign citizenships given for this "
                    "figure; 'foreign' would be their sum, a derived figure, so none is stored"
                )
            else:
                reading.key["citizenship"] = citizenship
        elif dim == "by country of repatriation":
            reading.problem = "victims by country of repatriation are not one of the network's indicators"
        else:
            reading.problem = f"GLOTIP dimension '{dim}' is not known"
    return out


def _citizenship(category: str, iso3: str) -> str | None:
    norm = normalise(category)
    if not norm:
        return None
    # 'Ciudadanos de su país' arrives mis-encoded in the export ('pa\ufffds').
    if norm in NATIONALS or norm.startswith("ciudadanos de su pa") or norm in {normalise(a) for a in country_aliases(iso3)}:
        return "national"
    if norm == "unknown":
        return "unknown"
    if norm in {"abroad", "other", "others"}:
        return None
    return "foreign" if _is_country(category) else None


def _is_country(name: str) -> bool:
    import pycountry

    try:
        pycountry.countries.lookup(name)
        return True
    except LookupError:
        pass
    try:
        return bool(pycountry.countries.search_fuzzy(name.split("(")[0].strip()))
    except LookupError:
        return False
