"""Fixture builders for members writing in Spanish (Dominican Republic, Cuba)."""

from __future__ import annotations

from pathlib import Path

from .fixtures import NA, NIL, Book, Fixture, Series, Style, key
from .indicators import PC, PP, A, V


def dom_wide_years_banner(raw: Path) -> Fixture:
    """Banner, numbered rows, a block with Mujeres / Hombres / Total, markers, footnotes."""
    b = Book(
        "dom_wide_years_banner",
        "República Dominicana",
        "estadisticas_trata_RD.xlsx",
        "DOM",
        ("wide_years", "banner", "numbering", "block_per_indicator", "total_row", "markers", "thousands", "es", "xlsx"),
        style=Style(na="N/D", nil="-", sup="<5", thousands="."),
    )
    s = b.sheet("Datos")
    s.row("REPÚBLICA DOMINICANA")
    s.row("Procuraduría Especializada contra el Tráfico Ilícito de Migrantes y la Trata de Personas (PETT)")
    s.row("Estadísticas de trata de personas, 2019–2023")
    s.blank()
    years = list(range(2019, 2024))
    s.row("Indicador", *years)
    n = Series(2)
    s.row("1. Víctimas identificadas")
    fem = [1050, n(5, 20), n(5, 20), n(5, 20), n(5, 20)]
    mal = [n(1, 10) for _ in years]
    r = s.row("   a) Mujeres")
    for j, y in enumerate(years):
        s.put(r, 1 + j, fem[j], key(V, y, "female"))
    r = s.row("   b) Hombres")
    for j, y in enumerate(years):
        s.put(r, 1 + j, mal[j], key(V, y, "male"))
    r = s.row("   Total")
    for j, y in enumerate(years):
        s.put(r, 1 + j, fem[j] + mal[j], key(V, y))
    r = s.row("2. Personas procesadas")
    for j, y in enumerate(years):
        s.put(r, 1 + j, NA if j == 0 else n(2, 15), key(PP, y))
    r = s.row("3. Personas condenadas")
    for j, y in enumerate(years):
        s.put(r, 1 + j, NIL if j in (0, 2) else n(1, 6), key(PC, y))
    r = s.row("4. Llamadas a la línea directa")
    for j in range(len(years)):
        s.noise(r, 1 + j, f"{n(1000, 3000):,}".replace(",", "."))
    s.blank()
    s.row("Fuente: Procuraduría General de la República.")
    s.row("N/D: no disponible; -: cero.")
    return b.save(raw)


def cub_sheet_per_year(raw: Path) -> Fixture:
    """One sheet per year; Niñas / Niños / Mujeres / Hombres (adult women and men beside girls and boys)."""
    b = Book("cub_sheet_per_year", "CUB", "cuba_datos_trata.xlsx", "CUB", ("sheet_per_year", "year_in_sheet_name", "compounds", "wide_dims", "es", "xlsx"))
    n = Series(10)
    for year in (2021, 2022, 2023):
        s = b.sheet(str(year))
        s.row("República de Cuba – Ministerio de Justicia")
        s.row("Víctimas y personas procesadas por sexo y edad")
        s.row("Indicador", "Niñas", "Niños", "Mujeres", "Hombres", "Total")
        for label, ind in (("Víctimas identificadas", V), ("Víctimas asistidas", A), ("Personas procesadas", PP)):
            r = s.row(label)
            vals = [n(0, 5) for _ in range(4)]
            for col, (v, sex, age) in enumerate(zip(vals, ("female", "male", "female", "male"), ("child", "child", "adult", "adult")), start=1):
                s.put(r, col, v, key(ind, year, sex, age))
            s.put(r, 5, sum(vals), key(ind, year))
    return b.save(raw)


def dom_several_sheet_kinds(raw: Path) -> Fixture:
    """Cover, a wide table by form of exploitation, a transposed table, notes and a chart sheet."""
    b = Book(
        "dom_several_sheet_kinds",
        "República Dominicana",
        "informe_anual_2022.xlsx",
        "DOM",
        ("several_sheets", "notes_sheet", "chart_sheet", "title_indicator", "transposed", "wide_years", "es", "xlsx"),
    )
    cover = b.sheet("Portada")
    cover.row("Informe anual sobre trata de personas 2022")
    cover.row("Preparado por: Comisión Interinstitucional contra la Trata de Personas y el Tráfico Ilícito de Migrantes")
    cover.row("Fecha: 15 de marzo de 2023")
    s = b.sheet("Víctimas")
    s.row("Víctimas identificadas según forma de explotación")
    s.row("Forma de explotación", 2020, 2021, 2022)
    n = Series(11)
    totals = {2020: 0, 2021: 0, 2022: 0}
    for label, expl in (("Explotación sexual", "sexual"), ("Trabajo forzoso", "labour"), ("Otras formas de explotación", "other")):
        r = s.row(label)
        for j, y in enumerate((2020, 2021, 2022)):
            v = n(0, 20)
            totals[y] += v
            s.put(r, 1 + j, v, key(V, y, expl=expl))
    r = s.row("Total")
    for j, y in enumerate((2020, 2021, 2022)):
        s.put(r, 1 + j, totals[y], key(V, y))
    p = b.sheet("Procesamientos")
    p.row("Año", "Personas procesadas", "Personas condenadas")
    for y in (2020, 2021, 2022):
        r = p.row(y)
        p.put(r, 1, n(3, 20), key(PP, y))
        p.put(r, 2, n(0, 8), key(PC, y))
    notes = b.sheet("Notas")
    notes.row("Notas")
    notes.row(1, "Las cifras de 2022 son preliminares.")
    notes.row(2, "Fuente: Procuraduría General de la República.")
    b.sheet("Gráfico", chart=True)
    return b.save(raw)


