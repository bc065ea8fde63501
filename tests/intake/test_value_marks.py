"""H-J: marks written after a figure.

- H-J: a revised figure ('5 (revised)', '7r', '8 (rev)', '16 (revisado)', '17 (révisé)', '18 (herzien)')
  is the figure; an estimate ('10 (e)', '11 (E)', '12e', '12 (est.)', '19 (estimado)', '20 (estimé)',
  '21 (geschat)') is set aside with the reason; a small count written out ('less than 5', 'menos de 5',
  'moins de 5', 'minder dan 5', '1-4') is a suppressed small count, 'less than 10' is not."""

from __future__ import annotations

import pytest

from ctip.feedback.problems import kind_of
from ctip.intake.values import parse_count


@pytest.mark.parametrize(
    "text,value",
    [
        ("5 (revised)", 5),
        ("7r", 7),
        ("8 (rev)", 8),
        ("9R", 9),
        ("16 (revisado)", 16),
        ("17 (révisé)", 17),
        ("18 (herzien)", 18),
        ("15 (p)", 15),
        ("14 (provisional)", 14),
    ],
)
def test_revised_and_provisional_figures_are_counts(text, value):
    p = parse_count(text)
    assert (p.kind, p.value) == ("count", value), p


@pytest.mark.parametrize("text", ["10 (e)", "11 (E)", "12e", "12 (est.)", "19 (estimado)", "20 (estimé)", "21 (geschat)", "13 (estimate)"])
def test_estimates_are_set_aside_as_not_recorded(text):
    p = parse_count(text)
    assert p.kind == "error" and kind_of(p.reason)[0] == "not_recorded", p


@pytest.mark.parametrize("text", ["less than 5", "Less than 5", "menos de 5", "moins de 5", "minder dan 5", "1-4", "0-4", "fewer than 3"])
def test_small_counts_written_out_are_suppressed(text):
    assert parse_count(text).kind == "suppressed"


@pytest.mark.parametrize("text", ["less than 10", "menos de 50", "5-9", "2015-2019"])
def test_wider_ranges_are_not_small_counts(text):
    assert parse_count(text).kind != "suppressed"
