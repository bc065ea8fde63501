"""The operators' web page, tested in a real browser: `ctip ui` on a free loopback port, opened in
headless Chromium (Debian's package, driven by Playwright with executable_path; no browser is
ever downloaded). Also the report page, opened from disk."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("CTIP_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "data" / "marts" / "test_artifacts"))
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (make test and .ci/run install it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

from tests.net import free_port, wait_for  # noqa: E402


def dismiss_welcome(page) -> None:
    """A fresh Dagster instance greets with a community dialog; skip it."""
    skip = page.get_by_role("button", name="Skip")
    try:
        skip.wait_for(timeout=4000)
        skip.click()
    except Exception:
        pass


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def built_project(project_dirs):
    from ctip.runner import run_main_job
    from tests.glotip_excerpt import write_excerpt
    from tests.submissions_factory import write_wide

    write_excerpt(project_dirs["raw"] / "UNODC" / "data_glotip.xlsx")
    write_wide(project_dirs["raw"] / "JAM" / "a.xlsx", {"Victims identified": {2019: 50, 2020: 61}})
    outcome = run_main_job()
    assert outcome.success
    return project_dirs, outcome


def test_dagster_ui_shows_our_assets_and_the_last_successful_run(built_project, browser):
    dirs, outcome = built_project
    port = free_port()
    ui = subprocess.Popen(
        [sys.executable, "-m", "ctip.cli", "ui", "--port", str(port)],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/server_info")
        # The catalog is a virtualised list: a tall viewport renders every asset's row at once.
        page = browser.new_page(viewport={"width": 1600, "height": 4000})
        page.goto(f"http://127.0.0.1:{port}/assets", wait_until="networkidle", timeout=90_000)
        page.get_by_text("fact_observation", exact=True).first.wait_for(timeout=60_000)
        body = page.inner_text("body")
        for asset in ("staged_submission", "fact_observation", "mart_regional_year", "submissions"):
            assert asset in body
        page.set_viewport_size({"width": 1600, "height": 1000})
        page.goto(f"http://127.0.0.1:{port}/asset-groups", wait_until="networkidle", timeout=90_000)
        dismiss_welcome(page)
        page.wait_for_timeout(2000)
        page.screenshot(path=str(ARTIFACTS / "dagster_asset_graph.png"))
        page.goto(f"http://127.0.0.1:{port}/runs/{outcome.run_id}", wait_until="networkidle", timeout=90_000)
        page.get_by_text("Success").first.wait_for(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "dagster_last_run.png"))
        assert outcome.run_id[:8] in page.inner_text("body")
    finally:
        os.killpg(ui.pid, signal.SIGTERM)
        try:
            ui.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(ui.pid, signal.SIGKILL)
            pytest.fail("ctip ui did not stop on SIGTERM")
    assert ui.returncode is not None


def test_report_page_renders_offline(built_project, browser):
    dirs, _ = built_project
    report = pytest.importorskip("ctip.report.build")
    path = report.write_report(dirs["warehouse"], dirs["marts"] / "report")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert all(u.startswith(("file:", "data:")) for u in requests), requests
    images = page.locator("img, svg")
    assert images.count() >= 3
    assert "victims" in page.inner_text("body").lower()
