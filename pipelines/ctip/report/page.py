"""HTML assembly: one self-contained page (inline CSS and SVG, no script, no external resource).

Every piece of text goes through `esc` unless it is `Markup` built here from escaped parts, so a
label from a submission ("<script>…") is shown, never run."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ctip.report.chart import Chart


class Markup(str):
    """HTML that is already safe (built from escaped parts)."""


def esc(value) -> Markup:
    """HTML-escaped text (None as ""); Markup passes through as is, so nothing is escaped twice."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


def join(parts: Iterable) -> Markup:
    """The parts escaped (unless already Markup) and joined, without separators."""
    return Markup("".join(esc(p) for p in parts))


def tag(name: str, *content, cls: str | None = None, **attrs) -> Markup:
    """`<name attrs>content</name>` with content and attribute values escaped; a None attribute is left
    out, and `aria_label` or `for_` are written `aria-label` and `for`."""
    attributes = "".join(f' {k.rstrip("_").replace("_", "-")}="{esc(v)}"' for k, v in attrs.items() if v is not None)
    if cls:
        attributes = f' class="{esc(cls)}"' + attributes
    return Markup(f"<{name}{attributes}>{join(content)}</{name}>")


def p(*content, cls: str | None = None) -> Markup:
    """A paragraph of escaped content."""
    return tag("p", *content, cls=cls)


def ul(items: Iterable) -> Markup:
    """A bulleted list, one escaped item per entry."""
    return tag("ul", *(tag("li", item) for item in items))


@dataclass(frozen=True)
class Cell:
    """A table cell with a class (num, supp, np, est)."""

    content: object
    cls: str | None = None


def table(headers: Sequence, rows: Iterable[Sequence], caption: str | None = None, numeric_from: int = 1, cls: str | None = None) -> Markup:
    """A data table; the first column is a row header, columns from `numeric_from` are right-aligned."""
    head = tag("tr", *(tag("th", h, scope="col") for h in headers))
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            content, extra = (value.content, value.cls) if isinstance(value, Cell) else (value, None)
            classes = " ".join(c for c in ("num" if i >= numeric_from else None, extra) if c) or None
            cells.append(tag("th", content, scope="row", cls=classes) if i == 0 else tag("td", content, cls=classes))
        body.append(tag("tr", *cells))
    parts = [tag("caption", caption)] if caption else []
    parts += [tag("thead", head), tag("tbody", *body)]
    return tag("div", tag("table", *parts, cls=cls), cls="scroll")


def figure(chart: Chart, caption) -> Markup:
    """The chart's SVG with its caption, anchored as `fig-<key>` so a text can link to it."""
    return tag("figure", Markup(chart.svg), tag("figcaption", caption), cls="chart", id=f"fig-{chart.key}")


def details(summary: str, *content) -> Markup:
    """A collapsed block: `summary` shown, the content on a click."""
    return tag("details", tag("summary", summary), *content)


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    body: Markup


CSS = """
:root{--ink:#1a1a1a;--muted:#555;--rule:#d0d0d0;--band:#f4f6f8;--accent:#0057a3;--np:#767676}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);
 line-height:1.5;background:#fff}
body{margin:0 auto;max-width:74rem;padding:1.5rem 1.25rem 4rem}
h1{font-size:1.7rem;line-height:1.25;margin:0 0 .4rem}
h2{font-size:1.3rem;margin:2.6rem 0 .6rem;padding-top:.6rem;border-top:2px solid var(--rule)}
h3{font-size:1.05rem;margin:1.6rem 0 .4rem}
p,li{max-width:48rem}
a{color:var(--accent)}
.lede{font-size:1.05rem;color:var(--muted);margin-top:0}
.keyfigures{background:var(--band);border-left:4px solid var(--accent);padding:.6rem 1rem;margin:1.2rem 0}
.keyfigures ul{margin:.3rem 0;padding-left:1.2rem}
.keyfigures h2,nav h2{border:0;margin:.4rem 0;padding:0;font-size:1.1rem}
nav ol{columns:2;max-width:48rem;padding-left:1.2rem}
figure.chart{margin:1.2rem 0;padding:0}
figure.chart svg{display:block;max-width:100%;height:auto}
figcaption{font-size:.9rem;color:var(--muted);max-width:52rem;margin-top:.4rem}
svg *{stroke-linejoin:round;stroke-linecap:butt}
svg text{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif}
.scroll{overflow-x:auto;margin:.6rem 0 1rem}
table{border-collapse:collapse;font-size:.85rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{padding:.25rem .55rem;border-bottom:1px solid var(--rule);vertical-align:top;text-align:left}
thead th{border-bottom:2px solid var(--ink);white-space:nowrap}
tbody tr:nth-child(even){background:var(--band)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.supp{font-weight:600}
.est{font-style:italic;color:var(--muted)}
.np{color:var(--np)}
td.text{text-align:left;white-space:normal;max-width:24rem}
.note{font-size:.9rem;color:var(--muted)}
details{margin:.6rem 0}
summary{cursor:pointer;font-weight:600}
footer{margin-top:3rem;font-size:.85rem;color:var(--muted);border-top:1px solid var(--rule);padding-top:.8rem}
@media print{nav,summary{display:none}details{display:block}h2{break-before:page}figure{break-inside:avoid}}
"""


def render_page(title: str, lede, key_figures: Markup, sections: Sequence[Section], footer) -> str:
    """The whole HTML page as text: header with the key figures, a table of contents, one section per
    Section and the footer; styles inline, so the page is one self-contained file."""
    nav = tag(
        "nav", tag("h2", "Contents", id="contents"), tag("ol", *(tag("li", tag("a", s.heading, href=f"#{s.id}")) for s in sections)), aria_label="Contents"
    )
    body = [
        tag("header", tag("h1", title), p(lede, cls="lede"), key_figures),
        nav,
        tag("main", *(tag("section", tag("h2", s.heading, id=s.id), s.body, aria_labelledby=s.id) for s in sections)),
        tag("footer", footer),
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
