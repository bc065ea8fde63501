"""Where the portal keeps its state and the limits it enforces. Every value can be overridden by
an environment variable so tests and deployments need no code change."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ctip.paths import PROJECT_ROOT

ALLOWED_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".xlsb", ".ods", ".csv", ".txt")
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods")
ROLES = ("focal_point", "secretariat", "researcher")


def portal_dir() -> Path:
    """Accounts (SQLite) and the audit log: under data/, git-ignored, never in the warehouse."""
    return Path(os.environ.get("CTIP_PORTAL_DIR", PROJECT_ROOT / "data" / "portal"))


def _int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    return default if raw is None else raw.strip().lower() in ("1", "true", "yes", "on")


@dataclass
class PortalConfig:
    state_dir: Path = field(default_factory=portal_dir)
    # Secure cookies: on when the portal is served behind HTTPS (a reverse proxy); see docs/security.md.
    secure_cookies: bool = field(default_factory=lambda: _flag("CTIP_PORTAL_SECURE_COOKIES"))
    session_idle_seconds: int = field(default_factory=lambda: _int("CTIP_PORTAL_SESSION_IDLE", 3600))
    session_max_seconds: int = field(default_factory=lambda: _int("CTIP_PORTAL_SESSION_MAX", 8 * 3600))
    # Failed logins allowed within the window, per account and per client address.
    max_failures_account: int = field(default_factory=lambda: _int("CTIP_PORTAL_MAX_FAILURES_ACCOUNT", 5))
    max_failures_address: int = field(default_factory=lambda: _int("CTIP_PORTAL_MAX_FAILURES_ADDRESS", 20))
    failure_window_seconds: int = field(default_factory=lambda: _int("CTIP_PORTAL_FAILURE_WINDOW", 15 * 60))
    # A rebuild command (argv) for the secretariat's button; None = `python -m ctip.cli run`.
    rebuild_argv: list[str] | None = None

    @property
    def db_path(self) -> Path:
        return self.state_dir / "accounts.sqlite"

    @property
    def audit_path(self) -> Path:
        return self.state_dir / "audit.log"


def max_upload_bytes() -> int:
    """The intake budget for one file on disk (CTIP_MAX_FILE_BYTES overrides both alike)."""
    from ctip.intake.read import limit

    return limit("MAX_FILE_BYTES")
