"""An attacker with the public exports tries to recover withheld small counts.

The attacker reads only the exported files (Parquet tables and the SDMX-CSV) and knows how the
tables relate. It is written independently of ctip.export.suppression. Its equations:

* fact_observation: along each dimension, the `total` cell = sum of its parts (other dimensions
  fixed); a cell `unknown` in sex and age also taken as the unknown part of each one-way
  breakdown without an unknown cell of its own;
* mart_country_year: each column is a fact cell (a published value for a withheld cell is a
  leak), and per_100k x population / 100,000 is the total;
* mart_regional_year: reported_sum = sum of the totals of the members listed as reporting;
* mart_estimates: a C row is the reported value (the same unknown as the fact cell); totals =
  sum of parts (sex; forms of exploitation); mart_regional_estimates: regional estimate = sum of
  the members' estimates;
* sdg_16_2_2_sdmx.csv: a NATURE C value is the reported count; a rate x population / 100,000 is
  the count.

Three attacks, each failing the test when it recovers a withheld cell that holds a count from 1
to 4 (or that the source suppressed):

1. direct: a number published elsewhere for a withheld cell;
2. peeling: repeatedly solve every equation with one unknown, all equations taken as true
   (derived values are compared with the true ones: a wrong guess is no disclosure);
3. linear algebra with an oracle: the equations that do hold for the true values, solved
   together (null space per connected component), which also finds combinations of relations.

The synthetic warehouse (conftest) plants small cells of every kind; the real GLOTIP warehouse is
attacked too when it has been built. A control test checks the attacker is not toothless: on an
export with primary suppression only, it must find disclosures."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ctip.export import write_exports
from ctip.schema import DIMENSIONS, KEY_COLUMNS

KEY = list(KEY_COLUMNS)
SMALL = (1, 4)


class Attacker:
    def __init__(self) -> None:
        self.names: dict[tuple, int] = {}
        self.published: list[float] = []
        self.truth: list[float] = []
        self.sensitive: list[bool] = []
        self.equations: list[tuple[dict[int, float], float, str]] = []  # sum(coef * x) = const
        self.direct: list[tuple[int, float, str]] = []

    def var(self, name: tuple, published=np.nan, truth=np.nan, sensitive=False) -> int:
        if name not in self.names:
            self.names[name] = len(self.published)
            self.published.append(float(published))
            self.truth.append(float(truth))
            self.sensitive.append(bool(sensitive))
        return self.names[name]

    def equation(self, total: int, parts: list[int], source: str) -> None:
        parts = [p for p in dict.fromkeys(parts) if p != total]
        if parts:
            coefs = {total: 1.0}
            for p in parts:
                coefs[p] = coefs.get(p, 0.0) - 1.0
            self.equations.append((coefs, 0.0, source))

    # ----------------------------------------------------------------------------------
    def _unknown(self, i: int) -> bool:
        return np.isnan(self.published[i])

    def _discloses(self, i: int, derived: float) -> bool:
        if not self.sensitive[i] or np.isnan(derived):
            return False
        truth = self.truth[i]
        if np.isnan(truth):  # suppressed by the source: a plausible small count is a disclosure
            return SMALL[0] - 0.5 <= derived <= SMALL[1] + 0.5
        return abs(derived - truth) < 0.5

    def label(self, i: int) -> str:
        name = next(n for n, j in self.names.items() if j == i)
        return "/".join(str(x) for x in name)

    def direct_leaks(self) -> list[str]:
        return [f"{self.label(i)} = {v:g} from {src}" for i, v, src in self.direct if self.sensitive[i] and self._unknown(i)]

    def peel(self) -> list[str]:
        known = {i: v for i, v in enumerate(self.published) if not np.isnan(v)}
        found = []
        changed = True
        while changed:
            changed = False
            for coefs, const, source in self.equations:
                unknown = [i for i in coefs if i not in known]
                if len(unknown) != 1:
                    continue
                (u,) = unknown
                rest = const - sum(c * known[i] for i, c in coefs.items() if i != u)
                derived = rest / coefs[u]
                known[u] = derived
                changed = True
                if self._discloses(u, derived) and not np.isnan(self.truth[u]):
                    found.append(f"{self.label(u)} = {derived:g} from {source}")
        return found

    def _holds(self, coefs: dict[int, float], const: float) -> bool:
        lo = hi = -const
        scale = 1.0
        for i, c in coefs.items():
            t = self.truth[i]
            if np.isnan(t):
                a, b = SMALL if self.sensitive[i] else (0.0, np.inf)
                lo, hi = (lo + c * a, hi + c * b) if c > 0 else (lo + c * b, hi + c * a)
            else:
                lo, hi = lo + c * t, hi + c * t
                scale = max(scale, abs(t))
        return lo - 1e-6 * scale <= 0 <= hi + 1e-6 * scale

    def solve_with_oracle(self) -> list[str]:
        eqs = [(coefs, const) for coefs, const, _ in self.equations if self._holds(coefs, const)]
        parent: dict[int, int] = {}

        def find(x):
            while parent.setdefault(x, x) != x:
                x = parent[x]
            return x

        rows = []
        for coefs, const in eqs:
            unknown = [i for i in coefs if self._unknown(i)]
            if not unknown:
                continue
            rows.append((coefs, const, unknown))
            for u in unknown[1:]:
                parent[find(unknown[0])] = find(u)
        groups = defaultdict(list)
        for row in rows:
            groups[find(row[2][0])].append(row)
        found = []
        for group in groups.values():
            cells = sorted({u for _, _, unknown in group for u in unknown})
            index = {c: k for k, c in enumerate(cells)}
            a = np.zeros((len(group), len(cells)))
            b = np.zeros(len(group))
            for r, (coefs, const, _) in enumerate(group):
                b[r] = const
                for i, c in coefs.items():
                    if self._unknown(i):
                        a[r, index[i]] += c
                    else:
                        b[r] -= c * self.published[i]
            _, s, vt = np.linalg.svd(a)
            rank = int((s > 1e-9 * max(1.0, s.max(initial=0))).sum())
            null = vt[rank:].T
            x, *_ = np.linalg.lstsq(a, b, rcond=None)
            consistent = np.allclose(a @ x, b, atol=1e-6 * max(1.0, np.abs(b).max(initial=0)))
            for c, k in index.items():
                determined = null.shape[1] == 0 or np.abs(null[k]).max() < 1e-9
                if determined and consistent and self._discloses(c, x[k]):
                    found.append(f"{self.label(c)} = {x[k]:g} (oracle linear system)")
        return found


def _num(series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").astype(float).to_numpy()


def _with_aliases(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells unknown in several dimensions, also as the unknown part of each one-way breakdown."""
    extra = []
    keys = set(map(tuple, frame[KEY].astype(str).to_numpy()))
    for _, row in frame.iterrows():
        unknown = [d for d in DIMENSIONS if row[d] == "unknown"]
        if len(unknown) < 2:
            continue
        for keep in unknown:
            alias = row.copy()
            for d in unknown:
                if d != keep:
                    alias[d] = "total"
            if tuple(str(alias[k]) for k in KEY) not in keys:
                extra.append(alias)
    return pd.concat([frame, pd.DataFrame(extra)], ignore_index=True) if extra else frame


