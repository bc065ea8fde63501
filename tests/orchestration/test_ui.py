"""`ctip ui` stops quickly, children included, and `--read-only` refuses mutations.

Each test starts the real UI in a subprocess, waits until it serves HTTP, sends the signal an
operator (or a service manager) would, and asserts that no process of the UI's process group is
left within 10 s."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from ctip.orchestration.ui import is_loopback
from tests.net import free_port, wait_for

STOP_WITHIN_S = 10
# A mutation in a plain link: deleting a run that does not exist (harmless either way).
GET_MUTATION = 'mutation { deleteRun(runId: "00000000-0000-0000-0000-000000000000") { __typename } }'


def _start(project_dirs, *extra: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ctip.cli", "ui", "--port", str(port), *extra],
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # like a terminal or a service manager: the UI leads its own group
    )
    return proc, port


def _descendants(pid: int) -> set[int]:
    """Every process below `pid` (children, grandchildren...), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            ppid = int(stat[stat.rfind(")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = open(f"/proc/{pid}/stat").read()
        except OSError:
            continue
        if state[state.rfind(")") + 2] != "Z":
            alive.add(pid)
    return alive


def _get_mutation(port: int) -> dict:
    url = f"http://127.0.0.1:{port}/graphql?" + urllib.parse.urlencode({"query": GET_MUTATION})
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


def _stop_and_check(proc: subprocess.Popen, sig: int) -> None:
    tree = _descendants(proc.pid)
    assert len(tree) >= 2, "the UI started no children"  # dagster dev or the webserver, and theirs
    t0 = time.monotonic()
    proc.send_signal(sig)
    try:
        out, _ = proc.communicate(timeout=STOP_WITHIN_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"ctip ui was still running {STOP_WITHIN_S} s after {signal.Signals(sig).name}")
    # Everything the UI started is gone too (children are not left behind as orphans).
    deadline = t0 + STOP_WITHIN_S
    while _alive(tree) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(tree), f"left behind after {signal.Signals(sig).name}: {sorted(_alive(tree))}"
    assert time.monotonic() - t0 < STOP_WITHIN_S
    assert "stopped" in out and "Traceback" not in out


def _kill_all(proc: subprocess.Popen) -> None:
    """Test clean-up, whatever happened: the UI's group and every process below it."""
    for pid in _descendants(proc.pid) | {proc.pid}:
        try:
            os.killpg(os.getpgid(pid), signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    proc.kill()
    proc.wait(timeout=10)


@pytest.mark.slow
def test_ui_stops_within_10_s_on_sigterm_children_included(project_dirs):
    proc, port = _start(project_dirs)
    try:
        wait_for(f"http://127.0.0.1:{port}/server_info", timeout=180)
        # The exposure docs/security.md describes: a mutation sent by GET is executed (here it
        # finds no such run: the answer is the run-not-found type, not a refusal).
        answer = _get_mutation(port)
        assert answer["data"]["deleteRun"]["__typename"] == "RunNotFoundError"
        _stop_and_check(proc, signal.SIGTERM)
    finally:
        if proc.poll() is None or _alive(_descendants(proc.pid)):
            _kill_all(proc)


@pytest.mark.slow
def test_read_only_ui_refuses_mutations_and_stops_on_ctrl_c(project_dirs):
    proc, port = _start(project_dirs, "--read-only")
    try:
        wait_for(f"http://127.0.0.1:{port}/server_info", timeout=180)
        answer = _get_mutation(port)
        assert answer["data"]["deleteRun"]["__typename"] == "UnauthorizedError"
        _stop_and_check(proc, signal.SIGINT)  # Ctrl-C
    finally:
        if proc.poll() is None or _alive(_descendants(proc.pid)):
            _kill_all(proc)


def test_loopback_hosts():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("example.org")
