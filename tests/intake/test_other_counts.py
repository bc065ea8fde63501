"""H-P (part): a bracket or a title saying the figure counts persons *screened*, or nationals found
*abroad* ("Victims identified (screened)", "(Jamaicans abroad)", "dominicanas en el exterior",
"Potential victims screened, 2021", "Jamaican victims identified abroad, 2021") is no count of the
indicator in the country: set aside with the reason, never stored as victims detected. A file or
sheet merely named 'abroad' does not set aside a table whose title says nothing."""

from __future__ import annotations

import pytest

from ctip.feedback.problems import kind_of
from tests.intake.test_layouts import k, read


@pytest.mark.parametrize(
    "label",
    [
        "Victims identified (screened)",
        "Victims identified (Jamaicans abroad)",
        "Víctimas identificadas (dominicanas en el exterior)",
        "Victimes identifiées (à l'étranger)",
        "Slachtoffers (in het buitenland)",
    ],
)
def test_a_label_counting_something_else_is_set_aside(label):
    stored, q, _ = read([["Trafficking in persons 2021"], ["Indicator", "Value"], [label, 40], ["Persons prosecuted", 4]])
    assert stored == {k("persons_prosecuted", 2021): 4}, q
    assert kind_of(q["B3"])[0] == "not_indicator", q


@pytest.mark.parametrize("title", ["Potential victims of trafficking screened, 2021", "Jamaican victims of trafficking identified abroad, 2021"])
def test_a_title_counting_something_else_stores_nothing(title):
    stored, q, _ = read([[title], ["Sex", "Victims"], ["Female", 6], ["Male", 4], ["Total", 10]])
    assert stored == {}, stored
    assert all(kind_of(r)[0] == "not_indicator" for r in q.values()), q


def test_a_file_named_abroad_does_not_set_a_plain_table_aside():
    stored, _, _ = read([["Trafficking in persons 2021"], ["Indicator", "Value"], ["Persons prosecuted", 4]], name="abroad", file_name="JAM/abroad.csv")
    assert stored == {k("persons_prosecuted", 2021): 4}
