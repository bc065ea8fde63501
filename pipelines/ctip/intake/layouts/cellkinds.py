"""What one cell of a table says on its own: a year, an indicator, a breakdown value, "Total",
a figure, or nothing the schema knows. Layout readers combine these per row and column."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from ctip.intake.layouts.bilingual import SEPARATOR, bilingual_label
from ctip.intake.layouts.headers import as_year, header_role, split_year
from ctip.intake.planned import not_recorded, not_recorded_reason, other_count, other_count_reason
from ctip.intake.values import YEAR_PERIOD, is_decimal, is_text_count, parse_count
from ctip.schema import load_schema, word_set
from ctip.vocabulary.labels import LabelIndex
from ctip.vocabulary.lawrefs import without_law_citation
from ctip.vocabulary.normalise import alternation, is_unit_word, normalise

# Label kinds that give a row or column its meaning (the others are context or noise).
AXIS_KINDS = frozenset({"year", "indicator", "dims", "total"})
FIGURE_KINDS = frozenset({"count", "nil", "suppressed", "not_available"})


@dataclass(frozen=True)
class Label:
    """kind: year | indicator | dims | total | grand_total | subject | neutral | number | noise | unknown.

    subject: a label naming trafficking in persons and nothing else (a row "Trafficking in persons"
    in a table of offences): no breakdown, but the row is about trafficking."""

    kind: str
    text: str
    indicator: str | None = None
    dims: tuple[tuple[str, str], ...] = ()
    year: int | None = None
    part_of: bool = False  # "of which: ..."
    problem: str | None = None
    suggestions: tuple[str, ...] = ()
    candidates: tuple[tuple[str, str], ...] = ()  # an ambiguous value ('Unknown'), decided by its siblings
    context: tuple[tuple[str, str], ...] = ()  # its meaning beside a child category ('Mujeres' -> women)
    role: str | None = None  # a long-table header role (indicator, year, value, country, notes), or
    # 'place' (a header over places), 'national' (a total over places), 'month' (a month or quarter)

    @property
    def dims_dict(self) -> dict[str, str]:
        return dict(self.dims)

    @property
    def is_axis(self) -> bool:
        return self.kind in AXIS_KINDS

    @property
    def is_foreign(self) -> bool:
        """Names something that is no breakdown of a trafficking figure: another crime, a place, an
        unknown word (not a month, not a value its siblings made unclear). A total beside such rows
        or columns adds them up, so it is not a trafficking total."""
        return self.role == "crime" or (self.kind == "unknown" and self.role != "sibling")


def classify(value: object, labels: LabelIndex) -> Label | None:
    """What a header or label cell says (year, number, indicator, dimension part, total, ...), or None for
    an empty cell. Other types (dates, ...) are classified by their text; results are cached."""
    if value is None:
        return None
    key = value if isinstance(value, (str, int, float)) and not isinstance(value, bool) else str(value)
    return _classify(key, labels)


def _month_problem(text: str) -> str:
    return f"'{text}' is a month or quarter, not an indicator: months are never added up (the yearly total is used where the table gives one)"


@lru_cache(maxsize=50000)
def _classify(value: object, labels: LabelIndex) -> Label:
    if isinstance(value, (int, float)):
        year = as_year(value)
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        return Label("year", text, year=year) if year else Label("number", text)
    text = str(value).strip()
    if YEAR_PERIOD.match(text):  # '2022-I', '2022-Q3': a quarter (or month) of a year, not the year
        return Label("noise", text, role="month", problem=_month_problem(text))
    year = as_year(text)
    if year is not None:
        return Label("year", text, year=year)
    norm = normalise(text)
    if not norm:
        return Label("neutral", text)
    if _QUESTION_NUMBER.fullmatch(text):
        return Label("neutral", text)  # "1.1", "1a", "b)": a question's number in a form
    not_one_year = years_not_one(text)
    if not_one_year:
        return Label("noise", text, problem=not_one_year)
    if planned := not_recorded(text):  # 'Victims identified (target)', '2021 (estimate)', '2024e'
        return Label("noise", text, problem=not_recorded_reason(text, planned))
    if other := other_count(text):  # 'Victims identified (screened)', '(Jamaicans abroad)'
        return Label("noise", text, problem=other_count_reason(text, other))
    if labels.is_pivot_word(text):
        inner_text = labels.pivot_field(text)
        if inner_text:  # "Sum of Victims identified": the pivot's value field names the indicator
            inner = _classify(inner_text, labels)
            if inner.kind == "indicator":
                return Label("indicator", text, indicator=inner.indicator, dims=inner.dims, year=inner.year)
        return Label("neutral", text)
    if labels.is_month(text):
        return Label(
            "noise",
            text,
            role="month",
            problem=_month_problem(text),
        )
    if labels.is_national_total(text):
        return Label("total", text, role="national")
    if labels.own_country(text):
        return Label("total", text, role="national")
    if labels.is_year_total(text):
        return Label("total", text)
    if labels.is_rate(text) and not labels.indicator(text).ok:
        return Label("noise", text, problem=f"'{text}' is a percentage, rate or change, not a count")
    names_tip, other_crimes = labels.subject(text)
    if other_crimes:
        crimes = ", ".join(sorted(other_crimes))
        return Label("noise", text, role="crime", problem=f"'{text}' is about another crime ({crimes}), not trafficking in persons; not stored")
    if labels.is_place_header(text):
        return Label("neutral", text, role="place")
    year, rest = split_year(text)
    if year is not None and rest:
        # A flattened two-row header ("2021 Female", "Victims identified 2022"): the rest and the year.
        inner = _classify(rest, labels)
        if inner.kind in ("dims", "total", "indicator") and inner.year in (None, year):
            return Label(
                inner.kind,
                text,
                inner.indicator,
                inner.dims,
                year,
                inner.part_of,
                inner.problem,
                inner.suggestions,
                inner.candidates,
                inner.context,
                inner.role,
            )
    if labels.is_grand_total(text):
        return Label("grand_total", text)
    stripped, part_of = labels.strip_part_of(text)
    value_dims = labels.dimension_value(stripped)
    if not value_dims and part_of and labels.is_question_text(text):
        # "of these, how many were women?", "De ellas, ¿cuántas eran mujeres?"
        bare = labels.without_question(stripped)
        value_dims = labels.dimension_value(bare) if bare else None
        if value_dims and bare in labels.sex_pairs and "sex" in value_dims:
            value_dims = {"sex": value_dims["sex"]}  # "how many were women?" asks the sex of those counted
        if not value_dims and bare and labels.own_nationals(bare):
            value_dims = {"citizenship": _code("own_citizens")}
    if value_dims and set(value_dims.values()) == {_code("no_breakdown")}:
        # "Total", "Both sexes", "All ages": no breakdown, and the same care as any total row.
        return Label("total", text, part_of=part_of)
    if value_dims:
        context = labels.context_compound(stripped) or {}
        return Label("dims", text, dims=tuple(sorted(value_dims.items())), part_of=part_of, context=tuple(sorted(context.items())))
    if labels.own_nationals(stripped) or labels.own_demonym(stripped):
        return Label("dims", text, dims=(("citizenship", _code("own_citizens")),), part_of=part_of)
    bracketed = _bracketed_dims(text, labels)
    if bracketed is not None:
        if set(bracketed.values()) == {_code("no_breakdown")}:
            return Label("total", text, part_of=part_of)
        return Label("dims", text, dims=tuple(sorted(bracketed.items())), part_of=part_of)
    candidates = [c for c in labels.dimension_candidates(stripped) if c[1] != _code("no_breakdown")]
    if len(candidates) > 1:
        return Label("dims", text, part_of=part_of, candidates=tuple(candidates), problem=f"'{text}' may be {' or '.join(f'{d} {c}' for d, c in candidates)}")
    role = header_role(text)
    if role is not None or labels.dimension_header(text) or is_unit_word(norm):
        return Label("neutral", text, role=role or ("dimension" if labels.dimension_header(text) else None))
    match = labels.indicator(stripped if part_of else text)
    if match.ok:
        return Label("indicator", text, indicator=match.indicator, dims=tuple(sorted(match.dims.items())), year=match.year, part_of=part_of)
    if match.not_indicator:
        return Label("noise", text, problem=match.problem)
    if parse_count(text).kind in FIGURE_KINDS or is_decimal(text) or is_text_count(text):
        return Label("number", text)  # 'approx. 40', '>10', '12 victims': a value cell, set aside on its own (attack6 K-S)
    if names_tip and labels.only_trafficking(without_law_citation(text, labels.schema.source_dir)):
        return Label("subject", text)
    if SEPARATOR in text:
        both = bilingual_label(text, labels, _classify)
        if both is not None:
            return both
    return Label("unknown", text, problem=match.problem, suggestions=tuple(match.suggestions), part_of=part_of)


_FINANCIAL = re.compile(r"(?<!\d)(?:19|20)\d\d\s*[/\-–—]\s*(?:(?:19|20)?\d\d)(?!\d)|\b(?:" + alternation(word_set("words.financial_year")) + r")\b")


_BRACKETED = re.compile(r"[\(\[]([^\)\]]*)[\)\]]")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


# "1.1", "1a", "b)", "iv.", and item codes "A1", "B2.1", "C3a" in a questionnaire's code column
_QUESTION_NUMBER = re.compile(r"\(?(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[a-z]\)?|[a-z][.)]|[ivx]{1,4}[.)]|[a-z]\d{1,2}(?:\.\d{1,2})*[a-z]?[.)]?)\)?", re.I)


def years_not_one(text: str) -> str | None:
    """A financial year ('2019/20', 'FY2020'), a range ('2015-2019') or a bracket naming several years
    ('(in 2020 and 2021)') is not one calendar year: its figures are set aside, never given to one year."""
    t = normalise(text.replace("/", " / ")) if "/" in text else normalise(text)
    raw = strip_accents_lower(text)
    if not re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", raw):
        return None
    if _FINANCIAL.search(raw) or _FINANCIAL.search(t):
        return f"'{text}' is a financial year or a range of years, not one calendar year; set aside"
    for inner in _BRACKETED.findall(raw):
        # 'Victims identified (in 2020 and 2021)': a count over both years, never the later one's
        years = sorted(set(_YEAR.findall(inner)))
        if len(years) >= 2:
            return f"'{text}' counts the years {' and '.join(years)} together, not one calendar year (as a financial year or a range of years would); set aside"
    return None


def strip_accents_lower(text: str) -> str:
    """`text` lower-cased without accents, en and em dashes as "-", for matching words written any way."""
    from ctip.vocabulary.normalise import strip_accents

    return strip_accents(str(text)).lower().replace("–", "-").replace("—", "-")


def _bracketed_dims(text: str, labels: LabelIndex) -> dict[str, str] | None:
    """'Adults (18 and over)', 'Nationals (Dutch citizenship)': the words outside the brackets name
    a breakdown value; the bracketed text is a qualifier. It may agree with the value or describe
    it; it may not name another value of the same breakdown, another crime or a rate."""
    if "(" not in text and "[" not in text:
        return None
    inner = re.findall(r"[\(\[]([^\)\]]*)[\)\]]", text)
    head = re.sub(r"[\(\[][^\)\]]*[\)\]]", " ", text)
    if not normalise(head):
        return None
    head_norm, _ = labels.strip_part_of(head)
    dims = labels.dimension_value(head_norm)
    if dims is None and labels.own_nationals(head_norm):
        dims = {"citizenship": _code("own_citizens")}
    if not dims:
        return None
    for q in inner:
        qd = labels.dimension_value(q)
        if qd is None and labels.own_nationals(q):
            qd = {"citizenship": _code("own_citizens")}
        if qd is None:
            if labels.describes(q, agreeing=dims):
                continue  # a description ("shelter or services", "Dutch citizenship", "18 and over")
            return None
        for k, v in qd.items():
            if k != "*" and k in dims and dims[k] != v:
                return None
    return dims


def is_figure(value: object) -> bool:
    """A cell that holds a count or a statistical marker (what data cells hold)."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return parse_count(value).kind in FIGURE_KINDS or is_decimal(value) or is_text_count(value)


