"""attack5 J-G, wrong year: a line saying when the document was sent or received ("Submitted to CMC
Secretariat in 2023", "Sent to the Secretariat: 2023", "Received 2023"), a letter's reference number
("ref. 2023/045", "Oficio No. 2023-0452"), "Annual Report 2023 (data for previous year)" or a cell
'Date:' beside a date shown as its year gave its year to year-less figures. None of them is the
figures' year: set aside for lack of one, as "Date submitted: 15 March 2023" already was. Figures are
drawn at random, so the truth is known."""

from __future__ import annotations

import random

import pytest

from ctip.intake.layouts.headers import year_in_text
from tests.intake.test_layouts import k, read

LINES = [
    ["Victims identified", "Submitted to CMC Secretariat in 2023"],
    ["Victims identified", "Sent to the Secretariat: 2023"],
    ["Victims identified", "Received 2023"],
    ["Victims identified (ref. 2023/045)"],
    ["Víctimas identificadas", "Oficio No. 2023-0452"],
    ["Victims identified - Annual Report 2023 (data for previous year)"],
    ["Victimes identifiées", "Transmis au Secrétariat en 2023"],
    ["Slachtoffers", "Verzonden aan het secretariaat: 2023"],
]


def _table(title_rows: list, seed: int):
    rnd = random.Random(seed)
    f, m = rnd.randint(1, 40), rnd.randint(1, 40)
    return [[t] for t in title_rows] + [["Sex", "Number"], ["Female", f], ["Male", m], ["Total", f + m]], (f, m)


@pytest.mark.parametrize("title_rows", LINES, ids=lambda t: t[-1][:30])
def test_a_sending_line_or_a_reference_gives_the_figures_no_year(title_rows):
    rows, _ = _table(title_rows, seed=len(title_rows[-1]))
    stored, q, _ = read(rows)
    assert stored == {}, (title_rows, stored)
    first = len(title_rows) + 2
    assert all("no year" in q[f"B{r}"] for r in range(first, first + 3)), q


def test_a_date_cell_beside_its_label_gives_the_figures_no_year():
    rows, _ = _table(["Victims identified"], seed=3)
    rows.insert(1, ["Date:", 2023])  # a date formatted yyyy is read as the year 2023 (read._YearDates)
    stored, q, _ = read(rows)
    assert stored == {}, stored
    assert all("no year" in q[c] for c in ("B4", "B5", "B6")), q


@pytest.mark.parametrize(
    "title",
    [
        "Victims identified 2021",
        "Victims who received assistance, 2021",
        "Reference year: 2021",
        "Año de referencia 2021",
        "Submitted for 2021",
        "Victims identified, 2019-2021",
    ],
)
def test_a_year_of_the_figures_is_still_read(title):
    want = None if "2019" in title else 2021
    assert year_in_text(title) == want, title


def test_a_bare_year_under_a_sending_line_gives_the_year():
    rows, (f, m) = _table(["Victims identified 2022", "Submitted to CMC Secretariat in 2023"], seed=9)
    stored, _, _ = read(rows)
    assert stored == {k("victims_detected", 2022, "female"): f, k("victims_detected", 2022, "male"): m, k("victims_detected", 2022): f + m}
