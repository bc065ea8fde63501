"""Held-out corpus for the ctip intake.

Writes raw/<ISO3>/<file> (xlsx, xls, ods, csv) shaped like what Caribbean police forces, prosecution
offices, courts, social services, labour inspectorates, immigration / border forces and national TIP
task forces actually publish or send, and truth.csv: one row per figure that a careful statistician
would store in fact_observation.  Written without reading the intake code or the project's corpora.

truth.csv columns: file, country_iso3, year, indicator, sex, age_group, exploitation, citizenship, value
ambiguous.csv: figures deliberately LEFT OUT of the truth because a careful human would hesitate
(the brief: a missed figure is acceptable, a wrong one is not).  If intake stores one of them it is
still counted as wrong by score.py, but it is listed separately so the lead can judge.

Indicators (docs/data_dictionary.md): victims_detected, victims_assisted, cases_investigated,
persons_investigated (suspected/arrested/cautioned), persons_prosecuted (charged/indicted),
persons_convicted (first instance).

General exclusion rules applied everywhere (each trap is also commented where it is written):
  * other offences (murder, larceny, ...) and smuggling of migrants: not trafficking in persons;
  * percentages, shares, "Var. %", clearance / detection / conviction rates, rates per 100,000:
    not counts;
  * differences between years ("Diff.", "Change", "Verschil"): derived, not reported counts;
  * fiscal / financial years ("2020/21", "FY2021/22", "exercice 2020-2021"): straddle two calendar
    years, cannot be mapped to one reference year;
  * ranges of years and cumulative totals ("2018-2022", "Grand Total" across years): not one year;
  * sub-national rows (parish, district, province, division, region, island): only the national
    total is the country's figure; summing parts would be deriving;
  * months when the yearly total is given: the total is the figure; months are not stored;
  * age bands that are not child/adult (0-11, 12-17, 18-24 ...): a band is not a dimension code;
  * counts of services, hotline calls, inspections, deportations, repatriations, acquittals,
    dismissals, cases pending or referred, cases in court: no indicator of the schema;
  * "Detected" in British-style police crime tables means crimes cleared up, not victims detected;
  * hidden helper rows (checks, growth formulas): not published figures;
  * "n/a", "..", "n.v.t.": not available, nothing to store.
"""
import csv
import io
import os
import re
import shutil
import zipfile

import openpyxl
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import P

HERE = os.path.dirname(os.path.abspath(__file__))
RAW = os.path.join(HERE, "raw")

VD, VA, CI = "victims_detected", "victims_assisted", "cases_investigated"
PI, PP, PC = "persons_investigated", "persons_prosecuted", "persons_convicted"

TRUTH = []
AMBIG = []


def T(file, year, ind, value, sex="total", age="total", expl="total", cit="total"):
    TRUTH.append(dict(file=file, country_iso3=file.split("/")[0], year=year, indicator=ind, sex=sex,
                      age_group=age, exploitation=expl, citizenship=cit, value=value))


def A(file, year, ind, value, why, sex="total", age="total", expl="total", cit="total"):
    AMBIG.append(dict(file=file, country_iso3=file.split("/")[0], year=year, indicator=ind, sex=sex,
                      age_group=age, exploitation=expl, citizenship=cit, value=value, why=why))


class F:
    """A formula with the value Excel would have cached."""

    def __init__(self, formula, value):
        self.f, self.v = formula, value


class Pct:
    def __init__(self, v):
        self.v = v


