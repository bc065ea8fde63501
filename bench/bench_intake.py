"""Intake at scale: a synthetic drop folder of 25 countries x 20 files (xlsx, xls, ods, csv; long
and wide-by-year tables; four languages) taken in by a full `ctip run` (the Dagster job,
`run_main_job()`), compared with

- the floor: reading the same files with python-calamine alone (csv with the csv module), no
  processing at all;
- a peer: reading them with pandas' default engines (`pd.read_excel(path, sheet_name=None)`,
  openpyxl for xlsx, odf for ods; `pd.read_csv` for csv);

then, in the same run: when the facts were published (end of the `warehouse` step), the same job
again with nothing changed, one more file into the built warehouse at 500 and at 100 files, and
peak memory (ru_maxrss of the run's process) at 100 and 500 files; ratios against issue 13's
targets. Every measurement runs in its own subprocess, on files written beforehand (in the page
cache). Progress on stderr, one JSON line per measurement on stdout.

    python -m bench.bench_intake [--countries 25] [--files 20] [--small-files 4] [--keep DIR]
                                 [--phases] [--profile run.pstats]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Issue 13's targets, as ratios measured in the same run: a full run no longer than the peer's mere
# reading, facts published within 2x of it, one more file under 10% of a cold full run, peak memory
# flat from 100 to 500 files.
TARGETS = {"run_vs_peer": 1.0, "facts_vs_peer": 2.0, "one_more_file_vs_full_run": 0.10, "memory_ratio": 1.2}
SPREADSHEETS = (".xlsx", ".xls", ".ods")


# -- children: each measurement in a fresh process ---------------------------------------------


def _rss_now_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _files(raw: Path) -> list[Path]:
    return sorted(p for p in raw.rglob("*") if p.is_file())


def child_floor(raw: Path) -> dict:
    import csv

    import python_calamine as pc

    files = _files(raw)
    start = time.perf_counter()
    cells = 0
    for path in files:
        if path.suffix in SPREADSHEETS:
            with pc.CalamineWorkbook.from_path(str(path)) as wb:
                for name in wb.sheet_names:
                    rows = wb.get_sheet_by_name(name).to_python()
                    cells += sum(len(r) for r in rows)
        else:
            raw_bytes = path.read_bytes()
            try:
                text = raw_bytes.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw_bytes.decode("cp1252")
            dialect_delim = ";" if text.count(";") > text.count(",") else ","
            cells += sum(len(r) for r in csv.reader(text.splitlines(), delimiter=dialect_delim))
    return {"seconds": time.perf_counter() - start, "files": len(files), "cells": cells}


def child_peer(raw: Path) -> dict:
    import warnings

    import pandas as pd

    warnings.simplefilter("ignore")
    files = _files(raw)
    by_format: dict[str, float] = {}
    notes = []
    start = time.perf_counter()
    for path in files:
        t0 = time.perf_counter()
        if path.suffix in (".xlsx", ".ods"):
            pd.read_excel(path, sheet_name=None)  # default engine: openpyxl (xlsx), odf (ods)
        elif path.suffix == ".xls":
            try:
                pd.read_excel(path, sheet_name=None)  # default engine: xlrd
            except ImportError:
                if "xls" not in notes:
                    notes.append("xls")
                pd.read_excel(path, sheet_name=None, engine="calamine")
        else:
            raw_bytes = path.read_bytes()
            encoding = "utf-8-sig"
            try:
                raw_bytes.decode(encoding)
            except UnicodeDecodeError:
                encoding = "cp1252"
            sep = ";" if raw_bytes.count(b";") > raw_bytes.count(b",") else ","
            pd.read_csv(path, sep=sep, encoding=encoding, header=None, on_bad_lines="skip")
        by_format[path.suffix] = by_format.get(path.suffix, 0.0) + time.perf_counter() - t0
    out = {"seconds": time.perf_counter() - start, "files": len(files), "by_format": by_format}
    if notes:
        out["note"] = "xlrd (pandas' default for .xls) is not installed: .xls files read with engine='calamine'"
    return out


def child_phases(raw: Path) -> dict:
    """Intake alone, file by file as staging does it, timed by phase (and by owner), keeping no
    result: read, privacy check, layouts (extract), harmonise, validate, the submission's own
    hooks, feedback, staging. Peak RSS shows whether intake's memory grows with the files."""
    import ctip.stage.submission as submission
    from ctip import paths, pipeline
    from ctip.feedback.write import write_feedback
    from ctip.intake import privacy
    from ctip.intake.read import UnreadableFile, read_file
    from ctip.stage import staging

    timers = {k: 0.0 for k in ("read", "privacy", "extract", "harmonise", "validate", "ingest_total", "feedback", "staging_save")}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                timers[name] += time.perf_counter() - t

        return wrapper

    submission.extract_workbook = timed("extract", submission.extract_workbook)
    submission.harmonise_readings = timed("harmonise", submission.harmonise_readings)
    submission.validate_observations = timed("validate", submission.validate_observations)
    files = pipeline.discover()
    rss_start = _rss_now_mb()
    start = time.perf_counter()
    for sf in files:
        t = time.perf_counter()
        try:
            fr = read_file(sf.path)
        except UnreadableFile:
            fr = None
        timers["read"] += time.perf_counter() - t
        if fr is not None:
            t = time.perf_counter()
            privacy.scan_sheets(fr.sheets)
            timers["privacy"] += time.perf_counter() - t
        del fr
        t = time.perf_counter()
        result = submission.ingest_submission(sf)
        timers["ingest_total"] += time.perf_counter() - t
        t = time.perf_counter()
        staging.save_batch(paths.staging_dir(), [(result, "bench")])  # a batch of one: the per-file cost
        timers["staging_save"] += time.perf_counter() - t
        t = time.perf_counter()
        write_feedback(result, paths.feedback_dir() / sf.submission_id)
        timers["feedback"] += time.perf_counter() - t
        del result
    total = time.perf_counter() - start
    # ingest_total re-reads the file: its own hooks are what is left after read, extract, harmonise, validate.
    timers["submission_hooks"] = timers["ingest_total"] - timers["read"] - timers["extract"] - timers["harmonise"] - timers["validate"] - timers["privacy"]
    return {"files": len(files), "seconds": total, "phases": timers, "rss_start_mb": rss_start, "peak_mb": _peak_mb()}


