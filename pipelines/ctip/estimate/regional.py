"""mart_regional_estimates: the region's total per year, indicator and breakdown part.

The total is added up draw by draw over the members (reported values are the same in every draw),
from the very draws behind the member rows: its `estimate` (the mean of the summed draws) is the
sum of the members' estimates (means), and its 95% interval is read from the quantiles of the
simulated sums: the members' errors partly cancel, so it is narrower than the sum of the members'
interval ends, which would assume every member is at its extreme at once.

A regional figure is publishable when both hold (thresholds in schemas/estimation.yaml):
the members that reported (a suppressed `<5` counts as reported) hold at least
`publishable_threshold` of the region's population, and at most `max_imputed_share` of the
estimate is imputed (the estimated members' share of the sum). NATURE: C when every member
reported, E when the imputed members are all estimated from their own series, M when any is
modelled from the region."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctip.contracts import columns
from ctip.estimate.estimates import TOTAL_METHOD, Draws
from ctip.estimate.panel import BREAKDOWNS
from ctip.schema import load_schema

REGIONAL_COLUMNS = columns("mart_regional_estimates")  # schemas/tables.yaml
KEYS = ["year", "indicator", "sex", "exploitation"]
SUPPRESSED_METHOD = TOTAL_METHOD["suppressed"][1]


def _members(estimates: pd.DataFrame, population: pd.DataFrame, members: list[str]) -> pd.DataFrame:
    """Per year x series: members reporting and their population share, the imputed part of the
    sum of the members' means, and the NATURE of the regional figure."""
    rows = estimates[estimates["country_iso3"].isin(members)].copy()
    reported = (rows["nature"] == "C") | (rows["method"] == SUPPRESSED_METHOD)
    rows["reporting"] = reported
    rows["imputed"] = rows["estimate"].where(~reported, 0.0)
    rows["modelled"] = ~reported & (rows["nature"] == "M")
    pop = population.rename(columns={"iso3": "country_iso3"})
    pop = pop[pop["country_iso3"].isin(members)][["country_iso3", "year", "population"]]
    rows = rows.merge(pop, on=["country_iso3", "year"], how="left")
    rows["population_reporting"] = rows["population"].where(rows["reporting"], 0.0)
    out = (
        rows.groupby(KEYS, observed=True)
        .agg(
            n_countries_reporting=("reporting", "sum"),
            n_members=("reporting", "size"),
            any_modelled=("modelled", "any"),
            imputed=("imputed", "sum"),
            sum_of_means=("estimate", lambda s: s.sum(min_count=len(s))),
            population_reporting=("population_reporting", "sum"),
            population_known=("population", "sum"),
        )
        .reset_index()
    )
    out["population_share_reporting"] = out["population_reporting"] / out["population_known"]
    with np.errstate(all="ignore"):
        out["imputed_share"] = np.where(
            out["sum_of_means"] > 0, out["imputed"] / out["sum_of_means"], (out["n_countries_reporting"] < out["n_members"]).astype(float)
        )
    out["nature"] = np.select([out["n_countries_reporting"] == out["n_members"], ~out["any_modelled"]], ["C", "E"], "M")
    return out[[*KEYS, "nature", "imputed_share", "n_countries_reporting", "population_share_reporting"]]


def _simulated_sums(draws: pd.DataFrame, members: list[str]) -> pd.DataFrame:
    """Estimate (mean of the summed draws), median and 95% interval (their quantiles) per year x
    series. A member without any estimate (NaN draws) leaves the regional figure unknown too."""
    rows = draws[draws["country_iso3"].isin(members)]
    sums = rows.groupby([*KEYS, "draw"], observed=True)["value"].sum(min_count=1)
    unknown = rows["value"].isna().groupby([rows[k] for k in KEYS], observed=True).any()
    wide = sums.unstack("draw")
    values = wide.to_numpy(float)
    lower, median, upper = np.quantile(values, [0.025, 0.5, 0.975], axis=1, method="inverted_cdf")
    out = pd.DataFrame({"estimate": values.mean(axis=1), "median": median, "lower_95": lower, "upper_95": upper}, index=wide.index)
    out.loc[unknown.reindex(out.index).to_numpy(), ["estimate", "median", "lower_95", "upper_95"]] = np.nan
    out = out.reset_index()
    for column in ("indicator", "sex", "exploitation"):
        out[column] = out[column].astype(str)
    return out


