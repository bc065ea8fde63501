"""The last SDMX file the validator passed, kept beside the warehouse (`cache/sdmx_validated.csv`)
so that the next export validates only the rows that changed (ctip.export.sdmx.validate_sdmx_csv,
`known_valid`).

The copy counts only if it is the very file that was validated (its SHA-256 is recorded with it)
and the validator, the SDMX structure files and the formula check are those that validated it
(`version`); otherwise every row is validated, as without it. The file is a copy of a public one:
nothing in it is secret."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from functools import lru_cache
from pathlib import Path

from ctip.atomic import atomic_write, write_text
from ctip.paths import SCHEMAS_DIR, internal_dir

log = logging.getLogger(__name__)

COPY = Path("cache") / "sdmx_validated.csv"
RECORD = Path("cache") / "sdmx_validated.json"
_CODE = [Path(__file__).with_name("sdmx.py"), SCHEMAS_DIR / "sdmx", Path(__file__).resolve().parents[1] / "safety.py"]


@lru_cache(maxsize=1)
def version() -> str:
    """The validator, its structure files and the formula check."""
    from ctip.fingerprint import source_fingerprint

    return source_fingerprint(_CODE)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def known_valid(warehouse: Path | str) -> Path | None:
    """The kept copy, when it is what this validator passed; else None."""
    root = internal_dir(warehouse)
    try:
        record = json.loads((root / RECORD).read_text(encoding="utf-8"))
        if record.get("version") == version() and record.get("sha256") == _sha256(root / COPY):
            return root / COPY
    except (OSError, ValueError, AttributeError):
        pass
    return None


def keep_validated(warehouse: Path | str, validated: Path) -> None:
    """Keep a copy of a file the validator just passed (a failure to keep it only costs time)."""
    root = internal_dir(warehouse)
    try:
        (root / COPY).parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(root / COPY) as tmp:
            shutil.copyfile(validated, tmp)
        write_text(root / RECORD, json.dumps({"version": version(), "sha256": _sha256(root / COPY)}))
    except OSError as error:
        log.warning("validated SDMX file not kept (%s): the next export validates every row", error)
