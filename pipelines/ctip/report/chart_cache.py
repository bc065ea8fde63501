"""Charts drawn only when what they draw changed.

Drawing is most of the report's cost, and a new submission usually changes few of the charts.
Each chart is stored as `<folder>/<digest>.json`, where the digest covers exactly the arguments
of the chart function (frames by their values, columns and types), the function's name and the
report's code and configuration version (ctip/report, schemas/, matplotlib's version). Same
digest, same SVG: the chart functions are deterministic (fixed hash salt, no date). Entries are
written atomically; a missing or unreadable entry is drawn again. After the page is written,
`clean()` removes the entries the page no longer uses, so the folder holds one page's charts
(plus those of a page written at the same moment by another process, which only costs a redraw).

Without a folder, charts are drawn every time (nothing is kept)."""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

from ctip.atomic import write_text
from ctip.report.chart import Chart

CACHE_DIR = Path(".cache") / "charts"  # under the report's folder
_ENTRY = re.compile(r"^[0-9a-f]{32}\.json$")


def code_version() -> str:
    """Changes with the report's code, the schemas (labels, styles) and matplotlib."""
    from ctip import paths
    from ctip.fingerprint import source_fingerprint

    return source_fingerprint([Path(__file__).parent, paths.SCHEMAS_DIR]) + "|matplotlib " + version("matplotlib")


def _feed(h, obj) -> None:
    """Hash `obj` by value: frames and series by their values, index, columns and types."""
    if isinstance(obj, pd.DataFrame):
        h.update(f"DataFrame{list(map(str, obj.columns))}{[str(t) for t in obj.dtypes]}{obj.shape}".encode())
        try:
            h.update(pd.util.hash_pandas_object(obj, index=True).to_numpy().tobytes())
        except TypeError:  # unhashable cells (lists): their text says it all
            h.update(obj.to_csv().encode())
    elif isinstance(obj, pd.Series):
        _feed(h, obj.to_frame(name=str(obj.name)))
    elif isinstance(obj, np.ndarray):
        h.update(f"ndarray{obj.dtype}{obj.shape}".encode())
        h.update(np.ascontiguousarray(obj).tobytes() if obj.dtype != object else repr(obj.tolist()).encode())
    elif isinstance(obj, Mapping):
        h.update(f"Mapping{len(obj)}".encode())
        for k, v in obj.items():
            _feed(h, k)
            _feed(h, v)
    elif isinstance(obj, (list, tuple)):
        h.update(f"{type(obj).__name__}{len(obj)}".encode())
        for v in obj:
            _feed(h, v)
    elif obj is None or isinstance(obj, (str, bool, int, float, np.generic)):
        h.update(f"{type(obj).__name__}:{obj!r};".encode())
    else:
        raise TypeError(f"cannot key a chart on a {type(obj).__name__}")


def digest(function: str, args: tuple, kwargs: dict, code: str) -> str:
    """The cache key of `function(*args, **kwargs)` drawn by the code version `code`."""
    h = hashlib.sha256(f"{code}|{function}|".encode())
    _feed(h, args)
    _feed(h, dict(sorted(kwargs.items())))
    return h.hexdigest()[:32]


class ChartCache:
    """`draw("member_chart.member_small_multiples", *args)` returns the chart, from the folder when the
    same arguments were drawn with the same code before. `drawn` and `reused` count the calls."""

    def __init__(self, folder: Path | str | None = None):
        self.folder = Path(folder) if folder is not None else None
        self.used: set[str] = set()
        self.drawn: list[str] = []
        self.reused: list[str] = []
        self._code = code_version() if self.folder is not None else ""

    def draw(self, function: str, *args, **kwargs) -> Chart:
        module, name = function.rsplit(".", 1)
        if self.folder is None:
            self.drawn.append(function)
            return getattr(importlib.import_module(f"ctip.report.{module}"), name)(*args, **kwargs)
        key = digest(function, args, kwargs, self._code)
        path = self.folder / f"{key}.json"
        self.used.add(path.name)
        chart = self._read(path)
        if chart is not None:
            self.reused.append(function)
            return chart
        # matplotlib is imported here only: a page whose charts are all kept never loads it
        chart = getattr(importlib.import_module(f"ctip.report.{module}"), name)(*args, **kwargs)
        self.folder.mkdir(parents=True, exist_ok=True)
        write_text(path, json.dumps({"key": chart.key, "title": chart.title, "alt": chart.alt, "svg": chart.svg}), newline="\n")
        self.drawn.append(function)
        return chart

    @staticmethod
    def _read(path: Path) -> Chart | None:
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            return Chart(key=entry["key"], title=entry["title"], alt=entry["alt"], svg=entry["svg"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def clean(self) -> list[Path]:
        """Remove the entries this page did not use; return them."""
        if self.folder is None or not self.folder.is_dir():
            return []
        removed = []
        for path in self.folder.iterdir():
            if _ENTRY.match(path.name) and path.name not in self.used:
                path.unlink(missing_ok=True)
                removed.append(path)
        return removed
