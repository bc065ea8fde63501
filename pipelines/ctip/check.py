"""`ctip check FILE`: validate one file exactly as a run would, touching no warehouse, and write
the same feedback folder the run writes (summary.md, summary.html, report.json, annotated.xlsx).

Exit status: 0 accepted, 1 partly accepted or rejected, 2 no such file."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from ctip import paths
from ctip.feedback.summary import summary_markdown
from ctip.feedback.write import write_feedback
from ctip.intake.discover import country_from_folder, describe_file
from ctip.region import member_codes
from ctip.stage.submission import SubmissionResult, ingest_submission


def _print(text: str) -> None:
    """Print even where the terminal cannot show every character."""
    try:
        print(text)
    except UnicodeEncodeError:
        enc = sys.stdout.encoding or "ascii"
        print(text.encode(enc, errors="replace").decode(enc, errors="replace"))


def check_file(path: Path, country: str | None = None, out_dir: Path | None = None) -> int:
    """Never a traceback for a file: running out of memory ends with a plain message (exit 1)."""
    failed = False
    try:
        return _check_file(path, country, out_dir)
    except MemoryError:
        failed = True  # report outside the handler, once the frames holding the memory are gone
    if failed:
        import gc

        gc.collect()
        print(f"ctip check: {Path(path).name}: the file is too large to check (the memory ran out); send the figures as a smaller table", file=sys.stderr)
    return 1


def _check_file(path: Path, country: str | None = None, out_dir: Path | None = None) -> int:
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        print(f"no such file: {path}", file=sys.stderr)
        return 2
    result, folder = check_submission(path, country, out_dir)
    _print(summary_markdown(result, annotated=(folder / "annotated.xlsx").exists()))
    _print(f"feedback written to {folder}")
    return 0 if result.status == "accepted" else 1


def check_submission(path: Path, country: str | None = None, out_dir: Path | None = None) -> tuple[SubmissionResult, Path]:
    """Read one existing file as a run would and write its feedback folder; return the result and
    the folder. The web portal calls this too, so an upload is checked exactly like `ctip check`."""
    path = Path(path)
    root = path.absolute().parent.parent
    sf = describe_file(path.absolute(), root)
    folder_problem = sf.problem_code in ("unknown_folder", "no_folder", "not_member") and not country
    if country:
        iso3 = country.upper() if len(country) == 3 and country.isalpha() else country_from_folder(country)
        problem = code = None
        if iso3 is None:
            problem, code = f"'{country}' is not a country code or name", "unknown_folder"
        elif iso3 not in member_codes():
            problem, code = f"{iso3} is not a member of the region (CMC); its figures are not stored", "not_member"
        elif sf.problem and sf.problem_code not in ("unknown_folder", "no_folder", "not_member"):
            problem, code = sf.problem, sf.problem_code
        sf = dataclasses.replace(sf, country_iso3=iso3, source_kind="national", problem=problem, problem_code=code)
    elif folder_problem and sf.problem_code != "not_member":
        sf = dataclasses.replace(sf, problem="the country is unknown: put the file in a country folder or give --country ISO3", problem_code="no_folder")
    result = ingest_submission(sf)  # never raises: a file that breaks the code is rejected with a reason
    folder = Path(out_dir) if out_dir else paths.feedback_dir() / sf.submission_id
    write_feedback(result, folder)
    return result, folder
