"""The year a run stands in: its figures are not the whole year's (H-K). On 2 December 2026 a
column '2026' counts January to the day the file was written, so it is set aside as year to date;
the date is passed in (the run's date by default) so that it can be tested."""

from __future__ import annotations

import datetime as dt


def current_year(today: dt.date | None = None) -> int:
    """The year of `today` (the run's date when None): the first year that is not over."""
    return (today or dt.date.today()).year


def ongoing_year_reason(year: int) -> str:
    """Why a figure for the year that is not over is not stored (feedback kind 'part_year')."""
    return (
        f"the year {year} was not over when this file was read: its figures cover part of a year only (year to date); "
        "not stored, send the year's figures once it has ended"
    )
