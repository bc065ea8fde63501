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
from ctip.schema import word_set
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
    # A person named without a field beside the name: after a title, with an age, after "prepared
    # by", in a source or notes column (finding J-E). After the cells beside fields: this weaker
    # evidence never reaches into a neighbouring label.
    _scrub_persons(sheets, scrubbed, findings, names)
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


# --------------------------------------------------------------------------------------------
# A person named without any field beside the name (finding J-E): "of which: <name> (14)", a
# Source cell "Insp. <name>, CTU", a title "Informe preparado por: Lic. <name>, Fiscalía".
# --------------------------------------------------------------------------------------------

# An age in brackets right after a name: "(14)", "(14 yrs)", "(14 años)", "[aged 14]".
_ACCENTED = {"a": "[aáàâä]", "e": "[eéèêë]", "i": "[iíìîï]", "o": "[oóòôö]", "u": "[uúùûü]", "n": "[nñ]", "c": "[cç]"}


def _words_pattern(key: str) -> str:
    """The words of `words.<key>` (schemas/lang, written without accents) as one alternation that
    matches them with or without accents ("anos" matches "años"), longest first."""
    words = sorted(word_set(f"words.{key}"), key=lambda w: (-len(w), w))
    return "|".join("".join(_ACCENTED.get(ch, r"\s+" if ch == " " else re.escape(ch)) for ch in w) for w in words)


_AGE = re.compile(rf"\s*[(\[]\s*(?:(?:{_words_pattern('age_before')})\s+)?\d{{1,2}}\s*(?:{_words_pattern('age_after')})?\.?\s*[)\]]", re.I)
# Two capitalised words in a row, or a title, or a capitalised word and an age in brackets
# ('<name> (14)', attack6 K-F): the cells worth reading word by word.
_TWO_CAPS = re.compile(r"[^\W\d_a-zß-ÿ][^\s]*\s+[^\W\d_a-zß-ÿ]|[^\W\d_a-zß-ÿ][\w'’\-]*\s*[(\[]\s*(?:[^\W\d_]+\s+)?\d{1,2}(?!\d)")
# A cell about one case: 'Case <initials and surnames>', 'Caso: …', 'Zaak …' (attack6 K-F).
_CASE_LABEL = re.compile(rf"^\s*(?:{_words_pattern('case_sheet_words')})(?![^\W\d_])", re.I)
# Inside a cell: '... - case of <Name> <Surname>', 'caso de …', 'affaire …' (attack6 K-Q): the
# case word, then a capitalised word (the flag scoped to the words: the capital must be one).
_CASE_OF = re.compile(rf"(?<![^\W\d_])(?i:{_words_pattern('case_sheet_words')})(?:\s+(?i:of|de|del|du|van))?\s*[:#\-]?\s+(?=[^\W\d_a-zß-ÿ])")
# What may stand before a first name with an age: the start of the cell, a colon or a list's comma
# ('Girls: <name> (14), <name> (16)'), or 'of which' ('of which: <name> (14)').
_BEFORE_LISTED = re.compile(r"(?:^|[:;,/(\-])\s*$")
_PART_OF = re.compile(rf"(?<![a-z])(?:{_alt(sorted(word_set('words.part_of')))})\s*$")


@lru_cache(maxsize=1)
def _person_words() -> tuple[frozenset[str], re.Pattern, frozenset[str], frozenset[str]]:
    """(titles, a pattern of the words before a name, headers of free-text columns, those words
    alone), from schemas/privacy.yaml."""
    cfg = privacy.config()
    titles = frozenset(normalise(str(w)) for w in cfg.get("honorifics") or () if normalise(str(w)))
    context = [str(w) for w in cfg.get("name_context") or ()]
    heads = frozenset(normalise(str(w)) for w in cfg.get("free_text_headers") or ())
    return titles, re.compile(rf"(?<![a-z])(?:{_alt(context)})(?![a-z])"), heads, frozenset(normalise(w) for w in context)


