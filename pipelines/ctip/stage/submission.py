"""Take in one submission: read, extract, harmonise, validate. Never raises for bad input:
every file ends as accepted, partial (with reasons) or rejected (with a reason).

Hooks for hostile input: the reader refuses what it cannot read safely (with a reason code the
feedback can translate); a file that looks like case-level personal data is rejected right after
reading, before any cell becomes a reading, an observation or a quarantine row; figures for years
in the future are set aside with a plain reason; the message names what was left out."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from ctip.contracts import columns
from ctip.harmonise.batch import ObservationRows, frame_of_batch
from ctip.harmonise.flows import FLOW_COLUMNS, harmonise_flows, is_flow_reading
from ctip.harmonise.observations import NOT_AVAILABLE_COLUMNS, OBSERVATION_COLUMNS, QUARANTINE_COLUMNS, harmonise_rows
from ctip.harmonise.years import current_year, ongoing_year_reason
from ctip.intake import privacy, privacy_text
from ctip.intake.capture import CAPTURE_COLUMNS, capture_frame, detect_capture_table
from ctip.intake.discover import SubmissionFile
from ctip.intake.extract import extract_workbook
from ctip.intake.mapping import Mapping, load_mapping
from ctip.intake.ranges import aggregate_ranges
from ctip.intake.read import UnreadableFile, read_file
from ctip.intake.readings import ReadContext
from ctip.schema import KEY_COLUMNS, load_schema
from ctip.validate.rules import quarantine_rows, validate_observations
from ctip.vocabulary.labels import LabelIndex

# The submissions table (schemas/tables.yaml) but source_kind, which the warehouse build adds.
SUBMISSION_COLUMNS = [c for c in columns("submissions") if c != "source_kind"]


@dataclass
class SubmissionResult:
    submission: dict
    observations: pd.DataFrame
    quarantine: pd.DataFrame
    source_kind: str = "national"
    sheets: list[dict] = field(default_factory=list)  # per sheet: name, layout, readings, notes
    n_not_available: int = 0
    language: str | None = None
    # Transient (not staged): what kind of rejection (for translated feedback), and the sheets as
    # read, for the annotated copy; feedback drops the sheets once written.
    reason_code: str | None = field(default=None, compare=False)
    grids: list | None = field(default=None, repr=False, compare=False)
    file_notes: list[str] = field(default_factory=list, compare=False)
    # Regions removed as personal data (positions and kinds only, never values).
    privacy: list = field(default_factory=list, compare=False)
    # Transient: the labels as written behind each stored figure, (sheet, cell) -> "row | column".
    labels: dict = field(default_factory=dict, repr=False, compare=False)
    # Capture-pattern counts (MSE lists by agency), stored apart from indicator observations.
    capture: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CAPTURE_COLUMNS))
    # Flows (victims by citizenship or country of repatriation), stored apart in fact_flow.
    flows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FLOW_COLUMNS))
    # The cells marked not available ('..'), by key: a later file's '..' withdraws the same source's
    # earlier figure (ctip.warehouse.precedence). Empty for a rejected file (it withdraws nothing).
    not_available: pd.DataFrame = field(default_factory=lambda: _EMPTY_NOT_AVAILABLE().copy())
    # Transient (not staged): the earlier figures this file withdrew by marking them not available,
    # learnt from the published warehouse for the feedback (ctip.feedback.withdrawn).
    withdrawn: list = field(default_factory=list, repr=False, compare=False)

    @property
    def status(self) -> str:
        return self.submission["status"]


def _status(n_obs: int, n_quarantined: int) -> str:
    if n_obs == 0:
        return "rejected"
    return "partial" if n_quarantined else "accepted"


def rejected(sf: SubmissionFile, reason: str, code: str | None = None) -> SubmissionResult:
    """A result with no observations and no quarantine rows, status rejected with `reason`; `code` lets
    the feedback say the reason in the sender's language."""
    return SubmissionResult(
        submission=_record(sf, "rejected", 0, 0, reason),
        observations=pd.DataFrame(columns=OBSERVATION_COLUMNS),
        quarantine=_empty_quarantine(),
        source_kind=sf.source_kind,
        reason_code=code,
    )


def _record(sf: SubmissionFile, status: str, n_obs: int, n_q: int, message: str) -> dict:
    return {
        "submission_id": sf.submission_id,
        "country_iso3": sf.country_iso3,
        "source_file": sf.relative,
        "sha256": sf.sha256,
        "received_at": sf.received_at,
        "file_modified_at": sf.file_modified_at,
        "status": status,
        "n_observations": n_obs,
        "n_quarantined": n_q,
        "message": message,
    }


