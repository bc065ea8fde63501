"""Every word in a sender's language lives in schemas/lang/<language>.yaml (issue 10): no string
literal in the package holds a Spanish, French or Dutch word (the loader, ctip/schema.py, excepted),
and every language file has every string English has, with the same {fields}."""

from __future__ import annotations

import ast
import re
import string
import unicodedata
from pathlib import Path

from ctip.paths import SCHEMAS_DIR
from ctip.schema import FALLBACK, LANGUAGES, load_words, missing_words

PACKAGE = Path(__file__).resolve().parents[2] / "pipelines" / "ctip"
LOADERS = {PACKAGE / "schema.py"}  # the one reader of the language files
# English words that are also Spanish, French or Dutch words and name nothing in the code (words of
# identifiers, like 'kind' or 'format', are English already).
ENGLISH_TOO = {"fiscal", "global", "plus", "sans"}
MIN_LETTERS = 4  # shorter words ('de', 'en', 'por') are too often English or codes to tell apart


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _strings(node: object) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def _words(texts: list[str]) -> set[str]:
    return {w for t in texts for w in re.findall(r"[a-z]+", _plain(t))}


def _identifier_words(sources: list[str]) -> set[str]:
    out: set[str] = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            name = getattr(node, "id", None) or getattr(node, "attr", None) or getattr(node, "name", None) or getattr(node, "arg", None)
            if isinstance(name, str):
                out.update(name.lower().split("_"))
    return out


def sender_words(sources: list[str]) -> set[str]:
    """Words of the other languages' files that English does not share."""
    table = load_words(SCHEMAS_DIR)
    english = _words(_strings(table[FALLBACK])) | _identifier_words(sources) | ENGLISH_TOO
    others = _words([s for lang, spec in table.items() if lang != FALLBACK for s in _strings(spec)])
    return {w for w in others - english if len(w) >= MIN_LETTERS}


def literal_hits(source: str, foreign: set[str]) -> list[tuple[int, list[str]]]:
    """String literals (docstrings excepted: they may quote a sender) holding a sender's word."""
    tree = ast.parse(source)
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found = sorted(set(re.findall(r"[a-z]+", _plain(node.value))) & foreign)
            if found:
                hits.append((node.lineno, found))
    return hits


def _package_sources() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py")) if p not in LOADERS}


def test_no_word_in_a_senders_language_is_written_in_python():
    sources = _package_sources()
    foreign = sender_words(list(sources.values()))
    assert len(foreign) > 500  # the scan has something to look for
    hits = {str(p.relative_to(PACKAGE)): h for p, s in sources.items() if (h := literal_hits(s, foreign))}
    assert not hits, f"move these words to schemas/lang/<language>.yaml: {hits}"


def test_the_scan_finds_a_word_list_and_a_phrase_but_not_a_docstring():
    sources = list(_package_sources().values())
    foreign = sender_words(sources)
    module = '''"""Reads 'Víctimas identificadas' and 'Slachtoffers'."""
MONTHS = {"enero", "febrero", "janvier"}
TITLE = "Cifras registradas"
KIND = "total"
'''
    hits = literal_hits(module, foreign)
    assert sorted(line for line, _ in hits) == [2, 2, 2, 3]
    assert {w for _, ws in hits for w in ws} == {"enero", "febrero", "janvier", "cifras", "registradas"}


def test_every_language_file_has_every_string_with_the_same_fields():
    table = load_words()
    assert LANGUAGES[0] == FALLBACK and set(LANGUAGES) == {p.stem for p in (SCHEMAS_DIR / "lang").glob("*.yaml")}

    def strings(node: object, path: str = "") -> dict[str, str]:
        if isinstance(node, dict):
            return {k: v for key, value in node.items() for k, v in strings(value, f"{path}.{key}" if path else str(key)).items()}
        return {path: node} if isinstance(node, str) else {}

    english = strings(table[FALLBACK])
    for lang in LANGUAGES:
        assert missing_words(lang) == [], lang
        own = strings(table[lang])
        for path, text in english.items():
            fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
            assert {f for _, f, _, _ in string.Formatter().parse(own[path]) if f} == fields, (lang, path)
