"""Precision and recall of intake on the corpus: every stored figure compared with the truth on
its full key, value and flag."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .fixtures import Fixture

KEY = ("country_iso3", "year", "indicator", "sex", "age_group", "exploitation", "citizenship")


def truth_set(fixture: Fixture) -> set[tuple]:
    return {tuple(o[k] for k in KEY) + (o["value"], o["flag"]) for o in fixture.truth}


def stored_set(observations: pd.DataFrame) -> set[tuple]:
    out = set()
    for row in observations.itertuples(index=False):
        value = None if pd.isna(row.value) else int(row.value)
        flag = None if pd.isna(row.flag) else row.flag
        out.add((row.country_iso3, int(row.year), row.indicator, row.sex, row.age_group, row.exploitation, row.citizenship, value, flag))
    return out


@dataclass
class FixtureScore:
    name: str
    n_truth: int
    n_stored: int
    n_correct: int
    wrong: set = field(default_factory=set)  # stored, not in the truth
    missed: set = field(default_factory=set)  # in the truth, not stored
    missing_quarantine: list = field(default_factory=list)  # cells that should be in quarantine and are not
    status: str = ""
    quarantine: pd.DataFrame | None = None


@dataclass
class Scores:
    fixtures: list[FixtureScore]

    @property
    def n_truth(self) -> int:
        return sum(f.n_truth for f in self.fixtures)

    @property
    def n_stored(self) -> int:
        return sum(f.n_stored for f in self.fixtures)

    @property
    def n_correct(self) -> int:
        return sum(f.n_correct for f in self.fixtures)

    @property
    def precision(self) -> float:
        return self.n_correct / self.n_stored if self.n_stored else 1.0

    @property
    def recall(self) -> float:
        return self.n_correct / self.n_truth if self.n_truth else 1.0

    def report(self) -> str:
        lines = [
            f"corpus: {len(self.fixtures)} files, {self.n_truth} true figures, {self.n_stored} stored, "
            f"{self.n_correct} correct; precision {self.precision:.2%}, recall {self.recall:.2%}"
        ]
        for f in self.fixtures:
            if f.wrong or f.missed or f.missing_quarantine:
                lines.append(f"  {f.name}: {len(f.wrong)} wrong, {len(f.missed)} missed, {len(f.missing_quarantine)} not quarantined ({f.status})")
                for w in sorted(f.wrong, key=str)[:8]:
                    lines.append(f"    wrong  {w}")
                for m in sorted(f.missed, key=str)[:8]:
                    lines.append(f"    missed {m}")
                for q in f.missing_quarantine[:8]:
                    lines.append(f"    not quarantined {q}")
        return "\n".join(lines)


def score_fixture(fixture: Fixture, raw: Path) -> FixtureScore:
    from ctip.intake.discover import describe_file
    from ctip.stage.submission import ingest_submission

    result = ingest_submission(describe_file(fixture.path, raw))
    stored = stored_set(result.observations)
    truth = truth_set(fixture)
    q = result.quarantine
    in_quarantine = set(zip(q["source_sheet"], q["source_cell"]))
    return FixtureScore(
        fixture.name,
        len(truth),
        len(result.observations),
        len(stored & truth),
        stored - truth,
        truth - stored,
        [c for c in fixture.quarantined if c not in in_quarantine],
        result.status,
        q,
    )


def score_corpus(fixtures: list[Fixture], raw: Path) -> Scores:
    return Scores([score_fixture(f, raw) for f in fixtures])