def ingest_submission(sf: SubmissionFile, mapping: Mapping | None = None) -> SubmissionResult:
    """Never raises: a file that breaks the code is rejected with the error's name."""
    return _guarded(sf, lambda: _ingest(sf, mapping))


def _guarded(sf: SubmissionFile, work) -> SubmissionResult:
    try:
        return work()
    except MemoryError:
        # Building the rejection here would need memory the exception's frames still hold:
        # leave the handler first (dropping them), collect, then reject (below).
        pass
    except RecursionError:
        return rejected(sf, "the file is nested too deeply to be read", "corrupt")
    except Exception as exc:  # a bug or a pathological file must not stop the other submissions
        return rejected(sf, f"the file could not be processed ({type(exc).__name__}: {str(exc)[:200]})", "error")
    import gc  # only a MemoryError gets here

    gc.collect()
    return rejected(sf, "the file is too large to read (the memory ran out)", "too_large")


@dataclass
class _Pending:
    """A submission read and harmonised, waiting for its observations' validation. `obs` is its
    frame, or (rows, text kinds) for a plain file whose frame is built with the batch's."""

    obs: pd.DataFrame | tuple[ObservationRows, dict[str, bool]]
    finish: Callable[[pd.DataFrame, pd.DataFrame], SubmissionResult]  # (valid rows, their quarantine) -> result

    def frame(self) -> pd.DataFrame:
        return self.obs if isinstance(self.obs, pd.DataFrame) else self.obs[0].frame()


def ingest_batch(items: list[tuple[SubmissionFile, Mapping | None]], charged: list[int] | None = None) -> list[SubmissionResult]:
    """`ingest_submission` for several files, their observations validated together in one call
    (the contract, duplicate and totals checks work within each submission_id; one call on the
    batch's frame costs about what one call on a single file does). Never raises.

    `charged`, when given, gets the cells each file counted against the run's budget (in a
    `run_budget` block), in the order of `items`."""
    from ctip.intake.bounds import current_run

    run = current_run()
    prepared: list[SubmissionResult | _Pending] = []
    for sf, mapping in items:
        before = run.used if run is not None else 0
        prepared.append(_guarded(sf, lambda sf=sf, mapping=mapping: _prepare(sf, mapping)))
        if charged is not None:
            charged.append((run.used if run is not None else 0) - before)
    pending = [p for p in prepared if isinstance(p, _Pending)]
    try:
        together = _validate_together([p.obs for p in pending])
    except Exception:  # validate each alone below: one odd frame must not change the others' outcome
        together = None
    out = []
    for (sf, _), p in zip(items, prepared):
        if isinstance(p, _Pending):
            split = together.pop(0) if together is not None else None
            p = _guarded(sf, lambda p=p, split=split: p.finish(*(split if split is not None else validate_observations(p.frame()))))
        out.append(p)
    return out


def _validate_together(frames: list) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """validate_observations on the frames concatenated, split back by submission_id. A frame may
    be given as a plain file's (rows, text kinds) (`_Pending.obs`): one frame is built for them all."""
    ids = []
    for frame in frames:
        if isinstance(frame, pd.DataFrame):
            sids = set(frame["submission_id"].unique()) if len(frame) else set()
        else:
            sids = {frame[0].submission_id}
        if len(sids) > 1 or sids & set(ids):
            raise ValueError("frames must each hold one submission_id of their own")
        ids.append(next(iter(sids)) if sids else None)
    nonempty = [f for f in frames if not isinstance(f, pd.DataFrame) or len(f)]
    if not nonempty:
        return [validate_observations(f) for f in frames]
    good, quarantine = validate_observations(frame_of_batch(nonempty, OBSERVATION_COLUMNS))
    goods = _by_submission(good)
    qs = dict(tuple(quarantine.groupby("submission_id", sort=False))) if len(quarantine) else {}
    out = []
    for sid, frame in zip(ids, frames):
        if sid is None:
            out.append(validate_observations(frame))
            continue
        g = goods.get(sid)
        g = g() if g is not None else good.iloc[0:0].reset_index(drop=True)
        q = qs.get(sid)
        q = q.reset_index(drop=True) if q is not None else _empty_quarantine()
        out.append((g, q))
    return out


