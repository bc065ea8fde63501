"""What the report reads from the warehouse, and the few frames it derives from it.

The report is a public product: it shows only what the public exports publish. The warehouse
keeps every value (small counts a source published as numbers included), so `load_report_data`
runs the tables through the same disclosure control as the exports
(`ctip.export.suppression.protect`) and keeps only the public versions of the tables that carry
values. A withheld value is NULL there, whether it is a count from 1 to 4 (primary) or a figure
that would let one be worked out (complementary); the report cannot tell the two apart and
does not try: it marks both "x".

Everything here is read-only and tolerant: the estimate tables (mart_estimates,
mart_regional_estimates, mart_estimate_validation, mart_hidden_victims) may be absent, and the
report then shows reported figures only. Member-level statuses follow one vocabulary:

    reported    the member reported a total and it is published (nature C)
    withheld    the member reported a total that is not published: "<5" at the source, a count
                from 1 to 4, or a figure that would let one be worked out (value NULL)
    estimated   not reported: estimated from the member's own series (nature E)
    modelled    not reported: modelled from the region (nature M)
    none        nothing reported and nothing estimated

A withheld total never carries a value in these frames (``value`` and ``estimate`` are NaN), so
nothing downstream can print it by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ctip.export.audit import AnswerStore
from ctip.export.audit_store import Answers, load_store, save_store, store_path
from ctip.export.decisions import INPUTS as DECISION_INPUTS
from ctip.export.decisions import folder as decisions_folder
from ctip.export.releases import check_history
from ctip.export.suppression import REGIONAL_WITHHELD_REASON, SMALL, WITHHELD_NOTE, PublicTables, protect
from ctip.paths import internal_dir
from ctip.schema import load_schema
from ctip.warehouse.build import derived_keys
from ctip.warehouse.cells import is_total_row

VICTIMS = load_schema().role("headline")  # the report's headline indicator
CHAIN = load_schema().role("chain")  # investigation to conviction, in order
STATUSES = ("reported", "withheld", "estimated", "modelled", "none")
REPORTING = ("reported", "withheld")  # a withheld total counts as reported (a report, just not published)
ESTIMATE_TABLES = ("mart_estimates", "mart_regional_estimates", "mart_estimate_validation", "mart_hidden_victims")
# The report's tables that carry values, by warehouse table: these are read through `protect`.
PROTECTED = {
    "country_year": "mart_country_year",
    "regional_year": "mart_regional_year",
    "estimates": "mart_estimates",
    "regional_estimates": "mart_regional_estimates",
    "validation": "mart_estimate_validation",
    "hidden": "mart_hidden_victims",
}


@dataclass(frozen=True)
class Protected:
    """A protection (`public`, ctip.export.suppression.PublicTables) and exactly the inputs its
    decision was made from (ctip.export.decisions.INPUTS, the members)."""

    inputs: dict[str, pd.DataFrame]
    members: list[str] | None
    public: PublicTables

    def decided_for(self, given: dict[str, pd.DataFrame], members: list[str] | None) -> bool:
        """Whether a protection of `given` would make the same decision: the same inputs, value for
        value (and type for type), row for row, and the same members."""
        if (self.members is None) != (members is None) or (members is not None and set(self.members) != set(members)):
            return False
        if {n for n in DECISION_INPUTS if n in given} != set(self.inputs):
            return False
        return all(_identical(self.inputs[n], given[n]) for n in self.inputs)


def _identical(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return list(a.columns) == list(b.columns) and list(a.dtypes) == list(b.dtypes) and a.reset_index(drop=True).equals(b.reset_index(drop=True))


class ReportDataError(RuntimeError):
    """The warehouse cannot be shown safely (no fact table to apply the suppression to, or a small
    count that would stay derivable)."""


REPORT_STORE = Path("cache") / "report_audit.json"  # beside the warehouse, internal like the exports' store


@dataclass(frozen=True)
class ReportData:
    """The warehouse tables the report uses, in their public versions; an absent table is None.

    `estimates`, `regional_estimates` and `hidden` carry a boolean column `withheld` (a value of the
    row is not published); `validation_withheld` is a mask of the withheld cells of `validation`."""

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
    validation_withheld: pd.DataFrame | None = None
    tables: frozenset[str] = field(default_factory=frozenset)
    # False when the validation was computed from other facts than the estimates shown (it is its
    # own weekly job; the warehouse keeps the last one); None when either key is unknown.
    validation_current: bool | None = None
    # revised cells the public tables hold back at the previous release's state (ctip.export.holdback)
    held_back: int = 0
    # frames derived once per page (the sections ask for the same indicator's totals many times)
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    # the protection these tables were published by, with its inputs (Protected): the flows read
    # the same decision when they read the same inputs (ctip.report.flows_data)
    protected: Protected | None = field(default=None, repr=False, compare=False)

    def derived(self, name: str, indicator: str, compute) -> pd.DataFrame:
        """`compute(self, indicator)`, computed once; every caller gets its own copy."""
        key = (name, indicator)
        if key not in self._derived:
            self._derived[key] = compute(self, indicator)
        return self._derived[key].copy()

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


def report_answers(warehouse: str | Path) -> Answers:
    """The bounds audit's answers: the exports' (read only: the exports own that file) and the
    report's own (its tables differ a little, so about a quarter of its programs are its own)."""
    exports_store, report_store = load_store(store_path(warehouse)), load_store(internal_dir(warehouse) / REPORT_STORE)
    return Answers({**exports_store.entries, **report_store.entries}, {**exports_store.determined, **report_store.determined})


