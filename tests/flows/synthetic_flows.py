"""A small fact_flow with known truth, for the marts, exports and report tests."""

from __future__ import annotations

import duckdb
import pandas as pd

from ctip.harmonise.flows import FLOW_COLUMNS

# (country, partner, label, relation, year, value or None for <5)
FLOWS = [
    ("TTO", "GUY", "Guyana", "citizenship", 2013, 10),
    ("TTO", "GUY", "Guyana", "citizenship", 2014, None),
    ("TTO", "JAM", "Jamaica", "citizenship", 2018, 7),
    ("TTO", "TTO", "Nationals", "citizenship", 2018, 20),
    ("TTO", "VEN", "Venezuela (Bolivarian Republic of)", "citizenship", 2018, 30),
    ("TTO", None, "Abroad", "repatriated_to", 2018, None),
    ("NLD", "DOM", "Dominican Republic", "citizenship", 2018, 12),
    ("ESP", "DOM", "R.Dominicana", "citizenship", 2018, None),
    ("USA", "DOM", "Dominican Republic", "citizenship", 2019, 6),
    ("ARG", "DOM", "Dominican Republic", "citizenship", 2019, 40),
    ("GUY", "DOM", "Dominican Republic", "citizenship", 2019, 9),
    ("JAM", "HTI", "Haiti", "citizenship", 2008, 5),
    ("JAM", "HTI", "Haiti", "citizenship", 2010, 3),
]


def fact_flow() -> pd.DataFrame:
    rows = [
        {
            "country_iso3": c,
            "partner_iso3": p,
            "partner_label": lbl,
            "relation": rel,
            "year": y,
            "indicator": "victims_detected",
            "sex": "total",
            "age_group": "total",
            "exploitation": "total",
            "value": v,
            "flag": None if v is not None else "suppressed",
            "submission_id": "s1",
            "source_file": "UNODC/data_glotip.xlsx",
            "source_sheet": "data_glotip_1",
            "source_cell": f"L{i + 4}",
        }
        for i, (c, p, lbl, rel, y, v) in enumerate(FLOWS)
    ]
    frame = pd.DataFrame(rows, columns=FLOW_COLUMNS)
    frame["value"] = frame["value"].astype("Int64")
    return frame


def flow_warehouse(path) -> None:
    """fact_flow, dim_country, dim_partner and the flow marts in a new DuckDB file."""
    from ctip.region import dim_country
    from ctip.vocabulary.partners import dim_partner
    from ctip.warehouse.build import build_flow_marts, write_tables

    with duckdb.connect(str(path)) as con:
        write_tables(con, {"fact_flow": fact_flow(), "dim_country": dim_country(), "dim_partner": dim_partner()})
        build_flow_marts(con)


def empty_fact_flow() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in FLOW_COLUMNS})
    frame["value"] = frame["value"].astype("Int64")
    frame["year"] = frame["year"].astype("Int64")
    return frame


def add_empty_flow_tables(con, drop: tuple[str, ...] = ()) -> None:
    """fact_flow (empty), dim_partner and the flow marts, as every built warehouse has them."""
    from ctip.vocabulary.partners import dim_partner
    from ctip.warehouse.build import build_flow_marts, write_tables

    if "fact_flow" in drop:
        return
    write_tables(con, {"fact_flow": empty_fact_flow(), "dim_partner": dim_partner()})
    build_flow_marts(con)


def add_flow_tables(con) -> None:
    """FLOWS as fact_flow, dim_partner and the flow marts, into a warehouse that has dim_country."""
    from ctip.vocabulary.partners import dim_partner
    from ctip.warehouse.build import build_flow_marts, write_tables

    write_tables(con, {"fact_flow": fact_flow(), "dim_partner": dim_partner()})
    build_flow_marts(con)
