"""A bracket that cites a law beside an offence ('Trata de personas (Ley 137-03)', 'Trafficking in
persons (s. 3, Cap. 10:14)'): the citation, not a breakdown, so the offence's name is read without
it. The law words are in schemas/lang/<language>.yaml (words.law_words)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ctip.schema import word_lists
from ctip.vocabulary.normalise import normalise

_BRACKET = re.compile(r"[\(\[]([^\)\]]*)[\)\]]")


@lru_cache(maxsize=4)
def _law_words(source_dir: Path) -> frozenset[str]:
    try:
        lists = word_lists("words.law_words", source_dir)
    except OSError:
        return frozenset()
    return frozenset(normalise(t) for ws in lists.values() for t in ws if normalise(t))


def is_law_citation(text: str, source_dir: Path) -> bool:
    """Words of a law and a number ('Ley 137-03', 'Act 2010', 'art. 3'): a citation."""
    words = normalise(text).split()
    if not words or not re.search(r"\d", text):
        return False
    laws = _law_words(source_dir)
    joined = " ".join(words)
    return any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", joined) for w in laws)


def without_law_citation(text: object, source_dir: Path) -> str:
    """The text with its bracketed law citations removed."""
    return _BRACKET.sub(lambda m: " " if is_law_citation(m.group(1), source_dir) else m.group(0), str(text))
