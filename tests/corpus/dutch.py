"""Fixture builders for members writing in Dutch (Suriname, Curaçao, Aruba, Sint Maarten)."""

from __future__ import annotations

from pathlib import Path

from .fixtures import NA, NIL, Book, Fixture, Series, Style, key
from .indicators import CI, PC, PI, PP, A, V, sex_split
from .writers import Formula


def sur_transposed_ods(raw: Path) -> Fixture:
    """ods: years as rows, a notes column, a Totaal row over the years."""
    b = Book("sur_transposed_ods", "Suriname", "mensenhandel_cijfers.ods", "SUR", ("transposed", "notes_column", "total_row_years", "markers", "nl", "ods"))
    s = b.sheet("Cijfers")
    s.row("Republiek Suriname – Ministerie van Justitie en Politie")
    s.row("Mensenhandel: kerncijfers 2018-2023")
    s.blank()
    s.row("Jaar", "Geïdentificeerde slachtoffers", "Vervolgde verdachten", "Veroordeelde personen", "Opmerkingen")
    n = Series(4)
    sums = [0, 0, 0]
    for y in range(2018, 2024):
        r = s.row(y)
        for j, ind in enumerate((V, PP, PC)):
            v = n(0, 12)
            if (y, j) == (2019, 2):
                v = NIL
            if (y, j) == (2018, 1):
                v = NA
            sums[j] += v if isinstance(v, int) else 0
            s.put(r, 1 + j, v, key(ind, y))
        if y == 2023:
            s.rows[r].append("voorlopig")
    r = s.row("Totaal")
    for j in range(3):
        s.noise(r, 1 + j, sums[j])
    return b.save(raw)


def cuw_long_csv_cp1252(raw: Path) -> Fixture:
    """A long table in Dutch, semicolons, cp1252, '.' as thousands separator."""
    b = Book(
        "cuw_long_csv_cp1252",
        "Curaçao",
        "cuw_mensenhandel_2022.csv",
        "CUW",
        ("long", "thousands", "nl", "csv", "cp1252", "semicolon"),
        style=Style(thousands="."),
        delimiter=";",
        encoding="cp1252",
    )
    s = b.sheet("cuw_mensenhandel_2022")
    s.row("Jaar", "Indicator", "Geslacht", "Aantal")
    n = Series(5)
    for y in (2021, 2022):
        f, m, t = sex_split(n, 0, 10)
        for sex_label, sex, v in (("Vrouwen", "female", f), ("Mannen", "male", m), ("Totaal", "total", t)):
            r = s.row(y, "Geïdentificeerde slachtoffers", sex_label)
            s.put(r, 3, v, key(V, y, sex))
        r = s.row(y, "Vervolgde verdachten", "Totaal")
        s.put(r, 3, n(0, 6), key(PP, y))
        r = s.row(y, "Onderzochte zaken", None)
        s.put(r, 3, n(1, 8), key(CI, y))
    r = s.row(2022, "Ondersteunde slachtoffers", "Totaal")
    s.put(r, 3, 1234, key(A, 2022))
    return b.save(raw)


def abw_ods_formulas(raw: Path) -> Fixture:
    """ods with formula totals (values cached by the program), the year in the title."""
    b = Book("abw_ods_formulas", "ABW", "aruba_mensenhandel.ods", "ABW", ("wide_dims", "formulas", "year_in_title", "nl", "ods"))
    s = b.sheet("Blad1")
    s.row("Cijfers mensenhandel Aruba 2022")
    s.blank()
    s.row("Indicator", "Vrouwen", "Mannen", "Totaal")
    n = Series(19)
    for label, ind in (("Geïdentificeerde slachtoffers", V), ("Ondersteunde slachtoffers", A), ("Vervolgde verdachten", PP), ("Veroordeelde personen", PC)):
        r = s.row(label)
        f, m, t = sex_split(n, 0, 7)
        s.put(r, 1, f, key(ind, 2022, "female"))
        s.put(r, 2, m, key(ind, 2022, "male"))
        s.put(r, 3, Formula(f"=B{r + 1}+C{r + 1}", t), key(ind, 2022))
    return b.save(raw)


def sxm_year_column(raw: Path) -> Fixture:
    """Wide by sex with a year column written once per group of rows (merged down)."""
    b = Book("sxm_year_column", "SXM", "sint_maarten_2021_2023.xlsx", "SXM", ("wide_dims", "year_column", "merged", "nl", "xlsx"))
    s = b.sheet("Gegevens")
    s.row("Sint Maarten – Ministerie van Justitie, Bureau Mensenhandel")
    s.row("Jaar", "Indicator", "Vrouwen", "Mannen", "Totaal")
    n = Series(25)
    for y in (2021, 2022, 2023):
        first = None
        for label, ind in (("Geïdentificeerde slachtoffers", V), ("Vervolgde verdachten", PP), ("Veroordeelde personen", PC)):
            r = s.row(y if first is None else None, label)
            first = r if first is None else first
            f, m, t = sex_split(n, 0, 5)
            s.put(r, 2, f, key(ind, y, "female"))
            s.put(r, 3, m, key(ind, y, "male"))
            s.put(r, 4, t, key(ind, y))
        s.merge(f"A{first + 1}:A{r + 1}")
    return b.save(raw)


