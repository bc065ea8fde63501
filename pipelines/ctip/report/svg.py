"""Small helpers for the charts the report writes as SVG directly (no matplotlib): numbers,
escaped text and the root element, in the form `charts.inline_svg` gives matplotlib's charts
(the point as the user unit, a title and a description for screen readers, ids prefixed with
the chart's key)."""

from __future__ import annotations

import html
from collections.abc import Iterable

PT = 72  # points per inch: the SVG's user unit is the point, as matplotlib's
CHAR = 0.52  # mean advance of a DejaVu Sans character, in ems (to centre and fit labels)
BLACK = "#000000"


def num(x: float) -> str:
    """A coordinate to 0.01 pt (plenty), without trailing zeros."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def text(x: float, y: float, content: str, size: float, *, anchor: str = "start", colour: str = BLACK, bold: bool = False) -> str:
    """A <text> at baseline (x, y); `content` is escaped."""
    weight = ";font-weight:bold" if bold else ""
    inner = html.escape(str(content), quote=False)  # as matplotlib's writer: quotes need no escaping in text
    return f'<text x="{num(x)}" y="{num(y)}" style="font-size:{num(size)}px;fill:{colour}{weight}" text-anchor="{anchor}">{inner}</text>'


def svg_root(key: str, title: str, alt: str, width: float, height: float, body: Iterable[str]) -> str:
    """The whole inline SVG: white background, title and description, then `body`."""
    return (
        f'<svg role="img" aria-labelledby="{key}-title" aria-describedby="{key}-desc" focusable="false" '
        f'width="{num(width)}pt" height="{num(height)}pt" viewBox="0 0 {num(width)} {num(height)}">\n'
        f' <title id="{key}-title">{html.escape(title)}</title>\n <desc id="{key}-desc">{html.escape(alt)}</desc>\n'
        f' <rect width="{num(width)}" height="{num(height)}" style="fill:#FFFFFF"/>\n ' + "\n ".join(body) + "\n</svg>"
    )
