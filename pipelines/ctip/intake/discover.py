"""Find submissions in the drop folder and say whose they are.

Convention: `data/raw/<country>/<file>`, where <country> is an ISO3 code or the country's name
in English, Spanish, French or Dutch (`Curaçao`, `República Dominicana`), or a common short form
from `schemas/country_aliases.yaml` (`St Lucia`, `Trinidad`). `data/raw/UNODC/` holds
UNODC's GLOTIP export (many countries, lower precedence than national submissions).
A submission's id comes from its content and its country: the same file renamed is the same
submission, and the same bytes dropped in two countries' folders are two submissions (each
country's figures are kept). A second copy of a file in the same country is not taken in twice:
it gets a submission row of its own, rejected with a reason naming the first copy, so every file
under data/raw/ ends with a submission row. UNODC's export (many countries) keeps the content id.

A file still being copied is not read: files modified in the last SETTLE_SECONDS seconds, or whose
size or modification time changes during a short wait, are left for the next run
(`split_settled`), and the run says so."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import os
import re
import stat
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

import pycountry

from ctip import settings
from ctip.intake.filenames import windows_name
from ctip.intake.read import SUPPORTED_SUFFIXES
from ctip.paths import SCHEMAS_DIR
from ctip.region import country_aliases, member_codes
from ctip.schema import word_set
from ctip.vocabulary.normalise import normalise
from ctip.yamlio import parse_yaml

log = logging.getLogger(__name__)

UNODC_FOLDERS = {"unodc", "glotip"}
COUNTRY_ALIASES_FILE = "country_aliases.yaml"
IGNORED_NAMES = {"mapping.yaml", "mapping.yml", "readme.md", "readme.txt", ".gitkeep", "source.md"}
# Of those, the drop folder's own configuration and documentation (never figures in a format that is
# read) get no submission row; so do Excel's lock files ('~$tip.xlsx', while the workbook is open).
SILENT_NAMES = {"mapping.yaml", "mapping.yml", "readme.md", ".gitkeep", "source.md"}


def silently_skipped(name: str) -> bool:
    """Whether a file of this name in the drop folder is not a submission at all (no row)."""
    return name.startswith("~$") or name.lower() in SILENT_NAMES


def _name_not_read(name: str) -> str | None:
    """Why a file is listed but not read because of its name (a hidden file, a README), else None:
    it still ends with a submission row, so nothing under data/raw/ is passed over in silence."""
    if name.startswith("."):
        return "hidden file (its name starts with a dot): not read; rename it without the leading dot if it holds figures"
    if name.lower() in IGNORED_NAMES:
        return "a README file is documentation: not read; rename it (for example tip_2021.txt) if it holds figures"
    return None


def file_suffix(name: str) -> str:
    """A file's extension, lower case, ignoring spaces at the end of its name ('tip_2021.csv ', as
    e-mail attachments come)."""
    return Path(name.rstrip()).suffix.lower()


@dataclass(frozen=True)
class SubmissionFile:
    path: Path  # absolute
    relative: str  # as shown to people: relative to the drop folder (control characters replaced)
    sha256: str
    size: int
    mtime: float
    country_iso3: str | None  # None for multi-country files (UNODC)
    source_kind: str  # national | unodc
    folder: str
    problem: str | None = None  # set when the file must be rejected before reading
    problem_code: str | None = None  # what kind of problem (not_member, link_outside, ...) for feedback
    duplicate_of: str | None = None  # the file (same content, same country) this one repeats
    arrived_at: str | None = None  # when ctip first received this content at this path (intake/arrivals.py)

    @property
    def submission_id(self) -> str:
        """Content and country: UNODC's export keeps its content id (sha256[:16]); a national
        file's id also hashes its country (or, when the folder names none, the folder), and a
        second copy in the same country its own path, so that it has a row of its own."""
        if self.source_kind == "unodc" and self.duplicate_of is None:
            return self.sha256[:16]
        owner = self.country_iso3 or f"folder:{self.folder}"
        key = f"{self.sha256}|{owner}" + (f"|copy:{self.relative}" if self.duplicate_of else "")
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    @property
    def received_at(self) -> str:
        """When ctip first received the file (its arrival, which orders submissions); a file no
        run has recorded yet (`ctip check`) goes by its modification time."""
        if self.arrived_at:
            return self.arrived_at
        return dt.datetime.fromtimestamp(self.mtime, dt.timezone.utc).isoformat(timespec="microseconds")

    @property
    def file_modified_at(self) -> str:
        """The file's modification time (UTC): orders files that arrived in the same run."""
        return dt.datetime.fromtimestamp(self.mtime, dt.timezone.utc).isoformat(timespec="seconds")


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of the file's bytes, read in 1 MiB blocks so a large file is never held whole."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# Words written in several ways in folder names: all mean "saint" (St Lucia, Sint Maarten,
# Santa Lucía, San Vicente...), and '&' is 'and'.
_SAINT = {"st", "saint", "sint", "sainte", "san", "santa"}
_FOLDER_SEPARATORS = re.compile(r"[-_.]+")