def child_run(profile: Path | None = None) -> dict:
    t0 = time.perf_counter()
    rss_start = _rss_now_mb()
    from ctip.runner import run_main_job

    imported = time.perf_counter()
    rss_imported = _rss_now_mb()
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        outcome = profiler.runcall(run_main_job)
        profiler.dump_stats(str(profile))
    else:
        outcome = run_main_job()
    done = time.perf_counter()
    steps, windows = {}, {}
    try:
        import dagster as dg

        stats = dg.DagsterInstance.get().get_run_step_stats(outcome.run_id)
        first = min(st.start_time for st in stats if st.start_time)
        for st in stats:
            steps[st.step_key] = round((st.end_time or 0) - (st.start_time or 0), 2)
            windows[st.step_key] = [round(st.start_time - first, 2), round((st.end_time or first) - first, 2)]
    except Exception:  # step statistics are a nicety
        pass
    # The facts and marts are readable once the warehouse step has renamed the new file into place.
    facts = windows.get("warehouse", [None, None])[1]
    return {
        "steps": steps,
        "step_windows": windows,
        "facts_published_seconds": facts,
        "success": outcome.success,
        "error": outcome.error,
        "files": outcome.n_files,
        "import_seconds": imported - t0,
        "run_seconds": done - imported,
        "rss_start_mb": rss_start,
        "rss_after_import_mb": rss_imported,
        "peak_mb": _peak_mb(),
    }


# -- parent ------------------------------------------------------------------------------------


def _env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "CTIP_RAW": str(root / "raw"),
            "CTIP_MARTS": str(root / "marts"),
            "CTIP_STAGING": str(root / "marts" / "staging"),
            "CTIP_WAREHOUSE": str(root / "marts" / "warehouse.duckdb"),
            "DAGSTER_HOME": str(root / "dagster_home"),
        }
    )
    return env


def _child(kind: str, root: Path, log: Path, profile: Path | None = None) -> tuple[dict, float]:
    cmd = [sys.executable, "-m", "bench.bench_intake", "--child", kind, "--root", str(root)]
    if profile is not None:
        cmd += ["--profile", str(profile)]
    start = time.perf_counter()
    with open(log, "a") as err:
        proc = subprocess.run(cmd, env=_env(root), stdout=subprocess.PIPE, stderr=err, text=True, cwd=Path(__file__).resolve().parents[1])
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"bench child '{kind}' failed (exit {proc.returncode}); see {log}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if kind == "run" and not result["success"]:
        raise SystemExit(f"a ctip run failed: {result['error']}; see {log}")
    return result, wall


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _steps(run: dict) -> str:
    return ", ".join(f"{k} {v:.1f} s" for k, v in run.get("steps", {}).items())


