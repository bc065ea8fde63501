"""Named moments of a run, where an operations test can act (kill the process, say) to prove the
run survives being stopped exactly there, instead of at a random time that mostly falls during
imports.

Production code calls `reached(name)` at each moment; nothing is registered in production, so a
call costs one dictionary lookup. A test registers a callback with `on(name, callback)` in the
process that runs the job (the job runs in process: `execute_in_process`)."""

from __future__ import annotations

from collections.abc import Callable

PHASES = (
    "staged",  # every new submission staged, the warehouse not yet built
    "warehouse_written",  # the new warehouse file complete beside the published one, not renamed
    "warehouse_published",  # renamed over the old one
    "derived_written",  # estimates (or their validation) written into a copy, not renamed
    "exports_written",  # public files written, their stamp not yet
    "report_written",  # report written, its stamp not yet
    "feedback_written",  # a sender's annotated copy written, the summaries not yet
)
_HOOKS: dict[str, list[Callable[[], None]]] = {}


def reached(name: str) -> None:
    """The run is at `name` (one of PHASES)."""
    for callback in _HOOKS.get(name, ()):
        callback()


def on(name: str, callback: Callable[[], None]) -> None:
    """Call `callback` whenever a run reaches `name`."""
    if name not in PHASES:
        raise ValueError(f"unknown phase {name!r}; known: {', '.join(PHASES)}")
    _HOOKS.setdefault(name, []).append(callback)


def clear() -> None:
    _HOOKS.clear()