def _person_runs(text: str, start: int = 0) -> list[tuple[int, int, bool, int, str, int]]:
    """(start, end, titled, name words, the name without its title, initials) of each run of
    capitalised words that are no known word, a title ("Insp.", "Lic.", "Mme") possibly before them
    and initials ("W. <surname>", attack6 K-F) before or among them; from `start` on."""
    vocab, particles = privacy.vocabulary(), privacy._particles()
    titles = _person_words()[0]
    runs: list[list[tuple[re.Match, str]]] = []
    current: list[tuple[re.Match, str]] = []
    for m in _WORD.finditer(text, start):
        tok = m.group().rstrip(".")
        low = normalise(tok)
        adjacent = not current or text[current[-1][0].end() : m.start()].strip() == ""
        capital = tok[:1].isupper()
        title = capital and low in titles
        known = low in vocab or all(p in vocab for p in low.split())
        is_name = capital and not title and not (tok.isupper() and len(tok) <= 4) and len(low) >= 2 and not known
        initial = len(tok) == 1 and tok.isupper() and m.group().endswith(".")
        if adjacent and title and all(k == "title" for _, k in current):
            current.append((m, "title"))
            continue
        if adjacent and initial and current and current[-1][1] != "particle":
            current.append((m, "initial"))
            continue
        if adjacent and is_name:
            current.append((m, "name"))
            continue
        if adjacent and current and tok.islower() and low in particles and any(k == "name" for _, k in current):
            current.append((m, "particle"))  # 'María de la Cruz': kept only if a name word follows
            continue
        runs.append(current)
        current = [(m, "title")] if title else [(m, "name")] if is_name else [(m, "initial")] if initial else []
    runs.append(current)
    out = []
    for run in runs:
        while run and run[-1][1] != "name":
            run = run[:-1]
        names = [m for m, k in run if k != "title"]
        if not names:
            continue
        n = sum(1 for _, k in run if k == "name")
        initials = sum(1 for _, k in run if k == "initial")
        out.append((run[0][0].start(), run[-1][0].end(), run[0][1] == "title", n, text[names[0].start() : names[-1].end()], initials))
    return out


@lru_cache(maxsize=20_000)
def person_spans(text: str, free_text: bool = False) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]]:
    """((start, end) of each person's name in `text`, the names): a title and a capitalised word
    that is no known word ("Mr. <name>"); or two or more such words followed by an age in brackets
    ("<name> (14)"), after a word such as "prepared by" or "contact" in the cell, or anywhere in a
    free-text cell (`free_text`: a source or notes column, the cell after "Prepared by:")."""
    if not _TWO_CAPS.search(text):
        return (), ()
    case = _CASE_LABEL.match(text)  # the word 'Case' is no name: the names follow it
    context = free_text or bool(case) or bool(_CASE_OF.search(text)) or bool(_person_words()[1].search(normalise(text)))
    runs = [(run, _AGE.match(text, run[1])) for run in _person_runs(text, case.end() if case else 0)]
    # first names with an age ('Girls: <name> (14), <name> (16)') and initials with a surname
    # ('<initial>. <surname> / <initial>. <surname>'): two in one cell make a list of persons
    aged = sum(1 for (_, _, titled, n, _, ini), age in runs if age and n == 1 and not titled and not ini)
    initialled = sum(1 for (_, _, _, n, _, ini), _ in runs if ini and n >= 1)
    spans, names = [], []
    for (a, b, titled, n, name, initials), age in runs:
        if not (
            (titled and n >= 1)
            or (n + initials >= 2 and (age or context or initialled >= 2))
            or (n == 1 and age and (context or aged >= 2 or _listed(text, a)))
        ):
            continue
        spans.append((a, age.end() if age else b))
        names.append(name)
    return tuple(spans), tuple(names)


def _listed(text: str, start: int) -> bool:
    """Whether a first name with an age at `start` stands where a person is written: alone in the
    cell, after a colon or a list's comma, or after 'of which' ('of which: <name> (14)'); not
    inside a sentence ('victims identified in <place> (14)')."""
    before = text[:start]
    return bool(_BEFORE_LISTED.search(before) or _PART_OF.search(normalise(before)))


def _replace(text: str, spans: tuple[tuple[int, int], ...]) -> str | None:
    """`text` with each span replaced by the marker; None when nothing else is left in it."""
    mark = privacy.config()["scrubbed"]
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a] + mark)
        pos = b
    out.append(text[pos:])
    # 'Girls: [removed], [removed]' -> 'Girls: [removed]': the marker says a name was there, not how many
    new = re.sub(rf"{re.escape(mark)}(?:[\s,;/\-]*{re.escape(mark)})+", mark, "".join(out))
    return None if not any(ch.isalnum() for ch in new.replace(mark, "")) else new


def _free_text_cells(rows: list[list[object]]) -> set[tuple[int, int]]:
    """The cells under a free-text header (Source, Notes, Contact, ...) and the cell right of one
    that says only "Prepared by:" or "Contact:"."""
    _, _, heads, context = _person_words()
    out: set[tuple[int, int]] = set()
    start: dict[int, int] = {}
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v.__class__ is not str or len(v) > 40:
                continue
            low = normalise(v)
            if low in heads and c not in start:
                start[c] = r
            if low in context:
                k = _neighbour(row, c, 1)
                if k is not None:
                    out.add((r, k))
    for c, r0 in start.items():
        out.update((r, c) for r in range(r0 + 1, len(rows)))
    return out


