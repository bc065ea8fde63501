"""Tell a sender which earlier figures their file withdrew by marking them not available (attack4 I-H).

A later submission of the same source that writes '..' (or 'n/a', 'N/D', 's.o.') where an earlier
one gave a figure withdraws that figure (ctip.warehouse.precedence): it is no longer published and
stays in the warehouse's history as superseded by the later file. The feedback of the later file
says so, figure by figure, with the earlier file and value, so the ministry knows the public files
changed (and how to put a figure back). Like clashes, this is learnt from the published warehouse:
an earlier figure superseded by this submission whose key is no longer current, among the keys this
file marked not available."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from ctip.schema import KEY_COLUMNS
from ctip.stage.submission import SubmissionResult

Withdrawn = dict[str, list[dict]]  # submission_id -> the earlier figures it withdrew (key, value, file, cell)


def withdrawn_in(warehouse: Path, submission_ids: list[str]) -> Withdrawn:
    """The earlier figures these submissions superseded without a figure of their own in their
    place (no current value of the key), the latest earlier figure of each key."""
    if not submission_ids or not Path(warehouse).exists():
        return {}
    import duckdb

    keys = list(KEY_COLUMNS)
    same_key = " and ".join(f"f.{c} is not distinct from h.{c}" for c in keys)
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            rows = con.execute(
                f"select h.superseded_by, {', '.join('h.' + c for c in keys)}, h.value, h.flag, h.source_file, h.source_sheet, h.source_cell "
                "from fact_observation_history h "
                "where h.change = 'superseded' and h.superseded_by in (select unnest(?)) and h.submission_id <> h.superseded_by "
                f"and not exists (select 1 from fact_observation f where {same_key}) "
                f"qualify row_number() over (partition by h.superseded_by, {', '.join('h.' + c for c in keys)} "
                "order by h.received_at desc nulls last, h.submission_id desc) = 1",
                [list(submission_ids)],
            ).fetchall()
    except duckdb.Error:  # no warehouse to ask (a run that failed before it): nothing to add
        return {}
    names = ["superseded_by", *keys, "value", "flag", "source_file", "source_sheet", "source_cell"]
    out: Withdrawn = {}
    for row in rows:
        rec = dict(zip(names, row))
        out.setdefault(str(rec.pop("superseded_by")), []).append(rec)
    return out


def mark_withdrawn(result: SubmissionResult, rows: list[dict]) -> SubmissionResult:
    """`result` with the earlier figures it withdrew: those of `rows` at a key this file marked not
    available (a figure superseded for another reason is not said to be withdrawn by this file)."""
    na = getattr(result, "not_available", None)
    if not rows or na is None or not len(na):
        return result
    keys = list(KEY_COLUMNS)
    marked = {tuple(str(v) for v in k) for k in na[keys].itertuples(index=False, name=None)}
    mine = [r for r in rows if tuple(str(r[k]) for k in keys) in marked]
    if not mine:
        return result
    mine.sort(key=lambda r: (str(r["indicator"]), int(r["year"]), *(str(r[k]) for k in keys)))
    return replace(result, withdrawn=mine)


def withdrawn_rows(result: SubmissionResult, lang: str) -> list[tuple[str, str, str, str, str]]:
    """(indicator, breakdown, year, earlier figure, earlier file and cell) in the sender's language."""
    from ctip.schema import DIMENSIONS, load_schema

    schema = load_schema()
    out = []
    for r in getattr(result, "withdrawn", None) or []:
        ind = schema.indicators.get(r["indicator"])
        ind_name = ind.names.get(lang, ind.names.get("en", r["indicator"])) if ind else str(r["indicator"])
        parts = []
        for d in DIMENSIONS:
            code = r.get(d)
            if code and code != schema.total_code:
                dim = schema.dimensions.get(d)
                val = dim.codes.get(code) if dim else None
                parts.append(val.names.get(lang, val.names.get("en", code)) if val else str(code))
        value = "<5" if r.get("flag") == "suppressed" else ("" if pd.isna(r.get("value")) else str(int(r["value"])))
        out.append((ind_name, ", ".join(parts) or "—", str(r["year"]), value, f"{r['source_file']} ({r['source_sheet']}!{r['source_cell']})"))
    return out
