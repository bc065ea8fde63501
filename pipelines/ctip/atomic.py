"""Writing a file (or a folder) so that a reader sees the old version or the new one, never half.

Every file the project publishes (warehouse, releases, staged submissions, feedback, exports,
report, cache stamps) is written beside its target as `<name>.building-<pid>-<thread>` and then
renamed over it: a rename inside one folder is atomic on POSIX. The process id in the name lets
`clean_stale` remove what a killed process left, and the thread id keeps two threads of one
process that write the same target (feedback written beside a build) out of each other's way.

    with atomic_write(path) as tmp:
        frame.to_parquet(tmp)
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MARK = ".building-"


def building_path(target: Path) -> Path:
    """Where the new version of `target` is written before it replaces it."""
    target = Path(target)
    return target.with_name(f"{target.name}{MARK}{os.getpid()}-{threading.get_ident() % 1_000_000}")


def discard(path: Path) -> None:
    """Remove a half-written copy (a file with its DuckDB write-ahead log, or a folder); missing is fine."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)  # DuckDB's write-ahead log


def replace(building: Path, target: Path, *, fsync: bool = False) -> None:
    """Put `building` in place of `target` (a file, or a folder: the old folder is removed)."""
    building, target = Path(building), Path(target)
    if building.is_dir():
        old = target.with_name(f"{target.name}{MARK}{os.getpid()}-old")
        discard(old)
        if target.exists():
            target.rename(old)
        building.rename(target)
        discard(old)
        return
    if fsync:
        with open(building, "rb") as f:
            os.fsync(f.fileno())
    os.replace(building, target)


@contextmanager
def atomic_write(target: Path, *, fsync: bool = False) -> Iterator[Path]:
    """A path to write the new version to; it replaces `target` when the block ends without an
    error, and is removed otherwise."""
    target = Path(target)
    building = building_path(target)
    discard(building)
    try:
        yield building
        replace(building, target, fsync=fsync)
    finally:
        discard(building)


def write_text(target: Path, text: str, *, encoding: str = "utf-8", errors: str = "strict", newline: str | None = None) -> Path:
    """`target` holds `text`, written atomically."""
    with atomic_write(target) as tmp:
        with open(tmp, "w", encoding=encoding, errors=errors, newline=newline) as f:
            f.write(text)
    return Path(target)


def clean_stale(target: Path) -> list[Path]:
    """Remove what builds of `target` killed midway left behind (their process is gone)."""
    from ctip.processes import pid_alive

    removed = []
    target = Path(target)
    for p in target.parent.glob(target.name + MARK + "*"):
        pid = p.name.split(MARK, 1)[1].split("-", 1)[0].split(".", 1)[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            discard(p)
            removed.append(p)
    return removed


DAMAGED = ".damaged-"  # a file or folder set aside as unreadable: `<name>.damaged-<UTC time>`


def set_aside(path: Path) -> Path:
    """Keep a damaged file or folder beside, renamed `<name>.damaged-<UTC time>` (never deleted: it
    may still be read by hand), so what is built next starts afresh. Returns where it is now."""
    import datetime as dt

    aside = path.with_name(f"{path.name}{DAMAGED}{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}")
    os.replace(path, aside)
    return aside