def _by_submission(good: pd.DataFrame) -> dict[str, Callable[[], pd.DataFrame]]:
    """submission_id -> its rows of `good` (a function giving them, index 0..n-1). The rows keep the
    batch's order, so each submission's are one run: a slice each, not a groupby's copies."""
    if not len(good):
        return {}
    sids = good["submission_id"].to_numpy()
    starts = np.flatnonzero(np.r_[True, sids[1:] != sids[:-1]])
    ends = np.r_[starts[1:], len(sids)]
    if len(set(sids[starts].tolist())) != len(starts):  # not one run each: as a groupby would split them
        return {sid: (lambda g=g: g.reset_index(drop=True)) for sid, g in good.groupby("submission_id", sort=False)}
    return {sids[s]: (lambda s=s, e=e: _renumbered(good.iloc[s:e])) for s, e in zip(starts.tolist(), ends.tolist())}


def _renumbered(rows: pd.DataFrame) -> pd.DataFrame:
    """`rows.reset_index(drop=True)` for a slice (a frame of its own): its index set, not rebuilt
    through reset_index (0.45 ms a file less, measured)."""
    rows.index = pd.RangeIndex(len(rows))
    return rows


def _ingest(sf: SubmissionFile, mapping: Mapping | None) -> SubmissionResult:
    p = _prepare(sf, mapping)
    return p if isinstance(p, SubmissionResult) else p.finish(*validate_observations(p.frame()))


def _prepare(sf: SubmissionFile, mapping: Mapping | None) -> SubmissionResult | _Pending:
    if sf.problem:
        return rejected(sf, sf.problem, sf.problem_code)
    mapping = mapping if mapping is not None else load_mapping(sf.path.parent)
    if mapping.problem:
        return rejected(sf, mapping.problem, "mapping")
    try:
        read = read_file(sf.path)
    except UnreadableFile as exc:
        return rejected(sf, str(exc), exc.code)
    # Personal data: each region judged personal is blanked before any cell becomes a reading,
    # an observation or a quarantine row; its sheet is called by position from here on.
    findings = privacy.scan_sheets(read.sheets)
    if findings:
        renamed = privacy.remove(read.sheets, findings)
        read.notes = [privacy.rename_in_text(n, renamed) for n in read.notes]
        mapping = _renamed_mapping(mapping, renamed)
    # A person described in one cell (a footnote, a row label: a birth date, a passport, a phone, an
    # e-mail and the name beside them) loses those words before anything is read (finding H-D).
    # A sheet whose own name holds such a field or one of those names is called by its position.
    in_text, renamed = privacy_text.scrub_sheets(read.sheets)
    findings += in_text
    if renamed:
        read.notes = [privacy.rename_in_text(n, renamed) for n in read.notes]
        mapping = _renamed_mapping(mapping, renamed)
    sheets = read.sheets
    file_year = _file_year(sf.relative)
    captures = []
    for grid in sheets:
        table = detect_capture_table(grid, file_year)
        if table is not None:
            captures.append(table)
    capture_sheets = {t.sheet for t in captures}
    capture = capture_frame(captures, sf.country_iso3, sf.submission_id, sf.relative)
    q_capture = (
        _empty_quarantine()
        if not any(t.problems for t in captures)
        else pd.DataFrame(
            [
                {
                    "submission_id": sf.submission_id,
                    "source_file": sf.relative,
                    "source_sheet": t.sheet,
                    "source_cell": cell,
                    "raw_label": "capture pattern",
                    "raw_value": str(raw)[:200],
                    "reason": reason,
                }
                for t in captures
                for cell, raw, reason in t.problems
            ],
            columns=QUARANTINE_COLUMNS,
        )
    )
    sheets = [g for g in sheets if g.name not in capture_sheets]
    labels = LabelIndex(load_schema(), extra=mapping.labels) if mapping.labels else _default_labels()
    ctx = ReadContext(
        country_iso3=sf.country_iso3,
        labels=labels,
        year_hint=file_year,
        file_name=sf.relative,
        ignore_sheets=mapping.ignore_sheets,
        ignore_rows=mapping.ignore_rows,
        layout=mapping.layout,
        tables=mapping.tables,
    )
    outcomes = extract_workbook(sheets, ctx)
    # A label that matched nothing and reads as a person's name is echoed nowhere (finding J-E).
    findings += privacy_text.scrub_unmatched(outcomes, sheets)
    readings = [r for o in outcomes for r in o.readings + o.unread_cells]
    flow_readings = [r for r in readings if is_flow_reading(r)]
    readings = [r for r in readings if not is_flow_reading(r)]
    flows, q_flows, n_na_flows = harmonise_flows(flow_readings, sf.country_iso3, sf.submission_id, sf.relative)
    na_rows: list[dict] = []
    rows, quarantine, n_na = harmonise_rows(readings, sf.country_iso3, sf.submission_id, sf.relative, na_rows)
    n_na += n_na_flows
    obs, q_years, q_repeats = _set_aside(rows)
    return _Pending(
        obs,
        lambda good, q_valid: _finish(
            sf,
            good,
            q_valid,
            quarantine,
            q_years,
            q_repeats,
            q_capture,
            q_flows,
            capture,
            flows,
            findings,
            sheets,
            outcomes,
            captures,
            n_na,
            read,
            ctx,
            readings,
            flow_readings,
            na_rows,
        ),
    )


