"""What the report reads from the warehouse, and the few frames it derives from it.

Everything here is read-only and tolerant: the estimate tables (mart_estimates,
mart_regional_estimates, mart_estimate_validation, mart_hidden_victims) may be absent, and the
report then shows reported figures only. Member-level statuses follow one vocabulary:

    reported    the member reported a total with a value (nature C)
    suppressed  the member reported a total as "<5" (a count from 1 to 4, value NULL)
    estimated   not reported: estimated from the member's own series (nature E)
    modelled    not reported: modelled from the region (nature M)
    none        nothing reported and nothing estimated

A suppressed total never carries a value in these frames (``value`` is NaN), so nothing
downstream can print it by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

VICTIMS = "victims_detected"
CHAIN = ("persons_investigated", "persons_prosecuted", "persons_convicted")
STATUSES = ("reported", "suppressed", "estimated", "modelled", "none")
REPORTING = ("reported", "suppressed")  # a "<5" counts as reported (it is a report, just not a number)
SUPPRESSED_BOUNDS = (1, 4)
TOTAL_CELL = {"sex": "total", "age_group": "total", "exploitation": "total", "citizenship": "total"}
ESTIMATE_TABLES = ("mart_estimates", "mart_regional_estimates", "mart_estimate_validation", "mart_hidden_victims")


@dataclass(frozen=True)
class ReportData:
    """The warehouse tables the report uses; an absent table is None."""

    members: pd.DataFrame  # country_iso3, name (sorted by name)
    indicator_names: dict[str, str]
    coverage: pd.DataFrame | None = None
    country_year: pd.DataFrame | None = None
    regional_year: pd.DataFrame | None = None
    estimates: pd.DataFrame | None = None
    regional_estimates: pd.DataFrame | None = None
    validation: pd.DataFrame | None = None
    hidden: pd.DataFrame | None = None
    submissions: pd.DataFrame | None = None
    tables: frozenset[str] = field(default_factory=frozenset)

    @property
    def has_estimates(self) -> bool:
        return _has_rows(self.estimates)

    @property
    def has_regional_estimates(self) -> bool:
        return _has_rows(self.regional_estimates)

    def name(self, iso3: str) -> str:
        names = dict(zip(self.members["country_iso3"], self.members["name"]))
        return names.get(iso3, iso3)

    def indicator_name(self, indicator: str) -> str:
        return self.indicator_names.get(indicator) or indicator.replace("_", " ").capitalize()

    def years(self) -> list[int]:
        """Every year any table covers, in order."""
        found: set[int] = set()
        for frame in (self.coverage, self.country_year, self.estimates):
            if _has_rows(frame):
                found.update(int(y) for y in frame["year"].dropna().unique())
        return sorted(found)


def _has_rows(frame: pd.DataFrame | None) -> bool:
    return frame is not None and not frame.empty


def load_report_data(warehouse: str | Path) -> ReportData:
    """Read the report's tables from the warehouse (read-only)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = frozenset(
            r[0] for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main'").fetchall())

        def read(name: str, order: str | None = None) -> pd.DataFrame | None:
            if name not in tables:
                return None
            sql = f'select * from "{name}"' + (f" order by {order}" if order else "")
            return con.execute(sql).df()

        dim_country = read("dim_country", "country_iso3")
        dim_indicator = read("dim_indicator", "indicator")
        coverage = read("mart_coverage", "country_iso3, year, indicator")
        country_year = read("mart_country_year", "country_iso3, year, indicator")
        regional_year = read("mart_regional_year", "indicator, year")
        estimates = read("mart_estimates")
        regional_estimates = read("mart_regional_estimates")
        validation = read("mart_estimate_validation")
        hidden = read("mart_hidden_victims")
        submissions = read("submissions", "submission_id")

    members = _members(dim_country, coverage, country_year)
    names = {}
    if _has_rows(dim_indicator) and "name_en" in dim_indicator:
        names = {str(k): str(v) for k, v in zip(dim_indicator["indicator"], dim_indicator["name_en"]) if pd.notna(v)}
    if _has_rows(estimates):
        estimates = estimates.sort_values(
            [c for c in ("country_iso3", "year", "indicator", "sex", "age_group", "exploitation", "citizenship")
             if c in estimates], ignore_index=True)
    if _has_rows(regional_estimates):
        regional_estimates = regional_estimates.sort_values(
            [c for c in ("indicator", "sex", "exploitation", "year") if c in regional_estimates], ignore_index=True)
    if _has_rows(hidden):
        hidden = hidden.sort_values([c for c in ("country_iso3", "year") if c in hidden], ignore_index=True)
    return ReportData(
        members=members, indicator_names=names, coverage=coverage, country_year=country_year,
        regional_year=regional_year, estimates=estimates, regional_estimates=regional_estimates,
        validation=validation, hidden=hidden, submissions=submissions, tables=tables,
    )


