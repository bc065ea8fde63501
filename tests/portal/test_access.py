"""Who sees what: a focal point only its country's submissions, feedback and files (anything
else is 404, as if it did not exist); the secretariat every member; a researcher the published
figures, exports and report only."""

from __future__ import annotations

import hashlib

import pytest

from tests.portal.conftest import audit_lines, filled_workbook, make_client, signed_in


@pytest.fixture
def jam_upload(portal, tmp_path):
    c, token = signed_in(portal, "ana")
    data = filled_workbook(tmp_path / "jam.xlsx").read_bytes()
    r = c.post("/submissions", data={"csrf_token": token}, files={"file": ("jam.xlsx", data)})
    assert r.status_code == 200
    from ctip.portal.submissions import national_id

    return national_id(hashlib.sha256(data).hexdigest(), "JAM")


def _urls(sid):
    return [f"/submissions/{sid}", f"/submissions/{sid}/annotated.xlsx", f"/submissions/{sid}/file"]


def test_owner_sees_its_submission_and_files(portal, jam_upload):
    c, _ = signed_in(portal, "ana")
    for url in _urls(jam_upload):
        assert c.get(url).status_code == 200, url
    assert c.get(f"/submissions/{jam_upload}/annotated.xlsx").content[:2] == b"PK"
    assert c.get(f"/submissions/{jam_upload}/file").content == (portal["raw"] / "JAM" / "jam.xlsx").read_bytes()
    events = {e["event"] for e in audit_lines(portal)}
    assert {"download_annotated", "download_raw"} <= events


def test_another_focal_point_gets_404_for_every_url(portal, jam_upload):
    c, _ = signed_in(portal, "bob")
    for url in _urls(jam_upload):
        r = c.get(url)
        assert r.status_code == 404, url
        assert "jam.xlsx" not in r.text
    for url in ("/submissions?country=JAM", "/template?country=JAM", "/published?country=JAM"):
        assert "jam.xlsx" not in c.get(url).text
    assert "Trinidad" in c.get("/submissions?country=JAM").text  # the account's country, not the asked one
    # A missing submission answers exactly the same.
    missing = c.get("/submissions/0123456789abcdef")
    other = c.get(f"/submissions/{jam_upload}")
    assert missing.status_code == other.status_code == 404 and missing.text == other.text


@pytest.mark.parametrize("sid", ["../../JAM", "..%2f..%2fraw%2fJAM", "0123456789ABCDEF", "0123456789abcdef0", "%00"])
def test_odd_submission_ids_are_404(portal, jam_upload, sid):
    c, _ = signed_in(portal, "ana")
    assert c.get(f"/submissions/{sid}/file").status_code == 404
    assert c.get(f"/submissions/{sid}").status_code == 404


def test_secretariat_sees_every_member(portal, jam_upload):
    c, _ = signed_in(portal, "sec")
    for url in _urls(jam_upload):
        assert c.get(url).status_code == 200, url
    assert "jam.xlsx" in c.get("/submissions?country=JAM").text
    assert "jam.xlsx" not in c.get("/submissions?country=TTO").text
    assert c.get("/submissions?country=../../etc").status_code == 200  # not a member: ignored


def test_researcher_sees_published_only(portal, jam_upload):
    c, _ = signed_in(portal, "res")
    assert c.get("/submissions").status_code == 403
    for url in _urls(jam_upload) + ["/template"]:
        assert c.get(url).status_code in (403, 404), url
    assert c.get("/published").status_code == 200


def test_template_is_for_the_accounts_country(portal):
    import io

    from openpyxl import load_workbook

    c, _ = signed_in(portal, "marie")
    r = c.get("/template?country=JAM&years=2022-2024")
    assert r.status_code == 200 and "HTI" in r.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames[:2] == ["Instructions", "Données"]  # Haiti: French
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "HTI" in text and "JAM" not in text


