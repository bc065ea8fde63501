"""attack5 J-N (minor): 'victims_2022.xlsx' and 'victims_2022 (copy).xlsx' (same bytes) arriving in
one run: the original was rejected as a copy of '(copy)' (name order puts ' (' before '.'). Among
files of the same content that arrived together, the one without a copy's name is kept; a copy's
name is what an operating system gives one ('(copy)', '(1)', ' - Copy', 'Copy of', 'copia de',
'kopie van'), not a year in brackets."""

from __future__ import annotations

import random

import pytest

from ctip.intake.discover import copy_name, list_submission_files, unique_submissions

COPIES = [
    "victims_2022 (copy).csv",
    "victims_2022 (1).csv",
    "victims_2022 - Copy.csv",
    "victims_2022 - Copy (2).csv",
    "Copy of victims_2022.csv",
    "copia de victims_2022.csv",
    "kopie van victims_2022.csv",
    "victims_2022_copy.csv",
]


@pytest.mark.parametrize("copy", COPIES)
def test_the_original_is_kept_and_the_copy_named_as_such(tmp_path, copy):
    rnd = random.Random(copy)
    body = f"Indicator,2022\nVictims identified,{rnd.randint(1, 99)}\n"
    for name in ("victims_2022.csv", copy):
        (tmp_path / "JAM").mkdir(exist_ok=True)
        (tmp_path / "JAM" / name).write_text(body, encoding="utf-8")
    files = unique_submissions(list_submission_files(tmp_path))
    kept = [f.relative for f in files if f.duplicate_of is None]
    copies = {f.relative: f.duplicate_of for f in files if f.duplicate_of is not None}
    assert kept == ["JAM/victims_2022.csv"]
    assert copies == {f"JAM/{copy}": "JAM/victims_2022.csv"}


@pytest.mark.parametrize("name", ["TIP (2021).xlsx", "copyright_2022.xlsx", "kopieerblad.xlsx", "table (a).xlsx", "victims_2022.xlsx"])
def test_other_names_are_no_copies(name):
    assert not copy_name(f"JAM/{name}")