# ----------------------------------------------------------------------------- writers
def _rc(ref):
    m = re.match(r"([A-Z]+)(\d+)", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def _merges(sh):
    out = []
    for m in sh.get("merges", []):
        a, b = m.split(":")
        (r1, c1), (r2, c2) = _rc(a), _rc(b)
        out.append((r1, c1, r2, c2))
    return out


def _path(rel):
    p = os.path.join(RAW, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def write_xlsx(rel, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    cached = {}
    for i, sh in enumerate(sheets):
        ws = wb.create_sheet(sh["name"])
        for r, row in enumerate(sh["rows"], 1):
            for c, v in enumerate(row, 1):
                if v is None:
                    continue
                cell = ws.cell(r, c)
                if isinstance(v, F):
                    cell.value = "=" + v.f
                    cached.setdefault(i, {})[cell.coordinate] = v.v
                elif isinstance(v, Pct):
                    cell.value = v.v
                    cell.number_format = "0.0%"
                else:
                    cell.value = v
        for m in sh.get("merges", []):
            ws.merge_cells(m)
        for h in sh.get("hidden_rows", []):
            ws.row_dimensions[h].hidden = True
        ws.column_dimensions["A"].width = 48
        if sh.get("state"):
            ws.sheet_state = sh["state"]
    p = _path(rel)
    wb.save(p)
    if cached:  # put the cached results in, as Excel does when it saves
        tmp = p + ".tmp"
        with zipfile.ZipFile(p) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                m = re.match(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
                if m and int(m.group(1)) - 1 in cached:
                    xml = data.decode("utf-8")
                    for ref, val in cached[int(m.group(1)) - 1].items():
                        xml = re.sub(r'(<c r="%s"[^>]*><f>[^<]*</f>)(<v\s*/>|<v></v>)' % ref,
                                     lambda mm: mm.group(1) + "<v>%s</v>" % val, xml)
                    data = xml.encode("utf-8")
                zout.writestr(item, data)
        shutil.move(tmp, p)


def write_xls(rel, sheets):
    wb = xlwt.Workbook(encoding="utf-8")
    pct = xlwt.easyxf(num_format_str="0.0%")
    bold = xlwt.easyxf("font: bold on")
    for sh in sheets:
        ws = wb.add_sheet(sh["name"])
        covered, tops = set(), {}
        for r1, c1, r2, c2 in _merges(sh):
            tops[(r1, c1)] = (r2, c2)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        covered.add((r, c))
        for r, row in enumerate(sh["rows"]):
            for c, v in enumerate(row):
                if (r, c) in covered:
                    continue
                style = xlwt.Style.default_style
                if isinstance(v, F):
                    v = v.v
                if isinstance(v, Pct):
                    v, style = v.v, pct
                if (r, c) in tops:
                    r2, c2 = tops[(r, c)]
                    ws.write_merge(r, r2, c, c2, v, bold)
                elif v is not None:
                    ws.write(r, c, v, style)
        for h in sh.get("hidden_rows", []):
            ws.row(h - 1).hidden = True
        ws.col(0).width = 256 * 45
    wb.save(_path(rel))


def write_ods(rel, sheets):
    doc = OpenDocumentSpreadsheet()
    for sh in sheets:
        t = Table(name=sh["name"])
        ncols = max(len(r) for r in sh["rows"] if r) if any(sh["rows"]) else 1
        for r1, c1, r2, c2 in _merges(sh):
            ncols = max(ncols, c2 + 1)
        t.addElement(TableColumn(numbercolumnsrepeated=ncols))
        covered, tops = set(), {}
        for r1, c1, r2, c2 in _merges(sh):
            tops[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        covered.add((r, c))
        hidden = set(h - 1 for h in sh.get("hidden_rows", []))
        for r, row in enumerate(sh["rows"]):
            tr = TableRow(visibility="collapse") if r in hidden else TableRow()
            row = list(row) + [None] * (ncols - len(row))
            for c, v in enumerate(row):
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                kw = {}
                if (r, c) in tops:
                    kw = dict(numberrowsspanned=tops[(r, c)][0], numbercolumnsspanned=tops[(r, c)][1])
                if isinstance(v, F):
                    v = v.v
                if v is None:
                    cell = TableCell(**kw)
                elif isinstance(v, Pct):
                    cell = TableCell(valuetype="percentage", value=v.v, **kw)
                    cell.addElement(P(text="%.1f%%" % (v.v * 100)))
                elif isinstance(v, (int, float)):
                    cell = TableCell(valuetype="float", value=v, **kw)
                    cell.addElement(P(text=str(v)))
                else:
                    cell = TableCell(valuetype="string", **kw)
                    cell.addElement(P(text=str(v)))
                tr.addElement(cell)
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    doc.save(_path(rel))


def write_csv(rel, rows, sep=",", encoding="utf-8"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    for row in rows:
        out = []
        for v in row:
            if v is None:
                out.append("")
            elif isinstance(v, Pct):
                out.append(("%.1f%%" % (v.v * 100)).replace(".", "," if sep == ";" else "."))
            elif isinstance(v, F):
                out.append(str(v.v))
            else:
                out.append(str(v))
        w.writerow(out)
    with open(_path(rel), "w", encoding=encoding, newline="") as fh:
        fh.write(buf.getvalue())


def S(name, rows, **kw):
    d = dict(name=name, rows=rows)
    d.update(kw)
    return d


def pct(a, b):
    return Pct(round((b - a) / a, 3)) if a else "n/a"


# ============================================================================= documents
# ---------------------------------------------------------------- JAM: police major-crimes table
def jam_crimes():
    f = "JAM/JCF_Major_Crimes_2021-2022.xlsx"
    offences = [("Murder", 1463, 1498), ("Shooting", 1289, 1195), ("Aggravated Assault", 486, 470),
                ("Rape", 401, 392), ("Robbery", 1094, 1032), ("Break-in", 1060, 985),
                ("Larceny", 160, 171), ("Trafficking in Persons (TIP)", 9, 14),
                ("Smuggling of Migrants", 2, 0)]
    rows = [["[image: JCF crest]"], ["JAMAICA CONSTABULARY FORCE"],
            ["Statistics & Information Management Unit (SIMU)"],
            ["Serious & Major Crimes Reported: Jan–Dec 2021 vs Jan–Dec 2022"], [],
            ["Offence", "Jan–Dec 2021", "Jan–Dec 2022", "Diff.", "Var. %"]]
    for name, a, b in offences:
        # Diff. and Var. % are derived (excluded); other offences and smuggling are not TIP.
        rows.append([name, a, b, b - a, pct(a, b)])
    ta, tb = sum(o[1] for o in offences), sum(o[2] for o in offences)
    rows.append(["Total", F("SUM(B7:B15)", ta), F("SUM(C7:C15)", tb), tb - ta, pct(ta, tb)])  # all crimes: excluded
    rows += [[], ["Source: SIMU, JCF. Figures are provisional (as at 5 Jan 2023) and subject to change."],
             ["TIP = offences under the Trafficking in Persons (Prevention, Suppression and Punishment) Act; "
              "3 of the 2022 TIP offences were committed in 2021."]]
    # Offences reported to the police = cases recorded by police -> cases_investigated.
    T(f, 2021, CI, 9)
    T(f, 2022, CI, 14)
    rates = [["Crime rate per 100,000 population"], [], ["Offence", "2021", "2022"]]
    for name, a, b in offences:  # rates per 100,000: excluded
        rates.append([name, round(a / 27.3, 2), round(b / 27.4, 2)])
    write_xlsx(f, [S("Crimes", rows, merges=["A2:E2", "A3:E3", "A4:E4"]), S("Rate per 100k", rates)])


# ---------------------------------------------------------------- JAM: task-force summary, 3 blocks
def jam_natfatip():
    f = "JAM/NATFATIP_stats_2022.xls"
    rows = [["National Task Force Against Trafficking in Persons (NATFATIP)"],
            ["Statistical summary – Jan–Dec 2022"], [],
            ["Table 1. Victims identified, by sex and age"],
            ["", "Female", "Male", "Total"],
            ["Adults (18 and over)", 6, 2, 8],
            ["Children (under 18)", 5, 1, 6],
            ["Total", 11, 3, 14], [],
            ["Table 2. Victims identified, by form of exploitation"],
            ["Form of exploitation", "No. of victims"],
            ["Sexual exploitation", 9],
            ["Forced labour", 4],
            ["Sexual & labour exploitation (both)", 1],  # mixed form: no single code -> excluded
            ["Total", 14], [],
            ["Table 3. Law enforcement & prosecution"],
            ["Measure", "No."],
            ["Investigations opened", 11],
            ["Persons arrested", 5],
            ["Persons charged", 4],
            ["Traffickers convicted", 1],
            ["Cases before the court (pending at 31 Dec)", 7],  # pending cases: no indicator
            ["Victims repatriated with IOM support", 2],  # a subset of assistance, not victims assisted
            [], ["Note: one victim was exploited for both sexual and labour purposes and is counted once in Table 2."]]
    for sex, cells in (("female", (6, 5, 11)), ("male", (2, 1, 3)), ("total", (8, 6, 14))):
        for age, v in zip(("adult", "child", "total"), cells):
            T(f, 2022, VD, v, sex=sex, age=age)
    T(f, 2022, VD, 9, expl="sexual")
    T(f, 2022, VD, 4, expl="labour")
    T(f, 2022, CI, 11)
    T(f, 2022, PI, 5)
    T(f, 2022, PP, 4)
    T(f, 2022, PC, 1)
    write_xls(f, [S("Summary", rows, merges=["A1:D1", "A2:D2"])])


# ---------------------------------------------------------------- JAM: victims by parish, hidden rows
def jam_parish():
    f = "JAM/victims_rescued_by_parish_2020-2022.xlsx"
    parishes = ["Kingston", "St. Andrew", "St. Thomas", "Portland", "St. Mary", "St. Ann", "Trelawny",
                "St. James", "Hanover", "Westmoreland", "St. Elizabeth", "Manchester", "Clarendon",
                "St. Catherine"]
    v20 = [2, 1, 0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 1]
    v21 = [1, 2, 0, 1, 0, 2, 0, 3, 1, 0, 0, 0, 0, 1]
    v22 = [3, 2, 0, 0, 1, 2, 1, 2, 0, 1, 0, 1, 0, 1]
    rows = [["[Logo] Ministry of National Security"],
            ["Victims of Trafficking in Persons rescued, by parish"], ["2020 – 2022"], [],
            ["Parish", "2020", "2021", "2022*"]]
    for i, p in enumerate(parishes):  # parishes are sub-national: excluded
        rows.append([p, v20[i], v21[i], v22[i]])
    rows.append(["Islandwide", F("SUM(B6:B19)", sum(v20)), F("SUM(C6:C19)", sum(v21)), F("SUM(D6:D19)", sum(v22))])
    # hidden helper rows: a check and a growth formula, not published figures -> excluded
    rows.append(["chk", F("B20-SUM(B6:B19)", 0), F("C20-SUM(C6:C19)", 0), F("D20-SUM(D6:D19)", 0)])
    rows.append(["growth", None, F("C20/B20-1", round(sum(v21) / sum(v20) - 1, 4)),
                 F("D20/C20-1", round(sum(v22) / sum(v21) - 1, 4))])
    rows += [["* Provisional figures."],
             ["Source: TIP Unit, Counter-Terrorism and Organized Crime Investigation Branch (C-TOC), JCF."]]
    assert (sum(v20), sum(v21), sum(v22)) == (9, 11, 14)
    for y, v in ((2020, 9), (2021, 11), (2022, 14)):  # "2022*" = provisional 2022: stored as 2022
        T(f, y, VD, v)
    write_xlsx(f, [S("Parish", rows, merges=["A2:D2", "A3:D3"], hidden_rows=[21, 22])])


# ---------------------------------------------------------------- TTO: CTU by police division
def tto_ctu():
    f = "TTO/CTU_TTPS_Annual_2021.xlsx"
    div = [("Port of Spain", 4, 0), ("Northern", 3, 1), ("Western", 2, 0), ("Southern", 3, 1),
           ("South Western", 1, 0), ("Eastern", 0, 0), ("Central", 3, 1), ("North Eastern", 1, 0),
           ("Tobago", 0, 0)]
    rows = [["TRINIDAD AND TOBAGO POLICE SERVICE"], ["Counter Trafficking Unit (CTU)"],
            ["Victims of trafficking identified by Police Division — 2021"], [],
            ["Division", "Female", "Male", "Total"]]
    for d, a, b in div:  # divisions: sub-national, excluded
        rows.append([d, a, b, a + b])
    rows.append(["TOTAL (National)", 17, 3, 20])
    rows.append(["   of whom children (under 18)", None, None, 4])
    rows += [[], ["Divisional figures refer to the Division where the victim was rescued."]]
    T(f, 2021, VD, 17, sex="female")
    T(f, 2021, VD, 3, sex="male")
    T(f, 2021, VD, 20)
    T(f, 2021, VD, 4, age="child")
    nat = [["Victims identified by nationality, 2021"], [], ["Nationality", "No."],
           ["Venezuelan", 14], ["Colombian", 3], ["Dominican (DR)", 1],  # single foreign countries: no code
           ["Trinidad and Tobago", 2], ["Total", 20]]
    T(f, 2021, VD, 2, cit="national")  # own country's nationality = nationals
    enf = [["CTU enforcement activity, 2021"], [], ["Activity", "Number"],
           ["Operations / raids conducted", 41],  # operations: no indicator
           ["Persons arrested", 6], ["Persons charged", 5], ["Persons convicted", "Nil"],
           ["Matters pending before the courts", 48]]  # pending: no indicator
    T(f, 2021, PI, 6)
    T(f, 2021, PP, 5)
    T(f, 2021, PC, 0)  # "Nil" = 0
    write_xlsx(f, [S("Victims by Division", rows, merges=["A1:D1", "A2:D2", "A3:D3"]),
                   S("Nationality", nat), S("Enforcement", enf)])


# ---------------------------------------------------------------- TTO: long csv, fiscal + range traps
def tto_long():
    f = "TTO/ttps_ctu_2019-2023_long.csv"
    data = {2019: (15, 12, 3, 9, 7, 0), 2020: (7, 6, 1, 4, 3, 1), 2021: (20, 17, 3, 6, 5, 0),
            2022: (24, 19, 5, 10, 8, 1)}
    rows = [["Year", "Measure", "Sex", "Count"]]
    for y, (v, vf, vm, a, c, cv) in data.items():
        rows += [[y, "Victims identified", "Total", v], [y, "Victims identified", "Female", vf],
                 [y, "Victims identified", "Male", vm], [y, "Suspects arrested", "Total", a],
                 [y, "Persons charged", "Total", c], [y, "Convicted (1st instance)", "Total", cv]]
        T(f, y, VD, v)
        T(f, y, VD, vf, sex="female")
        T(f, y, VD, vm, sex="male")
        T(f, y, PI, a)
        T(f, y, PP, c)
        T(f, y, PC, cv)
    rows += [["2023 (prov.)", "Victims identified", "Total", 13], ["2023 (prov.)", "Victims identified", "Female", 11],
             ["2023 (prov.)", "Victims identified", "Male", 2], ["2023 (prov.)", "Suspects arrested", "Total", 5],
             ["2023 (prov.)", "Persons charged", "Total", ".."],  # not available
             ["2023 (prov.)", "Convicted (1st instance)", "Total", ".."]]
    T(f, 2023, VD, 13)
    T(f, 2023, VD, 11, sex="female")
    T(f, 2023, VD, 2, sex="male")
    T(f, 2023, PI, 5)
    rows.append(["FY2020/21", "Victims sheltered (MSDFS)", "Total", 14])  # fiscal year: excluded
    rows.append(["2019-2023", "Victims identified", "Total", 79])  # cumulative range: excluded
    write_csv(f, rows, ",", "utf-8-sig")


# ---------------------------------------------------------------- TTO: judiciary, one sheet per year
def tto_judiciary():
    f = "TTO/judiciary_indictable_matters_TIP.xls"
    sheets = []
    for y, tip in ((2021, (4, 0, 1)), (2022, (6, 1, 0))):
        rows = [["JUDICIARY OF TRINIDAD AND TOBAGO — Criminal Division"],
                ["Indictable matters by offence, calendar year %d" % y], [],
                ["Offence", "Persons indicted", "Persons convicted", "Persons acquitted"],
                ["Trafficking in persons (TIP Act 2011, s.16)"] + list(tip),
                ["Smuggling of migrants (Immigration Act)", 2, 1, 0],  # smuggling: excluded
                ["Sexual offences (Sexual Offences Act)", 61, 22, 9],  # other crime: excluded
                ["Murder", 48, 11, 6],
                ["Total", 2 + 61 + 48 + tip[0], 1 + 22 + 11 + tip[1], 0 + 9 + 6 + tip[2]],  # all offences
                [], ["Persons are counted once per indictment."]]
        T(f, y, PP, tip[0])
        T(f, y, PC, tip[1])  # acquittals: no indicator
        sheets.append(S(str(y), rows))
    write_xls(f, sheets)


# ---------------------------------------------------------------- BHS: UNODC-style questionnaire
def bhs_questionnaire():
    f = "BHS/RBPF_UNODC_GLOTIP_questionnaire_2022.ods"
    q = lambda code, text, v=None: [code, text, None, None, v]
    rows = [["UNODC — Questionnaire for the Global Report on Trafficking in Persons"],
            ["Member State: Commonwealth of The Bahamas"],
            ["Reporting period: 1 January – 31 December 2022"],
            ["Responding agency: Royal Bahamas Police Force / Inter-Ministerial Committee on TIP"], [],
            ["Item", "Question", None, None, "Number (2022)"],
            ["SECTION A — CRIMINAL JUSTICE"],
            q("A1", "Number of persons brought into formal contact with the police and/or the criminal justice "
                    "system in relation to trafficking in persons (suspected, arrested or cautioned)", 7),
            q("", "of whom: male", 5), q("", "of whom: female", 2),
            q("A2", "Number of persons prosecuted for trafficking in persons", 4),
            q("", "of whom: male", 3), q("", "of whom: female", 1),
            q("A3", "Number of persons convicted of trafficking in persons (first instance)", 1),
            q("", "of whom: male", 1), q("", "of whom: female", 0), [],
            ["SECTION B — VICTIMS"],
            q("B1", "Number of victims of trafficking in persons detected by State authorities", 12),
            q("", "of whom: women (18+)", 6), q("", "of whom: men (18+)", 1),
            q("", "of whom: girls (under 18)", 4), q("", "of whom: boys (under 18)", 1),
            q("B2", "Detected victims by form of exploitation"),
            q("", "sexual exploitation", 8), q("", "forced labour", 3),
            q("", "other forms (please specify): forced begging", 1),
            q("B3", "Detected victims by citizenship"),
            q("", "citizens of The Bahamas", 2), q("", "foreign citizens", 10),
            q("B4", "Number of victims who received assistance from State or NGO service providers", 9), [],
            ["SECTION C — REMARKS"], ["", "Figures are final. Victims' ages were verified by the Department of Social Services."]]
    T(f, 2022, PI, 7); T(f, 2022, PI, 5, sex="male"); T(f, 2022, PI, 2, sex="female")
    T(f, 2022, PP, 4); T(f, 2022, PP, 3, sex="male"); T(f, 2022, PP, 1, sex="female")
    T(f, 2022, PC, 1); T(f, 2022, PC, 1, sex="male"); T(f, 2022, PC, 0, sex="female")
    T(f, 2022, VD, 12)
    T(f, 2022, VD, 6, sex="female", age="adult"); T(f, 2022, VD, 1, sex="male", age="adult")
    T(f, 2022, VD, 4, sex="female", age="child"); T(f, 2022, VD, 1, sex="male", age="child")
    T(f, 2022, VD, 8, expl="sexual"); T(f, 2022, VD, 3, expl="labour"); T(f, 2022, VD, 1, expl="other")
    T(f, 2022, VD, 2, cit="national"); T(f, 2022, VD, 10, cit="foreign")
    T(f, 2022, VA, 9)
    write_ods(f, [S("Questionnaire", rows, merges=["A1:E1"])])


# ---------------------------------------------------------------- BHS: social services, services trap
def bhs_dss():
    f = "BHS/DSS_TIP_assistance_2021-2022.xlsx"
    rows = [["Department of Social Services — Trafficking in Persons Assistance Programme"],
            ["Calendar years 2021 and 2022"], [],
            ["", "2021", "2022", "% change"],
            ["Victims assisted (unduplicated)", 10, 9, pct(10, 9)],  # % change: excluded
            ["  Female", 9, 8, pct(9, 8)],
            ["  Male", 1, 1, pct(1, 1)], [],
            ["Services provided (a victim may receive several services)"],
            ["Service", "2021", "2022"],
            ["Shelter", 7, 6], ["Medical care", 10, 9], ["Psycho-social counselling", 10, 8],
            ["Legal aid", 3, 4], ["Repatriation", 2, 1],
            ["Total services", 32, 28]]  # counts of services, not persons: excluded
    for y, (t, fe, m) in ((2021, (10, 9, 1)), (2022, (9, 8, 1))):
        T(f, y, VA, t); T(f, y, VA, fe, sex="female"); T(f, y, VA, m, sex="male")
    write_xlsx(f, [S("Assistance", rows, merges=["A1:D1", "A2:D2"])])


# ---------------------------------------------------------------- BRB: bulletin, four tables on one sheet
def brb_bulletin():
    f = "BRB/BPS_Annual_Crime_Bulletin_2023.xlsx"
    rows = [["[Crest] THE BARBADOS POLICE SERVICE"], ["Annual Crime Bulletin 2023"], [],
            ["Table 1: Murders by parish, 2023"],  # other crime: every cell excluded
            ["Parish", "Incidents", "Victims", "Arrests"],
            ["St. Michael", 18, 19, 9], ["Christ Church", 6, 6, 3], ["St. James", 4, 4, 1],
            ["St. Philip", 3, 3, 2], ["St. George", 2, 2, 1], ["Other parishes", 3, 3, 1],
            ["Total", 36, 37, 17], [],
            ["Table 2: Serious crimes reported, 2022 and 2023"],
            ["Offence", "2022", "2023", "Change"],  # Change: excluded
            ["Murder", 33, 36, 3], ["Serious bodily harm", 210, 198, -12], ["Rape", 45, 41, -4],
            ["Robbery", 212, 240, 28], ["Burglary", 744, 690, -54],
            ["Trafficking in persons", 3, 2, -1],
            ["Firearms offences", 150, 171, 21],
            ["Total", 1397, 1378, -19], [],
            ["Table 3: Trafficking in Persons (TIP), 2023"],
            ["Indicator", "Number"],
            ["Victims", 5], ["Persons arrested", 2], ["Persons charged", 2], [],
            ["Table 4: Larceny by district, 2023"],  # other crime and districts: excluded
            ["District", "Reports", "Arrests"],
            ["A", 120, 31], ["B", 98, 20], ["C", 77, 14], ["D", 60, 9], ["E", 44, 6], ["Total", 399, 80], [],
            ["Source: Criminal Records Office. All figures provisional."]]
    T(f, 2022, CI, 3); T(f, 2023, CI, 2)
    T(f, 2023, VD, 5); T(f, 2023, PI, 2); T(f, 2023, PP, 2)
    write_xlsx(f, [S("Bulletin", rows, merges=["A1:D1", "A2:D2"])])


# ---------------------------------------------------------------- BRB: child care board, fiscal trap
def brb_ccb():
    f = "BRB/Child_Care_Board_statistics.ods"
    rows = [["Child Care Board — Annual statistics"], [],
            ["Table A. Children in residential care, by financial year"],
            ["", "2019/20", "2020/21", "2021/22"],  # financial years: the whole table is excluded
            ["Admissions", 61, 54, 58],
            ["of which suspected trafficking victims", 1, 0, 2], [],
            ["Table B. Child victims of trafficking in persons assisted by the Board (calendar year)"],
            ["", "2021", "2022"],
            ["Girls", 1, 0], ["Boys", 0, 0], ["Total", 1, 0]]
    for y, (g, b, t) in ((2021, (1, 0, 1)), (2022, (0, 0, 0))):
        T(f, y, VA, g, sex="female", age="child"); T(f, y, VA, b, sex="male", age="child")
        T(f, y, VA, t, age="child")
    write_ods(f, [S("CCB", rows)])


# ---------------------------------------------------------------- BLZ: district csv, bilingual
def blz_district():
    f = "BLZ/ATIPS_council_district_2020-2021.csv"
    rows = [["Anti-Trafficking in Persons Council (ATIPS) / Consejo Anti-Trata de Personas"],
            ["Victims identified by district / Víctimas identificadas por distrito"],
            ["District / Distrito", "2020", "2021"],
            ["Belize", 3, 5], ["Cayo", 4, 6], ["Corozal", 2, 1], ["Orange Walk", 1, 3],
            ["Stann Creek", 2, 2], ["Toledo", 0, 1],  # districts: excluded
            ["Country total / Total del país", 12, 18], [],
            ["Prosecution / Enjuiciamiento", "2020", "2021"],
            ["Persons prosecuted / Personas procesadas", 3, 4],
            ["Persons convicted / Personas condenadas", 1, "2 (a)"],
            ["(a) one conviction under appeal"]]
    T(f, 2020, VD, 12); T(f, 2021, VD, 18)
    T(f, 2020, PP, 3); T(f, 2021, PP, 4)
    T(f, 2020, PC, 1); T(f, 2021, PC, 2)  # footnote marker stripped
    write_csv(f, rows, ",", "cp1252")


# ---------------------------------------------------------------- BLZ: labour inspectorate (no truth)
def blz_labour():
    f = "BLZ/Labour_Dept_inspections_TIP_2022.xls"
    rows = [["Ministry of Rural Transformation, Community Development, Labour and Local Government"],
            ["Labour Department — Labour inspection and TIP screening, 2022"], [],
            ["Activity", "Number"],
            ["Inspections conducted", 412],  # no indicator
            ["Workers interviewed", 2977],
            ["Child labour cases detected", 17],  # child labour is not TIP
            ["Suspected TIP cases referred to Police / ATIPS Council", 3],  # referrals: no indicator
            ["Victims of forced labour identified during inspections", 2]]
    A(f, 2022, VD, 2, "identified by one agency during inspections; partial count, hesitated", expl="labour")
    write_xls(f, [S("Inspections", rows)])


# ---------------------------------------------------------------- DOM: prosecution, trata vs tráfico
def dom_pgr():
    f = "DOM/PGR_PETT_trata_trafico_2022.xlsx"
    rows = [["Procuraduría General de la República"],
            ["Procuraduría Especializada contra el Tráfico Ilícito de Migrantes y la Trata de Personas (PETT)"],
            ["Resumen estadístico — Año 2022"], [],
            ["Tipo penal", "Casos investigados", "Personas acusadas", "Personas condenadas", "Víctimas identificadas"],
            ["Trata de personas (Ley 137-03, art. 3)", 38, 21, "9¹", 64],
            ["Tráfico ilícito de migrantes (art. 2)", 112, 80, 25, "n/a"],  # smuggling: excluded
            ["Total", 150, 101, 34, 64],  # mixes trafficking and smuggling: excluded
            [], ["¹ Sentencias de primer grado."]]
    T(f, 2022, CI, 38); T(f, 2022, PP, 21); T(f, 2022, PC, 9); T(f, 2022, VD, 64)
    vic = [["Víctimas de trata de personas identificadas, año 2022"], [],
           ["Sexo", "Menores de edad", "Mayores de edad", "Total"],
           ["Femenino", 17, 31, 48], ["Masculino", 7, 9, 16], ["Total", 24, 40, 64], [],
           ["Tipo de explotación", "Víctimas"],
           ["Explotación sexual", 41], ["Trabajo forzoso", 15],
           ["Mendicidad forzada", 5],  # one specific form; whether it is all of "other": hesitate
           ["No determinado", 3], ["Total", 64]]
    for sex, cells in (("female", (17, 31, 48)), ("male", (7, 9, 16)), ("total", (24, 40, 64))):
        for age, v in zip(("child", "adult", "total"), cells):
            T(f, 2022, VD, v, sex=sex, age=age)
    T(f, 2022, VD, 41, expl="sexual"); T(f, 2022, VD, 15, expl="labour"); T(f, 2022, VD, 3, expl="unknown")
    A(f, 2022, VD, 5, "forced begging only; may not be all 'other forms'", expl="other")
    write_xlsx(f, [S("Resumen", rows, merges=["A1:E1", "A2:E2", "A3:E3"]), S("Víctimas", vic)])


# ---------------------------------------------------------------- DOM: by province + nationality (ods)
def dom_provinces():
    f = "DOM/CONATRAFICO_victimas_provincia_nacionalidad_2021.ods"
    prov = [("Distrito Nacional", 11, 3), ("Santo Domingo", 9, 2), ("Santiago", 6, 2), ("La Altagracia", 8, 1),
            ("Puerto Plata", 5, 1), ("San Pedro de Macorís", 3, 0), ("La Romana", 2, 1), ("Otras provincias", 4, 1)]
    rows = [["Comisión Interinstitucional contra la Trata de Personas y el Tráfico Ilícito de Migrantes (CITIM)"],
            ["Víctimas de trata identificadas por provincia — enero-diciembre 2021"], [],
            ["Provincia", "Víctimas", "de ellas, menores de edad"]]
    for p, v, m in prov:  # provinces: excluded
        rows.append([p, v, m])
    rows.append(["Total nacional", 48, 11])  # a total over places, not citizenship = national
    T(f, 2021, VD, 48); T(f, 2021, VD, 11, age="child")
    nat = [["Víctimas identificadas según nacionalidad y sexo, 2021"], [],
           ["Nacionalidad", "Mujeres", "Hombres", "Total"],
           ["Dominicana", 20, 6, 26], ["Venezolana", 9, 1, 10], ["Haitiana", 4, 3, 7],
           ["Colombiana", 3, 0, 3], ["Otras", 1, 1, 2],  # single foreign nationalities: no code
           ["Subtotal extranjeras", 17, 5, 22], ["Total", 37, 11, 48]]
    for cit, cells in (("national", (20, 6, 26)), ("foreign", (17, 5, 22)), ("total", (37, 11, 48))):
        for sex, v in zip(("female", "male", "total"), cells):
            T(f, 2021, VD, v, sex=sex, cit=cit)
    write_ods(f, [S("Por provincia", rows, merges=["A1:C1", "A2:C2"]), S("Nacionalidad", nat)])


# ---------------------------------------------------------------- DOM: monthly csv, ; and cp1252
def dom_monthly():
    f = "DOM/DICRIM_trata_mensual_2023.csv"
    meses = ["Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre",
             "Octubre", "Noviembre", "Diciembre"]
    cas = [2, 1, 3, 0, 2, 4, 1, 2, 3, 1, 2, 2]
    vic = [5, 2, 7, 0, 3, 9, 1, 4, 6, 2, 3, 5]
    det = [2, 1, 2, 0, 2, 3, 1, 1, 3, 1, 2, 1]
    rows = [["Policía Nacional - Dirección Central de Investigaciones (DICRIM)"],
            ["Departamento de Trata y Tráfico - Estadísticas mensuales año 2023"],
            ["Mes", "Casos de trata", "Víctimas rescatadas", "Detenidos"]]
    for i, m in enumerate(meses):  # months: the yearly total is given, months are not stored
        rows.append([m, cas[i], vic[i], det[i]])
    rows.append(["Total 2023", sum(cas), sum(vic), sum(det)])
    rows.append(["Variación % vs 2022", "12,5", "-3,0", "8,0"])  # percentages: excluded
    T(f, 2023, CI, sum(cas)); T(f, 2023, VD, sum(vic)); T(f, 2023, PI, sum(det))
    write_csv(f, rows, ";", "cp1252")


# ---------------------------------------------------------------- CUB: national report, years + Var. %
def cub_report():
    f = "CUB/informe_nacional_trata_2019-2021.xlsx"
    rows = [["República de Cuba — Informe nacional sobre la prevención y enfrentamiento a la trata de personas"],
            ["Indicadores seleccionados 2019–2021"], [],
            ["Indicador", "2019", "2020", "2021", "Var. % 2021/2020"],
            ["Procesos penales por delitos de trata", 15, 8, 11, pct(8, 11)],
            ["Víctimas", 21, 13, 18, pct(13, 18)],
            ["  de ellas, menores de edad", 14, 9, 12, pct(9, 12)],
            ["  de ellas, del sexo femenino", 17, 10, 15, pct(10, 15)],
            ["Acusados", 27, 15, 19, pct(15, 19)],
            ["Personas sancionadas", 25, 14, 17, pct(14, 17)],
            ["Tasa de víctimas por 100 000 habitantes", 0.19, 0.12, 0.16, None],  # rate: excluded
            ["Var. absoluta víctimas", None, F("C6-B6", -8), F("D6-C6", 5), None],  # hidden difference row
            [], ["Fuente: Fiscalía General de la República y Tribunal Supremo Popular."]]
    for y, (v, m, fe, ac, s) in {2019: (21, 14, 17, 27, 25), 2020: (13, 9, 10, 15, 14),
                                 2021: (18, 12, 15, 19, 17)}.items():
        T(f, y, VD, v); T(f, y, VD, m, age="child"); T(f, y, VD, fe, sex="female")
        T(f, y, PP, ac)  # acusados = persons charged by the prosecution
        T(f, y, PC, s)  # sancionadas = sentenced at first instance
        A(f, y, CI, {2019: 15, 2020: 8, 2021: 11}[y], "criminal proceedings (procesos penales): cases prosecuted, not necessarily investigated")
    write_xlsx(f, [S("Indicadores", rows, merges=["A1:E1", "A2:E2"], hidden_rows=[12])])


# ---------------------------------------------------------------- CUB: a sheet per year, sex x age
def cub_sheets():
    f = "CUB/victimas_sexo_edad_por_anio.xls"
    data = {2019: ((12, 5), (2, 2)), 2020: ((8, 2), (1, 2)), 2021: ((11, 4), (1, 2))}
    sheets = []
    for y, ((fm, fa), (mm, ma)) in data.items():
        rows = [["Víctimas de trata de personas según sexo y grupo de edad — año %d" % y], [],
                ["Sexo", "Menores de 18 años", "18 años y más", "Total"],
                ["Femenino", fm, fa, fm + fa], ["Masculino", mm, ma, mm + ma],
                ["Total", fm + mm, fa + ma, fm + fa + mm + ma]]
        for sex, (c, a) in (("female", (fm, fa)), ("male", (mm, ma)), ("total", (fm + mm, fa + ma))):
            T(f, y, VD, c, sex=sex, age="child"); T(f, y, VD, a, sex=sex, age="adult")
            T(f, y, VD, c + a, sex=sex)
        sheets.append(S(str(y), rows, merges=["A1:D1"]))
    write_xls(f, sheets)


# ---------------------------------------------------------------- HTI: national committee, départements
def hti_cnltp():
    f = "HTI/CNLTP_rapport_annuel_2022.xlsx"
    dep = [("Ouest", 41, 22, 12), ("Nord", 12, 8, 4), ("Nord-Est", 9, 6, 3), ("Artibonite", 10, 5, 2),
           ("Centre", 14, 9, 5), ("Sud", 4, 2, 1), ("Sud-Est", 3, 1, 1), ("Grand'Anse", 2, 1, 0),
           ("Nippes", 1, 0, 0), ("Nord-Ouest", 6, 3, 2)]
    rows = [["Logo CNLTP"], ["RÉPUBLIQUE D'HAÏTI — Comité National de Lutte contre la Traite des Personnes (CNLTP)"],
            ["Victimes de la traite identifiées par département — 2022 (provisoire)"], [],
            ["Département", "Victimes identifiées", "dont mineurs", "dont filles"]]
    for d in dep:  # départements: excluded
        rows.append(list(d))
    rows.append(["Ensemble du pays", 102, 57, 30])
    assert sum(d[1] for d in dep) == 102 and sum(d[2] for d in dep) == 57 and sum(d[3] for d in dep) == 30
    T(f, 2022, VD, 102); T(f, 2022, VD, 57, age="child"); T(f, 2022, VD, 30, sex="female", age="child")
    jus = [["Réponse pénale"], [], ["Indicateur", "2021", "2022 (provisoire)"],
           ["Personnes arrêtées", 11, 14],
           ["Dossiers transmis au parquet", 8, 11],  # case files referred: no indicator
           ["Personnes poursuivies", 7, 9],
           ["Personnes condamnées", 1, 2],
           ["Taux de condamnation (%)", "14,3", "22,2"]]  # rate: excluded
    for y, (a, p, c) in ((2021, (11, 7, 1)), (2022, (14, 9, 2))):
        T(f, y, PI, a); T(f, y, PP, p); T(f, y, PC, c)
    write_xlsx(f, [S("Victimes", rows, merges=["A2:D2", "A3:D3"]), S("Justice", jus)])


# ---------------------------------------------------------------- HTI: IBESR, calendar vs fiscal (ods)
def hti_ibesr():
    f = "HTI/IBESR_enfants_2021.ods"
    rows = [["Institut du Bien-Être Social et de Recherches (IBESR)"], [],
            ["Tableau 1. Enfants victimes de traite pris en charge — année civile 2021 (janvier – décembre)"],
            ["Sexe", "Nombre"], ["Filles", 23], ["Garçons", 15], ["Total", 38], [],
            ["Tableau 2. Enfants non accompagnés rapatriés à la frontière — exercice 2020-2021"],
            ["Point frontalier", "Nombre"],  # repatriated children, fiscal year, border posts: excluded
            ["Ouanaminthe", 412], ["Belladère", 231], ["Malpasse", 169], ["Anse-à-Pitres", 48], ["Total", 860], [],
            ["Tableau 3. Enfants en domesticité identifiés lors des visites — exercice 2020-2021"],
            ["Total", 140]]  # child domestic work, fiscal year: excluded
    T(f, 2021, VA, 23, sex="female", age="child"); T(f, 2021, VA, 15, sex="male", age="child")
    T(f, 2021, VA, 38, age="child")
    write_ods(f, [S("Enfants", rows)])


# ---------------------------------------------------------------- HTI: French pivot export (xls)
def hti_pivot():
    f = "HTI/TCD_victimes_par_exploitation.xls"
    rows = [["Source : CNLTP — victimes de la traite (extraction du tableau croisé dynamique)"], [],
            ["Somme de Victimes", None], ["Étiquettes de lignes", "Total"],
            ["2021", 31], ["   Exploitation sexuelle", 14], ["   Travail forcé", 10], ["   Autres formes", 7],
            ["2022", 102], ["   Exploitation sexuelle", 40], ["   Travail forcé", 38], ["   Autres formes", 24],
            ["Total général", 133]]  # sum over two years: excluded
    for y, (t, s, l, o) in ((2021, (31, 14, 10, 7)), (2022, (102, 40, 38, 24))):
        T(f, y, VD, t); T(f, y, VD, s, expl="sexual"); T(f, y, VD, l, expl="labour"); T(f, y, VD, o, expl="other")
    write_xls(f, [S("Feuil1", rows)])


# ---------------------------------------------------------------- HTI: bilingual questionnaire csv
def hti_pnh():
    f = "HTI/PNH_BLTP_questionnaire_FR-EN.csv"
    rows = [["Police Nationale d'Haïti (PNH) — Bureau de Lutte contre le Trafic des Personnes / Anti-Trafficking Bureau"],
            ["Question / Question", "2021", "2022"],
            ["1. Victimes identifiées / Victims identified", 31, 102],
            ["   dont filles / of whom girls", 12, 30],
            ["   dont garçons / of whom boys", 9, 27],
            ["2. Personnes interpellées / Persons arrested", 11, 14],
            ["3. Personnes déférées au parquet / Persons referred to the prosecutor", 9, 12],
            ["4. Taux d'élucidation (%) / Clearance rate (%)", 36, 41]]  # rate: excluded
    for y, (v, g, b, a) in ((2021, (31, 12, 9, 11)), (2022, (102, 30, 27, 14))):
        T(f, y, VD, v); T(f, y, VD, g, sex="female", age="child"); T(f, y, VD, b, sex="male", age="child")
        T(f, y, PI, a)
    A(f, 2021, PP, 9, "referred to the prosecutor is not yet prosecuted")
    A(f, 2022, PP, 12, "referred to the prosecutor is not yet prosecuted")
    write_csv(f, rows, ";", "utf-8")


# ---------------------------------------------------------------- SUR: police TIP unit, Dutch
def sur_kps():
    f = "SUR/KPS_TIP-unit_jaaroverzicht_2022.xlsx"
    rows = [["Korps Politie Suriname – Afdeling Bestrijding Mensenhandel en Mensensmokkel (TIP-unit)"],
            ["Jaaroverzicht 2022"], [],
            ["Omschrijving", "2021", "2022", "Verschil"],  # Verschil = difference: excluded
            ["Geregistreerde zaken mensenhandel", 9, 12, 3],
            ["Aangehouden verdachten", 11, 15, 4],
            ["Vervolgd (OM)", 7, 10, 3],
            ["Veroordeeld", 3, 4, 1],
            ["Slachtoffers geïdentificeerd", 24, 31, 7],
            ["   waarvan vrouwelijk", 19, 22, 3],
            ["   waarvan minderjarig", 5, 8, 3],
            ["Zaken mensensmokkel", 6, 4, -2]]  # smuggling: excluded
    for y, (c, a, v, vo, s, vf, vm) in ((2021, (9, 11, 7, 3, 24, 19, 5)), (2022, (12, 15, 10, 4, 31, 22, 8))):
        T(f, y, CI, c); T(f, y, PI, a); T(f, y, PP, v); T(f, y, PC, vo)
        T(f, y, VD, s); T(f, y, VD, vf, sex="female"); T(f, y, VD, vm, age="child")
    nat = [["Slachtoffers mensenhandel naar nationaliteit, 2022"], [],
           ["Nationaliteit", "Aantal"],
           ["Surinaamse nationaliteit", 9], ["Guyanese", 10], ["Venezolaanse", 6], ["Braziliaanse", 3],
           ["Overige", 3], ["Buitenlandse nationaliteit (subtotaal)", 22], ["Totaal", 31]]
    T(f, 2022, VD, 9, cit="national"); T(f, 2022, VD, 22, cit="foreign")
    write_xlsx(f, [S("Overzicht", rows, merges=["A1:D1", "A2:D2"]), S("Nationaliteit 2022", nat)])


# ---------------------------------------------------------------- SUR: districts, two-level header (ods)
def sur_districts():
    f = "SUR/mensenhandel_mensensmokkel_per_district_2021.ods"
    d = [("Paramaribo", 10, 5, 14, 6), ("Wanica", 4, 2, 3, 1), ("Nickerie", 3, 1, 9, 4), ("Coronie", 0, 0, 1, 0),
         ("Saramacca", 1, 0, 0, 0), ("Commewijne", 2, 1, 2, 1), ("Marowijne", 2, 1, 5, 2), ("Para", 1, 0, 0, 0),
         ("Brokopondo", 0, 0, 0, 0), ("Sipaliwini", 1, 1, 0, 0)]
    rows = [["Mensenhandel en mensensmokkel naar district, 2021"], [],
            ["District", "Mensenhandel", None, "Mensensmokkel", None],
            [None, "Slachtoffers", "Verdachten", "Gesmokkelde personen", "Verdachten"]]
    for r in d:  # districts: excluded; the Mensensmokkel columns: smuggling, excluded
        rows.append(list(r))
    tot = ["Totaal Suriname"] + [sum(r[i] for r in d) for i in range(1, 5)]
    rows.append(tot)
    assert tot[1:3] == [24, 11]
    T(f, 2021, VD, 24); T(f, 2021, PI, 11)
    write_ods(f, [S("Districten", rows, merges=["A1:E1", "B3:C3", "D3:E3"])])


# ---------------------------------------------------------------- SUR: shelter admissions per month (xls)
def sur_shelter():
    f = "SUR/SoZaVo_opvang_slachtoffers_2022.xls"
    maanden = ["Januari", "Februari", "Maart", "April", "Mei", "Juni", "Juli", "Augustus", "September",
               "Oktober", "November", "December"]
    fv = [1, 2, 0, 1, 2, 1, 3, 0, 1, 2, 1, 1]
    mv = [0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0]
    rows = [["Ministerie van Sociale Zaken en Volkshuisvesting"],
            ["Opvang slachtoffers mensenhandel 2022 — nieuwe opnames"], [],
            ["Maand", "Man", "Vrouw", "Totaal"]]
    for i, m in enumerate(maanden):  # months: excluded, the yearly total is given
        rows.append([m, mv[i], fv[i], mv[i] + fv[i]])
    rows.append(["Totaal 2022", sum(mv), sum(fv), sum(mv) + sum(fv)])
    rows += [[], ["Een persoon wordt één keer geteld (bij eerste opname)."]]
    T(f, 2022, VA, sum(mv), sex="male"); T(f, 2022, VA, sum(fv), sex="female"); T(f, 2022, VA, sum(mv) + sum(fv))
    write_xls(f, [S("2022", rows)])


# ---------------------------------------------------------------- CUW: prosecution key figures (xls)
def cuw_om():
    f = "CUW/OM_Curacao_mensenhandel_kerncijfers_2021-2023.xls"
    rows = [["Openbaar Ministerie Curaçao — Mensenhandel, kerncijfers 2021–2023"], [],
            ["Omschrijving", "2021", "2022", "2023"],
            ["Ingeschreven zaken mensenhandel", 4, 6, 5],
            ["Verdachten", 7, 9, 6],
            ["Gedagvaard", 3, 5, 4],
            ["Veroordeeld (eerste aanleg)", 2, 3, "3*"],
            ["Vrijgesproken", 1, 0, 1],  # acquittals: no indicator
            ["Geseponeerd", 2, 1, 1],  # dismissed: no indicator
            ["Slachtoffers", 11, 12, 9], [],
            ["* waarvan 1 vonnis waartegen hoger beroep is ingesteld."]]
    for y, (z, v, g, vo, s) in ((2021, (4, 7, 3, 2, 11)), (2022, (6, 9, 5, 3, 12)), (2023, (5, 6, 4, 3, 9))):
        T(f, y, CI, z); T(f, y, PI, v); T(f, y, PP, g); T(f, y, PC, vo); T(f, y, VD, s)
    write_xls(f, [S("Kerncijfers", rows, merges=["A1:D1"])])


# ---------------------------------------------------------------- CUW: Dutch/Papiamentu sex x exploitation
def cuw_police():
    f = "CUW/Polis_Korsou_slachtoffers_2022.ods"
    rows = [["Politie Curaçao / Polis Kòrsou — Unit Mensenhandel"],
            ["Slachtoffers mensenhandel 2022 / Víktimanan di trafikashon di hende 2022"], [],
            ["Vorm van uitbuiting / Forma di eksplotashon", "Vrouw / Muhé", "Man / Hòmber", "Totaal / Total"],
            ["Seksuele uitbuiting / Eksplotashon seksual", 6, 0, 6],
            ["Arbeidsuitbuiting / Eksplotashon laboral", 2, 3, 5],
            ["Overige vormen / Otro forma", 1, 0, 1],
            ["Totaal / Total", 9, 3, 12], [],
            ["Nationaliteit / Nashonalidat", "Aantal / Kantidat"],
            ["Venezolaans", 8], ["Colombiaans", 2], ["Nederlands (Curaçaos)", 1], ["Dominicaans", 1],
            ["Totaal / Total", 12]]
    for expl, cells in (("sexual", (6, 0, 6)), ("labour", (2, 3, 5)), ("other", (1, 0, 1)), ("total", (9, 3, 12))):
        for sex, v in zip(("female", "male", "total"), cells):
            T(f, 2022, VD, v, sex=sex, expl=expl)
    T(f, 2022, VD, 1, cit="national")  # Curaçao nationals hold Dutch nationality
    write_ods(f, [S("Slachtoffers 2022", rows, merges=["A1:D1", "A2:D2"])])


# ---------------------------------------------------------------- ABW: task force, TIP vs SOM columns
def abw_taskforce():
    f = "ABW/TMMA_kerncijfers_2022.xlsx"
    rows = [["Taskforce Mensenhandel en Mensensmokkel Aruba (TMMA)"], ["Kerncijfers / Key figures 2022"], [],
            ["", "Mensenhandel / Human trafficking", "Mensensmokkel / Human smuggling"],  # 2nd column: excluded
            ["Meldingen / Reports received", 38, 21],
            ["Onderzoeken gestart / Investigations opened", 5, 3],
            ["Aangehouden personen / Persons arrested", 4, 7],
            ["Slachtoffers geïdentificeerd / Victims identified", 9, "n.v.t."],
            ["   van wie minderjarig / of whom minors", 2, "-"],
            ["Slachtoffers opgevangen (shelter) / Victims sheltered", 6, "n.v.t."], [],
            ["Bron: TMMA / Openbaar Ministerie Aruba. n.v.t. = niet van toepassing."]]
    T(f, 2022, CI, 5); T(f, 2022, PI, 4); T(f, 2022, VD, 9); T(f, 2022, VD, 2, age="child"); T(f, 2022, VA, 6)
    A(f, 2022, CI, 38, "reports/signals received are not cases investigated")
    write_xlsx(f, [S("2022", rows, merges=["A1:C1", "A2:C2"])])


# ---------------------------------------------------------------- ABW: police, UTF-16 tab text export
def abw_kpa():
    f = "ABW/KPA_mensenhandel_2020-2022.csv"
    rows = [["Korps Politie Aruba — mensenhandel 2020-2022"],
            ["Jaar", "Slachtoffers", "Verdachten", "Vervolgd", "Veroordeeld"],
            [2020, 3, 2, 1, "Geen"], [2021, 5, 4, 2, 1], [2022, 9, 4, 3, 2],
            ["Totaal 2020-2022", 17, 10, 6, 3]]  # cumulative over three years: excluded
    for y, (s, v, vv, vo) in ((2020, (3, 2, 1, 0)), (2021, (5, 4, 2, 1)), (2022, (9, 4, 3, 2))):
        T(f, y, VD, s); T(f, y, PI, v); T(f, y, PP, vv); T(f, y, PC, vo)  # "Geen" = 0
    write_csv(f, rows, "\t", "utf-16")


# ---------------------------------------------------------------- SXM: police, English/Dutch csv
def sxm_kpsm():
    f = "SXM/KPSM_HTHS_unit_2021.csv"
    rows = [["Korps Politie Sint Maarten (KPSM) — Human Trafficking & Smuggling Unit"],
            ["Statistics 2021 / Statistieken 2021"],
            ["Category", "Human trafficking / Mensenhandel", "Human smuggling / Mensensmokkel"],
            ["Reports received / Meldingen", 14, 22],
            ["Investigations / Onderzoeken", 3, 5],
            ["Suspects arrested / Aangehouden verdachten", 4, 9],
            ["Victims identified / Geïdentificeerde slachtoffers", 6, "n.v.t."],
            ["Sent to Prosecutor (OM) / Ingezonden naar OM", 3, 6]]
    T(f, 2021, CI, 3); T(f, 2021, PI, 4); T(f, 2021, VD, 6)
    A(f, 2021, CI, 14, "reports received are not cases investigated")
    A(f, 2021, PP, 3, "sent to the prosecutor is not yet prosecuted")
    write_csv(f, rows, ",", "utf-8")


# ---------------------------------------------------------------- SXM: court annual report
def sxm_court():
    f = "SXM/Gerecht_Eerste_Aanleg_SXM_jaarverslag_2022.xlsx"
    rows = [["Gerecht in Eerste Aanleg van Sint Maarten — Jaarverslag 2022"],
            ["Strafzaken naar delict / Criminal cases by offence"], [],
            ["Delict / Offence", "Ingekomen zaken / Cases received", "Veroordeelde personen / Persons convicted",
             "Vrijgesproken personen / Persons acquitted"],
            ["Moord en doodslag / Murder and manslaughter", 9, 6, 2],
            ["Diefstal / Theft", 212, 140, 19],
            ["Mensenhandel / Human trafficking (art. 2:239 WvSr)", 3, 2, 0],
            ["Mensensmokkel / Human smuggling", 5, 4, 1],
            ["Opiumlandsverordening / Drugs", 88, 61, 9],
            ["Totaal", 317, 213, 31]]
    T(f, 2022, PC, 2)
    A(f, 2022, CI, 3, "cases received by the court are not police/prosecution investigations")
    write_xlsx(f, [S("Strafzaken", rows, merges=["A1:D1", "A2:D2"])])


# ---------------------------------------------------------------- AIA: police, Nil
def aia_rapf():
    f = "AIA/RAPF_TIP_statistics_2020-2022.xls"
    rows = [["Royal Anguilla Police Force"], ["Trafficking in Persons Statistics"], [],
            ["Description", "2020", "2021", "2022"],
            ["TIP reports investigated", 1, 0, 2],
            ["Victims identified", "Nil", "Nil", 3],
            ["Persons arrested", "Nil", "Nil", 1],
            ["Persons charged", "Nil", "Nil", 1],
            ["Persons convicted", "Nil", "Nil", "Nil"],
            ["Persons deported (Immigration Act)", 14, 22, 19]]  # deportations: not TIP
    for y, vals in ((2020, (1, 0, 0, 0, 0)), (2021, (0, 0, 0, 0, 0)), (2022, (2, 3, 1, 1, 0))):
        for ind, v in zip((CI, VD, PI, PP, PC), vals):
            T(f, y, ind, v)
    write_xls(f, [S("TIP", rows)])


# ---------------------------------------------------------------- ATG: a sheet per year, nationals (ods)
def atg_sheets():
    f = "ATG/TIP_National_Coordinator_2019-2022.ods"
    data = {2019: ((1, 7), (1, 6), 2), 2020: ((0, 3), (0, 3), 1), 2021: ((0, 5), (0, 4), 3), 2022: ((2, 9), (2, 8), 2)}
    sheets = []
    for y, ((vn, vf), (an, af), p) in data.items():
        rows = [["Office of the National Coordinator — Trafficking in Persons (Prevention) Act, 2010"],
                ["Annual statistics %d" % y], [],
                ["", "Antigua and Barbuda nationals", "Non-nationals", "Total"],
                ["Victims identified", vn, vf, vn + vf],
                ["Victims assisted", an, af, an + af],
                ["Persons prosecuted", None, None, p]]
        T(f, y, VD, vn, cit="national"); T(f, y, VD, vf, cit="foreign"); T(f, y, VD, vn + vf)
        T(f, y, VA, an, cit="national"); T(f, y, VA, af, cit="foreign"); T(f, y, VA, an + af)
        T(f, y, PP, p)
        sheets.append(S(str(y), rows))
    sheets.append(S("Notes", [["Non-nationals include persons of Guyanese, Jamaican, Dominican and Venezuelan nationality."],
                              ["Victims assisted = victims who accepted shelter, medical or counselling support."]]))
    write_ods(f, sheets)


# ---------------------------------------------------------------- ATG: DPP, years as rows
def atg_dpp():
    f = "ATG/ODPP_TIP_matters_2019-2022.csv"
    rows = [["Office of the Director of Public Prosecutions - Trafficking in persons matters"],
            ["Year", "Indictments filed (persons)", "Convictions (persons)", "Acquittals", "Matters pending at year end"],
            [2019, 2, 1, 0, 4], [2020, 1, 0, 1, 4], [2021, 3, 1, 0, 6], [2022, 2, "1*", 0, 7],
            ["2019-2022 total", 8, 3, 1, None],  # range: excluded
            ["* conviction on a guilty plea"]]
    for y, (p, c) in ((2019, (2, 1)), (2020, (1, 0)), (2021, (3, 1)), (2022, (2, 1))):
        T(f, y, PP, p); T(f, y, PC, c)  # acquittals and pending matters: no indicator
    write_csv(f, rows, ",", "utf-8")


# ---------------------------------------------------------------- VGB: police crime statistics csv
def vgb_crime():
    f = "VGB/RVIPF_crime_statistics_2020-2021.csv"
    off = [("Murder", 4, 6), ("Wounding", 41, 37), ("Burglary", 108, 96), ("Robbery", 22, 19),
           ("Sexual offences", 31, 35), ("Drug offences", 77, 64), ("Trafficking in persons", 0, 1),
           ("Human smuggling", 3, 5)]
    rows = [["Royal Virgin Islands Police Force - Crime Statistics"], ["Offence", "2020", "2021", "% Change"]]
    for n, a, b in off:
        rows.append([n, a, b, pct(a, b)])  # % change: excluded
    rows.append(["Total", sum(o[1] for o in off), sum(o[2] for o in off), None])
    rows.append(["Figures as at 15 January 2022."])
    T(f, 2020, CI, 0); T(f, 2021, CI, 1)
    write_csv(f, rows, ",", "utf-8")


# ---------------------------------------------------------------- VGB: social development, age (ods)
def vgb_social():
    f = "VGB/SDD_TIP_victims_support_2021-2022.ods"
    rows = [["Ministry of Health and Social Development — Social Development Department"],
            ["Victims of Trafficking in Persons receiving support services"], [],
            ["Age group", "2021", "2022"], ["Adults (18+)", 2, 1], ["Children (0–17)", 0, 1], ["Total", 2, 2]]
    for y, (a, c) in ((2021, (2, 0)), (2022, (1, 1))):
        T(f, y, VA, a, age="adult"); T(f, y, VA, c, age="child"); T(f, y, VA, a + c)
    write_ods(f, [S("Support", rows)])


# ---------------------------------------------------------------- CYM: reported vs detected (cleared)
def cym_crime():
    f = "CYM/RCIPS_crime_statistics_2022.xlsx"
    off = [("Murder", 4, 3, 6, 4), ("Attempted murder", 9, 5, 7, 4), ("Rape", 12, 7, 10, 6),
           ("Robbery", 41, 18, 33, 15), ("Burglary", 402, 88, 365, 90), ("Trafficking in persons", 1, 1, 2, 1),
           ("Human smuggling", 3, 3, 1, 1)]
    rows = [["[RCIPS logo]"], ["Royal Cayman Islands Police Service — Crime Statistics, January to December 2022"], [],
            ["", "2021", None, "2022", None, "Change in reported (%)"],
            ["Offence", "Reported", "Detected", "Reported", "Detected", None]]
    for n, a, b, c, d in off:  # "Detected" = cleared up, not victims; change %: excluded
        rows.append([n, a, b, c, d, pct(a, c)])
    rows.append(["Total serious crime"] + [sum(o[i] for o in off) for i in range(1, 5)] + [None])
    rows += [[], ["Detected: an offence cleared up by charge, caution or other sanction."]]
    T(f, 2021, CI, 1); T(f, 2022, CI, 2)
    write_xlsx(f, [S("Serious crime", rows, merges=["A2:F2", "B4:C4", "D4:E4"])])


# ---------------------------------------------------------------- DMA: total first
def dma_police():
    f = "DMA/CDPF_TIP_2021.xls"
    rows = [["COMMONWEALTH OF DOMINICA POLICE FORCE"], ["Trafficking in Persons — Jan–Dec 2021"], [],
            ["Category", "No."],
            ["All victims identified", 4], ["  Female", 3], ["  Male", 1], ["  Children (below 18)", 1],
            ["Persons arrested", 2], ["Persons charged", 1], ["Persons convicted", "None"],
            ["Smuggled migrants intercepted", 37]]  # smuggling: excluded
    T(f, 2021, VD, 4); T(f, 2021, VD, 3, sex="female"); T(f, 2021, VD, 1, sex="male"); T(f, 2021, VD, 1, age="child")
    T(f, 2021, PI, 2); T(f, 2021, PP, 1); T(f, 2021, PC, 0)
    write_xls(f, [S("TIP 2021", rows)])


# ---------------------------------------------------------------- GRD: typos, provisional (ods)
def grd_police():
    f = "GRD/RGPF_CID_TIP_2021-2022.ods"
    rows = [["ROYAL GRENADA POLICE FORCE — CRIMINAL INVESTIGATIONS DEPT."], ["TRAFFICKING IN PERSONS"], [],
            ["INDICATOR", "2021", "2022 (provisional)"],
            ["Vicitms identified", 3, 5], ["Victms - female", 3, 4],
            ["Perons arrested", 1, 2], ["Perons charged", 1, 1], ["Convicted", 0, "-"]]
    for y, (v, fe, a, c, cv) in ((2021, (3, 3, 1, 1, 0)), (2022, (5, 4, 2, 1, 0))):
        T(f, y, VD, v); T(f, y, VD, fe, sex="female"); T(f, y, PI, a); T(f, y, PP, c); T(f, y, PC, cv)
    write_ods(f, [S("Sheet1", rows)])


# ---------------------------------------------------------------- GRD: task force, Jan-Dec columns
def grd_taskforce():
    f = "GRD/NTF_TIP_indicators_2020-2022.csv"
    rows = [["Grenada National Task Force against Trafficking in Persons"],
            ["Indicator", "Jan-Dec 2020", "Jan-Dec 2021", "Jan-Dec 2022"],
            ["No. of TIP victims identified", 2, 3, 5],
            ["No. of victims provided with assistance", 2, 3, 4],
            ["No. of TIP investigations", 1, 2, 3],
            ["Rate of victims per 100,000 population", 1.8, 2.7, 4.4],  # rate: excluded
            ["Change in victims (2022 vs 2021)", None, None, 2]]  # difference: excluded
    for y, (v, a, c) in ((2020, (2, 2, 1)), (2021, (3, 3, 2)), (2022, (5, 4, 3))):
        T(f, y, VD, v); T(f, y, VA, a); T(f, y, CI, c)
    write_csv(f, rows, ",", "utf-8")


# ---------------------------------------------------------------- GUY: regions, nationality, age bands
def guy_mol():
    f = "GUY/MoL_CTIP_Unit_2022.xlsx"
    reg = [("Region 1 (Barima-Waini)", 18, 2), ("Region 2 (Pomeroon-Supenaam)", 4, 1),
           ("Region 3 (Essequibo Islands-West Demerara)", 6, 1), ("Region 4 (Demerara-Mahaica)", 22, 5),
           ("Region 5 (Mahaica-Berbice)", 2, 0), ("Region 6 (East Berbice-Corentyne)", 5, 2),
           ("Region 7 (Cuyuni-Mazaruni)", 24, 3), ("Region 8 (Potaro-Siparuni)", 9, 1),
           ("Region 9 (Upper Takutu-Upper Essequibo)", 1, 0), ("Region 10 (Upper Demerara-Berbice)", 3, 1)]
    rows = [["Ministry of Labour — Counter-Trafficking in Persons (C-TIP) Unit"],
            ["Victims of TIP identified, by Administrative Region and sex — 2022"], [],
            ["Region", "Female", "Male", "Total"]]
    for n, a, b in reg:  # regions: excluded
        rows.append([n, a, b, a + b])
    rows.append(["National Total", 94, 16, 110])
    assert sum(r[1] for r in reg) == 94 and sum(r[2] for r in reg) == 16
    T(f, 2022, VD, 94, sex="female"); T(f, 2022, VD, 16, sex="male"); T(f, 2022, VD, 110)
    nat = [["Victims identified by nationality, 2022"], [], ["Nationality", "Number"],
           ["Guyanese", 41], ["Venezuelan", 62], ["Cuban", 5], ["Other", 2], ["Total", 110]]
    T(f, 2022, VD, 41, cit="national")
    age = [["Victims identified by age group, 2022"], [], ["Age group", "Number"],
           ["0–11", 3], ["12–17", 19], ["18–24", 41], ["25–34", 30], ["35 and over", 15],  # bands: excluded
           ["Not stated", 2], ["Total", 110]]
    T(f, 2022, VD, 2, age="unknown")
    trend = [["Trend, 2020–2022"], [], ["", "2020", "2021", "2022", "Var. % 22/21"],
             ["Victims identified", 35, 60, 110, pct(60, 110)],
             ["Persons arrested", 8, 11, 14, pct(11, 14)],
             ["Persons charged", 6, 9, 10, pct(9, 10)]]
    for y, (v, a, c) in ((2020, (35, 8, 6)), (2021, (60, 11, 9)), (2022, (110, 14, 10))):
        T(f, y, VD, v); T(f, y, PI, a); T(f, y, PP, c)
    write_xlsx(f, [S("By Region 2022", rows, merges=["A1:D1", "A2:D2"]), S("Nationality 2022", nat),
                   S("Age 2022", age), S("Trend", trend)])


# ---------------------------------------------------------------- GUY: pivot export + its source data
def guy_pivot():
    f = "GUY/GPF_TIP_pivot_export.xlsx"
    piv = [["Division", "(All)"], [],
           ["Sum of Count", "Column Labels"],
           ["Row Labels", "2020", "2021", "2022", "Grand Total"],  # Grand Total column: over years, excluded
           ["Persons arrested", 8, 11, 14, 33],
           ["Persons charged", 6, 9, 10, 25],
           ["Victims rescued", 35, 60, 110, 205],
           ["Female", 30, 49, 94, 173],
           ["Male", 5, 11, 16, 32],
           ["Grand Total", 49, 80, 134, 263]]  # sum of unlike measures: excluded
    for y, (a, c, v, fe, m) in ((2020, (8, 6, 35, 30, 5)), (2021, (11, 9, 60, 49, 11)), (2022, (14, 10, 110, 94, 16))):
        T(f, y, PI, a); T(f, y, PP, c); T(f, y, VD, v); T(f, y, VD, fe, sex="female"); T(f, y, VD, m, sex="male")
    # the pivot's source sheet: one row per division (sub-national) -> nothing stored from it
    divs = ["A Division", "B Division", "C Division", "D Division", "E & F Division", "G Division"]
    data = [["Division", "Year", "Measure", "Sex", "Count"]]
    totals = {(2020, "Persons arrested", "Total"): 8, (2020, "Persons charged", "Total"): 6,
              (2020, "Victims rescued", "Female"): 30, (2020, "Victims rescued", "Male"): 5,
              (2021, "Persons arrested", "Total"): 11, (2021, "Persons charged", "Total"): 9,
              (2021, "Victims rescued", "Female"): 49, (2021, "Victims rescued", "Male"): 11,
              (2022, "Persons arrested", "Total"): 14, (2022, "Persons charged", "Total"): 10,
              (2022, "Victims rescued", "Female"): 94, (2022, "Victims rescued", "Male"): 16}
    for (y, meas, sex), tot in totals.items():
        left = tot
        for i, d in enumerate(divs):
            share = left if i == len(divs) - 1 else (tot * (i + 2)) // 27
            share = min(share, left)
            left -= share
            if share:
                data.append([d, y, meas, sex, share])
    write_xlsx(f, [S("Pivot", piv), S("Data", data)])


# ---------------------------------------------------------------- MSR: zeros written as words
def msr_police():
    f = "MSR/RMPS_TIP_returns_2021-2022.csv"
    rows = [["Royal Montserrat Police Service - TIP returns"], ["Item", "2021", "2022"],
            ["Victims identified", "Nil", "None"], ["Persons arrested", "Nil", "Nil"],
            ["Persons prosecuted", "-", "-"], ["Persons convicted", 0, 0],
            ["Hotline calls (TIP)", 3, 1]]  # calls: no indicator
    for y in (2021, 2022):
        for ind in (VD, PI, PP, PC):
            T(f, y, ind, 0)
    write_csv(f, rows, ",", "utf-8")


# ---------------------------------------------------------------- MSR: fiscal-year annual report (no truth)
def msr_social():
    f = "MSR/Social_Services_Annual_Report_FY2021-22.ods"
    rows = [["Government of Montserrat — Social Services Department"], ["Annual Report FY2021/22"], [],
            ["Service area", "FY2020/21", "FY2021/22"],  # fiscal years: everything excluded
            ["Child protection referrals", 23, 31], ["Elderly care clients", 140, 152],
            ["TIP victims assisted", 0, 0]]
    write_ods(f, [S("Statistics", rows)])


# ---------------------------------------------------------------- KNA: islands + federation
def kna_police():
    f = "KNA/RSCNPF_TIP_2022.xlsx"
    rows = [["Royal St. Christopher and Nevis Police Force"], ["Trafficking in Persons, 2022"], [],
            ["", "St. Kitts", "Nevis", "Federation"],  # islands: excluded
            ["Victims identified", 3, 1, 4], ["Persons arrested", 1, 0, 1], ["Persons charged", 1, 0, 1]]
    T(f, 2022, VD, 4); T(f, 2022, PI, 1); T(f, 2022, PP, 1)
    write_xlsx(f, [S("TIP", rows)])


# ---------------------------------------------------------------- KNA: years as rows, ; csv
def kna_rows():
    f = "KNA/kna_ctip_2019-2021.csv"
    rows = [["Year", "Victims identified", "of which female", "of which minors", "Persons prosecuted", "Persons convicted"],
            [2019, 2, 2, 0, 1, 0], [2020, 0, 0, 0, 0, 0], ["2021 (provisional)", 5, 4, 1, 2, "n/a"]]
    for y, (v, fe, m, p, c) in ((2019, (2, 2, 0, 1, 0)), (2020, (0, 0, 0, 0, 0)), (2021, (5, 4, 1, 2, None))):
        T(f, y, VD, v); T(f, y, VD, fe, sex="female"); T(f, y, VD, m, age="child"); T(f, y, PP, p)
        if c is not None:
            T(f, y, PC, c)
    write_csv(f, rows, ";", "utf-8")


# ---------------------------------------------------------------- LCA: crime stats + by division
def lca_crime():
    f = "LCA/RSLPF_reported_crime_2021-2022.xlsx"
    off = [("Homicide", 40, 75), ("Serious assault", 310, 298), ("Rape", 52, 48), ("Robbery", 233, 207),
           ("Burglary", 612, 587), ("Trafficking in Persons", 2, 4), ("Migrant smuggling", 0, 1)]
    rows = [["Royal Saint Lucia Police Force — Reported crime, 2021–2022"], [],
            ["Offence", "2021", "2022", "Diff", "Var. %"]]
    for n, a, b in off:
        rows.append([n, a, b, b - a, pct(a, b)])
    rows.append(["Total", sum(o[1] for o in off), sum(o[2] for o in off), None, None])
    T(f, 2021, CI, 2); T(f, 2022, CI, 4)
    divs = ["Northern", "Southern", "Eastern", "Western", "Central"]
    bydiv = [["Reported crime by police division, 2022"], [], ["Offence"] + divs + ["All divisions"],
             ["Homicide", 30, 12, 8, 9, 16, 75], ["Robbery", 90, 31, 22, 18, 46, 207],
             ["Trafficking in Persons", 2, 1, 0, 1, 0, 4],  # divisions excluded; All divisions = national
             ["Burglary", 211, 99, 80, 70, 127, 587]]
    write_xlsx(f, [S("National", rows, merges=["A1:E1"]), S("By Division", bydiv)])


# ---------------------------------------------------------------- VCT: questionnaire tables (xls)
def vct_questionnaire():
    f = "VCT/RSVGPF_UNODC_questionnaire_2020-2021.xls"
    rows = [["UNODC GLOTIP data collection — Saint Vincent and the Grenadines"],
            ["Responding institution: Royal St. Vincent and the Grenadines Police Force (Anti-Trafficking in Persons Unit)"], [],
            ["Table 1. Persons brought into formal contact with the police (suspected, arrested, cautioned) for TIP"],
            ["", "2020", "2021"], ["Males", 2, 1], ["Females", 0, 1], ["Total", 2, 2], [],
            ["Table 2. Persons prosecuted for TIP"],
            ["", "2020", "2021"], ["Males", 1, 1], ["Females", 0, 0], ["Total", 1, 1], [],
            ["Table 3. Persons convicted of TIP"],
            ["", "2020", "2021"], ["Total", 0, 1], [],
            ["Table 4. Victims of TIP detected"],
            ["", "2020", "2021"], ["Women", 3, 2], ["Men", 0, 1], ["Girls", 1, 0], ["Boys", 0, 0], ["Total", 4, 3], [],
            ["Table 5. Victims detected, by citizenship"],
            ["", "2020", "2021"], ["Own country nationals", 1, 0], ["Foreign nationals", 3, 3], ["Total", 4, 3]]
    for y, i in ((2020, 0), (2021, 1)):
        for ind, (m, fe, t) in ((PI, ((2, 1), (0, 1), (2, 2))), (PP, ((1, 1), (0, 0), (1, 1)))):
            T(f, y, ind, m[i], sex="male"); T(f, y, ind, fe[i], sex="female"); T(f, y, ind, t[i])
        T(f, y, PC, (0, 1)[i])
        T(f, y, VD, (3, 2)[i], sex="female", age="adult"); T(f, y, VD, (0, 1)[i], sex="male", age="adult")
        T(f, y, VD, (1, 0)[i], sex="female", age="child"); T(f, y, VD, (0, 0)[i], sex="male", age="child")
        T(f, y, VD, (4, 3)[i])
        T(f, y, VD, (1, 0)[i], cit="national"); T(f, y, VD, (3, 3)[i], cit="foreign")
    write_xls(f, [S("Questionnaire", rows)])


# ---------------------------------------------------------------- TCA: border force, smuggling context
def tca_border():
    f = "TCA/TCI_Border_Force_enforcement_2022.xlsx"
    rows = [["Turks and Caicos Islands Border Force / Immigration Department"],
            ["Enforcement summary, Jan–Dec 2022"], [],
            ["Measure", "Number"],
            ["Irregular migrants intercepted at sea", "2,034"],  # smuggling / irregular migration: excluded
            ["  of whom Haitian nationals", "1,850"],
            ["Persons repatriated", "1,911"],
            ["Migrant smuggling suspects arrested", 14],
            ["TIP victims identified", 4],
            ["TIP suspects arrested", 2]]
    T(f, 2022, VD, 4); T(f, 2022, PI, 2)
    write_xlsx(f, [S("2022", rows, merges=["A1:B1", "A2:B2"])])


DOCS = [jam_crimes, jam_natfatip, jam_parish, tto_ctu, tto_long, tto_judiciary, bhs_questionnaire, bhs_dss,
        brb_bulletin, brb_ccb, blz_district, blz_labour, dom_pgr, dom_provinces, dom_monthly, cub_report,
        cub_sheets, hti_cnltp, hti_ibesr, hti_pivot, hti_pnh, sur_kps, sur_districts, sur_shelter, cuw_om,
        cuw_police, abw_taskforce, abw_kpa, sxm_kpsm, sxm_court, aia_rapf, atg_sheets, atg_dpp, vgb_crime,
        vgb_social, cym_crime, dma_police, grd_police, grd_taskforce, guy_mol, guy_pivot, msr_police,
        msr_social, kna_police, kna_rows, lca_crime, vct_questionnaire, tca_border]

COLS = ["file", "country_iso3", "year", "indicator", "sex", "age_group", "exploitation", "citizenship", "value"]


def main():
    if os.path.isdir(RAW):
        shutil.rmtree(RAW)
    for d in DOCS:
        d()
    # one row per key and file; the same figure shown in two tables must agree
    seen = {}
    for r in TRUTH:
        k = tuple(r[c] for c in COLS[:-1])
        assert seen.get(k, r["value"]) == r["value"], ("conflicting truth", k)
        seen[k] = r["value"]
    with open(os.path.join(HERE, "truth.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLS)
        for k in sorted(seen, key=lambda k: tuple(str(x) for x in k)):
            # The British Virgin Islands are not a CMC member (schemas/region.csv): intake rejects
            # their files, rightly, so their figures are no truth of what ctip should store.
            if k[COLS.index("country_iso3")] == "VGB":
                continue
            w.writerow(list(k) + [seen[k]])
    with open(os.path.join(HERE, "ambiguous.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, COLS + ["why"])
        w.writeheader()
        w.writerows(AMBIG)
    n_files = sum(len(fs) for _, _, fs in os.walk(RAW))
    print("files: %d, truth rows: %d, ambiguous: %d" % (n_files, len(seen), len(AMBIG)))


if __name__ == "__main__":
    main()
