"""Per-country overrides: `data/raw/<country>/mapping.yaml`, the analyst's tool for what
detection cannot decide. Example:

    labels:                      # a label -> what it means
      "TIP victims (police)": victims_detected                 # an indicator code
      "Female victims (police)": "victims_detected, sex:female" # an indicator and breakdown values
      "Féminin": "sex:female"                                  # a breakdown value alone
      "Rescued persons": ignore                                # not an indicator: reported, never stored
    ignore_sheets: [Notes, Charts]   # by name, in any case
    ignore_rows:                 # sheet (or "*") -> 1-based row numbers
      Data: [14, 15]
    layout:                      # sheet (or "*") -> layout name, or none to skip the sheet
      Data: wide_years           # glotip, long, wide_years, wide_dims, transposed, label_list

Labels are matched exactly after normalising (case, accents, spacing, numbering), and win over
the schema's synonyms. A target that names nothing in the schema makes the mapping unreadable:
the submission is rejected with that reason rather than read with a wrong override.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ctip.yamlio import parse_yaml


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
        spec = parse_yaml(text) or {}
        if not isinstance(spec, dict):
            raise ValueError("the file must be a mapping of sections")
        _check(spec)
        return Mapping(
            labels={str(k): str(v) for k, v in (spec.get("labels") or {}).items()},
            ignore_sheets=tuple(str(s) for s in spec.get("ignore_sheets") or ()),
            ignore_rows={str(k): tuple(int(r) for r in v) for k, v in (spec.get("ignore_rows") or {}).items()},
            layout={str(k): str(v) for k, v in (spec.get("layout") or {}).items()},
            digest=digest,
        )
    except (yaml.YAMLError, ValueError, TypeError, AttributeError) as exc:
        return Mapping(digest=digest, problem=f"{path.name} could not be read: {exc}")


def _check(spec: dict) -> None:
    """Every label target must name something in the schema; every layout must exist."""
    from ctip.harmonise.labels import parse_target
    from ctip.intake.layouts import LAYOUTS
    from ctip.schema import load_schema

    unknown = set(spec) - {"labels", "ignore_sheets", "ignore_rows", "layout"}
    if unknown:
        raise ValueError(f"unknown section(s) {', '.join(sorted(map(str, unknown)))}")
    schema = load_schema()
    for label, target in (spec.get("labels") or {}).items():
        if parse_target(str(target), schema) is None:
            raise ValueError(
                f"label '{label}' maps to '{target}', which is not an indicator code, a 'dimension:code' pair or 'ignore'"
            )
    for sheet, name in (spec.get("layout") or {}).items():
        if str(name) not in LAYOUTS and str(name).lower() not in ("none", "ignore", "skip"):
            raise ValueError(f"layout '{name}' for sheet '{sheet}' is not one of: {', '.join(LAYOUTS)}, none")