def test_exports_only_by_listed_name(portal):
    exports = portal["marts"] / "exports"
    exports.mkdir(parents=True)
    (exports / "mart_country_year.csv").write_text("a,b\n1,2\n")
    (portal["marts"] / "warehouse.duckdb").write_bytes(b"internal")
    c, _ = signed_in(portal, "res")
    assert c.get("/exports/mart_country_year.csv").text == "a,b\n1,2\n"
    for name in ("..%2fwarehouse.duckdb", "../warehouse.duckdb", "%2e%2e%2fwarehouse.duckdb", "warehouse.duckdb"):
        r = c.get(f"/exports/{name}")
        assert r.status_code == 404 and b"internal" not in r.content, name
    focal, _ = signed_in(portal, "ana")
    assert focal.get("/exports/mart_country_year.csv").status_code == 403


def test_report_served_with_its_own_policy(portal):
    report = portal["marts"] / "report"
    report.mkdir(parents=True)
    (report / "index.html").write_text("<html><body>regional trend</body></html>")
    c, _ = signed_in(portal, "ana")
    r = c.get("/report")
    assert r.status_code == 200 and "regional trend" in r.text
    assert "script-src" not in r.headers["content-security-policy"]  # default-src 'none' forbids scripts
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_no_page_is_cached_or_framed(portal):
    c, _ = signed_in(portal, "ana")
    r = c.get("/submissions")
    assert r.headers["cache-control"] == "no-store" and r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert make_client(portal).get("/login").headers["referrer-policy"] == "no-referrer"


def test_template_years_from_the_form(portal):
    import io

    from openpyxl import load_workbook

    c, _ = signed_in(portal, "ana")
    page = c.get("/submissions").text
    assert 'action="/template"' in page and 'name="years"' in page
    r = c.get("/template?years=2019-2020")
    assert r.status_code == 200 and "2019-2020" in r.headers["content-disposition"]
    years = {row[5] for row in load_workbook(io.BytesIO(r.content)).worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert years == {2019, 2020}
    assert "2019-2020" not in c.get("/template?years=../../x").headers["content-disposition"]


def test_published_figures_of_the_accounts_country_only(portal):
    import pandas as pd

    exports = portal["marts"] / "exports"
    exports.mkdir(parents=True)
    pd.DataFrame(
        {
            "country_iso3": ["JAM", "JAM", "TTO"],
            "year": [2019, 2020, 2020],
            "indicator": ["victims_detected"] * 3,
            "total": [50.0, None, 777.0],
            "female": [30.0, None, 400.0],
            "male": [20.0, None, 377.0],
            "children": [None, None, None],
            "adults": [None, None, None],
            "per_100k": [1.83, None, 5.5],
        }
    ).to_parquet(exports / "mart_country_year.parquet", index=False)
    c, _ = signed_in(portal, "ana")
    page = c.get("/published?country=TTO").text
    assert ">50<" in page and ">1.8<" in page and "777" not in page
    csv = c.get("/published.csv?country=TTO").text.splitlines()
    assert csv[0].startswith("year,indicator,total") and len(csv) == 3 and "777" not in "".join(csv)
    assert "/exports/" not in page  # the export files are for the secretariat and researchers
    r, _ = signed_in(portal, "res")
    page = r.get("/published?country=TTO").text
    assert "777" in page and "/exports/mart_country_year.parquet" in page


def test_the_same_bytes_from_another_member_leave_the_first_members_feedback_alone(portal, jam_upload):
    data = (portal["raw"] / "JAM" / "jam.xlsx").read_bytes()  # the very bytes ana sent
    from ctip.portal.submissions import national_id

    assert national_id(hashlib.sha256(data).hexdigest(), "JAM") == jam_upload
    bob, token = signed_in(portal, "bob")
    r = bob.post("/submissions", data={"csrf_token": token}, files={"file": ("copy.xlsx", data)})
    assert r.status_code == 200 and "accepted" in r.text
    assert (portal["raw"] / "TTO" / "copy.xlsx").exists()
    assert f"/submissions/{jam_upload}/annotated.xlsx" not in r.text
    assert bob.get(f"/submissions/{jam_upload}").status_code == 404
    ana, _ = signed_in(portal, "ana")
    assert ana.get(f"/submissions/{jam_upload}").status_code == 200
    assert not (portal["raw"] / ".portal-incoming").exists()
