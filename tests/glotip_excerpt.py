"""A small GLOTIP-layout workbook written by the tests, with known truth.

Layout as UNODC's export: row 1 banner (UNODC + e-mail), row 2 extraction date, row 3 header,
then a long table. The rows exercise every mapping rule of the reader."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEADER = [
    "Iso3_code",
    "Country",
    "Region",
    "Subregion",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "Unit of measurement",
    "txtVALUE",
    "Source",
]
R = ("Americas", "Latin America and the Caribbean")


def row(iso3, country, indicator, dimension, category, sex, age, year, value):
    return [iso3, country, *R, indicator, dimension, category, sex, age, float(year), "Counts", value, "GLOTIP"]


ROWS = [
    # (row, expected key or None when it must go to quarantine / be skipped)
    row("JAM", "Jamaica", "Detected trafficking victims", "Total", "Total", "Total", "Total", 2019, "1,282"),
    row("JAM", "Jamaica", "Detected trafficking victims", "Total", "Total", "Female", "0 to 17 years", 2019, "<5"),
    row("JAM", "Jamaica", "Detected trafficking victims", "by form of exploitation", "Forced labour", "Total", "Total", 2019, "12"),
    row("JAM", "Jamaica", "Persons convicted", "Total", "Total", "Male", "18 years or over", 2020, "3"),
    row("JAM", "Jamaica", "Detected trafficking victims", "by citizenship", "Jamaica", "Total", "Total", 2019, "40"),
    row("JAM", "Jamaica", "Detected trafficking victims", "by citizenship", "Haiti", "Total", "Total", 2019, "7"),
    row("JAM", "Jamaica", "Detected trafficking victims", "by country of repatriation", "Abroad", "Total", "Total", 2019, "5"),
    row("TTO", "Trinidad and Tobago", "Persons prosecuted", "Total", "Total", "Total", "18 years or over", 2019, "8"),
    row("TTO", "Trinidad and Tobago", "Persons prosecuted", "Total", "Total", "Total", "Total", 2019, "7"),
    row("TTO", "Trinidad and Tobago", "Offences of trafficking in persons", "Total", "Total", "Total", "Total", 2018, "15"),
    row("TTO", "Trinidad and Tobago", "Persons brought into formal contact", "Total", "Total", "Other", "Total", 2018, "2"),
    row("DOM", "Dominican Republic", "Detected trafficking victims", "by citizenship", "Haiti", "Total", "Total", 2012, "17"),
    row("DOM", "Dominican Republic", "Detected trafficking victims", "by citizenship", "Colombia", "Total", "Total", 2012, "6"),
    row("CAR", "Caribbean", "Detected trafficking victims", "Total", "Total", "Total", "Total", 2019, "2,000"),
    row("FRA", "France", "Detected trafficking victims", "Total", "Total", "Total", "Total", 2019, "500"),
    row(
        "Aruba/Curacao", None, "Detected trafficking victims", "by country of repatriation", "Venezuela (Bolivarian Republic of)", "Total", "Total", 2011, "<5"
    ),
    row("DOM", "Dominican Republic", "Detected trafficking victims", "by country of repatriation", None, "Total", "Total", 2021, "2,020"),
    row("NLD", "Netherlands", "Detected trafficking victims", "by citizenship", "Dominican Republic", "Total", "Total", 2018, "12"),
    row("NLD", "Netherlands", "Detected trafficking victims", "by citizenship", "Morocco", "Total", "Total", 2018, "30"),
    row("ESP", "Spain", "Persons convicted", "by citizenship", "R.Dominicana", "Male", "Total", 2019, "<5"),
]

# The observations the reader must store (country, year, indicator, sex, age, exploitation, citizenship, value, flag).
EXPECTED = {
    ("JAM", 2019, "victims_detected", "total", "total", "total", "total"): (1282, None),
    ("JAM", 2019, "victims_detected", "female", "child", "total", "total"): (None, "suppressed"),
    ("JAM", 2019, "victims_detected", "total", "total", "labour", "total"): (12, None),
    ("JAM", 2020, "persons_convicted", "male", "adult", "total", "total"): (3, None),
    ("JAM", 2019, "victims_detected", "total", "total", "total", "national"): (40, None),
    ("JAM", 2019, "victims_detected", "total", "total", "total", "foreign"): (7, None),
    # TTO 2019 prosecuted: adults 8 > total 7, as in the real export: stored, both flagged.
    ("TTO", 2019, "persons_prosecuted", "total", "adult", "total", "total"): (8, "inconsistent_total"),
    ("TTO", 2019, "persons_prosecuted", "total", "total", "total", "total"): (7, "inconsistent_total"),
    ("TTO", 2018, "cases_investigated", "total", "total", "total", "total"): (15, None),
    ("TTO", 2018, "persons_investigated", "other", "total", "total", "total"): (2, None),
}
# The flows the reader must store (country, partner_iso3, partner_label, relation, year, indicator, sex): (value, flag).
# DOM's two foreign citizenships are flows only (their sum 'foreign' would be derived); the
# Netherlands' and Spain's rows about Dominican citizens are read although neither is a member.
EXPECTED_FLOWS = {
    ("JAM", "JAM", "Jamaica", "citizenship", 2019, "victims_detected", "total"): (40, None),
    ("JAM", "HTI", "Haiti", "citizenship", 2019, "victims_detected", "total"): (7, None),
    ("JAM", None, "Abroad", "repatriated_to", 2019, "victims_detected", "total"): (5, None),
    ("DOM", "HTI", "Haiti", "citizenship", 2012, "victims_detected", "total"): (17, None),
    ("DOM", "COL", "Colombia", "citizenship", 2012, "victims_detected", "total"): (6, None),
    ("NLD", "DOM", "Dominican Republic", "citizenship", 2018, "victims_detected", "total"): (12, None),
    ("ESP", "DOM", "R.Dominicana", "citizenship", 2019, "persons_convicted", "male"): (None, "suppressed"),
}
# Cells that must be in quarantine (Excel rows): a composite of two members, a blank partner.
QUARANTINED_ROWS = {19, 20}


def write_excerpt(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "data_glotip_1"
    ws.append(["UNODC", '=HYPERLINK("mailto:unodc_ddds@un.org","unodc_ddds@un.org")'])
    ws.append(["30/05/2023"])
    ws.append(HEADER)
    for r in ROWS:
        ws.append(r)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
