"""Everything a sender gets back for one submission, written into its feedback folder: the
summaries (markdown and HTML, in the sender's language), report.json, the annotated copy of the
file and, where labels matched nothing, a suggested mapping.yaml. Each is written atomically and
on its own: one that fails is logged and the others are still written."""

from __future__ import annotations

import logging
from pathlib import Path

from ctip import phases
from ctip.atomic import write_text
from ctip.feedback.annotated import write_annotated
from ctip.feedback.clashes import mark_clashes
from ctip.feedback.held_back import mark_held_back
from ctip.feedback.problems import suggested_mapping
from ctip.feedback.summary import report_json_text, summary_html, summary_markdown
from ctip.feedback.withdrawn import mark_withdrawn
from ctip.stage import pending
from ctip.stage.submission import SubmissionResult

log = logging.getLogger(__name__)


def write_feedback(result: SubmissionResult, folder: Path) -> Path:
    """Write summary.md, summary.html, report.json and (for a file that was read) annotated.xlsx.

    Releases the sheets the result carries (`result.grids`) once the annotated copy is written,
    so a batch of results does not keep every file's cells in memory."""
    folder = Path(folder)
    grids, result.grids = result.grids, None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.error("feedback folder %s could not be created (%s)", folder, type(exc).__name__)
        return folder
    annotated = folder / "annotated.xlsx"
    wrote = False
    if grids and result.reason_code != "personal_data":
        try:
            write_annotated(result, grids, annotated)
            wrote = True
        except Exception as exc:  # the summary matters more than the copy
            log.warning("annotated copy of %s not written (%s)", result.submission.get("submission_id"), type(exc).__name__)
    if not wrote:
        annotated.unlink(missing_ok=True)  # never leave a copy from an earlier version of the file
    del grids
    phases.reached("feedback_written")
    try:  # labels that matched nothing, ready to copy next to the file as mapping.yaml
        suggestion = suggested_mapping(result.quarantine, str(result.submission.get("source_file", "")))
        if suggestion:
            write_text(folder / "mapping.suggested.yaml", suggestion, errors="replace")
        else:
            (folder / "mapping.suggested.yaml").unlink(missing_ok=True)
    except Exception as exc:
        log.error("mapping.suggested.yaml for %s not written (%s)", result.submission.get("submission_id"), type(exc).__name__)
    for name, render in (
        ("summary.md", lambda: summary_markdown(result, annotated=wrote)),
        ("summary.html", lambda: summary_html(result, annotated=wrote)),
        ("report.json", lambda: report_json_text(result)),
    ):
        try:
            write_text(folder / name, render(), errors="replace")
        except Exception as exc:
            log.error("feedback %s for %s not written (%s)", name, result.submission.get("submission_id"), type(exc).__name__)
    return folder


class FeedbackWriter:
    """Writes feedback folders beside the staging of a batch, off its critical path.

    With `workers` > 0 the folders are written in child processes while the parent goes on to
    the next file (worth it only with an idle core: with every core busy it measured slower than
    writing inline, so stage_batch asks for it only then); at most `in_flight` results wait, so memory stays
    flat. Each result is pickled when handed over, and its sheets are released at once. With no
    workers (small batches, where starting a process costs more than it saves) it writes inline.
    `close()` waits for every folder: a batch is finished only when its feedback is written."""

    def __init__(self, workers: int = 0, in_flight: int = 8, write=None):
        self._write = write or write_feedback  # what writes a folder here (with no workers)
        self._pool = None
        self._pending: list = []
        self._in_flight = max(1, in_flight)
        if workers > 0:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # forkserver: never fork a process that holds Dagster's threads and SQLite handles.
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"))

    def write(self, result: SubmissionResult, folder: Path) -> None:
        if self._pool is None:
            self._write(result, folder)
            return
        import pickle

        try:
            payload = pickle.dumps((result, Path(folder)), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # something in the result cannot be handed over: write it here
            write_feedback(result, folder)
            return
        result.grids = None  # the child has its own copy; the batch must not keep every file's cells
        self._pending.append(self._pool.submit(_write_pickled, payload))
        while len(self._pending) >= self._in_flight:
            self._pending.pop(0).result()

    def close(self) -> None:
        try:
            for future in self._pending:
                future.result()
        finally:
            self._pending = []
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None

    def __enter__(self) -> FeedbackWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _write_pickled(payload: bytes) -> None:
    import pickle

    result, folder = pickle.loads(payload)  # noqa: S301 - written by the parent process just now
    write_feedback(result, folder)


def write_kept(paths: list[Path], feedback_root: Path, clashes: dict | None = None, held_back: dict | None = None, withdrawn: dict | None = None) -> int:
    """Write the feedback folder of each result staging kept for later (ctip.stage.pending) at
    `paths`, then forget it; returns how many were written. Runs in a child or in the run's process.
    `clashes` (ctip.feedback.clashes.clashes_in): figures the warehouse did not publish because
    another file received together gives them differently, told to their sender. `held_back`
    (ctip.feedback.held_back.held_back_in): figures the public files hold back, told too.
    `withdrawn` (ctip.feedback.withdrawn.withdrawn_in): earlier figures the file withdrew by
    marking them not available, told so the sender knows they are no longer published."""
    n = 0
    for path in paths:
        result = pending.take(path)
        if result is None:  # taken by another run meanwhile, or unreadable (logged)
            continue
        if clashes and result.submission.get("submission_id") in clashes:
            result = mark_clashes(result, clashes[result.submission["submission_id"]])
        if held_back and result.submission.get("submission_id") in held_back:
            result = mark_held_back(result, held_back[result.submission["submission_id"]])
        if withdrawn and result.submission.get("submission_id") in withdrawn:
            result = mark_withdrawn(result, withdrawn[result.submission["submission_id"]])
        write_feedback(result, Path(feedback_root) / Path(path).name)
        pending.done(path)
        n += 1
    return n
