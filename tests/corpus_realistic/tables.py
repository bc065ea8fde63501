"""Trafficking tables in the shapes bulletins and reports use, written with their truth.

A row spec is (label, indicator, dims, parent): dims like {"sex": "female"}; parent the index of the
row this one is a part of ("of whom female" under "Victims identified"), so its values stay below
the parent's. `marks` writes a value the ministry's way: {(row, year): "{v}*"} gives "12*",
{(row, year): "Nil"} forces 0 and writes Nil."""

from __future__ import annotations

import random

from .kit import Grid, o

Row = tuple[str, str | None, dict, int | None]


def draw(r: random.Random, specs: list[Row], n: int, low: int = 0, high: int = 30, zero: set[tuple[int, int]] = frozenset()) -> list[list[int]]:
    """Values per row spec and column, parts below their parent; (row, column) in `zero` are 0."""
    out: list[list[int]] = []
    left: dict[int, list[int]] = {}  # what the parts of a row may still take, so parts never exceed it
    for i, (label, ind, dims, parent) in enumerate(specs):
        if parent is None:
            row = [r.randint(low, high) for _ in range(n)]
        elif dims.get("_rest"):  # the last part of a complete split (female, male): the rest
            row = list(left[parent])
        else:
            row = [r.randint(0, v) for v in left[parent]]
        row = [0 if (i, j) in zero else v for j, v in enumerate(row)]
        if parent is not None:
            left[parent] = [a - b for a, b in zip(left[parent], row)]
        left[i] = list(row)
        out.append(row)
    return out


def shown(v: int, mark: str | None) -> tuple[object, int]:
    if mark is None:
        return v, v
    if "{v}" not in mark:  # a word for zero
        return mark, 0
    return mark.format(v=v), v


def years_table(
    g: Grid,
    r: random.Random,
    specs: list[Row],
    years: tuple[int, ...],
    *,
    at: int = 0,
    header: tuple = (),
    extra: list[str] = (),
    marks: dict | None = None,
    low: int = 1,
    high: int = 30,
) -> list[list[int]]:
    """Rows = indicators, columns = years, then extra columns (% change, rate) that hold no count.

    A row whose indicator is None is written with values that a careful human would not store."""
    marks = marks or {}
    zero = {(i, years.index(y)) for i, spec in enumerate(specs) for (lab, y), m in marks.items() if lab == spec[0] and "{v}" not in m}
    vals = draw(r, specs, len(years), low, high, zero)
    g.add(*(header or ("",)), *years, *extra, at=at)
    for (label, ind, dims, parent), row in zip(specs, vals):
        cells = []
        for y, v in zip(years, row):
            text, value = shown(v, marks.get((label, y)))
            cells.append(o(text, ind, y, value=value, **{k: v for k, v in dims.items() if k != "_rest"}) if ind else text)
        for e in extra:
            a, b = row[0], row[-1]
            cells.append(round(100 * (b - a) / a, 1) if a else "n.a.") if "%" in e else cells.append(round(r.uniform(0.1, 5), 2))
        g.add(label, *cells, at=at)
    return vals


def sex_columns_table(
    g: Grid,
    r: random.Random,
    specs: list[tuple[str, str | None, dict]],
    year: int,
    sexes: tuple[str, str, str],
    *,
    at: int = 0,
    first: str = "",
    total_first: bool = False,
    marks: dict | None = None,
    high: int = 20,
) -> None:
    """Rows = indicators, columns = female, male, total (labels given). Totals are the sums."""
    marks = marks or {}
    cols = [sexes[2], sexes[0], sexes[1]] if total_first else list(sexes)
    g.add(first, *cols, at=at)
    for label, ind, dims in specs:
        f, m = r.randint(0, high), r.randint(0, high)
        vals = {"female": f, "male": m, "total": f + m}
        order = ["total", "female", "male"] if total_first else ["female", "male", "total"]
        cells = []
        for sex in order:
            text, value = shown(vals[sex], marks.get((label, sex)))
            if value != vals[sex]:  # a word for zero: keep the total the sum of its parts
                raise AssertionError("use marks only with {v} in sex tables")
            cells.append(o(text, ind, year, sex=sex, value=value, **dims) if ind else text)
        g.add(label, *cells, at=at)


def crosstab(
    g: Grid,
    r: random.Random,
    ind: str,
    year: int,
    rows: list[tuple[str, dict]],
    cols: list[tuple[str, dict]],
    row_total: str | None,
    col_total: str | None,
    *,
    corner: str = "",
    at: int = 0,
    high: int = 12,
) -> dict[tuple, int]:
    """A two-way table (sex x age, exploitation x sex...) with its total row and column, which hold
    the sums. Returns {(row dims, col dims): value} keyed by frozen items."""
    inner = [[r.randint(0, high) for _ in cols] for _ in rows]
    head = [corner] + [c for c, _ in cols] + ([col_total] if col_total else [])
    g.add(*head, at=at)
    for (label, rd), vals in zip(rows, inner):
        cells = [o(v, ind, year, **rd, **cd) for v, (_, cd) in zip(vals, cols)]
        if col_total:
            cells.append(o(sum(vals), ind, year, **rd))
        g.add(label, *cells, at=at)
    if row_total:
        sums = [sum(inner[i][j] for i in range(len(rows))) for j in range(len(cols))]
        cells = [o(v, ind, year, **cd) for v, (_, cd) in zip(sums, cols)]
        if col_total:
            cells.append(o(sum(sums), ind, year))
        g.add(row_total, *cells, at=at)
    return {}


def parts_with_total(r: random.Random, n: int, high: int = 15) -> tuple[list[int], int]:
    parts = [r.randint(0, high) for _ in range(n)]
    return parts, sum(parts)