def save_report_answers(warehouse: str | Path, store: Answers) -> None:
    """Keep the answers the report used (its own file: the exports' store is theirs)."""
    save_store(internal_dir(warehouse) / REPORT_STORE, store)  # a failure to write only costs time


def load_report_data(warehouse: str | Path, store: Answers | None = None) -> ReportData:
    """Read the report's tables from the warehouse (read-only) and keep their public versions:
    what `ctip.export.suppression.protect` publishes, as the public exports do. `store`: the
    audit's answers (report_answers), kept by the caller; else loaded and kept here."""
    check_history(Path(warehouse))  # no release history: no figures published, as the exports
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = frozenset(r[0] for r in con.execute("select table_name from information_schema.tables where table_schema = 'main'").fetchall())

        def read(name: str, order: str | None = None) -> pd.DataFrame | None:
            if name not in tables:
                return None
            sql = f'select * from "{name}"' + (f" order by {order}" if order else "")
            return con.execute(sql).df()

        dim_country = read("dim_country", "country_iso3")
        dim_indicator = read("dim_indicator", "indicator")
        coverage = read("mart_coverage", "country_iso3, year, indicator")
        internal = {
            "fact_observation": read("fact_observation"),
            "mart_country_year": read("mart_country_year", "country_iso3, year, indicator"),
            "mart_regional_year": read("mart_regional_year", "indicator, year"),
            "mart_estimates": read("mart_estimates"),
            "mart_regional_estimates": read("mart_regional_estimates"),
            "mart_estimate_validation": read("mart_estimate_validation"),
            "mart_hidden_victims": read("mart_hidden_victims"),
            "release_cells": read("release_cells"),  # the previous release, protected against as the exports do
            "fact_flow": read("fact_flow"),  # flows are cells of the facts' problem (ctip.export.flow_cells)
        }
        submissions = read("submissions", "submission_id")
        derived = derived_keys(con)

    internal = {name: frame for name, frame in internal.items() if frame is not None}
    frame = internal.get("mart_hidden_victims")
    if _has_rows(frame):
        internal["mart_hidden_victims"] = frame.sort_values(["country_iso3", "year"], ignore_index=True, kind="stable")
    # The estimates are protected in the order the exports read them (the decision is per row, so
    # the exports' decision is read, ctip.export.decisions), then shown sorted.
    decisions = decisions_folder(warehouse)
    if store is None:
        store = report_answers(warehouse)
        public, held_back, protected = _public_tables(internal, dim_country, store, decisions)
        save_report_answers(warehouse, store)
    else:  # the caller keeps it (and its other uses) once it is done
        public, held_back, protected = _public_tables(internal, dim_country, store, decisions)
    for name, keys in (
        ("mart_estimates", ("country_iso3", "year", "indicator", "sex", "age_group", "exploitation", "citizenship")),
        ("mart_regional_estimates", ("indicator", "sex", "exploitation", "year")),
    ):
        frame = internal.get(name)
        if _has_rows(frame):
            frame = frame.reset_index(drop=True)
            order = frame.sort_values([c for c in keys if c in frame], kind="stable").index.to_numpy()
            internal[name] = frame.take(order).reset_index(drop=True)
            if name in public:
                public[name] = public[name].take(order).reset_index(drop=True)

    members = _members(dim_country, coverage, public.get("mart_country_year"))
    names = {}
    if _has_rows(dim_indicator) and "name_en" in dim_indicator:
        names = {str(k): str(v) for k, v in zip(dim_indicator["indicator"], dim_indicator["name_en"]) if pd.notna(v)}
    estimates = public.get("mart_estimates")
    if estimates is not None:
        note = estimates["note"].astype("string") if "note" in estimates else pd.Series(pd.NA, index=estimates.index)
        estimates = estimates.assign(withheld=note.eq(WITHHELD_NOTE).fillna(False).to_numpy(dtype=bool))
    regional_estimates = public.get("mart_regional_estimates")
    if regional_estimates is not None:
        reason = regional_estimates["reason"].astype("string") if "reason" in regional_estimates else pd.Series(pd.NA, index=regional_estimates.index)
        regional_estimates = regional_estimates.assign(withheld=reason.eq(REGIONAL_WITHHELD_REASON).fillna(False).to_numpy(dtype=bool))
    hidden = public.get("mart_hidden_victims")
    if hidden is not None:
        cols = [c for c in ("observed", "estimate", "ci_lower", "ci_upper") if c in hidden]
        mask = _withheld_cells(internal["mart_hidden_victims"], hidden, cols)
        hidden = hidden.assign(withheld=mask.any(axis=1).to_numpy(dtype=bool))
    validation = public.get("mart_estimate_validation")
    validation_withheld = None
    if validation is not None:
        numeric = [c for c in validation.columns if pd.api.types.is_numeric_dtype(validation[c]) and not pd.api.types.is_bool_dtype(validation[c])]
        validation_withheld = _withheld_cells(internal["mart_estimate_validation"], validation, numeric)
    return ReportData(
        members=members,
        indicator_names=names,
        coverage=coverage,
        country_year=public.get("mart_country_year"),
        regional_year=public.get("mart_regional_year"),
        estimates=estimates,
        regional_estimates=regional_estimates,
        validation=validation,
        hidden=hidden,
        submissions=submissions,
        validation_withheld=validation_withheld,
        tables=tables,
        validation_current=_same_key(derived, "mart_estimate_validation", "mart_estimates"),
        held_back=held_back,
        protected=protected,
    )


