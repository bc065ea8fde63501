"""What a layout reader produces: one reading per non-empty data cell, with the labels that gave
it meaning. Turning readings into observations (codes, values, checks) is the harmoniser's job,
so every layout shares one path to the warehouse and one way of reporting problems."""

from __future__ import annotations

from dataclasses import dataclass, field

from ctip.vocabulary.labels import LabelIndex


@dataclass
class ReadContext:
    """What is known about a submission before its cells are read."""

    country_iso3: str | None
    labels: LabelIndex
    year_hint: int | None = None  # from the file name, when a sheet names no year
    file_name: str = ""
    ignore_sheets: tuple[str, ...] = ()
    ignore_rows: dict[str, tuple[int, ...]] = field(default_factory=dict)  # sheet -> 1-based rows
    layout: dict[str, str] = field(default_factory=dict)  # sheet -> layout name
    # mapping.yaml 'tables': words of a table's title -> {"use": bool, "year": int}
    tables: dict[str, dict] = field(default_factory=dict)
    banner_year: int | None = None  # the year the sheet's banner gives, for the tables below the first
    forced_year: int | None = None  # the year mapping.yaml states for this table


@dataclass
class CellReading:
    """One data cell and what its row and column labels say it is.

    `key` holds what the labels decided: indicator, year, any of the four dimensions, and for
    multi-country files (the GLOTIP export) country_iso3. `problem` is set when the labels could
    not be read with certainty; the cell then goes to quarantine with that reason."""

    sheet: str
    cell: str
    raw_value: object
    raw_label: str
    key: dict[str, object] = field(default_factory=dict)
    problem: str | None = None
    suggestions: list[str] = field(default_factory=list)
    flag: str | None = None  # set by a layout for a known issue (e.g. 'inconsistent_total')


@dataclass
class SheetOutcome:
    """A sheet's readings plus sheet-level notes (ignored sheet, no table found...)."""

    sheet: str
    layout: str | None
    readings: list[CellReading] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unread_cells: list[CellReading] = field(default_factory=list)  # non-empty cells outside any table
    regions: list = field(default_factory=list)  # (Region, its readings): the tables of the sheet
