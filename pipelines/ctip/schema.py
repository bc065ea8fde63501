"""The shared indicator schema, loaded from `schemas/*.yaml`, and the words of each language,
loaded from `schemas/lang/<language>.yaml`.

This module is the only reader of the indicator and dimension files and of the language files:
the pandera model, the label matcher, the submission template, the feedback and the data
dictionary all ask it, so they cannot drift apart. A language is one file: `LANGUAGES` are the
files present (English first, the fallback); a string missing from a language falls back to
English (`words`) and is listed by `missing_words`. The tables' contracts (schemas/tables.yaml)
have their own reader, ctip.contracts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ctip.contracts import key
from ctip.paths import SCHEMAS_DIR
from ctip.yamlio import parse_yaml

FALLBACK = "en"
_LANG_CODE = re.compile(r"[a-z]{2,3}")  # ISO 639-1, or 639-3 where there is none (pap: Papiamento)


def languages(directory: Path | None = None) -> tuple[str, ...]:
    """The languages with a file in `schemas/lang/`: English first (the fallback), then sorted."""
    found = {p.stem for p in (Path(directory or SCHEMAS_DIR) / "lang").glob("*.yaml") if _LANG_CODE.fullmatch(p.stem)}
    return (FALLBACK, *sorted(found - {FALLBACK}))


LANGUAGES = languages()
DIMENSIONS = ("sex", "age_group", "exploitation", "citizenship")
KEY_COLUMNS = tuple(key("fact_observation"))  # schemas/tables.yaml: the country, year, indicator and DIMENSIONS


@dataclass(frozen=True)
class Indicator:
    code: str
    unit: str
    definition: str
    dimensions: tuple[str, ...]
    names: dict[str, str]
    synonyms: dict[str, tuple[str, ...]]
    sdmx_series: str | None = None
    glotip: str | None = None


@dataclass(frozen=True)
class DimensionCode:
    code: str
    names: dict[str, str]
    synonyms: dict[str, tuple[str, ...]]
    sdmx: str | None = None
    glotip: str | None = None  # the code's label in UNODC's GLOTIP export


@dataclass(frozen=True)
class Dimension:
    name: str
    names: dict[str, str]
    synonyms: dict[str, tuple[str, ...]]
    codes: dict[str, DimensionCode]


@dataclass(frozen=True)
class Compound:
    """A label that fixes several dimensions at once: 'girls' is female and child."""

    name: str
    sets: dict[str, str]
    synonyms: dict[str, tuple[str, ...]]
    # words that mean the compound only beside a child category ("Mujeres | Hombres | Niñas | Niños")
    beside_children: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Schema:
    indicators: dict[str, Indicator]
    dimensions: dict[str, Dimension]
    compounds: dict[str, Compound]
    not_indicators: dict[str, tuple[str, ...]]
    markers: dict[str, tuple[str, ...]]
    first_year: int
    source_dir: Path = field(compare=False)
    # Codes by role (dimensions.yaml `roles`, indicators.yaml `roles`): code that needs "the total
    # code" or "the headline indicator" asks for the role and never writes the code itself.
    code_roles: dict[str, str] = field(default_factory=dict)
    indicator_roles: dict[str, object] = field(default_factory=dict)
    country_year_columns: dict[str, dict[str, str]] = field(default_factory=dict)
    template_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    demonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ISO3 -> the people's adjectives
    offence_indicator: str | None = None  # what an offence table's trafficking row counts

    @property
    def last_year(self) -> int:
        return dt.date.today().year

    def codes(self, dimension: str) -> tuple[str, ...]:
        return tuple(self.dimensions[dimension].codes)

    def code(self, role: str) -> str:
        """The dimension code of a role (`no_breakdown`, `not_known`, `rest`, `own_citizens`,
        `other_citizens`, ...: dimensions.yaml `roles`)."""
        return self.code_roles[role]

    @property
    def total_code(self) -> str:
        """The code of a dimension not broken down (every dimension has it)."""
        return self.code_roles["no_breakdown"]

    def role(self, name: str):
        """An indicator role: `headline`, `hidden` (a code), `chain` (codes in order), `breakdowns`
        ({indicator: {dimension: (part codes)}})."""
        return self.indicator_roles[name]

    @property
    def total_cell(self) -> dict[str, str]:
        """Every dimension at its total code: the cell of an indicator's total."""
        return {d: self.total_code for d in DIMENSIONS}

    def applies(self, indicator: str, dimension: str) -> bool:
        """Whether an indicator is broken down by a dimension (else the dimension is always `total`)."""
        return dimension in self.indicators[indicator].dimensions