def _summed_draws(draws: Draws, members: list[str]) -> pd.DataFrame:
    """_simulated_sums from the wide draws, in numpy: the same figures without a groupby over one
    row per draw (3 million rows for the region). The draws are counts (whole numbers), so their
    sums are exact in any order; a group with any NaN draw is unknown, as in _simulated_sums.
    Each group's rows are summed where they lie: copying the members' draws into group order first
    (two copies of ~30 MB, then a reduceat down the rows) cost 0.3-0.8 s on a busy machine."""
    keep = draws.keys["country_iso3"].isin(members).to_numpy()
    keys = draws.keys.loc[keep, KEYS].reset_index(drop=True)
    rows = np.flatnonzero(keep)
    group = keys.groupby(KEYS, sort=True, observed=True).ngroup().to_numpy()
    n_groups = int(group.max()) + 1 if len(group) else 0
    order = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[order], np.arange(n_groups))
    ends = np.append(starts[1:], len(order)).astype(int)
    sums = np.empty((n_groups, draws.values.shape[1]))
    for g, (start, end) in enumerate(zip(starts, ends)):
        sums[g] = draws.values[rows[order[start:end]]].sum(axis=0)  # in the group's row order, as reduceat added them
    unknown = np.isnan(sums).any(axis=1)
    with np.errstate(all="ignore"):
        lower, median, upper = np.quantile(sums, [0.025, 0.5, 0.975], axis=1, method="inverted_cdf")
        estimate = sums.mean(axis=1)
    out = keys.iloc[order[starts]].reset_index(drop=True)
    out = out.assign(estimate=estimate, median=median, lower_95=lower, upper_95=upper)
    out.loc[unknown, ["estimate", "median", "lower_95", "upper_95"]] = np.nan
    for column in ("indicator", "sex", "exploitation"):
        out[column] = out[column].astype(str)
    return out


def _parts_notes(estimates: pd.DataFrame, members: list[str]) -> pd.DataFrame:
    """Per year x series: where a breakdown's regional parts do not add up to the regional total,
    which members make it so (attack3 H-L). A member whose reported parts leave victims of unknown
    sex or form out (female 78, male <5, total 300) puts the regional parts below the total; one
    whose reported parts add up to more than its total puts them above. The note names them and
    says which way; it is empty where the parts add up."""
    schema = load_schema()
    total = schema.total_code
    rows = estimates[estimates["country_iso3"].isin(members)]
    keys = ["country_iso3", "year", "indicator"]
    totals = rows[(rows["sex"] == total) & (rows["exploitation"] == total)].set_index(keys)["estimate"]
    notes: dict[tuple, list[str]] = {}
    for indicator, families in BREAKDOWNS.items():
        for dim, parts in families.items():
            other = "exploitation" if dim == "sex" else "sex"
            part_rows = rows[(rows["indicator"] == indicator) & rows[dim].isin(parts) & (rows[other] == total)]
            sums = part_rows.groupby(keys, observed=True)["estimate"].sum(min_count=len(parts))
            gap = (totals.reindex(sums.index) - sums).dropna()
            tolerance = 1e-6 * np.maximum(1.0, totals.reindex(gap.index).abs().to_numpy())
            words = schema.dimensions[dim].names["en"].lower()
            for year, by_year in gap[np.abs(gap.to_numpy()) > tolerance].groupby(level="year"):
                below = sorted(by_year[by_year > 0].index.get_level_values("country_iso3"))
                above = sorted(by_year[by_year < 0].index.get_level_values("country_iso3"))
                said = []
                if below:
                    said.append(
                        f"the parts by {words} add up to less than the total: the reported parts of {', '.join(below)} leave victims of unknown {words} out"
                    )
                if above:
                    said.append(f"the parts by {words} add up to more than the total: the reported parts of {', '.join(above)} add up to more than their total")
                for part in (*parts, total):
                    sex, exploitation = (part, total) if dim == "sex" else (total, part)
                    notes.setdefault((int(year), indicator, sex, exploitation), []).extend(said)
    out = pd.DataFrame([(*k, "; ".join(v)) for k, v in notes.items()], columns=[*KEYS, "note"])
    return out


def build_regional_estimates(
    estimates: pd.DataFrame,
    draws: pd.DataFrame | Draws,
    population: pd.DataFrame,
    members: list[str],
    threshold: float = 0.5,
    max_imputed_share: float = 0.5,
) -> pd.DataFrame:
    """One row per year x indicator x series (totals, and the victims_detected parts), from the
    draws long (build_estimates) or wide (simulate_estimates)."""
    sums = _summed_draws(draws, members) if isinstance(draws, Draws) else _simulated_sums(draws, members)
    out = sums.merge(_members(estimates, population, members), on=KEYS, how="left")
    share = out["population_share_reporting"].fillna(0.0)
    imputed = out["imputed_share"].fillna(1.0)
    enough_population, little_imputed = share >= threshold, imputed <= max_imputed_share
    out["publishable"] = enough_population & little_imputed & out["estimate"].notna()
    reasons = []
    for s, i, ok_pop, ok_imp, known in zip(share, imputed, enough_population, little_imputed, out["estimate"].notna()):
        if not known:
            reasons.append("no estimate: no member with a population figure reported this indicator")
            continue
        why = []
        if not ok_pop:
            why.append(f"only {s:.0%} of the region's population reported; threshold {threshold:.0%}")
        if not ok_imp:
            why.append(f"{i:.0%} of the estimate is imputed; at most {max_imputed_share:.0%}")
        reasons.append("; ".join(why))
    out["reason"] = reasons
    out = out.merge(_parts_notes(estimates, members), on=KEYS, how="left")
    out["note"] = out["note"].fillna("")
    out["n_countries_reporting"] = out["n_countries_reporting"].fillna(0).astype(int)
    out["year"] = out["year"].astype(int)
    return out[REGIONAL_COLUMNS].sort_values(["indicator", "sex", "exploitation", "year"], ignore_index=True)
