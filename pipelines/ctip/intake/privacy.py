"""Find case-level personal data in a submission, region by region, and remove it before any
cell is read.

The network collects aggregate counts only. A ministry may still send a list of people, on its
own or beside its figures, and rarely under the textbook headers: French `Nom`/`Prénom`, a Dutch
`Naam` two rows down, names as the row labels of a figures table, a transposed list, e-mails and
birth dates under vague headers, a list under 5,000 rows of figures. So every sheet is scored
cell by cell, and the columns (and, for transposed lists, the rows) are searched for runs of
person-level content:

* by content alone: e-mail addresses, phone numbers, document numbers (passport, ID), and
  columns of distinct personal names (two or more capitalised words that are neither indicator
  or dimension words nor country, place, institution or month names: schemas/privacy.yaml);
  dates that spread over decades like dates of birth, beside any of these;
* by header and content together: a header naming a category (four languages and their
  abbreviations, schemas/privacy.yaml) with cells of the matching shape under it or beside it;
  an age column of single years with a sex column of single-person codes (one row per person).

Each run grows into the table it belongs to (the columns filled along it, the rows that still
hold personal content, the header row above), and that region is removed: its cells are set to
None in the sheets as read, so no reader, quarantine row, staging file, feedback file, log line
or Dagster event can copy them. The names, e-mails and document numbers a region held are then
removed from every other text cell of the file too (a note "see <name> file" on another sheet,
a surname alone, a label, a sheet's name), replaced by the marker quarantine text uses. A sheet
holding such a region is called by its position
("sheet 2") everywhere afterwards: a sheet may be named after a person. What is said about a
region names the kinds of content, its rows and columns and the sheet's position: our words,
never the sender's. The rest of the file is read as usual.

Quarantine rows of any file keep at most a short, scrubbed copy of what the sender wrote
(`scrub_text`): e-mails, phone numbers and document numbers are replaced."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ctip.intake.name_match import NameMatcher
from ctip.intake.read import SheetGrid, column_letter
from ctip.intake.values import YEAR_PERIOD
from ctip.paths import SCHEMAS_DIR
from ctip.schema import load_words
from ctip.schema import words as language_words
from ctip.vocabulary.labels import ROW_VOCABULARY
from ctip.vocabulary.normalise import normalise
from ctip.yamlio import parse_yaml

MAX_HEADER_CHARS = 60
MIN_PEOPLE = 2  # cells under a personal header with the right shape
MIN_CONTENT = 3  # distinct e-mails, phone numbers, document numbers or names in one run
MIN_PERSON_ROWS = 5  # rows with a single age and a single-person sex code
GAP = 3  # rows without a hit that a run may span
MAX_NAME_CHARS = 80
STRONG = ("email", "phone", "id_number")
ORDER = ("name", "birth_date", "id_number", "phone", "email", "address", "person_rows")
QUARANTINE_LABEL_CHARS = 120
QUARANTINE_VALUE_CHARS = 60

_EMAIL = re.compile(r"[^@\s,;<>()]{1,64}@[^@\s,;<>()]{1,255}\.[A-Za-z]{2,24}")
_EMAIL_WHOLE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[A-Za-z]{2,24}$")
_PHONE = re.compile(r"^(?=(?:\D*\d){7,15}\D*$)\+?[\d\s().\-/]{7,24}$")
_PHONE_IN = re.compile(r"(?<![\w.])\+?\(?\d{1,4}\)?(?:[\s.\-/]?\(?\d{2,5}\)?){2,5}(?![\w])")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[ .,\u00a0]\d{3})+$")
_YEAR_RANGE = re.compile(r"^\d{4}\s*[-–/]\s*\d{2,4}$")
_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$|^(\d{4})-(\d{1,2})-(\d{1,2})")
# A document number: letters and digits, at least 4 digits (ZX9934871Q, AB1234567, P-123456-7).
_ID = re.compile(r"^(?=(?:[^\d]*\d){4})(?=.*[A-Za-z])[A-Za-z0-9][A-Za-z0-9\-/]{4,19}$")
_ID_DIGITS = re.compile(r"^\d{3}-\d{6,8}-\d$")  # cédula-like: 001-1234567-8
_ID_IN = re.compile(
    r"(?<![\w])(?=[A-Za-z0-9\-]*\d[A-Za-z0-9\-]*\d[A-Za-z0-9\-]*\d[A-Za-z0-9\-]*\d)"
    r"(?=[A-Za-z0-9\-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9\-]{5,19}(?![\w])"
)
_CELL_REF = re.compile(r"^[A-Z]{1,3}[1-9][0-9]{0,6}$")
_NAME_TOKEN = re.compile(r"^[^\W\d_][^\W\d_'’\-.]*(?:['’\-][^\W\d_]+)*\.?$")
_INITIAL = re.compile(r"^[^\W\d_]\.$")


# --------------------------------------------------------------------------------------------
# Configuration (schemas/privacy.yaml) and vocabulary.
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def config() -> dict:
    """schemas/privacy.yaml, parsed once: the header words and patterns that mark personal data."""
    return parse_yaml((SCHEMAS_DIR / "privacy.yaml").read_text(encoding="utf-8"))


def _header_lists(key: str) -> dict[str, list[str]]:
    """The headers of each category in every language (`privacy: {header_phrases: {name: [...]}}` in
    schemas/lang/<language>.yaml): a new language needs no edit here."""
    out: dict[str, list[str]] = {}
    for spec in load_words().values():
        for cat, ws in (((spec.get("privacy") or {}).get(key)) or {}).items():
            out.setdefault(cat, []).extend(str(w) for w in ws or ())
    return out


@lru_cache(maxsize=1)
def _phrases() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    phrases = {cat: {normalise(p) for p in ps} for cat, ps in _header_lists("header_phrases").items()}
    words = {cat: {normalise(p) for p in ws} for cat, ws in _header_lists("header_words").items()}
    return phrases, words


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


_LABEL_SECTIONS = ("indicators", "not_indicators", "dimensions", "compounds", "headers", "offence_counts", "markers")
# The row vocabulary's lists (words: in a language file) also say a word is not a name, with the
# words of laws, tables and year spans; the small grammar words ('si', 'via', 'plan') would hide
# real names.
_ROW_VOCABULARY = (*ROW_VOCABULARY, "law_words", "table_words", "full_year_spans")


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Normalised words that are not personal names: every word of the indicator and dimension
    schemas and of every language's words read in files, every country's name in each language,
    and schemas/privacy.yaml's list."""
    words: set[str] = set()
    cfg = config()
    texts = list(cfg["not_name_words"]) + _not_name_words_by_language() + _strings(_header_lists("header_phrases")) + _strings(_header_lists("header_words"))
    texts += _strings(_header_lists("person_attributes")) + _strings(_single_sex_words())
    for name in ("indicators.yaml", "dimensions.yaml", "country_aliases.yaml"):
        path = SCHEMAS_DIR / name
        if path.exists():
            texts += _strings(parse_yaml(path.read_text(encoding="utf-8")))
    for lang, spec in load_words().items():  # the words a file's labels are read with (not the phrases written)
        texts += [lang, *_strings({k: spec.get(k) for k in _LABEL_SECTIONS})]
        texts += _strings({k: v for k, v in (spec.get("words") or {}).items() if k in _ROW_VOCABULARY})
    try:
        import pycountry

        from ctip.region import country_aliases

        for country in pycountry.countries:
            texts.append(country.name)
            texts += sorted(country_aliases(country.alpha_3))
    except Exception:  # the vocabulary only widens what is not a name
        pass
    for text in texts:
        words.update(normalise(text).split())
    return frozenset(w for w in words if w)


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    return frozenset(p for w in config()["name_particles"] for p in str(w).split())


