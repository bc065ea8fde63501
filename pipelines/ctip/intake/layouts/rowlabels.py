"""Reading the labels of a table row: an indicator, a dimension value under the indicator above
("Female", "of which: girls"), or both ("Victims identified (female)")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ctip.harmonise.normalise import normalise
from ctip.intake.readings import ReadContext

_OF_WHICH = re.compile(
    r"^\s*(of which|thereof|including|incl\.?|de los cuales|de las cuales|de ellos|de ellas|dont|parmi eux|parmi elles|waarvan|waaronder)\s*[:,-]?\s*",
    re.I,
)


@dataclass
class RowMeaning:
    indicator: str | None = None
    dims: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    suggestions: list[str] = field(default_factory=list)
    starts_block: bool = False  # the row names an indicator (later rows may refine it)
    blank: bool = False


def resolve_row(labels: list[object], current: str | None, ctx: ReadContext) -> RowMeaning:
    """labels: the row's label cells, left to right (None for empty)."""
    texts = [str(v).strip() for v in labels if v is not None and str(v).strip()]
    if not texts:
        return RowMeaning(blank=True)
    first = texts[0]
    stripped = _OF_WHICH.sub("", first)
    of_which = stripped != first
    meaning = RowMeaning()
    ind = ctx.labels.indicator(stripped)
    if ind.ok:
        meaning.indicator, meaning.dims, meaning.starts_block = ind.indicator, dict(ind.dims), not of_which
    else:
        value = ctx.labels.dimension_value(stripped)
        if value is not None and current is not None:
            meaning.indicator = current
            meaning.dims = {k: v for k, v in value.items() if k != "*"}
        elif value is not None:
            return RowMeaning(problem=f"'{first}' names a breakdown but no indicator above it")
        else:
            return RowMeaning(problem=ind.problem, suggestions=ind.suggestions)
    for extra in texts[1:]:  # further label columns: dimension values such as a Sex column
        value = ctx.labels.dimension_value(extra)
        if value is None:
            if normalise(extra) in ("", "number", "persons", "count"):
                continue
            return RowMeaning(problem=f"'{extra}' (beside '{first}') is not a known dimension value")
        for k, v in value.items():
            if k == "*":
                continue
            if k in meaning.dims and meaning.dims[k] != v:
                return RowMeaning(problem=f"row '{' / '.join(texts)}' gives two values for {k}")
            meaning.dims[k] = v
    return meaning
