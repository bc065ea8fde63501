"""Staging's own CPU per file, and proof that a change left its results as they were.

    python -m bench.bench_staging stage RAW OUT [--pool | --workers N] [--later] [--profile FILE]
    python -m bench.bench_staging compare OUT_BEFORE OUT_AFTER

`stage` runs `ctip.pipeline.stage_batch` on every submission under RAW (staging and feedback
under OUT), prints its CPU seconds (user + sys of this process, feedback written inline unless
--pool, so intake + feedback are counted) and keeps the staged frames, sorted, in OUT/frames.
--pool: the feedback folders written by a child (stage_workers 0, as from 8 new files).
--workers N: the intake pool forced on with N children (CTIP_STAGE_WORKERS=N, whatever the batch's
size); the children's CPU (their own getrusage, startup included, written after each chunk) is
added to the parent's (`cpu_s`; `children_cpu_s` apart). The forkserver's own is not counted.
--later: as a run stages (feedback_later): the results kept for their feedback, which
`write_pending_feedback` writes afterwards, timed apart (`feedback_wall_s`, `feedback_cpu_s`: this
process's CPU; with a child helping, its CPU is not counted); `cpu_s` and `wall_s` are staging's.
WARM=RAW2 stages one file of RAW2 first, so one-time loads (schema, vocabulary) are not counted.
`compare` says whether two runs staged the same frames and wrote the same feedback: every text
file byte for byte, every annotated.xlsx part by part but docProps/core.xml (its creation time).
Run the "before" side with PYTHONPATH pointing at a copy of the older code (`git archive`)."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import zipfile
from pathlib import Path


def _counted_work(files, feedback_root, write_feedback):
    """The pool's work in a child, leaving the child's own CPU so far in a file the parent sums."""
    from ctip.stage.pool import work_chunk

    outcomes = work_chunk(files, feedback_root, write_feedback)
    r = resource.getrusage(resource.RUSAGE_SELF)
    folder = Path(os.environ["BENCH_CHILD_CPU"])
    (folder / f"{os.getpid()}.json").write_text(json.dumps([r.ru_utime + r.ru_stime, r.ru_maxrss]))
    return outcomes


def stage(raw: Path, out: Path, pool: bool, profile: str | None, workers: int | None = None, later: bool = False) -> None:
    import pandas as pd

    from ctip import pipeline
    from ctip.stage import pool as intake_pool
    from ctip.stage import staging

    if not pool:  # feedback inline: the process's own CPU is intake + feedback
        pipeline.FEEDBACK_POOL_MIN = 10**9
    else:  # the feedback child, however busy the machine
        pipeline.FORCE_POOL = True
    child_cpu = out / "child_cpu"
    if workers:
        os.environ["CTIP_STAGE_WORKERS"] = str(workers)
        os.environ["BENCH_CHILD_CPU"] = str(child_cpu)
        pipeline.POOL_MIN_FILES = 0
        pipeline.FORCE_POOL = True
        intake_pool.WORK = _counted_work
    else:
        os.environ["CTIP_STAGE_WORKERS"] = "0"
    files = pipeline.discover(raw)
    out.mkdir(parents=True, exist_ok=True)
    child_cpu.mkdir(exist_ok=True)
    if os.environ.get("WARM"):  # one file of another corpus first: the one-time loads (schema, vocabulary) not counted
        from ctip.intake.discover import list_submission_files, unique_submissions

        # not pipeline.discover: the arrival ledger is of RAW's paths only (else RAW's files arrive again: received_at)
        warm = unique_submissions(list_submission_files(Path(os.environ["WARM"])))[:1]
        chosen, os.environ["CTIP_STAGE_WORKERS"] = os.environ["CTIP_STAGE_WORKERS"], "0"
        pipeline.stage_batch(warm, staging_root=out / "warm" / "staging", feedback_root=out / "warm" / "feedback")
        os.environ["CTIP_STAGE_WORKERS"] = chosen
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    w0 = time.perf_counter()
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    staged = pipeline.stage_batch(files, staging_root=out / "staging", feedback_root=out / "feedback", **({"feedback_later": True} if later else {}))
    if profile:
        prof.disable()
        prof.dump_stats(profile)
    w1 = time.perf_counter()
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    feedback = {}
    if later:
        pipeline.write_pending_feedback(out / "staging", out / "feedback")
        r2 = resource.getrusage(resource.RUSAGE_SELF)
        feedback = {
            "feedback_wall_s": round(time.perf_counter() - w1, 2),
            "feedback_cpu_s": round((r2.ru_utime - r1.ru_utime) + (r2.ru_stime - r1.ru_stime), 2),
        }
    child_stats = [json.loads(p.read_text()) for p in child_cpu.glob("*.json")]
    children = sum(c[0] for c in child_stats)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime) + children
    info = {
        "files": len(files),
        "workers": workers or 0,
        "cpu_s": round(cpu, 2),
        "children_cpu_s": round(children, 2),
        "wall_s": round(w1 - w0, 2),
        "cpu_per_file": round(cpu / len(files), 4),
        "load": os.getloadavg()[0],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "chunks": dict(intake_pool.STATS) if workers else None,
        "child_peak_rss_mb": max((round(c[1] / 1024) for c in child_stats), default=None),
        **feedback,
    }
    print(json.dumps(info))
    (out / "cpu.json").write_text(json.dumps(info))
    fr = staging.frames(out / "staging", staged.entries)
    (out / "frames").mkdir(exist_ok=True)
    for name in ("submissions", "observations", "quarantine", "capture", "flows"):
        frame: pd.DataFrame = getattr(fr, name)
        frame = frame.sort_values(list(frame.columns), key=lambda s: s.astype(str)).reset_index(drop=True)
        frame.to_pickle(out / "frames" / f"{name}.pkl")


def _xlsx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}  # core.xml: the creation time


def compare(a: Path, b: Path) -> int:
    import pandas as pd

    bad = 0
    for name in ("submissions", "observations", "quarantine", "capture", "flows"):
        fa, fb = pd.read_pickle(a / "frames" / f"{name}.pkl"), pd.read_pickle(b / "frames" / f"{name}.pkl")
        try:
            pd.testing.assert_frame_equal(fa, fb)
            print(f"frame {name}: identical ({len(fa)} rows)")
        except AssertionError as exc:
            bad += 1
            print(f"frame {name}: DIFFERS {exc}")
    files_a = sorted(p.relative_to(a / "feedback") for p in (a / "feedback").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b / "feedback") for p in (b / "feedback").rglob("*") if p.is_file())
    if files_a != files_b:
        bad += 1
        print("feedback file lists differ:", set(files_a) ^ set(files_b))
    n = 0
    for rel in files_a:
        pa, pb = a / "feedback" / rel, b / "feedback" / rel
        if rel.suffix == ".xlsx":
            same = _xlsx_parts(pa) == _xlsx_parts(pb)
        else:
            same = pa.read_bytes() == pb.read_bytes()
        n += 1
        if not same:
            bad += 1
            print(f"feedback {rel}: DIFFERS")
    print(f"feedback: {n} files compared ({sum(1 for r in files_a if r.suffix == '.xlsx')} annotated.xlsx by every part but docProps/core.xml)")
    print("IDENTICAL" if not bad else f"{bad} DIFFERENCES")
    return 1 if bad else 0


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "stage":
        args = sys.argv[2:]
        profile = None
        if "--profile" in args:
            i = args.index("--profile")
            profile = args[i + 1]
            del args[i : i + 2]
        workers = None
        if "--workers" in args:
            i = args.index("--workers")
            workers = int(args[i + 1])
            del args[i : i + 2]
        pool = "--pool" in args
        later = "--later" in args
        args = [x for x in args if x not in ("--pool", "--later")]
        stage(Path(args[0]), Path(args[1]), pool, profile, workers, later)
    else:
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