def is_plain_figure(value: object, labels: LabelIndex) -> bool:
    """A figure that cannot be a header: not a year, not a label the schema knows."""
    if not is_figure(value):
        return False
    label = classify(value, labels)
    return label is None or label.kind in ("number",) or (label.kind == "unknown" and not isinstance(value, str))


def under_header(label: Label | None, dimension: str | None) -> Label | None:
    """A label that may be several dimensions' part ('Unknown') in a column whose header names one
    dimension ('Sex', 'Age', 'Nationality') is that dimension's part."""
    if label is None or dimension is None or not label.candidates:
        return label
    fits = [c for c in label.candidates if c[0] == dimension]
    return replace(label, dims=(fits[0],), candidates=(), problem=None) if len(fits) == 1 else label


def resolve_siblings(items: list[Label | None]) -> list[Label | None]:
    """Decide labels by the labels beside them (one header row, or one block of rows):
    - 'M' beside 'H' is Mujeres (female), as in Spanish and French tables;
    - a word in `beside_children` means its compound when girls or boys stand beside it
      ('Mujeres | Hombres | Niñas | Niños': adult women, adult men, girls, boys; but in
      'Mujeres | Hombres | Menores | Adultos', two breakdowns side by side, Mujeres is all females);
    - an ambiguous value ('Unknown') takes the one dimension its siblings break down;
    - 'Other' beside categories of another breakdown ('Female | Male | Other') is not read."""
    # Siblings are the distinct labels of the row or block (a label repeated under each year is one).
    distinct: dict[tuple, Label] = {}
    for item in items:
        if item is not None and item.kind == "dims":
            distinct.setdefault((normalise(item.text), item.dims), item)
    texts = {k[0] for k in distinct}
    by_dim = Counter(d for lab in distinct.values() for d, _ in lab.dims)
    sex_specific_children = sum(1 for lab in distinct.values() if _sex_specific_child(lab))
    children = any(dict(lab.dims).get("age_group") == _code("under_18") for lab in distinct.values())
    pairs = _sex_pairs()
    memo: dict[tuple, Label] = {}
    out: list[Label | None] = []
    for item in items:
        if item is None or item.kind != "dims":
            out.append(item)
            continue
        k = (normalise(item.text), item.dims)
        if k not in memo:
            memo[k] = _decide(item, k[0], texts, by_dim, sex_specific_children, len(distinct) - 1, pairs, children)
        out.append(memo[k])
    return out