def cub_csv_bom_transposed(raw: Path) -> Fixture:
    """UTF-8 with BOM, semicolons; years as rows; a Total row over the years is not stored."""
    b = Book(
        "cub_csv_bom_transposed",
        "CUB",
        "series_trata.csv",
        "CUB",
        ("transposed", "total_row_years", "es", "csv", "utf-8-sig", "semicolon"),
        delimiter=";",
        encoding="utf-8-sig",
    )
    s = b.sheet("series_trata")
    s.row("Año", "Víctimas identificadas", "Personas procesadas", "Personas condenadas")
    n = Series(17)
    sums = [0, 0, 0]
    for y in range(2017, 2023):
        r = s.row(y)
        for j, ind in enumerate((V, PP, PC)):
            v = n(0, 15)
            sums[j] += v
            s.put(r, 1 + j, v, key(ind, y))
    r = s.row("Total")
    for j in range(3):
        s.noise(r, 1 + j, sums[j])
    return b.save(raw)


def dom_xls_total_column(raw: Path) -> Fixture:
    """xls with a merged title; a Total column over the years is not stored; compounds in labels."""
    b = Book(
        "dom_xls_total_column",
        "República Dominicana",
        "victimas_asistidas.xls",
        "DOM",
        ("wide_years", "total_column_years", "dimension_in_label", "es", "xls", "merged"),
    )
    s = b.sheet("Asistencia")
    s.row("Ministerio de la Mujer – Víctimas asistidas", None, None, None, None)
    s.merge("A1:E1")
    s.row("Indicador", 2020, 2021, 2022, "Total")
    n = Series(28)
    # Girls and adult women are parts of the victims assisted: the total row is at least their sum
    # (a total below its parts is flagged inconsistent_total, also across two breakdowns at once).
    girls = {y: n(0, 12) for y in (2020, 2021, 2022)}
    women = {y: n(0, 12) for y in (2020, 2021, 2022)}
    for label, dims, values in (
        ("Víctimas asistidas", {}, {y: girls[y] + women[y] + n(0, 12) for y in girls}),
        ("Víctimas asistidas - niñas", {"sex": "female", "age": "child"}, girls),
        ("Víctimas asistidas - mujeres adultas", {"sex": "female", "age": "adult"}, women),
    ):
        r = s.row(label)
        for j, y in enumerate((2020, 2021, 2022)):
            s.put(r, 1 + j, values[y], key(A, y, **dims))
        s.put(r, 4, sum(values.values()), None)
    return b.save(raw)


def dom_caps_h_m_csv(raw: Path) -> Fixture:
    """Capitals without accents, extra spaces, H / M for hombres / mujeres, '.' thousands; year in file name."""
    b = Book(
        "dom_caps_h_m_csv",
        "República Dominicana",
        "RD_trata_2021.csv",
        "DOM",
        ("wide_dims", "caps_no_accents", "h_m_letters", "thousands", "year_in_file_name", "es", "csv", "semicolon"),
        style=Style(thousands="."),
        delimiter=";",
        encoding="utf-8",
    )
    s = b.sheet("RD_trata_2021")
    s.row("INDICADOR", "H", "M", "TOTAL")
    n = Series(31)
    for label, ind, big in (("VICTIMAS   IDENTIFICADAS", V, True), ("  personas procesadas ", PP, False), ("PERSONAS CONDENADAS", PC, False)):
        r = s.row(label)
        h, m = n(0, 9), (1015 if big else n(0, 9))
        s.put(r, 1, h, key(ind, 2021, "male"))
        s.put(r, 2, m, key(ind, 2021, "female"))
        s.put(r, 3, h + m, key(ind, 2021))
    return b.save(raw)


def dom_otros_column(raw: Path) -> Fixture:
    """'Otros' beside Mujeres / Hombres names no category of the schema: reported, the rest stored."""
    b = Book("dom_otros_column", "República Dominicana", "rd_sexo.xlsx", "DOM", ("precision", "wide_dims", "year_in_title", "es", "xlsx"))
    s = b.sheet("Sexo")
    s.row("Víctimas y procesados por sexo, año 2023")
    s.row("Indicador", "Mujeres", "Hombres", "Otros", "Total")
    n = Series(39)
    for label, ind in (("Víctimas identificadas", V), ("Personas procesadas", PP)):
        r = s.row(label)
        f, m, o = n(1, 9), n(1, 9), n(1, 2)
        s.put(r, 1, f, key(ind, 2023, "female"))
        s.put(r, 2, m, key(ind, 2023, "male"))
        s.noise(r, 3, o)
        s.put(r, 4, f + m + o, key(ind, 2023))
    return b.save(raw)


def cub_date_in_file_name(raw: Path) -> Fixture:
    """No year but a date in the file name (the day it was sent): nothing stored, nothing guessed."""
    b = Book("cub_date_in_file_name", "CUB", "CUB_envio_2024-03-15.xlsx", "CUB", ("precision", "no_year", "es", "xlsx"))
    s = b.sheet("Hoja1")
    s.row("Indicador", "Mujeres", "Hombres", "Total")
    n = Series(40)
    for label in ("Víctimas identificadas", "Personas condenadas"):
        r = s.row(label)
        f, m = n(0, 9), n(0, 9)
        for c, v in enumerate((f, m, f + m), start=1):
            s.noise(r, c, v)
    return b.save(raw)
