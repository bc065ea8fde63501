"""A country's own table of victims by nationality becomes flows (fact_flow); the country sums
are never derived into fact_observation. Fixtures are written here with known truth."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from ctip.intake.discover import describe_file
from ctip.stage.submission import ingest_submission


def write_table(path: Path, sheet: str, title: str, header: list, rows: list[list], extra_sheet: bool = True) -> Path:
    wb = Workbook()
    ws = wb.active
    if extra_sheet:  # the usual main table beside it
        ws.title = "Statistics"
        ws.append(["Trafficking in persons statistics"])
        ws.append([])
        ws.append(["Indicator", 2021, 2022])
        ws.append(["Victims identified", 38, 43])
        ws = wb.create_sheet(sheet)
    else:
        ws.title = sheet
    ws.append([title])
    ws.append([])
    ws.append(header)
    for r in rows:
        ws.append(r)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def flows_of(result) -> dict:
    return {
        (r.partner_iso3 if not pd.isna(r.partner_iso3) else None, r.partner_label, int(r.year), r.indicator): (
            None if pd.isna(r.value) else int(r.value),
            None if pd.isna(r.flag) else r.flag,
        )
        for r in result.flows.itertuples()
    }


def test_spanish_table_by_nationality(tmp_path):
    raw = tmp_path / "raw"
    path = write_table(
        raw / "DOM" / "trata_2022.xlsx",
        "Nacionalidad",
        "Víctimas identificadas por nacionalidad",
        ["País de nacionalidad", 2021, 2022],
        [["Venezuela", 10, 12], ["Colombia", 3, "<5"], ["República Dominicana", 20, 25], ["Haití", 4, 5], ["Desconocido", 1, 0], ["Total", 38, 43]],
    )
    result = ingest_submission(describe_file(path, raw))
    assert flows_of(result) == {
        ("VEN", "Venezuela", 2021, "victims_detected"): (10, None),
        ("VEN", "Venezuela", 2022, "victims_detected"): (12, None),
        ("COL", "Colombia", 2021, "victims_detected"): (3, None),
        ("COL", "Colombia", 2022, "victims_detected"): (None, "suppressed"),
        ("DOM", "República Dominicana", 2021, "victims_detected"): (20, None),
        ("DOM", "República Dominicana", 2022, "victims_detected"): (25, None),
        ("HTI", "Haití", 2021, "victims_detected"): (4, None),
        ("HTI", "Haití", 2022, "victims_detected"): (5, None),
        (None, "Desconocido", 2021, "victims_detected"): (1, None),
        (None, "Desconocido", 2022, "victims_detected"): (0, None),
    }
    assert set(result.flows["country_iso3"]) == {"DOM"} and set(result.flows["relation"]) == {"citizenship"}
    obs = result.observations
    cit = {(r.citizenship, int(r.year)): int(r.value) for r in obs.itertuples() if r.citizenship != "total"}
    # The reported national and unknown figures; the foreign rows are never summed into 'foreign'.
    assert cit == {("national", 2021): 20, ("national", 2022): 25, ("unknown", 2021): 1, ("unknown", 2022): 0}
    assert "foreign" not in set(obs["citizenship"])


def test_english_single_column_table_year_in_title(tmp_path):
    raw = tmp_path / "raw"
    path = write_table(
        raw / "TTO" / "tip.xlsx",
        "By nationality",
        "Victims identified by nationality, 2022",
        ["Nationality", "Number"],
        [["Guyanese", 5], ["Jamaica", 3], ["Venezuelan", 14], ["Trinidad and Tobago", 7]],
        extra_sheet=False,
    )
    result = ingest_submission(describe_file(path, raw))
    assert flows_of(result) == {
        ("GUY", "Guyanese", 2022, "victims_detected"): (5, None),
        ("JAM", "Jamaica", 2022, "victims_detected"): (3, None),
        ("VEN", "Venezuelan", 2022, "victims_detected"): (14, None),
        ("TTO", "Trinidad and Tobago", 2022, "victims_detected"): (7, None),
    }
    assert len(result.quarantine) == 0


@pytest.mark.parametrize(
    ("country", "sheet", "title", "names"),
    [
        ("HTI", "Nationalité", "Victimes identifiées par nationalité", ["République dominicaine", "Venezuela", "Haïti"]),
        ("SUR", "Nationaliteit", "Geïdentificeerde slachtoffers naar nationaliteit", ["Guyana", "Brazilië", "Suriname"]),
    ],
)
def test_french_and_dutch_tables(tmp_path, country, sheet, title, names):
    raw = tmp_path / "raw"
    rows = [[n, 10 + i, 20 + i] for i, n in enumerate(names)]
    path = write_table(raw / country / "stats.xlsx", sheet, title, ["", 2020, 2021], rows)
    result = ingest_submission(describe_file(path, raw))
    flows = result.flows
    assert len(flows) == 6 and set(flows["country_iso3"]) == {country}
    assert flows["partner_iso3"].notna().all()
    own = flows[flows["partner_iso3"] == country]
    assert sorted(own["value"].astype(int)) == [12, 22]


def test_a_name_not_in_the_table_goes_to_quarantine(tmp_path):
    raw = tmp_path / "raw"
    path = write_table(
        raw / "JAM" / "tip.xlsx", "Nationality", "Victims identified by nationality", ["Country", 2021], [["Haiti", 4], ["Atlantis", 2], ["Jamaica", 9]]
    )
    result = ingest_submission(describe_file(path, raw))
    assert len(result.flows) == 2
    assert result.quarantine["reason"].str.contains("'Atlantis' is not a country").any()