def _members(dim_country, coverage, country_year) -> pd.DataFrame:
    if _has_rows(dim_country):
        out = pd.DataFrame({
            "country_iso3": dim_country["country_iso3"].astype(str),
            "name": dim_country.get("name_en", dim_country["country_iso3"])
            .fillna(dim_country["country_iso3"]).astype(str),
        })
    else:
        codes = set()
        for frame in (coverage, country_year):
            if _has_rows(frame):
                codes.update(frame["country_iso3"].astype(str))
        out = pd.DataFrame({"country_iso3": sorted(codes), "name": sorted(codes)})
    return out.sort_values(["name", "country_iso3"], key=lambda s: s.str.casefold(), ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Member level


def member_totals(data: ReportData, indicator: str) -> pd.DataFrame:
    """One row per member x year: status, value (reported only; NaN for "<5"), and the estimate
    with its 95% interval where mart_estimates has one."""
    columns = ["country_iso3", "year", "status", "value", "estimate", "lower_95", "upper_95", "note", "breakdown_only"]
    if _has_rows(data.coverage):
        cov = data.coverage[data.coverage["indicator"] == indicator]
        base = cov[["country_iso3", "year", "has_total", "total_suppressed", "has_breakdown"]]
    else:
        base = pd.DataFrame(columns=["country_iso3", "year", "has_total", "total_suppressed", "has_breakdown"])
    if _has_rows(data.country_year):
        cy = data.country_year[data.country_year["indicator"] == indicator][
            ["country_iso3", "year", "total", "total_suppressed"]]
        base = base.merge(cy, on=["country_iso3", "year"], how="outer", suffixes=("", "_cy"))
        base["total_suppressed"] = _bool(base["total_suppressed"]) | _bool(base["total_suppressed_cy"])
        base = base.drop(columns=["total_suppressed_cy"])
    else:
        base["total"] = np.nan
    base["total_suppressed"] = _bool(base["total_suppressed"])
    value = pd.to_numeric(base["total"], errors="coerce").astype(float)
    base["status"] = np.select([base["total_suppressed"], value.notna()], ["suppressed", "reported"], "none")
    base["value"] = value.where(base["status"] == "reported")
    base["has_breakdown"] = _bool(base["has_breakdown"])
    base = base[["country_iso3", "year", "status", "value", "has_breakdown"]]

    if data.has_estimates:
        est = data.estimates
        mask = est["indicator"] == indicator
        for column, code in TOTAL_CELL.items():
            if column in est:
                mask &= est[column] == code
        est = est.loc[mask, ["country_iso3", "year", "estimate", "lower_95", "upper_95", "nature", "method", "note"]]
        out = base.merge(est, on=["country_iso3", "year"], how="outer")
        out["status"] = out["status"].fillna("none")
        nature = out["nature"].fillna("")
        note = out["note"].fillna("").astype(str)
        method = out["method"].fillna("").astype(str)
        no_estimate = out["estimate"].isna() | (method == "no_estimate")
        suppressed = (out["status"] == "suppressed") | ((nature == "E") & note.str.startswith("suppressed"))
        out["status"] = np.select(
            [nature == "C", suppressed, nature == "E", (nature == "M") & ~no_estimate, nature == "M"],
            ["reported", "suppressed", "estimated", "modelled", "none"],
            out["status"],
        )
        reported_value = out["value"].fillna(out["estimate"])
        out["value"] = reported_value.where(out["status"] == "reported")
    else:
        out = base.assign(estimate=np.nan, lower_95=np.nan, upper_95=np.nan, note="")
    out = out[out["country_iso3"].isin(data.members["country_iso3"])]
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].where(out["status"] == "reported")  # never a number for "<5"
    out["breakdown_only"] = _bool(out["has_breakdown"]) & (out["status"] == "none")
    return out[columns].sort_values(["country_iso3", "year"], ignore_index=True)


def _bool(series: pd.Series) -> pd.Series:
    return series.astype("boolean").fillna(False).astype(bool)


# ---------------------------------------------------------------------------------------------
# Regional level


