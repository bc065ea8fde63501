"""The cheaper exports (issue 13) publish exactly what the plain ones publish.

* public_csv.write_csv writes the bytes of ctip.safety.write_csv;
* the bounds audit through HiGHS kept loaded (ctip.export.highs) finds what linprog finds;
* the audit's answers kept between runs (ctip.export.audit_store) are reused only for the same
  program, stay out of the public folder, and leave the files unchanged."""

from __future__ import annotations

import hashlib
import json

import duckdb
import numpy as np
import pandas as pd
import pytest

from ctip.export import audit as audit_module
from ctip.export import write_exports
from ctip.export.audit import AnswerStore, _digest, _program, audit
from ctip.export.audit_store import load_store, save_store, store_path
from ctip.export.public_csv import write_csv as fast_write_csv
from ctip.safety import write_csv as plain_write_csv


def _files(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file() and p.name != "MANIFEST.json"}


def test_public_csv_writes_the_bytes_of_the_safety_writer(tmp_path):
    frame = pd.DataFrame(
        {
            "code": pd.array(["JAM", "=cmd|' /C calc'!A0", None, "JAM", "-4", "+1.5", "@SUM(A1)", "\tx", "ok\x07bell"], dtype="string"),
            "obj": ["a", "=1+2", None, np.nan, "-x", "b", "a", "c", "d"],
            "mixed": [1, "=2", 3.5, None, True, b"=bytes", "x", pd.NA, "y"],
            "n": pd.array([1, 2, None, 4, 5, 6, 7, 8, 9], dtype="Int64"),
            "f": [0.1, 2.0, np.nan, 1e-9, 3.0, 4.0, 5.0, 6.0, 7.0],
            "=formula_header": ["x"] * 9,
            "plain": pd.array(["a", "b", "c", "a", "b", "c", None, "a", "b"], dtype="string"),
        }
    )
    for name, part in (("all", frame), ("empty", frame.iloc[:0]), ("nulls", frame.iloc[[2, 3]])):
        plain_write_csv(part, tmp_path / f"{name}_plain.csv")
        fast_write_csv(part, tmp_path / f"{name}_fast.csv")
        assert (tmp_path / f"{name}_fast.csv").read_bytes() == (tmp_path / f"{name}_plain.csv").read_bytes(), name


def _random_problem(rng: np.random.Generator):
    """A rows x columns table of counts with its margins, some cells withheld."""
    n_rows, n_cols = int(rng.integers(2, 4)), int(rng.integers(2, 5))
    inner = rng.integers(0, 7, size=(n_rows, n_cols)).astype(float)
    grid = np.zeros((n_rows + 1, n_cols + 1))
    grid[:n_rows, :n_cols] = inner
    grid[n_rows, :n_cols] = inner.sum(axis=0)
    grid[:n_rows, n_cols] = inner.sum(axis=1)
    grid[n_rows, n_cols] = inner.sum()
    value = grid.ravel()
    cell = lambda r, c: r * (n_cols + 1) + c  # noqa: E731
    relations = [(cell(r, n_cols), tuple(cell(r, c) for c in range(n_cols))) for r in range(n_rows + 1)]
    relations += [(cell(n_rows, c), tuple(cell(r, c) for r in range(n_rows))) for c in range(n_cols + 1)]
    small = (value >= 1) & (value <= 4)
    unknown = small | (rng.random(len(value)) < 0.3)
    return relations, unknown, value, small


def test_highs_kept_loaded_finds_what_linprog_finds(monkeypatch):
    rng = np.random.default_rng(13)
    problems = [_random_problem(rng) for _ in range(150)]
    fast = [audit(*p).disclosed for p in problems]
    monkeypatch.setattr(audit_module._HighsProgram, "make", classmethod(lambda cls, *a: None))
    plain = [audit(*p).disclosed for p in problems]
    assert sum(len(d) for d in plain) > 20  # the random tables do leak: the comparison means something
    for f, p in zip(fast, plain):
        assert f.keys() == p.keys()
        for c in f:
            assert f[c][:2] == pytest.approx(p[c][:2], abs=1e-6)


