"""The portal in a real browser: `ctip serve` on a free loopback port, driven by Playwright in
headless Debian chromium (executable_path; no browser is ever downloaded).

A focal point signs in, downloads its template, fills it, uploads it and reads "accepted" with the
stored figure listed; after the run the figure is in the warehouse. A second focal point cannot
open the first one's files by direct URL; a request without a CSRF token, an oversized upload
and repeated wrong passwords are refused."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.test_ui import CHROMIUM, FLAGS, free_port, wait_for

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (make test and .ci/run install it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("CTIP_TEST_ARTIFACTS", ROOT / "data" / "marts" / "test_artifacts"))
MAX_BYTES = 2 * 1024 * 1024  # the intake budget for this server, so "oversized" stays small
FIGURE = 37


@pytest.fixture
def server(project_dirs, tmp_path):
    from ctip.portal.store import Store

    state = tmp_path / "portal_state"
    store = Store(state / "accounts.sqlite")
    store.add_user("ana", "jamaica-pass-1", "focal_point", "JAM")
    store.add_user("bob", "trinidad-pass-2", "focal_point", "TTO")
    port = free_port()
    env = {**os.environ, "CTIP_PORTAL_DIR": str(state), "CTIP_MAX_FILE_BYTES": str(MAX_BYTES)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ctip.cli", "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/login", timeout=60)
        yield {**project_dirs, "url": f"http://127.0.0.1:{port}", "state": state}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


def sign_in(page, url, name, password):
    page.goto(f"{url}/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def fill_template(path: Path, year: int, value: int) -> None:
    """Write `value` as the total of victims detected in `year`, as a focal point would."""
    from openpyxl import load_workbook

    from ctip.schema import load_schema

    name = load_schema().indicators["victims_detected"].names["en"]
    wb = load_workbook(path)
    data = wb.worksheets[1]
    header = [c.value for c in data[1]]
    value_col = len(header) - 1  # ... year, value, notes
    for row in data.iter_rows(min_row=2):
        cells = [c.value for c in row]
        if cells[0] == name and cells[value_col - 2] == year and all(v == "Total" for v in cells[1 : value_col - 2]):
            row[value_col - 1].value = value
            break
    else:
        raise AssertionError("no total row for victims detected in the template")
    wb.save(path)


def raw_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_focal_point_round_trip_and_refusals(server, browser, tmp_path):
    url, raw = server["url"], server["raw"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ana = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = ana.new_page()
    sign_in(page, url, "ana", "jamaica-pass-1")
    page.get_by_text("My submissions").first.wait_for()

    # The template for Jamaica, filled and sent back.
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the template").click()
    template = tmp_path / info.value.suggested_filename
    info.value.save_as(template)
    assert "JAM" in template.name
    year = int(template.stem.rsplit("-", 1)[1])
    fill_template(template, year, FIGURE)
    page.set_input_files("input[name=file]", str(template))
    page.click("form[enctype] button[type=submit]")
    page.locator("#result").wait_for(timeout=120_000)
    result = page.inner_text("#result")
    assert "accepted" in result
    assert f"victims_detected\t{year}\ttotal\ttotal\ttotal\ttotal\t{FIGURE}" in result  # the stored figure, listed
    assert raw_files(raw) == [f"JAM/{template.name}"]
    shot = Path(os.environ.get("CTIP_PORTAL_SCREENSHOT", ARTIFACTS / "portal.png"))
    page.screenshot(path=str(shot), full_page=True)
    sid = page.locator("#result ~ p a").first.get_attribute("href").split("/")[2]

    # The run takes the file from data/raw/JAM like any dropped file.
    from ctip.runner import run_main_job

    assert run_main_job().success
    import duckdb

    with duckdb.connect(str(server["warehouse"]), read_only=True) as con:
        got = con.execute(
            "select value from fact_observation where country_iso3 = 'JAM' and year = ? and indicator = 'victims_detected'"
            " and sex = 'total' and age_group = 'total' and exploitation = 'total' and citizenship = 'total'",
            [year],
        ).fetchall()
    assert got == [(FIGURE,)]
    page.goto(f"{url}/submissions")
    assert "waiting" not in page.inner_text("table.list") and "accepted" in page.inner_text("table.list")

    # Another focal point: none of ana's files by direct URL.
    bob = browser.new_context()
    other = bob.new_page()
    sign_in(other, url, "bob", "trinidad-pass-2")
    other.get_by_text("My submissions").first.wait_for()
    for path in (f"/submissions/{sid}", f"/submissions/{sid}/annotated.xlsx", f"/submissions/{sid}/file"):
        assert bob.request.get(url + path).status == 404, path
        assert ana.request.get(url + path).status == 200, path
    assert template.name not in other.content()

    # A request without the CSRF token (a forged form) is refused; nothing is stored.
    forged = bob.request.post(f"{url}/submissions", multipart={"file": {"name": "x.csv", "mimeType": "text/csv", "buffer": b"indicator,year,value\n"}})
    assert forged.status == 403
    # An oversized upload through the form is refused before it is stored.
    big = tmp_path / "big.csv"
    big.write_bytes(b"indicator,year,value\n" + b"victims_detected,2020,1\n" * (MAX_BYTES // 20))  # 1.2 x the budget
    other.set_input_files("input[name=file]", str(big))
    other.click("form[enctype] button[type=submit]")
    other.get_by_text("larger than").wait_for()
    assert raw_files(raw) == [f"JAM/{template.name}"]

    # Wrong passwords: after five, even the right one waits.
    stranger = browser.new_context().new_page()
    for _ in range(5):
        sign_in(stranger, url, "bob", "not-the-password")
        stranger.get_by_text("Wrong user name or password").wait_for()
    sign_in(stranger, url, "bob", "trinidad-pass-2")
    stranger.get_by_text("Too many failed attempts").wait_for()
    audit = (server["state"] / "audit.log").read_text(encoding="utf-8")
    assert "jamaica-pass-1" not in audit and "trinidad-pass-2" not in audit and '"event": "upload"' in audit
