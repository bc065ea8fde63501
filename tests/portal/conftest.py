"""A portal on a private tree: drop folder, marts, Dagster home (from tests/conftest.py's
project_dirs) and a state folder with four accounts. Clients are Starlette TestClients."""

from __future__ import annotations

import json
import re
import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

PASSWORDS = {"ana": "jamaica-pass-1", "bob": "trinidad-pass-2", "sec": "secretariat-pass-3", "res": "researcher-pass-4", "marie": "haiti-pass-5"}
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def portal(project_dirs, tmp_path, monkeypatch):
    from argon2 import PasswordHasher

    from ctip.portal import store as store_module
    from ctip.portal.config import PortalConfig
    from ctip.portal.store import Store

    # Cheaper argon2 parameters: these tests check the portal, not the hash's cost (the default
    # hasher is asserted in test_store.py).
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(store_module, "_HASHER", cheap)
    monkeypatch.setattr(store_module, "_DUMMY_HASH", cheap.hash("dummy-password"))

    state = tmp_path / "portal_state"
    monkeypatch.setenv("CTIP_PORTAL_DIR", str(state))
    config = PortalConfig(state_dir=state)
    store = Store(config.db_path)
    store.add_user("ana", PASSWORDS["ana"], "focal_point", "JAM")
    store.add_user("bob", PASSWORDS["bob"], "focal_point", "TTO")
    store.add_user("marie", PASSWORDS["marie"], "focal_point", "HTI")
    store.add_user("sec", PASSWORDS["sec"], "secretariat", None)
    store.add_user("res", PASSWORDS["res"], "researcher", None)
    return {**project_dirs, "config": config, "store": store, "state": state}


def make_client(portal, **config_changes):
    from starlette.testclient import TestClient

    from ctip.portal.app import create_app

    for key, value in config_changes.items():
        setattr(portal["config"], key, value)
    return TestClient(create_app(portal["config"]))


@pytest.fixture
def client(portal):
    return make_client(portal)


def csrf_of(html: str) -> str:
    m = CSRF_FIELD.search(html)
    assert m, "no csrf_token field in the page"
    return m.group(1)


def login(client, name: str, password: str | None = None):
    page = client.get("/login")
    r = client.post("/login", data={"username": name, "password": password or PASSWORDS[name], "csrf_token": csrf_of(page.text)}, follow_redirects=False)
    return r


def signed_in(portal, name: str):
    """A fresh client signed in as `name`, and the session's CSRF token."""
    c = make_client(portal)
    r = login(c, name)
    assert r.status_code == 303, r.text
    page = c.get("/published")
    return c, csrf_of(page.text)


def audit_lines(portal) -> list[dict]:
    path = portal["config"].audit_path
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def raw_files(portal) -> list[str]:
    """Every file under the drop folder, relative (hidden ones included: nothing may hide there)."""
    root = portal["raw"]
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def filled_workbook(path, values=None):
    from tests.submissions_factory import write_wide

    return write_wide(path, {"Victims identified": values or {2019: 50, 2020: 61}})