def _finish(
    sf,
    good,
    q_valid,
    quarantine,
    q_years,
    q_repeats,
    q_capture,
    q_flows,
    capture,
    flows,
    findings,
    sheets,
    outcomes,
    captures,
    n_na,
    read,
    ctx,
    readings,
    flow_readings,
    na_rows=(),
) -> SubmissionResult:
    parts = [q for q in (quarantine, q_years, q_repeats, q_valid, q_capture, q_flows) if len(q)]
    quarantine = pd.concat(parts, ignore_index=True) if parts else _empty_quarantine()
    quarantine = aggregate_ranges(quarantine)  # thousands of cells, one reason: one row per range
    quarantine = privacy.scrub_quarantine(quarantine)
    status = _status(len(good) + len(capture) + len(flows), len(quarantine))
    if findings and status == "accepted":
        status = "partial"  # part of the file was removed
    grid_notes = {g.name: g.notes for g in sheets}
    sheet_info = [
        {"sheet": o.sheet, "layout": o.layout, "n_readings": len(o.readings), "notes": list(grid_notes.get(o.sheet, [])) + list(o.notes)} for o in outcomes
    ] + [
        {
            "sheet": t.sheet,
            "layout": "capture_patterns",
            "n_readings": len(t.rows) + len(t.problems),
            "notes": [f"{len(t.rows)} capture-pattern counts over lists {', '.join(t.lists)} (for hidden-victim estimates)"],
        }
        for t in captures
    ]
    reader_notes = [f"sheet '{g.name}': {note}" for g in sheets for note in g.notes]
    message = _message(status, len(good), quarantine, n_na, outcomes, list(read.notes) + reader_notes)
    if findings:
        message = _shorten(privacy.explain(findings) + " " + message)
    languages = [ctx.labels.indicator(r.raw_label.split(" | ")[0]).language for r in readings[:50] if not r.problem]
    result = SubmissionResult(
        submission=_record(sf, status, len(good), len(quarantine), message),
        observations=_columns(good, OBSERVATION_COLUMNS),
        quarantine=_columns(quarantine, QUARANTINE_COLUMNS),
        source_kind=sf.source_kind,
        sheets=sheet_info,
        n_not_available=n_na,
        # ties go to the language seen first (a set's order would change from run to run)
        language=max((x for x in dict.fromkeys(languages) if x not in (None, "override")), key=languages.count, default=None),
        grids=sheets,
        file_notes=list(read.notes),
        capture=capture,
        reason_code="personal_data" if findings and status == "rejected" else None,
        privacy=findings,
        flows=flows,
    )
    if na_rows and status != "rejected":
        result.not_available = _not_available_frame(na_rows)
    result.labels = {(r.sheet, r.cell): r.raw_label for r in readings + flow_readings if not r.problem}
    if len(flows):
        result.submission["message"] += f"; {len(flows)} flows stored (victims by citizenship or country of repatriation)"
    if len(capture):
        result.submission["message"] += f"; {len(capture)} capture-pattern counts stored for hidden-victim estimates"
    return result


def _not_available_frame(na_rows: list[dict]) -> pd.DataFrame:
    """The cells marked not available as a frame, only those with a year (an int64 column).
    Years are ints as the readers give them: the frame is then built as it is (2.6 -> 0.4 ms a
    file, measured); any other year (a text, a float) is converted, and a row without one dropped."""
    na = pd.DataFrame(na_rows, columns=NOT_AVAILABLE_COLUMNS)
    if all(type(row["year"]) is int for row in na_rows) and na["year"].dtype == "int64":
        return na  # int64 already, every row kept, index 0..n-1
    na["year"] = pd.to_numeric(na["year"], errors="coerce")
    return na.dropna(subset=["year"]).astype({"year": "int64"}).reset_index(drop=True)


