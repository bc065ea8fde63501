"""attack5 J-J: a title 'Victims identified since 2015', 'desde 2015', '2015 to date' gave its year to a
running total: stored as 2015's figures. Such a title's year is where the count starts: set aside as a
running total; over year columns of their own the figures keep their years."""

from __future__ import annotations

import pytest

from ctip.feedback.problems import kind_of
from tests.intake.test_layouts import k, read


@pytest.mark.parametrize(
    "title",
    [
        "Victims identified since 2015",
        "Víctimas identificadas desde 2015",
        "Victimes identifiées depuis 2015",
        "Slachtoffers sinds 2015",
        "Victims identified, 2015 to date",
        "Víctimas identificadas 2015 a la fecha",
        "Victimes identifiées 2015 à ce jour",
    ],
)
def test_a_title_year_that_starts_a_running_total_gives_no_year(title):
    stored, q, _ = read([[title], ["Sex", "Number"], ["Female", 100], ["Male", 50], ["Total", 150]])
    assert stored == {}, stored
    # ('a la fecha', 'à ce jour' were already words of part of a year: set aside either way)
    assert set(q) == {"B3", "B4", "B5"} and all(kind_of(r)[0] in ("running_total", "part_year") for r in q.values()), q


def test_year_columns_of_their_own_are_read_under_a_since_title():
    stored, q, _ = read([["Victims identified since 2015"], ["Indicator", 2021, 2022], ["Victims identified", 4, 6]])
    assert stored == {k("victims_detected", 2021): 4, k("victims_detected", 2022): 6}, (stored, q)


def test_a_title_with_its_year_alone_is_read():
    stored, _, _ = read([["Victims identified, 2015"], ["Sex", "Number"], ["Female", 10], ["Male", 5], ["Total", 15]])
    assert stored.get(k("victims_detected", 2015)) == 15