def _same_key(keys: dict[str, str], a: str, b: str) -> bool | None:
    """Whether two derived tables were made from the same inputs (their keys hash the same tables
    and code), or None when one has no key."""
    return keys[a] == keys[b] if a in keys and b in keys else None


def _public_tables(
    internal: dict[str, pd.DataFrame], dim_country: pd.DataFrame | None, store: AnswerStore | None = None, decisions: Path | None = None
) -> tuple[dict[str, pd.DataFrame], int, Protected | None]:
    """The public versions of the tables (the exports' suppression, with the same members), how
    many revised cells they hold back, and the protection with its inputs. `store`: the bounds audit's answers kept by earlier
    exports and reports; `decisions`: the protection decisions made before (the exports')."""
    values = [name for name in PROTECTED.values() if name in internal]
    if not values:
        return {}, 0, None
    if "fact_observation" not in internal:
        raise ReportDataError(
            "the warehouse has no fact_observation table: the small-count suppression of the public exports cannot be applied, so no figure can be shown"
        )
    given = dict(internal)
    if dim_country is not None:
        given["dim_country"] = dim_country
    members = dim_country["country_iso3"].astype(str).tolist() if dim_country is not None else None
    public = protect(given, members=members, store=store, decisions=decisions)
    if public.unresolved:
        raise ReportDataError(f"{public.unresolved} small counts would stay derivable from the public tables")
    protected = Protected({name: given[name] for name in DECISION_INPUTS if name in given}, members, public)
    return {name: public.tables[name].reset_index(drop=True) for name in values}, public.held_back, protected


