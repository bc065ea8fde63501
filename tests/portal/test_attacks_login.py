"""Attacks on sign-in: argon2 must not run on the event loop (a stream of wrong passwords would
stall every other member's pages)."""

from __future__ import annotations

import asyncio

from tests.portal.conftest import login, make_client


def test_password_is_verified_off_the_event_loop(portal, monkeypatch):
    from ctip.portal.store import Store

    seen = []
    original = Store.authenticate

    def spy(self, name, password):
        try:
            asyncio.get_running_loop()
            seen.append("event loop")
        except RuntimeError:
            seen.append("worker thread")
        return original(self, name, password)

    monkeypatch.setattr(Store, "authenticate", spy)
    c = make_client(portal)
    assert login(c, "ana", "wrong-password").status_code == 401
    assert login(c, "ana").status_code == 303
    assert seen == ["worker thread", "worker thread"]