def header_category(text: object) -> str | None:
    """The personal-data category a column header names, if any."""
    if not isinstance(text, str) or not text or len(text) > MAX_HEADER_CHARS:
        return None
    return _header_category(text)


@lru_cache(maxsize=100_000)
def _header_category(text: str) -> str | None:
    # cached like the vocabulary it reads (config() is parsed once): every cell of every sheet is asked
    h = normalise(text).replace("#", "").replace("n°", "").replace("nº", "").strip(" .:")
    if not h:
        return None
    phrases, words = _phrases()
    for cat, ps in phrases.items():
        if h in ps:
            return cat
    tokens = h.split()
    if len(tokens) <= 6:
        for cat, ws in words.items():
            if any(t in ws for t in tokens):
                return cat
    return None


@lru_cache(maxsize=1)
def _attribute_headers() -> dict[str, set[str]]:
    return {k: {normalise(w) for w in v} for k, v in _header_lists("person_attributes").items()}


@lru_cache(maxsize=1)
def _single_sex() -> frozenset[str]:
    return frozenset(normalise(w) for w in _single_sex_words())


def _not_name_words_by_language() -> list[str]:
    """Capitalised words a language's file adds to privacy.yaml's not_name_words (privacy: not_name_words)."""
    return [str(w) for spec in load_words().values() for w in (spec.get("privacy") or {}).get("not_name_words") or ()]


