"""Generator of police 'serious crimes' bulletins (Caribbean forces) where trafficking in persons is
one offence row among many, with the truth a careful statistician would store: the trafficking
row's reported/recorded counts as cases_investigated, its arrests as persons_investigated, its
charges as persons_prosecuted; never 'Cleared up'/'Detected', '% change', another offence's row or
the total of all crimes."""

from __future__ import annotations

import random

CRIMES = ["Murder", "Shooting", "Rape", "Robbery", "Break-in", "Larceny", "Aggravated assault", "Carnal abuse"]
YEARS = (2021, 2022)


def _rows(rnd: random.Random, tip_label: str, n_cols: int) -> list[tuple[str, list[int]]]:
    offences = rnd.sample(CRIMES, 5)
    offences.insert(rnd.randint(1, len(offences)), tip_label)  # never first: a row among many
    return [(o, [rnd.randint(0, 40) if o == tip_label else rnd.randint(5, 900) for _ in range(n_cols)]) for o in offences]


def plain_years(seed: int, title: str, tip_label: str, change: bool, footnote: str | None, change_word: str = "% change", marker: bool = False):
    """Offence | 2021 | 2022 [| % change], a Total row, perhaps a footnote under the table (and its
    marker after the trafficking row's last figure, '7*')."""
    rnd = random.Random(seed)
    header = ["Offence", *map(str, YEARS)] + ([change_word] if change else [])
    body = _rows(rnd, tip_label, len(YEARS))
    rows = [[title], [], header]
    truth = {}
    for offence, values in body:
        extra = [round(100 * (values[1] - values[0]) / values[0], 1) if values[0] else None] if change else []
        written = [*values[:-1], f"{values[-1]}*"] if marker and offence == tip_label else values
        rows.append([offence, *written, *extra])
        if offence == tip_label:
            truth = {("cases_investigated", y): v for y, v in zip(YEARS, values)}
    totals = [sum(v[i] for _, v in body) for i in range(len(YEARS))]
    rows.append(["Total", *totals] + ([None] if change else []))
    if footnote:
        rows += [[], [footnote]]
    return rows, truth


SUB = {
    "Reported": "cases_investigated",
    "Recorded": "cases_investigated",
    "Arrests": "persons_investigated",
    "Persons arrested": "persons_investigated",
    "Charged": "persons_prosecuted",
    "Cleared up": None,
    "Detected": None,
}


def two_level(seed: int, title: str, tip_label: str, subs: list[str], corner_low: bool = False):
    """A year over each group of columns ('2021' spanning 'Reported | Cleared up | Arrests'); the
    corner 'Offence' on the upper or the lower header row."""
    rnd = random.Random(seed)
    top, low = (["", "Offence"] if corner_low else ["Offence", ""])[:1], (["Offence"] if corner_low else [""])
    for y in YEARS:
        for s in subs:
            top.append(str(y))
            low.append(s)
    body = _rows(rnd, tip_label, len(top) - 1)
    rows = [[title], top, low]
    truth = {}
    for offence, values in body:
        rows.append([offence, *values])
        if offence == tip_label:
            for (y, s), v in zip([(y, s) for y in YEARS for s in subs], values):
                if SUB[s]:
                    truth[(SUB[s], y)] = v
    rows.append(["Total", *[sum(v[i] for _, v in body) for i in range(len(top) - 1)]])
    return rows, truth


def bulletins():
    """(name, rows, truth) for each variant."""
    yield ("jamaica_serious", *plain_years(1, "Jamaica Constabulary Force - Serious crimes reported 2021-2022", "Trafficking in Persons", True, None))
    yield (
        "barbados_major",
        *plain_years(
            2, "Royal Barbados Police Force: Major crimes, 2021 and 2022", "Human trafficking", False, "* Figures are provisional. Source: Statistics Unit"
        ),
    )
    yield (
        "cayman_recorded",
        *plain_years(3, "Royal Cayman Islands Police Service - Offences recorded by the police, 2021-2022", "TIP", True, "Note: TIP = trafficking in persons"),
    )
    yield (
        "police_change_marker",
        *plain_years(
            6,
            "Crime statistics: serious crimes reported to the police",
            "Human Trafficking",
            True,
            "* under investigation at the time of print",
            "Change",
            True,
        ),
    )
    yield (
        "lucia_cleared",
        *two_level(4, "Royal Saint Lucia Police Force - Serious crimes 2021-2022", "Trafficking in persons", ["Reported", "Cleared up"], corner_low=True),
    )
    yield ("cayman_arrests", *two_level(5, "Reported crime statistics", "Human trafficking", ["Recorded", "Detected", "Arrests", "Charged"]))