def _without_validation(run: dict) -> float:
    return run["run_seconds"] - run.get("steps", {}).get("mart_estimate_validation", 0.0)


def _must_have_staged(run: dict, added) -> None:
    """A one-more-file run that did not read the file measured nothing: stop rather than print it."""
    if "staged_submission" not in run.get("steps", {}):
        raise SystemExit(f"the added file {getattr(added, 'path', '')} was not staged by the run; the measurement would be empty")


def _add_one_file(raw: Path, seed: int):
    import random

    from bench.corpus import make_file

    (raw / "JAM").mkdir(parents=True, exist_ok=True)
    added = make_file(raw / "JAM", "JAM", "en", 3, random.Random(seed), suffix=f"_late{seed}")
    # Copied a minute ago, as the sensor would see it: a file modified in the last seconds is
    # left for the next run (it may still be being copied), and the run would measure nothing.
    past = time.time() - 60
    os.utime(added.path, (past, past))
    return added


def run(
    countries: int = 25,
    files: int = 20,
    small_files: int = 4,
    keep: Path | None = None,
    phases: bool = False,
    profile: Path | None = None,
    corpus: str = "synthetic",
    messy_files: int = 200,
) -> list[dict]:
    """`synthetic`: countries x files and countries x small_files of bench/corpus.py (memory and
    the one-file ratio at two sizes). `messy`: issue 13's corpus, `messy_files` messy submissions
    plus the GLOTIP export (bench/messy.py), against the realistic and held-out corpora alone."""
    from bench.corpus import generate
    from bench.messy import generate_messy

    base = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="ctip-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    log = base / "bench.log"
    big, small = base / "corpus_big", base / "corpus_small"
    for d in (big, small):
        shutil.rmtree(d, ignore_errors=True)
    try:
        t = time.perf_counter()
        if corpus == "messy":
            sources = generate_messy(big / "raw", messy_files)
            generate_messy(small / "raw", 0)  # the GLOTIP export, the realistic and held-out corpora alone
            _say(f"messy corpus: {sources} under {big}; the smaller one without synthetic files; load average {os.getloadavg()[0]:.1f}")
        else:
            written = generate(big / "raw", countries, files)
            generate(small / "raw", countries, small_files)
            _say(
                f"corpus: {len(written)} files ({countries} countries x {files}) and {countries * small_files} files, "
                f"written in {time.perf_counter() - t:.1f} s under {base}; load average {os.getloadavg()[0]:.1f}"
            )
        formats: dict[str, int] = {}
        for f in _files(big / "raw"):
            formats[f.suffix.lstrip(".")] = formats.get(f.suffix.lstrip("."), 0) + 1

        floor, _ = _child("floor", big, log)
        _say(f"floor (python-calamine / csv, no processing): {floor['seconds']:.2f} s for {floor['files']} files")
        peer, _ = _child("peer", big, log)
        _say(f"peer (pandas default engines): {peer['seconds']:.2f} s " + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(peer["by_format"].items())))
        full, full_wall = _child("run", big, log, profile)
        _say(
            f"full ctip run: {full['run_seconds']:.2f} s in process ({full_wall:.2f} s wall, imports "
            f"{full['import_seconds']:.2f} s), facts published at {full['facts_published_seconds']} s, peak RSS {full['peak_mb']:.0f} MB"
        )
        _say(f"  steps: {_steps(full)}")
        same, _ = _child("run", big, log)
        _say(f"run again, nothing changed: {same['run_seconds']:.2f} s ({_steps(same)})")
        new = _add_one_file(big / "raw", 99)
        more, more_wall = _child("run", big, log)
        _must_have_staged(more, new)
        # The first run after a cold one also audits the exports against the release the cold run
        # recorded (new programs); a warehouse in use is past that: a second added file shows it.
        again_new = _add_one_file(big / "raw", 98)
        try:
            again, _ = _child("run", big, log)
            _must_have_staged(again, again_new)
            _say(
                f"and another ({again_new.path.name}), the steady state: {again['run_seconds']:.2f} s, "
                f"facts at {again['facts_published_seconds']} s ({_steps(again)})"
            )
        except SystemExit as failed:  # e.g. the disclosure audit refusing a release: say so, go on
            again = {"run_seconds": float("nan"), "steps": {}, "error": str(failed)}
            _say(f"and another ({again_new.path.name}): the run failed: {failed}")

        small_run, _ = _child("run", small, log)
        small_new = _add_one_file(small / "raw", 99)
        small_more, _ = _child("run", small, log)
        _must_have_staged(small_more, small_new)
        _say(
            f"{small_run['files']} files: full run {small_run['run_seconds']:.2f} s, one more file {small_more['run_seconds']:.2f} s "
            f"(facts at {small_more['facts_published_seconds']} s)"
        )
        _say(
            f"memory: peak RSS {small_run['peak_mb']:.0f} MB at {small_run['files']} files, "
            f"{full['peak_mb']:.0f} MB at {full['files']} files (after imports: "
            f"{small_run['rss_after_import_mb']:.0f} / {full['rss_after_import_mb']:.0f} MB)"
        )

        growth = (full["peak_mb"] - full["rss_after_import_mb"]) / max(1.0, small_run["peak_mb"] - small_run["rss_after_import_mb"])
        ratios = {
            "full_run_over_peer": round(full["run_seconds"] / peer["seconds"], 1),
            "full_run_over_floor": round(full["run_seconds"] / floor["seconds"], 1),
            "facts_published_over_peer": round(full["facts_published_seconds"] / peer["seconds"], 1),
            "unchanged_rerun_over_full_run": round(same["run_seconds"] / full["run_seconds"], 3),
            f"one_more_file_over_full_run_{full['files']}": round(more["run_seconds"] / full["run_seconds"], 3),
            f"another_file_over_full_run_{full['files']}": round(again["run_seconds"] / full["run_seconds"], 3),
            f"one_more_file_over_full_run_{small_run['files']}": round(small_more["run_seconds"] / small_run["run_seconds"], 3),
            "peak_memory_500_over_100": round(full["peak_mb"] / small_run["peak_mb"], 2),
            # Issue 13 names the one-file job as facts, marts, estimates, exports and report: the
            # estimates' held-out validation (its own step, after them) left out on both sides.
            f"one_more_file_over_full_run_{full['files']}_without_validation": round(_without_validation(more) / _without_validation(full), 3),
            f"one_more_file_over_full_run_{small_run['files']}_without_validation": round(_without_validation(small_more) / _without_validation(small_run), 3),
        }
        _say("ratios: " + ", ".join(f"{k} {v}" for k, v in ratios.items()))
        results = [
            {"name": "intake_floor", "files": floor["files"], "seconds": round(floor["seconds"], 2), "formats": formats},
            {
                "name": "intake_peer_pandas",
                "files": peer["files"],
                "seconds": round(peer["seconds"], 2),
                "by_format": {k: round(v, 2) for k, v in peer["by_format"].items()},
                **({"note": peer["note"]} if "note" in peer else {}),
            },
            {
                "name": "intake_full_run",
                "files": full["files"],
                "seconds": round(full["run_seconds"], 2),
                "wall_seconds": round(full_wall, 2),
                "import_seconds": round(full["import_seconds"], 2),
                "facts_published_seconds": full["facts_published_seconds"],
                "ratio_to_floor": ratios["full_run_over_floor"],
                "ratio_to_peer": ratios["full_run_over_peer"],
                "target_ratio_to_peer": TARGETS["run_vs_peer"],
                "met": full["run_seconds"] <= TARGETS["run_vs_peer"] * peer["seconds"],
                "facts_ratio_to_peer": ratios["facts_published_over_peer"],
                "target_facts_ratio_to_peer": TARGETS["facts_vs_peer"],
                "met_facts": full["facts_published_seconds"] <= TARGETS["facts_vs_peer"] * peer["seconds"],
            },
            {"name": "intake_unchanged_rerun", "files": same["files"], "seconds": round(same["run_seconds"], 2), "steps": same["steps"]},
            {
                "name": "intake_one_more_file",
                "files": [small_more["files"], more["files"]],
                "seconds": [round(small_more["run_seconds"], 2), round(more["run_seconds"], 2)],
                "facts_published_seconds": [small_more["facts_published_seconds"], more["facts_published_seconds"]],
                "ratio_to_full_run": [ratios[f"one_more_file_over_full_run_{small_run['files']}"], ratios[f"one_more_file_over_full_run_{full['files']}"]],
                "target_ratio_to_full_run": TARGETS["one_more_file_vs_full_run"],
                "met": more["run_seconds"] <= TARGETS["one_more_file_vs_full_run"] * full["run_seconds"],
                "steps": more["steps"],
                "another_file_seconds": round(again["run_seconds"], 2),
                "another_file_steps": again["steps"],
                **({"another_file_error": again["error"]} if "error" in again else {}),
            },
            {
                "name": "intake_peak_memory",
                "files": [small_run["files"], full["files"]],
                "peak_mb": [round(small_run["peak_mb"]), round(full["peak_mb"])],
                "after_import_mb": [round(small_run["rss_after_import_mb"]), round(full["rss_after_import_mb"])],
                "ratio": ratios["peak_memory_500_over_100"],
                "growth_above_imports": round(growth, 2),
                "target_ratio": TARGETS["memory_ratio"],
                "met": ratios["peak_memory_500_over_100"] <= TARGETS["memory_ratio"],
                "small_run_seconds": round(small_run["run_seconds"], 2),
            },
            {"name": "intake_run_steps", "full_run": full.get("step_windows", {}), "one_more_file": more.get("step_windows", {})},
        ]
        if phases:
            results.append(_phases(base, small, big, log))
        return [{**r, "corpus": corpus} for r in results]
    finally:
        if not keep:
            shutil.rmtree(base, ignore_errors=True)


