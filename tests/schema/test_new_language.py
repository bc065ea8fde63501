"""A new language is one new file (issue 10): a copy of schemas/ with tests/fixtures/lang/pt.yaml
added, and nothing else changed, writes a submission template in Portuguese, reads it back filled
with known figures (every figure understood) and answers in Portuguese. A string the file lacks
falls back to English and is listed by the completeness check."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from ctip.paths import SCHEMAS_DIR
from ctip.schema import DIMENSIONS, languages, load_schema, load_words, missing_words, words
from ctip.yamlio import read_yaml

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "lang" / "pt.yaml"


def _schemas_with(tmp: Path, lang_file: Path | None = None, text: str | None = None) -> Path:
    """A copy of schemas/ with one more language file (the fixture, or `text`)."""
    target = tmp / "schemas"
    shutil.copytree(SCHEMAS_DIR, target)
    dest = target / "lang" / "pt.yaml"
    if text is not None:
        dest.write_text(text, encoding="utf-8")
    else:
        shutil.copy(lang_file or FIXTURE, dest)
    return target


@pytest.fixture(scope="module")
def schemas_pt(tmp_path_factory) -> Path:
    return _schemas_with(tmp_path_factory.mktemp("pt"))


def test_the_languages_are_the_files_present_english_first(schemas_pt):
    assert languages(schemas_pt) == ("en", "es", "fr", "nl", "pt")
    assert languages(SCHEMAS_DIR)[0] == "en" and "pt" not in languages(SCHEMAS_DIR)
    schema = load_schema(schemas_pt)
    assert schema.indicators["persons_convicted"].names["pt"] == "Pessoas condenadas"
    assert schema.dimensions["age_group"].codes["child"].names["pt"] == "Crianças (menos de 18)"
    assert "não disponível" in schema.markers["not_available"] and ".." in schema.markers["not_available"]
    assert "guianense" in schema.demonyms["GUY"] and "guyanese" in schema.demonyms["GUY"]


def test_the_fixture_names_every_indicator_and_code_and_only_the_portal_is_left_in_english(schemas_pt):
    spec = read_yaml(FIXTURE)
    schema = load_schema(schemas_pt)
    assert set(spec["indicators"]) == set(schema.indicators)
    for name, dim in schema.dimensions.items():
        assert set(spec["dimensions"][name]["codes"]) == set(dim.codes), name
    missing = missing_words("pt", schemas_pt)
    english_portal = load_words(schemas_pt)["en"]["portal"]
    assert sorted(missing) == sorted(f"portal.{k}" for k in english_portal)
    assert words("pt", "portal", schemas_pt) == words("en", "portal", schemas_pt)  # shown in English meanwhile
    assert words("pt", "feedback", schemas_pt)["phrases"]["title"] == "Remessa"


def test_a_string_the_file_lacks_falls_back_to_english_and_is_reported(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("    title: Remessa\n", "").replace("    name: Pessoas condenadas\n", "")
    schemas = _schemas_with(tmp_path, text=text)
    missing = missing_words("pt", schemas)
    assert "feedback.phrases.title" in missing and "indicators.persons_convicted.name" in missing
    assert words("pt", "feedback", schemas)["phrases"]["title"] == "Submission"
    assert load_schema(schemas).indicators["persons_convicted"].names["pt"] == "Persons convicted"
    # its own words still count: the synonyms it gives are read
    assert "condenacoes" in load_schema(schemas).indicators["persons_convicted"].synonyms["pt"]


def _ctip(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    # A fresh process: the schema folder is fixed for a process's life and the loaders cache.
    return subprocess.run([sys.executable, "-m", "ctip.cli", *args], env=env, capture_output=True, text=True, timeout=600)


def test_a_template_in_the_new_language_is_read_back_with_every_figure_and_answered_in_it(schemas_pt, tmp_path):
    env = {
        **os.environ,
        "CTIP_SCHEMAS": str(schemas_pt),
        "CTIP_RAW": str(tmp_path / "raw"),
        "CTIP_MARTS": str(tmp_path / "marts"),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
    }
    path = tmp_path / "raw" / "GUY" / "modelo.xlsx"
    done = _ctip(["template", "--country", "GUY", "--years", "2022-2023", "--lang", "pt", "-o", str(path)], env)
    assert done.returncode == 0, done.stderr

    spec = read_yaml(FIXTURE)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Instruções", "Dados", "Listas"]
    assert wb["Instruções"]["A1"].value.startswith(spec["template"]["instructions"]["title"])
    data = wb["Dados"]
    header = [c.value for c in data[1]]
    assert header == [
        spec["headers"]["indicator"]["name"],
        *(spec["dimensions"][d]["name"] for d in DIMENSIONS),
        spec["headers"]["year"]["name"],
        spec["headers"]["value"]["name"],
        spec["headers"]["notes"]["name"],
    ]
    # Known figures, and what each row means by the fixture's own names (not by the matcher).
    indicator_of = {v["name"]: k for k, v in spec["indicators"].items()}
    code_of = {d: {v["name"]: k for k, v in spec["dimensions"][d]["codes"].items()} for d in DIMENSIONS}
    truth = {}
    for r in range(2, data.max_row + 1):
        row = [c.value for c in data[r]]
        value = (r * 7) % 50 + 1
        data.cell(r, 7).value = value
        key = (indicator_of[row[0]], *(code_of[d][row[1 + i]] for i, d in enumerate(DIMENSIONS)), int(row[5]))
        truth[key] = value
    wb.save(path)
    assert len(truth) == data.max_row - 1 > 60

    out = tmp_path / "feedback"
    done = _ctip(["check", str(path), "--out", str(out)], env)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["language"] == "pt" and report["feedback_language"] == "pt"
    assert report["quarantine"] == []
    got = {(o["indicator"], *(o[d] for d in DIMENSIONS), int(o["year"])): int(float(o["value"])) for o in report["observations"]}
    assert got == truth

    summary = (out / "summary.md").read_text(encoding="utf-8")
    phrases = spec["feedback"]["phrases"]
    assert summary.startswith(f"# {phrases['title']} ")
    for key in ("status", "accepted", "figures", "problems", "none", "stored"):
        assert phrases[key] in summary, key
    assert spec["indicators"]["victims_detected"]["name"] in summary
    english = load_words(SCHEMAS_DIR)["en"]["feedback"]["phrases"]
    assert english["figures"] not in summary and english["none"] not in summary
