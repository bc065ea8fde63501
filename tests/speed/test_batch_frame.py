"""One observations frame per batch (ctip.harmonise.batch) equals concatenating each file's own frame."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from ctip.harmonise.batch import ObservationRows, frame_of_batch
from ctip.harmonise.observations import OBSERVATION_COLUMNS
from ctip.schema import load_schema

TEXT = [c for c in OBSERVATION_COLUMNS if c not in ("year", "value")]


def _rows(sid: str, n: int, rng: random.Random, none_in: set[str] = frozenset(), year=None, value=None) -> ObservationRows:
    rows = []
    for i in range(n):
        row = {c: f"{c}-{rng.randint(0, 3)}" for c in TEXT}
        row.update(submission_id=sid, year=2015 + i % 5 if year is None else year, value=rng.choice([None, 0, 7, 12345]) if value is None else value)
        for c in none_in:
            row[c] = None if c == "flag" or rng.random() < 0.5 else row[c]
        rows.append({c: row[c] for c in OBSERVATION_COLUMNS})
    return ObservationRows(sid, rows, OBSERVATION_COLUMNS)


def _expected(parts: list[ObservationRows]) -> pd.DataFrame:
    return pd.concat([p.frame() for p in parts if p.rows], ignore_index=True)


def _given(parts: list[ObservationRows], frames_for: set[int] = frozenset()) -> list:
    schema = load_schema()
    out = []
    for i, p in enumerate(parts):
        if not p.rows:
            continue
        kinds = p.text_kinds(schema.first_year, schema.last_year)
        out.append(p.frame() if i in frames_for or kinds is None else (p, kinds))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_batch_frame_is_the_concatenation_of_the_files_frames(seed):
    rng = random.Random(seed)
    parts = []
    for i in range(8):
        # flag all None in some files (their frame: object) and text in others (str); None among text
        none_in = set(rng.sample(TEXT, rng.randint(0, 3))) | ({"flag"} if rng.random() < 0.5 else set())
        parts.append(_rows(f"s{i}", rng.randint(0, 6), rng, none_in))
    frames_for = {i for i in range(8) if rng.random() < 0.3}  # some files keep their own frame
    got = frame_of_batch(_given(parts, frames_for), OBSERVATION_COLUMNS)
    expected = _expected(parts)
    pd.testing.assert_frame_equal(got, expected)
    assert [str(t) for t in got.dtypes] == [str(t) for t in expected.dtypes]
    # the missing markers too (None stays None in an object column, NaN where the file's column was text)
    for c in TEXT:
        assert [type(v) for v in got[c].tolist()] == [type(v) for v in expected[c].tolist()]


def test_only_plain_files_are_built_together():
    schema = load_schema()
    rng = random.Random(1)
    assert _rows("a", 3, rng).text_kinds(schema.first_year, schema.last_year) is not None
    assert _rows("a", 3, rng, year="2019").text_kinds(schema.first_year, schema.last_year) is None  # text year: to_numeric decides
    assert _rows("a", 3, rng, year=schema.last_year + 1).text_kinds(schema.first_year, schema.last_year) is None  # set aside first
    assert _rows("a", 3, rng, value=2**60).text_kinds(schema.first_year, schema.last_year) is None  # float64 would round it
    assert _rows("a", 3, rng, value=True).text_kinds(schema.first_year, schema.last_year) is None
    odd = _rows("a", 2, rng)
    odd.rows[1]["sex"] = 3
    assert odd.text_kinds(schema.first_year, schema.last_year) is None


def test_a_single_plain_block_and_frames_between():
    rng = random.Random(5)
    parts = [_rows("a", 4, rng, {"flag"}), _rows("b", 3, rng), _rows("c", 2, rng, {"flag", "sex"})]
    for frames_for in (set(), {1}, {0, 2}):
        pd.testing.assert_frame_equal(frame_of_batch(_given(parts, frames_for), OBSERVATION_COLUMNS), _expected(parts))
