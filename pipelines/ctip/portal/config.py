"""Where the portal keeps its state and the limits it enforces. Every value can be overridden by
an environment variable so tests and deployments need no code change."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ctip import settings

ALLOWED_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".xlsb", ".ods", ".csv", ".txt")
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods")
ROLES = ("focal_point", "secretariat", "researcher")

# No script anywhere; styles only from our own stylesheet; forms post only to ourselves.
CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
# The report is one self-contained page: inline CSS and SVG, no script.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"


def portal_dir() -> Path:
    """Accounts (SQLite) and the audit log: under data/, git-ignored, never in the warehouse."""
    return settings.get("portal_dir")


def _setting(name: str):
    return lambda: settings.get(name)


@dataclass
class PortalConfig:
    state_dir: Path = field(default_factory=portal_dir)
    # Secure cookies: on when the portal is served behind HTTPS (a reverse proxy); see docs/security.md.
    secure_cookies: bool = field(default_factory=_setting("portal_secure_cookies"))
    session_idle_seconds: int = field(default_factory=_setting("portal_session_idle"))
    session_max_seconds: int = field(default_factory=_setting("portal_session_max"))
    # Failed logins allowed within the window, per account and per client address.
    max_failures_account: int = field(default_factory=_setting("portal_max_failures_account"))
    max_failures_address: int = field(default_factory=_setting("portal_max_failures_address"))
    failure_window_seconds: int = field(default_factory=_setting("portal_failure_window"))
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
    return int(settings.get("max_file_bytes"))