def _single_sex_words() -> list[str]:
    return [str(w) for spec in load_words().values() for w in (spec.get("privacy") or {}).get("single_person_sex") or ()]


# --------------------------------------------------------------------------------------------
# The shape of one cell.
# --------------------------------------------------------------------------------------------


def _is_email(v: object) -> bool:
    return isinstance(v, str) and "@" in v and bool(_EMAIL_WHOLE.match(v.strip()))


def _is_phone(s: str) -> bool:
    s = s.strip()
    if not s or not (s[0].isdigit() or s[0] in "+("):
        return False
    if _THOUSANDS.match(s) or _YEAR_RANGE.match(s) or not any(ch in s for ch in " -().+/"):
        return False
    return bool(_PHONE.match(s))


def _as_date(v: object) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str) and 6 <= len(v) <= 19:
        m = _DATE.match(v.strip())
        if m:
            try:
                if m.group(4):
                    return dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
                year = int(m.group(3))
                year = year + (1900 if year > 30 else 2000) if year < 100 else year
                a, b = int(m.group(1)), int(m.group(2))
                day, month = (a, b) if b <= 12 else (b, a)
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None


def _is_id(s: str) -> bool:
    s = s.strip()
    return bool(_ID.match(s) or _ID_DIGITS.match(s)) and not _as_date(s) and not YEAR_PERIOD.match(s)


def _name_shape(s: str) -> str | None:
    """'name' for a personal name (two or more name words), 'word' for one capitalised word
    that is not a known word (a first name or a surname alone), else None."""
    if len(s) > MAX_NAME_CHARS:
        return None
    raw = s.replace(",", " ").split()
    if not raw or len(raw) > 6:
        return None
    vocab, particles = vocabulary(), _particles()
    n_name = n_upper_only = 0
    for tok in raw:
        if _INITIAL.match(tok):
            continue
        low = normalise(tok)
        if low in particles and tok[:1].islower():
            continue
        if not _NAME_TOKEN.match(tok) or not tok[:1].isupper():
            return None
        if len(low) < 2 or low in vocab or all(part in vocab for part in low.split()):
            return None
        n_name += 1
        if tok.isupper():
            n_upper_only += 1
    if n_name >= 2 and n_upper_only < n_name:
        return "name"
    if n_name == 1 and len(raw) == 1 and (not raw[0].isupper() or len(raw[0]) >= 4):
        return "word"  # a first name or a surname alone (DUPONT): personal only under a name header
    if n_name >= 2 and len(raw) >= 2:  # SURNAME FIRSTNAME, all in capitals
        return "word"
    return None


def classify(v: object) -> str | None:
    """The personal kind of one cell value: email, phone, id_number, date, name, word or None."""
    if v is None or v.__class__ in (int, float, bool):
        return None
    if isinstance(v, (dt.date, dt.datetime)):
        return "date"
    if not isinstance(v, str):
        return None
    if not v.isascii():
        # Decomposed Unicode (NFD, as macOS writes text) is the same name: "José" with a combining accent.
        v = unicodedata.normalize("NFC", v)
    return _classify_text(v)


@lru_cache(maxsize=200_000)
def _classify_text(v: str) -> str | None:
    s = v.strip()
    if len(s) < 3 or len(s) > 255:
        return None
    if "@" in s:
        return "email" if _is_email(s) else None
    first = s[0]
    if first.isdigit() or first in "+(":
        if _as_date(s):
            return "date"
        if _is_phone(s):
            return "id_number" if _ID_DIGITS.match(s) else "phone"
        if _is_id(s):
            return "id_number"
        return None
    if any(ch.isdigit() for ch in s):
        return "id_number" if _is_id(s) and " " not in s.strip() else None
    if first.isalpha():
        return _name_shape(s)
    return None


def _birth_year_ok(d: dt.date) -> bool:
    return 1900 <= d.year <= dt.date.today().year


def _matches(cat: str, v: object) -> bool:
    """Whether a value under a header of the category has the category's shape."""
    if v is None:
        return False
    kind = classify(v)
    if cat == "email":
        return kind == "email"
    if cat == "phone":
        return kind == "phone" or (isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 1_000_000)
    if cat == "birth_date":
        d = _as_date(v)
        return d is not None and _birth_year_ok(d)
    if cat == "id_number":
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return v >= 10_000
        return kind in ("id_number", "phone")
    if cat == "name":
        return kind in ("name", "word")
    if cat == "address":
        return isinstance(v, str) and any(ch.isdigit() for ch in v) and any(ch.isalpha() for ch in v) and len(v) >= 6
    return False


