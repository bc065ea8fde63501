"""The feedback's words in the submission's language (`feedback:` in schemas/lang/<language>.yaml),
English where a language has none: headings, advice by reason of rejection, problems by kind."""

from __future__ import annotations

from functools import lru_cache

from ctip.schema import LANGUAGES, words

# Reasons of rejection that share another reason's advice.
_ADVICE_ALIASES = {
    "zip_bomb": "too_large",
    "link_outside": "link",
    "link_broken": "link",
    "not_a_file": "link",
    "unknown_folder": "folder",
    "no_folder": "folder",
    "unreadable": "corrupt",
}


def known_language(lang: str | None) -> bool:
    """True when schemas/lang has words for `lang`; False for None."""
    return lang in LANGUAGES


@lru_cache(maxsize=16)
def _feedback(lang: str) -> dict:
    """The `feedback:` words of a language, merged with English once per process (the schema
    folder is fixed for a process's life; a summary asks for them a dozen times). Read only."""
    return words(lang, "feedback")


def phrases(lang: str) -> dict[str, str]:
    """Headings and labels of the summary and the annotated copy."""
    return _feedback(lang)["phrases"]


def advice_text(reason_code: str | None, lang: str) -> str | None:
    """What to do about a rejection, or None for a reason that needs no advice."""
    code = _ADVICE_ALIASES.get(reason_code or "", reason_code)
    return _feedback(lang)["advice"].get(code or "")


def problem_text(kind: str, lang: str) -> str:
    """The sentence for a kind of problem ({n}: how many cells); 'other' for a kind without one."""
    fb = _feedback(lang)
    return fb["problems"].get(kind) or fb["other_problems"]


def how_to_mapping(lang: str) -> str:
    """The sentence, in `lang`, telling the sender how to correct a reading with a mapping file."""
    return _feedback(lang)["how_to_mapping"]
