"""attack6 K-S: one value cell holding text ('approx. 40', '>10', 'at least 12', '12 victims') made the
whole table unreadable: the file was rejected ('no table layout recognised'), the cell itself was
listed nowhere and the other rows lost their label. Such a cell is set aside on its own with the
reason (an approximation, a bound, a number with words), and the rest of the table is read as usual.
'<5', '< 5' and 'menos de 5' stay the network's suppressed small count. The words are the languages'
(schemas/lang/<language>.yaml words.approximate_words, bound_words, count_nouns)."""

from __future__ import annotations

import pytest

from ctip.feedback.problems import kind_of
from ctip.harmonise.observations import harmonise_readings
from ctip.intake.extract import extract_workbook
from ctip.intake.read import SheetGrid
from ctip.intake.readings import ReadContext
from ctip.vocabulary.labels import default_index
from tests.intake.test_layouts import k, read

TEXTS = [
    ("approx. 40", "approximation"),
    ("~40", "approximation"),
    ("about 40", "approximation"),
    ("aprox. 40", "approximation"),
    ("alrededor de 40", "approximation"),
    ("environ 40", "approximation"),
    ("ongeveer 40", "approximation"),
    (">10", "bound"),
    ("≥ 10", "bound"),
    ("at least 12", "bound"),
    ("more than 10", "bound"),
    ("más de 10", "bound"),
    ("au moins 12", "bound"),
    ("meer dan 10", "bound"),
    ("12 victims", "number alone"),
    ("12 víctimas", "number alone"),
    ("12 victimes", "number alone"),
    ("12 slachtoffers", "number alone"),
]


def _table(value):
    return [["Trafficking in persons, 2022"], ["", "Total"], ["Victims identified", value], ["Persons prosecuted", 7]]


@pytest.mark.parametrize("text,why", TEXTS)
def test_a_text_value_is_set_aside_alone_and_the_table_read(text, why):
    stored, quarantined, out = read(_table(text))
    assert out.layout is not None
    assert stored == {k("persons_prosecuted", 2022): 7}
    assert set(quarantined) == {"B3"}
    assert why in quarantined["B3"] and f"'{text}'" in quarantined["B3"]
    assert kind_of(quarantined["B3"])[0] == "not_count"


def test_the_sender_is_told_the_cell_with_its_label():
    ctx = ReadContext("JAM", default_index(), file_name="JAM/tip_2022.xlsx")
    outcome = extract_workbook([SheetGrid("Data", _table("approx. 40"), [], "worksheet")], ctx)[0]
    obs, q, _ = harmonise_readings(outcome.readings + outcome.unread_cells, "JAM", "t", "tip_2022.xlsx")
    assert list(obs["value"]) == [7] and list(obs["source_cell"]) == ["B4"]
    row = q[q["source_cell"] == "B3"].iloc[0]
    assert row["raw_label"].startswith("Victims identified") and "approximation" in row["reason"]


@pytest.mark.parametrize("text", ["<5", "< 5", "menos de 5", "less than 5"])
def test_small_counts_stay_suppressed(text):
    stored, quarantined, _ = read(_table(text))
    assert stored == {k("victims_detected", 2022): None, k("persons_prosecuted", 2022): 7}
    assert quarantined == {}


@pytest.mark.parametrize("label", ["Over 18", "18+", "Victims identified", "More than 10 years", "12 months"])
def test_labels_are_not_text_values(label):
    from ctip.intake.layouts.cellkinds import classify

    assert classify(label, default_index()).kind != "number"
