"""Faults for the staging pool's tests, run inside its child processes (so importable by name):
a chunk holding a file whose name says "crash" kills the child, one saying "hang" never ends."""

from __future__ import annotations

import os
import signal
import time

from ctip.stage.pool import work_chunk


def crash_or_hang(files, feedback_root, write_feedback):
    names = [sf.path.name for sf in files]
    if any("crash" in n for n in names):
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer or a reader's segfault would
    if any("hang" in n for n in names):
        time.sleep(3600)
    return work_chunk(files, feedback_root, write_feedback)