def _dimension_equations(att: Attacker, frame: pd.DataFrame, source: str) -> None:
    frame = _with_aliases(frame)
    for d in DIMENSIONS:
        other = [k for k in KEY if k != d]
        parts = defaultdict(list)
        totals = {}
        for row_key, dim_value, var in zip(map(tuple, frame[other].astype(str).to_numpy()), frame[d], frame["_var"]):
            if dim_value == "total":
                totals.setdefault(row_key, var)
            else:
                parts[row_key].append(var)
        for row_key, total in totals.items():
            if parts.get(row_key):
                att.equation(int(total), [int(p) for p in parts[row_key]], f"{source} along {d}")


def build_attack(out_dir: Path, warehouse: Path) -> Attacker:
    """The attacker's view of the export in out_dir; the truth from the internal warehouse."""
    read = lambda name: pd.read_parquet(out_dir / f"{name}.parquet") if (out_dir / f"{name}.parquet").exists() else None  # noqa: E731
    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        internal_fact = con.execute("select * from fact_observation").df()
        internal_est = con.execute("select * from mart_estimates").df() if "mart_estimates" in present else None
        internal_reg = con.execute("select * from mart_regional_estimates").df() if "mart_regional_estimates" in present else None
    att = Attacker()
    truth_value = dict(zip(map(tuple, internal_fact[KEY].astype(str).to_numpy()), _num(internal_fact["value"])))
    truth_small = {
        k: (f == "suppressed") or (SMALL[0] <= v <= SMALL[1])
        for k, v, f in zip(map(tuple, internal_fact[KEY].astype(str).to_numpy()), _num(internal_fact["value"]), internal_fact["flag"].fillna(""))
    }
    fact = read("fact_observation")
    fact_keys = list(map(tuple, fact[KEY].astype(str).to_numpy()))
    fact["_var"] = [att.var(("fact", *k), p, truth_value.get(k, np.nan), truth_small.get(k, False)) for k, p in zip(fact_keys, _num(fact["value"]))]
    _dimension_equations(att, fact, "fact_observation")
    fact_var = dict(zip(fact_keys, fact["_var"]))

    countries = read("dim_country")
    members = countries["country_iso3"].astype(str).tolist()
    pop_table = read("ref_population")
    population = {(str(i), int(y)): float(p) for i, y, p in zip(pop_table["iso3"], pop_table["year"], pop_table["population"])}

    mcy = read("mart_country_year")
    if mcy is not None:
        columns = {
            "total": {},
            "female": {"sex": "female"},
            "male": {"sex": "male"},
            "children": {"age_group": "child"},
            "adults": {"age_group": "adult"},
            "sexual_exploitation": {"exploitation": "sexual"},
            "forced_labour": {"exploitation": "labour"},
            "other_exploitation": {"exploitation": "other"},
            "nationals": {"citizenship": "national"},
            "foreigners": {"citizenship": "foreign"},
        }
        for row in mcy.itertuples(index=False):
            for column, cell in columns.items():
                key = (row.country_iso3, str(row.year), row.indicator, *(cell.get(d, "total") for d in DIMENSIONS))
                value = getattr(row, column)
                if key in fact_var and not pd.isna(value):
                    att.direct.append((fact_var[key], float(value), f"mart_country_year.{column}"))
            grand = (row.country_iso3, str(row.year), row.indicator, "total", "total", "total", "total")
            p = population.get((row.country_iso3, int(row.year)))
            if grand in fact_var and not pd.isna(row.per_100k) and p:
                att.direct.append((fact_var[grand], float(row.per_100k) * p / 1e5, "mart_country_year.per_100k"))

    regional = read("mart_regional_year")
    if regional is not None:
        for row in regional.itertuples(index=False):
            if pd.isna(row.reported_sum):
                continue
            total = att.var(("regional_year", str(row.year), row.indicator), row.reported_sum, np.nan, False)
            parts = [
                fact_var[(c, str(row.year), row.indicator, "total", "total", "total", "total")]
                for c in str(row.countries_reporting or "").split(",")
                if (c, str(row.year), row.indicator, "total", "total", "total", "total") in fact_var
            ]
            att.equation(total, parts, "mart_regional_year.reported_sum")

    est = read("mart_estimates")
    if est is not None and len(est):
        truth_est = {}
        if internal_est is not None:
            truth_est = dict(zip(map(tuple, internal_est[KEY].astype(str).to_numpy()), _num(internal_est["estimate"])))
        est_keys = list(map(tuple, est[KEY].astype(str).to_numpy()))
        variables = []
        for k, value, nature in zip(est_keys, _num(est["estimate"]), est["nature"]):
            if nature == "C" and k in fact_var:
                variables.append(fact_var[k])
                if not np.isnan(value):
                    att.direct.append((fact_var[k], value, "mart_estimates C row"))
            else:
                variables.append(att.var(("estimate", *k), value, truth_est.get(k, np.nan), False))
        est["_var"] = variables
        _dimension_equations(att, est, "mart_estimates")
        reg = read("mart_regional_estimates")
        if reg is not None and len(reg):
            truth_reg = {}
            if internal_reg is not None:
                truth_reg = {
                    (str(y), i, s, e): v
                    for y, i, s, e, v in zip(
                        internal_reg["year"], internal_reg["indicator"], internal_reg["sex"], internal_reg["exploitation"], _num(internal_reg["estimate"])
                    )
                }
            scope = est[est["age_group"].eq("total") & est["citizenship"].eq("total") & est["country_iso3"].isin(members)]
            groups = scope.groupby([scope["year"].astype(str), "indicator", "sex", "exploitation"])["_var"].agg(list)
            for row in reg.itertuples(index=False):
                key = (str(row.year), row.indicator, row.sex, row.exploitation)
                total = att.var(("regional_estimate", *key), row.estimate, truth_reg.get(key, np.nan), False)
                if key in groups.index:
                    att.equation(total, list(groups[key]), "mart_regional_estimates")

    sdmx_path = out_dir / "sdg_16_2_2_sdmx.csv"
    if sdmx_path.exists():
        sdmx = pd.read_csv(sdmx_path, dtype=str, keep_default_na=False)
        m49 = dict(zip(countries["m49"].astype(int).astype(str), countries["country_iso3"]))
        sex = {"F": "female", "M": "male", "_T": "total", "_U": "unknown"}
        age = {"Y0T17": "child", "Y_GE18": "adult", "_T": "total", "_U": "unknown"}
        form = {"VC_HTF_DETV": "total", "VC_HTF_DETVSX": "sexual", "VC_HTF_DETVFL": "labour", "VC_HTF_DETVOP": "other"}
        for row in sdmx[(sdmx["NATURE"] == "C") & (sdmx["OBS_VALUE"] != "")].itertuples(index=False):
            rate = row.SERIES.endswith("R")
            series = row.SERIES[:-1] if rate else row.SERIES
            iso3 = m49[row.REF_AREA]
            key = (iso3, row.TIME_PERIOD, "victims_detected", sex[row.SEX], age[row.AGE], form[series], "total")
            if key not in fact_var:
                continue
            value = float(row.OBS_VALUE)
            if rate:
                value = value * population[(iso3, int(row.TIME_PERIOD))] / 1e5
            att.direct.append((fact_var[key], value, f"SDMX {row.SERIES}"))
    return att


