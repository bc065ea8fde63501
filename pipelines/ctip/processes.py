"""Whether a process is alive: used to recognise builds and runs left behind by a killed process."""

from __future__ import annotations

import os


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True


def spare_cores() -> int:
    """Cores no other process is using, besides this one's own: the core count less one, less the
    one-minute load average beyond this process (rounded). The one rule for starting a child
    (staging pool, feedback writer, estimates' fits): a child only pays with a core to itself;
    with every core busy it measured slower than working alone (more CPU for its start, the same
    wall time; docs/benchmarks.md, issue 13). The run's own process counts one in the load, so it
    is discounted: at load 1.3 on 2 cores one core is spare."""
    import math

    others = max(0.0, os.getloadavg()[0] - 1.0)
    return max(0, math.floor((os.cpu_count() or 1) - 1 - others + 0.5))
