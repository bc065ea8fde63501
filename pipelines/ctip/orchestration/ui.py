"""`ctip ui`: the Dagster UI (and daemon: sensor, schedule) on the loopback interface.

`dagster dev` ignores SIGTERM when started in the background from a script unless it leads its
own process group; we start it with start_new_session=True and forward Ctrl-C / SIGTERM to the
whole group, so it always stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from ctip.orchestration.instance import ensure_dagster_home
from ctip.paths import PROJECT_ROOT


def dagster_dev_command(host: str, port: int) -> list[str]:
    exe = Path(sys.executable).with_name("dagster")
    return [str(exe), "dev", "-m", "ctip.definitions", "--host", host, "--port", str(port)]


def serve(host: str = "127.0.0.1", port: int = 3000) -> int:
    ensure_dagster_home()
    proc = subprocess.Popen(dagster_dev_command(host, port), cwd=PROJECT_ROOT, start_new_session=True)

    def stop(signum, frame):
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"Dagster UI on http://{host}:{port} (Ctrl-C to stop)", flush=True)
    try:
        return proc.wait()
    finally:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