def sur_dutch_labels(raw: Path) -> Fixture:
    """Dutch labels: 'waarvan' rows, '- jongens', '(mannen)'."""
    b = Book("sur_dutch_labels", "Suriname", "sur_labels_2021_2022.xlsx", "SUR", ("wide_years", "of_which", "dimension_in_label", "compounds", "nl", "xlsx"))
    s = b.sheet("Overzicht")
    s.row("Omschrijving", 2021, 2022)
    n = Series(30)
    r = s.row("Geïdentificeerde slachtoffers")
    tot = {}
    for j, y in enumerate((2021, 2022)):
        tot[y] = n(10, 30)
        s.put(r, 1 + j, tot[y], key(V, y))
    male = {}
    for label, sex in (("waarvan vrouwen", "female"), ("waarvan mannen", "male")):
        r = s.row(label)
        for j, y in enumerate((2021, 2022)):
            v = n(0, tot[y] // 2)
            male[y] = v
            s.put(r, 1 + j, v, key(V, y, sex))
    r = s.row("Geïdentificeerde slachtoffers - jongens")
    for j, y in enumerate((2021, 2022)):
        s.put(r, 1 + j, n(0, male[y]), key(V, y, "male", "child"))
    for label, ind, dims in (
        ("Vervolgde verdachten (mannen)", PP, {"sex": "male"}),
        ("Vervolgde verdachten (vrouwen)", PP, {"sex": "female"}),
        ("Veroordeelde personen", PC, {}),
    ):
        r = s.row(label)
        for j, y in enumerate((2021, 2022)):
            s.put(r, 1 + j, n(0, 6), key(ind, y, **dims))
    r = s.row("Telefoontjes hulplijn")
    s.noise(r, 1, 35)
    s.noise(r, 2, 41)
    return b.save(raw)


def abw_flattened_header(raw: Path) -> Fixture:
    """A two-row header flattened into one by an export: '2021 Vrouwen', '2021 Mannen'."""
    b = Book("abw_flattened_header", "ABW", "aruba_2021_2022.csv", "ABW", ("wide_years", "flattened_header", "nl", "csv"), delimiter=",", encoding="utf-8")
    s = b.sheet("aruba_2021_2022")
    s.row("Indicator", "2021 Vrouwen", "2021 Mannen", "2021 Totaal", "2022 Vrouwen", "2022 Mannen", "2022 Totaal")
    n = Series(36)
    for label, ind in (("Geïdentificeerde slachtoffers", V), ("Vervolgde verdachten", PP)):
        r = s.row(label)
        for j, y in enumerate((2021, 2022)):
            f, m, t = sex_split(n, 0, 6)
            s.put(r, 1 + 3 * j, f, key(ind, y, "female"))
            s.put(r, 2 + 3 * j, m, key(ind, y, "male"))
            s.put(r, 3 + 3 * j, t, key(ind, y))
    return b.save(raw)


def cuw_unknown_sex(raw: Path) -> Fixture:
    """'Onbekend' (unknown) beside Vrouwen / Mannen is sex unknown; the year in the title."""
    b = Book("cuw_unknown_sex", "Curaçao", "curacao_geslacht.xlsx", "CUW", ("wide_dims", "unknown_category", "year_in_title", "nl", "xlsx"))
    s = b.sheet("Geslacht")
    s.row("Mensenhandel Curaçao 2022 – slachtoffers en verdachten naar geslacht")
    s.row("Indicator", "Vrouwen", "Mannen", "Onbekend", "Totaal")
    n = Series(37)
    for label, ind in (("Geïdentificeerde slachtoffers", V), ("Onderzochte verdachten", PI)):
        r = s.row(label)
        vals = [n(0, 8), n(0, 8), n(0, 2)]
        for col, (v, sex) in enumerate(zip(vals, ("female", "male", "unknown")), start=1):
            s.put(r, col, v, key(ind, 2022, sex))
        s.put(r, 4, sum(vals), key(ind, 2022))
    return b.save(raw)


def sur_ods_two_row_unmerged(raw: Path) -> Fixture:
    """ods without merged cells: a year over Vrouwen / Mannen / Totaal, spans inferred; a trailing Totaal."""
    b = Book(
        "sur_ods_two_row_unmerged",
        "Suriname",
        "sur_2021_2022_geslacht.ods",
        "SUR",
        ("wide_years", "two_row_header", "unmerged", "total_column_years", "nl", "ods"),
    )
    s = b.sheet("Geslacht")
    s.row("Slachtoffers en vervolgingen naar geslacht")
    s.row(None, 2021, None, None, 2022, None, None, None)
    s.row("Indicator", "Vrouwen", "Mannen", "Totaal", "Vrouwen", "Mannen", "Totaal", "Totaal")
    n = Series(38)
    for label, ind in (("Geïdentificeerde slachtoffers", V), ("Vervolgde verdachten", PP)):
        r = s.row(label)
        grand = 0
        for j, y in enumerate((2021, 2022)):
            f, m, t = sex_split(n, 0, 6)
            grand += t
            s.put(r, 1 + 3 * j, f, key(ind, y, "female"))
            s.put(r, 2 + 3 * j, m, key(ind, y, "male"))
            s.put(r, 3 + 3 * j, t, key(ind, y))
        s.put(r, 7, grand, None)
    return b.save(raw)
