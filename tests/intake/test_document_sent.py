"""attack5 J-G (and attack6 K-L, at the end), wrong year: a line saying when the document was sent or received ("Submitted to CMC
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


# attack6 K-L: a reference of letters and numbers, a submission or reply line and the year of the US TIP
# Report gave their year to year-less figures.
REFERENCES = [
    ["Cabinet Note CN-2023-091", "Victims identified"],
    ["File No. MNS-2023-091", "Victims identified"],
    ["Victims identified", "Our ref. MNS/091/2023"],
    ["2023 TIP Report submission", "Victims identified"],
    ["Victims identified for the 2023 TIP Report"],
    ["Submission to the CMC Secretariat, 2023", "Victims identified"],
    ["Response to questionnaire of 2023", "Victims identified"],
    ["Víctimas identificadas", "Respuesta al cuestionario de 2023"],
    ["Víctimas identificadas - Informe TIP 2023"],
    ["Victimes identifiées", "Réponse au questionnaire, 2023"],
    ["Victimes identifiées", "Soumission au Secrétariat, 2023"],
    ["Slachtoffers", "Antwoord op de vragenlijst 2023"],
    ["Slachtoffers", "Inzending aan het secretariaat, 2023"],
]


@pytest.mark.parametrize("title_rows", REFERENCES, ids=lambda t: " / ".join(t)[:40])
def test_a_reference_or_a_submission_line_gives_the_figures_no_year(title_rows):
    rows, _ = _table(title_rows, seed=len(title_rows[0]))
    stored, q, _ = read(rows)
    assert stored == {}, (title_rows, stored)
    first = len(title_rows) + 2
    assert all("no year" in q[f"B{r}"] for r in range(first, first + 3)), q


@pytest.mark.parametrize(
    "title",
    [
        "Annual report 2022",
        "Trafficking in persons statistics 2022",
        "Grenada TIP questionnaire 2022 (final)",
        "Questionnaire 2022",
        "Victims identified, 2022 (report no. 4)",
        "Submission for 2022",
    ],
)
def test_a_report_or_questionnaire_keeps_its_year(title):
    assert year_in_text(title) == 2022, title
