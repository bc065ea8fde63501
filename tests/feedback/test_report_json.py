"""report.json's text is what `json.dumps(indent=1, ensure_ascii=False, default=str)` gives:
ctip.feedback.jsontext builds the same text faster, checked here on every report of the intake
corpus and on planted values (non-ASCII, escapes, NaN, numpy and pandas scalars, tuples, keys
that are no text, empty containers)."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd

from ctip.feedback import jsontext
from ctip.feedback.summary import report_json
from ctip.intake.discover import describe_file
from ctip.stage.submission import ingest_submission
from tests.corpus import generate_corpus


def _std(obj: object) -> str:
    return json.dumps(obj, indent=1, ensure_ascii=False, default=str)


def test_every_report_of_the_intake_corpus_is_the_standard_text(tmp_path):
    raw = tmp_path / "raw"
    generate_corpus(raw)
    n = 0
    for path in sorted(p for p in raw.rglob("*") if p.is_file() and p.name != "mapping.yaml"):
        report = report_json(ingest_submission(describe_file(path, raw)))
        assert jsontext.dumps(report, 1) == _std(report), path.name
        n += len(report["observations"]) + len(report["quarantine"])
    assert n > 500  # the corpus exercised the rows


def test_planted_values_give_the_standard_text():
    planted = {
        "text": 'Número «quoted» "q" \\ back / slash \n\t\r\x00\x1f\u2028 \ud7ff é 中文',
        "ints": [0, -1, 2**70, True, False, None],
        "floats": [0.1, -0.0, 1e300, 1e-300, float("nan"), float("inf"), float("-inf"), 3.0],
        "numpy": [np.int64(3), np.float64(2.5), np.bool_(True), np.float32(1.5)],
        "pandas": [pd.NA, pd.Timestamp("2021-01-02"), pd.NaT],
        "dates": [dt.date(2021, 1, 2), dt.datetime(2021, 1, 2, 3, 4, 5)],
        "nested": {"empty_list": [], "empty_dict": {}, "tuple": (1, "a", (2,)), "deep": [[[]], [{}], [{"a": [1, {"b": None}]}]]},
        1: "int key",
        2.5: "float key",
        None: "none key",
        False: "bool key",
    }
    assert jsontext.dumps(planted, 1) == _std(planted)
    assert jsontext.dumps(planted, 4) == json.dumps(planted, indent=4, ensure_ascii=False, default=str)
    for scalar in ("x", 1, 2.5, None, [], {}, [1], {"a": 1}):
        assert jsontext.dumps(scalar, 1) == _std(scalar)
