"""The GLOTIP export read independently of ctip (openpyxl and the test's own rules), to check
fact_flow against: which rows are flows involving a member, and their exact values."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from ctip.paths import PROJECT_ROOT

RELATION = {"by citizenship": "citizenship", "by country of repatriation": "repatriated_to"}
INDICATOR = {"Detected trafficking victims": "victims_detected", "Persons convicted": "persons_convicted"}
SEX = {"Total": "total", "Female": "female", "Male": "male", "Other": "other", "Unknown": "unknown"}
AGE = {"Total": "total", "0 to 17 years": "child", "18 years or over": "adult", "Unknown": "unknown"}
# Members as partners, by the test's own patterns on the folded label (anchored, so a group such
# as "Caribbean (Trinidad and Tobago, Barbados, etc)" names no member).
MEMBER_PATTERNS = {
    "DOM": r"^(dominican re|r ?dominicana|rep.{0,3}blica dominicana|rep dominicana|dominicana$)",
    "DMA": r"^dominica$",
    "CUB": r"^cuba(no|na)?$",
    "JAM": r"^jamaica",
    "HTI": r"^hait",
    "SUR": r"^surinam",
    "BLZ": r"^beli[cz]",
    "BRB": r"^barbad",
    "TTO": r"^trinidad",
    "VCT": r"vincent",
    "BHS": r"^(the )?bahamas",
    "GUY": r"^guyan",
    "ABW": r"^aruba$",
    "ATG": r"^antigua",
    "GRD": r"^grenad",
    "KNA": r"kitts",
    "LCA": r"^(saint|st) ?lucia",
    "AIA": r"^anguilla",
    "CYM": r"^cayman",
    "MSR": r"^montserrat",
    "TCA": r"^turks",
    "SXM": r"maarten",
    "CUW": r"^cura",
}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[.,]", " ", text).split())


def member_partner(category: str | None) -> str | None:
    if not category:
        return None
    hits = [iso3 for iso3, pattern in MEMBER_PATTERNS.items() if re.search(pattern, fold(category))]
    assert len(hits) <= 1, (category, hits)
    return hits[0] if hits else None


def members() -> set[str]:
    with open(PROJECT_ROOT / "schemas" / "region.csv", encoding="utf-8") as f:
        return {row["iso3"] for row in csv.DictReader(f)}


@dataclass(frozen=True)
class RawFlow:
    cell: str  # A1 reference of the value (column L)
    country_iso3: str
    category: str | None
    relation: str
    indicator: str
    sex: str
    age_group: str
    year: int
    value: int | None  # None for <5
    suppressed: bool
    partner_member: str | None


def raw_flows(path: Path) -> list[RawFlow]:
    """Every row by citizenship or by country of repatriation that involves a member, as a
    detecting country (its ISO3 code) or as the partner (by MEMBER_PATTERNS)."""
    ws = load_workbook(path, read_only=True).worksheets[0]
    mem = members()
    out = []
    header = None
    for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if header is None:
            if row and row[0] == "Iso3_code":
                header = {name: i for i, name in enumerate(row)}
            continue
        dim = row[header["Dimension"]]
        if dim not in RELATION:
            continue
        iso3 = row[header["Iso3_code"]]
        category = row[header["Category"]]
        partner = member_partner(category)
        if iso3 not in mem and partner is None:
            continue
        text = str(row[header["txtVALUE"]]).strip()
        suppressed = text == "<5"
        out.append(
            RawFlow(
                cell=f"L{n}",
                country_iso3=iso3,
                category=category,
                relation=RELATION[dim],
                indicator=INDICATOR[row[header["Indicator"]]],
                sex=SEX[row[header["Sex"]]],
                age_group=AGE[row[header["Age"]]],
                year=int(row[header["Year"]]),
                value=None if suppressed else int(text.replace(",", "")),
                suppressed=suppressed,
                partner_member=partner,
            )
        )
    return out
