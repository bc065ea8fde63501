"""The bounds audit's answers kept between exports (ctip.export.audit.AnswerStore on disk).

Where: beside the warehouse, `cache/export_audit.json`, never in the exports folder. The file
says which withheld cells are small counts and how far an attacker could narrow them, so it is
internal like the warehouse and releases.duckdb: published, it would undo the suppression.

What: {digest of a component's linear program: its answer}; the digest covers exactly what the
answer depends on (ctip.export.audit._digest), and the whole file is dropped when the audit code
or scipy changes (`version`). Beside them, the exact audit's answers (which withheld cells a
component's relations determine, and to what value: ctip.export.suppression.determined_cells),
keyed by the component's matrix and right-hand side, dropped when suppression.py or numpy
changes. Only the answers used by the last run are kept, so the file stays the size of one
release. A missing, unreadable or foreign file is an empty store: the audit then
solves everything, as without a store."""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path

from ctip.atomic import write_text
from ctip.export.audit import AnswerStore
from ctip.paths import internal_dir

log = logging.getLogger(__name__)

FILE = Path("cache") / "export_audit.json"
_CODE = [Path(__file__).with_name("audit.py"), Path(__file__).with_name("highs.py")]


class Answers(AnswerStore):
    """The bounds audit's answers (AnswerStore) and, beside them, the exact audit's
    (ctip.export.suppression.determined_cells): {digest of a component's matrix and right-hand
    side: [[column, derived value or None (contradictory relations)], ...]}, kept the same way."""

    def __init__(self, entries: dict | None = None, determined: dict | None = None):
        super().__init__(entries)
        self.determined: dict[str, list] = dict(determined or {})
        self.determined_used: set[str] = set()

    def get_determined(self, digest: str) -> list | None:
        found = self.determined.get(digest)
        if found is not None:
            self.determined_used.add(digest)
        return found

    def put_determined(self, digest: str, answer: list) -> None:
        self.determined[digest] = answer
        self.determined_used.add(digest)

    def kept_determined(self) -> dict:
        return {d: self.determined[d] for d in self.determined_used}


_DETERMINED_CODE = [Path(__file__).with_name("suppression.py")]


@lru_cache(maxsize=1)
def determined_version() -> str:
    """The exact audit's code (null spaces by numpy's SVD) and numpy: a change of either drops its answers."""
    from importlib.metadata import version as lib_version

    from ctip.fingerprint import source_fingerprint

    return f"{source_fingerprint(_DETERMINED_CODE)}|numpy {lib_version('numpy')}"


@lru_cache(maxsize=1)
def version() -> str:
    """The audit's code and the solver library: a change of either drops the stored answers."""
    from importlib.metadata import version as lib_version

    from ctip.fingerprint import source_fingerprint

    return f"{source_fingerprint(_CODE)}|scipy {lib_version('scipy')}"


def store_path(warehouse: Path | str) -> Path:
    """The store of a warehouse: in its folder (internal), not in the exports."""
    return internal_dir(warehouse) / FILE


def load_store(path: Path) -> Answers:
    """The stored answers, or an empty store (no file, another version, unreadable)."""
    try:
        saved = json.loads(Path(path).read_text(encoding="utf-8"))
        entries = {}
        if saved.get("version") == version():
            entries = {d: (list(map(tuple, a)), int(s), int(b)) for d, (a, s, b) in saved["entries"].items()}
        determined = {}
        if saved.get("determined_version") == determined_version():
            determined = {str(d): [[int(i), None if x is None else float(x)] for i, x in a] for d, a in saved.get("determined", {}).items()}
        return Answers(entries, determined)
    except (OSError, ValueError, KeyError, TypeError):
        return Answers()


def save_store(path: Path, store: AnswerStore) -> None:
    """Keep the answers this run used (atomically; a failure to write only costs time). A run that
    asked for none (its protection decision read from ctip.export.decisions) leaves the file as it
    is: the next decision made needs them."""
    path = Path(path)
    if not store.used and not store.misses and not getattr(store, "determined_used", None):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        saved = {"version": version(), "entries": store.kept()}
        if isinstance(store, Answers):
            saved.update(determined_version=determined_version(), determined=store.kept_determined())
        write_text(path, json.dumps(saved, separators=(",", ":")))
    except OSError as error:  # a cache: the exports stand without it
        log.warning("audit answers not kept (%s): the next export solves them again", error)
