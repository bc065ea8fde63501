"""The small language the realistic documents are written in.

A document is a list of sheets; a sheet is a grid of rows. A cell that a careful statistician would
store is written as `o(shown, indicator, year, ...)`: the grid gets `shown` (what the ministry
wrote: 12, "12*", "Nil", "1,204") and the truth gets the observation. Every other cell (titles,
murder tables, districts, months, percentages) is plain and adds nothing to the truth.

The truth rows use the format of tests/corpus (scoring.py): country_iso3, year, indicator, sex,
age_group, exploitation, citizenship, value, flag."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from tests.corpus.fixtures import Fixture
from tests.corpus.writers import Sheet, write

V, A, CI, PI, PP, PC = (
    "victims_detected",
    "victims_assisted",
    "cases_investigated",
    "persons_investigated",
    "persons_prosecuted",
    "persons_convicted",
)

# The kinds of document, used to report precision and recall by kind.
KINDS = (
    "police_bulletin",
    "national_report",
    "court_statistics",
    "questionnaire",
    "pivot_export",
    "year_blocks",
    "two_level_header",
    "monthly",
    "subnational",
    "nationality",
    "services",
)


@dataclass(frozen=True)
class Obs:
    shown: object  # what the cell holds
    value: int
    key: tuple  # (year, indicator, sex, age_group, exploitation, citizenship)


def o(
    shown: object, indicator: str, year: int, sex: str = "total", age: str = "total", expl: str = "total", cit: str = "total", value: int | None = None
) -> Obs:
    """A cell a careful human would store. `value` is required when `shown` is not a plain int."""
    if value is None:
        if not isinstance(shown, int):
            raise TypeError(f"say what {shown!r} means")
        value = shown
    return Obs(shown, value, (year, indicator, sex, age, expl, cit))


@dataclass
class Grid:
    name: str
    rows: list[list[object]] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)

    def add(self, *cells: object, at: int = 0) -> int:
        self.rows.append([None] * at + list(cells))
        return len(self.rows) - 1

    def blank(self, n: int = 1) -> None:
        for _ in range(n):
            self.rows.append([])

    def merge(self, rng: str) -> None:
        self.merges.append(rng)


@dataclass
class Doc:
    name: str
    country: str  # ISO3, also the folder name
    filename: str
    kind: str
    lang: str
    sheets: list[Grid] = field(default_factory=list)
    text_options: dict = field(default_factory=dict)

    def sheet(self, name: str) -> Grid:
        g = Grid(name)
        self.sheets.append(g)
        return g

    def truth(self) -> list[dict]:
        out: dict[tuple, dict] = {}
        for g in self.sheets:
            for r, row in enumerate(g.rows):
                for c, v in enumerate(row):
                    if not isinstance(v, Obs):
                        continue
                    if v.key in out:
                        # the same figure twice (a total repeated in two tables) is one figure; two
                        # different values for one key would be a fixture bug
                        if out[v.key]["value"] != v.value:
                            raise AssertionError(f"{self.name}: {v.key} twice ({g.name}!R{r + 1}C{c + 1})")
                        continue
                    year, ind, sex, age, expl, cit = v.key
                    out[v.key] = {
                        "country_iso3": self.country,
                        "year": year,
                        "indicator": ind,
                        "sex": sex,
                        "age_group": age,
                        "exploitation": expl,
                        "citizenship": cit,
                        "value": v.value,
                        "flag": None,
                    }
        return list(out.values())

    def save(self, raw: Path) -> Fixture:
        path = Path(raw) / self.country / self.filename
        sheets = [Sheet(g.name, [[c.shown if isinstance(c, Obs) else c for c in row] for row in g.rows], g.merges) for g in self.sheets]
        write(path, sheets, **self.text_options)
        truth = self.truth()
        return Fixture(self.name, f"{self.country}/{self.filename}", self.country, (self.kind, self.lang, path.suffix.lstrip(".")), truth, [], path)


def rng(name: str) -> random.Random:
    """Deterministic small counts per document."""
    return random.Random(name)


def kind_of(fixture: Fixture) -> str:
    return fixture.features[0]
