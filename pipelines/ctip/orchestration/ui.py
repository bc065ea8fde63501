"""`ctip ui`: the Dagster UI (and daemon: sensor, schedule) on the loopback interface.

Stopping: `dagster dev` takes SIGTERM as a request to shut its children down, then waits for
them, and its webserver, daemon and code servers can keep running for minutes (seen: 90-120 s,
every time). So the UI is started as the leader of its own process group
(start_new_session=True); on Ctrl-C, SIGTERM or SIGHUP the whole group gets SIGTERM, and
whatever is still alive after a grace period gets SIGKILL. `ctip ui` returns only once no
process of the group is left, within GRACE_SECONDS + a few seconds.

Exposure: the Dagster webserver has no authentication, and it executes GraphQL mutations sent
by a plain GET (launch or delete runs, switch sensors off): any web page open in the operator's
browser can act on it. Hence the loopback default. `--read-only` starts the webserver alone in
Dagster's read-only mode (no mutation at all, no daemon) for viewers; docs/security.md explains
how to share it behind an authenticating reverse proxy."""

from __future__ import annotations

import ipaddress
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from ctip.orchestration.instance import ensure_dagster_home
from ctip.paths import PROJECT_ROOT

GRACE_SECONDS = 5.0  # after SIGTERM, before SIGKILL
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def dagster_dev_command(host: str, port: int) -> list[str]:
    exe = Path(sys.executable).with_name("dagster")
    return [str(exe), "dev", "-m", "ctip.definitions", "--host", host, "--port", str(port)]


def read_only_webserver_command(host: str, port: int) -> list[str]:
    """`dagster dev` has no read-only switch; the webserver has (`--read-only`: every mutation,
    from launching a run to switching a schedule, is refused)."""
    exe = Path(sys.executable).with_name("dagster-webserver")
    return [str(exe), "-m", "ctip.definitions", "--host", host, "--port", str(port), "--read-only"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group. Linux: from /proc; elsewhere, whether
    the group can still be signalled."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
            return [pgid]
        except (ProcessLookupError, PermissionError):
            return []
    members = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...; comm may hold spaces or parentheses.
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 2 and fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def stop_group(proc: subprocess.Popen, grace: float = GRACE_SECONDS) -> None:
    """SIGTERM to the group led by `proc`, then SIGKILL to what is left after `grace` seconds;
    returns once no process of the group is alive (or after 5 s more)."""
    pgid = proc.pid
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            proc.poll()  # reap the leader
            if not group_members(pgid):
                proc.poll()
                return
            time.sleep(0.1)
    proc.poll()


def serve(host: str = "127.0.0.1", port: int = 3000, read_only: bool = False, grace: float = GRACE_SECONDS) -> int:
    ensure_dagster_home()
    if not is_loopback(host):
        print(
            f"warning: the Dagster UI on {host} can be reached from other machines; it has no login and "
            "runs commands sent by plain links. Put it behind a reverse proxy with authentication "
            "(docs/security.md)" + ("" if read_only else ", or use --read-only for viewers") + ".",
            file=sys.stderr,
            flush=True,
        )
    command = read_only_webserver_command(host, port) if read_only else dagster_dev_command(host, port)
    stop = threading.Event()
    received: list[int] = []

    def on_signal(signum, frame):
        received.append(signum)
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in STOP_SIGNALS}
    proc = subprocess.Popen(command, cwd=PROJECT_ROOT, start_new_session=True)
    mode = "read-only webserver" if read_only else "Dagster UI"
    print(f"{mode} on http://{host}:{port} (Ctrl-C to stop)", flush=True)
    try:
        while proc.poll() is None and not stop.is_set():
            stop.wait(0.5)
    finally:
        stop_group(proc, grace)
        for s, handler in previous.items():
            signal.signal(s, handler)
    if received:
        print(f"{mode} stopped ({signal.Signals(received[0]).name})", flush=True)
        return 0
    return proc.returncode or 0
