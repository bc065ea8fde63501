"""attack6 K-Q, personal data: a title naming a victim after a case word ("Victims identified 2022 -
case of <Name> <Surname>", "caso de …", "(affaire …)") was copied into the annotated copy and the
sender was not told. The case word anywhere in a cell now makes the capitalised words after it a
person's name; titles about cases in general keep their words.

Names are invented here."""

from __future__ import annotations

import pytest

from ctip.intake.privacy_text import person_spans, scrub_sheets
from ctip.intake.read import SheetGrid

FIRST, LAST = "Quorelle", "Vantibrook"


@pytest.mark.parametrize(
    "title",
    [
        f"Victims identified 2022 - case of {FIRST} {LAST}",
        f"Víctimas identificadas 2022 - caso de {FIRST} {LAST}",
        f"Victimes identifiées 2022 (affaire {FIRST} {LAST})",
        f"Slachtoffers 2022, zaak {FIRST} {LAST}",
    ],
)
def test_a_name_after_a_case_word_is_removed(title):
    sheets = [SheetGrid("Data", [[title], ["", "Total"], ["Victims identified", 3]])]
    findings, _ = scrub_sheets(sheets)
    cell = sheets[0].rows[0][0]
    assert FIRST not in cell and LAST not in cell and "[removed]" in cell
    assert [f.categories for f in findings] == [["name"]]
    assert sheets[0].rows[2] == ["Victims identified", 3]


@pytest.mark.parametrize(
    "title",
    ["Cases of Trafficking in Persons 2022", "Trafficking cases by Form of Exploitation", "Casos de Trata de Personas 2022", "Case of Santo Domingo"],
)
def test_titles_about_cases_keep_their_words(title):
    assert person_spans(title) == ((), ())
