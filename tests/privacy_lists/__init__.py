"""Disguised personal-data lists with their planted strings (issue 9), and a scanner that looks for
those strings in everything intake writes."""

from .cases import CASES, Case, generate_lists, planted_strings, written_strings

__all__ = ["CASES", "Case", "generate_lists", "planted_strings", "written_strings"]
