"""Issue 8, class 2: labels written in two languages joined by ' / ' are read when either half is
understood and the halves do not contradict (Papiamentu beside Dutch included); halves naming two
indicators ('Persons indicted / convicted') are not read. Generated with known truth."""

from __future__ import annotations

import random

from tests.intake.test_layouts import k, read

# (label, truth key without year) -- None: the row must be reported, never stored
ROWS = [
    ("Onderzoeken gestart / Investigations opened", ("cases_investigated",)),
    ("Persons indicted / convicted", None),
    ("Slachtoffers geïdentificeerd / Victims identified", ("victims_detected",)),
]
SEX_ROWS = [
    ("Slachtoffers / Viktimanan", {}),
    ("dont filles / of whom girls", {"sex": "female", "age": "child"}),
    ("waarvan jongens / di kual mucha homber", {"sex": "male", "age": "child"}),
]


def test_two_languages_in_one_label():
    rnd = random.Random(8)
    rows = [["Mensenhandel / Trafficking in persons 2022"], ["", "Totaal / Total"]]
    truth = {}
    for label, key in ROWS:
        v = rnd.randint(1, 40)
        rows.append([label, v])
        if key:
            truth[k(key[0], 2022)] = v
    stored, q, _ = read(rows)
    assert stored == truth, q
    assert "B4" in q  # indicted / convicted: two indicators


def test_breakdown_rows_and_columns_in_two_languages():
    rnd = random.Random(9)
    rows = [["Slachtoffers mensenhandel / Victims of trafficking 2022"], ["", "Vrouwen / Women", "Mannen / Men", "Totaal / Total"]]
    truth = {}
    for label, dims in SEX_ROWS:
        f, m = rnd.randint(0, 9), rnd.randint(0, 9)
        if dims.get("sex") == "female":
            m = 0
        if dims.get("sex") == "male":
            f = 0
        rows.append([label, f, m, f + m])
        for sex, v in (("female", f), ("male", m), ("total", f + m)):
            if dims.get("sex", sex) != sex and sex != "total":
                continue
            truth[k("victims_detected", 2022, **({"sex": sex, "age": "total"} | dims))] = v
    stored, q, _ = read(rows)
    for key, v in truth.items():
        if key[2] in ("female", "male") and key[3] == "child":
            continue  # a row's sex beside the other sex's column is a contradiction (reported)
        assert stored.get(key) == v, (key, q)
    assert all(stored[key] == truth[key] for key in stored)


def test_national_total_in_two_languages():
    rows = [["Victims identified, 2022"], ["Province / Provincia", "Total"], ["North / Norte", 3], ["South / Sur", 4], ["Country total / Total del país", 7]]
    stored, q, _ = read(rows)
    assert stored == {k("victims_detected", 2022): 7}, q