def attack(out_dir: Path, warehouse: Path) -> dict[str, list[str]]:
    att = build_attack(out_dir, warehouse)
    return {"direct": att.direct_leaks(), "peeling": att.peel(), "oracle": att.solve_with_oracle()}


def published_small_counts(out_dir: Path) -> list[str]:
    """Counts from 1 to 4 printed anywhere in the public files."""
    found = []
    fact = pd.read_parquet(out_dir / "fact_observation.parquet")
    found += [f"fact_observation {tuple(r)}" for r in fact.loc[fact["value"].between(*SMALL).fillna(False), KEY].to_numpy()]
    mcy = pd.read_parquet(out_dir / "mart_country_year.parquet")
    for col in ("total", "female", "male", "children", "adults", "sexual_exploitation", "forced_labour", "other_exploitation", "nationals", "foreigners"):
        n = int(mcy[col].between(*SMALL).fillna(False).sum())
        if n:
            found.append(f"mart_country_year.{col}: {n} values from 1 to 4")
    sdmx = pd.read_csv(out_dir / "sdg_16_2_2_sdmx.csv", dtype=str, keep_default_na=False)
    counts = sdmx[(sdmx["UNIT_MEASURE"] == "NUMBER") & (sdmx["NATURE"] == "C") & (sdmx["OBS_VALUE"] != "")]
    n = int(counts["OBS_VALUE"].astype(float).between(*SMALL).sum())
    if n:
        found.append(f"SDMX: {n} reported counts from 1 to 4")
    return found


