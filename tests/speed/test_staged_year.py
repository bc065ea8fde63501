"""A staged file is read again in the first run of a new year: its figures for the year that was
not over when it was read (set aside as year to date, harmonise.years) are whole years now."""

from __future__ import annotations

from ctip.stage import staging


def test_the_cache_key_changes_with_the_year_not_over(monkeypatch):
    args = ("ab" * 32, "", "JAM/tip.csv", "2026-12-02T09:00:00.000000+00:00")
    monkeypatch.setattr(staging, "current_year", lambda today=None: 2026)
    this_year = staging.cache_key(*args)
    assert staging.cache_key(*args) == this_year  # the same file, the same year: reused
    monkeypatch.setattr(staging, "current_year", lambda today=None: 2027)
    assert staging.cache_key(*args) != this_year
