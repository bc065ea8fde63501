"""The secretariat's rebuild: CSRF-protected, secretariat only, one at a time."""

from __future__ import annotations

import sys

from tests.portal.conftest import audit_lines, signed_in


def test_rebuild_one_at_a_time(portal):
    from ctip.portal import rebuild

    marker = portal["root"] / "started.txt"
    portal["config"].rebuild_argv = [sys.executable, "-c", f"import pathlib, time; pathlib.Path({str(marker)!r}).touch(); time.sleep(3)"]
    c, token = signed_in(portal, "sec")
    assert c.post("/rebuild", data={}).status_code == 403  # no token
    assert c.post("/rebuild", data={"csrf_token": token}).status_code == 202
    assert c.post("/rebuild", data={"csrf_token": token}).status_code == 409  # still running
    assert rebuild.wait(30) == 0 and marker.exists()
    assert [e["outcome"] for e in audit_lines(portal) if e["event"] == "rebuild"] == ["started", "busy"]


def test_only_the_secretariat_rebuilds(portal):
    for name in ("ana", "res"):
        c, token = signed_in(portal, name)
        assert c.post("/rebuild", data={"csrf_token": token}).status_code == 403
