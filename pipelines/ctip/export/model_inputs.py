"""The facts the published estimates are computed from: the counts as the public exports show them.

The estimation code is public and seeded, so an estimate computed from a withheld count can be
inverted: re-running the model with each candidate 0-4 reproduces the published estimates only
for the true value (attack3 H-B), and every member's `M` estimate and every regional row of that
indicator and year depend on it through the shared year effect. So the estimates never see a
withheld value: a count withheld as small (1-4, or `<5` from its source) enters the model as a
censored `<5`, exactly as UNODC's `<5` cells do (ctip.validate.censoring); a cell withheld as a
complement (or held back at the previous release's state) enters as not reported. Which cells are
withheld is decided by the same protection as the public fact_observation (this release and the
previous one, `release_cells`), so the model's input is a function of what is published.

Which cells the public files withhold is public too (they show them flagged, without a value): the
column WITHHELD_COLUMN says so, and the estimates say it of those cells' rows. The country reported
them, so a breakdown holding one may leave victims out of every part: the estimate of such a cell,
computed without its figure, gets an interval that holds every value the public files allow
(ctip.estimate.estimates.withheld_rows), never the narrow split of its total that the model's
parts-add-up rule would give (I-J: DOM 2013 female victims reported 78, estimated [296, 297])."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctip.estimate.rules import FLAGGED_INCONSISTENT, INCONSISTENT_FLAG, WITHHELD
from ctip.export.suppression import SMALL, WITHHELD_FLAG, _fact_primary, protect

# Tables the protection of the facts reads besides fact_observation.
# fact_flow: flows are cells of the same problem, and can make a fact total a complement (H-I).
PROTECTION_INPUTS = ("release_cells", "dim_country", "fact_flow")
# In model_facts' output, where the public exports do not show a row's value: the most it can be as
# they show it (SMALL's upper end for a small count, inf for a complement); NaN elsewhere. Present
# when any row is withheld.
WITHHELD_COLUMN = WITHHELD


def withheld_facts(tables: dict[str, pd.DataFrame]) -> np.ndarray:
    """Per row of tables['fact_observation']: whether the public exports do not show its value."""
    fact = tables["fact_observation"].reset_index(drop=True)
    given = {"fact_observation": fact, **{name: tables[name] for name in PROTECTION_INPUTS if name in tables}}
    public = protect(given).tables["fact_observation"].reset_index(drop=True)
    shown = pd.to_numeric(public["value"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    value = pd.to_numeric(fact["value"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    # not shown, or shown with another value (a revision held back at the previous release's figure)
    return (np.isnan(shown) & ~np.isnan(value)) | (~np.isnan(shown) & ~np.isnan(value) & (shown != value))


def model_facts(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """tables['fact_observation'] as the public estimates may read it: withheld small counts as
    `<5` (value NULL, flag suppressed), withheld complements as not reported (value and flag NULL).
    A source's own `<5` is unchanged. Column WITHHELD_COLUMN marks the withheld rows, column
    FLAGGED_INCONSISTENT those of them the warehouse flagged inconsistent_total (both added only
    when there are any)."""
    fact = tables["fact_observation"].reset_index(drop=True).copy()
    if fact.empty:
        return fact
    withheld = withheld_facts(tables)
    if not withheld.any():
        return fact
    small = _fact_primary(fact) & withheld
    fact["value"] = pd.array(pd.to_numeric(fact["value"], errors="coerce"), dtype="Int64")
    fact.loc[withheld, "value"] = pd.NA
    flag = np.array([f if isinstance(f, str) else None for f in fact["flag"]], dtype=object)
    # a withheld part flagged inconsistent_total loses its flag below; the public mart_country_year
    # shows the inconsistency (has_inconsistency), so the estimates are told (attack6 K-N)
    fact[FLAGGED_INCONSISTENT] = withheld & (flag == INCONSISTENT_FLAG)
    flag[withheld] = None
    flag[small] = WITHHELD_FLAG
    fact["flag"] = flag
    fact[WITHHELD_COLUMN] = np.where(small, float(SMALL[1]), np.where(withheld, np.inf, np.nan))
    return fact
