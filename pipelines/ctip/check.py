"""`ctip check FILE`: validate one file exactly as a run would, touching no warehouse, and write
the same feedback folder the run writes."""

from __future__ import annotations

import sys
from pathlib import Path

from ctip import paths
from ctip.feedback.summary import summary_markdown, write_feedback
from ctip.intake.discover import country_from_folder, describe_file
from ctip.intake.submission import ingest_submission
from ctip.region import member_codes


def check_file(path: Path, country: str | None = None, out_dir: Path | None = None) -> int:
    path = Path(path)
    if not path.exists():
        print(f"no such file: {path}", file=sys.stderr)
        return 2
    root = path.absolute().parent.parent
    sf = describe_file(path.absolute(), root)
    if country:
        iso3 = country.upper() if len(country) == 3 and country.isalpha() else country_from_folder(country)
        problem = None
        if iso3 is None:
            problem = f"'{country}' is not a country code or name"
        elif iso3 not in member_codes():
            problem = f"{iso3} is not a member of the region (CMC); its figures are not stored"
        elif sf.problem and "folder" not in sf.problem:
            problem = sf.problem
        sf = sf.__class__(**{**sf.__dict__, "country_iso3": iso3, "source_kind": "national", "problem": problem})
    elif sf.problem and "folder" in sf.problem:
        sf = sf.__class__(**{**sf.__dict__, "problem": "the country is unknown: put the file in a country folder or give --country ISO3"})
    result = ingest_submission(sf)
    folder = Path(out_dir) if out_dir else paths.feedback_dir() / sf.submission_id
    write_feedback(result, folder)
    print(summary_markdown(result))
    print(f"feedback written to {folder}")
    return 0 if result.status == "accepted" else 1