def _withheld_cells(internal: pd.DataFrame, public: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Cells with a value in the warehouse and none in the public table (same rows, same order)."""
    before = internal.reset_index(drop=True)[columns].notna()
    after = public.reset_index(drop=True)[columns].isna()
    return (before & after).astype(bool)


def _members(dim_country, coverage, country_year) -> pd.DataFrame:
    if _has_rows(dim_country):
        out = pd.DataFrame(
            {
                "country_iso3": dim_country["country_iso3"].astype(str),
                "name": dim_country.get("name_en", dim_country["country_iso3"]).fillna(dim_country["country_iso3"]).astype(str),
            }
        )
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
    """One row per member x year: status, value (published reported totals only; NaN when withheld),
    and the estimate with its 95% interval where mart_estimates publishes one. `estimate_withheld`:
    the member has an estimate (E or M) that the public tables withhold. A withheld total has no
    estimate either (not even one the public tables publish): nothing numeric is shown for it."""
    return data.derived("member_totals", indicator, _member_totals)


def _member_totals(data: ReportData, indicator: str) -> pd.DataFrame:
    columns = ["country_iso3", "year", "status", "value", "estimate", "lower_95", "upper_95", "estimate_withheld", "note", "breakdown_only"]
    if _has_rows(data.coverage):
        cov = data.coverage[data.coverage["indicator"] == indicator]
        base = cov[["country_iso3", "year", "has_total", "total_suppressed", "has_breakdown"]]
    else:
        base = pd.DataFrame(columns=["country_iso3", "year", "has_total", "total_suppressed", "has_breakdown"])
    if _has_rows(data.country_year):
        # total_suppressed of the public mart_country_year: any withheld total, small or complementary
        cy = data.country_year[data.country_year["indicator"] == indicator][["country_iso3", "year", "total", "total_suppressed"]]
        base = base.merge(cy, on=["country_iso3", "year"], how="outer", suffixes=("", "_cy"))
        base["total_suppressed"] = _bool(base["total_suppressed"]) | _bool(base["total_suppressed_cy"])
        base = base.drop(columns=["total_suppressed_cy"])
    else:
        base["total"] = np.nan
    base["total_suppressed"] = _bool(base["total_suppressed"])
    value = pd.to_numeric(base["total"], errors="coerce").astype(float)
    base["status"] = np.select([base["total_suppressed"], value.notna()], ["withheld", "reported"], "none")
    base["value"] = value.where(base["status"] == "reported")
    base["has_breakdown"] = _bool(base["has_breakdown"])
    base = base[["country_iso3", "year", "status", "value", "has_breakdown"]]

    if data.has_estimates:
        est = data.estimates
        mask = (est["indicator"] == indicator) & is_total_row(est)
        est = est.loc[mask, ["country_iso3", "year", "estimate", "lower_95", "upper_95", "nature", "method", "note", "withheld"]]
        out = base.merge(est, on=["country_iso3", "year"], how="outer")
        out["status"] = out["status"].fillna("none")
        nature = out["nature"].fillna("")
        note = out["note"].fillna("").astype(str)
        method = out["method"].fillna("").astype(str)
        est_withheld = _bool(out["withheld"])
        no_estimate = (out["estimate"].isna() & ~est_withheld) | (method == "no_estimate")
        withheld = (out["status"] == "withheld") | ((nature == "C") & est_withheld) | ((nature == "E") & note.str.startswith("suppressed"))
        out["status"] = np.select(
            [withheld, nature == "C", nature == "E", (nature == "M") & ~no_estimate, nature == "M"],
            ["withheld", "reported", "estimated", "modelled", "none"],
            out["status"],
        )
        reported_value = out["value"].fillna(out["estimate"])
        out["value"] = reported_value.where(out["status"] == "reported")
        out["estimate_withheld"] = est_withheld & out["status"].isin(["estimated", "modelled"])
    else:
        out = base.assign(estimate=np.nan, lower_95=np.nan, upper_95=np.nan, note="", estimate_withheld=False)
    out = out[out["country_iso3"].isin(data.members["country_iso3"])].copy()
    out["year"] = out["year"].astype(int)
    shown = out["status"] != "withheld"  # never a number for a withheld total, not even its estimate
    out["value"] = out["value"].where(out["status"] == "reported")
    for column in ("estimate", "lower_95", "upper_95"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float).where(shown)
    out["estimate_withheld"] = _bool(out["estimate_withheld"])
    out["breakdown_only"] = _bool(out["has_breakdown"]) & (out["status"] == "none")
    return out[columns].sort_values(["country_iso3", "year"], ignore_index=True)


def _bool(series: pd.Series) -> pd.Series:
    return series.astype("boolean").fillna(False).astype(bool)


# ---------------------------------------------------------------------------------------------
# Regional level


def reported_by_year(data: ReportData, indicator: str = VICTIMS) -> pd.DataFrame:
    """Per year, over the members: the sum of the published totals, the number of withheld totals
    ("x") and of members reporting (a withheld total counts as reported), and the range of the sum
    with the withheld totals [low, high] as the public mart_regional_year gives it (high is NaN
    when it has no upper bound: a withheld total may be a complementary figure of any size).
    Columns: year, reported_sum, n_withheld, n_reporting, low, high, population_share."""
    return data.derived("reported_by_year", indicator, _reported_by_year)


def _reported_by_year(data: ReportData, indicator: str) -> pd.DataFrame:
    totals = member_totals(data, indicator)
    per_year = (
        totals.groupby("year")
        .agg(
            reported_sum=("value", lambda v: float(v.sum(min_count=1)) if v.notna().any() else 0.0),
            n_withheld=("status", lambda s: int((s == "withheld").sum())),
            n_reporting=("status", lambda s: int(s.isin(REPORTING).sum())),
        )
        .reset_index()
    )
    per_year["low"] = per_year["reported_sum"]
    per_year["high"] = per_year["reported_sum"].where(per_year["n_withheld"] == 0)
    per_year["population_share"] = np.nan
    if _has_rows(data.regional_year) and len(per_year):
        ry = data.regional_year[data.regional_year["indicator"] == indicator].drop_duplicates("year")
        ry = ry.set_index(ry["year"].astype(int)).reindex(per_year["year"])
        if "population_share_reporting" in ry:
            per_year["population_share"] = pd.to_numeric(ry["population_share_reporting"], errors="coerce").to_numpy()
        # The public range, where the mart counts the same totals as the members' (it is the region's).
        if {"reported_sum", "n_countries_suppressed", "reported_sum_min", "reported_sum_max"} <= set(ry.columns):
            same = np.isclose(pd.to_numeric(ry["reported_sum"], errors="coerce").fillna(0.0).to_numpy(float), per_year["reported_sum"].to_numpy(float)) & (
                pd.to_numeric(ry["n_countries_suppressed"], errors="coerce").to_numpy(float) == per_year["n_withheld"].to_numpy(float)
            )
            low = pd.to_numeric(ry["reported_sum_min"], errors="coerce").to_numpy(float)
            high = pd.to_numeric(ry["reported_sum_max"], errors="coerce").to_numpy(float)
            per_year["low"] = np.where(same & np.isfinite(low), low, per_year["low"])
            per_year["high"] = np.where(same, high, per_year["high"])
    return per_year


def regional_trend(data: ReportData, indicator: str = VICTIMS) -> pd.DataFrame:
    """Per year: reported sum (published values), number of withheld totals, members reporting,
    population share, the range of the reported sum, and the regional estimate with its interval
    and publishability when mart_regional_estimates has it (`withheld`: the public tables withhold it).
    Columns: year, reported_sum, n_withheld, n_reporting, population_share, low, high, estimate,
    lower_95, upper_95, publishable, reason, withheld."""
    per_year = reported_by_year(data, indicator)
    share = per_year[["year", "population_share"]]
    per_year = per_year.drop(columns=["population_share"])
    re = data.regional_estimates if data.has_regional_estimates else None
    if re is not None:
        re = re[(re["indicator"] == indicator) & is_total_row(re)]
    if re is not None and not re.empty:
        re = re[
            ["year", "estimate", "lower_95", "upper_95", "publishable", "reason", "withheld", "population_share_reporting", "n_countries_reporting"]
        ].rename(columns={"population_share_reporting": "population_share_est"})
        out = re.merge(per_year, on="year", how="left").merge(share, on="year", how="left")
        out["population_share"] = out["population_share_est"].fillna(out["population_share"])
        out["n_reporting"] = out["n_reporting"].fillna(out["n_countries_reporting"])
        out = out.drop(columns=["population_share_est", "n_countries_reporting"])
        out["publishable"] = _bool(out["publishable"])
        out["withheld"] = _bool(out["withheld"])
        out["reason"] = out["reason"].fillna("").astype(str)
    else:
        out = per_year[per_year["n_reporting"] > 0].merge(share, on="year", how="left")
        out = out.assign(estimate=np.nan, lower_95=np.nan, upper_95=np.nan, publishable=False, reason="", withheld=False)
    out["reported_sum"] = out["reported_sum"].fillna(0.0)
    out["low"] = out["low"].fillna(out["reported_sum"])
    out["n_withheld"] = out["n_withheld"].fillna(0).astype(int)
    out["n_reporting"] = out["n_reporting"].fillna(0).astype(int)
    out["year"] = out["year"].astype(int)
    cols = [
        "year",
        "reported_sum",
        "n_withheld",
        "n_reporting",
        "population_share",
        "low",
        "high",
        "estimate",
        "lower_95",
        "upper_95",
        "publishable",
        "reason",
        "withheld",
    ]
    return out[cols].sort_values("year", ignore_index=True)


def regional_breakdowns(data: ReportData, indicator: str = VICTIMS) -> pd.DataFrame:
    """mart_regional_estimates rows of the indicator's breakdown parts (not the total)."""
    if not data.has_regional_estimates:
        return pd.DataFrame()
    re = data.regional_estimates
    re = re[(re["indicator"] == indicator) & ~is_total_row(re)]
    return re.sort_values(["year", "sex", "exploitation"], ignore_index=True)


def chain_by_year(data: ReportData) -> pd.DataFrame:
    """Per stage of the criminal-justice chain and year: the reported sum (published totals), its
    range with the withheld totals as the public tables give it (low, high), members reporting,
    and the regional estimate where one exists.
    Columns: indicator, year, reported_sum, low, high, n_reporting, n_withheld, estimate, lower_95,
    upper_95, publishable, reason, withheld."""
    frames = [regional_trend(data, indicator).assign(indicator=indicator) for indicator in CHAIN]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def chain_pooled(data: ReportData) -> dict:
    """Persons at each stage, pooled over the member-years that reported all three stages (so the
    stages count the same places and years). Sums are ranges (low, high) when they include
    withheld totals: a withheld total counts as 1 to 4 only where the public tables show that every
    withheld total of that stage and year is a count from 1 to 4 (mart_regional_year gives that
    sum a bounded range); a member-year with any other withheld stage (which may be a figure of any
    size) is left out and counted in `n_left_out`."""
    wide = None
    for indicator in CHAIN:
        t = member_totals(data, indicator)
        t = t[t["status"].isin(REPORTING)].copy()
        years = reported_by_year(data, indicator)
        small = set(years.loc[(years["n_withheld"] > 0) & np.isfinite(years["high"].to_numpy(float)), "year"])
        bounded = (t["status"] == "withheld") & t["year"].isin(small)
        t[f"{indicator}_low"] = t["value"].where(t["status"] == "reported", np.where(bounded, SMALL[0], np.nan))
        t[f"{indicator}_high"] = t["value"].where(t["status"] == "reported", np.where(bounded, SMALL[1], np.nan))
        t = t[["country_iso3", "year", f"{indicator}_low", f"{indicator}_high"]]
        wide = t if wide is None else wide.merge(t, on=["country_iso3", "year"], how="inner")
    if wide is None:
        wide = pd.DataFrame(columns=["country_iso3", "year", *(f"{i}_{e}" for i in CHAIN for e in ("low", "high"))])
    kept = wide[wide[[f"{i}_low" for i in CHAIN]].notna().all(axis=1)]
    stages = {}
    for indicator in CHAIN:
        stages[indicator] = (float(kept[f"{indicator}_low"].sum()) if len(kept) else 0.0, float(kept[f"{indicator}_high"].sum()) if len(kept) else 0.0)
    return {
        "n_member_years": int(len(kept)),
        "n_left_out": int(len(wide) - len(kept)),
        "members": sorted(set(kept["country_iso3"])) if len(kept) else [],
        "years": (int(kept["year"].min()), int(kept["year"].max())) if len(kept) else None,
        "stages": stages,
    }


def coverage_counts(data: ReportData) -> pd.DataFrame:
    """Members reporting a total (a published value or a withheld one), per indicator x year."""
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
