"""The bounds audit's answers kept between exports (ctip.export.audit.AnswerStore on disk).

Where: beside the warehouse, `cache/export_audit.json`, never in the exports folder. The file
says which withheld cells are small counts and how far an attacker could narrow them, so it is
internal like the warehouse and releases.duckdb: published, it would undo the suppression.

What: {digest of a component's linear program: its answer}; the digest covers exactly what the
answer depends on (ctip.export.audit._digest), and the whole file is dropped when the audit code
or scipy changes (`VERSION`). Only the answers used by the last run are kept, so the file stays
the size of one release. A missing, unreadable or foreign file is an empty store: the audit then
solves everything, as without a store."""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path

from ctip.atomic import write_text
from ctip.export.audit import AnswerStore

log = logging.getLogger(__name__)

FILE = Path("cache") / "export_audit.json"
_CODE = [Path(__file__).with_name("audit.py"), Path(__file__).with_name("highs.py")]


@lru_cache(maxsize=1)
def version() -> str:
    """The audit's code and the solver library: a change of either drops the stored answers."""
    from importlib.metadata import version as lib_version

    from ctip.fingerprint import source_fingerprint

    return f"{source_fingerprint(_CODE)}|scipy {lib_version('scipy')}"


def store_path(warehouse: Path | str) -> Path:
    """The store of a warehouse: in its folder (internal), not in the exports."""
    return Path(warehouse).parent / FILE


def load_store(path: Path) -> AnswerStore:
    """The stored answers, or an empty store (no file, another version, unreadable)."""
    try:
        saved = json.loads(Path(path).read_text(encoding="utf-8"))
        if saved.get("version") != version():
            return AnswerStore()
        return AnswerStore({d: (list(map(tuple, a)), int(s), int(b)) for d, (a, s, b) in saved["entries"].items()})
    except (OSError, ValueError, KeyError, TypeError):
        return AnswerStore()


def save_store(path: Path, store: AnswerStore) -> None:
    """Keep the answers this run used (atomically; a failure to write only costs time)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, json.dumps({"version": version(), "entries": store.kept()}, separators=(",", ":")))
    except OSError as error:  # a cache: the exports stand without it
        log.warning("audit answers not kept (%s): the next export solves them again", error)
