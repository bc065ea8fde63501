"""Fixture builders for Haiti, writing in French."""

from __future__ import annotations

from pathlib import Path

from .fixtures import Book, Fixture, Series, key
from .indicators import PC, PI, PP, A, V, sex_split


def hti_wide_sex_title_year(raw: Path) -> Fixture:
    """xls: Femmes / Hommes / Total, the year in the title, a grand Total row."""
    b = Book("hti_wide_sex_title_year", "Haïti", "statistiques_traite.xls", "HTI", ("wide_dims", "year_in_title", "grand_total", "fr", "xls"))
    s = b.sheet("Tableau 1")
    s.row("RÉPUBLIQUE D'HAÏTI")
    s.row("Comité National de Lutte contre la Traite des Personnes (CNLTP)")
    s.row("Statistiques de la traite des personnes – année 2022", None, None, None)
    s.merge("A3:D3")
    s.blank()
    s.row("Indicateur", "Femmes", "Hommes", "Total")
    n = Series(3)
    grand = [0, 0, 0]
    for label, ind in (("Victimes identifiées", V), ("Victimes assistées", A), ("Personnes poursuivies", PP), ("Personnes condamnées", PC)):
        r = s.row(label)
        f, m, t = sex_split(n, 0, 20)
        for j, (v, sex) in enumerate(((f, "female"), (m, "male"), (t, "total"))):
            grand[j] += v
            s.put(r, 1 + j, v, key(ind, 2022, sex))
    r = s.row("Total")
    for j in range(3):
        s.noise(r, 1 + j, grand[j])
    s.blank()
    s.row("Source : CNLTP, rapport de 2023.")
    return b.save(raw)


def hti_sheet_name_year(raw: Path) -> Fixture:
    """One sheet per year named 'Année 2021'; Filles / Garçons / Femmes / Hommes."""
    b = Book("hti_sheet_name_year", "Haïti", "donnees_2021_2022.xlsx", "HTI", ("sheet_per_year", "year_in_sheet_name", "compounds", "wide_dims", "fr", "xlsx"))
    n = Series(13)
    for year in (2021, 2022):
        s = b.sheet(f"Année {year}")
        s.row("Indicateur", "Filles", "Garçons", "Femmes", "Hommes", "Total")
        for label, ind in (("Victimes identifiées", V), ("Victimes assistées", A)):
            r = s.row(label)
            vals = [n(0, 6) for _ in range(4)]
            for col, (v, sex, age) in enumerate(zip(vals, ("female", "male", "female", "male"), ("child", "child", "adult", "adult")), start=1):
                s.put(r, col, v, key(ind, year, sex, age))
            s.put(r, 5, sum(vals), key(ind, year))
    return b.save(raw)


def hti_txt_cp1252(raw: Path) -> Fixture:
    """cp1252 text with commas, accents; a Total column over the years is not stored."""
    b = Book(
        "hti_txt_cp1252", "Haïti", "tableau_annuel.txt", "HTI", ("wide_years", "total_column_years", "fr", "txt", "cp1252"), delimiter=",", encoding="cp1252"
    )
    s = b.sheet("tableau_annuel")
    s.row("Tableau 2 : Victimes et poursuites, 2020-2022")
    s.row("Indicateur", 2020, 2021, 2022, "Total")
    n = Series(18)
    for label, ind in (("Victimes identifiées", V), ("Victimes assistées", A), ("Personnes poursuivies", PP), ("Personnes mises en cause", PI)):
        r = s.row(label)
        total = 0
        for j, y in enumerate((2020, 2021, 2022)):
            v = n(0, 25)
            total += v
            s.put(r, 1 + j, v, key(ind, y))
        s.put(r, 4, total, None)
    return b.save(raw)


def hti_long_csv(raw: Path) -> Fixture:
    """A long table in French: Indicateur, Année, Sexe, Âge, Valeur."""
    b = Book("hti_long_csv", "Haïti", "hti_long.csv", "HTI", ("long", "fr", "csv", "utf-8"), delimiter=",", encoding="utf-8")
    s = b.sheet("hti_long")
    s.row("Indicateur", "Année", "Sexe", "Âge", "Valeur")
    n = Series(29)
    for y in (2021, 2022):
        cells = {(sex, age): n(0, 10) for sex in ("female", "male") for age in ("child", "adult")}
        for sex in ("female", "male"):
            cells[(sex, "total")] = cells[(sex, "child")] + cells[(sex, "adult")]
        for age in ("child", "adult", "total"):
            cells[("total", age)] = cells[("female", age)] + cells[("male", age)]
        for sex_label, sex in (("Femmes", "female"), ("Hommes", "male"), ("Total", "total")):
            for age_label, age in (("Mineurs", "child"), ("Majeurs", "adult"), ("Total", "total")):
                r = s.row("Victimes identifiées", y, sex_label, age_label)
                s.put(r, 4, cells[(sex, age)], key(V, y, sex, age))
        r = s.row("Personnes condamnées", y, "Total", "Total")
        s.put(r, 4, n(0, 5), key(PC, y))
        r = s.row("Appels à la ligne d'urgence", y, "Total", "Total")
        s.noise(r, 4, 250)
    return b.save(raw)
