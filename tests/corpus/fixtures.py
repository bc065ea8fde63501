"""The small language the fixture builders are written in: a book of sheets whose data cells are
placed together with the observation they stand for, so the truth is written beside the cell.

Values: an int; NA (not available: no observation); NIL (written '-', '–', ...: 0); SUP
(suppressed: NULL with flag 'suppressed'); or Raw(text, meaning) for a value written in a
particular way ('1.234' meaning 1234)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .writers import Formula, Sheet, ref, write


class _Mark:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


NA = _Mark("NA")
NIL = _Mark("NIL")
SUP = _Mark("SUP")


@dataclass(frozen=True)
class Raw:
    text: object  # what the cell holds
    means: object  # int, NA, NIL or SUP


@dataclass
class Style:
    na: str = ".."
    nil: str = "-"
    sup: str = "<5"
    text: bool = False  # counts written as text
    thousands: str = ","


def render(value: object, style: Style) -> object:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Formula):
        return value
    if value is NA:
        return style.na
    if value is NIL:
        return style.nil
    if value is SUP:
        return style.sup
    if style.text or value >= 1000:
        return f"{value:,}".replace(",", style.thousands)
    return value


def meaning(value: object) -> tuple[int | None, str | None] | None:
    """(value, flag) of the observation a cell stands for; None when it stands for none."""
    if isinstance(value, Raw):
        return meaning(value.means)
    if isinstance(value, Formula):
        return value.cached, None
    if value is NA:
        return None
    if value is NIL:
        return 0, None
    if value is SUP:
        return None, "suppressed"
    return int(value), None


def key(indicator: str, year: int, sex: str = "total", age: str = "total", expl: str = "total", cit: str = "total") -> dict:
    return {"year": year, "indicator": indicator, "sex": sex, "age_group": age, "exploitation": expl, "citizenship": cit}


@dataclass
class Fixture:
    name: str
    relpath: str  # <country folder>/<file>, under the drop folder
    country: str
    features: tuple[str, ...]
    truth: list[dict]
    quarantined: list[tuple[str, str]]  # (sheet, cell) that must be reported, never stored
    path: Path | None = None


class SheetBuilder:
    def __init__(self, book: "Book", name: str, hidden: bool = False, chart: bool = False):
        self.book = book
        self.name = name
        self.rows: list[list[object]] = []
        self.merges: list[str] = []
        self.hidden = hidden
        self.chart = chart

    def row(self, *cells: object, at: int = 0) -> int:
        self.rows.append([None] * at + list(cells))
        return len(self.rows) - 1

    def blank(self, n: int = 1) -> None:
        for _ in range(n):
            self.rows.append([])

    def _set(self, r: int, c: int, v: object) -> None:
        row = self.rows[r]
        while len(row) <= c:
            row.append(None)
        row[c] = v

    def put(self, r: int, c: int, value: object, k: dict | None) -> None:
        """A data cell and the observation it stands for (k=None: it must go to quarantine)."""
        self._set(r, c, render(value, self.book.style))
        if k is None:
            self.book.quarantined.append((self.name, ref(r, c)))
            return
        m = meaning(value)
        if m is not None:
            self.book.truth.append({"country_iso3": self.book.country, **k, "value": m[0], "flag": m[1]})

    def noise(self, r: int, c: int, raw: object) -> None:
        """A figure that must be reported in quarantine (a label that is no indicator, a grand total...)."""
        self._set(r, c, raw)
        self.book.quarantined.append((self.name, ref(r, c)))

    def merge(self, rng: str) -> None:
        self.merges.append(rng)

    def ref(self, r: int, c: int) -> str:
        return ref(r, c)


class Book:
    def __init__(self, name: str, folder: str, filename: str, country: str, features: tuple[str, ...], style: Style | None = None, **text_options):
        self.name, self.folder, self.filename, self.country, self.features = name, folder, filename, country, features
        self.style = style or Style()
        self.sheets: list[SheetBuilder] = []
        self.truth: list[dict] = []
        self.quarantined: list[tuple[str, str]] = []
        self.text_options = text_options
        self.mapping: str | None = None

    def sheet(self, name: str, **kw) -> SheetBuilder:
        s = SheetBuilder(self, name, **kw)
        self.sheets.append(s)
        return s

    def save(self, raw: Path) -> Fixture:
        path = raw / self.folder / self.filename
        sheets = [Sheet(s.name, s.rows, s.merges, s.hidden, s.chart) for s in self.sheets]
        write(path, sheets, **self.text_options)
        if self.mapping is not None:
            (raw / self.folder / "mapping.yaml").write_text(self.mapping, encoding="utf-8")
        return Fixture(self.name, f"{self.folder}/{self.filename}", self.country, self.features, self.truth, self.quarantined, path)


@dataclass
class Series:
    """Deterministic small counts for a fixture (a total and its parts)."""

    seed: int
    _state: int = field(init=False)

    def __post_init__(self):
        self._state = self.seed * 7919 + 17

    def __call__(self, low: int = 0, high: int = 40) -> int:
        self._state = (self._state * 1103515245 + 12345) % (2**31)
        return low + self._state % (high - low + 1)