@lru_cache(maxsize=1)
def _sex_pairs() -> frozenset[str]:
    from ctip.vocabulary.labels import default_index

    return frozenset(default_index().sex_pairs)


def _code(role: str) -> str:
    """The dimension code of a role (schemas/dimensions.yaml `roles`)."""
    return load_schema().code(role)


def _sex_specific_child(label: Label) -> bool:
    dims = dict(label.dims)
    return dims.get("age_group") == _code("under_18") and "sex" in dims


def _decide(
    item: Label, norm: str, texts: set[str], by_dim: Counter, sex_specific_children: int, n_siblings: int, pairs: set[str] = frozenset(), children: bool = False
) -> Label:
    own = dict(item.dims)
    if norm in pairs and not children and "sex" in own and any(t in pairs and t != norm for t in texts):
        # "Women | Men | Total": the two sexes, not adults only
        return replace(item, dims=(("sex", own["sex"]),))
    sibling_dims = {d for d, n in by_dim.items() if n - (1 if d in own else 0) > 0}
    if norm == "m" and "h" in texts:
        return replace(item, dims=(("sex", _code("female_sex")),))
    if item.context and sex_specific_children - (1 if _sex_specific_child(item) else 0) > 0:
        return replace(item, dims=item.context)
    if _code("rest") in own.values() and n_siblings > 0 and not set(own) & sibling_dims:
        # 'Otros' beside Mujeres / Hombres is no form of exploitation: other what?
        return Label("unknown", item.text, role="sibling", problem=f"'{item.text}' beside categories of another breakdown does not say what it is")
    if item.candidates:
        fits = [c for c in item.candidates if c[0] in sibling_dims]
        if len(fits) == 1 and len(sibling_dims) == 1:
            return replace(item, dims=(fits[0],), candidates=(), problem=None)
    return item