def _phases(base: Path, small: Path, big: Path, log: Path) -> dict:
    """Intake alone, by phase, without Dagster (who owns each cost)."""
    phases = {}
    for label, corpus in (("small", small), ("big", big)):
        scratch = base / f"phases_{label}"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()
        (scratch / "raw").symlink_to(corpus / "raw", target_is_directory=True)
        phases[label], _ = _child("phases", scratch, log)
    ph = phases["big"]
    owners = {
        "read": "ctip.intake.read",
        "privacy": "ctip.intake.privacy",
        "submission_hooks": "ctip.stage.submission",
        "feedback": "ctip.feedback",
        "extract": "ctip.intake.extract + layouts",
        "harmonise": "ctip.harmonise",
        "validate": "ctip.validate",
        "staging_save": "ctip.stage.staging",
    }
    _say(
        "intake alone, by phase: "
        + ", ".join(
            f"{k} {ph['phases'][k]:.1f} s" for k in ("read", "privacy", "extract", "harmonise", "validate", "submission_hooks", "feedback", "staging_save")
        )
    )
    return {
        "name": "intake_phases",
        "files": ph["files"],
        "seconds": round(ph["seconds"], 2),
        "phases": {k: {"seconds": round(v, 2), "owner": owners.get(k, "")} for k, v in ph["phases"].items() if k != "ingest_total"},
        "peak_mb": [round(phases["small"]["peak_mb"]), round(ph["peak_mb"])],
        "files_small": phases["small"]["files"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Intake benchmark")
    parser.add_argument("--countries", type=int, default=25)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--small-files", type=int, default=4, help="files per country of the small corpus (memory)")
    parser.add_argument("--corpus", choices=["synthetic", "messy"], default="synthetic", help="messy: issue 13's ~200 messy submissions + GLOTIP")
    parser.add_argument("--messy-files", type=int, default=200)
    parser.add_argument("--keep", help="keep the corpus and logs in this folder")
    parser.add_argument("--phases", action="store_true", help="also time intake alone, phase by phase (about a minute more)")
    parser.add_argument("--profile", help="also profile the full run with cProfile into this .pstats file (slower)")
    parser.add_argument("--child", choices=["floor", "peer", "run", "phases"], help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        root = Path(args.root)
        prof = Path(args.profile) if args.profile else None
        result = {
            "floor": lambda: child_floor(root / "raw"),
            "peer": lambda: child_peer(root / "raw"),
            "run": lambda: child_run(prof),
            "phases": lambda: child_phases(root / "raw"),
        }[args.child]()
        print(json.dumps(result))
        return
    for line in run(
        args.countries,
        args.files,
        args.small_files,
        Path(args.keep) if args.keep else None,
        phases=args.phases,
        profile=Path(args.profile).absolute() if args.profile else None,
        corpus=args.corpus,
        messy_files=args.messy_files,
    ):
        print(json.dumps(line))


if __name__ == "__main__":
    main()
