"""Police 'serious crimes' bulletins where trafficking is one offence row among many: only the
trafficking row is stored, counts reported/recorded as cases_investigated, arrests and charges as
their indicators; 'Cleared up'/'Detected', '% change', other offences and totals stay unread."""

from __future__ import annotations

import pytest

from tests.intake.police_crime_tables import bulletins
from tests.intake.test_layouts import k, read

CASES = list(bulletins())
# each bulletin read from its own country's folder: a title naming another member than the folder's
# sets the file aside (attack5 J-M)
FOLDER = {"barbados": "BRB", "cayman": "CYM", "lucia": "LCA"}


def _folder(name):
    return FOLDER.get(name.split("_")[0], "JAM")


@pytest.mark.parametrize("name, rows, truth", CASES, ids=[c[0] for c in CASES])
def test_the_trafficking_row_of_a_crime_bulletin(name, rows, truth):
    stored, q, _ = read(rows, folder=_folder(name))
    assert stored == {k(ind, y): v for (ind, y), v in truth.items()}, q


def test_a_cleared_up_column_is_not_victims_detected_nor_cases():
    _, rows, truth = next(c for c in CASES if c[0] == "lucia_cleared")
    stored, q, _ = read(rows, folder="LCA")
    assert {key[0] for key in stored} == {"cases_investigated"}
    r = next(i for i, row in enumerate(rows) if row and row[0] == "Trafficking in persons") + 1
    assert stored == {k(ind, y): v for (ind, y), v in truth.items()}, q
    assert "Cleared up" in q[f"C{r}"] and "Cleared up" in q[f"E{r}"]  # the trafficking row's: unread, with why


def test_an_indicator_in_the_title_is_not_overridden():
    # 'Persons arrested by offence': the title's indicator, not offences recorded
    rows = [["Persons arrested by offence, 2022"], ["Offence", "2022"], ["Murder", 40], ["Robbery", 30], ["Trafficking in persons", 3], ["Larceny", 20]]
    stored, q, _ = read(rows)
    assert k("cases_investigated", 2022) not in stored, stored


@pytest.mark.parametrize(
    "title",
    [
        "Serious crimes cleared up, 2021-2022",
        "Major crimes: detections 2021-2022",
        "Suspects by offence, 2021-2022",
        "Serious crimes reported January to June, 2021-2022",
        "Serious crimes: year to date (as at 30 June)",
        "Serious crimes, first quarter 2021 and 2022",
        "Serious crimes, Kingston Western Division 2021-2022",
        "Serious crimes, Saint Catherine 2021-2022",
        "Serious crimes per 100,000 population",
    ],
)
def test_a_title_counting_something_else_leaves_the_row_unread(title):
    rows = [[title], ["Offence", "2021", "2022"], ["Murder", 40, 41], ["Robbery", 30, 31], ["Trafficking in persons", 3, 4], ["Larceny", 20, 21]]
    stored, q, _ = read(rows)
    assert k("cases_investigated", 2021) not in stored and k("cases_investigated", 2022) not in stored, stored
