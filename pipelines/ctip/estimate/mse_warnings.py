"""Warnings that say when a multiple systems estimate is fragile, per estimate.

* a list that overlaps no other list: nothing links it to the others, so the model can only
  assume it independent of them, and the estimate rests on that assumption;
* an overlap count (the cases on both lists of a pair) that the chosen model needs, at most
  MIN_OVERLAP: its interaction, and the estimate, hang on one or two cases;
* more than EXPLODING_SHARE of the bootstrap replicates above EXPLODING_FACTOR times the point
  estimate: the estimate is unstable (two lists sharing one case give 200,901 from 40,144 to 10^14);
* an estimate above TOO_MANY times the number seen: mostly extrapolation.
Thresholds are those of issue 11; the words live in schemas/mse.yaml."""

from __future__ import annotations

from functools import cache

import numpy as np
import yaml

from ctip.estimate.mse_model import Design
from ctip.paths import SCHEMAS_DIR

MIN_OVERLAP = 2
EXPLODING_SHARE, EXPLODING_FACTOR = 0.05, 10.0
TOO_MANY = 20.0


@cache
def _words() -> dict[str, str]:
    return yaml.safe_load((SCHEMAS_DIR / "mse.yaml").read_text(encoding="utf-8"))["warnings"]


def mse_warnings(design: Design, y: np.ndarray, pairs: tuple[int, ...], estimate: float, replicates: np.ndarray | None = None) -> list[str]:
    """The warnings of one estimate (plain sentences), in a fixed order."""
    words = _words()
    y = np.asarray(y, dtype=float)
    overlap = design.pair_cols.T @ y
    out = []
    for i, name in enumerate(design.lists):
        touching = [j for j, (a, b) in enumerate(design.pairs) if i in (a, b)]
        if touching and all(overlap[j] == 0 for j in touching):
            out.append(words["isolated_list"].format(list=name))
    for j in pairs:
        if overlap[j] <= MIN_OVERLAP:
            out.append(words["thin_overlap"].format(pair=design.pair_name(j), n=int(overlap[j]), limit=MIN_OVERLAP))
    if replicates is not None and len(replicates) and np.isfinite(estimate):
        share = float(np.mean(replicates > EXPLODING_FACTOR * estimate))
        if share > EXPLODING_SHARE:
            out.append(words["exploding_bootstrap"].format(share=share, factor=EXPLODING_FACTOR, limit=EXPLODING_SHARE))
    observed = y.sum()
    if observed > 0 and np.isfinite(estimate) and estimate > TOO_MANY * observed:
        out.append(words["extrapolation"].format(ratio=estimate / observed, limit=TOO_MANY))
    return out
