"""A small synthetic warehouse for the report tests: 5 members, 2015–2020, every table the report
reads (the core marts, and optionally the estimate tables), built directly with DuckDB.

Planted for the tests:
- member ZZZ is named with a <script> tag (labels come from submissions);
- BBB's victims_detected total is suppressed ("<5", value NULL) in SUPPRESSED_YEARS, and its
  estimate there is SUPPRESSED_ESTIMATE, a number that must never be printed;
- one hidden-victims row has 3 observed victims (a small count);
- some regional years are not publishable, with a reason;
- PUBLISHED_SMALL: BBB's 2020 total is 3, published by the source as a number (no flag): the
  public tables withhold it, and the regional estimate of 2020 that adds it in;
- COMPLEMENT: DDD's 2019 total 10 = female 3 + male 7, all published as numbers (and carried as
  reported, nature C, in mart_estimates): female 3 is withheld, and male 7 with it (else 10 - 7
  gives 3), and so are the regional female and male estimates of 2019 that add them in;
- one validation row has too few held-out values (its errors are withheld).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

YEARS = list(range(2015, 2021))
XSS_NAME = '<script>alert("owned")</script> Isle & Cays'
MEMBERS = {
    "AAA": "Atlantis",
    "BBB": "Bermuda Triangle",
    "CCC": "Coral Cay",
    "DDD": "Driftwood",
    "ZZZ": XSS_NAME,
}
POPULATION = {"AAA": 3_000_000, "BBB": 500_000, "CCC": 1_000_000, "DDD": 200_000, "ZZZ": 800_000}
INDICATORS = {
    "victims_detected": "Victims detected",
    "victims_assisted": "Victims assisted",
    "cases_investigated": "Cases investigated",
    "persons_investigated": "Persons investigated",
    "persons_prosecuted": "Persons prosecuted",
    "persons_convicted": "Persons convicted",
}
SUPPRESSED = "suppressed"
SUPPRESSED_YEARS = (2016, 2019)
SUPPRESSED_ESTIMATE = 3.14159
NOT_PUBLISHABLE_YEARS = (2015, 2020)
REASON = "only 35% of the region's population reported; threshold 50%"
# reported totals: (member, indicator) -> {year: value or SUPPRESSED}
REPORTED = {
    ("AAA", "victims_detected"): {2015: 120, 2016: 135, 2017: 150, 2018: 1234, 2019: 160, 2020: 170},
    ("BBB", "victims_detected"): {2015: 12, 2016: SUPPRESSED, 2017: 9, 2018: 11, 2019: SUPPRESSED, 2020: 3},
    ("DDD", "victims_detected"): {2019: 10},
    ("ZZZ", "victims_detected"): {2017: 40, 2018: 44, 2019: 52},
    ("AAA", "persons_investigated"): {y: 60 + y - 2015 for y in YEARS},
    ("AAA", "persons_prosecuted"): {y: 30 + y - 2015 for y in YEARS},
    ("AAA", "persons_convicted"): {y: 10 + (y - 2015) // 2 for y in YEARS},
    ("BBB", "persons_investigated"): {2017: 15, 2018: 14},
    ("BBB", "persons_prosecuted"): {2017: 7, 2018: SUPPRESSED},
    ("BBB", "persons_convicted"): {2017: SUPPRESSED, 2018: SUPPRESSED},
    ("ZZZ", "persons_prosecuted"): {2019: 8},
}
# reported breakdowns by sex: (member, indicator, year) -> {sex: value}
BREAKDOWNS = {("DDD", "victims_detected", 2018): {"female": 6, "male": 2}, ("DDD", "victims_detected", 2019): {"female": 3, "male": 7}}
PUBLISHED_SMALL = ("BBB", "victims_detected", 2020)  # value 3, published by the source as a number
COMPLEMENT = ("DDD", "victims_detected", 2019)  # total 10 = female 3 (small) + male 7 (its complement)


def _facts() -> pd.DataFrame:
    rows = []
    for (iso, indicator), by_year in REPORTED.items():
        for year, value in by_year.items():
            suppressed = value == SUPPRESSED
            rows.append(
                dict(
                    country_iso3=iso,
                    year=year,
                    indicator=indicator,
                    sex="total",
                    age_group="total",
                    exploitation="total",
                    citizenship="total",
                    value=None if suppressed else value,
                    flag="suppressed" if suppressed else None,
                )
            )
    for (iso, indicator, year), parts in BREAKDOWNS.items():
        for sex, value in parts.items():
            rows.append(
                dict(
                    country_iso3=iso,
                    year=year,
                    indicator=indicator,
                    sex=sex,
                    age_group="total",
                    exploitation="total",
                    citizenship="total",
                    value=value,
                    flag=None,
                )
            )
    facts = pd.DataFrame(rows)
    facts["value"] = facts["value"].astype("Int64")
    facts["submission_id"] = "0123456789abcdef"
    facts["source_file"] = "UNODC/synthetic.xlsx"
    facts["source_sheet"] = "data"
    facts["source_cell"] = [f"B{i + 2}" for i in range(len(facts))]
    return facts


def _country_year(facts: pd.DataFrame) -> pd.DataFrame:
    totals = facts[(facts["sex"] == "total")]
    out = totals.assign(total=totals["value"], total_suppressed=totals["flag"] == "suppressed")[
        ["country_iso3", "year", "indicator", "total", "total_suppressed"]
    ]
    bd = facts[facts["sex"] != "total"].pivot_table(index=["country_iso3", "year", "indicator"], columns="sex", values="value", aggfunc="sum").reset_index()
    out = out.merge(bd, on=["country_iso3", "year", "indicator"], how="outer")
    out["total_suppressed"] = out["total_suppressed"].astype("boolean").fillna(False).astype(bool)
    for column in ("female", "male"):
        if column not in out:
            out[column] = pd.NA
    out["has_inconsistency"] = False
    for column in ("children", "adults", "sexual_exploitation", "forced_labour", "other_exploitation", "nationals", "foreigners"):
        out[column] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["n_observations"] = 1
    out["population"] = out["country_iso3"].map(POPULATION).astype(float)
    out["per_100k"] = out["total"].astype(float) / out["population"] * 1e5
    return out[
        [
            "country_iso3",
            "year",
            "indicator",
            "total",
            "total_suppressed",
            "has_inconsistency",
            "female",
            "male",
            "children",
            "adults",
            "sexual_exploitation",
            "forced_labour",
            "other_exploitation",
            "nationals",
            "foreigners",
            "n_observations",
            "population",
            "per_100k",
        ]
    ]


def _coverage(facts: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for iso in MEMBERS:
        for year in YEARS:
            for indicator in INDICATORS:
                f = facts[(facts["country_iso3"] == iso) & (facts["year"] == year) & (facts["indicator"] == indicator)]
                total = f[f["sex"] == "total"]
                rows.append(
                    dict(
                        country_iso3=iso,
                        year=year,
                        indicator=indicator,
                        n_observations=len(f),
                        reported=len(f) > 0,
                        has_total=len(total) > 0,
                        total_suppressed=bool((total["flag"] == "suppressed").any()),
                        has_breakdown=bool((f["sex"] != "total").any()),
                    )
                )
    return pd.DataFrame(rows)


def _regional_year(coverage: pd.DataFrame, country_year: pd.DataFrame) -> pd.DataFrame:
    rows = []
    region_pop = float(sum(POPULATION.values()))
    for indicator in INDICATORS:
        for year in YEARS:
            cov = coverage[(coverage["indicator"] == indicator) & (coverage["year"] == year) & coverage["has_total"]]
            cy = country_year[(country_year["indicator"] == indicator) & (country_year["year"] == year)]
            values = cy["total"].dropna()
            n_supp = int(cov["total_suppressed"].sum())
            pop = float(sum(POPULATION[c] for c in cov["country_iso3"]))
            rows.append(
                dict(
                    year=year,
                    indicator=indicator,
                    n_countries_reporting=len(cov),
                    n_countries_with_value=len(values),
                    n_countries_suppressed=n_supp,
                    reported_sum=int(values.sum()) if len(values) else None,
                    reported_sum_min=int(values.sum()),
                    reported_sum_max=int(values.sum()) + 4 * n_supp,
                    n_members=len(MEMBERS),
                    population_reporting=pop,
                    region_population=region_pop,
                    population_share_reporting=pop / region_pop,
                    countries_reporting=",".join(sorted(cov["country_iso3"])),
                )
            )
    return pd.DataFrame(rows)


def _estimates() -> pd.DataFrame:
    rows = []
    for iso in MEMBERS:
        for year in YEARS:
            for indicator in INDICATORS:
                value = REPORTED.get((iso, indicator), {}).get(year)
                if value == SUPPRESSED:
                    est, lo, hi, nature, method = SUPPRESSED_ESTIMATE, 1.0, 4.0, "E", "eb_negbin_censored"
                    note = "suppressed (<5) count; estimate conditional on 1–4"
                elif value is not None:
                    est = lo = hi = float(value)
                    nature, method, note = "C", "reported", "reported by the country"
                elif REPORTED.get((iso, indicator)):
                    reported = [v for v in REPORTED[(iso, indicator)].values() if v != SUPPRESSED]
                    est = float(np.mean(reported)) if reported else 2.5
                    lo, hi = est * 0.5, est * 1.8
                    nature, method = "E", "eb_negbin_country_effect"
                    note = "expected number, not prevalence; from the country's own reports in other years"
                else:
                    est = POPULATION[iso] / 1e5 * (2.0 if indicator == "victims_detected" else 1.0)
                    lo, hi = est * 0.3, est * 2.5
                    nature, method = "M", "regional_model"
                    note = "expected number, not prevalence; the country reported none: modelled from the region"
                rows.append(
                    dict(
                        country_iso3=iso,
                        year=year,
                        indicator=indicator,
                        sex="total",
                        age_group="total",
                        exploitation="total",
                        citizenship="total",
                        estimate=est,
                        lower_95=lo,
                        upper_95=hi,
                        nature=nature,
                        method=method,
                        note=note,
                    )
                )
                if indicator == "victims_detected":
                    reported_parts = BREAKDOWNS.get((iso, indicator, year), {}) if nature == "C" else {}
                    for sex, exploitation, share in (
                        ("female", "total", 0.6),
                        ("male", "total", 0.4),
                        ("total", "sexual", 0.5),
                        ("total", "labour", 0.3),
                        ("total", "other", 0.2),
                    ):
                        if exploitation == "total" and sex in reported_parts:  # a reported part, as reported
                            part = float(reported_parts[sex])
                            rows.append(
                                dict(
                                    country_iso3=iso,
                                    year=year,
                                    indicator=indicator,
                                    sex=sex,
                                    age_group="total",
                                    exploitation=exploitation,
                                    citizenship="total",
                                    estimate=part,
                                    lower_95=part,
                                    upper_95=part,
                                    nature="C",
                                    method="reported",
                                    note="reported by the country",
                                )
                            )
                            continue
                        rows.append(
                            dict(
                                country_iso3=iso,
                                year=year,
                                indicator=indicator,
                                sex=sex,
                                age_group="total",
                                exploitation=exploitation,
                                citizenship="total",
                                estimate=est * share,
                                lower_95=lo * share,
                                upper_95=hi * share,
                                nature="E" if nature == "C" else nature,
                                method="dirichlet_multinomial_share_of_total",
                                note="share of the total",
                            )
                        )
    return pd.DataFrame(rows)


def _regional_estimates(estimates: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    keys = ["year", "indicator", "sex", "exploitation"]
    sums = estimates.groupby(keys).agg(estimate=("estimate", "sum"), lower_95=("lower_95", "sum"), upper_95=("upper_95", "sum")).reset_index()
    sums["lower_95"] = sums["estimate"] - (sums["estimate"] - sums["lower_95"]) * 0.6
    sums["upper_95"] = sums["estimate"] + (sums["upper_95"] - sums["estimate"]) * 0.6
    cov = (
        coverage[coverage["has_total"]]
        .groupby(["year", "indicator"])
        .agg(n_countries_reporting=("country_iso3", "size"), pop=("country_iso3", lambda c: sum(POPULATION[i] for i in c)))
        .reset_index()
    )
    out = sums.merge(cov, on=["year", "indicator"], how="left")
    out["n_countries_reporting"] = out["n_countries_reporting"].fillna(0).astype(int)
    out["population_share_reporting"] = out["pop"].fillna(0) / sum(POPULATION.values())
    out["publishable"] = ~out["year"].isin(NOT_PUBLISHABLE_YEARS)
    out["reason"] = np.where(out["publishable"], "", REASON)
    return out[
        [
            "year",
            "indicator",
            "sex",
            "exploitation",
            "estimate",
            "lower_95",
            "upper_95",
            "n_countries_reporting",
            "population_share_reporting",
            "publishable",
            "reason",
        ]
    ]


def build_synthetic_warehouse(path: Path, estimates: bool = True, drop: tuple[str, ...] = ()) -> Path:
    """Write the warehouse at `path`; `estimates=False` leaves out the four estimate tables, and
    `drop` names further tables to leave out."""
    facts = _facts()
    country_year = _country_year(facts)
    coverage = _coverage(facts)
    tables = {
        "dim_country": pd.DataFrame(
            {
                "country_iso3": list(MEMBERS),
                "m49": range(901, 901 + len(MEMBERS)),
                "name_en": list(MEMBERS.values()),
                "name_es": list(MEMBERS.values()),
                "name_fr": list(MEMBERS.values()),
                "name_nl": list(MEMBERS.values()),
                "founding_member": [True, False, False, True, False],
            }
        ),
        "dim_indicator": pd.DataFrame(
            {
                "indicator": list(INDICATORS),
                "unit": "persons",
                "definition": "synthetic",
                "dimensions": "",
                "name_en": list(INDICATORS.values()),
                "name_es": list(INDICATORS.values()),
                "name_fr": list(INDICATORS.values()),
                "name_nl": list(INDICATORS.values()),
                "sdmx_series": None,
            }
        ),
        "fact_observation": facts,
        "mart_country_year": country_year,
        "mart_coverage": coverage,
        "mart_regional_year": _regional_year(coverage, country_year),
        "submissions": pd.DataFrame(
            [
                dict(
                    submission_id="0123456789abcdef",
                    country_iso3=None,
                    source_file="UNODC/synthetic.xlsx",
                    sha256="0" * 64,
                    received_at="2024-05-01T12:00:00+00:00",
                    status="accepted",
                    n_observations=len(facts),
                    n_quarantined=0,
                    message="synthetic",
                    source_kind="unodc",
                )
            ]
        ),
    }
    if estimates:
        est = _estimates()
        tables["mart_estimates"] = est
        tables["mart_regional_estimates"] = _regional_estimates(est, coverage)
        tables["mart_estimate_validation"] = pd.DataFrame(
            {
                "indicator": ["victims_detected", "persons_convicted", "persons_prosecuted", "all"],
                "method": "eb_negbin",
                "design": "5-fold",
                "n_held_out": [14, 6, 3, 23],
                "mean_abs_error": [4.2, 1.5, 2.7, 3.4],
                "median_abs_error": [3.5, 1.25, 2.5, 2.0],
                "mean_abs_error_last_value": [6.1, 2.0, 2.9, 4.9],
                "coverage_95": [0.93, 0.83, 0.67, 0.9],
            }
        )
        tables["mart_hidden_victims"] = pd.DataFrame(
            {
                "country_iso3": ["ZZZ", "AAA"],
                "year": [2019, 2018],
                "observed": [3, 140],
                "estimate": [11.2, 310.4],
                "ci_lower": [4.0, 220.0],
                "ci_upper": [40.0, 455.5],
                "lists": ["police,<b>ngo</b>", "police,ngo,labour"],
                "model": ["", "police:ngo"],
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    with duckdb.connect(str(path)) as con:
        for name, frame in tables.items():
            if name in drop:
                continue
            con.register("frame", frame)
            con.execute(f'create table "{name}" as select * from frame')
            con.unregister("frame")
        from tests.flows.synthetic_flows import add_empty_flow_tables

        add_empty_flow_tables(con, drop)  # the flow tables every built warehouse has (issue 12)
    return path
