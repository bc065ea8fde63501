"""Feedback not written yet: each new submission's result, with its sheets, kept beside the store
until its feedback folder is written after the facts are published.

Why: writing a sender's feedback (the annotated copy above all) was 40 % of staging's time, and
the facts waited for it (docs/benchmarks.md, issue 13, sixth session). Staging now leaves each
result here (a pickle: about 0.6 ms and 17 KB for a small file, against ~20 ms to write its
feedback) and `ctip.pipeline.write_pending_feedback` writes the folders once the warehouse is
published, in the same run. A run killed in between leaves them here, and the next run writes
them. The sheets are those intake kept, personal data already blanked (intake/privacy.py), so
nothing is here that the annotated copy would not hold; each is removed once written. The
result's capture patterns and flows are not kept (None): the feedback does not read them, and
they are staged in the store.

The folder is the run's own (under the staging store, created private): only results this code
wrote are read back."""

from __future__ import annotations

import dataclasses
import logging
import pickle
from pathlib import Path

from ctip.atomic import atomic_write
from ctip.stage.submission import SubmissionResult

log = logging.getLogger(__name__)

PENDING = "feedback_pending"  # under the staging root


def folder(staging_root: Path) -> Path:
    """The pending folder of a staging store."""
    return Path(staging_root) / PENDING


def keep(result: SubmissionResult, path: Path) -> Path:
    """Keep `result` at `path` (<pending folder>/<submission_id>) for its feedback, and release its
    sheets (the contract of a feedback writer, ctip.stage.pool.WriteFeedback). A later result of
    the same submission replaces it."""
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Without the tables no feedback reads (staged in the store already): a seventh of the pickle.
    kept = dataclasses.replace(result, **dict.fromkeys(NOT_FOR_FEEDBACK))
    with atomic_write(path) as tmp:
        tmp.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
    result.grids = None
    return path


NOT_FOR_FEEDBACK = ("capture", "flows")  # kept as None: ctip.feedback never reads them (it reads not_available: feedback.withdrawn)


def waiting(staging_root: Path) -> list[Path]:
    """The results waiting for their feedback, by submission_id."""
    root = folder(staging_root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_file() and ".building-" not in p.name)


def take(path: Path) -> SubmissionResult | None:
    """The result kept at `path` (None if another run took it, or it cannot be read: logged)."""
    try:
        return pickle.loads(Path(path).read_bytes())
    except FileNotFoundError:
        return None
    except Exception as exc:  # damaged (a disk error): its feedback cannot be written from it
        log.error("pending feedback %s could not be read (%s): removed, its feedback folder not written", Path(path).name, type(exc).__name__)
        Path(path).unlink(missing_ok=True)
        return None


def done(path: Path) -> None:
    """Forget a result whose feedback folder is written."""
    Path(path).unlink(missing_ok=True)


def tidy(staging_root: Path) -> None:
    """Remove the pending folder once nothing waits in it (the store keeps only its batches)."""
    try:
        folder(staging_root).rmdir()
    except OSError:  # absent, or something still waits
        pass
