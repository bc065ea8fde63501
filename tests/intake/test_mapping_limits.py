"""mapping.yaml is untrusted input (issue 9): bounded in size, checked against a schema, parsed once
per content; a bad one rejects only its own folder's files, with the reason. And (issue 8) it can
choose or ignore a table by its title and state the year of a block."""

from __future__ import annotations

import openpyxl
import pytest

import ctip.intake.mapping as mapping_module
from ctip.intake.discover import describe_file
from ctip.intake.mapping import load_mapping
from ctip.stage.submission import ingest_submission


def _workbook(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


ROWS = [["Indicator", 2021, 2022], ["Victims identified", 3, 4]]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("ignore_rows: {Data: [.inf]}\n", "ignore_rows"),
        ("ignore_rows: {Data: [0]}\n", "between 1 and"),
        ("labels: [a, b]\n", "labels"),
        ("labels:\n  Victims: victims_found\n", "victims_found"),
        ("layout: {Data: sideways}\n", "sideways"),
        ("tables: {Murders: maybe}\n", "tables"),
        ("tables: {Cuadro 2: {year: 1700}}\n", "tables"),
        ("colour: red\n", "colour"),
        ("[" * 5000 + "]" * 5000 + "\n", "mapping.yaml"),
        ("a: &a [1, 2]\nb: &b [*a, *a]\nc: [*b, *b]\nlabels: {}\n", "aliases"),
        ('labels: {x: "\\xff"\n', "not valid YAML"),
        ("\t- what\n", "mapping.yaml"),
        ("42\n", "mapping of sections"),
    ],
)
def test_a_bad_mapping_is_reported_never_raised(tmp_path, text, expected):
    folder = tmp_path / "raw" / "GRD"
    folder.mkdir(parents=True)
    (folder / "mapping.yaml").write_text(text, encoding="utf-8")
    m = load_mapping(folder)
    assert m.problem and expected in m.problem, m.problem
    assert "folder 'GRD'" in m.problem  # the sender knows which country's mapping to fix


def test_a_bad_or_oversized_mapping_rejects_only_its_own_folder(tmp_path):
    raw = tmp_path / "raw"
    bad = _workbook(raw / "GRD" / "grd.xlsx", ROWS)
    good = _workbook(raw / "JAM" / "jam.xlsx", ROWS)
    (raw / "GRD" / "mapping.yaml").write_text("labels:\n" + "".join(f"  label {i}: victims_detected\n" for i in range(4000)), encoding="utf-8")
    assert (raw / "GRD" / "mapping.yaml").stat().st_size > 64 * 1024
    result = ingest_submission(describe_file(bad, raw))
    assert result.status == "rejected" and "64 KB" in result.submission["message"]
    other = ingest_submission(describe_file(good, raw))
    assert other.status == "accepted" and len(other.observations) == 2


def test_a_mapping_is_parsed_once_per_content(tmp_path, monkeypatch):
    folder = tmp_path / "raw" / "GRD"
    folder.mkdir(parents=True)
    (folder / "mapping.yaml").write_text('labels:\n  Girls (police): "victims_detected, sex:female"\n  Other rows: ignore\n', encoding="utf-8")
    calls = []
    real = mapping_module._parse
    monkeypatch.setattr(mapping_module, "_parse", lambda *a: calls.append(1) or real(*a))
    monkeypatch.setattr(mapping_module, "_parsed", {})
    for _ in range(5):
        m = load_mapping(folder)
    assert m.labels["Girls (police)"] == "victims_detected, sex:female" and len(calls) == 1
    (folder / "mapping.yaml").write_text("ignore_sheets: [Notes]\n", encoding="utf-8")
    assert load_mapping(folder).ignore_sheets == ("Notes",) and len(calls) == 2


BULLETIN = [
    ["Police annual statistics 2022"],
    [],
    ["Table 1: Offences against the person"],
    ["", "Female", "Male"],
    ["Victims", 20, 50],
    [],
    ["Table 2: Special unit"],
    ["", "Female", "Male"],
    ["Victims", 3, 1],
    [],
    ["Cuadro 3"],
    ["", "Female", "Male"],
    ["Victims", 5, 6],
]


def test_mapping_chooses_and_ignores_tables_by_title_and_states_a_block_year(tmp_path):
    raw = tmp_path / "raw"
    path = _workbook(raw / "JAM" / "bulletin.xlsx", BULLETIN)
    plain = ingest_submission(describe_file(path, raw))
    assert len(plain.observations) == 0 or {int(y) for y in plain.observations["year"]} == {2022}
    (raw / "JAM" / "mapping.yaml").write_text(
        "tables:\n  Offences against the person: ignore\n  Special unit: use\n  Cuadro 3: {use: true, year: 2021}\n",
        encoding="utf-8",
    )
    result = ingest_submission(describe_file(path, raw))
    stored = {(int(r.year), r.sex): int(r.value) for r in result.observations.itertuples()}
    assert stored == {(2022, "female"): 3, (2022, "male"): 1, (2021, "female"): 5, (2021, "male"): 6}
    q = result.quarantine
    assert q[q["source_cell"].isin(["B5", "C5"])]["reason"].str.contains("mapping file").all()
