"""Score the ctip intake on the held-out corpus.

For every file under raw/<ISO3>/ runs, exactly as a user would:
    /work/main/.venv/bin/ctip check FILE --country ISO3 --out out/<ISO3>/<file>/
reads out/.../report.json ("observations": the figures intake would store) and compares them with
truth.csv on the key (country, year, indicator, sex, age_group, exploitation, citizenship), per file.

  correct  = stored figure whose key is in the file's truth with the same value
  wrong    = stored figure whose key is not in the truth, or whose value differs
             (figures listed in ambiguous.csv are still wrong, but marked "[ambiguous]")
  missed   = truth figure not stored with its value
  precision = correct / stored, recall = correct / truth

Usage: python score.py [substring-of-file ...]   (no argument: every file)
Writes score_result.json and prints the report.
"""
import csv
import json
import os
import subprocess
import sys
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
RAW = os.path.join(HERE, "raw")
OUT = os.path.join(HERE, "out")
MAIN = os.path.dirname(os.path.dirname(HERE))  # the repository
CTIP = [sys.executable, "-m", "ctip.cli"]  # the same `ctip check` a user runs, from this Python
KEY = ["country_iso3", "year", "indicator", "sex", "age_group", "exploitation", "citizenship"]


def num(v):
    if v is None or v == "":
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    return int(f) if f == int(f) else f


def load(path):
    by_file = defaultdict(dict)
    if not os.path.exists(path):
        return by_file
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            k = tuple(str(r[c]) for c in KEY)
            by_file[r["file"]][k] = (num(r["value"]), r.get("why", ""))
    return by_file


def fmt(k):
    c, y, ind, sex, age, ex, cit = k
    dims = [d for d in (("sex", sex), ("age", age), ("expl", ex), ("cit", cit)) if d[1] != "total"]
    return "%s %s %s%s" % (y, ind, "" if not dims else "[" + ", ".join("%s=%s" % d for d in dims) + "] ", "")


def run_check(rel):
    iso = rel.split("/")[0]
    out = os.path.join(OUT, rel)
    if os.path.isdir(out):
        for f in os.listdir(out):
            os.remove(os.path.join(out, f))
    os.makedirs(out, exist_ok=True)
    t0 = time.time()
    p = subprocess.run([*CTIP, "check", os.path.join(RAW, rel), "--country", iso, "--out", out],
                       capture_output=True, text=True, timeout=300, cwd=HERE)
    dt = time.time() - t0
    rep = os.path.join(out, "report.json")
    if not os.path.exists(rep):
        return None, p.returncode, dt, (p.stderr or p.stdout)[-500:]
    with open(rep, encoding="utf-8") as fh:
        return json.load(fh), p.returncode, dt, ""


def main():
    only = sys.argv[1:]
    commit = subprocess.run(["git", "-C", MAIN, "log", "-1", "--oneline"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", MAIN, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    truth = load(os.path.join(HERE, "truth.csv"))
    ambig = load(os.path.join(HERE, "ambiguous.csv"))
    files = sorted(os.path.relpath(os.path.join(d, f), RAW) for d, _, fs in os.walk(RAW) for f in fs)
    if only:
        files = [f for f in files if any(o in f for o in only)]
    print("scoring ctip at commit: %s%s" % (commit, " (working tree modified)" if dirty else ""))
    print()
    tot = dict(stored=0, correct=0, wrong=0, truth=0, missed=0, wrong_ambiguous=0)
    results = []
    for rel in files:
        rep, rc, dt, err = run_check(rel)
        tr = truth.get(rel, {})
        am = ambig.get(rel, {})
        stored = {}
        status = "no report (%s)" % err.strip().splitlines()[-1] if rep is None and err.strip() else "no report"
        conflicts = []
        if rep is not None:
            status = rep["submission"]["status"]
            for o in rep.get("observations", []):
                k = tuple(str(o[c]) for c in KEY)
                v = num(o.get("value"))
                if o.get("flag") == "suppressed" and v is None:
                    v = "suppressed"
                cell = "%s!%s" % (o.get("source_sheet"), o.get("source_cell"))
                if k in stored and stored[k][0] != v:
                    conflicts.append((k, v, cell))
                else:
                    stored.setdefault(k, (v, cell))
        wrong, missed = [], []
        correct = 0
        for k, (v, cell) in stored.items():
            if k in tr and tr[k][0] == v:
                correct += 1
            elif k in tr:
                wrong.append("%s= %s (truth %s) at %s" % (fmt(k), v, tr[k][0], cell))
            elif k in am:
                wrong.append("%s= %s at %s [ambiguous, left out of truth: %s]" % (fmt(k), v, cell, am[k][1]))
                tot["wrong_ambiguous"] += 1
            else:
                wrong.append("%s= %s at %s (not in truth)" % (fmt(k), v, cell))
        for k, v, cell in conflicts:
            wrong.append("%s= %s at %s (second value for the same key)" % (fmt(k), v, cell))
        for k, (v, _) in tr.items():
            if not (k in stored and stored[k][0] == v):
                missed.append("%s= %s" % (fmt(k), v))
        n_st = len(stored) + len(conflicts)
        res = dict(file=rel, status=status, rc=rc, seconds=round(dt, 1), stored=n_st, correct=correct,
                   wrong=wrong, truth=len(tr), missed=missed)
        results.append(res)
        for c, v in (("stored", n_st), ("correct", correct), ("wrong", len(wrong)), ("truth", len(tr)),
                     ("missed", len(missed))):
            tot[c] += v
        prec = "%.0f%%" % (100 * correct / n_st) if n_st else "-"
        rec = "%.0f%%" % (100 * correct / len(tr)) if tr else "-"
        print("%-62s %-9s stored %3d  ok %3d  wrong %2d  truth %3d  missed %3d  P %4s  R %4s  %4.1fs"
              % (rel, status, n_st, correct, len(wrong), len(tr), len(missed), prec, rec, dt), flush=True)
    print()
    P = tot["correct"] / tot["stored"] if tot["stored"] else float("nan")
    R = tot["correct"] / tot["truth"] if tot["truth"] else float("nan")
    print("OVERALL (%d files): stored %d, correct %d, wrong %d (of which %d in ambiguous.csv), truth %d, missed %d"
          % (len(files), tot["stored"], tot["correct"], tot["wrong"], tot["wrong_ambiguous"], tot["truth"], tot["missed"]))
    print("precision %.1f%%   recall %.1f%%   commit %s" % (100 * P, 100 * R, commit))
    print("\nWRONG FIGURES, by file")
    for r in results:
        if r["wrong"]:
            print("  " + r["file"])
            for w in r["wrong"]:
                print("      " + w)
    print("\nMISSED FIGURES, by file")
    for r in results:
        if r["missed"]:
            print("  %s  (%s, %d of %d missed)" % (r["file"], r["status"], len(r["missed"]), r["truth"]))
            for m in r["missed"]:
                print("      " + m)
    commit_end = subprocess.run(["git", "-C", MAIN, "log", "-1", "--oneline"], capture_output=True, text=True).stdout.strip()
    if commit_end != commit:
        print("\nWARNING: /work/main moved from %s to %s during the run; score again" % (commit[:7], commit_end[:7]))
    with open(os.path.join(HERE, "score_result.json"), "w", encoding="utf-8") as fh:
        json.dump(dict(commit=commit, dirty=bool(dirty), totals=tot, precision=P, recall=R, files=results),
                  fh, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
