"""What went wrong in a submission, grouped and ordered for the sender, in their language, and a
ready-to-edit `mapping.suggested.yaml` for the labels that matched nothing.

Readers write one reason per cell. A sender needs the pattern: "12 cells by month: months are not
indicators, the yearly total was used", with the most important problems first (a clash, a table
set aside as not about trafficking, labels that matched nothing), not 400 rows in cell order."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ctip.feedback.words import problem_text
from ctip.schema import load_schema

# kind -> (importance: lower first, pattern on the English reason); the sentence for each kind, with
# {n} cells, is in schemas/lang/<language>.yaml (feedback.problems).
KINDS: list[tuple[str, int, re.Pattern]] = [
    ("clash", 1, re.compile(r"same figure is given .*different values|given \d[\d,]* times with different")),
    ("held_back", 1, re.compile(r"^held back from the public files")),
    ("other_country", 1, re.compile(r"names another member country")),
    ("above_population", 1, re.compile(r"more than the population of")),
    ("formula", 2, re.compile(r"^formula without a computed value")),
    ("running_total", 4, re.compile(r"are running sums over the years")),
    ("not_trafficking", 2, re.compile(r"not trafficking in persons|does not say it is about trafficking")),
    ("unknown_label", 3, re.compile(r"matches no indicator|is not a known dimension value|not a known value|names several indicators")),
    ("unknown_partner", 3, re.compile(r"not a country in the partner names|stands where a country of citizenship")),
    ("no_year", 4, re.compile(r"no year|several years|names \d{4} but the sheet")),
    ("ongoing_year", 4, re.compile(r"was not over when this file was read")),
    ("part_year", 4, re.compile(r"cover part of a year")),
    ("not_recorded", 4, re.compile(r"target, projection or estimate|targets, projections or estimates")),
    ("place", 5, re.compile(r"place inside the country")),
    ("nationality", 6, re.compile(r"one nationality")),
    ("category", 6, re.compile(r"a category the network does not collect")),
    ("total", 7, re.compile(r"total|adds up")),
    ("month", 8, re.compile(r"month or quarter")),
    ("fiscal", 9, re.compile(r"financial year or a range")),
    ("rate", 10, re.compile(r"percentage|rate")),
    ("not_count", 11, re.compile(r"not a count|whole number|negative|yes/no")),
    ("not_indicator", 12, re.compile(r"not one of the network's indicators|names a breakdown, not an indicator")),
    ("mapping", 13, re.compile(r"mapping file asks")),
    ("future", 14, re.compile(r"in the future|first year of the series")),
]


@dataclass
class ProblemGroup:
    kind: str
    rank: int
    n: int
    text: str  # the sentence in the submission's language
    example: str  # one cell and its label, as written


def kind_of(reason: str) -> tuple[str, int]:
    """(kind, rank) of an English quarantine reason, by the first KINDS pattern it matches (lower rank
    is told first); ("other", 99) when none matches."""
    for kind, rank, pattern in KINDS:
        if pattern.search(reason):
            return kind, rank
    return "other", 99


def sentence(kind: str, lang: str, n: int) -> str:
    """The sentence telling the sender about `n` cells with this kind of problem, in `lang`."""
    return problem_text(kind, lang).format(n=n)


def group_problems(quarantine: pd.DataFrame, lang: str) -> list[ProblemGroup]:
    """Quarantine rows grouped by kind of problem, the most important first."""
    if quarantine is None or len(quarantine) == 0:
        return []
    groups: dict[str, ProblemGroup] = {}
    for reason, sheet, cell, label in zip(
        quarantine["reason"].astype(str), quarantine["source_sheet"].astype(str), quarantine["source_cell"].astype(str), quarantine["raw_label"].astype(str)
    ):
        kind, rank = kind_of(reason)
        g = groups.get(kind)
        if g is None:
            groups[kind] = ProblemGroup(kind, rank, 1, "", f"{sheet}!{cell} '{label.split(' | ')[0][:60]}'")
        else:
            g.n += 1
    out = sorted(groups.values(), key=lambda g: (g.rank, -g.n))
    for g in out:
        g.text = sentence(g.kind, lang, g.n)
    return out


_QUOTED_LABEL = re.compile(r"^'(.*)' matches no indicator")
_CLOSEST = re.compile(r"([a-z_]+) \('([^']*)', (\d+)%\)")


def suggested_mapping(quarantine: pd.DataFrame, source_file: str) -> str | None:
    """YAML for the labels that matched nothing, each with its closest indicators as comments.
    The target written is 'ignore' (safe to copy as is); the sender replaces it with the right one."""
    if quarantine is None or len(quarantine) == 0:
        return None
    seen: dict[str, list[str]] = {}
    for reason in quarantine["reason"].astype(str):
        m = _QUOTED_LABEL.match(reason)
        if not m or m.group(1) in seen:
            continue
        closest = [f"{code} (like '{term}', {score}%)" for code, term, score in _CLOSEST.findall(reason)]
        seen[m.group(1)] = closest
        if len(seen) >= 200:
            break
    if not seen:
        return None
    schema = load_schema()
    codes = list(schema.indicators)  # the indicator codes, and an example label with a breakdown
    example = f"{schema.role('headline')}, sex:{schema.code('female_sex')}"
    lines = [
        "# mapping.suggested.yaml: labels of this file that matched no indicator of the network.",
        f"# File: {_yaml_comment(source_file)}",
        f"# To use it: for each label, replace 'ignore' with the indicator it counts (one of: {codes[0]},",
        f"# {', '.join(codes[1:])}),",
        f"# with breakdown values if the label carries them (\"{example}\"), or keep 'ignore'",
        "# when it is not one of them. Save it as mapping.yaml in the country's folder next to the file (add",
        "# these lines to an existing mapping.yaml), and send the file again.",
        "labels:",
    ]
    for label, closest in seen.items():
        lines.append(f"  {_yaml_string(label)}: ignore" + (f"   # closest: {_yaml_comment(', '.join(closest))}" if closest else ""))
    return "\n".join(lines) + "\n"


def detail(kind: str, lang: str, reason: str) -> str:
    """One cell's reason in the submission's language (English keeps the reader's exact words)."""
    if lang == "en" or kind == "other":
        return reason
    text = re.sub(r"^\{n\} \S+ ", "", problem_text(kind, lang) if any(k == kind for k, _, _ in KINDS) else "{n} x ")
    return text[:1].upper() + text[1:]


def _yaml_string(text: str) -> str:
    s = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", "?", " ".join(str(text).split()))[:200]
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml_comment(text: str) -> str:
    return " ".join(str(text).replace("#", " ").split())[:300]
