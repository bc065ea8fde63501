"""`Chart`, what every chart function returns: kept apart from the drawing code so that the page
and the chart cache can handle charts without importing matplotlib."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chart:
    key: str  # unique within the page: the prefix of every id in the SVG
    title: str
    alt: str  # what the chart shows, in words (the SVG's <desc> and aria description)
    svg: str  # inline SVG markup, ready to drop into HTML
