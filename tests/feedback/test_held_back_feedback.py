"""A revision the public files hold back is told to its sender (attack3 H-R).

Release 1: DOM 2021 female 25, male 5, sex unknown 0, total 30, published. The ministry then
sends male 3, unknown 2 (female and total unchanged): released together with release 1 the new
male 3 and unknown 2 would be worked out, so the exports hold them back at 5 and 0. The
sender's feedback, written before the exports run, must say so in the sender's language (here
Spanish), naming the figure the public files keep; it said "accepted, 4 figures stored"."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ctip.export.suppression import protect
from ctip.feedback.annotated import annotations
from ctip.feedback.held_back import held_back_in, mark_held_back
from ctip.feedback.summary import summary_html, summary_markdown
from ctip.feedback.words import problem_text
from ctip.intake.discover import describe_file
from ctip.stage.submission import ingest_submission

TITLE = "Víctimas identificadas 2021"
HEADER = "Indicador,Mujeres,Hombres,Sexo desconocido,Total"


def _ingest(raw: Path, name: str, female: int, male: int, unknown: int):
    path = raw / "DOM" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{TITLE}\n{HEADER}\nVíctimas identificadas,{female},{male},{unknown},{female + male + unknown}\n", encoding="utf-8")
    result = ingest_submission(describe_file(path, raw))
    assert result.status == "accepted" and len(result.observations) == 4
    return result


def _warehouse(tmp_path: Path, fact, release) -> Path:
    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse)) as con:
        for name, frame in (("fact_observation", fact), ("release_cells", release)):
            con.register("frame", frame)
            con.execute(f'create table "{name}" as select * from frame')
            con.unregister("frame")
    return warehouse


def test_held_back_revision_is_told_to_its_sender(tmp_path):
    raw = tmp_path / "raw"
    first = _ingest(raw, "a.csv", 25, 5, 0)
    revised = _ingest(raw, "b.csv", 25, 3, 2)
    release_1 = protect({"fact_observation": first.observations}).release
    warehouse = _warehouse(tmp_path, revised.observations, release_1)
    sid = revised.submission["submission_id"]
    # the exports' own decision on the same tables: male and unknown held back at 5 and 0
    public = protect({"fact_observation": revised.observations, "release_cells": release_1}).tables["fact_observation"]
    assert public.loc[public["flag"] == "held_back", "value"].tolist() == [5, 0]

    held = held_back_in(warehouse, [sid])
    assert held == {sid: {("b", "C3"): "5", ("b", "D3"): "0"}}
    told = mark_held_back(revised, held[sid])
    assert told.submission["status"] == "partial"
    assert told.submission["n_observations"] == 2 and told.submission["n_quarantined"] == 2
    sentence = problem_text("held_back", "es").format(n=2)
    for text in (summary_markdown(told), summary_html(told)):
        assert "aceptado en parte" in text
        assert sentence.split(":")[0] in text  # "2 cifras retenidas en los archivos públicos"
    # the annotated copy's comment on the held-back cell, in Spanish too
    marks = annotations(told)["b"]
    comments = " ".join(" ".join(lines) for _, lines in marks.values())
    assert "Retenidas en los archivos públicos" in comments


def test_new_figures_are_not_held_back_and_cost_no_protection(tmp_path, monkeypatch):
    """A submission with no revised figure in its blocks: nothing to tell, and the protection is
    not run at all (a run of new figures does not pay for it)."""
    raw = tmp_path / "raw"
    first = _ingest(raw, "a.csv", 25, 5, 0)
    release_1 = protect({"fact_observation": first.observations}).release
    warehouse = _warehouse(tmp_path, first.observations, release_1)
    import ctip.export.suppression as suppression

    def no_protect(*args, **kwargs):
        raise AssertionError("protect ran for a submission without a revision")

    monkeypatch.setattr(suppression, "protect", no_protect)
    assert held_back_in(warehouse, [first.submission["submission_id"]]) == {}
