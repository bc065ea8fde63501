"""Personal data written inside a text cell: a footnote or a row label about one person (finding H-D).

`privacy` finds *lists* of people (columns or rows of names, e-mails, document numbers). A single
person can also be described in one cell: "* includes the minor K. B. (born 05/02/2009, passport
A5520917), tel. 876-555-0199, kb@mail.com" under a table, or a row label "Victims identified (case
of <name>, DOB 12/03/2006)". Those fields have fixed shapes: an e-mail address anywhere; a date
right after a birth word, a document number after a document word or shaped like a passport
number, a phone number after a phone word or shaped like one (the categories' header words in
schemas/lang/<language>.yaml `privacy.header_phrases`). A name written in the same cell as such a
field (capitalised words that are no known word: `privacy.vocabulary`) is the person's, so it is
removed too, and from every other cell of the file where it comes back. A note is often typed over
two or three cells of a row ("* includes the minor <name>" | "passport …, born …"; "Referred by:" |
<name> | "tel. …", finding I-K): the next text cell left and right of a cell with a field is read
with the same name rule, and a name found there is removed the same way (labels keep their words).

Each field is replaced, in the sheets as read and before anything is extracted, by the marker
quarantine text uses; the rest of the cell stays (a label still names its indicator). What is said
about it names the cell and the kinds of data, never the values."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ctip.intake import privacy
from ctip.intake.name_match import NameMatcher
from ctip.intake.read import SheetGrid
from ctip.vocabulary.normalise import normalise

# A cell worth looking at: an '@', or a run of digits and separators long enough for a date, a
# phone or a document number. Most text cells (labels without numbers) are skipped at once.
_HINT = re.compile(r"@|\d[\d\s./()\-]{5,}\d|[A-Za-z]\d{5,}")
_DATE = r"(?:\d{1,2}[./\-]\d{1,2}[./\-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}(?:st|nd|rd|th|er)?\s+(?:de\s+)?[a-z]{3,10}\.?\s+(?:de\s+)?\d{4})(?!\d)"
_TOKEN = r"[a-z0-9][a-z0-9\-/]{3,19}(?![a-z0-9])"
_PHONE = r"\+?\(?\d[\d\s().\-/]{5,22}\d(?!\d)"
# between a field's word and its value: punctuation and one short word ('passport no.', 'nr', 'number')
_SEP = r"[\s:.,#°º\-]{0,4}(?:[a-z]{1,6}[\s:.#°º\-]{1,3})?"
# Shapes that need no word before them: a passport-like number (letters then 6-9 digits), a
# North American / Caribbean phone number (876-555-0199, (876) 555 0199, +1 876 555 0199) or an
# international one (+44 20 7946 0958).
_PASSPORT = re.compile(r"(?<![a-z0-9/])[a-z]{1,3}\d{6,9}(?![a-z0-9/])")
_NANP = re.compile(
    r"(?<![\w.])(?:\+?1[\s.\-]?)?\(?\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}(?![\w])|(?<![\w.])\+\d{1,3}[\s.\-]?\(?\d{1,4}\)?(?:[\s.\-]?\d{2,5}){2,4}(?![\w])"
)
_YEARS_ONLY = re.compile(r"^(?:\D*(?:19|20)\d\d)+\D*$")
_GAP = 3  # the farthest column, left or right, a name beside a field is looked for
_WORD = re.compile(r"[^\W\d_][\w'’\-]*\.?")


def _fold_char(ch: str) -> str:
    """One character, lower case, without its accent: the text keeps its length, so a match found
    on the folded text is replaced at the same place in the original."""
    if ch.isascii():
        return ch.lower()
    base = [c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)]
    return base[0].lower() if len(base) == 1 and len(base[0].lower()) == 1 else "?"


def _folded(text: str) -> str:
    return "".join(_fold_char(ch) for ch in text)


def _alt(words: list[str]) -> str:
    ws = sorted({normalise(w) for w in words if normalise(w)}, key=lambda w: (-len(w), w))
    return "|".join(r"[\s.\-]*".join(re.escape(p) for p in w.split()) for w in ws)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    heads = privacy._header_lists("header_phrases")
    word = lambda cat: rf"(?<![a-z])(?:{_alt(heads.get(cat, []))})(?![a-z])"  # noqa: E731
    return {
        "birth_date": re.compile(rf"{word('birth_date')}[\s:.,\-]{{0,4}}(?:[a-z]{{1,3}}\s+)?(?P<v>{_DATE})"),
        "id_number": re.compile(rf"{word('id_number')}{_SEP}(?P<v>{_TOKEN})"),
        "phone": re.compile(rf"{word('phone')}{_SEP}(?P<v>{_PHONE})"),
    }


def _spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, category) of each personal field in `text`."""
    low = _folded(text)
    out: list[tuple[int, int, str]] = [(m.start(), m.end(), "email") for m in privacy._EMAIL.finditer(text)]
    for cat, pattern in _patterns().items():
        for m in pattern.finditer(low):
            v = m.group("v")
            digits = sum(ch.isdigit() for ch in v)
            if cat == "id_number" and (digits < 4 or _YEARS_ONLY.match(v)):
                continue
            if cat == "phone" and (digits < 7 or _YEARS_ONLY.match(v) or privacy._THOUSANDS.match(v.strip())):
                continue
            out.append((m.start(), m.end("v"), cat))  # the word too: 'DOB [removed]' would be read as a qualifier
    out += [(m.start(), m.end(), "id_number") for m in _PASSPORT.finditer(low) if not _YEARS_ONLY.match(m.group())]
    out += [(m.start(), m.end(), "phone") for m in _NANP.finditer(low) if not _YEARS_ONLY.match(m.group())]
    return out


