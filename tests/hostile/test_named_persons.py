"""J-E, personal data: a person named with no birth date, document, phone or e-mail beside the
name — a victim written as an "of which" row with her age ("of which: <name> (14)"), a row label
that is only a name, officials in a Source column ("Insp. <name>, CTU", "DPP office, Mr. <name>")
or in a title ("Informe preparado por: Lic. <name>, Fiscalía") — is replaced by [removed] before
anything is read or echoed: nothing of it reaches the warehouse (quarantine.raw_label,
submissions.message), the staging files or the feedback (summary, report.json, annotated.xlsx,
mapping.suggested.yaml). The figures beside them are read as before, and institutions, countries,
places and indicator labels are never taken for names.

The workbooks are generated here; the check reads every byte under the output folders and the
parts of every zip-based file (annotated.xlsx)."""

from __future__ import annotations

import logging

import duckdb
import pytest

from ctip import pipeline
from ctip.intake.privacy_text import person_spans
from tests.hostile.test_names_elsewhere import _blobs, _found
from tests.hostile.test_personal_text import _save

PLANTED = ["Shanice", "Campbell", "Tamika", "Brathwaite", "Rajesh", "Maharaj", "Kevin", "Ramnarine", "Fernández", "Fernandez", "Keisandra", "Olutunde"]

# (text, free-text cell?, the names that must go)
PERSONAL = [
    ("  of which: Shanice Campbell (14)", False, ["Shanice Campbell"]),
    ("Tamika Brathwaite (16 yrs)", False, ["Tamika Brathwaite"]),
    ("Insp. Rajesh Maharaj, CTU", False, ["Rajesh Maharaj"]),
    ("DPP office, Mr. Kevin Ramnarine", False, ["Kevin Ramnarine"]),
    ("Informe preparado por: Lic. María Fernández Rosario, Fiscalía", False, ["María Fernández Rosario"]),
    ("Prepared by: Keisandra Olutunde", False, ["Keisandra Olutunde"]),
    ("Keisandra Olutunde, Counter Trafficking Unit", True, ["Keisandra Olutunde"]),
    ("Préparé par Mme Josette Belizaire", False, ["Josette Belizaire"]),
    ("Opgesteld door dhr. Ravi Ramdin", False, ["Ravi Ramdin"]),
]
# Text that names no person: left as written, even in a Source or Notes column.
ORDINARY = [
    "Counter Trafficking Unit",
    "Ministry of National Security",
    "Fiscalía",
    "Tribunales Provinciales Populares",
    "Jamaica Constabulary Force",
    "Royal Bahamas Police Force",
    "Trinidad and Tobago Police Service",
    "Port of Spain",
    "Saint Kitts and Nevis",
    "Dominican Republic",
    "Victims identified",
    "Persons prosecuted",
    "Víctimas identificadas (14)",
    "Office of the Director of Public Prosecutions",
    "Hon. Minister of National Security",
    "Ministerio Público, Procuraduría General de la República",
    "Korps Politie Suriname",
]


@pytest.mark.parametrize("text,free,names", PERSONAL)
def test_a_named_person_is_found(text, free, names):
    spans, found = person_spans(text, free)
    assert list(found) == names
    assert spans


@pytest.mark.parametrize("text", ORDINARY)
def test_institutions_places_and_labels_are_no_names(text):
    assert person_spans(text, True) == ((), ())


def test_named_persons_reach_no_output_and_the_figures_are_read(project_dirs, caplog):
    raw, marts = project_dirs["raw"], project_dirs["marts"]
    _save(
        raw / "JAM" / "tip_2022.xlsx", [["Indicator", "2022"], ["Victims identified", 14], ["  of which: Shanice Campbell (14)", 1], ["Persons convicted", 3]]
    )
    _save(raw / "BRB" / "tip_2022.xlsx", [["Indicator", "2022"], ["Victims identified", 9], ["Tamika Brathwaite", 1], ["Persons convicted", 2]])
    _save(
        raw / "TTO" / "tip_2022.xlsx",
        [["Indicator", "2022", "Source"], ["Victims identified", 14, "Insp. Rajesh Maharaj, CTU"], ["Persons convicted", 3, "DPP office, Mr. Kevin Ramnarine"]],
    )
    _save(
        raw / "DOM" / "tip_2022.xlsx",
        [["Informe preparado por: Lic. María Fernández Rosario, Fiscalía"], ["Indicador", "2022"], ["Víctimas identificadas", 14], ["Personas condenadas", 3]],
    )
    caplog.set_level(logging.DEBUG)
    results = pipeline.stage_all(pipeline.discover())
    pipeline.build(results)
    blobs = list(_blobs(marts)) + list(_blobs(project_dirs["root"] / "dagster_home"))
    assert _found(blobs, PLANTED) == []
    assert [s for s in PLANTED if s.lower() in caplog.text.lower()] == []
    assert any(where.endswith("mapping.suggested.yaml") for where, _ in blobs)  # the unmatched labels were echoed, scrubbed

    with duckdb.connect(str(project_dirs["warehouse"]), read_only=True) as con:
        got = sorted(con.execute("select country_iso3, indicator, year, value from fact_observation").fetchall())
        labels = sorted(lab for (lab,) in con.execute("select raw_label from quarantine").fetchall())
    assert got == [
        ("BRB", "persons_convicted", 2022, 2),
        ("BRB", "victims_detected", 2022, 9),
        ("DOM", "persons_convicted", 2022, 3),
        ("DOM", "victims_detected", 2022, 14),
        ("JAM", "persons_convicted", 2022, 3),
        ("JAM", "victims_detected", 2022, 14),
        ("TTO", "persons_convicted", 2022, 3),
        ("TTO", "victims_detected", 2022, 14),
    ]
    # The unmatched rows are still set aside (and shown), their names replaced.
    assert len(labels) == 2 and all("[removed]" in lab for lab in labels), labels
