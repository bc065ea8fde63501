"""Totals against their parts in the assembled facts, not only within each submission.

Within one source a partial correction keeps the older parts (ctip.warehouse.precedence): a
ministry that corrects its total to 20 leaves its earlier female 21 / male 10 current. Each
submission was checked on its own (ctip.validate.rules.flag_inconsistent_totals); the published
country-year is checked here again, with the same rule (the schema's total code and dimensions,
a `<5` part at its source's lowest value), so a total smaller than its current parts is flagged
`inconsistent_total` whichever submissions the figures came from. Flags are only added: a flag
given as reported stays."""

from __future__ import annotations

import pandas as pd

from ctip.schema import KEY_COLUMNS
from ctip.validate.rules import INCONSISTENT, flag_inconsistent_totals

# What the check reads: the key, the value, its flag, and where a `<5` came from (its lowest value).
_READ = [*KEY_COLUMNS, "value", "flag", "source_file"]


def flag_assembled_totals(current: pd.DataFrame) -> pd.DataFrame:
    """`current` (one row per key) with `inconsistent_total` on every total smaller than its current
    parts and on those parts, across submissions. Rows keep their order and other columns."""
    if current.empty:
        return current
    # Without submission_id the rule groups the facts by key alone, i.e. across submissions.
    checked = flag_inconsistent_totals(current[[c for c in _READ if c in current.columns]])
    newly = (checked["flag"] == INCONSISTENT).fillna(False) & (current["flag"] != INCONSISTENT).fillna(True)
    if not newly.any():
        return current
    out = current.copy()
    out.loc[newly, "flag"] = INCONSISTENT
    return out