def assert_safe(out_dir: Path, warehouse: Path) -> dict[str, list[str]]:
    found = attack(out_dir, warehouse)
    small = published_small_counts(out_dir)
    assert not small, small
    for kind, leaks in found.items():
        assert not leaks, f"{kind} attack recovered {len(leaks)} withheld cells: {leaks[:10]}"
    return found


# ------------------------------------------------------------------------------------------


def test_synthetic_exports_reveal_no_small_count(synthetic_exports):
    warehouse, out = synthetic_exports
    withheld = json.loads((out / "MANIFEST.json").read_text())["withheld"]
    assert withheld["fact_observation"] > 100  # the attack has something to attack
    assert_safe(out, warehouse)


def test_synthetic_exports_with_estimates_reveal_no_small_count(synthetic_exports_with_estimates):
    warehouse, out = synthetic_exports_with_estimates
    withheld = json.loads((out / "MANIFEST.json").read_text())["withheld"]
    assert withheld["mart_estimates"] > 0 and withheld["mart_regional_estimates"] > 0
    assert_safe(out, warehouse)
    # The C rows of withheld cells are gone; estimates of withheld cells do not pin them.
    est = pd.read_parquet(out / "mart_estimates.parquet")
    fact = pd.read_parquet(out / "fact_observation.parquet")
    merged = est.merge(fact[[*KEY, "value", "flag"]], on=KEY, how="left")
    c_rows = merged[merged["nature"] == "C"]
    assert c_rows.loc[c_rows["flag"] == "suppressed", "estimate"].isna().all()


