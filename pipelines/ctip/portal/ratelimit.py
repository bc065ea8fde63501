"""Failed logins per account and per client address, counted in the accounts file so a restart
does not reset them. Over the limit, the password is not even checked."""

from __future__ import annotations

import time

from ctip.portal.config import PortalConfig
from ctip.portal.store import Store


def throttled(store: Store, config: PortalConfig, username: str, address: str) -> bool:
    since = time.time() - config.failure_window_seconds
    return (
        store.failures_since("account", username.lower(), since) >= config.max_failures_account
        or store.failures_since("address", address, since) >= config.max_failures_address
    )


def record_failure(store: Store, username: str, address: str) -> None:
    store.record_failure("account", username.lower())
    store.record_failure("address", address)


def record_success(store: Store, username: str) -> None:
    store.clear_failures("account", username.lower())
