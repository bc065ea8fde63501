"""Find a recognised personal string again in other text, however it is written there.

A name listed as "José Pérez-López" comes back in notes and labels as "Jose Perez-Lopez",
"JOSE PEREZ LOPEZ", in decomposed Unicode (NFD, as macOS writes text: "e" + a combining accent),
or with the apostrophe dropped or curled ("Siobhan OBrien", "O’Brien"). Each string is therefore
compared on a folded form: compatibility-normalised (NFKD), accents dropped, case-folded,
apostrophes as one sign; its words may be joined by any punctuation or none ("Perez-Lopez",
"Perez Lopez", "PerezLopez") and an apostrophe inside a word is optional. A match is mapped back
to the characters of the original text, so only the name is replaced.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophe-like signs, as one sign before folding (´ would otherwise decompose to a space and an accent).
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘`´ʼ′"})


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    """`text` compared as names are: no accents, no case, compatibility forms resolved."""
    if text.isascii():
        return text.translate(_APOSTROPHES).casefold()
    return "".join(_fold_char(ch) for ch in text)


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index in `text` it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), where


def _word_pattern(word: str) -> str:
    # An apostrophe inside a word is optional on either side ("OBrien" listed, "O'Brien" written).
    letters = [c for c in word if c != "'"]
    return "'?".join(re.escape(c) for c in letters)


def string_pattern(text: str) -> str | None:
    """The regex (over folded text) of one personal string, or None when it has no letter or digit."""
    words = [w.strip("'") for w in re.split(r"[^\w']+|_", fold(text))]
    parts = [_word_pattern(w) for w in words if w]
    return r"[\W_]*".join(parts) if parts else None


class NameMatcher:
    """Matches any of a set of personal strings as whole words in folded text."""

    def __init__(self, strings: set[str]):
        patterns = {p for s in strings if (p := string_pattern(s))}
        alternatives = "|".join(sorted(patterns, key=len, reverse=True))
        self._re = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if patterns else None

    def __bool__(self) -> bool:
        return self._re is not None

    def search(self, text: str) -> bool:
        return self._re is not None and self._re.search(fold(text)) is not None

    def sub(self, mark: str, text: str) -> str:
        """`text` with every match replaced by `mark` (the original characters of the match, accents
        and marks that follow them included)."""
        if self._re is None:
            return text
        folded, where = _folded_with_positions(text)
        spans = []
        for m in self._re.finditer(folded):
            if m.end() == m.start():
                continue
            start, end = where[m.start()], where[m.end() - 1] + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1  # a decomposed accent after the last letter belongs to the name
            spans.append((start, end))
        if not spans:
            return text
        pieces, last = [], 0
        for start, end in spans:
            if start < last:
                continue
            pieces.append(text[last:start])
            pieces.append(mark)
            last = end
        pieces.append(text[last:])
        return "".join(pieces)