def test_regional_sums_do_not_reveal_a_small_country_total(synthetic_exports):
    """TTO reported 4 victims in total: the public regional sums leave it out (and say so)."""
    warehouse, out = synthetic_exports
    regional = pd.read_parquet(out / "mart_regional_year.parquet").set_index(["year", "indicator"])
    fact = pd.read_parquet(out / "fact_observation.parquet")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        internal = con.execute("select * from fact_observation").df()
    grand = fact[fact[list(DIMENSIONS)].eq("total").all(axis=1)]
    inner = internal[internal[list(DIMENSIONS)].eq("total").all(axis=1)].set_index(["country_iso3", "year", "indicator"])
    for (year, indicator), row in regional.iterrows():
        totals = grand[(grand["year"] == year) & (grand["indicator"] == indicator)]
        assert row["reported_sum"] == totals["value"].sum()
        assert row["n_countries_suppressed"] == totals["value"].isna().sum()
        # Each withheld small total counts 0 in the minimum (it may be 0) and 4 in the maximum; a
        # total withheld as a complement (not small) leaves no maximum.
        withheld = totals[totals["value"].isna()]
        truth = [inner.loc[(c, year, indicator)] for c in withheld["country_iso3"]]
        small = [(t["flag"] == "suppressed") or 1 <= t["value"] <= 4 for t in truth]
        assert row["reported_sum_min"] == row["reported_sum"]
        assert pd.isna(row["reported_sum_max"]) == (not all(small))
    tto = grand[(grand["country_iso3"] == "TTO") & (grand["indicator"] == "victims_detected")]
    assert tto["value"].isna().all() and (tto["flag"] == "suppressed").all()


def test_the_attacker_finds_leaks_in_an_unprotected_export(synthetic_warehouse, tmp_path):
    """Control: primary suppression alone, and the internal regional sums, are not enough."""
    out = tmp_path / "naive"
    write_exports(synthetic_warehouse, out)
    with duckdb.connect(str(synthetic_warehouse), read_only=True) as con:
        fact = con.execute("select * from fact_observation").df()
        con.execute("select * from mart_regional_year").df().to_parquet(out / "mart_regional_year.parquet")
    small = fact["value"].between(*SMALL).fillna(False)
    fact["value"] = fact["value"].mask(small)
    fact.loc[small, "flag"] = "suppressed"
    fact.to_parquet(out / "fact_observation.parquet")
    found = attack(out, synthetic_warehouse)
    assert found["peeling"] and found["oracle"]
    assert any("TTO" in leak for leak in found["peeling"])  # the small total, from the regional sum


def test_glotip_exports_reveal_no_small_count(glotip_warehouse, tmp_path):
    out = tmp_path / "exports"
    result = write_exports(glotip_warehouse, out)
    found = assert_safe(out, glotip_warehouse)
    print(f"GLOTIP: {result['primary']} primary, {result['complementary']} complementary cells withheld; attacks found {sum(map(len, found.values()))}")


def test_the_attacker_finds_leaks_in_unprotected_estimates(synthetic_warehouse_with_estimates, tmp_path):
    """Control: the internal estimate tables carry reported small counts (C rows), and regional
    estimates that add up withheld country figures."""
    warehouse = synthetic_warehouse_with_estimates
    out = tmp_path / "naive"
    write_exports(warehouse, out)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        regional = con.execute("select * from mart_regional_estimates").df()
        estimates = con.execute("select * from mart_estimates").df()
    regional.to_parquet(out / "mart_regional_estimates.parquet")
    # With primary suppression only in the fact table (the bounds audit now withholds enough
    # around the estimates that the regional sums alone give nothing away).
    with duckdb.connect(str(warehouse), read_only=True) as con:
        fact = con.execute("select * from fact_observation").df()
    small = fact["value"].between(*SMALL).fillna(False)
    fact["value"] = fact["value"].mask(small)
    fact.loc[small, "flag"] = "suppressed"
    fact.to_parquet(out / "fact_observation.parquet")
    found = attack(out, warehouse)
    assert found["peeling"] or found["oracle"]  # regional sum minus the published members
    estimates.to_parquet(out / "mart_estimates.parquet")
    assert attack(out, warehouse)["direct"]  # C rows repeat withheld values


# ------------------------------------------------------------------------------------------
# Bounds and releases (issue 9): an attacker with a real LP solver, written apart from
# ctip.export.audit. It knows every published value of both releases, the relations within
# each release, that counts are >= 0, and bounds for the withheld small counts.
# ------------------------------------------------------------------------------------------


