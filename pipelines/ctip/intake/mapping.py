"""Per-country overrides: `data/raw/<country>/mapping.yaml`, the analyst's tool for what
detection cannot decide. Example:

    labels:                      # a label -> an indicator code
      "TIP victims (police)": victims_detected
    ignore_sheets: [Notes, Charts]
    ignore_rows:                 # sheet -> 1-based row numbers
      Data: [14, 15]
    layout:                      # sheet (or "*") -> layout name: long, wide_years, ...
      Data: wide_years
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Mapping:
    labels: dict[str, str] = field(default_factory=dict)
    ignore_sheets: tuple[str, ...] = ()
    ignore_rows: dict[str, tuple[int, ...]] = field(default_factory=dict)
    layout: dict[str, str] = field(default_factory=dict)
    digest: str = ""
    problem: str | None = None


def load_mapping(folder: Path) -> Mapping:
    for name in ("mapping.yaml", "mapping.yml"):
        path = folder / name
        if path.is_file():
            break
    else:
        return Mapping()
    text = path.read_bytes()
    digest = hashlib.sha256(text).hexdigest()[:16]
    try:
        spec = yaml.safe_load(text) or {}
        if not isinstance(spec, dict):
            raise ValueError("the file must be a mapping of sections")
        return Mapping(
            labels={str(k): str(v) for k, v in (spec.get("labels") or {}).items()},
            ignore_sheets=tuple(str(s) for s in spec.get("ignore_sheets") or ()),
            ignore_rows={str(k): tuple(int(r) for r in v) for k, v in (spec.get("ignore_rows") or {}).items()},
            layout={str(k): str(v) for k, v in (spec.get("layout") or {}).items()},
            digest=digest,
        )
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        return Mapping(digest=digest, problem=f"{path.name} could not be read: {exc}")