def test_stored_answers_are_those_of_the_same_program_only():
    rng = np.random.default_rng(7)
    store = AnswerStore()
    problems = [_random_problem(rng) for _ in range(60)]
    first = [audit(*p, store=store).disclosed for p in problems]
    solved = store.misses
    assert solved > 0
    again = [audit(*p, store=store).disclosed for p in problems]
    assert again == first and store.misses == solved  # nothing solved twice
    # The digest covers the bounds and the published values: a changed one is another program.
    relations, unknown, value, small = problems[0]
    cells = sorted({c for t, ps in relations for c in (t, *ps) if unknown[c]})
    targets = [c for c in cells if small[c]] or cells[:1]
    base = _digest(*_program(relations, cells, targets, unknown, value, small), np.zeros(len(targets), bool), False)
    flipped = small.copy()
    flipped[cells[0]] = not flipped[cells[0]]
    assert _digest(*_program(relations, cells, targets, unknown, value, flipped), np.zeros(len(targets), bool), False) != base
    published = [c for c in range(len(value)) if not unknown[c]]
    if published:
        moved = value.copy()
        moved[published[0]] += 1
        assert _digest(*_program(relations, cells, targets, unknown, moved, small), np.zeros(len(targets), bool), False) != base


def test_store_of_another_version_or_unreadable_is_empty(tmp_path):
    path = tmp_path / "cache" / "export_audit.json"
    store = AnswerStore()
    store.put("abc", ([(0, 1.0, 1.0)], 3, 0))
    save_store(path, store)
    assert load_store(path).entries == {"abc": ([(0, 1.0, 1.0)], 3, 0)}
    saved = json.loads(path.read_text())
    path.write_text(json.dumps({**saved, "version": "other"}))
    assert load_store(path).entries == {}
    path.write_text("{not json")
    assert load_store(path).entries == {}


def test_exports_with_stored_answers_are_the_same_files(synthetic_warehouse_with_estimates, tmp_path):
    """Second export of the same warehouse: every program answered from the store, the same
    files; after a revision, only the touched programs are solved, and the files are those of an
    export without any store. The store never sits in the public folder."""
    warehouse = synthetic_warehouse_with_estimates
    first = write_exports(warehouse, tmp_path / "e1")
    assert first["audit_programs"]["solved"] > 0
    assert store_path(warehouse).exists()
    again = write_exports(warehouse, tmp_path / "e2")
    assert again["audit_programs"]["solved"] == 0 and again["audit_programs"]["reused"] > 0
    assert _files(tmp_path / "e1") == _files(tmp_path / "e2")
    for out in ("e1", "e2"):  # only the published files: no cache, no hidden folder
        manifest = json.loads((tmp_path / out / "MANIFEST.json").read_text())
        assert {p.name for p in (tmp_path / out).iterdir()} == {*manifest["files"], "MANIFEST.json"}
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update fact_observation set value = value * 2 where country_iso3 = 'GUY' and year = 2022")
    revised = write_exports(warehouse, tmp_path / "e3")
    assert 0 < revised["audit_programs"]["solved"] < first["audit_programs"]["solved"] + revised["audit_programs"]["reused"]
    # The same warehouse and release file, without the store: the same files.
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for name in (warehouse.name, "releases.duckdb", "lineage.key"):  # the public ids' key too (H-Q)
        (fresh / name).write_bytes((warehouse.parent / name).read_bytes())
    with duckdb.connect(str(fresh / "releases.duckdb")) as con:  # as it was before e3 recorded its release
        keys = [r[0] for r in con.execute("select release_key from release_cells group by 1 order by max(released_at)").fetchall()]
        con.execute("delete from release_cells where release_key = ?", [keys[-1]])
    assert not store_path(fresh / warehouse.name).exists()
    write_exports(fresh / warehouse.name, fresh / "out")
    assert _files(fresh / "out") == _files(tmp_path / "e3")
    assert store_path(fresh / warehouse.name).exists()  # its own store, beside its warehouse


