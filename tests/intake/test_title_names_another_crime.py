"""G-M, wrong numbers: a long table (Indicator | Value) under a title naming another offence
("Tráfico ilícito de migrantes - 2021", "Mensensmokkel 2021", "Human smuggling 2021", "Murders 2021",
"Drug trafficking 2021", "Child labour inspections 2021"...) holds no trafficking-in-persons figures:
they are set aside with the reason, as the same words in a header or a row label already are. A title
naming trafficking in persons (alone, or beside another offence: then the row labels decide) keeps
its figures. Tables are generated here with random figures, so the truth is known."""

from __future__ import annotations

import pytest

from tests.intake.test_layouts import k, read
from tests.intake.titled_tables import titled_table

OTHER = [
    ("es", "Tráfico ilícito de migrantes - 2021"),
    ("nl", "Mensensmokkel 2021"),
    ("fr", "Trafic illicite de migrants 2021"),
    ("en", "Human smuggling 2021"),
    ("en", "Murders 2021"),
    ("en", "Drug trafficking 2021"),
    ("en", "Sexual offences 2021"),
    ("en", "Kidnapping 2021"),
    ("es", "Violencia intrafamiliar 2021"),
    ("en", "Trafficking in firearms 2021"),
    ("en", "Child labour inspections 2021"),
    ("es", "Trabajo infantil 2021"),
]
TIP = [
    ("en", "Trafficking in persons and smuggling of migrants — trafficking victims, 2021"),
    ("es", "Trata de personas 2021"),
    ("fr", "Traite des êtres humains 2021"),
    ("nl", "Mensenhandel 2021"),
    ("en", "Victims of human trafficking (sexual exploitation) 2021"),
    ("en", "Child trafficking 2021"),
    ("en", "Statistics 2021"),  # says nothing: the only table of the file, read
]


def _titled(title, lang, seed):
    return titled_table(title, lang, seed, year=2021)


@pytest.mark.parametrize("lang,title", OTHER)
def test_a_title_naming_another_crime_stores_nothing(lang, title):
    rows, _ = _titled(title, lang, seed=len(title))
    stored, q, out = read(rows)
    assert out.layout == "long"
    assert stored == {}, (title, stored)
    assert set(q) == {"B3", "B4"}
    assert all("not trafficking in persons" in r for r in q.values()), q


@pytest.mark.parametrize("lang,title", TIP)
def test_a_title_naming_trafficking_in_persons_keeps_its_figures(lang, title):
    rows, truth = _titled(title, lang, seed=len(title))
    stored, q, _ = read(rows)
    # the subject is what is checked here: which breakdown a title's words give is another reader's job
    assert q == {} and {(key[0], key[1], v) for key, v in stored.items()} == {(key[0], key[1], v) for key, v in truth.items()}, (title, q)


def test_both_offences_named_the_row_labels_decide():
    rows = [
        ["Trafficking in persons and smuggling of migrants, 2021"],
        ["Indicator", "Value"],
        ["Victims of trafficking identified", 12],
        ["Smuggled migrants intercepted", 140],
    ]
    stored, q, _ = read(rows)
    assert stored == {k("victims_detected", 2021): 12}
    assert "B4" in q