def load_words(directory: Path | None = None) -> dict[str, dict]:
    """Every language file, parsed: {language: its words}, English first."""
    # One parse per folder however it is named (None, the default folder, a relative path): the
    # four files are the largest YAML a check reads.
    return _load_words(Path(directory or SCHEMAS_DIR).resolve())


@lru_cache(maxsize=4)
def _load_words(directory: Path) -> dict[str, dict]:
    lang_dir = directory / "lang"
    return {lang: parse_yaml((lang_dir / f"{lang}.yaml").read_text(encoding="utf-8")) or {} for lang in languages(directory)}


def _with_fallback(english: object, own: object) -> object:
    """`own` where it has a value; English for a string or mapping key it lacks. Lists (synonyms,
    word lists) are a language's own and never filled in from English."""
    if isinstance(english, dict):
        own = own if isinstance(own, dict) else {}
        out = {k: _with_fallback(v, own.get(k)) for k, v in english.items()}
        out.update({k: v for k, v in own.items() if k not in english})
        return out
    if isinstance(english, list):
        return list(own) if isinstance(own, list) else []
    return english if own is None else own


def words(lang: str, section: str, directory: Path | None = None) -> dict:
    """One section of a language's file (e.g. 'feedback', 'portal'), English where it has no words."""
    table = load_words(directory)
    english = table[FALLBACK].get(section) or {}
    return _with_fallback(english, (table.get(lang) or {}).get(section))  # type: ignore[return-value]


def word_lists(path: str, directory: Path | None = None) -> dict[str, tuple[str, ...]]:
    """A word list in every language ('words.part_of', 'offence_counts.words'): {language: words}."""
    out = {}
    for lang, spec in load_words(directory).items():
        node: object = spec
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        out[lang] = tuple(str(w) for w in node or ())  # type: ignore[union-attr]
    return out


def word_set(path: str, directory: Path | None = None) -> frozenset[str]:
    """A word list of every language as one set, as written (lower case, no accents)."""
    return frozenset(w for ws in word_lists(path, directory).values() for w in ws)


def missing_words(lang: str, directory: Path | None = None) -> list[str]:
    """The strings English has and `lang` lacks (dotted paths): shown in English until translated."""

    def walk(english: object, own: object, path: str) -> list[str]:
        if isinstance(english, dict):
            own = own if isinstance(own, dict) else {}
            return [m for k, v in english.items() for m in walk(v, own.get(k), f"{path}.{k}" if path else str(k))]
        return [path] if isinstance(english, str) and not (isinstance(own, str) and own.strip()) else []

    table = load_words(directory)
    return walk(table[FALLBACK], table.get(lang) or {}, "")


def _names(entries: dict[str, dict], langs: tuple[str, ...]) -> dict[str, str]:
    """{language: name}, English where a language has none."""
    return {lang: str(entries[lang].get("name") or entries[FALLBACK]["name"]) for lang in langs}


def _synonyms(entries: dict[str, dict], langs: tuple[str, ...], key: str = "synonyms") -> dict[str, tuple[str, ...]]:
    return {lang: tuple(str(s) for s in entries[lang].get(key) or ()) for lang in langs}


def _entries(table: dict[str, dict], *path: str) -> dict[str, dict]:
    """The entry at `path` in each language's file ({} where a language lacks it)."""
    out = {}
    for lang, spec in table.items():
        node = spec
        for part in path:
            node = (node or {}).get(part) if isinstance(node, dict) else None
        out[lang] = node if isinstance(node, dict) else {}
    return out


def _markers(symbols: dict[str, list], table: dict[str, dict]) -> dict[str, tuple[str, ...]]:
    """Each marker kind: the symbols of dimensions.yaml ('..', '-', '<5'), then every language's words."""
    out = {}
    for kind, vals in symbols.items():
        words = [str(v) for v in vals] + [str(w) for spec in table.values() for w in (spec.get("markers") or {}).get(kind) or ()]
        out[kind] = tuple(dict.fromkeys(words))
    return out


def _demonyms(shared: dict, table: dict[str, dict]) -> dict[str, tuple[str, ...]]:
    """The members' adjectives for their own people (dimensions.yaml), and those a language adds."""
    out = {str(k): [str(t) for t in v or ()] for k, v in shared.items()}
    for spec in table.values():
        for iso3, words in (spec.get("demonyms") or {}).items():
            out.setdefault(str(iso3), []).extend(str(t) for t in words or ())
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


