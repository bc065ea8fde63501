"""The public lineage id is not the hash of the submitted file (attack3 H-Q).

The warehouse's submission_id hashes the file's bytes and its country: published beside a
withheld cell, a short csv rebuilt from the schema's labels and the published figures could be
hashed for each candidate value until the id matched. The public files carry a keyed hash."""

from __future__ import annotations

import hashlib

import duckdb
import pandas as pd

from ctip.export.lineage import key_path, lineage_key, pseudonymise, public_id
from ctip.schema import KEY_COLUMNS


def test_public_ids_are_keyed_not_the_submission_hash(synthetic_exports):
    warehouse, out = synthetic_exports
    with duckdb.connect(str(warehouse), read_only=True) as con:
        internal = con.execute("select * from fact_observation").df()
    public = pd.read_parquet(out / "fact_observation.parquet")
    assert public["submission_id"].notna().all()
    assert not set(public["submission_id"]) & set(internal["submission_id"])
    # one public id per submission, the same one for all its rows
    linked = internal.merge(public, on=list(KEY_COLUMNS), suffixes=("", "_public"))
    assert (linked.groupby("submission_id")["submission_id_public"].nunique() == 1).all()
    assert (linked.groupby("submission_id_public")["submission_id"].nunique() == 1).all()
    # the key stays internal: not in the exports folder, and no exported file holds it
    key = key_path(warehouse)
    assert key.exists() and out not in key.parents
    secret = key.read_text(encoding="ascii").strip()
    assert not any(secret in p.read_text(encoding="utf-8", errors="ignore") for p in out.iterdir() if p.suffix in (".csv", ".md", ".json"))


def test_the_key_is_made_once_and_kept(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    first = lineage_key(warehouse)
    assert lineage_key(warehouse) == first and len(first) == 32
    frame = pd.DataFrame({"submission_id": ["a1b2", "a1b2", None, "ffff"], "value": [1, 2, 3, 4]})
    out = pseudonymise(frame, first)
    assert out["submission_id"].iloc[0] == out["submission_id"].iloc[1] == public_id(first, "a1b2")
    assert out["submission_id"].iloc[2] is None
    # without the key an attacker's hash of a candidate file does not give the public id
    assert public_id(first, "a1b2") != hashlib.sha256(b"a1b2").hexdigest()[:16]
    assert public_id(lineage_key(tmp_path / "other" / "w.duckdb"), "a1b2") != public_id(first, "a1b2")
