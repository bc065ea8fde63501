"""attack4 I-D: a count larger than the member's population is refused with the reason.

Jamaica's "Victims identified,25,31,5550142" (a local phone number typed without its hyphen) was
published as 5,550,142 victims (196% of the population) and Saint Kitts and Nevis' "1 234 567" as
26 times its population; the regional estimates became absurd. The bound is the member's population
(`ctip.reference.load_population`, the warehouse's ref_population), the nearest year's after the
series ends, `counts.max` for a member without one. Real figures, UNODC's included, stay."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from ctip import pipeline, reference
from ctip.feedback.problems import kind_of, sentence
from ctip.intake.values import max_count
from ctip.validate.population import over_population, population_bound
from ctip.validate.rules import validate_observations


def _population(iso3: str, year: int) -> int:
    pop = reference.load_population()
    return int(pop[(pop["iso3"] == iso3) & (pop["year"] == year)]["population"].iloc[0])


def _obs(rows: list[tuple[str, int, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "submission_id": "s1",
            "country_iso3": [r[0] for r in rows],
            "year": pd.array([r[1] for r in rows], dtype="Int64"),
            "indicator": [r[2] for r in rows],
            "sex": "total",
            "age_group": "total",
            "exploitation": "total",
            "citizenship": "total",
            "value": pd.array([r[3] for r in rows], dtype="Int64"),
            "flag": pd.array([None] * len(rows), dtype="string"),
            "source_file": "JAM/tip.csv",
            "source_sheet": "tip",
            "source_cell": [f"B{i + 2}" for i in range(len(rows))],
        }
    )


def test_a_count_above_the_population_is_quarantined_and_one_below_is_kept():
    jam, kna = _population("JAM", 2021), _population("KNA", 2021)
    rows = [
        ("JAM", 2021, "victims_detected", 5550142),  # the phone number 555-0142
        ("JAM", 2020, "victims_detected", 31),
        ("JAM", 2021, "persons_investigated", jam),  # the population itself: not above it
        ("KNA", 2021, "victims_detected", 1234567),
        ("KNA", 2021, "cases_investigated", kna + 1),
        ("DOM", 2021, "victims_detected", 5550142),  # below the Dominican Republic's 11 million
    ]
    good, quarantine = validate_observations(_obs(rows))
    kept = sorted(zip(good["country_iso3"], good["indicator"], good["value"].astype(int)))
    assert kept == [("DOM", "victims_detected", 5550142), ("JAM", "persons_investigated", jam), ("JAM", "victims_detected", 31)]
    assert sorted(quarantine["source_cell"]) == ["B2", "B5", "B6"]
    reasons = dict(zip(quarantine["source_cell"], quarantine["reason"]))
    assert reasons["B2"].startswith(f"the count is more than the population of JAM in 2021 ({jam:,})")
    assert reasons["B5"].startswith(f"the count is more than the population of KNA in 2021 ({kna:,})")
    # The reason never repeats the value (it may be a phone number).
    assert all("5550142" not in r and "5,550,142" not in r and "1,234,567" not in r for r in reasons.values())


def test_after_the_series_ends_the_last_year_is_the_bound_and_without_a_series_counts_max(tmp_path, monkeypatch):
    last = int(reference.load_population().query("iso3 == 'KNA'")["year"].max())
    assert population_bound("KNA", last + 3) == (_population("KNA", last), last)
    assert population_bound("KNA", 1990)[1] == int(reference.load_population().query("iso3 == 'KNA'")["year"].min())
    # A reference folder that lacks a member: intake's bound for every count applies.
    (tmp_path / "population.csv").write_text("iso3,year,population\nJAM,2021,2837682\n", encoding="utf-8")
    monkeypatch.setattr(reference, "REFERENCE_DIR", tmp_path)
    assert population_bound("KNA", 2021) == (max_count(), None)
    reasons = over_population(_obs([("KNA", 2021, "victims_detected", 1234567), ("JAM", 2021, "victims_detected", 2837683)]))
    assert reasons.index.tolist() == [1]


@pytest.mark.parametrize("lang,words", [("en", "population"), ("es", "población"), ("fr", "population"), ("nl", "bevolking")])
def test_the_sender_reads_the_reason_in_their_language(lang, words):
    (reason,) = over_population(_obs([("KNA", 2021, "victims_detected", 1234567)])).tolist()
    kind, rank = kind_of(reason)
    assert kind == "above_population" and rank == 1
    assert words in sentence(kind, lang, 1)


def _csv(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_phone_number_in_a_count_cell_is_not_published(project_dirs):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    _csv(raw / "TTO" / "tip.csv", "Indicator,2019,2020,2021\nVictims identified,14,19,22\n")
    _csv(raw / "JAM" / "tip.csv", "Indicator,2019,2020,2021\nVictims identified,25,31,5550142\nPersons prosecuted,7,9,8\n")
    _csv(raw / "KNA" / "tip.csv", 'Indicator,2019,2020,2021\nVictims identified,2,0,"1 234 567"\n')
    _csv(raw / "BLZ" / "trata.csv", "Indicador,2020,2021\nVíctimas identificadas,3,4501234\n")
    results = pipeline.stage_all(pipeline.discover())
    pipeline.build(results)
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        facts = con.execute("select country_iso3, year, indicator, value from fact_observation order by all").fetchall()
        quarantined = con.execute("select source_file, source_cell from quarantine order by all").fetchall()
        status = dict(con.execute("select source_file, status from submissions").fetchall())
        (regional,) = con.execute("select reported_sum from mart_regional_year where indicator = 'victims_detected' and year = 2021").fetchone()
    assert max(v for *_, v in facts) == 31
    assert ("JAM", 2021, "persons_prosecuted", 8) in facts and ("JAM", 2020, "victims_detected", 31) in facts
    assert quarantined == [("BLZ/trata.csv", "C2"), ("JAM/tip.csv", "D2"), ("KNA/tip.csv", "D2")]
    assert status["JAM/tip.csv"] == "partial" and status["KNA/tip.csv"] == "partial"
    # The region's sum of reported totals is Trinidad and Tobago's alone (it was 6,784,841).
    assert regional == 22
    # The Spanish sender is told in Spanish.
    spanish = next(r for r in results if r.submission["source_file"] == "BLZ/trata.csv")
    summary = (marts / "feedback" / spanish.submission["submission_id"] / "summary.md").read_text(encoding="utf-8")
    assert "mayor que la población del país" in summary, summary