@lru_cache(maxsize=4)
def load_schema(directory: Path | None = None) -> Schema:
    directory = Path(directory or SCHEMAS_DIR)
    ind = parse_yaml((directory / "indicators.yaml").read_text(encoding="utf-8"))
    dim = parse_yaml((directory / "dimensions.yaml").read_text(encoding="utf-8"))
    table = load_words(directory)
    langs = tuple(table)
    indicators = {}
    for code, spec in ind["indicators"].items():
        entries = _entries(table, "indicators", code)
        indicators[code] = Indicator(
            code=code,
            unit=spec["unit"],
            definition=" ".join(spec["definition"].split()),
            dimensions=tuple(spec.get("dimensions", [])),
            names=_names(entries, langs),
            synonyms=_synonyms(entries, langs),
            sdmx_series=spec.get("sdmx_series"),
            glotip=spec.get("glotip"),
        )
    dimensions = {}
    for name, spec in dim["dimensions"].items():
        entries = _entries(table, "dimensions", name)
        codes = {}
        for code, c in spec["codes"].items():
            c_entries = _entries(table, "dimensions", name, "codes", code)
            codes[code] = DimensionCode(code, _names(c_entries, langs), _synonyms(c_entries, langs), (c or {}).get("sdmx"), (c or {}).get("glotip"))
        dimensions[name] = Dimension(name=name, names=_names(entries, langs), synonyms=_synonyms(entries, langs), codes=codes)
    compounds = {}
    for name, spec in dim.get("compounds", {}).items():
        entries = _entries(table, "compounds", name)
        compounds[name] = Compound(
            name, dict(spec["set"]), _synonyms(entries, langs), {lang: words for lang, words in _synonyms(entries, langs, "beside_children").items() if words}
        )
    code_roles = {role: str(code) for role, code in dim["roles"].items()}
    for role, code in code_roles.items():
        if not any(code in d.codes for d in dimensions.values()):
            raise ValueError(f"dimensions.yaml roles: {role} is {code!r}, a code of no dimension")
    for d in dimensions.values():
        if code_roles["no_breakdown"] not in d.codes:
            raise ValueError(f"dimensions.yaml: dimension {d.name} has no {code_roles['no_breakdown']!r} code")
    country_year_columns = {col: {str(d): str(c) for d, c in cell.items()} for col, cell in dim["country_year_columns"].items()}
    roles = ind["roles"]
    indicator_roles: dict[str, object] = {
        "headline": str(roles["headline"]),
        "hidden": str(roles["hidden"]),
        "chain": tuple(str(i) for i in roles["chain"]),
        "breakdowns": {ind_code: {d: tuple(str(c) for c in parts) for d, parts in fams.items()} for ind_code, fams in roles["breakdowns"].items()},
    }
    for ind_code in (indicator_roles["headline"], indicator_roles["hidden"], *indicator_roles["chain"], *indicator_roles["breakdowns"]):
        if ind_code not in indicators:
            raise ValueError(f"indicators.yaml roles: {ind_code!r} is not an indicator")
    template_parts = {d: tuple(str(c) for c in codes) for d, codes in dim["template_parts"].items()}
    cells = [
        *country_year_columns.values(),
        *({d: c} for d, codes in template_parts.items() for c in codes),
        *({d: c} for fams in indicator_roles["breakdowns"].values() for d, parts in fams.items() for c in parts),
    ]
    for cell in cells:
        for d, c in cell.items():
            if d not in dimensions or c not in dimensions[d].codes:
                raise ValueError(f"schemas: {d}={c!r} is not a code of dimensions.yaml")
    return Schema(
        indicators=indicators,
        dimensions=dimensions,
        compounds=compounds,
        not_indicators={lang: tuple(str(s) for s in table[lang].get("not_indicators") or ()) for lang in langs},
        markers=_markers(dim["markers"], table),
        first_year=int(dim["years"]["first"]),
        source_dir=directory,
        code_roles=code_roles,
        indicator_roles=indicator_roles,
        country_year_columns=country_year_columns,
        template_parts=template_parts,
        demonyms=_demonyms(dim.get("demonyms") or {}, table),
        offence_indicator=(dim.get("offence_counts") or {}).get("indicator"),
    )
