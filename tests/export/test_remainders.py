"""attack6 K-H and K-I: the unreported remainder of an incomplete breakdown is a count too.

K-H: JAM sends "Persons prosecuted 2022: Female 5, Total 6" (no Male column); both were published,
so the persons who are not female are 6 - 5 = 1. UNODC's TTO 2018: total 11 and adults 9 gave 2
non-adults. K-I: LCA's "victims by nationality 2022": Haitian 3, Guyanese 4, nationals 10, total
17; the total and the nationals were published, both flows withheld as 0-4, yet they add up to
17 - 10 = 7, so each is 3 or 4.

The attacker here is written apart from ctip.export: it knows each breakdown's parts add up to at
most its total (an incomplete one leaves a rest of 0 or more: male-or-unknown, the nationalities
not listed), that a table by nationality adds nationals, unknown and each nationality up to its
total (and the nationalities up to the foreign figure), that counts are >= 0 and that a withheld
small count is 0-4; it solves linear programs (HiGHS) for every withheld small count and every
rest (none where the parts add up to the total: the list may be known to be complete). Nothing
that is a count from 1 to 4 may be left narrower than 0-4."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from ctip.export.flow_suppression import protect_flows
from ctip.export.releases import release_frame
from ctip.export.suppression import Disclosure, protect
from ctip.schema import KEY_COLUMNS

T = "total"


def _fact(rows: list[tuple[str, str, str, int]], country: str = "JAM", indicator: str = "persons_prosecuted") -> pd.DataFrame:
    """fact_observation from (sex, age, citizenship, value) rows, one source cell each."""
    frame = pd.DataFrame(
        [(country, 2022, indicator, s, a, T, c, v, None) for s, a, c, v in rows],
        columns=[*KEY_COLUMNS, "value", "flag"],
    )
    frame["value"] = pd.array(frame["value"], dtype="Int64")
    frame["submission_id"], frame["source_file"], frame["source_sheet"] = "s", "file.xlsx", "Data"
    frame["source_cell"] = [f"F{i}" for i in range(len(frame))]
    return frame


def _flows(partners: list[tuple[str, int]], country: str = "LCA") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "country_iso3": country,
            "partner_iso3": [p for p, _ in partners],
            "partner_label": [f"Land {p}" for p, _ in partners],
            "relation": "citizenship",
            "year": 2022,
            "indicator": "victims_detected",
            "sex": T,
            "age_group": T,
            "exploitation": T,
            "value": pd.array([v for _, v in partners], dtype="Int64"),
            "flag": None,
            "submission_id": "s",
            "source_sheet": "Data",
            "source_cell": [f"B{i}" for i in range(len(partners))],
        }
    )


def _lp_ranges(truth: dict, published: dict, small: set, relations: list[tuple[object, list]]) -> dict:
    """min and max of every unpublished cell and of each relation's rest (`("rest", i)`), the
    relations being `total = sum(parts) + rest`, rest >= 0, and rest = 0 where the breakdown is
    complete (the attacker may know the table lists every nationality, every sex); small cells
    0-4, others >= 0."""
    unknown = [c for c in truth if c not in published] + [("rest", i) for i in range(len(relations))]
    at = {c: k for k, c in enumerate(unknown)}
    rows, rhs = [], []
    for i, (total, parts) in enumerate(relations):
        row, b = np.zeros(len(unknown)), 0.0
        for cell, sign in ((total, 1.0), *((p, -1.0) for p in parts), (("rest", i), -1.0)):
            if cell in published:
                b -= sign * published[cell]
            else:
                row[at[cell]] += sign
        rows.append(row)
        rhs.append(b)
    complete = {("rest", i) for i, (t, parts) in enumerate(relations) if truth[t] == sum(truth[p] for p in parts)}
    box = [(0.0, 0.0) if c in complete else (0.0, 4.0) if c in small else (0.0, None) for c in unknown]
    out = {}
    for c, k in at.items():
        ends = []
        for sense in (1.0, -1.0):
            objective = np.zeros(len(unknown))
            objective[k] = sense
            res = linprog(objective, A_eq=np.array(rows), b_eq=np.array(rhs), bounds=box, method="highs")
            if res.status == 3:  # unbounded: only a maximum can be (every cell is >= 0)
                ends.append(np.inf)
                continue
            assert res.status == 0, res.message
            ends.append(sense * res.fun)
        out[c] = (ends[0], ends[1])
    return out


def _narrowed(truth: dict, published: dict, relations: list[tuple[object, list]]) -> list:
    """Counts from 1 to 4 (withheld cells, and rests) the attacker narrows below 0-4."""
    small = {c for c, v in truth.items() if c not in published and 1 <= v <= 4}
    ranges = _lp_ranges(truth, published, small, relations)
    rests = {("rest", i): truth[t] - sum(truth[p] for p in parts) for i, (t, parts) in enumerate(relations)}
    assert all(r >= 0 for r in rests.values())  # the relations hold for the truth
    targets = small | {r for r, v in rests.items() if 1 <= v <= 4}
    return sorted((str(c), ranges[c]) for c in targets if ranges[c][0] > 1e-6 or ranges[c][1] < 4 - 1e-6)


def _public_fact(fact: pd.DataFrame, **tables) -> tuple[dict, dict, object]:
    out = protect({"fact_observation": fact, **tables})
    public = out.tables["fact_observation"]
    key = ["sex", "age_group", "citizenship"]
    truth = {tuple(r): float(v) for r, v in zip(fact[key].itertuples(index=False), fact["value"])}
    published = {tuple(r): float(v) for r, v in zip(public[key].itertuples(index=False), public["value"]) if not pd.isna(v)}
    return truth, published, out


SEX_ONLY = {"sex": ["female", "male", "unknown"]}


@pytest.mark.parametrize(
    "rows,relations",
    [
        # JAM: Female 5, Total 6, no Male column: 1 not female (K-H)
        ([(T, T, T, 6), ("female", T, T, 5)], [((T, T, T), [("female", T, T)])]),
        # TTO 2018: total 11, adults 9, no children: 2 not adults (K-H, UNODC's own data)
        ([(T, T, T, 11), (T, "adult", T, 9)], [((T, T, T), [(T, "adult", T)])]),
        # female 10, male 7, total 20: 3 of unknown sex
        ([(T, T, T, 20), ("female", T, T, 10), ("male", T, T, 7)], [((T, T, T), [("female", T, T), ("male", T, T)])]),
        # female 3 of 6: the withheld female and the rest add up to 6, each then 2 to 4
        ([(T, T, T, 6), ("female", T, T, 3)], [((T, T, T), [("female", T, T)])]),
        # girls 8, women 9, men 10, total 29, no boys and no margins: 2 boys or of unknown sex/age
        (
            [(T, T, T, 29), ("female", "child", T, 8), ("female", "adult", T, 9), ("male", "adult", T, 10)],
            [((T, T, T), [("female", "child", T), ("female", "adult", T), ("male", "adult", T)])],
        ),
    ],
    ids=["jam-female-5-of-6", "tto-adults-9-of-11", "unknown-sex-3", "small-part-and-rest", "crossed-no-boys"],
)
def test_the_rest_of_an_incomplete_breakdown_is_not_published(rows, relations):
    truth, published, out = _public_fact(_fact(rows))
    assert out.unresolved == 0
    assert _narrowed(truth, published, relations) == []


def test_a_rest_of_five_or_more_or_a_complete_breakdown_is_published_as_before():
    """Not everything is withheld: female 10 of 20 (10 not female), and female 10 + male 10 = 20."""
    for rows in ([(T, T, T, 20), ("female", T, T, 10)], [(T, T, T, 20), ("female", T, T, 10), ("male", T, T, 10)]):
        truth, published, out = _public_fact(_fact(rows))
        assert published == truth and out.complementary == 0


def test_a_rest_given_away_by_an_earlier_release_does_not_stop_the_release():
    """A release made before this protection published female 5 and total 6: the rest (1) is known
    to everyone whatever this release does. The new release is not refused for it."""
    fact = _fact([(T, T, T, 6), ("female", T, T, 5)])
    published_then = np.zeros(len(fact), dtype=bool)
    previous = release_frame(fact, published_then, np.zeros(len(fact), dtype=bool), "release-1")
    _, _, out = _public_fact(fact, release_cells=previous)
    assert out.unresolved == 0


def _public_flows(fact: pd.DataFrame, flows: pd.DataFrame) -> tuple[dict, dict, object]:
    tables = {"fact_observation": fact, "fact_flow": flows}
    out = protect(tables)
    public_fact = out.tables["fact_observation"]
    public_flows = protect_flows(tables, public_fact, decided=(out.flow_withheld, out.flow_primary)).tables["fact_flow"]
    truth, published = {}, {}
    for frame, public, column in ((fact, public_fact, "citizenship"), (flows, public_flows, "partner_iso3")):
        for key, v, shown in zip(frame[column], frame["value"], public["value"]):
            truth[key] = float(v)
            if not pd.isna(shown):
                published[key] = float(shown)
    return truth, published, out


@pytest.mark.parametrize(
    "fact_rows,partners,relations",
    [
        # LCA: Haitian 3, Guyanese 4, nationals 10, total 17 (K-I)
        ([("total", 17), ("national", 10)], [("HTI", 3), ("GUY", 4)], [("total", ["national", "HTI", "GUY"])]),
        # the same with unknown 2: nationals + unknown + flows = total
        ([("total", 19), ("national", 10), ("unknown", 2)], [("HTI", 3), ("GUY", 4)], [("total", ["national", "unknown", "HTI", "GUY"])]),
        # foreign 7 and no total: the foreign flows add up to it
        ([("foreign", 7)], [("HTI", 3), ("GUY", 4)], [("foreign", ["HTI", "GUY"])]),
        # total 30, nationals 10, Haitian 13, Guyanese 4: 3 of nationalities not listed
        ([("total", 30), ("national", 10)], [("HTI", 13), ("GUY", 4)], [("total", ["national", "HTI", "GUY"])]),
    ],
    ids=["lca-17-10-3-4", "with-unknown", "foreign-cell", "rest-3"],
)
def test_withheld_flows_keep_0_to_4_beside_the_nationals_and_total(fact_rows, partners, relations):
    fact = _fact([(T, T, c, v) for c, v in fact_rows], country="LCA", indicator="victims_detected")
    truth, published, out = _public_flows(fact, _flows(partners))
    assert out.unresolved == 0
    assert _narrowed(truth, published, relations) == []


def test_a_complete_nationality_table_keeps_its_large_figures():
    """Total 40 = nationals 20 + Haitian 16 + Guyanese 4: the Guyanese flow is withheld with one
    complement, the nationals and the total stay published."""
    fact = _fact([(T, T, "total", 40), (T, T, "national", 20)], country="LCA", indicator="victims_detected")
    truth, published, out = _public_flows(fact, _flows([("HTI", 16), ("GUY", 4)]))
    assert published == {"total": 40.0, "national": 20.0}
    assert _narrowed(truth, published, [("total", ["national", "HTI", "GUY"])]) == []


def test_remainders_are_cells_of_the_problem():
    """The generic step: a relation short of its total gets a rest (small: primary); one that
    holds exactly, or whose parts exceed the total, is left as it was."""
    from ctip.export.remainders import add_remainders

    problem = Disclosure()
    total, female, male, big = problem.add([6, 5, 9, 20])
    problem.relate(total, [female])  # 6 = 5 + rest 1
    problem.relate(big, [female, male, total])  # 20 = 5 + 9 + 6: holds exactly
    problem.relate(total, [female, male])  # 6 < 14: cannot hold
    rest_of = add_remainders(problem)
    assert len(rest_of) == 1
    ((rest, owner),) = rest_of.items()
    assert owner == total and problem.value[rest] == 1 and problem.primary[rest] and problem.preset[rest]
    assert problem.relations == [(total, (female, rest)), (big, (female, male, total)), (total, (female, male))]
