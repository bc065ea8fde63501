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
    tables:                      # words of a table's title -> use, ignore, or {use:, year:}
      "Murders by division": ignore                 # never read this table
      "Table 3": use                                # a trafficking table, whatever its title says
      "Cuadro 2": {year: 2021}                      # the year of a block that does not say it

Labels are matched exactly after normalising (case, accents, spacing, numbering), and win over
the schema's synonyms. A target that names nothing in the schema makes the mapping unreadable:
the submission is rejected with that reason rather than read with a wrong override.

The file is untrusted input: at most 64 KB, no YAML aliases, checked against a schema (pydantic)
section by section. A bad mapping rejects only its own folder's files, with the reason; it never
stops the run. A mapping is parsed once per content (by its hash), not once per file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from ctip.intake.mapping_spec import _Spec

MAX_BYTES = 64 * 1024
_CACHE_SIZE = 256


@dataclass(frozen=True)
class Mapping:
    labels: dict[str, str] = field(default_factory=dict)
    ignore_sheets: tuple[str, ...] = ()
    ignore_rows: dict[str, tuple[int, ...]] = field(default_factory=dict)
    layout: dict[str, str] = field(default_factory=dict)
    tables: dict[str, dict] = field(default_factory=dict)  # title words -> {"use": bool | None, "year": int | None}
    digest: str = ""
    problem: str | None = None


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without anchors and aliases (a few bytes of aliases can expand to millions of nodes)."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in mapping.yaml", event.start_mark)
        return super().compose_node(parent, index)


_parsed: dict[str, Mapping] = {}  # content digest -> mapping, so each content is parsed once


def load_mapping(folder: Path) -> Mapping:
    """The mapping of a country folder; never raises (a bad one comes back with `problem` set)."""
    for name in ("mapping.yaml", "mapping.yml"):
        path = folder / name
        if path.is_file():
            break
    else:
        return Mapping()
    where = f"{path.name} in folder '{folder.name}'"
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Mapping(
                digest=f"size-{size}",
                problem=f"{where} is {size // 1024} KB; it may be at most {MAX_BYTES // 1024} KB, so it was not read and this folder's files were not taken in",
            )
        text = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as exc:
        return Mapping(digest="unreadable", problem=f"{where} could not be opened ({type(exc).__name__})")
    digest = hashlib.sha256(text).hexdigest()[:16]
    cached = _parsed.get(digest)
    if cached is not None:
        return cached if cached.problem is None else Mapping(digest=digest, problem=cached.problem.replace("{where}", where))
    mapping = _parse(text, digest, "{where}")
    if len(_parsed) >= _CACHE_SIZE:
        _parsed.clear()
    _parsed[digest] = mapping
    return mapping if mapping.problem is None else Mapping(digest=digest, problem=mapping.problem.replace("{where}", where))


def _parse(text: bytes, digest: str, where: str) -> Mapping:
    try:
        spec = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        return Mapping(digest=digest, problem=f"{where} is nested too deeply to be read")
    except (yaml.YAMLError, ValueError, UnicodeDecodeError) as exc:
        return Mapping(digest=digest, problem=f"{where} is not valid YAML ({_short(exc)})")
    if spec is None:
        return Mapping(digest=digest)
    if not isinstance(spec, dict):
        return Mapping(
            digest=digest, problem=f"{where} could not be read: the file must be a mapping of sections (labels, ignore_sheets, ignore_rows, layout, tables)"
        )
    # pydantic is imported only when a folder has a mapping.yaml (most have none; `ctip check`).
    from pydantic import ValidationError

    from ctip.intake.mapping_spec import _Spec

    try:
        unknown = set(map(str, spec)) - set(_Spec.model_fields)
        if unknown:
            raise ValueError(f"unknown section(s) {', '.join(sorted(unknown))}")
        parsed = _Spec.model_validate({str(k): v for k, v in spec.items()})
        _check(parsed)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = " → ".join(str(p) for p in first["loc"])
        return Mapping(
            digest=digest,
            problem=f"{where} could not be read: {loc}: {first['msg']}" + (f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""),
        )
    except (ValueError, TypeError, RecursionError) as exc:
        return Mapping(digest=digest, problem=f"{where} could not be read: {_short(exc)}")
    tables = {}
    for words, choice in parsed.tables.items():
        if isinstance(choice, str):
            tables[words] = {"use": choice == "use", "year": None}
        else:
            use = choice.use if not isinstance(choice.use, str) else choice.use == "use"
            tables[words] = {"use": use, "year": choice.year}
    return Mapping(
        labels=dict(parsed.labels),
        ignore_sheets=tuple(parsed.ignore_sheets),
        ignore_rows={k: tuple(v) for k, v in parsed.ignore_rows.items()},
        layout=dict(parsed.layout),
        tables=tables,
        digest=digest,
    )


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


def _check(spec: _Spec) -> None:
    """Every label target must name something in the schema; every layout must exist."""
    from ctip.intake.layouts import LAYOUTS
    from ctip.schema import load_schema
    from ctip.vocabulary.labels import parse_target

    schema = load_schema()
    for label, target in spec.labels.items():
        if parse_target(str(target), schema) is None:
            raise ValueError(f"label '{label[:80]}' maps to '{str(target)[:80]}', which is not an indicator code, a 'dimension:code' pair or 'ignore'")
    for sheet, name in spec.layout.items():
        if str(name) not in LAYOUTS and str(name).lower() not in ("none", "ignore", "skip"):
            raise ValueError(f"layout '{str(name)[:40]}' for sheet '{sheet[:80]}' is not one of: {', '.join(LAYOUTS)}, none")
