"""The audit log: one JSON line per login, logout, upload, download and rebuild — who, when, from
where, which file. Never a password and never a file's contents (only its name, size and id)."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path

from ctip.feedback.summary import plain

_LOCK = threading.Lock()
ALLOWED_FIELDS = {"user", "role", "country", "address", "file", "submission_id", "status", "bytes", "outcome", "reason"}


def audit(path: Path, event: str, **fields) -> None:
    """Append one line; fields outside ALLOWED_FIELDS are dropped so no caller can log more."""
    record = {"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "event": event}
    for key, value in fields.items():
        if key in ALLOWED_FIELDS and value is not None:
            record[key] = value if isinstance(value, int) else plain(value, 200)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)
