"""Reading value cells: counts as numbers or text, thousands separators, markers."""

from __future__ import annotations

import pytest

from ctip.intake.values import parse_count


@pytest.mark.parametrize(
    "raw, value",
    [
        (12, 12),
        (12.0, 12),
        ("45", 45),
        (" 45 ", 45),
        ("0", 0),
        ("+7", 7),
        ("1,234", 1234),
        ("1.234", 1234),
        ("1 234", 1234),
        ("1\u00a0234", 1234),
        ("1\u202f234", 1234),
        ("1'234", 1234),
        ("1,234,567", 1234567),
        ("1.234.567", 1234567),
        ("1 234 567", 1234567),
        ("12.0", 12),
        ("12,00", 12),
        ("1,234.0", 1234),
        ("1.234,00", 1234),
        ("1.000", 1000),
    ],
)
def test_counts(raw, value):
    p = parse_count(raw)
    assert (p.kind, p.value) == ("count", value)


@pytest.mark.parametrize("raw", ["..", "...", "n/a", "N/A", "N/D", "n.d.", "s.o.", "S.O.", "nd", "ND", "na", "s/o"])
def test_not_available(raw):
    assert parse_count(raw).kind == "not_available"


@pytest.mark.parametrize("raw", ["-", "–", "—", "--", "nil", "néant"])
def test_nil_is_zero(raw):
    p = parse_count(raw)
    assert (p.kind, p.value) == ("nil", 0)


@pytest.mark.parametrize("raw", ["<5", "< 5", "<3", "x", "X", "c", "C", "≤4", "≤ 2", "<1", "confidencial"])
def test_suppressed(raw):
    p = parse_count(raw)
    assert (p.kind, p.value, p.flag) == ("suppressed", None, "suppressed")


@pytest.mark.parametrize("raw", ["<10", "< 10", "≤5", "≤ 9", "<20", "<6"])
def test_a_bound_wider_than_the_small_count_is_not_stored_as_one(raw):
    """attack6 K-R: '< 10' was stored as the small count '<5' (0 to 4), so every range and estimate
    built on it excluded 5 to 9."""
    p = parse_count(raw)
    assert p.kind == "error" and "a bound, not a count" in p.reason and raw in p.reason


@pytest.mark.parametrize("raw", [12.5, "12.5", "1,5", "-3", "abc*", "3.5*", "about 10", True, "1,23", "12 34"])
def test_not_counts(raw):
    p = parse_count(raw)
    assert p.kind == "error" and p.reason


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty(raw):
    assert parse_count(raw).kind == "empty"


@pytest.mark.parametrize(
    "raw,value,mark", [("12*", 12, "*"), ("7 (a)", 7, "(a)"), ("15¹", 15, "¹"), ("1,234 **", 1234, "**"), ("9 [1]", 9, "[1]"), ("8 p", 8, "p")]
)
def test_footnote_marks_are_set_apart_and_the_number_kept(raw, value, mark):
    """Issue 8: '12*' is 12 with a footnote (kept for the lineage), not an unreadable cell."""
    p = parse_count(raw)
    assert (p.kind, p.value, p.footnote) == ("count", value, mark)


@pytest.mark.parametrize("raw", ["Nil", "None", "Geen", "Néant", "Ninguno", "Nada", "nil"])
def test_words_for_none_are_zero(raw):
    p = parse_count(raw)
    assert (p.kind, p.value) == ("nil", 0)


@pytest.mark.parametrize(
    "raw, value, mark",
    [
        ("12 (provisional)", 12, "(provisional)"),
        ("14 (prov.)", 14, "(prov.)"),
        ("1,234 (preliminary figures)", 1234, "(preliminary figures)"),
        ("8 (cifras provisionales)", 8, "(cifras provisionales)"),
        ("3 (provisoire)", 3, "(provisoire)"),
        ("9 [voorlopig]", 9, "[voorlopig]"),
        ("11 (Prelim)", 11, "(Prelim)"),
    ],
)
def test_a_number_marked_provisional_is_read_with_its_mark(raw, value, mark):
    """Finding F-C: '12 (provisional)' is 12, the word kept as its mark; the words are the neutral
    qualifiers of schemas/lang/<language>.yaml in any of the four languages."""
    p = parse_count(raw)
    assert (p.kind, p.value, p.footnote) == ("count", value, mark)


@pytest.mark.parametrize("raw", ["12 (see note)", "12 (estimated by NGO)", "2019 (2020)", "(provisional)", "12 (provisional) 14"])
def test_other_words_in_brackets_after_a_number_are_not_read(raw):
    assert parse_count(raw).kind == "error"