def lp_bounds(
    cells: list[tuple], relations: list[tuple[tuple, list[tuple]]], published: dict[tuple, float], bounds: dict[tuple, tuple[float, float]]
) -> dict[tuple, tuple[float, float]]:
    """min and max of every unpublished cell given the relations and the published values."""
    from scipy.optimize import linprog

    unknown = [c for c in cells if c not in published]
    index = {c: i for i, c in enumerate(unknown)}
    a, b = [], []
    for total, parts in relations:
        row = np.zeros(len(unknown))
        rhs = 0.0
        for cell, sign in ((total, 1.0), *((p, -1.0) for p in parts)):
            if cell in published:
                rhs -= sign * published[cell]
            else:
                row[index[cell]] += sign
        if row.any():
            a.append(row)
            b.append(rhs)
    box = [bounds.get(c, (0.0, None)) for c in unknown]
    out = {}
    for c, i in index.items():
        ends = []
        for sense in (1.0, -1.0):
            obj = np.zeros(len(unknown))
            obj[i] = sense
            res = linprog(obj, A_eq=np.array(a) if a else None, b_eq=np.array(b) if b else None, bounds=box, method="highs")
            assert res.status == 0, res.message
            ends.append(sense * res.fun)
        out[c] = (ends[0], ends[1])
    return out


def _jam(sex, value, age="total"):
    return ("JAM", 2022, "victims_detected", sex, age, "total", "total", value, None)


def _fact(rows):
    from ctip.schema import KEY_COLUMNS

    frame = pd.DataFrame(rows, columns=[*KEY_COLUMNS, "value", "flag"])
    frame["value"] = pd.array(frame["value"], dtype="Int64")
    for col in ("submission_id", "source_file", "source_sheet", "source_cell"):
        frame[col] = "x"
    return frame


def _published(public: pd.DataFrame) -> dict[tuple, float]:
    return {(r.sex, r.age_group): float(r.value) for r in public.itertuples() if not pd.isna(r.value)}


SEXES = ["female", "male", "unknown"]
ONE_WAY = [("total", SEXES)]


def test_release_attack_is_closed():
    """Release 1: female 20, total 28 published (male 3 withheld). Release 2, after a revision:
    total 53, unknown 30. Protected alone, release 2 publishes unknown and withholds female and
    male: with release 1's female = 20, male = 53 - 30 - 20 = 3. Protected against the union of
    both releases (release_cells), male keeps its whole range 0-4."""
    from ctip.export.releases import release_frame
    from ctip.export.suppression import protect

    r1 = _fact([_jam("total", 28), _jam("female", 20), _jam("male", 3), _jam("unknown", 5)])
    r2 = _fact([_jam("total", 53), _jam("female", 20), _jam("male", 3), _jam("unknown", 30)])
    p1 = protect({"fact_observation": r1})
    pub1 = _published(p1.tables["fact_observation"])
    assert pub1[("female", "total")] == 20 and pub1[("total", "total")] == 28 and ("male", "total") not in pub1
    cells = [(s, "total") for s in ["total", *SEXES]]
    rel = [(("total", "total"), [(s, "total") for s in SEXES])]

    def attack(pub2):
        # The attacker takes release 1's value for a cell release 2 withholds (it did not change).
        known = {**pub2, **{k: v for k, v in pub1.items() if k not in pub2}}
        small = {c: (0.0, 4.0) for c in [("male", "total")] if c not in known}  # the small count of release 2
        return lp_bounds(cells, rel, known, small)

    # The attack, on release 2 protected on its own (as before issue 9):
    alone = _published(protect({"fact_observation": r2}).tables["fact_observation"])
    assert alone[("unknown", "total")] == 30 and ("female", "total") not in alone
    lo, hi = attack(alone)[("male", "total")]
    assert lo == hi == 3
    # Closed: release 2 protected with release 1's cells.
    previous = release_frame(r1, p1.tables["fact_observation"]["value"].isna().to_numpy(), r1["value"].between(1, 4).fillna(False).to_numpy(), "release-1")
    p2 = protect({"fact_observation": r2, "release_cells": previous})
    assert p2.unresolved == 0 and p2.previous_cells == 4
    lo, hi = attack(_published(p2.tables["fact_observation"]))[("male", "total")]
    assert lo <= 0 and hi >= 4


def _grid(value_of, total):
    ages = ["child", "adult", "unknown"]
    rows = [_jam(s, value_of(s, a), a) for s in SEXES for a in ages]
    rows += [_jam(s, sum(value_of(s, a) for a in ages)) for s in SEXES]
    rows += [_jam("total", sum(value_of(s, a) for s in SEXES), a) for a in ages]
    rows.append(_jam("total", total))
    return _fact(rows), ages


