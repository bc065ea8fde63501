"""attack6 K-F, personal data: victims written by first name and age in a row label ("Girls:
<name> (14), <name> (16)", "of which: <name> (12)", "<name> (15)") and a case written as "Case"
with initials and surnames ("Case <initial>. <surname> / <initial>. <surname>", "Zaak <initial>.
<surname>") are replaced by [removed] before anything is read or echoed: nothing of them reaches
`ctip check`'s stdout, its feedback files (summary.md/html, report.json, mapping.suggested.yaml,
annotated.xlsx), the warehouse's quarantine, the staging files or the feedback of a run. The
figures beside them are read as before, and "Victims (14)", "Girls (under 18)", "Total (2022)",
a place in a sentence ("identified in <place> (14)") or a list item "A. Victims" stay readable.

Names are invented here; the check reads every byte of the outputs and every part of every
zip-based file."""

from __future__ import annotations

import logging

import duckdb
import pytest

from ctip import pipeline
from ctip.cli import main
from ctip.intake.privacy_text import person_spans
from tests.hostile.test_names_elsewhere import _blobs, _found
from tests.hostile.test_personal_text import _save

PLANTED = ["Quenisha", "Dorotea", "Yasmira", "Okafor-Lindqvist", "Okafor", "Lindqvist", "Vandermolen", "Brouwersma", "Tahirah"]

# (text, free-text cell?, the names that must go)
PERSONAL = [
    ("Girls: Quenisha (14), Dorotea (16)", False, ["Quenisha", "Dorotea"]),
    ("of which: Yasmira (12)", False, ["Yasmira"]),
    ("Tahirah (15)", False, ["Tahirah"]),
    ("Niñas: Quenisha (14 años), Dorotea (16 años)", False, ["Quenisha", "Dorotea"]),
    ("Case T. Okafor-Lindqvist / R. Vandermolen", False, ["T. Okafor-Lindqvist", "R. Vandermolen"]),
    ("Zaak R. Brouwersma", False, ["R. Brouwersma"]),
    ("T. Okafor-Lindqvist / R. Vandermolen", False, ["T. Okafor-Lindqvist", "R. Vandermolen"]),
    ("victims identified in Kingston (14)", True, ["Kingston"]),  # an unmatched label is echoed: no risk taken
]
# Labels that name no person: left as written.
ORDINARY = [
    "Victims (14)",
    "Girls (under 18)",
    "Total (2022)",
    "Victims identified in Kingston (14)",
    "A. Victims identified",
    "Víctimas identificadas (14)",
    "Cases (3)",
    "Case files opened",
    "Girls: 3",
]


@pytest.mark.parametrize("text,free,names", PERSONAL)
def test_first_names_with_ages_and_initialled_surnames_are_found(text, free, names):
    spans, found = person_spans(text, free)
    assert list(found) == names
    assert spans


@pytest.mark.parametrize("text", ORDINARY)
def test_labels_with_a_number_in_brackets_are_no_names(text):
    assert person_spans(text, False) == ((), ())


ROWS = [
    ["Victims identified 2022"],
    ["", "Female", "Male", "Total"],
    ["Victims identified", 5, 6, 11],
    ["of which minors", 2, 1, 3],
    ["Girls: Quenisha (14), Dorotea (16)", 2, None, None],
    ["Case T. Okafor-Lindqvist / R. Vandermolen", 1, 1, 2],
    ["of which: Yasmira (12)", 1, None, None],
    ["Zaak R. Brouwersma", None, 1, 1],
    ["Tahirah (15)", 1, None, None],
]
STORED = {
    ("female", "total", 5),
    ("male", "total", 6),
    ("total", "total", 11),
    ("female", "child", 2),
    ("male", "child", 1),
    ("total", "child", 3),
}


def test_ctip_check_echoes_no_name_in_stdout_or_any_feedback_file(project_dirs, capsys, caplog):
    path = project_dirs["raw"] / "JAM" / "tip_2022.xlsx"
    _save(path, ROWS)
    out = project_dirs["root"] / "fb"
    caplog.set_level(logging.DEBUG)
    main(["check", str(path), "--country", "JAM", "--out", str(out)])
    printed = capsys.readouterr()
    blobs = list(_blobs(out))
    assert {p.rsplit("/", 1)[-1] for p, _ in blobs} >= {"summary.md", "summary.html", "report.json", "mapping.suggested.yaml", "annotated.xlsx"}
    blobs += [("stdout", printed.out.encode()), ("stderr", printed.err.encode()), ("log", caplog.text.encode())]
    assert _found(blobs, PLANTED) == []
    report = next(data for p, data in blobs if p.endswith("report.json"))
    assert b"[removed]" in report  # the sender is told where a name was, not which


def test_a_run_stores_the_figures_and_no_name(project_dirs, caplog):
    _save(project_dirs["raw"] / "JAM" / "tip_2022.xlsx", ROWS)
    caplog.set_level(logging.DEBUG)
    results = pipeline.stage_all(pipeline.discover())
    pipeline.build(results)
    blobs = list(_blobs(project_dirs["marts"])) + list(_blobs(project_dirs["root"] / "dagster_home"))
    assert _found(blobs, PLANTED) == []
    assert [s for s in PLANTED if s.lower() in caplog.text.lower()] == []
    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        got = set(con.execute("select sex, age_group, value from fact_observation where indicator = 'victims_detected' and year = 2022").fetchall())
        labels = [lab for (lab,) in con.execute("select raw_label from quarantine").fetchall()]
        messages = " ".join(str(m) for (m,) in con.execute("select message from submissions").fetchall())
    assert got == STORED
    assert [s for s in PLANTED if any(s.lower() in str(lab).lower() for lab in labels)] == []
    assert [s for s in PLANTED if s.lower() in messages.lower()] == []
    assert any("[removed]" in str(lab) for lab in labels), labels  # the case rows are still set aside, shown without the names
