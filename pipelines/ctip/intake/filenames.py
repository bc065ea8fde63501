"""File and folder names as their senders wrote them."""

from __future__ import annotations

import os


def windows_name(name: str) -> str:
    """A file or folder name as its sender wrote it: Python gives the bytes of a name that is
    not UTF-8 as surrogates; such a name is decoded as Windows-1252 (every byte means something
    there but five), else its undecodable bytes become U+FFFD. UTF-8 names are returned as they are."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")