def _scrub_persons(sheets: list[SheetGrid], scrubbed: set[tuple[int, int, int]], findings: list[privacy.Finding], names: set[str]) -> None:
    """Replace, in place, each name `person_spans` finds in a text cell not already scrubbed."""
    for position, sheet in enumerate(sheets, 1):
        free = None
        for r, row in enumerate(sheet.rows):
            for c, v in enumerate(row):
                if v.__class__ is not str or (position, r, c) in scrubbed or not _TWO_CAPS.search(v):
                    continue
                if free is None:
                    free = _free_text_cells(sheet.rows)
                spans, found = person_spans(v, (r, c) in free)
                if not spans:
                    continue
                row[c] = _replace(v, spans)
                names.update(found)
                scrubbed.add((position, r, c))
                findings.append(privacy.Finding(position, len(sheets), ["name"], "text", (r, r), (c, c), sheet.name))


_UNMATCHED = re.compile(r"matches no indicator|is not a known dimension value|not a known value|names several indicators")


def scrub_unmatched(outcomes: list, sheets: list[SheetGrid]) -> list[privacy.Finding]:
    """A label that matched nothing is echoed to the sender (the quarantine, the summary, the
    suggested mapping): when it holds two or more capitalised words that are no known word (a
    person's name, finding J-E), the name is replaced by the marker in the readings, the reasons,
    the notes and every cell of the sheets (the annotated copy) before anything is echoed. A label
    that matched is never touched, so nothing read changes. One finding per cell changed."""
    names: set[str] = set()
    for o in outcomes:
        for r in (*o.readings, *o.unread_cells):
            if r.problem and r.raw_label and _UNMATCHED.search(r.problem):
                for part in str(r.raw_label).split(" | "):
                    names.update(person_spans(part, True)[1])
    if not names:
        return []
    matcher = NameMatcher(names)
    mark = privacy.config()["scrubbed"]
    for o in outcomes:
        o.notes = [matcher.sub(mark, n) for n in o.notes]
        for r in (*o.readings, *o.unread_cells):
            if r.raw_label and matcher.search(str(r.raw_label)):
                r.raw_label = matcher.sub(mark, str(r.raw_label))
            if r.problem and matcher.search(r.problem):
                r.problem = matcher.sub(mark, r.problem)
            if isinstance(r.raw_value, str) and matcher.search(r.raw_value):
                r.raw_value = matcher.sub(mark, r.raw_value)
    findings = []
    for position, sheet in enumerate(sheets, 1):
        sheet.notes = [matcher.sub(mark, n) for n in sheet.notes]
        for r, row in enumerate(sheet.rows):
            for c, v in enumerate(row):
                if v.__class__ is str and matcher.search(v):
                    row[c] = privacy.redact_text(v, matcher)
                    findings.append(privacy.Finding(position, len(sheets), ["name"], "text", (r, r), (c, c), sheet.name))
    return findings


# A sheet named after one case: 'Case <name>', 'Caso: <name>', 'Zaak van <name>', or a person and an
# age ('<name> 14 años', '<name>, 16 years'). The name is a run of capitalised words that are no known word.
_CASE_SHEET = re.compile(rf"^\s*(?:{_words_pattern('case_sheet_words')})(?![^\W\d_])[\s:#.,\-]*(?:(?:of|de|del|du|van)\s+)?(?P<rest>.+)$", re.I)
_AGE_SHEET = re.compile(rf"(?<!\d)\d{{1,2}}\s*(?:{_words_pattern('age_after')}|y/o)(?![^\W\d_])", re.I)


def case_sheet_names(name: str) -> list[str]:
    """The person's name in a sheet name that is about one case or one person of a given age, or []
    ('Cases 2022', 'Casos judicializados', 'Victims 2022' hold none)."""
    m = _CASE_SHEET.match(name)
    if m:
        rest = m.group("rest")
        return [rest[a:b] for a, b, _ in _names(rest, [])]
    if _AGE_SHEET.search(name):
        return [name[a:b] for a, b, _ in _names(name, [])]
    return _bare_name(name)


def _bare_name(name: str) -> list[str]:
    """A sheet named with a person's name alone ('Keisha Lewis', 'Marie de la Cruz'): the whole
    name one run of capitalised words that are no known word, no digit. A false alarm ('Port
    Royal') only calls the sheet by its position; a name kept is copied into every output."""
    runs = _names(name, [])
    if len(runs) != 1 or any(ch.isdigit() for ch in name):
        return []
    a, b, _ = runs[0]
    return [name[a:b]] if not _WORD.search(name[:a]) and not _WORD.search(name[b:]) else []


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