# --------------------------------------------------------------------------------------------
# Regions.
# --------------------------------------------------------------------------------------------


@dataclass
class Finding:
    """One region of one sheet judged personal (0-based, inclusive bounds)."""

    sheet_position: int  # 1-based position of the sheet in the file
    n_sheets: int
    categories: list[str]
    how: str  # "headers" | "contents" (a region), "text" (one cell, privacy_text), "sheet_name" (the sheet's own name)
    rows: tuple[int, int] = (0, 0)
    cols: tuple[int, int] = (0, 0)
    sheet: str = ""  # the sheet's name once renamed (its position), set by remove()

    def where(self, lang: str = "en") -> str:
        cfg = language_words(lang, "privacy")
        sheet = cfg["sheet"]
        name = sheet["one"] if self.n_sheets == 1 else sheet["many"].format(i=self.sheet_position, n=self.n_sheets)
        if self.how == "text":  # one cell (privacy_text)
            return cfg["where_cell"].format(cell=f"{column_letter(self.cols[0])}{self.rows[0] + 1}", sheet=name)
        if self.how == "sheet_name":  # the sheet's own name: told by position, never the name
            return cfg["where_sheet_name"].format(sheet=name, new=self.sheet)
        rows = f"{self.rows[0] + 1}–{self.rows[1] + 1}" if self.rows[1] > self.rows[0] else f"{self.rows[0] + 1}"
        cols = f"{column_letter(self.cols[0])}–{column_letter(self.cols[1])}" if self.cols[1] > self.cols[0] else column_letter(self.cols[0])
        return cfg["where"].format(rows=rows, cols=cols, sheet=name)

    def kinds(self, lang: str = "en") -> str:
        names = language_words(lang, "privacy")["categories"]
        return ", ".join(names[c] for c in self.categories)


@dataclass
class _Run:
    """Hits along one line (a column, or a row of a transposed list)."""

    line: int
    start: int
    end: int
    categories: set[str] = field(default_factory=set)
    how: str = "contents"
    width: int = -1  # a form: the last column of its values


class _View:
    """A sheet, or its transpose, as seen by the search: cell kinds and values by position."""

    def __init__(self, rows: list[list[object]], kinds: dict[tuple[int, int], str], transposed: bool):
        self.rows, self.kinds, self.transposed = rows, kinds, transposed

    def value(self, r: int, c: int) -> object:
        if self.transposed:
            r, c = c, r
        if r < len(self.rows):
            row = self.rows[r]
            if c < len(row):
                return row[c]
        return None

    def kind(self, r: int, c: int) -> str | None:
        return self.kinds.get((c, r) if self.transposed else (r, c))

    @property
    def n_rows(self) -> int:
        return max((len(r) for r in self.rows), default=0) if self.transposed else len(self.rows)

    @property
    def n_cols(self) -> int:
        return len(self.rows) if self.transposed else max((len(r) for r in self.rows), default=0)


def _cell_kinds(rows: list[list[object]]) -> dict[tuple[int, int], str]:
    kinds: dict[tuple[int, int], str] = {}
    memo: dict[str, str | None] = {}
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v.__class__ is str:
                k = memo.get(v, "?")
                if k == "?":
                    k = memo[v] = _classify_text(v)
            elif v is None or v.__class__ in (int, float, bool):
                continue
            else:
                k = classify(v)
            if k is not None:
                kinds[(r, c)] = k
    return kinds


def _clusters(positions: list[int]) -> list[tuple[int, int, list[int]]]:
    out: list[tuple[int, int, list[int]]] = []
    for p in sorted(positions):
        if out and p - out[-1][1] <= GAP + 1:
            out[-1] = (out[-1][0], p, out[-1][2] + [p])
        else:
            out.append((p, p, [p]))
    return out


def _content_runs(view: _View, by_line: dict[int, dict[str, list[int]]]) -> list[_Run]:
    runs = []
    this_year = dt.date.today().year
    for line, per_kind in by_line.items():
        for kind, positions in per_kind.items():
            if kind in ("word", "date"):
                continue
            for start, end, hits in _clusters(positions):
                distinct = {str(view.value(p, line)).strip().lower() for p in hits}
                if len(distinct) >= MIN_CONTENT:
                    runs.append(_Run(line, start, end, {kind}))
        dates = per_kind.get("date", [])
        for start, end, hits in _clusters(dates):
            years = [d.year for d in (_as_date(view.value(p, line)) for p in hits) if d is not None]
            if len(set(years)) >= 5 and min(years) >= 1920 and max(years) <= this_year - 1 and max(years) - min(years) >= 10:
                runs.append(_Run(line, start, end, {"birth_date"}))
    return runs