def _columns(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """frame[names], without the copy when the frame has exactly those columns in that order."""
    return frame if frame.columns.tolist() == names else frame[names]


def _empty_quarantine() -> pd.DataFrame:
    """An empty quarantine frame: a copy of one built once (building one costs pandas a millisecond)."""
    return _EMPTY_QUARANTINE().copy()


@lru_cache(maxsize=1)
def _EMPTY_QUARANTINE() -> pd.DataFrame:  # noqa: N802
    return pd.DataFrame([], columns=QUARANTINE_COLUMNS)


@lru_cache(maxsize=1)
def _EMPTY_NOT_AVAILABLE() -> pd.DataFrame:  # noqa: N802
    """Every result's `not_available` until it has some: copied, not built (0.2 -> 0.01 ms)."""
    return pd.DataFrame(columns=NOT_AVAILABLE_COLUMNS)


def _renamed_mapping(mapping: Mapping, renamed: dict[str, str]) -> Mapping:
    """The mapping's sheet names as the sheets are now called (a sheet with personal data is
    called by its position)."""
    if not renamed:
        return mapping
    import dataclasses

    r = lambda name: renamed.get(name, name)  # noqa: E731
    return dataclasses.replace(
        mapping,
        ignore_sheets=tuple(r(n) for n in mapping.ignore_sheets),
        ignore_rows={r(k): v for k, v in mapping.ignore_rows.items()},
        layout={r(k): v for k, v in mapping.layout.items()},
    )


def _file_year(relative: str) -> int | None:
    """The year a file name gives, unless it is part of a date (the day the file was sent)."""
    from ctip.intake.layouts.table import file_year

    return file_year(ReadContext(country_iso3=None, labels=None, file_name=relative))


def _set_aside_years(obs: pd.DataFrame, today: dt.date | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Figures for a year in the future (or before the series starts) go to quarantine with a
    reason the sender understands, before the contract check sees them; so do figures for the year
    of the run's date (`today`), which is not over: they count part of it (year to date)."""
    if obs.empty:
        return obs, _empty_quarantine()
    schema = load_schema()
    current = current_year(today)
    known = [y for y in obs["year"].tolist() if isinstance(y, int)]
    if len(known) == len(obs) and schema.first_year <= min(known) and max(known) < current:
        return obs, _empty_quarantine()  # the usual case, without pandas
    years = pd.to_numeric(obs["year"], errors="coerce")
    future = years > current
    ongoing = years == current
    past = years < schema.first_year
    bad = (future | ongoing | past).fillna(False).astype(bool)
    if not bad.any():
        return obs, _empty_quarantine()
    rows = obs[bad]
    reasons = [
        f"the year {int(y)} is in the future (figures are accepted up to {current})"
        if y > current
        else ongoing_year_reason(int(y))
        if y == current
        else f"the year {int(y)} is before {schema.first_year}, the first year of the series"
        for y in years[bad]
    ]
    q = quarantine_rows(rows, reasons).reset_index(drop=True)
    return obs[~bad].reset_index(drop=True), q


def _set_aside(
    rows: ObservationRows, today: dt.date | None = None
) -> tuple[pd.DataFrame | tuple[ObservationRows, dict[str, bool]], pd.DataFrame, pd.DataFrame]:
    """(observations, set aside for their years, set aside as mass repeats). A plain file with
    nothing to set aside (the usual case) stays rows, its frame built with the batch's."""
    if not rows.rows:
        return _EMPTY_OBSERVATIONS().copy(), _empty_quarantine(), _empty_quarantine()
    schema = load_schema()
    ended = current_year(today) - 1  # the last year that is over
    kinds = rows.text_kinds(schema.first_year, ended)  # plain: every year within the series
    if kinds is not None and not _many_same_key(rows.rows):
        return (rows, kinds), _empty_quarantine(), _empty_quarantine()
    obs, q_years = _set_aside_years(rows.frame(), today)
    obs, q_repeats = _set_aside_mass_repeats(obs)
    return obs, q_years, q_repeats


def _many_same_key(rows: list[dict]) -> bool:
    """More than MAX_SAME_KEY rows with one key (the rows of a plain file: their values are the
    frame's, so this is `_set_aside_mass_repeats`' own test)."""
    if len(rows) <= MAX_SAME_KEY:
        return False
    counts = Counter(tuple(row[c] for c in KEY_COLUMNS) for row in rows)
    return max(counts.values()) > MAX_SAME_KEY


@lru_cache(maxsize=1)
def _EMPTY_OBSERVATIONS() -> pd.DataFrame:  # noqa: N802
    """A file without observations: the frame harmonise_readings gives for no rows, built once."""
    return ObservationRows("", [], OBSERVATION_COLUMNS).frame()


def _default_labels() -> LabelIndex:
    from ctip.vocabulary.labels import default_index

    return default_index()


MAX_SAME_KEY = 20  # more cells than this for one figure are handled here, with short reasons


def _set_aside_mass_repeats(obs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same figure given in many cells (a value filled down a whole sheet): decided here with
    the contract's rule (identical values keep the first, different values keep none), vectorised
    and with a reason of bounded length, so the per-cell duplicate check downstream only ever sees
    small groups (its reasons list every cell of a group: quadratic on a million-row sheet)."""
    if len(obs) <= MAX_SAME_KEY:
        return obs, _empty_quarantine()
    key = list(KEY_COLUMNS)
    counts = Counter(zip(*(obs[c].tolist() for c in key)))
    if max(counts.values()) <= MAX_SAME_KEY:
        return obs, _empty_quarantine()  # the usual case, without pandas
    grouped = obs.groupby(key, dropna=False, sort=False)
    size = grouped["value"].transform("size")
    big = size > MAX_SAME_KEY
    if not big.any():
        return obs, _empty_quarantine()
    sub = obs[big]
    g = sub.groupby(key, dropna=False, sort=False)
    values = sub["value"].astype("string").fillna("<suppressed>")
    n_distinct = values.groupby([sub[c] for c in key], dropna=False, sort=False).transform("nunique")
    first = g.cumcount() == 0
    where = g["source_sheet"].transform("first").astype(str) + "!" + g["source_cell"].transform("first").astype(str)
    keep = (n_distinct == 1) & first
    drop = sub[~keep]
    same = (n_distinct == 1)[~keep]
    counts = size[big][~keep]
    reasons = [
        f"repeats the same figure given in {w}" if s_ else f"the same figure is given {n:,} times with different values (first in {w}); none is stored"
        for w, s_, n in zip(where[~keep], same, counts)
    ]
    q = quarantine_rows(drop, reasons).reset_index(drop=True)
    kept = obs[~big | obs.index.isin(sub.index[keep.to_numpy()])]
    return kept.reset_index(drop=True), q


MAX_MESSAGE_CHARS = 900
_QUOTED = re.compile(r"'[^']*'|\b\d+\b")


def _message(status: str, n_obs: int, quarantine: pd.DataFrame, n_na: int, outcomes, reader_notes=()) -> str:
    """One paragraph: what was stored, what was not and the commonest reasons, and anything the
    reader left out (rows over the limit, a sheet too large, a wrong extension)."""
    n_q = len(quarantine)
    extra = list(reader_notes)
    if status == "rejected" and n_q == 0:
        notes = "; ".join(f"{o.sheet}: {', '.join(o.notes)}" for o in outcomes if o.notes)
        text = "no figures could be read" + (f" ({notes})" if notes else "")
        for note in extra:
            text += f"; {note}"
        return _shorten(text)
    parts = [f"{n_obs} figure stored" if n_obs == 1 else f"{n_obs} figures stored"]
    if n_q:
        reasons = Counter()
        example = {}
        for reason in quarantine["reason"].astype(str):
            key = _QUOTED.sub("…", reason)
            reasons[key] += 1
            example.setdefault(key, reason)
        top = "; ".join(f"{k}× {_LONG_QUOTE.sub(_cut_quote, example[key].split('; ')[0])[:160]}" for key, k in reasons.most_common(3))
        parts.append(f"{n_q} {'cell' if n_q == 1 else 'cells'} not used (see quarantine: {top})")
    if n_na:
        parts.append(f"{n_na} cells marked not available")
    parts += extra
    return _shorten("; ".join(parts))


_LONG_QUOTE = re.compile(r"'([^']{41,})'")


def _cut_quote(m: re.Match) -> str:
    return "'" + m.group(1)[:40] + "…'"


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"
