"""Per-submission results on disk, keyed by content hash and parser version, so that an
unchanged file is never parsed twice (the Dagster partition and `ctip run` share this cache)."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ctip.atomic import atomic_write
from ctip.harmonise.flows import FLOW_COLUMNS
from ctip.harmonise.observations import OBSERVATION_COLUMNS, QUARANTINE_COLUMNS
from ctip.intake.capture import CAPTURE_COLUMNS
from ctip.paths import PROJECT_ROOT, SCHEMAS_DIR
from ctip.stage.submission import SubmissionResult

PARSER_VERSION = "1"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes whenever the schema or the intake code changes, invalidating the cache."""
    h = hashlib.sha256(PARSER_VERSION.encode())
    code = PROJECT_ROOT / "pipelines" / "ctip"
    for folder in (SCHEMAS_DIR, code / "intake", code / "harmonise", code / "validate"):
        for p in sorted(folder.rglob("*")):
            if p.suffix in (".py", ".yaml", ".csv") and p.is_file():
                h.update(p.name.encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:16]


def cache_key(sha256: str, mapping_digest: str, source_file: str) -> str:
    return hashlib.sha256(f"{sha256}|{mapping_digest}|{source_file}|{code_fingerprint()}".encode()).hexdigest()[:16]


def save(result: SubmissionResult, folder: Path, key: str) -> None:
    with atomic_write(folder) as tmp:
        _save_into(result, tmp, key)


def _save_into(result: SubmissionResult, tmp: Path, key: str) -> None:
    tmp.mkdir(parents=True)
    result.observations.to_parquet(tmp / "observations.parquet", index=False)
    result.quarantine.astype("string").to_parquet(tmp / "quarantine.parquet", index=False)
    if len(result.capture):
        result.capture.to_parquet(tmp / "capture.parquet", index=False)
    if len(result.flows):
        result.flows.to_parquet(tmp / "flows.parquet", index=False)
    meta = {
        "key": key,
        "submission": result.submission,
        "source_kind": result.source_kind,
        "sheets": result.sheets,
        "n_not_available": result.n_not_available,
        "language": result.language,
    }
    (tmp / "submission.json").write_text(json.dumps(meta, indent=1, default=str), encoding="utf-8")


def load(folder: Path, key: str | None = None) -> SubmissionResult | None:
    meta_path = folder / "submission.json"
    if not meta_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if key is not None and meta.get("key") != key:
        return None
    obs = pd.read_parquet(folder / "observations.parquet")
    obs["value"] = obs["value"].astype("Int64")
    obs["year"] = obs["year"].astype("Int64")
    q = pd.read_parquet(folder / "quarantine.parquet")
    capture = pd.read_parquet(folder / "capture.parquet") if (folder / "capture.parquet").exists() else pd.DataFrame(columns=CAPTURE_COLUMNS)
    flows = pd.read_parquet(folder / "flows.parquet") if (folder / "flows.parquet").exists() else pd.DataFrame(columns=FLOW_COLUMNS)
    for col in ("value", "year"):
        flows[col] = flows[col].astype("Int64")
    return SubmissionResult(
        capture=capture,
        flows=flows[FLOW_COLUMNS],
        submission=meta["submission"],
        observations=obs[OBSERVATION_COLUMNS],
        quarantine=q[QUARANTINE_COLUMNS] if len(q) else pd.DataFrame(columns=QUARANTINE_COLUMNS),
        source_kind=meta["source_kind"],
        sheets=meta["sheets"],
        n_not_available=meta["n_not_available"],
        language=meta.get("language"),
    )


def is_staged(folder: Path, key: str) -> bool:
    """Whether a valid staged result exists, without loading it."""
    meta_path = folder / "submission.json"
    if not meta_path.exists():
        return False
    try:
        return json.loads(meta_path.read_text(encoding="utf-8")).get("key") == key
    except (OSError, ValueError):
        return False