def _header_runs(view: _View) -> list[_Run]:
    """Headers that name a category with at least MIN_PEOPLE matching cells under them."""
    runs = []
    cache: dict[str, str | None] = {}
    attributes = _attribute_headers()
    n_rows = view.n_rows
    n_cols = view.n_cols
    records: list[tuple[int, int, int, str]] = []
    for r in range(n_rows):
        row_attrs: dict[str, int] = {}
        line = [view.value(r, c) for c in range(n_cols)] if view.transposed else view.rows[r]
        for c, v in enumerate(line):
            if v.__class__ is not str or len(v) > MAX_HEADER_CHARS:
                continue
            cat = cache.get(v, "?")
            if cat == "?":
                cat = header_category(v)
                if cat is None:
                    h = normalise(v).strip(" .:")
                    cat = next((f"attr:{a}" for a, words in attributes.items() if h in words), None)
                cache[v] = cat
            if cat is None:
                continue
            if cat.startswith("attr:"):
                row_attrs.setdefault(cat[5:], c)
                continue
            for k in range(c + 1, min(c + 4, len(line))):  # a form: the value beside its label
                if line[k] is not None and line[k] != "":
                    if _matches(cat, line[k]):
                        records.append((r, c, k, cat))
                    break
            hits, last, empty = 0, r, 0
            for rr in range(r + 1, n_rows):
                cell = view.value(rr, c)
                if cell is None or cell == "":
                    empty += 1
                    if empty > GAP:
                        break
                    continue
                empty = 0
                if _matches(cat, cell):
                    hits += 1
                    last = rr
                elif header_category(cell) is not None:
                    break
            if hits >= MIN_PEOPLE:
                runs.append(_Run(c, r, last, {cat}, "headers"))
        if "age" in row_attrs and "sex" in row_attrs:
            run = _person_rows(view, r, row_attrs["age"], row_attrs["sex"])
            if run is not None:
                runs.append(run)
    runs += _record_runs(records)
    return runs


def _record_runs(records: list[tuple[int, int, int, str]]) -> list[_Run]:
    """One person's record as a form (labels in a column, each value beside its label): personal
    when it gives a date of birth or a document number with at least one other category. A
    contact block (name, e-mail, phone of the official who filled the form) is not."""
    by_column: dict[int, list[tuple[int, int, str]]] = {}
    for r, c, k, cat in records:
        by_column.setdefault(c, []).append((r, k, cat))
    runs = []
    for c, items in by_column.items():
        items.sort()
        group = [items[0]]
        for item in [*items[1:], None]:
            if item is not None and item[0] - group[-1][0] <= GAP + 1:
                group.append(item)
                continue
            cats = {cat for _, _, cat in group}
            if len(cats) >= 2 and cats & {"birth_date", "id_number"}:
                run = _Run(c, group[0][0], group[-1][0], cats, "headers")
                run.width = max(k for _, k, _ in group)
                runs.append(run)
            if item is not None:
                group = [item]
    return runs


def _person_rows(view: _View, r: int, c_age: int, c_sex: int) -> _Run | None:
    sexes = _single_sex()
    ages, last = [], r
    for rr in range(r + 1, view.n_rows):
        a, s = view.value(rr, c_age), view.value(rr, c_sex)
        if a is None and s is None:
            break
        if isinstance(a, str) and a.strip().isdigit():
            a = int(a.strip())
        if isinstance(a, (int, float)) and not isinstance(a, bool) and a == int(a) and 0 <= a <= 110 and isinstance(s, str) and normalise(s) in sexes:
            ages.append(int(a))
            last = rr
    if len(ages) >= MIN_PERSON_ROWS and len(set(ages)) >= 4:
        return _Run(c_age, r + 1, last, {"person_rows"}, "headers")
    return None


def _filled(view: _View, r: int, c: int) -> bool:
    v = view.value(r, c)
    return v is not None and v != ""