def regional_trend(data: ReportData, indicator: str = VICTIMS) -> pd.DataFrame:
    """Per year: reported sum (values), number of "<5" totals, members reporting, population share,
    and the regional estimate with its interval and publishability when mart_regional_estimates has it.
    Columns: year, reported_sum, n_suppressed, n_reporting, population_share, estimate, lower_95,
    upper_95, publishable, reason."""
    totals = member_totals(data, indicator)
    per_year = totals.groupby("year").agg(
        reported_sum=("value", lambda v: float(v.sum(min_count=1)) if v.notna().any() else 0.0),
        n_suppressed=("status", lambda s: int((s == "suppressed").sum())),
        n_reporting=("status", lambda s: int(s.isin(REPORTING).sum())),
    ).reset_index()
    share = None
    if _has_rows(data.regional_year):
        ry = data.regional_year[data.regional_year["indicator"] == indicator]
        share = ry[["year", "population_share_reporting"]].rename(
            columns={"population_share_reporting": "population_share"})
    re = data.regional_estimates if data.has_regional_estimates else None
    if re is not None:
        re = re[(re["indicator"] == indicator) & (re.get("sex", "total") == "total")
                & (re.get("exploitation", "total") == "total")]
    if re is not None and not re.empty:
        re = re[["year", "estimate", "lower_95", "upper_95", "publishable", "reason",
                 "population_share_reporting", "n_countries_reporting"]].rename(
            columns={"population_share_reporting": "population_share_est"})
        out = re.merge(per_year, on="year", how="left")
        if share is not None:
            out = out.merge(share, on="year", how="left")
            out["population_share"] = out["population_share_est"].fillna(out["population_share"])
        else:
            out["population_share"] = out["population_share_est"]
        out["n_reporting"] = out["n_reporting"].fillna(out["n_countries_reporting"])
        out = out.drop(columns=["population_share_est", "n_countries_reporting"])
        out["publishable"] = _bool(out["publishable"])
        out["reason"] = out["reason"].fillna("").astype(str)
    else:
        out = per_year[per_year["n_reporting"] > 0]
        if share is not None:
            out = out.merge(share, on="year", how="left")
        else:
            out = out.assign(population_share=np.nan)
        out = out.assign(estimate=np.nan, lower_95=np.nan, upper_95=np.nan, publishable=False, reason="")
    out["reported_sum"] = out["reported_sum"].fillna(0.0)
    out["n_suppressed"] = out["n_suppressed"].fillna(0).astype(int)
    out["n_reporting"] = out["n_reporting"].fillna(0).astype(int)
    out["year"] = out["year"].astype(int)
    cols = ["year", "reported_sum", "n_suppressed", "n_reporting", "population_share",
            "estimate", "lower_95", "upper_95", "publishable", "reason"]
    return out[cols].sort_values("year", ignore_index=True)


def regional_breakdowns(data: ReportData, indicator: str = VICTIMS) -> pd.DataFrame:
    """mart_regional_estimates rows of the indicator's breakdown parts (not the total)."""
    if not data.has_regional_estimates:
        return pd.DataFrame()
    re = data.regional_estimates
    re = re[(re["indicator"] == indicator) & ((re["sex"] != "total") | (re["exploitation"] != "total"))]
    return re.sort_values(["year", "sex", "exploitation"], ignore_index=True)


def chain_by_year(data: ReportData) -> pd.DataFrame:
    """Per stage of the criminal-justice chain and year: reported sum as a range (a "<5" counts as
    1 to 4), members reporting, and the regional estimate where one exists.
    Columns: indicator, year, low, high, n_reporting, n_suppressed, estimate, lower_95, upper_95,
    publishable, reason."""
    frames = []
    for indicator in CHAIN:
        trend = regional_trend(data, indicator)
        trend = trend.assign(indicator=indicator,
                             low=trend["reported_sum"] + SUPPRESSED_BOUNDS[0] * trend["n_suppressed"],
                             high=trend["reported_sum"] + SUPPRESSED_BOUNDS[1] * trend["n_suppressed"])
        frames.append(trend)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return out


def chain_pooled(data: ReportData) -> dict:
    """Persons at each stage, pooled over the member-years that reported all three stages (so the
    stages count the same places and years). Sums are ranges when "<5" totals are included."""
    wide = None
    for indicator in CHAIN:
        t = member_totals(data, indicator)
        t = t[t["status"].isin(REPORTING)].copy()
        t[f"{indicator}_low"] = t["value"].where(t["status"] == "reported", SUPPRESSED_BOUNDS[0])
        t[f"{indicator}_high"] = t["value"].where(t["status"] == "reported", SUPPRESSED_BOUNDS[1])
        t = t[["country_iso3", "year", f"{indicator}_low", f"{indicator}_high"]]
        wide = t if wide is None else wide.merge(t, on=["country_iso3", "year"], how="inner")
    wide = wide if wide is not None else pd.DataFrame()
    stages = {}
    for indicator in CHAIN:
        stages[indicator] = (float(wide[f"{indicator}_low"].sum()) if len(wide) else 0.0,
                             float(wide[f"{indicator}_high"].sum()) if len(wide) else 0.0)
    return {
        "n_member_years": int(len(wide)),
        "members": sorted(set(wide["country_iso3"])) if len(wide) else [],
        "years": (int(wide["year"].min()), int(wide["year"].max())) if len(wide) else None,
        "stages": stages,
    }


def coverage_counts(data: ReportData) -> pd.DataFrame:
    """Members reporting a total (a value or "<5"), per indicator x year."""
    if not _has_rows(data.coverage):
        return pd.DataFrame(columns=["indicator", "year", "n"])
    cov = data.coverage[data.coverage["country_iso3"].isin(data.members["country_iso3"])]
    out = cov.assign(has=_bool(cov["has_total"])).groupby(["indicator", "year"])["has"].sum().reset_index(name="n")
    out["year"] = out["year"].astype(int)
    out["n"] = out["n"].astype(int)
    return out.sort_values(["indicator", "year"], ignore_index=True)


def threshold_text(data: ReportData) -> str | None:
    """The publishability threshold as the estimates state it ("50%"), when they do."""
    if not data.has_regional_estimates:
        return None
    reasons = data.regional_estimates["reason"].dropna().astype(str)
    found = reasons.str.extract(r"threshold (\d+(?:\.\d+)?%)")[0].dropna()
    return str(found.iloc[0]) if len(found) else None
