"""The report's flows read the decision of the report's tables only when they read the same inputs
(ctip.report.data.Protected): another cell, type or member set is protected again."""

from __future__ import annotations

import pytest

from ctip.report.data import load_report_data
from tests.report.synthetic_warehouse import build_synthetic_warehouse


@pytest.fixture(scope="module")
def protected(tmp_path_factory):
    data = load_report_data(build_synthetic_warehouse(tmp_path_factory.mktemp("one") / "warehouse.duckdb"))
    assert data.protected is not None
    return data.protected


def test_the_same_inputs_are_the_same_decision(protected):
    given = {name: frame.copy() for name, frame in protected.inputs.items()}
    assert "fact_observation" in given and "mart_estimates" in given
    assert protected.decided_for(given, list(reversed(protected.members)))


def test_other_inputs_are_protected_again(protected):
    fact = protected.inputs["fact_observation"]
    changed = fact.copy()
    changed.loc[changed.index[0], "value"] = 3 if changed["value"].iloc[0] != 3 else 4
    assert not protected.decided_for({**protected.inputs, "fact_observation": changed}, protected.members)
    assert not protected.decided_for({**protected.inputs, "fact_observation": fact.iloc[::-1]}, protected.members)
    assert not protected.decided_for({**protected.inputs, "fact_observation": fact.astype({"value": "float64"})}, protected.members)
    assert not protected.decided_for({**protected.inputs, "release_cells": fact.head(0)}, protected.members)
    assert not protected.decided_for(protected.inputs, protected.members[:-1])
    assert not protected.decided_for(protected.inputs, None)