def _sdmx_edits():
    def bad_code(frame):
        frame.loc[frame.index[3], "SEX"] = "X"
        return frame

    def new_bad_row(frame):
        row = frame.iloc[[0]].copy()
        row["TIME_PERIOD"] = "2099-Q1"
        return pd.concat([frame, row])

    def duplicate_of_a_known_row(frame):
        return pd.concat([frame, frame.iloc[[0]]])

    def swapped_header(frame):
        cols = list(frame.columns)
        i, j = cols.index("SEX"), cols.index("AGE")
        cols[i], cols[j] = cols[j], cols[i]
        return frame[cols]

    def valid_change(frame):
        i = frame.index[frame["OBS_VALUE"].str.fullmatch(r"\d+")][0]
        frame.loc[i, "OBS_VALUE"] = str(int(frame.loc[i, "OBS_VALUE"]) + 1)
        return frame

    return [bad_code, new_bad_row, duplicate_of_a_known_row, swapped_header, valid_change, lambda f: f]


def test_sdmx_validation_with_a_known_valid_file_finds_the_same_problems(synthetic_exports_with_estimates, tmp_path):
    """Rows of a file found valid before are not checked one by one again; the problems found
    are exactly those of a full validation (keys are still checked across all rows)."""
    from ctip.export import validate_sdmx_csv

    known = synthetic_exports_with_estimates[1] / "sdg_16_2_2_sdmx.csv"
    assert validate_sdmx_csv(known) == []
    for n, edit in enumerate(_sdmx_edits()):
        frame = edit(pd.read_csv(known, dtype=str, keep_default_na=False))
        path = tmp_path / f"edited{n}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        full = validate_sdmx_csv(path)
        assert validate_sdmx_csv(path, known_valid=known) == full
        assert (full == []) == (n >= 4)


def test_exports_keep_the_validated_sdmx_file_only_when_valid(synthetic_warehouse, tmp_path):
    from ctip.export.validated import COPY, known_valid

    assert known_valid(synthetic_warehouse) is None
    write_exports(synthetic_warehouse, tmp_path / "out")
    kept = known_valid(synthetic_warehouse)
    assert kept is not None and kept.read_bytes() == (tmp_path / "out" / "sdg_16_2_2_sdmx.csv").read_bytes()
    (synthetic_warehouse.parent / COPY).write_text("tampered\n")
    assert known_valid(synthetic_warehouse) is None  # not the file that was validated


def test_coded_relations_are_the_pandas_relations():
    """dimension_relations through integer codes: the same relations in the same order as the
    pandas grouping, with the GLOTIP unknown-sex-and-age aliases and rows in any order."""
    from ctip.export import suppression
    from ctip.schema import KEY_COLUMNS

    from .conftest import synthetic_fact

    fact = synthetic_fact()
    for frame in (fact, fact.sample(frac=1.0, random_state=3), pd.concat([fact, fact.iloc[:40]])):
        keys = frame[list(KEY_COLUMNS)].reset_index(drop=True)
        ids = np.arange(len(keys)) * 3 + 1
        fast = suppression.dimension_relations(keys, ids)
        original = suppression._coded_relations
        try:
            suppression._coded_relations = lambda *a: None
            plain = suppression.dimension_relations(keys, ids)
        finally:
            suppression._coded_relations = original
        assert len(fast) > 100 and fast == plain


def test_holding_is_holds_for_every_relation():
    """The vectorised test of which relations can hold answers `_holds` relation by relation:
    whole counts, unknown members (small or not), estimates with fractions, totals too small."""
    from ctip.export.suppression import _holding, _holds

    rng = np.random.default_rng(5)
    n = 400
    value = rng.integers(0, 30, size=n).astype(float)
    value[rng.random(n) < 0.2] = np.nan
    fractional = rng.random(n) < 0.1
    value[fractional] += rng.random(int(fractional.sum()))
    primary = rng.random(n) < 0.3
    relations = []
    for _ in range(600):
        members = rng.choice(n, size=int(rng.integers(2, 7)), replace=False)
        total, parts = int(members[0]), tuple(int(m) for m in members[1:])
        if rng.random() < 0.5:  # make some add up exactly
            known = [p for p in parts if not np.isnan(value[p])]
            if not np.isnan(value[total]) and known:
                value[total] = sum(value[p] for p in known)
        relations.append((total, parts))
    expected = [_holds(t, p, value, primary) for t, p in relations]
    assert 50 < sum(expected) < len(expected)
    assert _holding(relations, value, primary).tolist() == expected
