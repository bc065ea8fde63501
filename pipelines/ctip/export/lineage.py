"""The public lineage id of a row: a keyed hash of its submission, never the submission id itself.

The warehouse's submission_id is the first 16 hex digits of a hash of the file's bytes and its
country. Published beside a withheld cell, it is a confirmation oracle: a short plain csv can be
rebuilt from the schema's labels and the figures published beside the withheld one, and hashed
for each candidate value until the id matches (attack3 H-Q: BRB's withheld 3, LCA's female 12).
The public files carry HMAC-SHA256(key, submission_id) instead, 16 hex digits: the same
submission has the same public id in every table and every release, and without the key (kept
in the internal folder beside the release history, never exported) nothing can be confirmed."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import pandas as pd

from ctip.atomic import write_text
from ctip.paths import internal_dir

KEY_FILE = "lineage.key"
COLUMN = "submission_id"
DIGITS = 16


def key_path(warehouse: Path | str) -> Path:
    """Where the key lives: the internal folder (beside releases.duckdb), never the exports."""
    return internal_dir(warehouse) / KEY_FILE


def lineage_key(warehouse: Path | str) -> bytes:
    """The key of a warehouse's public ids, made once (32 random bytes) and kept. A lost key gives
    every submission a new public id from the next release on (the figures do not change)."""
    path = key_path(warehouse)
    if path.exists():
        text = path.read_text(encoding="ascii").strip()
        if len(text) == 64:
            return bytes.fromhex(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, secrets.token_hex(32) + "\n")
    os.chmod(path, 0o600)
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def public_id(key: bytes, submission_id: str) -> str:
    """The public id of one submission."""
    return hmac.new(key, str(submission_id).encode("utf-8"), hashlib.sha256).hexdigest()[:DIGITS]


def pseudonymise(frame: pd.DataFrame, key: bytes) -> pd.DataFrame:
    """`frame` with its submission_id replaced by the public id (NULL stays NULL)."""
    if COLUMN not in frame.columns:
        return frame
    ids = frame[COLUMN]
    mapping = {s: public_id(key, s) for s in pd.unique(ids.dropna())}
    out = frame.copy()
    out[COLUMN] = ids.map(mapping).astype(object).where(ids.notna(), None)
    return out