def _grid_relations(ages):
    rel = [((s, "total"), [(s, a) for a in ages]) for s in SEXES]
    rel += [(("total", a), [(s, a) for s in SEXES]) for a in ages]
    rel += [(("total", "total"), [(s, "total") for s in SEXES]), (("total", "total"), [("total", a) for a in ages])]
    cells = [(s, a) for s in ["total", *SEXES] for a in ["total", *ages]]
    return cells, rel


def test_bounds_attack_on_a_grid_of_ones_is_closed():
    """A sex x age grid of ones (margins 3, total 9). Equations alone fix nothing, so the old
    protection published the total; with bounds (a withheld small count is 1 to 4, since a 0 is
    published) every margin is at least 3 and they add up to 9: every cell is recovered, 1. The
    bounds audit withholds the total, and no cell is pinned any more (with 0-4 bounds, every small
    count keeps its whole range; with 1-4 bounds, none is exact)."""
    from ctip.export.suppression import protect

    fact, ages = _grid(lambda s, a: 1, 9)
    cells, rel = _grid_relations(ages)
    # The attack, on the old answer (only the total published):
    old = {("total", "total"): 9.0}
    found = lp_bounds(cells, rel, old, {c: (1.0, 4.0) for c in cells if c not in old})
    assert all(found[(s, a)] == (1.0, 1.0) for s in SEXES for a in ages)
    # Closed:
    out = protect({"fact_observation": fact})
    assert out.unresolved == 0
    pub = _published(out.tables["fact_observation"])
    assert ("total", "total") not in pub
    wide = lp_bounds(cells, rel, pub, {c: (0.0, 4.0) for c in cells if c not in pub and c != ("total", "total")})
    assert all(lo <= 1e-6 and hi >= 4 - 1e-6 for c, (lo, hi) in wide.items() if c != ("total", "total"))
    tight = lp_bounds(cells, rel, pub, {c: (1.0, 4.0) for c in cells if c not in pub and c != ("total", "total")})
    assert not [c for c, (lo, hi) in tight.items() if hi - lo < 1e-6]


def test_bounds_attack_on_a_saturated_total_is_closed():
    """Total 12 = female 4 + male 4 + unknown 4: every part is small and withheld, but three
    counts of at most 4 adding up to 12 are all 4. The audit withholds the total."""
    from ctip.export.suppression import protect

    fact = _fact([_jam("total", 12), _jam("female", 4), _jam("male", 4), _jam("unknown", 4)])
    cells = [(s, "total") for s in ["total", *SEXES]]
    rel = [(("total", "total"), [(s, "total") for s in SEXES])]
    assert lp_bounds(cells, rel, {("total", "total"): 12.0}, {c: (0.0, 4.0) for c in cells[1:]})[("male", "total")] == (4.0, 4.0)
    out = protect({"fact_observation": fact})
    pub = _published(out.tables["fact_observation"])
    assert pub == {}
    lo, hi = lp_bounds(cells, rel, pub, {c: (0.0, 4.0) for c in cells[1:]})[("male", "total")]
    assert lo <= 0 and hi >= 4


def test_release_cells_are_kept_across_exports_and_builds(synthetic_warehouse, tmp_path):
    """write_exports records the release (in releases.duckdb beside the warehouse, which exports
    never write; builds copy it in); the next export reads it back."""
    from ctip.export.releases import read_release_cells

    first = write_exports(synthetic_warehouse, tmp_path / "e1")
    cells = read_release_cells(synthetic_warehouse)
    assert cells is not None and cells["release_key"].nunique() == 1
    facts = cells["partner"].isna()  # the fact cells; flow cells (attack3 H-I) have a partner
    assert int(cells.loc[facts, "withheld"].sum()) == first["withheld"]["fact_observation"]
    assert int(cells.loc[~facts, "withheld"].sum()) == first["withheld"].get("fact_flow", 0)
    # Same content again: the same release, nothing added; against no earlier release.
    again = write_exports(synthetic_warehouse, tmp_path / "e2")
    assert again["previous_release_cells"] == 0
    assert read_release_cells(synthetic_warehouse)["release_key"].nunique() == 1
    # A revision: the next export is protected against the first release.
    with duckdb.connect(str(synthetic_warehouse)) as con:
        con.execute(
            "update fact_observation set value = value + 7 where country_iso3 = 'JAM' and year = 2022 "
            "and sex = 'total' and age_group = 'total' and exploitation = 'total' and citizenship = 'total' "
            "and indicator = 'persons_convicted'"
        )
        con.execute(
            "update fact_observation set value = value + 7 where country_iso3 = 'JAM' and year = 2022 and sex = 'unknown' and indicator = 'persons_convicted'"
        )
    revised = write_exports(synthetic_warehouse, tmp_path / "e3")
    assert revised["previous_release_cells"] == len(cells)
    assert read_release_cells(synthetic_warehouse)["release_key"].nunique() == 2


