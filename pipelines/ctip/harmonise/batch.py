"""One observations frame for a batch of files, built once instead of one small frame per file.

pandas spends about a millisecond on every frame it builds whatever its size (type inference per
column), and a small submission has a few dozen rows: building each file's frame and concatenating
them cost more than everything else harmonisation does. `ObservationRows` keeps a file's rows as
`harmonise_readings` made them; `frame_of_batch` gives exactly `pd.concat` of the files' own frames
(the same dtypes, the same missing markers), building one frame for all the plain files.

A file is plain (`ObservationRows.plain`) when its frame is predictable from its values: every year
an int in the schema's years, every value an int (or None) that float64 holds exactly, every other
column text (or None). Any other file keeps its own frame (built by `frame()` as before), and the
concatenation rules of pandas give the same result either way."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

INT_COLUMNS = ("year", "value")  # made Int64 (year through to_numeric); the rest is text
_EXACT = 2**53  # a value column with a None is float64 before Int64: exact below this


@dataclass
class ObservationRows:
    """One file's observation rows (dicts in the column order `columns`), not yet a frame."""

    submission_id: str
    rows: list[dict]
    columns: list[str]

    def frame(self) -> pd.DataFrame:
        """The file's own frame, as harmonise_readings builds it."""
        frame = pd.DataFrame(self.rows, columns=self.columns)
        frame["value"] = frame["value"].astype("Int64")
        frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
        return frame

    def text_kinds(self, first_year: int, last_year: int) -> dict[str, bool] | None:
        """For a plain file (see the module), each text column -> whether it holds any text
        (its own frame's column is then `str`, else all None: `object`); None if not plain."""
        if self.rows and not set(self.columns) <= self.rows[0].keys():
            return None  # a column no row gives: left to pandas
        has_text = dict.fromkeys((c for c in self.columns if c not in INT_COLUMNS), False)
        for row in self.rows:
            year, value = row["year"], row["value"]
            if year.__class__ is not int or not first_year <= year <= last_year:
                return None
            if value is not None and (value.__class__ is not int or not -_EXACT < value < _EXACT):
                return None
            for c in has_text:
                v = row[c]
                if v.__class__ is str:
                    has_text[c] = True
                elif v is not None:
                    return None
        return has_text


def frame_of_batch(parts: list[tuple[ObservationRows, dict[str, bool]] | pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """pd.concat(each part's frame, ignore_index=True) for non-empty parts: a plain file given with
    its `text_kinds`, any other as its frame. Consecutive plain files make one frame."""
    blocks: list[pd.DataFrame] = []
    run: list[tuple[ObservationRows, dict[str, bool]]] = []
    for part in parts:
        if isinstance(part, pd.DataFrame):
            if run:
                blocks.append(_plain_block(run, columns))
                run = []
            blocks.append(part)
        else:
            run.append(part)
    if run:
        blocks.append(_plain_block(run, columns))
    if len(blocks) == 1 and not isinstance(parts[0], pd.DataFrame):
        return blocks[0]
    return pd.concat(blocks, ignore_index=True)


def _plain_block(run: list[tuple[ObservationRows, dict[str, bool]]], columns: list[str]) -> pd.DataFrame:
    """The concatenation of plain files' frames, built column by column."""
    data = {}
    for c in columns:
        values = [row[c] for part, _ in run for row in part.rows]
        if c == "value":
            data[c] = pd.array(values, dtype="Int64")
        elif c == "year":
            data[c] = pd.array(values, dtype="Int64")
        else:
            kinds = {kinds[c] for _, kinds in run}
            if kinds == {True}:  # text in every file: `str` everywhere, so `str` together
                data[c] = pd.array(values, dtype="str")
            else:  # some file all None (`object`): together `object`, the text files' None as NaN
                out = np.empty(len(values), dtype=object)
                i = 0
                for part, kinds in run:
                    n = len(part.rows)
                    if kinds[c]:
                        out[i : i + n] = [np.nan if v is None else v for v in values[i : i + n]]
                    else:
                        out[i : i + n] = values[i : i + n]
                    i += n
                data[c] = pd.Series(out, dtype=object)  # an object ndarray alone would be inferred `str`
    return pd.DataFrame(data, columns=columns, copy=False)
