"""The Dagster instance lives in .dagster/ in the project (git-ignored), configured from the
project's dagster.yaml, so runs, partitions and sensor cursors persist between commands."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ctip.paths import PROJECT_ROOT


def ensure_dagster_home() -> Path:
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster")
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    source = PROJECT_ROOT / "dagster.yaml"
    target = home / "dagster.yaml"
    if source.exists() and (not target.exists() or target.read_bytes() != source.read_bytes()):
        shutil.copyfile(source, target)
    return home