def folder_key(name: object) -> str:
    """A folder name for comparison: normalised (case, accents, punctuation), hyphens as spaces,
    one word for St/St./Saint/Sint/Sainte/San/Santa, and '&' as 'and'."""
    words = _FOLDER_SEPARATORS.sub(" ", normalise(name)).split()
    return " ".join("saint" if w in _SAINT else "and" if w == "&" else w for w in words)


def extra_country_names(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """ISO3 -> the common short names of `schemas/country_aliases.yaml` (none if the file is absent)."""
    path = Path(path or SCHEMAS_DIR / COUNTRY_ALIASES_FILE)
    if not path.exists():
        return {}
    raw = parse_yaml(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{path.name}: expected ISO3 code -> list of names")
    out: dict[str, tuple[str, ...]] = {}
    for iso3, names in raw.items():
        code = str(iso3).upper()
        if pycountry.countries.get(alpha_3=code) is None:
            raise ValueError(f"{path.name}: {iso3!r} is not an ISO 3166 alpha-3 code")
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise ValueError(f"{path.name}: the names of {code} must be a list of names")
        out[code] = tuple(names)
    return out


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    """Folder keys of country names in four languages -> ISO3, for all countries (not only members),
    so that a folder named after a non-member is recognised and rejected with that reason; then the
    short forms of schemas/country_aliases.yaml, which win any clash."""
    index: dict[str, str] = {}
    for c in pycountry.countries:
        for alias in country_aliases(c.alpha_3):
            index.setdefault(folder_key(alias), c.alpha_3)
        index.setdefault(folder_key(c.alpha_3), c.alpha_3)
    for iso3 in member_codes():  # members win any clash
        for alias in country_aliases(iso3):
            index[folder_key(alias)] = iso3
        index[folder_key(iso3)] = iso3
    for iso3, names in extra_country_names().items():
        for name in names:
            index[folder_key(name)] = iso3
    return index


def country_from_folder(folder: str) -> str | None:
    """ISO3 for a folder named by code, by name in any of the four languages, or by a common
    short form (schemas/country_aliases.yaml)."""
    return _name_index().get(folder_key(folder))


MAX_DISPLAY_CHARS = 240


def safe_display_name(relative: str) -> str:
    """File names as people see them: no control or invisible formatting characters (newline,
    tab, escape sequences, right-to-left overrides, undecodable bytes), no backslashes (a path
    separator elsewhere), and not endless."""
    out = []
    for ch in relative:
        if ch == "\\":
            out.append("_")
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append("?")
    text = "".join(out).strip()
    if len(text) > MAX_DISPLAY_CHARS:
        text = text[: MAX_DISPLAY_CHARS - 1] + "…"
    return text or "?"


_NAME_SEPARATORS = str.maketrans("_-.", "   ")  # one for one: a name found maps back to its place


def without_person_name(relative: str, file_id: str) -> str:
    """The name a file is shown and recorded by (lineage, feedback, the warehouse), without a
    person's name its file name holds ('Caso_<Name>_<Surname>_2022.xlsx', '<Name> <Surname> 14
    años.xlsx', '<Name> <Surname>.xlsx': the sheet-name rules of ctip.intake.privacy_text, attack6
    K-P). The name is replaced by '[removed <id>]', the id a digest of the file's path, so two such
    files in a folder keep two names and the same file keeps its name from run to run."""
    folder, _, name = relative.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    if not any(ch.isupper() for ch in stem):
        return relative  # a person's name is capitalised: most file names stop here
    from ctip.intake.privacy_text import case_sheet_names  # the intake's name rules, only when needed

    spaced = stem.translate(_NAME_SEPARATORS)  # the same length: a name found is at the same place
    found = case_sheet_names(spaced)
    if not found:
        return relative
    masked = stem
    for person in sorted(found, key=len, reverse=True):
        at = spaced.find(person)
        while at >= 0:
            masked = masked[:at] + "\0" * len(person) + masked[at + len(person) :]
            spaced = spaced[:at] + "\0" * len(person) + spaced[at + len(person) :]
            at = spaced.find(person)
    masked = re.sub("\0+", f"[removed {file_id[:8]}]", masked)
    return (f"{folder}/" if folder else "") + masked + (f".{suffix}" if dot else "")


def _path_id(path: Path) -> str:
    """An id for a file that cannot be hashed (a link outside, a device...): from its path."""
    return hashlib.sha256(os.fsencode(str(path))).hexdigest()


def describe_file(path: Path, raw_root: Path) -> SubmissionFile:
    """What a file in the drop folder is and whose. Never raises for a file the run cannot use:
    links outside the drop folder, broken links, devices and pipes, unreadable files all come
    back with `problem` set (and are never opened)."""
    raw_root = Path(raw_root).absolute()
    path = Path(path).absolute()
    rel_parts = path.relative_to(raw_root).parts if path.is_relative_to(raw_root) else (path.name,)
    # A name that is not UTF-8 (a zip made on Windows, unzipped here: "V\xedctimas") is read as
    # Windows-1252, the code page of Spanish, French and Dutch Windows (finding G-Q).
    rel_parts = tuple(windows_name(p) for p in rel_parts)
    relative = without_person_name(safe_display_name("/".join(rel_parts)), _path_id(path))
    folder = rel_parts[0] if len(rel_parts) > 1 else ""

    def refused(problem: str, code: str) -> SubmissionFile:
        return SubmissionFile(path, relative, _path_id(path), 0, 0.0, None, "national", safe_display_name(folder), problem, code)

    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return refused("the file is a broken link or could not be found; copy the file itself into data/raw/", "link_broken")
    try:
        root_real = raw_root.resolve()
    except (OSError, RuntimeError):
        root_real = raw_root
    if path.is_symlink() and not real.is_relative_to(root_real):
        return refused("the file is a link to a place outside the drop folder; copy the file itself into data/raw/", "link_outside")
    try:
        st = real.stat()
    except OSError as exc:
        return refused(f"the file could not be opened ({exc.strerror or type(exc).__name__})", "unreadable")
    if not stat.S_ISREG(st.st_mode):
        return refused("this is not a regular file (a device, a pipe or a folder); it was not opened", "not_a_file")
    try:
        sha = file_sha256(real)
    except OSError as exc:
        return refused(f"the file could not be opened ({exc.strerror or type(exc).__name__})", "unreadable")
    kind = "unodc" if normalise(folder) in UNODC_FOLDERS else "national"
    country = None
    problem = code = None
    shown_folder = safe_display_name(folder)
    if kind == "national":
        country = country_from_folder(folder) if folder else None
        if folder and country is None:
            problem = f"the folder '{shown_folder}' is not a country code or name; name it by ISO3 code (e.g. JAM) or country name"
            code = "unknown_folder"
        elif country is not None and country not in member_codes():
            problem = (
                f"the folder '{shown_folder}' names {_country_name(country)} ({country}), which is not a member of the region (CMC); its figures are not stored"
            )
            code = "not_member"
        elif not folder:
            problem = "the file is not in a country folder; put it in data/raw/<ISO3>/"
            code = "no_folder"
    suffix = file_suffix(path.name)
    if suffix not in SUPPORTED_SUFFIXES and problem is None:
        problem = f"files of type '{safe_display_name(suffix) if suffix else 'without extension'}' are not read; send xlsx, xls, ods or csv"
        code = "wrong_format"
    not_read = _name_not_read(path.name)
    if not_read and code in (None, "wrong_format"):
        problem, code = not_read, "not_read_name"
    return SubmissionFile(real, relative, sha, st.st_size, st.st_mtime, country, kind, shown_folder, problem, code)


def _country_name(iso3: str) -> str:
    c = pycountry.countries.get(alpha_3=iso3)
    return getattr(c, "name", iso3) if c else iso3


def list_submission_files(raw_root: Path) -> list[SubmissionFile]:
    """Every candidate file under the drop folder, sorted by path (deterministic)."""
    raw_root = Path(raw_root)
    if not raw_root.exists():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(raw_root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if silently_skipped(name):
                continue
            try:
                found.append(describe_file(Path(dirpath) / name, raw_root))
            except Exception as exc:  # one odd file must not stop the discovery of the others
                path = Path(dirpath) / name
                found.append(
                    SubmissionFile(
                        path,
                        safe_display_name(str(path.relative_to(raw_root))),
                        _path_id(path),
                        0,
                        0.0,
                        None,
                        "national",
                        "",
                        f"the file could not be examined ({type(exc).__name__})",
                        "unreadable",
                    )
                )
    return found


_COPY_WORDS = "(?:" + "|".join(sorted(map(re.escape, word_set("words.copy_words")), key=lambda w: (-len(w), w))) + ")"  # schemas/lang words.copy_words
_COPY_NAME = re.compile(
    rf"(?:\(\s*(?:{_COPY_WORDS}\s*\d{{0,2}}|\d{{1,2}})\s*\)|[\s_\-]+{_COPY_WORDS}(?:[\s_]*\(?\d+\)?)?)$|^(?:{_COPY_WORDS}\s+(?:of|de|van)\s)",
    re.IGNORECASE,
)


def copy_name(relative: str) -> bool:
    """The name an operating system gives a copy ('victims_2022 (copy).xlsx', 'victims_2022 (1).xlsx',
    'victims_2022 - Copy.xlsx', 'Copy of victims_2022.xlsx', 'copia de ...', 'kopie van ...')."""
    stem = PurePosixPath(relative).stem.strip()
    return bool(_COPY_NAME.search(stem))


def unique_submissions(files: list[SubmissionFile]) -> list[SubmissionFile]:
    """Every file, each once: a second copy of a submission (same content, same country) is kept
    as a rejected submission of its own whose reason names the first copy (the first to arrive,
    then in sorted order). The figures stay with the first copy, but a copy that arrives later
    makes them as recent as itself (warehouse/precedence.py): a ministry re-sending its original
    file after a correction means the original's figures stand."""
    first: dict[str, SubmissionFile] = {}
    for f in sorted(files, key=lambda f: (f.arrived_at or "", copy_name(f.relative), f.relative)):
        first.setdefault(f.submission_id, f)
    out = []
    for f in files:
        original = first[f.submission_id]
        if original is f:
            out.append(f)
            continue
        out.append(
            dataclasses.replace(
                f,
                duplicate_of=original.relative,
                problem_code="duplicate",
                problem=(
                    f"the same content as '{original.relative}', already sent for this country; its figures are taken in once, from that file,"
                    " and count as received with this copy: they take precedence over figures received before it"
                ),
            )
        )
    return out


# -- files still being written -----------------------------------------------------------------

SETTLE_SECONDS = 5.0  # a file modified more recently than this is left for the next run
SETTLE_WAIT_SECONDS = 1.0  # how long recently modified files are watched for a change of size
RECENT_SECONDS = 60.0  # files modified within this are watched (older ones are not waited for)


def _seconds(name: str, default: float) -> float:
    """SETTLE_SECONDS / SETTLE_WAIT_SECONDS from `ctip.settings`; `default` where it has none."""
    value = settings.get(name.lower()) if name.lower() in settings.BY_NAME else None
    return default if value is None else float(value)


def _stat(path: Path) -> tuple[int, float] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime


FUTURE_SLACK_SECONDS = 2.0  # clocks of a file share and of this machine may differ by this much


def split_settled(
    files: list[SubmissionFile],
    now: float | None = None,
    min_age: float | None = None,
    wait: float | None = None,
) -> tuple[list[SubmissionFile], list[tuple[SubmissionFile, str]]]:
    """(files ready to read, [(file, why it was left for the next run)]).

    A file is left when it was modified less than `min_age` seconds ago (CTIP_SETTLE_SECONDS,
    default 5), or when its size or modification time changes (or differs from what was hashed)
    during a wait of `wait` seconds (CTIP_SETTLE_WAIT_SECONDS, default 1) — waited once for the
    whole batch, and only when a file was modified in the last minute. A file modified in the
    future (a clock ahead) is watched the same way instead of waiting for that time."""
    min_age = _seconds("SETTLE_SECONDS", SETTLE_SECONDS) if min_age is None else min_age
    wait = _seconds("SETTLE_WAIT_SECONDS", SETTLE_WAIT_SECONDS) if wait is None else wait
    now = time.time() if now is None else now
    left: list[tuple[SubmissionFile, str]] = []
    watched: dict[int, tuple[int, float] | None] = {}
    for i, f in enumerate(files):
        if f.problem and f.mtime == 0.0:  # refused before being opened (links, pipes...)
            continue
        age = now - f.mtime
        if age < -FUTURE_SLACK_SECONDS:
            # A modification time in the future is not a copy in progress (a file being written
            # has about now as its time): the sender's clock was ahead, kept by a zip or `cp -p`.
            # Waiting for that time left it out for days, its earlier version withdrawn meanwhile
            # (finding G-R): it is read once its size holds still, like a file modified just now.
            log.warning("%s: modified %.0f s in the future (the sender's clock may be ahead): read now", f.relative, -age)
            watched[i] = _stat(f.path)
        elif age < min_age:
            left.append((f, f"modified {max(age, 0):.0f} s ago, it may still be being copied; it will be read by the next run"))
        elif age < RECENT_SECONDS and min_age > 0:
            watched[i] = _stat(f.path)
    if watched and wait > 0:
        time.sleep(wait)
    for i, before in watched.items():
        f = files[i]
        after = _stat(f.path)
        if after is None or after != before or before != (f.size, f.mtime):
            left.append((f, "its size changed while it was being read, it is still being copied; it will be read by the next run"))
    skipped = {id(f) for f, _ in left}
    ready = [f for f in files if id(f) not in skipped]
    return ready, left
