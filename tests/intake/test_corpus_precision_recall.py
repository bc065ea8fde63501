"""Intake measured on the generated corpus: every fixture ingested as a real submission
(`ingest_submission(describe_file(...))`), every stored figure compared with the truth on its full
key, value and flag.

precision = correct stored figures / stored figures (must be 100%: nothing wrong is ever stored)
recall    = correct stored figures / true figures   (at least 98%)"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.corpus import BUILDERS, generate_corpus, score_corpus

REQUIRED_FEATURES = {
    # languages
    "en",
    "es",
    "fr",
    "nl",
    # layouts
    "banner",
    "header_not_first_row",
    "long",
    "wide_years",
    "wide_dims",
    "transposed",
    "two_row_header",
    "merged",
    "unmerged",
    "block_per_indicator",
    "of_which",
    "dimension_in_label",
    "sheet_per_year",
    "several_sheets",
    "notes_sheet",
    "chart_sheet",
    "hidden_sheet",
    "year_in_title",
    "year_in_sheet_name",
    "year_in_file_name",
    "total_row",
    "total_column",
    "total_row_years",
    "total_column_years",
    "footnotes",
    "grand_total",
    "year_column",
    "title_indicator",
    "compounds",
    "label_list",
    "flattened_header",
    # values
    "values",
    "markers",
    "thousands",
    "formulas",
    # overrides and precision traps
    "mapping",
    "layout_override",
    "precision",
    "not_indicator",
    "ambiguous_label",
    "fuzzy",
    "no_year",
    # formats
    "xlsx",
    "xlsm",
    "xls",
    "ods",
    "csv",
    "txt",
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "cp1252",
    "semicolon",
    "tab",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    raw = tmp_path_factory.mktemp("corpus") / "raw"
    fixtures = generate_corpus(raw)
    return raw, fixtures, score_corpus(fixtures, raw)


def test_corpus_covers_the_brief(corpus):
    raw, fixtures, _ = corpus
    assert len(fixtures) >= 30
    features = Counter(f for fx in fixtures for f in fx.features)
    assert REQUIRED_FEATURES <= set(features), REQUIRED_FEATURES - set(features)
    folders = {fx.relpath.split("/")[0] for fx in fixtures}
    assert {"Curaçao", "República Dominicana", "Haïti", "Suriname"} <= folders
    assert any(len(f) == 3 and f.isupper() for f in folders)
    suffixes = {fx.path.suffix for fx in fixtures}
    assert {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt"} <= suffixes
    assert all(fx.path.is_relative_to(raw) and fx.path.exists() for fx in fixtures)


def test_precision_and_recall(corpus):
    _, _, scores = corpus
    print()
    print(scores.report())
    print(f"PRECISION {scores.precision:.4f}  RECALL {scores.recall:.4f}  ({scores.n_correct} correct of {scores.n_stored} stored, {scores.n_truth} true)")
    assert scores.n_truth >= 500
    assert scores.precision == 1.0, scores.report()
    assert scores.recall >= 0.98, scores.report()


@pytest.mark.parametrize("name", [b.__name__ for b in BUILDERS])
def test_fixture_stores_nothing_wrong_and_reports_its_traps(corpus, name):
    _, _, scores = corpus
    score = next(f for f in scores.fixtures if f.name == name)
    assert not score.wrong, f"{name} stored figures that are not in its truth: {sorted(score.wrong, key=str)}"
    assert not score.missing_quarantine, f"{name}: these cells should be reported in quarantine: {score.missing_quarantine}"


def test_traps_are_quarantined_not_stored(corpus):
    """The deliberately ambiguous and noise rows are all reported, with a reason."""
    _, fixtures, scores = corpus
    traps = sum(len(fx.quarantined) for fx in fixtures)
    assert traps >= 60
    for fx, score in zip(fixtures, scores.fixtures):
        q = score.quarantine
        for sheet, cell in fx.quarantined:
            reasons = q[(q["source_sheet"] == sheet) & (q["source_cell"] == cell)]["reason"]
            assert len(reasons) and all(isinstance(r, str) and r for r in reasons), (fx.name, sheet, cell)


def test_ambiguous_labels_come_with_suggestions(corpus):
    _, _, scores = corpus
    q = next(f for f in scores.fixtures if f.name == "tca_noise_and_ambiguity").quarantine
    reasons = dict(zip(q["raw_label"].str.split(" | ", regex=False).str[0], q["reason"]))
    assert "closest:" in reasons["Victims identified/assisted"]
    assert "not one of the network's indicators" in reasons["Hotline calls"]
    assert "percentage" in reasons["Victims identified (%)"]
