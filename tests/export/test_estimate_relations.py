"""A withheld estimate is not given back by the estimates' own additive relations (attack3 H-A).

The estimates add up like the counts: a member's total = female + male = sexual + labour + other
(in every draw, so in their means), the regional row = the sum of the members' rows, and the
regional parts add up to the regional total. An outside tester found a member total withheld
(computed from a withheld count) equal to the sum of its published exploitation parts, and the
published regional total minus the published members giving it back again; and a withheld
regional total equal to the sum of the published regional parts.

The estimates here are built by code with the relations exact (the members' figures known), and
an attacker written apart from ctip.export.suppression solves every relation for the withheld
figures."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from ctip.export.suppression import protect
from ctip.schema import KEY_COLUMNS

KEY = list(KEY_COLUMNS)
YEAR = 2019
IND = "victims_detected"
MEMBERS = ["JAM", "BRB", "TTO", "GUY"]
# Each member's estimates: total, female, male, sexual, labour, other (female + male = total =
# sexual + labour + other); "C" where reported.
ROWS = {
    # JAM sent female 3 and male 10, no total: the total estimate is computed from the withheld 3
    "JAM": {"total": (13.0, "E"), "female": (3, "C"), "male": (10, "C"), "sexual": (4.95, "E"), "labour": (4.01, "E"), "other": (4.04, "E")},
    # BRB sent a total of 3: every part is computed from it
    "BRB": {"total": (3, "C"), "female": (1.75, "E"), "male": (1.25, "E"), "sexual": (1.5, "E"), "labour": (0.75, "E"), "other": (0.75, "E")},
    "TTO": {"total": (52, "C"), "female": (30, "C"), "male": (22, "C"), "sexual": (26.5, "E"), "labour": (15.25, "E"), "other": (10.25, "E")},
    "GUY": {"total": (140, "C"), "female": (80.5, "E"), "male": (59.5, "E"), "sexual": (70.0, "E"), "labour": (40.0, "E"), "other": (30.0, "E")},
}
SEX = {"total": "total", "female": "female", "male": "male"}


def _dims(series: str) -> tuple[str, str]:
    return (SEX[series], "total") if series in SEX else ("total", series)


def _tables():
    fact_rows, est_rows = [], []
    for country, series in ROWS.items():
        for name, (value, nature) in series.items():
            sex, exploitation = _dims(name)
            key = (country, YEAR, IND, sex, "total", exploitation, "total")
            if nature == "C":
                fact_rows.append((*key, int(value), None))
            est_rows.append((*key, float(value), float(value), float(value) * 0.5, float(value) * 2, nature, "m", "n"))
    fact = pd.DataFrame(fact_rows, columns=[*KEY, "value", "flag"])
    fact["value"] = pd.array(fact["value"], dtype="Int64")
    for col in ("submission_id", "source_file", "source_sheet", "source_cell"):
        fact[col] = "x"
    estimates = pd.DataFrame(est_rows, columns=[*KEY, "estimate", "median", "lower_95", "upper_95", "nature", "method", "note"])
    regional = (
        estimates.groupby(["year", "indicator", "sex", "exploitation"], as_index=False)[["estimate", "median", "lower_95", "upper_95"]]
        .sum()
        .assign(nature="M", imputed_share=0.5, n_countries_reporting=3, population_share_reporting=0.9, publishable=True, reason="")
    )
    dim_country = pd.DataFrame({"country_iso3": MEMBERS})
    return {"fact_observation": fact, "mart_estimates": estimates, "mart_regional_estimates": regional, "dim_country": dim_country}


def _attack(internal: dict, public: dict) -> list[str]:
    """Withheld figures (estimates, regional estimates, reported counts) that the relations among
    the public figures determine exactly: null space of the withheld unknowns."""
    cells: dict[tuple, tuple[float, float]] = {}  # key -> (public value or NaN, true value)
    fact_i = internal["fact_observation"].set_index(KEY)["value"].astype(float)
    fact_p = public["fact_observation"].set_index(KEY)["value"].astype(float)
    for k in fact_i.index:
        cells[("fact", *k)] = (fact_p[k], fact_i[k])
    est_i = internal["mart_estimates"].set_index(KEY)
    est_p = public["mart_estimates"].set_index(KEY)
    var_of = {}
    for k in est_i.index:
        if est_i.loc[k, "nature"] == "C":
            var_of[k] = ("fact", *k)  # a reported row is the count itself
        else:
            var_of[k] = ("est", *k)
            cells[var_of[k]] = (float(est_p.loc[k, "estimate"]), float(est_i.loc[k, "estimate"]))
    reg_key = ["year", "indicator", "sex", "exploitation"]
    reg_i = internal["mart_regional_estimates"].set_index(reg_key)["estimate"]
    reg_p = public["mart_regional_estimates"].set_index(reg_key)["estimate"]
    for k in reg_i.index:
        cells[("reg", *k)] = (float(reg_p[k]), float(reg_i[k]))
    equations = []  # (total, parts)
    by_country = defaultdict(dict)
    for k, v in var_of.items():
        by_country[k[0]][(k[3], k[5])] = v
    for series in by_country.values():
        equations.append((series[("total", "total")], [series[("female", "total")], series[("male", "total")]]))
        equations.append((series[("total", "total")], [series[("total", e)] for e in ("sexual", "labour", "other")]))
    for k in reg_i.index:
        year, ind, sex, exploitation = k
        equations.append((("reg", *k), [by_country[c][(sex, exploitation)] for c in MEMBERS]))
    equations.append((("reg", YEAR, IND, "total", "total"), [("reg", YEAR, IND, s, "total") for s in ("female", "male")]))
    equations.append((("reg", YEAR, IND, "total", "total"), [("reg", YEAR, IND, "total", e) for e in ("sexual", "labour", "other")]))
    unknown = [c for c, (p, _) in cells.items() if np.isnan(p)]
    index = {c: i for i, c in enumerate(unknown)}
    a = np.zeros((len(equations), len(unknown)))
    b = np.zeros(len(equations))
    for r, (total, parts) in enumerate(equations):
        for cell, sign in ((total, 1.0), *((p, -1.0) for p in parts)):
            if cell in index:
                a[r, index[cell]] += sign
            else:
                b[r] -= sign * cells[cell][0]
    _, s, vt = np.linalg.svd(a)
    rank = int((s > 1e-9).sum())
    null = vt[rank:].T
    x, *_ = np.linalg.lstsq(a, b, rcond=None)
    found = []
    for c, i in index.items():
        if (null.shape[1] == 0 or np.abs(null[i]).max() < 1e-9) and abs(x[i] - cells[c][1]) < 0.5:
            found.append(f"{c} = {x[i]:.2f}")
    return found


def test_withheld_estimates_are_not_given_back_by_their_relations():
    tables = _tables()
    public = protect(tables, members=MEMBERS).tables
    est = public["mart_estimates"].set_index(["country_iso3", "sex", "exploitation"])["estimate"]
    reg = public["mart_regional_estimates"].set_index(["sex", "exploitation"])["estimate"]
    # the figures computed from a withheld count are withheld (as before)...
    assert np.isnan(est[("JAM", "total", "total")]) and np.isnan(est[("BRB", "total", "total")])
    assert np.isnan(reg[("total", "total")])
    # ...and neither their parts nor the region minus the members give them back
    assert not _attack(tables, public), _attack(tables, public)
    # the members with nothing withheld keep their figures
    assert est[("TTO", "total", "total")] == 52 and est[("GUY", "total", "total")] == 140


def test_the_attacker_finds_the_leak_without_the_relations():
    """Control: withholding only the rows computed from a withheld count (each row alone, the old
    rule) lets the attacker derive them from the parts and from the region."""
    tables = _tables()
    public = {k: v.copy() for k, v in tables.items()}
    fact = public["fact_observation"]
    small = fact["value"].between(1, 4).fillna(False).to_numpy()
    fact.loc[small, "value"] = pd.NA
    est = public["mart_estimates"]
    computed = est["country_iso3"].isin(["JAM", "BRB"]) & (est["nature"].eq("E") | (est["sex"].eq("total") & est["exploitation"].eq("total")))
    computed &= est["exploitation"].eq("total")  # the rows in a relation with the withheld count
    est.loc[computed | (est["nature"].eq("C") & est["estimate"].between(1, 4)), "estimate"] = np.nan
    reg = public["mart_regional_estimates"]
    reg.loc[reg["exploitation"].eq("total"), "estimate"] = np.nan  # every regional row holding JAM's or BRB's
    found = _attack(tables, public)
    assert any("JAM" in f and "'total', 'total', 'total', 'total'" in f for f in found), found
    assert any(f.startswith("('reg'") for f in found), found
