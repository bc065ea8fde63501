"""The upload's check in a child process, with a time and a memory budget.

Intake bounds what it reads, but within those bounds a small upload can still cost a lot: a 13 MB
xlsx of 5 million one-digit cells passes every size limit and took more than 5 minutes and 5 GB
here. In the portal's own process that would stall or kill the portal for every member, so the
check runs as `python -m ctip.portal.checker FILE ISO3 [OUT_DIR]` (the same check_submission as
`ctip check`), watched from a worker thread: killed past CTIP_PORTAL_CHECK_SECONDS (300) or past
CTIP_PORTAL_CHECK_MEMORY_MB of resident memory (2048; read from /proc, so Linux only), and at most
CTIP_PORTAL_CHECKS_AT_ONCE (2) at a time."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from ctip import settings

_SLOTS: dict[int, threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


class CheckFailed(Exception):
    """The check could not finish; `code` is a key of the portal's words."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _slots() -> threading.BoundedSemaphore:
    n = max(1, int(settings.get("portal_checks_at_once")))
    with _SLOTS_LOCK:
        return _SLOTS.setdefault(n, threading.BoundedSemaphore(n))


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def check_in_child(path: Path, country: str, out_dir: Path | None = None) -> Path:
    """Run the check of `path` for `country` in a child; the feedback folder it wrote."""
    seconds = int(settings.get("portal_check_seconds"))
    max_rss = int(settings.get("portal_check_memory_mb")) * 1024 * 1024
    cmd = [sys.executable, "-m", "ctip.portal.checker", str(path), country, str(out_dir or "")]
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    with _slots():
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        started = time.monotonic()
        try:
            while True:
                try:
                    proc.wait(0.1)
                    break
                except subprocess.TimeoutExpired:
                    pass
                if time.monotonic() - started > seconds or _rss_bytes(proc.pid) > max_rss:
                    raise CheckFailed("too_complex")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        out = proc.stdout.read().decode("utf-8", "replace").strip().splitlines()
        proc.stdout.close()
    if proc.returncode != 0 or not out:
        raise CheckFailed("check_failed")
    return Path(out[-1])


def main(argv: list[str]) -> int:
    from ctip.check import check_submission

    path, country, out = argv[:3]
    _, folder = check_submission(Path(path), country, Path(out) if out else None)
    print(folder, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
