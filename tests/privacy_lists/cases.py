"""Disguised personal-data lists (issue 9): case-level lists of victims as careless senders really
send them, with the names, document numbers, birth dates, e-mails and phones planted in them
recorded as truth.

`generate_lists(raw)` writes every case under `raw/<ISO3>/<file>`; `planted_strings(case)` gives the
strings that must never appear in anything intake writes (warehouse, marts, feedback, staging,
Dagster storage and logs); `python -m tests.privacy_lists.scan DIR` looks for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from tests.corpus.writers import Sheet, write

from .people import Person, people


@dataclass
class Case:
    name: str
    country: str  # ISO3 folder
    filename: str
    lang: str
    what: str  # the disguise, in words
    build: Callable[[list[Person]], list[Sheet]]
    fields: tuple[str, ...]  # which personal fields the file holds: name, surname, doc, birth, email, phone
    birth_style: str = "dmy"
    n: int = 8
    date_cells: bool = False  # birth dates written as date cells (the file holds a serial number, not text)
    text_options: dict = field(default_factory=dict)
    slot: int = 0  # first surname of this case among its language's (set below, so no two cases share one)

    @property
    def persons(self) -> list[Person]:
        return people(self.name, self.lang, self.n, self.country, self.slot)

    @property
    def relpath(self) -> str:
        return f"{self.country}/{self.filename}"


def planted_strings(case: Case) -> list[str]:
    """Every planted personal string of a case: as written in its file, plus the ISO form of the
    birth dates, which a reader may produce from a date or a day/month/year text."""
    out = written_strings(case)
    if "birth" in case.fields:
        out += [p.birth_as("iso") for p in case.persons]
    return list(dict.fromkeys(out))


def written_strings(case: Case) -> list[str]:
    """The planted strings exactly as the file holds them as text."""
    out: list[str] = []
    for p in case.persons:
        if "name" in case.fields:
            out.append(f"{p.first} {p.last}")
        if "surname" in case.fields or "name" in case.fields:
            out.append(p.last)
        if "doc" in case.fields:
            out.append(p.doc)
        if "birth" in case.fields and not case.date_cells:
            out.append(p.birth_as(case.birth_style))
        if "email" in case.fields:
            out.append(p.email)
        if "phone" in case.fields:
            out.append(p.phone)
    return list(dict.fromkeys(out))


def _fr_nom_prenom(ps: list[Person]) -> list[Sheet]:
    rows = [
        ["Brigade de protection des mineurs — Registre des victimes assistées, 2022"],
        [],
        ["N°", "Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "N° de passeport / NIF", "Forme d'exploitation"],
    ]
    for i, p in enumerate(ps, 1):
        rows.append([i, p.last.upper(), p.first, p.sex, p.birth_as("dmy"), "Haïtienne", p.doc, "Domesticité (restavèk)" if i % 2 else "Exploitation sexuelle"])
    return [Sheet("Registre 2022", rows)]


def _nl_naam_two_down(ps: list[Person]) -> list[Sheet]:
    rows = [["Opvang slachtoffers mensenhandel — overzicht 2023"], [], ["Naam", "Geb. datum", "ID-nr.", "Telefoon", "Datum opname", "Uitbuiting"]]
    for p in ps:
        rows.append([f"{p.last}, {p.first}", p.birth_as("dmy-"), p.doc, p.phone, "12-03-2023", "arbeid"])
    return [Sheet("Blad1", rows)]


def _es_nombre_csv(ps: list[Person]) -> list[Sheet]:
    rows = [["Nombre y apellido", "Cédula", "Fecha de nacimiento", "Edad", "Provincia", "Tipo de explotación"]]
    for p in ps:
        rows.append([f"{p.first} {p.last}", p.doc, p.birth_as("dmy"), 2023 - p.birth.year, "La Altagracia", "Explotación sexual"])
    return [Sheet("csv", rows)]


def _en_victim_id_birth(ps: list[Person]) -> list[Sheet]:
    rows = [["C-TIP Unit: victims 2022 (working file)"], ["Victim", "ID", "Birth", "Sex", "Exploitation", "Referred to"]]
    for p in ps:
        rows.append(
            [f"{p.first} {p.last}", p.doc, datetime(p.birth.year, p.birth.month, p.birth.day), p.sex, "Sexual", "CDA" if p.birth.year > 2004 else "Shelter"]
        )
    return [Sheet("Victims 2022", rows)]


def _transposed(ps: list[Person]) -> list[Sheet]:
    rows = [
        ["Counter Trafficking Unit — persons interviewed, 2023"],
        [],
        ["Field"] + [f"Case {i}" for i in range(1, len(ps) + 1)],
        ["Full name"] + [f"{p.first} {p.last}" for p in ps],
        ["Passport No."] + [p.doc for p in ps],
        ["D.O.B."] + [p.birth_as("mdy") for p in ps],
        ["Nationality"] + ["Venezuelan" if i % 3 else "Colombian" for i in range(len(ps))],
        ["Mobile"] + [p.phone for p in ps],
        ["Certified as victim"] + ["Yes" if i % 2 else "No" for i in range(len(ps))],
    ]
    return [Sheet("Interviews", rows)]


def _names_as_row_labels(ps: list[Person]) -> list[Sheet]:
    rows = [["Ministry of Human Services — shelter figures 2022"], [], ["", "Nights in shelter", "Counselling sessions", "Medical visits", "Allowance (GYD)"]]
    for i, p in enumerate(ps):
        rows.append([f"{p.first} {p.last}", 20 + 7 * i, 3 + i % 4, 1 + i % 3, 15000 + 2500 * i])
    rows.append(["Total", sum(20 + 7 * i for i in range(len(ps))), "", "", ""])
    return [Sheet("Shelter 2022", rows)]


def _list_below_figures(ps: list[Person]) -> list[Sheet]:
    rows = [
        ["Department of Immigration — trafficking in persons screening, monthly, 2021"],
        ["Month", "Persons screened", "Referred to TIP Unit", "Victims identified"],
    ]
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    for k in range(4):  # about fifty rows of aggregate figures before the list
        for j, m in enumerate(months):
            rows.append([f"{m} {2018 + k}", 30 + j + k, 2 + j % 3, j % 2])
    rows += [[], [], ["Persons referred (confidential)"], ["Surname", "Given names", "Date of birth", "Travel document", "E-mail", "Port of entry"]]
    for p in ps:
        rows.append([p.last, p.first, p.birth_as("dmy"), p.doc, p.email, "LPIA"])
    return [Sheet("Screening", rows)]


def _vague_headers(ps: list[Person]) -> list[Sheet]:
    rows = [["Col1", "Col2", "Col3", "Info", "Col5"]]
    for p in ps:
        rows.append([f"{p.first} {p.last}", p.sex, p.birth_as("dmy"), p.email, p.phone])
    return [Sheet("Sheet1", rows)]


def _nl_achternaam_ods(ps: list[Person]) -> list[Sheet]:
    rows = [["Achternaam", "Voornaam", "Paspoortnr.", "Geboren", "Nationaliteit", "Status"]]
    for p in ps:
        rows.append([p.last, p.first, p.doc, p.birth_as("dmy"), "Venezolaans", "B8-vergunning aangevraagd"])
    return [Sheet("Lijst", rows)]


def _es_apellidos_xls(ps: list[Person]) -> list[Sheet]:
    rows = [
        ["MINISTERIO DEL INTERIOR - Relación nominal de víctimas atendidas"],
        ["Apellidos", "Nombre(s)", "Carné de identidad", "F. nac.", "Sexo", "Municipio"],
    ]
    for p in ps:
        rows.append([p.last, p.first, p.doc, p.birth_as("dmy"), p.sex, "Centro Habana"])
    return [Sheet("Relación", rows)]


def _aggregate_then_register(ps: list[Person]) -> list[Sheet]:
    agg = [["Antigua and Barbuda — TIP data submission 2021"], ["Indicator", "2020", "2021"], ["Victims identified", 6, 9], ["Persons charged", 2, 3]]
    reg = [["Case register (internal)"], ["Case", "Victim name", "DOB", "Passport", "Phone", "Status"]]
    for i, p in enumerate(ps, 1):
        reg.append([f"TIP/{2021}/{i:03d}", f"{p.first} {p.last}", p.birth_as("iso"), p.doc, p.phone, "open"])
    return [Sheet("Data", agg), Sheet("Register", reg)]


def _contact_csv(ps: list[Person]) -> list[Sheet]:
    rows = [["ref", "initials_surname", "contact", "contact_2", "dob", "notes"]]
    for i, p in enumerate(ps):
        rows.append([f"R{100 + i}", f"{p.first[0]}. {p.last}", p.email, p.phone, p.birth_as("iso"), "follow-up"])
    return [Sheet("csv", rows)]


def _fr_merged_identity_xls(ps: list[Person]) -> list[Sheet]:
    rows = [
        ["Office de la protection du citoyen — victimes rapatriées, 2020"],
        ["Identité", None, None, "Document", "Contact"],
        ["Nom", "Prénom(s)", "Né(e) le", "N° passeport", "Téléphone"],
    ]
    for p in ps:
        rows.append([p.last, p.first, p.birth_as("dmy"), p.doc, p.phone])
    return [Sheet("Rapatriés", rows, merges=["A2:C2"])]


def _sheet_per_person(ps: list[Person]) -> list[Sheet]:
    """One sheet per victim, named after the victim: the sheet name itself is personal data."""
    sheets = [Sheet("Summary", [["Victims assisted 2023", len(ps)], ["of whom female", sum(p.sex == "F" for p in ps)]])]
    for p in ps:
        sheets.append(
            Sheet(p.last[:31], [["Name", f"{p.first} {p.last}"], ["Date of birth", p.birth_as("dmy")], ["Passport", p.doc], ["Nights in shelter", 14]])
        )
    return sheets


def _caps_beneficiario_csv(ps: list[Person]) -> list[Sheet]:
    """Names in capitals (SURNAME FIRSTNAME) under 'BENEFICIARIO', a cp1252 csv with ';'."""
    rows = [["BENEFICIARIO", "PAIS", "EDAD", "TIPO EXPLOTACION"]]
    rows += [[f"{p.last.upper()} {p.first.upper()}", "VENEZUELA", 19 + i, "SEXUAL"] for i, p in enumerate(ps)]
    return [Sheet("csv", rows)]


def _list_split_across_sheets(ps: list[Person]) -> list[Sheet]:
    """The header on the first sheet only; the list goes on in a second sheet without one."""
    half = len(ps) // 2
    first = [["Surname", "Given name", "DOB", "Passport"]] + [[p.last, p.first, p.birth_as("dmy"), p.doc] for p in ps[:half]]
    return [Sheet("Part 1", first), Sheet("Part 2 (cont.)", [[p.last, p.first, p.birth_as("dmy"), p.doc] for p in ps[half:]])]


def _fr_case_log_text_dates(ps: list[Person]) -> list[Sheet]:
    """A case log: 'Bénéficiaire' with the birth date written out ('12 mars 1998')."""
    rows = [["Journal des cas 2021"], ["Réf.", "Bénéficiaire", "Date de naissance", "Observations"]]
    rows += [[f"C-{i}", f"{p.first} {p.last}", p.birth_as("fr-text"), "hébergée"] for i, p in enumerate(ps)]
    return [Sheet("Journal", rows)]


def _es_initials_fnac_xls(ps: list[Person]) -> list[Sheet]:
    """'Iniciales' beside 'F. nac.' (an abbreviation) and the surname under 'Paterno'."""
    rows = [["Iniciales", "Paterno", "F. nac.", "Nacionalidad", "Sexo"]]
    rows += [[f"{p.first[0]}.{p.last[0]}.", p.last, p.birth_as("dmy"), "Cubana", p.sex] for p in ps]
    return [Sheet("Hoja1", rows)]


CASES: list[Case] = [
    Case("hti_nom_prenom", "HTI", "registre_victimes_2022.xlsx", "fr", "French Nom/Prénom columns under a title", _fr_nom_prenom, ("surname", "doc", "birth")),
    Case(
        "sur_naam_two_rows_down",
        "SUR",
        "overzicht_opvang_2023.xlsx",
        "nl",
        "Dutch Naam, header two rows down",
        _nl_naam_two_down,
        ("surname", "doc", "birth", "phone"),
        birth_style="dmy-",
    ),
    Case(
        "dom_nombre_apellido_csv",
        "DOM",
        "victimas_2023.csv",
        "es",
        "Spanish 'Nombre y apellido' CSV",
        _es_nombre_csv,
        ("name", "doc", "birth"),
        text_options={"delimiter": ";", "encoding": "utf-8-sig"},
    ),
    Case(
        "jam_victim_id_birth",
        "JAM",
        "ctip_victims_2022.xlsx",
        "en",
        "Victim / ID / Birth columns, dates as dates",
        _en_victim_id_birth,
        ("name", "doc", "birth"),
        birth_style="iso",
        date_cells=True,
    ),
    Case(
        "tto_transposed",
        "TTO",
        "ctu_interviews_2023.xlsx",
        "en",
        "a transposed list: one column per person",
        _transposed,
        ("name", "doc", "birth", "phone"),
        birth_style="mdy",
    ),
    Case("guy_names_as_row_labels", "GUY", "shelter_figures_2022.xlsx", "en", "names as row labels of figures", _names_as_row_labels, ("name",)),
    Case(
        "bhs_list_below_figures",
        "BHS",
        "immigration_tip_screening_2021.xlsx",
        "en",
        "a list below ~50 rows of aggregate figures in the same sheet",
        _list_below_figures,
        ("surname", "doc", "birth", "email"),
    ),
    Case("brb_vague_headers", "BRB", "export.xlsx", "en", "e-mails and birth dates under Info / Col3", _vague_headers, ("name", "birth", "email", "phone")),
    Case("cuw_achternaam_ods", "CUW", "lijst_slachtoffers.ods", "nl", "Dutch Achternaam/Voornaam in ODS", _nl_achternaam_ods, ("surname", "doc", "birth")),
    Case("cub_apellidos_xls", "CUB", "relacion_nominal_2021.xls", "es", "Apellidos / Nombre(s) in an old .xls", _es_apellidos_xls, ("surname", "doc", "birth")),
    Case(
        "atg_register_beside_figures",
        "ATG",
        "tip_submission_2021.xlsx",
        "en",
        "a proper figures sheet and a case register sheet in the same workbook",
        _aggregate_then_register,
        ("name", "doc", "birth", "phone"),
        birth_style="iso",
    ),
    Case(
        "lca_contact_csv",
        "LCA",
        "followup.csv",
        "en",
        "initials and surname, e-mails and phones under 'contact'",
        _contact_csv,
        ("surname", "email", "phone", "birth"),
        birth_style="iso",
    ),
    Case(
        "hti_merged_identity_xls",
        "HTI",
        "rapatries_2020.xls",
        "fr",
        "merged 'Identité' over Nom / Prénom(s)",
        _fr_merged_identity_xls,
        ("surname", "doc", "birth", "phone"),
    ),
    Case(
        "vct_sheet_per_person",
        "VCT",
        "victims_assisted_2023.xlsx",
        "en",
        "one sheet per victim, named after them",
        _sheet_per_person,
        ("name", "doc", "birth"),
        n=5,
    ),
    Case(
        "dom_caps_beneficiario_cp1252",
        "DOM",
        "atenciones_2023.csv",
        "es",
        "SURNAME FIRSTNAME in capitals under 'BENEFICIARIO', cp1252 csv with ';'",
        _caps_beneficiario_csv,
        ("surname",),
        text_options={"delimiter": ";", "encoding": "cp1252"},
    ),
    Case(
        "tto_list_split_across_sheets",
        "TTO",
        "victims_2023.xlsx",
        "en",
        "a list going on in a second sheet without its header",
        _list_split_across_sheets,
        ("surname", "doc", "birth"),
        n=10,
    ),
    Case(
        "hti_case_log_text_dates",
        "HTI",
        "journal_cas_2021.xlsx",
        "fr",
        "a case log, birth dates written out ('12 mars 1998')",
        _fr_case_log_text_dates,
        ("name", "birth"),
        birth_style="fr-text",
    ),
    Case("cub_initials_fnac_xls", "CUB", "casos_2021.xls", "es", "initials, 'Paterno' and 'F. nac.' in an .xls", _es_initials_fnac_xls, ("surname", "birth")),
]


def _give_slots(cases: list[Case]) -> None:
    used: dict[str, int] = {}
    for c in cases:
        c.slot = used.get(c.lang, 0)
        used[c.lang] = c.slot + c.n


_give_slots(CASES)


def generate_lists(raw: Path) -> list[Case]:
    """Write every case under `raw/<ISO3>/` and return the cases."""
    raw = Path(raw)
    for case in CASES:
        path = raw / case.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path, case.build(case.persons), **case.text_options)
    return list(CASES)
