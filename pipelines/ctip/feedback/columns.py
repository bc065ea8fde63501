"""A frame's columns as Python lists, kept for the few frames being written about.

The annotated copy, the two summaries and report.json each read the same observation and
quarantine columns of one submission; pandas costs about 0.1 ms a column read, so each column is
read once. Keyed by the frame object (held, so its id is not reused); feedback only reads them."""

from __future__ import annotations

_KEEP = 4  # frames: a submission's observations and quarantine, and room for the next one's
_cache: dict[int, tuple[object, dict[str, list]]] = {}


def column(frame, name: str) -> list:
    """`frame[name].tolist()`, read once per frame and column."""
    key = id(frame)
    entry = _cache.get(key)
    if entry is None or entry[0] is not frame:
        if len(_cache) >= _KEEP:
            del _cache[next(iter(_cache))]  # the oldest
        entry = _cache[key] = (frame, {})
    lists = entry[1]
    if name not in lists:
        lists[name] = frame[name].tolist()
    return lists[name]
