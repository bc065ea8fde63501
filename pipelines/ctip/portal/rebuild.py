"""The secretariat's rebuild: `ctip run` (the same function, run_main_job) in a child process,
one at a time. A process rather than a thread: Dagster's in-process execution wants the main
thread of its own process, and the portal stays responsive."""

from __future__ import annotations

import subprocess
import sys
import threading

_LOCK = threading.Lock()
_RUNNING: subprocess.Popen | None = None


def start(argv: list[str] | None = None) -> bool:
    """Start a rebuild unless one is running; True when started."""
    global _RUNNING
    with _LOCK:
        if _RUNNING is not None and _RUNNING.poll() is None:
            return False
        cmd = argv or [sys.executable, "-m", "ctip.cli", "run"]
        _RUNNING = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return True


def running() -> bool:
    with _LOCK:
        return _RUNNING is not None and _RUNNING.poll() is None


def wait(timeout: float | None = None) -> int | None:
    with _LOCK:
        proc = _RUNNING
    return proc.wait(timeout) if proc is not None else None