def _grow(view: _View, run: _Run) -> tuple[tuple[int, int], tuple[int, int], set[str]]:
    """The table around a run: the columns filled along it, the rows that still hold personal
    content in those columns, and the header row just above."""
    start, end = run.start, run.end
    span = range(start, end + 1)
    need = max(1, (end - start + 1) // 3)

    def busy(c: int) -> bool:
        return sum(_filled(view, r, c) for r in span) >= need

    lo = hi = run.line
    hi = max(hi, run.width)
    while lo - 1 >= 0 and busy(lo - 1):
        lo -= 1
    while hi + 1 < view.n_cols and busy(hi + 1):
        hi += 1
    cats = set(run.categories)

    def personal_row(r: int) -> bool:
        return any(view.kind(r, c) in ("name", "email", "phone", "id_number", "date") for c in range(lo, hi + 1))

    while end + 1 < view.n_rows and personal_row(end + 1):
        end += 1
    while start - 1 > 0 and personal_row(start - 1) and not run.how == "headers":
        start -= 1
    # Categories seen in the region (dates of birth beside names, e-mails beside phones).
    for c in range(lo, hi + 1):
        counts: dict[str, int] = {}
        for r in range(start, end + 1):
            k = view.kind(r, c)
            if k:
                counts[k] = counts.get(k, 0) + 1
        for k, n in counts.items():
            if n >= MIN_PEOPLE:
                cats.add("birth_date" if k == "date" else "name" if k == "word" else k)
    # The header row above, when it is text only; the categories its headers name, where a
    # cell under them has the shape.
    for up in range(start - 1, max(-1, start - 4), -1):
        cells = [view.value(up, c) for c in range(lo, hi + 1)]
        if any(v is not None for v in cells):
            if all(v is None or isinstance(v, str) for v in cells):
                for c, v in zip(range(lo, hi + 1), cells):
                    cat = header_category(v)
                    if cat and any(_matches(cat, view.value(r, c)) for r in range(start, end + 1)):
                        cats.add(cat)
                start = up
            break
    return (start, end), (lo, hi), cats


def _search(view: _View) -> list[tuple[tuple[int, int], tuple[int, int], set[str], str]]:
    by_line: dict[int, dict[str, list[int]]] = {}
    for (r, c), k in view.kinds.items():
        line, pos = (r, c) if view.transposed else (c, r)
        by_line.setdefault(line, {}).setdefault(k, []).append(pos)
    runs = _content_runs(view, by_line)
    runs += _header_runs(view)
    # A date run alone is weak (a table of report dates can spread over years): it needs a
    # header saying so, or personal content in the same rows.
    strong = [r for r in runs if r.categories != {"birth_date"} or r.how == "headers"]
    weak = [r for r in runs if r not in strong]
    for run in weak:
        if any(o.start <= run.end and run.start <= o.end for o in strong):
            strong.append(run)
    out = []
    for run in strong:
        rows, cols, cats = _grow(view, run)
        out.append((rows, cols, cats, run.how))
    return out


def _merge(boxes: list[tuple[tuple[int, int], tuple[int, int], set[str], str]]):
    boxes = sorted(boxes, key=lambda b: (b[0][0], b[1][0]))
    merged: list[list] = []
    for rows, cols, cats, how in boxes:
        for m in merged:
            if rows[0] <= m[0][1] + 1 and m[0][0] <= rows[1] + 1 and cols[0] <= m[1][1] and m[1][0] <= cols[1]:
                m[0] = (min(m[0][0], rows[0]), max(m[0][1], rows[1]))
                m[1] = (min(m[1][0], cols[0]), max(m[1][1], cols[1]))
                m[2] |= cats
                m[3] = "headers" if "headers" in (m[3], how) else how
                break
        else:
            merged.append([rows, cols, set(cats), how])
    return merged


def scan_sheet(sheet: SheetGrid) -> list[tuple[tuple[int, int], tuple[int, int], set[str], str]]:
    """Regions of one sheet that hold personal data: [((row0, row1), (col0, col1), categories, how)]."""
    if not sheet.rows:
        return []
    kinds = _cell_kinds(sheet.rows)
    boxes = _search(_View(sheet.rows, kinds, transposed=False))
    # A transposed list: one person per column. Searched only where a row has several hits.
    per_row: dict[int, int] = {}
    for (r, _c), k in kinds.items():
        if k != "word":
            per_row[r] = per_row.get(r, 0) + 1
    if any(n >= MIN_CONTENT for n in per_row.values()) or len(sheet.rows) <= 200:
        for rows, cols, cats, how in _search(_View(sheet.rows, kinds, transposed=True)):
            boxes.append((cols, rows, cats, how))  # back to (rows, cols)
    if not boxes:
        return []
    while True:
        merged = _merge(boxes)
        if len(merged) == len(boxes):
            break
        boxes = [tuple(m) for m in merged]
    return [(tuple(m[0]), tuple(m[1]), m[2], m[3]) for m in merged]


def scan_sheets(sheets: list[SheetGrid]) -> list[Finding]:
    """Regions that look like lists of people. Empty when the file holds no personal data."""
    findings = []
    for i, sheet in enumerate(sheets, 1):
        for rows, cols, cats, how in scan_sheet(sheet):
            order = [c for c in ORDER if c in cats]
            findings.append(Finding(i, len(sheets), order, how, rows, cols))
    return findings


def remove(sheets: list[SheetGrid], findings: list[Finding]) -> dict[str, str]:
    """Blank every region found (in place) and give each sheet holding one a positional name.

    A sheet whose name holds what a region held is renamed too, and a 'sheet_name' finding is
    appended to `findings` for it. Returns {original sheet name: new name}. After this, nothing of
    a region is left to copy."""
    taken = {s.name for s in sheets}
    renamed: dict[str, str] = {}
    # What the regions held, gathered before they are blanked: the same name written again in a
    # note on another sheet ("see <name> file") is as personal as the list it came from.
    pattern = personal_pattern(sheets, findings)
    for f in findings:
        sheet = sheets[f.sheet_position - 1]
        for r in range(f.rows[0], min(f.rows[1], len(sheet.rows) - 1) + 1):
            row = sheet.rows[r]
            for c in range(f.cols[0], min(f.cols[1], len(row) - 1) + 1):
                row[c] = None
        if sheet.name not in renamed:
            new = f"sheet {f.sheet_position}"
            k = 2
            while new in taken and new != sheet.name:
                new = f"sheet {f.sheet_position} ({k})"
                k += 1
            renamed[sheet.name] = new
            taken.add(new)
        f.sheet = renamed[sheet.name]
    if pattern is not None:
        for position, sheet in enumerate(sheets, 1):
            redact_cells(sheet.rows, pattern)
            if sheet.name not in renamed and pattern.search(sheet.name):
                new = f"sheet {position}"
                while new in taken:
                    new += "'"
                renamed[sheet.name] = new
                taken.add(new)
                # The sender is told that this sheet's name was personal data (by position, never the name).
                findings.append(Finding(position, len(sheets), ["name"], "sheet_name", sheet=new))
    for sheet in sheets:
        if sheet.name in renamed:
            old = sheet.name
            sheet.name = renamed[old]
            sheet.notes = [rename_in_text(n, {old: sheet.name}) for n in sheet.notes]
    return renamed


MIN_NAME_PART = 3  # a shorter part of a name ('Li', 'Ng') is only removed within the whole name
_PERSONAL_KINDS = ("name", "email", "phone", "id_number")


def personal_strings(sheets: list[SheetGrid], findings: list[Finding]) -> set[str]:
    """The texts of the regions found that identify a person: whole names, e-mails, phone and
    document numbers, and each part of a name that is no known word (a surname written alone
    elsewhere). Single capitalised words count only in a region that holds names. Never logged."""
    vocab, particles = vocabulary(), _particles()
    out: set[str] = set()
    for f in findings:
        rows = sheets[f.sheet_position - 1].rows
        cells = {}
        for r in range(f.rows[0], min(f.rows[1], len(rows) - 1) + 1):
            row = rows[r]
            for c in range(f.cols[0], min(f.cols[1], len(row) - 1) + 1):
                v = row[c]
                if v.__class__ is str:
                    kind = classify(v)
                    if kind in _PERSONAL_KINDS or kind == "word":
                        cells[(r, c)] = (v, kind)
        # A name counts where names are listed (a column, or a row of a transposed list, with
        # several of them), not a lone capitalised header such as 'Case' beside the list.
        per_col: dict[int, int] = {}
        per_row: dict[int, int] = {}
        for (r, c), (_, kind) in cells.items():
            if kind in ("name", "word"):
                per_col[c] = per_col.get(c, 0) + 1
            if kind == "name":  # a transposed list: full names along a row
                per_row[r] = per_row.get(r, 0) + 1
        for (r, c), (v, kind) in cells.items():
            if kind in ("name", "word") and max(per_col.get(c, 0), per_row.get(r, 0)) < MIN_PEOPLE:
                continue
            if kind == "word" and "name" not in f.categories:
                continue
            out.add(v.strip())
            if kind in ("name", "word"):
                # Each word ("O'Brien", "Pérez-López") and each part of it ("Brien", "López").
                for part in set(re.split(r"[\s,]+", v)) | set(re.split(r"[\s,'’\-.]+", v)):
                    low = normalise(part)
                    if len(part) >= MIN_NAME_PART and part[:1].isupper() and low not in vocab and low not in particles:
                        out.add(part)
    return {s for s in out if s}


def personal_pattern(sheets: list[SheetGrid], findings: list[Finding]) -> NameMatcher | None:
    """One matcher of any of `personal_strings` as a whole word, however the text writes it
    (accents, case, decomposed Unicode, punctuation: `name_match`)."""
    matcher = NameMatcher(personal_strings(sheets, findings))
    return matcher if matcher else None


def redact_text(text: str, pattern: NameMatcher) -> str | None:
    """`text` with every match of `pattern` replaced by the marker quarantine text uses
    (schemas/privacy.yaml `scrubbed`); None when nothing but the personal text was in it, so the
    cell is blank like the region it came from."""
    if not pattern.search(text):
        return text
    mark = config()["scrubbed"]
    out = pattern.sub(mark, text)
    rest = out.replace(mark, "")
    return None if not any(ch.isalnum() for ch in rest) else out


def redact_cells(rows: list[list[object]], pattern: NameMatcher) -> int:
    """Redact every text cell of a sheet in place; returns how many cells changed (a count to log)."""
    n = 0
    for row in rows:
        for c, v in enumerate(row):
            if v.__class__ is str:
                new = redact_text(v, pattern)
                if new is not v:
                    row[c] = new
                    n += 1
    return n


def rename_in_text(text: str, renamed: dict[str, str]) -> str:
    """`text` with each old sheet name replaced by its new one (so notes never repeat a name that was
    itself personal data); empty old names are skipped."""
    for old, new in renamed.items():
        if old:
            text = text.replace(old, new)
    return text


def explain(findings: list[Finding], lang: str = "en", limit: int = 5) -> str:
    """What was removed and why, for the sender, in their language. No values."""
    cfg = language_words(lang, "privacy")
    out = []
    # Lists of people (blanked whole) and personal data inside a cell's text (the rest of it read)
    # are told apart: what the sender must delete differs.
    in_text = ("text", "sheet_name")
    for group, key in (([f for f in findings if f.how not in in_text], "removed"), ([f for f in findings if f.how in in_text], "removed_text")):
        if not group:
            continue
        parts = []
        for f in group[:limit]:
            if f.how in in_text:
                parts.append(cfg["finding_text"].format(where=f.where(lang), kinds=f.kinds(lang)))
            else:
                parts.append(cfg["finding"].format(where=f.where(lang), kinds=f.kinds(lang), how=cfg["how"][f.how]))
        if len(group) > limit:
            parts.append(f"(+{len(group) - limit})")
        out.append(cfg[key].format(findings="; ".join(parts)))
    return " ".join(out)


def cell_comment(f: Finding, lang: str = "en") -> str:
    """The comment put on a removed cell of the annotated copy, in `lang`: the kinds of data, no value."""
    return language_words(lang, "privacy")["cell_comment"].format(kinds=f.kinds(lang))


# --------------------------------------------------------------------------------------------
# Quarantine text.
# --------------------------------------------------------------------------------------------


def scrub_text(value: object, limit: int) -> object:
    """Text kept for the sender and the analyst, without e-mails, phone or document numbers,
    and at most `limit` characters."""
    if value is None or not isinstance(value, str):
        return value
    mark = config()["scrubbed"]
    s = value
    if "@" in s:
        s = _EMAIL.sub(mark, s)
    if sum(ch.isdigit() for ch in s) >= 4:
        # 'Sheet!L39109' is a cell reference a reason names (a conflicting cell), not a document number.
        s = _ID_IN.sub(
            lambda m: (
                m.group()
                if _as_date(m.group())
                or _YEAR_RANGE.match(m.group())
                or YEAR_PERIOD.match(m.group())
                or (m.start() > 0 and m.string[m.start() - 1] == "!" and _CELL_REF.match(m.group()))
                else mark
            ),
            s,
        )
        s = _PHONE_IN.sub(
            lambda m: (
                mark
                if sum(ch.isdigit() for ch in m.group()) >= 7
                and not _THOUSANDS.match(m.group().strip())
                and not _as_date(m.group().strip())
                and not _YEAR_RANGE.match(m.group().strip())
                else m.group()
            ),
            s,
        )
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return s


def scrub_quarantine(frame):
    """Quarantine rows with raw_label, raw_value and reason scrubbed and truncated."""
    if frame is None or not len(frame):
        return frame
    frame = frame.copy()
    for col, limit in (("raw_label", QUARANTINE_LABEL_CHARS), ("raw_value", QUARANTINE_VALUE_CHARS), ("reason", 400)):
        if col in frame.columns:
            frame[col] = [scrub_text(v, limit) for v in frame[col].tolist()]
    return frame