def _names(text: str, taken: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Runs of two or more capitalised words that are no known word (a person's name), outside the
    fields already found; name particles ('de', 'van') may stand inside a run."""
    vocab, particles = privacy.vocabulary(), privacy._particles()
    runs: list[list[re.Match]] = []
    current: list[re.Match] = []
    for m in _WORD.finditer(text):
        tok = m.group().rstrip(".")
        low = normalise(tok)
        inside = any(a <= m.start() < b for a, b, _ in taken)
        is_name = not inside and tok[:1].isupper() and not (tok.isupper() and len(tok) <= 4) and len(low) >= 2 and low not in vocab
        gap = text[current[-1].end() : m.start()] if current else ""
        if is_name and (not current or gap.strip() == ""):
            current.append(m)
            continue
        if current and tok.islower() and low in particles and gap.strip() == "":
            current.append(m)  # 'María de la Cruz': kept only if a name word follows
            continue
        runs.append(current)
        current = [m] if is_name else []
    runs.append(current)
    out = []
    for run in runs:
        while run and run[-1].group().islower():
            run = run[:-1]
        if sum(1 for m in run if not m.group().islower()) >= 2:
            out.append((run[0].start(), run[-1].end(), "name"))
    return out


def scrub_cell(text: str) -> tuple[str, list[str], list[str]]:
    """(text with each personal field replaced by the marker, categories found in privacy.ORDER,
    names found); the text unchanged and empty lists when there is none."""
    if not _HINT.search(text):
        return text, [], []
    fields = _spans(text)
    if not fields:
        return text, [], []
    fields += _names(text, fields)
    mark = privacy.config()["scrubbed"]
    spans = sorted(fields)
    out, pos = [], 0
    for a, b, _ in spans:
        if a < pos:
            a = pos
        if b <= a:
            continue
        out.append(text[pos:a] + mark)
        pos = b
    out.append(text[pos:])
    # 'case of [removed], [removed]' -> 'case of [removed]': one marker, so a label still reads
    joined = re.sub(rf"{re.escape(mark)}(?:[\s,;:/\-]*{re.escape(mark)})+", mark, "".join(out))
    cats = {c for _, _, c in fields}
    names = [text[a:b] for a, b, c in fields if c == "name"]
    return joined, [c for c in privacy.ORDER if c in cats], names


def scrub_sheets(sheets: list[SheetGrid]) -> tuple[list[privacy.Finding], dict[str, str]]:
    """Replace the personal fields of every text cell (in place) and the names found beside them
    wherever else they are written; one finding per cell changed, as `privacy.explain` tells it.

    A sheet's own name is personal data too when it holds such a field ("DOB 12/03/2006") or one of
    the names found ("Case <name>", finding I-B): the sheet is then called by its position
    ("sheet 2") from here on, so no reading, quarantine row, staged row, feedback file or lineage
    column copies the name, and a 'sheet_name' finding tells the sender which sheet, by position.
    Returns (findings, {original sheet name: new name})."""
    findings: list[privacy.Finding] = []
    names: set[str] = set()
    personal_names: dict[int, list[str]] = {}  # sheet position -> categories its own name holds
    scrubbed: set[tuple[int, int, int]] = set()  # (sheet position, row, column) of each cell with a field
    sheet_names = [sheet.name for sheet in sheets]
    for position, sheet in enumerate(sheets, 1):
        if isinstance(sheet.name, str) and not sheet.named_by_file:
            _, cats, found = scrub_cell(sheet.name)
            if cats:
                personal_names[position] = cats
                names.update(found)
            elif found := case_sheet_names(sheet.name):  # 'Case <name>', '<name> 14 años' (attack5 J-P)
                personal_names[position] = ["name"]
                names.update(found)
        for r, row in enumerate(sheet.rows):
            for c, v in enumerate(row):
                if v.__class__ is not str:
                    continue
                new, cats, found = scrub_cell(v)
                if not cats:
                    continue
                row[c] = new
                names.update(found)
                findings.append(privacy.Finding(position, len(sheets), cats, "text", (r, r), (c, c), sheet.name))
                scrubbed.add((position, r, c))
    # A note typed over two or three cells of a row ("* includes the minor <name>" | "passport …,
    # born …", finding I-K): the name beside the field is in the next text cell, left or right.
    for position, r, c in sorted(scrubbed):
        row = sheets[position - 1].rows[r]
        for k in (_neighbour(row, c, -1), _neighbour(row, c, 1)):
            if k is None or (position, r, k) in scrubbed:
                continue
            found = [row[k][a:b] for a, b, _ in _names(row[k], [])]
            if found:
                names.update(found)
                scrubbed.add((position, r, k))  # told once, however many fields stand beside it
                findings.append(privacy.Finding(position, len(sheets), ["name"], "text", (r, r), (k, k), sheet_names[position - 1]))
    if names:
        vocab = privacy.vocabulary()
        parts = {p for n in names for p in re.split(r"[\s,'’\-.]+", n) if len(p) >= privacy.MIN_NAME_PART and p[:1].isupper() and normalise(p) not in vocab}
        matcher = NameMatcher(names | parts)
        for position, sheet in enumerate(sheets, 1):
            privacy.redact_cells(sheet.rows, matcher)
            if isinstance(sheet.name, str) and matcher.search(sheet.name) and "name" not in personal_names.get(position, []):
                personal_names[position] = [c for c in privacy.ORDER if c in {*personal_names.get(position, []), "name"}]
    renamed = _rename(sheets, personal_names)
    for f in findings:
        f.sheet = renamed.get(f.sheet, f.sheet)
    for position, cats in sorted(personal_names.items()):
        findings.append(privacy.Finding(position, len(sheets), cats, "sheet_name", sheet=sheets[position - 1].name))
    return findings, renamed


# A sheet named after one case: 'Case <name>', 'Caso: <name>', 'Zaak van <name>', or a person and an
# age ('<name> 14 años', '<name>, 16 years'). The name is a run of capitalised words that are no known word.
_CASE_SHEET = re.compile(r"^\s*(?:case|caso|cas|zaak|affaire|expediente|dossier)(?![^\W\d_])[\s:#.,\-]*(?:(?:of|de|del|du|van)\s+)?(?P<rest>.+)$", re.I)
_AGE_SHEET = re.compile(r"(?<!\d)\d{1,2}\s*(?:años|anos|años de edad|years?(?: old)?|yrs?|y/o|ans|jaar)(?![^\W\d_])", re.I)


def case_sheet_names(name: str) -> list[str]:
    """The person's name in a sheet name that is about one case or one person of a given age, or []
    ('Cases 2022', 'Casos judicializados', 'Victims 2022' hold none)."""
    m = _CASE_SHEET.match(name)
    if m:
        rest = m.group("rest")
        return [rest[a:b] for a, b, _ in _names(rest, [])]
    if _AGE_SHEET.search(name):
        return [name[a:b] for a, b, _ in _names(name, [])]
    return []


def _neighbour(row: list[object], c: int, step: int) -> int | None:
    """The column of the first filled cell from `c` in direction `step` when it holds text (a
    number or a date beside the field ends the note), else None."""
    k = c + step
    # at most two blank cells between (a merged or widened cell), so a far column is never "beside"
    while 0 <= k < len(row) and abs(k - c) <= _GAP and (row[k] is None or (row[k].__class__ is str and not row[k].strip())):
        k += step
    return k if 0 <= k < len(row) and abs(k - c) <= _GAP and row[k].__class__ is str else None


def _rename(sheets: list[SheetGrid], personal: dict[int, list[str]]) -> dict[str, str]:
    """Call each sheet at a position of `personal` by that position (in place, its notes too);
    returns {old name: new name}."""
    taken = {s.name for s in sheets}
    renamed: dict[str, str] = {}
    for position in sorted(personal):
        sheet = sheets[position - 1]
        new, k = f"sheet {position}", 2
        while new in taken:
            new, k = f"sheet {position} ({k})", k + 1
        taken.add(new)
        renamed[sheet.name] = new
    for sheet in sheets:
        if sheet.name in renamed:
            old = sheet.name
            sheet.name = renamed[old]
            sheet.notes = [privacy.rename_in_text(n, {old: sheet.name}) for n in sheet.notes]
    return renamed