def test_glotip_bounds_audit_finds_nothing_left(glotip_warehouse, tmp_path):
    """On the real data: after protection, the independent LP attacker (0-4 bounds for every
    withheld small count) narrows no small count, in any country-year-indicator table."""
    import time

    out = tmp_path / "exports"
    t0 = time.perf_counter()
    result = write_exports(glotip_warehouse, out)
    elapsed = time.perf_counter() - t0
    public = pd.read_parquet(out / "fact_observation.parquet")
    with duckdb.connect(str(glotip_warehouse), read_only=True) as con:
        internal = con.execute("select * from fact_observation").df()
    narrowed = _lp_attack_fact(public, internal)
    print(
        f"GLOTIP export with the bounds audit: {elapsed:.1f} s, {result['audit_solves']} solves; "
        f"{result['primary']} primary, {result['complementary']} complementary"
    )
    assert narrowed == []


def _lp_attack_fact(public: pd.DataFrame, internal: pd.DataFrame) -> list[str]:
    """Small counts the LP attacker narrows below 0-4 from the public fact table, per table
    (country, year, indicator), with every additive relation that holds for the true values."""
    from scipy.optimize import linprog

    truth = internal.set_index(KEY)
    found = []
    pub = _with_aliases(public.copy())
    for (country, year, indicator), group in pub.groupby(["country_iso3", "year", "indicator"]):
        keys = [tuple(str(x) for x in k) for k in group[KEY].itertuples(index=False)]
        cells = list(dict.fromkeys(keys))
        value = {k: v for k, v in zip(keys, _num(group["value"]))}
        true = {}
        small = {}
        for k in cells:
            t = (
                truth.loc[tuple(int(x) if i == 1 else x for i, x in enumerate(k))]
                if tuple(int(x) if i == 1 else x for i, x in enumerate(k)) in truth.index
                else None
            )
            tv = np.nan if t is None or pd.isna(t["value"]) else float(t["value"])
            true[k] = tv
            small[k] = t is not None and ((t["flag"] == "suppressed") or 1 <= tv <= 4)
        relations = []
        for d in DIMENSIONS:
            i = KEY.index(d)
            totals = {k[:i] + k[i + 1 :]: k for k in cells if k[i] == "total"}
            parts = defaultdict(list)
            for k in cells:
                if k[i] != "total":
                    parts[k[:i] + k[i + 1 :]].append(k)
            for rest, total in totals.items():
                if parts.get(rest):
                    relations.append((total, parts[rest]))

        def holds(total, parts):
            lo = hi = 0.0
            for cell, sign in ((total, 1.0), *((p, -1.0) for p in parts)):
                t = true[cell]
                a, b = ((1.0, 4.0) if small[cell] else (0.0, np.inf)) if np.isnan(t) else (t, t)
                lo, hi = (lo + a, hi + b) if sign > 0 else (lo - b, hi - a)
            return lo - 1e-6 <= 0 <= hi + 1e-6

        relations = [r for r in relations if holds(*r)]
        unknown = [k for k in cells if np.isnan(value[k])]
        targets = [k for k in unknown if small[k]]
        if not targets or not relations:
            continue
        index = {k: j for j, k in enumerate(unknown)}
        a, b = [], []
        for total, parts in relations:
            row, rhs = np.zeros(len(unknown)), 0.0
            for cell, sign in ((total, 1.0), *((p, -1.0) for p in parts)):
                if cell in index:
                    row[index[cell]] += sign
                else:
                    rhs -= sign * value[cell]
            if row.any():
                a.append(row)
                b.append(rhs)
        if not a:
            continue
        box = [(0.0, 4.0) if small[k] else (0.0, None) for k in unknown]
        for k in targets:
            ends = []
            for sense in (1.0, -1.0):
                obj = np.zeros(len(unknown))
                obj[index[k]] = sense
                res = linprog(obj, A_eq=np.array(a), b_eq=np.array(b), bounds=box, method="highs")
                ends.append(sense * res.fun if res.status == 0 else np.nan)
            lo, hi = ends
            if np.isnan(lo) or (np.isnan(true[k]) and hi < 1 - 1e-6):
                continue  # contradictory, or a wrong answer about a cell nobody knows
            if lo > 1e-6 or hi < 4 - 1e-6:
                found.append(f"{'/'.join(k)} in [{lo:g}, {hi:g}]")
    return found
