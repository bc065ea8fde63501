"""Find submissions in the drop folder and say whose they are.

Convention: `data/raw/<country>/<file>`, where <country> is an ISO3 code or the country's name
in English, Spanish, French or Dutch (`Curaçao`, `República Dominicana`). `data/raw/UNODC/` holds
UNODC's GLOTIP export (many countries, lower precedence than national submissions).
Every file is one submission whose id comes from its content: the same file dropped twice, or
renamed, is one submission."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

from ctip.harmonise.normalise import normalise
from ctip.intake.read import SUPPORTED_SUFFIXES
from ctip.region import country_aliases, member_codes

UNODC_FOLDERS = {"unodc", "glotip"}
IGNORED_NAMES = {"mapping.yaml", "mapping.yml", "readme.md", "readme.txt", ".gitkeep", "source.md"}


@dataclass(frozen=True)
class SubmissionFile:
    path: Path  # absolute
    relative: str  # as shown to people: relative to the drop folder
    sha256: str
    size: int
    mtime: float
    country_iso3: str | None  # None for multi-country files (UNODC)
    source_kind: str  # national | unodc
    folder: str
    problem: str | None = None  # set when the file must be rejected before reading

    @property
    def submission_id(self) -> str:
        return self.sha256[:16]

    @property
    def received_at(self) -> str:
        return dt.datetime.fromtimestamp(self.mtime, dt.timezone.utc).isoformat(timespec="seconds")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    """Normalised country names in four languages -> ISO3, for all countries (not only members),
    so that a folder named after a non-member is recognised and rejected with that reason."""
    index: dict[str, str] = {}
    for c in pycountry.countries:
        for alias in country_aliases(c.alpha_3):
            index.setdefault(normalise(alias), c.alpha_3)
        index.setdefault(normalise(c.alpha_3), c.alpha_3)
    for iso3 in member_codes():  # members win any clash
        for alias in country_aliases(iso3):
            index[normalise(alias)] = iso3
        index[normalise(iso3)] = iso3
    return index


def country_from_folder(folder: str) -> str | None:
    """ISO3 for a folder named by code or by name in any of the four languages."""
    return _name_index().get(normalise(folder))


def safe_display_name(relative: str) -> str:
    """File names as people see them, without control characters."""
    return "".join(ch if ch.isprintable() else "?" for ch in relative)


def describe_file(path: Path, raw_root: Path) -> SubmissionFile:
    raw_root = Path(raw_root).absolute()
    path = Path(path).absolute()
    rel_parts = path.relative_to(raw_root).parts if path.is_relative_to(raw_root) else (path.name,)
    relative = safe_display_name("/".join(rel_parts))
    folder = rel_parts[0] if len(rel_parts) > 1 else ""
    problem = None
    real = path.resolve()
    if path.is_symlink() and not real.is_relative_to(raw_root.resolve()):
        problem = "the file is a link to a place outside the drop folder; copy the file itself into data/raw/"
        return SubmissionFile(path, relative, hashlib.sha256(str(path).encode()).hexdigest(), 0, 0.0, None, "national", folder, problem)
    stat = real.stat()
    sha = file_sha256(real)
    kind = "unodc" if normalise(folder) in UNODC_FOLDERS else "national"
    country = None
    if kind == "national":
        country = country_from_folder(folder) if folder else None
        if folder and country is None:
            problem = f"the folder '{folder}' is not a country code or name; name it by ISO3 code (e.g. JAM) or country name"
        elif country is not None and country not in member_codes():
            problem = f"{country} is not a member of the region (CMC); its figures are not stored"
        elif not folder:
            problem = "the file is not in a country folder; put it in data/raw/<ISO3>/"
    if path.suffix.lower() not in SUPPORTED_SUFFIXES and problem is None:
        problem = f"files of type '{path.suffix or 'without extension'}' are not read; send xlsx, xls, ods or csv"
    return SubmissionFile(real, relative, sha, stat.st_size, stat.st_mtime, country, kind, folder, problem)


def list_submission_files(raw_root: Path) -> list[SubmissionFile]:
    """Every candidate file under the drop folder, sorted by path (deterministic)."""
    raw_root = Path(raw_root)
    if not raw_root.exists():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(raw_root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith((".", "~$")) or name.lower() in IGNORED_NAMES:
                continue
            found.append(describe_file(Path(dirpath) / name, raw_root))
    return found


def unique_submissions(files: list[SubmissionFile]) -> list[SubmissionFile]:
    """One submission per content: the first path (in sorted order) names it."""
    seen: dict[str, SubmissionFile] = {}
    for f in files:
        seen.setdefault(f.submission_id, f)
    return list(seen.values())
