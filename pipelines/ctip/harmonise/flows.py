"""From flow readings (a cell by citizenship or by country of repatriation) to fact_flow rows.

A flow reading carries `relation`, `partner_iso3` and `partner_label` in its key beside the
indicator, year and breakdowns. Values are kept exactly as written; `<5` is NULL with the flag
`suppressed`. Nothing is summed: a country's flows never become a fact_observation figure here."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pandas as pd

from ctip.contracts import columns
from ctip.harmonise.observations import QUARANTINE_COLUMNS, _quarantine_row, countable_readings
from ctip.harmonise.years import current_year, ongoing_year_reason
from ctip.intake.readings import CellReading
from ctip.schema import load_schema
from ctip.vocabulary.normalise import normalise

FLOW_COLUMNS = columns("fact_flow")  # schemas/tables.yaml
RELATIONS = ("citizenship", "repatriated_to")
FLOW_DIMENSIONS = ("sex", "age_group", "exploitation")
MAX_CELLS_LISTED = 5


def is_flow_reading(r: CellReading) -> bool:
    """True when the reading names a partner relation (citizenship, repatriation): it goes to fact_flow,
    not to the observations."""
    return "relation" in r.key


def flow_key(frame: pd.DataFrame) -> pd.DataFrame:
    """What makes two flow rows the same figure: the partner by code, or by its label for a group
    ('Alemania' and 'Alemana' in one year are one partner)."""
    partner = frame["partner_iso3"].astype("object").where(frame["partner_iso3"].notna(), "label:" + frame["partner_label"].map(normalise))
    return pd.DataFrame(
        {
            "country_iso3": frame["country_iso3"],
            "partner": partner,
            "relation": frame["relation"],
            "year": frame["year"],
            "indicator": frame["indicator"],
            **{d: frame[d] for d in FLOW_DIMENSIONS},
        }
    )


def harmonise_flows(
    readings: list[CellReading], country_iso3: str | None, submission_id: str, source_file: str, today: dt.date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Returns (flows, quarantine, n_not_available); flows of the year of `today` (the run's date),
    which is not over, are set aside as year to date."""
    if not readings:  # most files have no flows: empty frames without building them each time
        flows, q = _empty_frames()
        return flows.copy(), q.copy(), 0
    schema = load_schema()
    ongoing = current_year(today)
    rows, quarantine, counts = [], [], {"not_available": 0}
    for r, parsed in countable_readings(readings, quarantine, counts, submission_id, source_file):
        key = r.key
        country = key.get("country_iso3") or country_iso3
        year = key.get("year")
        if country is None:
            quarantine.append(_quarantine_row(r, "the country of this figure is unknown (name the folder after the country)", submission_id, source_file))
            continue
        if not isinstance(year, int) or not schema.first_year <= year <= schema.last_year:
            reason = "no year could be found for this figure" if year is None else f"the year {year} is outside {schema.first_year}–{schema.last_year}"
            quarantine.append(_quarantine_row(r, reason, submission_id, source_file))
            continue
        if year >= ongoing:
            quarantine.append(_quarantine_row(r, ongoing_year_reason(year), submission_id, source_file))
            continue
        rows.append(
            {
                "country_iso3": country,
                "partner_iso3": key.get("partner_iso3"),
                "partner_label": str(key.get("partner_label") or ""),
                "relation": key["relation"],
                "year": year,
                "indicator": key.get("indicator"),
                **{d: key.get(d, schema.total_code) for d in FLOW_DIMENSIONS},
                "value": parsed.value,
                "flag": parsed.flag,
                "submission_id": submission_id,
                "source_file": source_file,
                "source_sheet": r.sheet,
                "source_cell": r.cell,
            }
        )
    flows = pd.DataFrame(rows, columns=FLOW_COLUMNS)
    flows["value"] = flows["value"].astype("Int64")
    flows["year"] = flows["year"].astype("Int64")
    flows, q_dup = _set_aside_duplicates(flows)
    q = pd.DataFrame(quarantine, columns=QUARANTINE_COLUMNS)
    if len(q_dup):
        q = pd.concat([q, q_dup], ignore_index=True) if len(q) else q_dup
    return flows, q, counts["not_available"]


@lru_cache(maxsize=1)
def _empty_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """What harmonise_flows returns for no readings, built once (callers get copies)."""
    flows = pd.DataFrame([], columns=FLOW_COLUMNS)
    flows["value"] = flows["value"].astype("Int64")
    flows["year"] = flows["year"].astype("Int64")
    # A copy has its blocks consolidated (5 -> 3): each caller's copy of it costs a third (measured).
    return flows.copy(), pd.DataFrame([], columns=QUARANTINE_COLUMNS)


def _cells(g: pd.DataFrame) -> str:
    cells = [f"{s}!{c}" for s, c in zip(g["source_sheet"].iloc[:MAX_CELLS_LISTED], g["source_cell"].iloc[:MAX_CELLS_LISTED])]
    more = len(g) - len(cells)
    return ", ".join(cells) + (f" and {more} more" if more > 0 else "")


def _set_aside_duplicates(flows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same flow twice in one submission: identical values keep the first (the others are
    quarantined naming it); different values are a conflict in the source and none is stored
    (each quarantined cell names the cells it conflicts with)."""
    if flows.empty:
        return flows, pd.DataFrame(columns=QUARANTINE_COLUMNS)
    key = flow_key(flows)
    cols = list(key.columns)
    dup = key.duplicated(cols, keep=False)
    if not dup.any():
        return flows.reset_index(drop=True), pd.DataFrame(columns=QUARANTINE_COLUMNS)
    drop, reasons = [], {}
    for _, idx in key[dup].groupby(cols, dropna=False).groups.items():
        g = flows.loc[idx]
        values = set(g["value"].astype("string").fillna("<5"))
        if len(values) == 1:
            first = f"{g['source_sheet'].iloc[0]}!{g['source_cell'].iloc[0]}"
            for i in g.index[1:]:
                drop.append(i)
                reasons[i] = f"repeats the same flow given in {first} ('{g['partner_label'].iloc[0]}')"
        else:
            labels = ", ".join(f"'{lbl}' = {v}" for lbl, v in zip(g["partner_label"], g["value"].astype("string").fillna("<5")))
            for i in g.index:
                drop.append(i)
                reasons[i] = f"the same flow is given with different values in {_cells(g)} ({labels}); none is stored"
    bad = flows.loc[drop]
    q = pd.DataFrame(
        {
            "submission_id": bad["submission_id"],
            "source_file": bad["source_file"],
            "source_sheet": bad["source_sheet"],
            "source_cell": bad["source_cell"],
            "raw_label": bad["indicator"].astype(str) + " " + bad["year"].astype(str) + " " + bad["relation"] + " " + bad["partner_label"],
            "raw_value": bad["value"].astype("string"),
            "reason": [reasons[i] for i in drop],
        }
    )[QUARANTINE_COLUMNS]
    return flows.drop(index=drop).reset_index(drop=True), q.reset_index(drop=True)
