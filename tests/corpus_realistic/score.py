"""Measure intake on the realistic corpus: `python -m tests.corpus_realistic.score [--missed] [--keep DIR]`.

Every document is generated into a temporary drop folder and ingested the way the corpus test and
`ctip check` ingest a file (`ingest_submission(describe_file(...))`); every stored figure is
compared with the truth on its full key, value and flag (tests/corpus/scoring.py). Prints precision
(share of stored figures that are right) and recall per file, per kind of document and overall,
and every wrong value with the cell it came from."""

from __future__ import annotations

import argparse
import tempfile
import traceback
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tests.corpus.fixtures import Fixture
from tests.corpus.scoring import stored_set, truth_set

from .generate import generate_corpus
from .kit import kind_of


@dataclass
class FileScore:
    fixture: Fixture
    status: str
    n_truth: int
    n_stored: int
    n_correct: int
    wrong: list[tuple] = field(default_factory=list)  # (stored key+value+flag, sheet, cell)
    missed: list[tuple] = field(default_factory=list)
    reason: str = ""  # why a file was rejected, as intake says it

    @property
    def precision(self) -> float:
        return self.n_correct / self.n_stored if self.n_stored else 1.0

    @property
    def recall(self) -> float:
        return self.n_correct / self.n_truth if self.n_truth else 1.0


def score_file(fixture: Fixture, raw: Path) -> FileScore:
    from ctip.intake.discover import describe_file
    from ctip.stage.submission import ingest_submission

    truth = truth_set(fixture)
    try:
        result = ingest_submission(describe_file(fixture.path, raw))
    except Exception as exc:  # one broken file must not hide the others' scores
        traceback.print_exc()
        return FileScore(fixture, f"error: {exc!r}"[:120], len(truth), 0, 0, [], sorted(truth, key=str))
    obs: pd.DataFrame = result.observations
    wrong, correct = [], 0
    for row in obs.itertuples(index=False):
        t = next(iter(stored_set(pd.DataFrame([row._asdict()]))))
        if t in truth:
            correct += 1
        else:
            wrong.append((t, getattr(row, "source_sheet", "?"), getattr(row, "source_cell", "?")))
    stored = stored_set(obs)
    return FileScore(
        fixture, result.status, len(truth), len(obs), correct, wrong, sorted(truth - stored, key=str), str(getattr(result, "reason_code", "") or "")
    )


def _pr(n_truth: int, n_stored: int, n_correct: int) -> str:
    p = n_correct / n_stored if n_stored else 1.0
    r = n_correct / n_truth if n_truth else 1.0
    return f"precision {p:7.2%}  recall {r:7.2%}  ({n_correct} correct / {n_stored} stored / {n_truth} true)"


def report(scores: list[FileScore], show_missed: bool = False) -> str:
    lines = ["per file:"]
    for s in scores:
        lines.append(
            f"  {s.fixture.name:42s} {kind_of(s.fixture):17s} {s.status[:10]:10s} "
            f"{_pr(s.n_truth, s.n_stored, s.n_correct)}" + (f"  [{s.reason}]" if s.reason else "")
        )
    lines.append("per kind:")
    by_kind: dict[str, list[FileScore]] = defaultdict(list)
    for s in scores:
        by_kind[kind_of(s.fixture)].append(s)
    for kind, group in sorted(by_kind.items()):
        lines.append(
            f"  {kind:17s} {len(group):3d} files  " + _pr(sum(s.n_truth for s in group), sum(s.n_stored for s in group), sum(s.n_correct for s in group))
        )
    lines.append("wrong values (stored, not in the truth):")
    for s in scores:
        for t, sheet, cell in s.wrong:
            lines.append(f"  {s.fixture.relpath} [{sheet}!{cell}] {t}")
    if show_missed:
        lines.append("missed values (in the truth, not stored):")
        for s in scores:
            for t in s.missed:
                lines.append(f"  {s.fixture.relpath} {t}")
    n = (sum(s.n_truth for s in scores), sum(s.n_stored for s in scores), sum(s.n_correct for s in scores))
    lines.append(f"OVERALL {len(scores)} files: " + _pr(*n) + f"; {sum(len(s.wrong) for s in scores)} wrong")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--missed", action="store_true", help="also list every missed figure")
    ap.add_argument("--keep", type=Path, help="generate into this folder (kept) instead of a temporary one")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        raw = (args.keep or Path(tmp)) / "raw"
        fixtures = generate_corpus(raw)
        print(report([score_file(f, raw) for f in fixtures], args.missed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
